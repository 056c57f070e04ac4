package dev.lmzip.model.fixed;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * SIMD int8 products with the exact-float trick: int8 values convert to float exactly, their
 * products (|p| ≤ 16129) are exact, and sums stay exact integers while below 2^24 — guaranteed for
 * blocks of ≤ 1024 terms. Inside a block no rounding ever happens, so the order of additions (and
 * the vector width) cannot change the result; blocks are then added as ints.
 *
 * <p>The species are {@code static final}: the Vector API compiles to SIMD instructions only when
 * the species is a constant. So the width is fixed once per JVM, from {@value Int8Kernels#PROPERTY}
 * ({@code 128}, {@code 256}, {@code 512}; anything else means the preferred width, at most 512).
 */
public final class VectorKernels implements Int8Kernels {
    /** Largest number of int8 products whose float sum is guaranteed exact: 1024 * 16129 < 2^24. */
    static final int EXACT_BLOCK = 1024;

    static final VectorSpecies<Float> FLOATS = floatSpecies(System.getProperty(PROPERTY, "auto"));
    private static final int LANES = FLOATS.length();
    /** 128-bit floats have 4 lanes and there is no 32-bit byte species: load 8 bytes, convert two halves. */
    private static final VectorSpecies<Byte> BYTES = LANES <= 8 ? ByteVector.SPECIES_64 : ByteVector.SPECIES_128;
    private static final int STEP = BYTES.length();
    private static final boolean TWO_PARTS = STEP == 2 * LANES;

    private static VectorSpecies<Float> floatSpecies(String p) {
        int max = Math.min(512, FloatVector.SPECIES_PREFERRED.vectorBitSize());
        int bits = switch (p) {
            case "128", "256", "512" -> Integer.parseInt(p);
            default -> max;
        };
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= bits ? switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            default -> FloatVector.SPECIES_512;
        } : FloatVector.SPECIES_128;
    }

    VectorKernels() {
    }

    /** The kernels of the JVM-wide width; fails when a different width is asked for. */
    static VectorKernels withBits(int bits) {
        if (bits != FLOATS.vectorBitSize()) {
            throw new IllegalArgumentException("vector width " + bits + " unavailable: this JVM's width is "
                    + FLOATS.vectorBitSize() + " bits (set -D" + PROPERTY + "=" + bits + " at start-up; the CPU allows up to "
                    + FloatVector.SPECIES_PREFERRED.vectorBitSize() + ")");
        }
        return new VectorKernels();
    }

    static Int8Kernels preferredOrScalar() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 128 ? new VectorKernels() : new ScalarKernels();
    }

    /** Bits of the vector width this JVM uses. */
    public static int bits() {
        return FLOATS.vectorBitSize();
    }

    @Override
    public String name() {
        return "vector-" + FLOATS.vectorBitSize();
    }

    @Override
    public void matmul(byte[] a, int B, int K, MemorySegment w, int n0, int n1, int[] out, int outStride) {
        float[] af = new float[B * K];
        for (int i = 0; i < af.length; i++) {
            af[i] = a[i];
        }
        int vecEnd = K - K % STEP;
        for (int n = n0; n < n1; n++) {
            long row = (long) n * K;
            int b = 0;
            for (; b + 4 <= B; b += 4) {
                dot4(af, b, K, vecEnd, w, row, out, outStride, n);
            }
            if (b + 2 <= B) {
                dot2(af, b, K, vecEnd, w, row, out, outStride, n);
                b += 2;
            }
            if (b < B) {
                out[b * outStride + n] = dot1(af, b * K, K, vecEnd, w, row);
            }
        }
    }

    /** Four activation rows against one weight row: each weight vector is loaded and converted once. */
    private static void dot4(float[] af, int b, int K, int vecEnd, MemorySegment w, long row, int[] out, int stride, int n) {
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        int o0 = b * K;
        int o1 = o0 + K;
        int o2 = o1 + K;
        int o3 = o2 + K;
        for (int start = 0; start < vecEnd; start += EXACT_BLOCK) {
            int end = Math.min(vecEnd, start + EXACT_BLOCK);
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            FloatVector acc3 = FloatVector.zero(FLOATS);
            for (int k = start; k < end; k += STEP) {
                ByteVector wb = ByteVector.fromMemorySegment(BYTES, w, row + k, ByteOrder.LITTLE_ENDIAN);
                FloatVector wv = (FloatVector) wb.convertShape(VectorOperators.B2F, FLOATS, 0);
                acc0 = FloatVector.fromArray(FLOATS, af, o0 + k).fma(wv, acc0);
                acc1 = FloatVector.fromArray(FLOATS, af, o1 + k).fma(wv, acc1);
                acc2 = FloatVector.fromArray(FLOATS, af, o2 + k).fma(wv, acc2);
                acc3 = FloatVector.fromArray(FLOATS, af, o3 + k).fma(wv, acc3);
                if (TWO_PARTS) {
                    int kk = k + LANES;
                    wv = (FloatVector) wb.convertShape(VectorOperators.B2F, FLOATS, 1);
                    acc0 = FloatVector.fromArray(FLOATS, af, o0 + kk).fma(wv, acc0);
                    acc1 = FloatVector.fromArray(FLOATS, af, o1 + kk).fma(wv, acc1);
                    acc2 = FloatVector.fromArray(FLOATS, af, o2 + kk).fma(wv, acc2);
                    acc3 = FloatVector.fromArray(FLOATS, af, o3 + kk).fma(wv, acc3);
                }
            }
            s0 += (int) acc0.reduceLanes(VectorOperators.ADD);
            s1 += (int) acc1.reduceLanes(VectorOperators.ADD);
            s2 += (int) acc2.reduceLanes(VectorOperators.ADD);
            s3 += (int) acc3.reduceLanes(VectorOperators.ADD);
        }
        for (int k = vecEnd; k < K; k++) {
            int wk = w.get(ValueLayout.JAVA_BYTE, row + k);
            s0 += (int) af[o0 + k] * wk;
            s1 += (int) af[o1 + k] * wk;
            s2 += (int) af[o2 + k] * wk;
            s3 += (int) af[o3 + k] * wk;
        }
        out[b * stride + n] = s0;
        out[(b + 1) * stride + n] = s1;
        out[(b + 2) * stride + n] = s2;
        out[(b + 3) * stride + n] = s3;
    }

    /** Two activation rows against one weight row. */
    private static void dot2(float[] af, int b, int K, int vecEnd, MemorySegment w, long row, int[] out, int stride, int n) {
        int s0 = 0;
        int s1 = 0;
        int o0 = b * K;
        int o1 = o0 + K;
        for (int start = 0; start < vecEnd; start += EXACT_BLOCK) {
            int end = Math.min(vecEnd, start + EXACT_BLOCK);
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            for (int k = start; k < end; k += STEP) {
                ByteVector wb = ByteVector.fromMemorySegment(BYTES, w, row + k, ByteOrder.LITTLE_ENDIAN);
                FloatVector wv = (FloatVector) wb.convertShape(VectorOperators.B2F, FLOATS, 0);
                acc0 = FloatVector.fromArray(FLOATS, af, o0 + k).fma(wv, acc0);
                acc1 = FloatVector.fromArray(FLOATS, af, o1 + k).fma(wv, acc1);
                if (TWO_PARTS) {
                    int kk = k + LANES;
                    wv = (FloatVector) wb.convertShape(VectorOperators.B2F, FLOATS, 1);
                    acc0 = FloatVector.fromArray(FLOATS, af, o0 + kk).fma(wv, acc0);
                    acc1 = FloatVector.fromArray(FLOATS, af, o1 + kk).fma(wv, acc1);
                }
            }
            s0 += (int) acc0.reduceLanes(VectorOperators.ADD);
            s1 += (int) acc1.reduceLanes(VectorOperators.ADD);
        }
        for (int k = vecEnd; k < K; k++) {
            int wk = w.get(ValueLayout.JAVA_BYTE, row + k);
            s0 += (int) af[o0 + k] * wk;
            s1 += (int) af[o1 + k] * wk;
        }
        out[b * stride + n] = s0;
        out[(b + 1) * stride + n] = s1;
    }

    private static int dot1(float[] af, int o, int K, int vecEnd, MemorySegment w, long row) {
        int s = 0;
        for (int start = 0; start < vecEnd; start += EXACT_BLOCK) {
            int end = Math.min(vecEnd, start + EXACT_BLOCK);
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int k = start; k < end; k += STEP) {
                ByteVector wb = ByteVector.fromMemorySegment(BYTES, w, row + k, ByteOrder.LITTLE_ENDIAN);
                acc = FloatVector.fromArray(FLOATS, af, o + k).fma((FloatVector) wb.convertShape(VectorOperators.B2F, FLOATS, 0), acc);
                if (TWO_PARTS) {
                    acc = FloatVector.fromArray(FLOATS, af, o + k + LANES)
                            .fma((FloatVector) wb.convertShape(VectorOperators.B2F, FLOATS, 1), acc);
                }
            }
            s += (int) acc.reduceLanes(VectorOperators.ADD);
        }
        for (int k = vecEnd; k < K; k++) {
            s += (int) af[o + k] * w.get(ValueLayout.JAVA_BYTE, row + k);
        }
        return s;
    }
}
