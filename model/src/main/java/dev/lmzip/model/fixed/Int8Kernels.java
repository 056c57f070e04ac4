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
     * {@code out[b * outStride + n] = Σ_k a[b * K + k] * W[n][k]} for the rows {@code n} of panels
     * {@code [p0, p1)} below {@code rows} and {@code b} in {@code [0, B)}, where {@code w} holds
     * {@code W} in panels ({@link PanelLinear}: {@code W[n][k]} at {@code (n / 16) * 16 * K + k * 16 + n % 16});
     * values of {@code a} and {@code W} lie in [-127, 127], so with K ≤ 2^17 every sum fits an int exactly.
     */
    void matmul(byte[] a, int B, int K, MemorySegment w, int p0, int p1, int rows, int[] out, int outStride);

    /**
     * The epilogue of a linear layer, rows {@code [from, to)} of one activation row with int8 scale
     * {@code am}: {@code out[at + r] = saturate(roundDiv(floor(acc[at + r] * am * mult[r] / 2^(shift[r] - 8)),
     * 127 * 256) + bias[r])} (no bias when {@code bias} is null), as {@link Fixed} defines each step.
     */
    default void rescale(int[] acc, int at, int from, int to, long am, int[] mult, byte[] shift, int[] bias, int[] out) {
        for (int r = from; r < to; r++) {
            long t = Fixed.mulShr(acc[at + r] * am, mult[r], shift[r] - 8);
            long y = Fixed.roundDiv(t, 127L * 256L);
            if (bias != null) {
                y += bias[r];
            }
            out[at + r] = Fixed.saturate(y);
        }
    }

    /**
     * Symmetric int8 quantization of {@code x[at, at + len)} with scale {@code scale} (1 to 2^31 - 1):
     * {@code q[qAt + i] = clamp(roundDiv(127 * x[at + i], scale), ±127)}.
     */
    default void quantize(int[] x, int at, int len, long scale, byte[] q, int qAt) {
        for (int i = 0; i < len; i++) {
            q[qAt + i] = (byte) Fixed.clamp(Fixed.roundDiv(x[at + i] * 127L, scale), 127);
        }
    }

    /**
     * Attention scores of one query head: {@code score[j] = roundDiv(floor(dots[j] * aq * kMax[kAt + j] / 2^12),
     * 127 * 127)} for {@code j < count} ({@code aq >= 0}, the query's scale over the root of the head
     * size in Q12); returns the largest ({@code Long.MIN_VALUE} when {@code count} is 0).
     */
    default long scores(int[] dots, long aq, int[] kMax, int kAt, int count, long[] score) {
        return scoreRange(dots, aq, kMax, kAt, 0, count, score);
    }

    /** {@link #scores} over positions {@code [from, to)} only: the definition. */
    static long scoreRange(int[] dots, long aq, int[] kMax, int kAt, int from, int to, long[] score) {
        long max = Long.MIN_VALUE;
        for (int j = from; j < to; j++) {
            long sc = Fixed.roundDiv(Fixed.mulShr((long) dots[j] * aq, kMax[kAt + j], Fixed.ACT_FRAC), 127L * 127L);
            score[j] = sc;
            max = Math.max(max, sc);
        }
        return max;
    }

    /**
     * Attention scores: {@code out[j] = Σ_e q[e] * k[kAt + j * stride + e]} for {@code j} in
     * {@code [0, count)}, {@code e} in {@code [0, len)}; int8 values, so every sum is exact.
     */
    default void dotRows(byte[] q, byte[] k, int kAt, int stride, int count, int len, int[] out) {
        for (int j = 0; j < count; j++) {
            int at = kAt + j * stride;
            int dot = 0;
            for (int e = 0; e < len; e++) {
                dot += q[e] * k[at + e];
            }
            out[j] = dot;
        }
    }

    /**
     * Attention values: {@code acc[x] += coef[j] * v[vAt + j * stride + x]} for {@code j} in
     * {@code [0, count)}, {@code x} in {@code [0, len)}; the caller keeps every sum within a long.
     */
    default void accumulateRows(long[] coef, byte[] v, int vAt, int stride, int count, int len, long[] acc) {
        for (int j = 0; j < count; j++) {
            long c = coef[j];
            if (c == 0) {
                continue;
            }
            int at = vAt + j * stride;
            for (int x = 0; x < len; x++) {
                acc[x] += c * v[at + x];
            }
        }
    }

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
