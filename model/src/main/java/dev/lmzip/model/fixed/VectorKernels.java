package dev.lmzip.model.fixed;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
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
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    /** Rows of one batch-1 pass: four vectors of LANES rows (four panels at 512 bits, one at 128). */
    private static final int GROUP = 4 * LANES;
    /** Which part of a panel's 16 bytes each of the four vectors of a group converts. */
    private static final int PART0 = 0;
    private static final int PART1 = LANES % PanelLinear.ROWS / LANES;
    private static final int PART2 = 2 * LANES % PanelLinear.ROWS / LANES;
    private static final int PART3 = 3 * LANES % PanelLinear.ROWS / LANES;
    private static final int STEP = BYTES.length();
    private static final boolean TWO_PARTS = STEP == 2 * LANES;
    /** Longs of the same width, for the attention value sums (8 bytes are widened per load). */
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED.vectorBitSize() >= FLOATS.vectorBitSize()
            ? VectorSpecies.of(long.class, FLOATS.vectorShape()) : LongVector.SPECIES_128;
    private static final int LONG_PARTS = 8 / LONGS.length();
    /** The vector epilogue needs eight 64-bit lanes (AVX-512: 64-bit multiplies, shifts and conversions). */
    private static final boolean RESCALE_LANES = LONGS.length() == 8;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_512;

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
    public void matmul(byte[] a, int B, int K, MemorySegment w, int p0, int p1, int rows, int[] out, int outStride) {
        float[] af = new float[B * K];
        for (int i = 0; i < af.length; i++) {
            af[i] = a[i];
        }
        int end = Math.min(rows, p1 * PanelLinear.ROWS);
        int quads = B - B % 4;
        for (int b = 0; b < quads; b += 4) {
            for (int p = p0; p < p1; p++) {
                panel4(af, b, K, w, p, end, out, outStride);
            }
        }
        // the remaining activation rows (the one row of a batch-1 decode step) go GROUP rows at a
        // time: four independent accumulator chains that share each broadcast activation
        for (int b = quads; b < B; b++) {
            int n = p0 * PanelLinear.ROWS;
            for (; n + GROUP <= end; n += GROUP) {
                group1(af, b * K, K, w, n, out, b * outStride + n);
            }
            for (; n < end; n += LANES) {
                unit1(af, b * K, K, w, n, end, out, b * outStride);
            }
        }
    }

    /** Where the column-{@code k} weights of the {@code LANES} rows from {@code n} (a multiple of LANES) begin. */
    private static long unitAt(int n, int K, int k) {
        return (long) (n / PanelLinear.ROWS) * PanelLinear.ROWS * K + (long) k * PanelLinear.ROWS;
    }

    /** The floats of {@code LANES} weights: part {@code part} of the 16 bytes at {@code at}. */
    private static FloatVector wvec(MemorySegment w, long at, int part) {
        ByteVector wb = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, w, at, ByteOrder.LITTLE_ENDIAN);
        return (FloatVector) wb.convertShape(VectorOperators.B2F, FLOATS, part);
    }

    /** Adds (or, for the first block, stores) one block's exact float sums as ints. */
    private static void store(FloatVector acc, int[] out, int at, boolean first, VectorMask<Integer> valid) {
        IntVector v = (IntVector) acc.convertShape(VectorOperators.F2I, INTS, 0);
        if (!first) {
            v = v.add(IntVector.fromArray(INTS, out, at, valid));
        }
        v.intoArray(out, at, valid);
    }

    /** One activation row against the {@code GROUP} rows from {@code n}, which all exist. */
    private static void group1(float[] af, int o, int K, MemorySegment w, int n, int[] out, int outAt) {
        VectorMask<Integer> all = INTS.maskAll(true);
        for (int start = 0; start < K; start += EXACT_BLOCK) {
            int blockEnd = Math.min(K, start + EXACT_BLOCK);
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            FloatVector acc3 = FloatVector.zero(FLOATS);
            for (int k = start; k < blockEnd; k++) {
                FloatVector x = FloatVector.broadcast(FLOATS, af[o + k]);
                acc0 = x.fma(wvec(w, unitAt(n, K, k), PART0), acc0);
                acc1 = x.fma(wvec(w, unitAt(n + LANES, K, k), PART1), acc1);
                acc2 = x.fma(wvec(w, unitAt(n + 2 * LANES, K, k), PART2), acc2);
                acc3 = x.fma(wvec(w, unitAt(n + 3 * LANES, K, k), PART3), acc3);
            }
            boolean first = start == 0;
            store(acc0, out, outAt, first, all);
            store(acc1, out, outAt + LANES, first, all);
            store(acc2, out, outAt + 2 * LANES, first, all);
            store(acc3, out, outAt + 3 * LANES, first, all);
        }
    }

    /**
     * One activation row against the {@code LANES} rows from {@code n} (those below {@code end}): the
     * rows left after the groups, four columns at a time in four chains.
     */
    private static void unit1(float[] af, int o, int K, MemorySegment w, int n, int end, int[] out, int outAt) {
        VectorMask<Integer> valid = INTS.indexInRange(0, end - n);
        int part = n % PanelLinear.ROWS / LANES;
        for (int start = 0; start < K; start += EXACT_BLOCK) {
            int blockEnd = Math.min(K, start + EXACT_BLOCK);
            int quadEnd = start + (blockEnd - start) / 4 * 4;
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            FloatVector acc3 = FloatVector.zero(FLOATS);
            int k = start;
            for (; k < quadEnd; k += 4) {
                long at = unitAt(n, K, k);
                acc0 = FloatVector.broadcast(FLOATS, af[o + k]).fma(wvecAnyPart(w, at, part), acc0);
                acc1 = FloatVector.broadcast(FLOATS, af[o + k + 1]).fma(wvecAnyPart(w, at + PanelLinear.ROWS, part), acc1);
                acc2 = FloatVector.broadcast(FLOATS, af[o + k + 2]).fma(wvecAnyPart(w, at + 2 * PanelLinear.ROWS, part), acc2);
                acc3 = FloatVector.broadcast(FLOATS, af[o + k + 3]).fma(wvecAnyPart(w, at + 3 * PanelLinear.ROWS, part), acc3);
            }
            for (; k < blockEnd; k++) {
                acc0 = FloatVector.broadcast(FLOATS, af[o + k]).fma(wvecAnyPart(w, unitAt(n, K, k), part), acc0);
            }
            // every partial sum is an exact integer and so is their total (at most EXACT_BLOCK products)
            store(acc0.add(acc1).add(acc2.add(acc3)), out, outAt + n, start == 0, valid);
        }
    }

    private static FloatVector wvecAnyPart(MemorySegment w, long at, int part) {
        if (LANES == PanelLinear.ROWS) {
            return wvec(w, at, 0);
        }
        return switch (part) {
            case 0 -> wvec(w, at, 0);
            case 1 -> wvec(w, at, 1);
            case 2 -> wvec(w, at, 2);
            default -> wvec(w, at, 3);
        };
    }

    /** Four activation rows against panel {@code p} (its rows below {@code end}): each weight vector is loaded and converted once. */
    private static void panel4(float[] af, int b, int K, MemorySegment w, int p, int end, int[] out, int stride) {
        int o0 = b * K;
        for (int u = 0; u < PanelLinear.ROWS / LANES; u++) {
            int n = p * PanelLinear.ROWS + u * LANES;
            if (n >= end) {
                return;
            }
            VectorMask<Integer> valid = INTS.indexInRange(0, end - n);
            for (int start = 0; start < K; start += EXACT_BLOCK) {
                int blockEnd = Math.min(K, start + EXACT_BLOCK);
                FloatVector acc0 = FloatVector.zero(FLOATS);
                FloatVector acc1 = FloatVector.zero(FLOATS);
                FloatVector acc2 = FloatVector.zero(FLOATS);
                FloatVector acc3 = FloatVector.zero(FLOATS);
                for (int k = start; k < blockEnd; k++) {
                    FloatVector wv = wvecAnyPart(w, unitAt(n, K, k), u);
                    acc0 = FloatVector.broadcast(FLOATS, af[o0 + k]).fma(wv, acc0);
                    acc1 = FloatVector.broadcast(FLOATS, af[o0 + K + k]).fma(wv, acc1);
                    acc2 = FloatVector.broadcast(FLOATS, af[o0 + 2 * K + k]).fma(wv, acc2);
                    acc3 = FloatVector.broadcast(FLOATS, af[o0 + 3 * K + k]).fma(wv, acc3);
                }
                boolean first = start == 0;
                store(acc0, out, b * stride + n, first, valid);
                store(acc1, out, (b + 1) * stride + n, first, valid);
                store(acc2, out, (b + 2) * stride + n, first, valid);
                store(acc3, out, (b + 3) * stride + n, first, valid);
            }
        }
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

    /**
     * Eight rows at a time in 64-bit lanes (512-bit longs only; other widths use the scalar loop).
     * {@code floor(P * mult / 2^s)} of the 128-bit product, {@code P = acc * am} (|P| < 2^62), from
     * two 62-bit ones: {@code P = Ph * 2^31 + Pl} with {@code 0 <= Pl < 2^31}, {@code X = Ph * mult},
     * {@code Y = Pl * mult >= 0}; then {@code floor((X * 2^31 + Y) / 2^s)} is
     * {@code (X + (Y >> 31)) >> (s - 31)} for {@code s >= 31} and {@code (X << (31 - s)) + (Y >> s)} below
     * — modulo 2^64 where the quotient does not fit a long, which is what {@link Fixed#mulShr} returns
     * too. Then the rounded division by 32,512 ({@link #roundDiv(LongVector, long)}).
     */
    @Override
    public void rescale(int[] acc, int at, int from, int to, long am, int[] mult, byte[] shift, int[] bias, int[] out) {
        int r = from;
        if (RESCALE_LANES) {
            for (; r + 8 <= to; r += 8) {
                LongVector a = (LongVector) IntVector.fromArray(IntVector.SPECIES_256, acc, at + r)
                        .convertShape(VectorOperators.I2L, LONGS, 0);
                LongVector m = (LongVector) IntVector.fromArray(IntVector.SPECIES_256, mult, r)
                        .convertShape(VectorOperators.I2L, LONGS, 0);
                LongVector s = ((LongVector) ByteVector.fromArray(ByteVector.SPECIES_64, shift, r)
                        .convertShape(VectorOperators.B2L, LONGS, 0)).sub(8);
                LongVector p = a.mul(am);
                LongVector x = p.lanewise(VectorOperators.ASHR, 31).mul(m);
                LongVector y = p.and(0x7FFF_FFFFL).mul(m);
                VectorMask<Long> high = s.compare(VectorOperators.GE, 31);
                LongVector low = x.lanewise(VectorOperators.LSHL, s.neg().add(31))
                        .add(y.lanewise(VectorOperators.ASHR, s));
                // (shift counts outside [0, 63] wrap; the lanes they touch are blended away)
                LongVector t = x.add(y.lanewise(VectorOperators.ASHR, 31)).lanewise(VectorOperators.ASHR, s.sub(31))
                        .blend(low, high.not());
                LongVector q = roundDiv(t, 127 * 256);
                if (bias != null) {
                    q = q.add((LongVector) IntVector.fromArray(IntVector.SPECIES_256, bias, r)
                            .convertShape(VectorOperators.I2L, LONGS, 0));
                }
                q = q.max(Integer.MIN_VALUE).min(Integer.MAX_VALUE);
                ((IntVector) q.convertShape(VectorOperators.L2I, IntVector.SPECIES_256, 0)).intoArray(out, at + r);
            }
        }
        Int8Kernels.super.rescale(acc, at, r, to, am, mult, shift, bias, out);
    }

    /**
     * {@link Fixed#roundDiv} lane by lane for {@code |t| < 2^62} and {@code 0 < d < 2^31}:
     * {@code sign(t) * floor((|t| + d/2) / d)} from the truncated double quotient, which is off by at
     * most one below 2^62, corrected with the exact remainder.
     */
    private static LongVector roundDiv(LongVector t, long d) {
        VectorMask<Long> negative = t.compare(VectorOperators.LT, 0);
        LongVector u = t.abs().add(d >> 1);
        LongVector q = (LongVector) ((DoubleVector) u.convertShape(VectorOperators.L2D, DOUBLES, 0)).div((double) d)
                .convertShape(VectorOperators.D2L, LONGS, 0);
        LongVector rem = u.sub(q.mul(d));
        return q.lanewise(VectorOperators.SUB, 1, rem.compare(VectorOperators.LT, 0))
                .lanewise(VectorOperators.ADD, 1, rem.compare(VectorOperators.GE, d))
                .lanewise(VectorOperators.NEG, negative);
    }

    /**
     * Eight values at a time in doubles (512-bit only): {@code u = 127·|x| + scale/2 < 2^38} is exact,
     * so is the remainder {@code u - q·scale} of the truncated double quotient, which corrects it to
     * {@code floor(u / scale)}; then the sign and the clamp.
     */
    @Override
    public void quantize(int[] x, int at, int len, long scale, byte[] q, int qAt) {
        int i = 0;
        if (RESCALE_LANES) {
            double d = scale;
            double half = scale >> 1;
            for (; i + 8 <= len; i += 8) {
                DoubleVector xd = (DoubleVector) IntVector.fromArray(IntVector.SPECIES_256, x, at + i)
                        .convertShape(VectorOperators.I2D, DOUBLES, 0);
                DoubleVector u = xd.abs().mul(127.0).add(half);
                DoubleVector quot = (DoubleVector) u.div(d).convertShape(VectorOperators.D2L, LONGS, 0)
                        .convertShape(VectorOperators.L2D, DOUBLES, 0);
                DoubleVector rem = u.sub(quot.mul(d));
                quot = quot.lanewise(VectorOperators.SUB, 1.0, rem.compare(VectorOperators.LT, 0.0))
                        .lanewise(VectorOperators.ADD, 1.0, rem.compare(VectorOperators.GE, d))
                        .min(127.0);
                quot = quot.lanewise(VectorOperators.NEG, xd.compare(VectorOperators.LT, 0.0));
                quot.convertShape(VectorOperators.D2B, ByteVector.SPECIES_64, 0).reinterpretAsBytes().intoArray(q, qAt + i);
            }
        }
        Int8Kernels.super.quantize(x, at + i, len - i, scale, q, qAt + i);
    }

    /**
     * Eight positions at a time in 64-bit lanes (512-bit only): where {@code |dots * aq| < 2^40} and
     * {@code 0 <= kMax < 2^23} (always, for keys saturated at {@link Engine#QKV_MAX} and heads below 256
     * values) the product fits a long and the floor is a shift; eight positions outside take the
     * scalar loop. Then the rounded division by 16,129.
     */
    @Override
    public long scores(int[] dots, long aq, int[] kMax, int kAt, int count, long[] score) {
        int j = 0;
        long max = Long.MIN_VALUE;
        if (RESCALE_LANES) {
            LongVector most = LongVector.broadcast(LONGS, Long.MIN_VALUE);
            for (; j + 8 <= count; j += 8) {
                LongVector p = ((LongVector) IntVector.fromArray(IntVector.SPECIES_256, dots, j)
                        .convertShape(VectorOperators.I2L, LONGS, 0)).mul(aq);
                LongVector k = (LongVector) IntVector.fromArray(IntVector.SPECIES_256, kMax, kAt + j)
                        .convertShape(VectorOperators.I2L, LONGS, 0);
                if (p.abs().compare(VectorOperators.GE, 1L << 40).or(k.compare(VectorOperators.LT, 0))
                        .or(k.compare(VectorOperators.GE, 1L << 23)).anyTrue()) {
                    max = Math.max(max, Int8Kernels.scoreRange(dots, aq, kMax, kAt, j, j + 8, score));
                    continue;
                }
                LongVector q = roundDiv(p.mul(k).lanewise(VectorOperators.ASHR, Fixed.ACT_FRAC), 127 * 127);
                q.intoArray(score, j);
                most = most.max(q);
            }
            max = Math.max(max, most.reduceLanes(VectorOperators.MAX));
        }
        return Math.max(max, Int8Kernels.scoreRange(dots, aq, kMax, kAt, j, count, score));
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
        int x = 0;
        if (LONG_PARTS == 1) {
            // 32 value columns at a time: one 32-byte load and one coefficient per position feed four sums
            for (; x + 32 <= len; x += 32) {
                LongVector sum0 = LongVector.fromArray(LONGS, acc, x);
                LongVector sum1 = LongVector.fromArray(LONGS, acc, x + 8);
                LongVector sum2 = LongVector.fromArray(LONGS, acc, x + 16);
                LongVector sum3 = LongVector.fromArray(LONGS, acc, x + 24);
                for (int j = 0; j < count; j++) {
                    long c = coef[j];
                    if (c == 0) {
                        continue;
                    }
                    ByteVector vb = ByteVector.fromArray(ByteVector.SPECIES_256, v, vAt + j * stride + x);
                    sum0 = ((LongVector) vb.convertShape(VectorOperators.B2L, LONGS, 0)).mul(c).add(sum0);
                    sum1 = ((LongVector) vb.convertShape(VectorOperators.B2L, LONGS, 1)).mul(c).add(sum1);
                    sum2 = ((LongVector) vb.convertShape(VectorOperators.B2L, LONGS, 2)).mul(c).add(sum2);
                    sum3 = ((LongVector) vb.convertShape(VectorOperators.B2L, LONGS, 3)).mul(c).add(sum3);
                }
                sum0.intoArray(acc, x);
                sum1.intoArray(acc, x + 8);
                sum2.intoArray(acc, x + 16);
                sum3.intoArray(acc, x + 24);
            }
        }
        for (; x < len; x += 8) {
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
}
