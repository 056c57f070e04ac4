package dev.lmzip.model.fixed;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
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
    /** Longs of the same width, for the attention value sums (8 bytes are widened per load). */
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED.vectorBitSize() >= FLOATS.vectorBitSize()
            ? VectorSpecies.of(long.class, FLOATS.vectorShape()) : LongVector.SPECIES_128;
    private static final int LONG_PARTS = 8 / LONGS.length();

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
        int quads = B - B % 4;
        if (quads > 0) {
            for (int n = n0; n < n1; n++) {
                long row = (long) n * K;
                for (int b = 0; b < quads; b += 4) {
                    dot4(af, b, K, vecEnd, w, row, out, outStride, n);
                }
            }
        }
        // the remaining activation rows (all of them in a batch-1 decode step) go four weight rows
        // at a time: four independent accumulator chains instead of one
        for (int b = quads; b < B; b++) {
            int n = n0;
            for (; n + 4 <= n1; n += 4) {
                dot1x4(af, b * K, K, vecEnd, w, n, out, b * outStride);
            }
            for (; n < n1; n++) {
                out[b * outStride + n] = dot1(af, b * K, K, vecEnd, w, (long) n * K);
            }
        }
    }

    /** One activation row against weight rows n..n+3. */
    private static void dot1x4(float[] af, int o, int K, int vecEnd, MemorySegment w, int n, int[] out, int outAt) {
        long r0 = (long) n * K;
        long r1 = r0 + K;
        long r2 = r1 + K;
        long r3 = r2 + K;
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        for (int start = 0; start < vecEnd; start += EXACT_BLOCK) {
            int end = Math.min(vecEnd, start + EXACT_BLOCK);
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            FloatVector acc3 = FloatVector.zero(FLOATS);
            for (int k = start; k < end; k += STEP) {
                FloatVector a = FloatVector.fromArray(FLOATS, af, o + k);
                acc0 = a.fma(wvec(w, r0 + k, 0), acc0);
                acc1 = a.fma(wvec(w, r1 + k, 0), acc1);
                acc2 = a.fma(wvec(w, r2 + k, 0), acc2);
                acc3 = a.fma(wvec(w, r3 + k, 0), acc3);
                if (TWO_PARTS) {
                    FloatVector a2 = FloatVector.fromArray(FLOATS, af, o + k + LANES);
                    acc0 = a2.fma(wvec(w, r0 + k, 1), acc0);
                    acc1 = a2.fma(wvec(w, r1 + k, 1), acc1);
                    acc2 = a2.fma(wvec(w, r2 + k, 1), acc2);
                    acc3 = a2.fma(wvec(w, r3 + k, 1), acc3);
                }
            }
            s0 += (int) acc0.reduceLanes(VectorOperators.ADD);
            s1 += (int) acc1.reduceLanes(VectorOperators.ADD);
            s2 += (int) acc2.reduceLanes(VectorOperators.ADD);
            s3 += (int) acc3.reduceLanes(VectorOperators.ADD);
        }
        for (int k = vecEnd; k < K; k++) {
            float a = af[o + k];
            s0 += (int) a * w.get(ValueLayout.JAVA_BYTE, r0 + k);
            s1 += (int) a * w.get(ValueLayout.JAVA_BYTE, r1 + k);
            s2 += (int) a * w.get(ValueLayout.JAVA_BYTE, r2 + k);
            s3 += (int) a * w.get(ValueLayout.JAVA_BYTE, r3 + k);
        }
        out[outAt + n] = s0;
        out[outAt + n + 1] = s1;
        out[outAt + n + 2] = s2;
        out[outAt + n + 3] = s3;
    }

    private static FloatVector wvec(MemorySegment w, long at, int part) {
        ByteVector wb = ByteVector.fromMemorySegment(BYTES, w, at, ByteOrder.LITTLE_ENDIAN);
        return (FloatVector) wb.convertShape(VectorOperators.B2F, FLOATS, part);
    }

    @Override
    public void dotRows(byte[] q, byte[] k, int kAt, int stride, int count, int len, int[] out) {
        if (len % STEP != 0 || len > EXACT_BLOCK) {
            Int8Kernels.super.dotRows(q, k, kAt, stride, count, len, out);
            return;
        }
        float[] qf = new float[len];
        for (int e = 0; e < len; e++) {
            qf[e] = q[e];
        }
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            int a0 = kAt + j * stride;
            int a1 = a0 + stride;
            int a2 = a1 + stride;
            int a3 = a2 + stride;
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            FloatVector acc3 = FloatVector.zero(FLOATS);
            for (int e = 0; e < len; e += STEP) {
                FloatVector qv = FloatVector.fromArray(FLOATS, qf, e);
                acc0 = qv.fma(kvec(k, a0 + e, 0), acc0);
                acc1 = qv.fma(kvec(k, a1 + e, 0), acc1);
                acc2 = qv.fma(kvec(k, a2 + e, 0), acc2);
                acc3 = qv.fma(kvec(k, a3 + e, 0), acc3);
                if (TWO_PARTS) {
                    FloatVector qv2 = FloatVector.fromArray(FLOATS, qf, e + LANES);
                    acc0 = qv2.fma(kvec(k, a0 + e, 1), acc0);
                    acc1 = qv2.fma(kvec(k, a1 + e, 1), acc1);
                    acc2 = qv2.fma(kvec(k, a2 + e, 1), acc2);
                    acc3 = qv2.fma(kvec(k, a3 + e, 1), acc3);
                }
            }
            out[j] = (int) acc0.reduceLanes(VectorOperators.ADD);
            out[j + 1] = (int) acc1.reduceLanes(VectorOperators.ADD);
            out[j + 2] = (int) acc2.reduceLanes(VectorOperators.ADD);
            out[j + 3] = (int) acc3.reduceLanes(VectorOperators.ADD);
        }
        for (; j < count; j++) {
            int at = kAt + j * stride;
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int e = 0; e < len; e += STEP) {
                acc = FloatVector.fromArray(FLOATS, qf, e).fma(kvec(k, at + e, 0), acc);
                if (TWO_PARTS) {
                    acc = FloatVector.fromArray(FLOATS, qf, e + LANES).fma(kvec(k, at + e, 1), acc);
                }
            }
            out[j] = (int) acc.reduceLanes(VectorOperators.ADD);
        }
    }

    /** Cache rows are Java arrays, weights are mapped segments: separate loads keep both paths monomorphic. */
    private static FloatVector kvec(byte[] k, int at, int part) {
        return (FloatVector) ByteVector.fromArray(BYTES, k, at).convertShape(VectorOperators.B2F, FLOATS, part);
    }

    @Override
    public void accumulateRows(long[] coef, byte[] v, int vAt, int stride, int count, int len, long[] acc) {
        if (len % 8 != 0 || LONG_PARTS > 2) {
            Int8Kernels.super.accumulateRows(coef, v, vAt, stride, count, len, acc);
            return;
        }
        int lanes = LONGS.length();
        for (int x = 0; x < len; x += 8) {
            // 8 value columns at a time, kept in registers across all positions
            LongVector sum0 = LongVector.fromArray(LONGS, acc, x);
            LongVector sum1 = LONG_PARTS == 2 ? LongVector.fromArray(LONGS, acc, x + lanes) : null;
            for (int j = 0; j < count; j++) {
                long c = coef[j];
                if (c == 0) {
                    continue;
                }
                ByteVector vb = ByteVector.fromArray(ByteVector.SPECIES_64, v, vAt + j * stride + x);
                sum0 = ((LongVector) vb.convertShape(VectorOperators.B2L, LONGS, 0)).mul(c).add(sum0);
                if (LONG_PARTS == 2) {
                    sum1 = ((LongVector) vb.convertShape(VectorOperators.B2L, LONGS, 1)).mul(c).add(sum1);
                }
            }
            sum0.intoArray(acc, x);
            if (LONG_PARTS == 2) {
                sum1.intoArray(acc, x + lanes);
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
