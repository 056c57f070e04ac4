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
 */
public final class VectorKernels implements Int8Kernels {
    /** Largest number of int8 products whose float sum is guaranteed exact: 1024 * 16129 < 2^24. */
    static final int EXACT_BLOCK = 1024;

    private final VectorSpecies<Float> floats;
    private final VectorSpecies<Byte> bytes;
    private final int lanes;
    /** Bytes loaded per step: one float vector's worth, or two for 128-bit floats (no 32-bit byte species). */
    private final int step;

    private VectorKernels(VectorSpecies<Float> floats) {
        this.floats = floats;
        this.lanes = floats.length();
        this.bytes = lanes <= 8 ? ByteVector.SPECIES_64 : ByteVector.SPECIES_128;
        this.step = bytes.length();
    }

    static VectorKernels withBits(int bits) {
        VectorSpecies<Float> s = switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("vector width " + bits);
        };
        if (s.vectorBitSize() > FloatVector.SPECIES_MAX.vectorBitSize()) {
            throw new IllegalArgumentException("this CPU/JVM supports vectors of at most "
                    + FloatVector.SPECIES_MAX.vectorBitSize() + " bits, not " + bits);
        }
        return new VectorKernels(s);
    }

    static Int8Kernels preferredOrScalar() {
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        return bits >= 128 ? withBits(Math.min(bits, 512)) : new ScalarKernels();
    }

    @Override
    public String name() {
        return "vector-" + floats.vectorBitSize();
    }

    @Override
    public void matmul(byte[] a, int B, int K, MemorySegment w, int n0, int n1, int[] out, int outStride) {
        float[] af = new float[B * K];
        for (int i = 0; i < af.length; i++) {
            af[i] = a[i];
        }
        int vecEnd = K - K % step;
        for (int n = n0; n < n1; n++) {
            long row = (long) n * K;
            int b = 0;
            for (; b + 4 <= B; b += 4) {
                dot4(af, b, K, vecEnd, w, row, out, outStride, n);
            }
            for (; b < B; b++) {
                out[b * outStride + n] = dot1(af, b * K, K, vecEnd, w, row);
            }
        }
    }

    /** Four activation rows against one weight row: each weight vector is loaded and converted once. */
    private void dot4(float[] af, int b, int K, int vecEnd, MemorySegment w, long row, int[] out, int stride, int n) {
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
            FloatVector acc0 = FloatVector.zero(floats);
            FloatVector acc1 = FloatVector.zero(floats);
            FloatVector acc2 = FloatVector.zero(floats);
            FloatVector acc3 = FloatVector.zero(floats);
            for (int k = start; k < end; k += step) {
                ByteVector wb = ByteVector.fromMemorySegment(bytes, w, row + k, ByteOrder.LITTLE_ENDIAN);
                for (int part = 0, kk = k; kk < k + step; part++, kk += lanes) {
                    FloatVector wv = (FloatVector) wb.convertShape(VectorOperators.B2F, floats, part);
                    acc0 = FloatVector.fromArray(floats, af, o0 + kk).fma(wv, acc0);
                    acc1 = FloatVector.fromArray(floats, af, o1 + kk).fma(wv, acc1);
                    acc2 = FloatVector.fromArray(floats, af, o2 + kk).fma(wv, acc2);
                    acc3 = FloatVector.fromArray(floats, af, o3 + kk).fma(wv, acc3);
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

    private int dot1(float[] af, int o, int K, int vecEnd, MemorySegment w, long row) {
        int s = 0;
        for (int start = 0; start < vecEnd; start += EXACT_BLOCK) {
            int end = Math.min(vecEnd, start + EXACT_BLOCK);
            FloatVector acc = FloatVector.zero(floats);
            for (int k = start; k < end; k += step) {
                ByteVector wb = ByteVector.fromMemorySegment(bytes, w, row + k, ByteOrder.LITTLE_ENDIAN);
                for (int part = 0, kk = k; kk < k + step; part++, kk += lanes) {
                    FloatVector wv = (FloatVector) wb.convertShape(VectorOperators.B2F, floats, part);
                    acc = FloatVector.fromArray(floats, af, o + kk).fma(wv, acc);
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
