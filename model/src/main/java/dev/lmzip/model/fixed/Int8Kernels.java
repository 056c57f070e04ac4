package dev.lmzip.model.fixed;

import java.lang.foreign.MemorySegment;

/**
 * The one hot loop of the engine: exact int8 matrix products. Implementations differ in speed
 * only; every one returns the same integers, so the choice (made once, see
 * {@link #select()}) never changes a probability.
 */
public interface Int8Kernels {
    /** Property that forces an implementation: {@code scalar}, {@code 128}, {@code 256}, {@code 512} or {@code auto}. */
    String PROPERTY = "lmzip.kernels";

    String name();

    /**
     * {@code out[b * outStride + n] = Σ_k a[b * K + k] * w[n * K + k]} for {@code n} in
     * {@code [n0, n1)} and {@code b} in {@code [0, B)}; values of {@code a} and {@code w} lie in
     * [-127, 127], so with K ≤ 2^17 every sum fits an int exactly.
     */
    void matmul(byte[] a, int B, int K, MemorySegment w, int n0, int n1, int[] out, int outStride);

    /**
     * The implementation chosen by {@value #PROPERTY} (default {@code auto}: the widest vector
     * species up to 512 bits). A vector width is fixed per JVM at start-up (see {@link VectorKernels}).
     */
    static Int8Kernels select() {
        String p = System.getProperty(PROPERTY, "auto");
        return switch (p) {
            case "scalar" -> new ScalarKernels();
            case "128", "256", "512" -> VectorKernels.withBits(Integer.parseInt(p));
            case "auto" -> VectorKernels.preferredOrScalar();
            default -> throw new IllegalArgumentException(PROPERTY + "=" + p + " is not one of scalar, 128, 256, 512, auto");
        };
    }
}
