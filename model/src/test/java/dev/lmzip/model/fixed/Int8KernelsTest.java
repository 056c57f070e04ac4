package dev.lmzip.model.fixed;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SIMD kernels return exactly the integers of the scalar definitions, at every size and extreme value. */
class Int8KernelsTest {
    private final Int8Kernels vector = Int8Kernels.select();
    private final Int8Kernels scalar = new ScalarKernels();

    private static byte[] bytes(SplittableRandom r, int n, boolean extreme) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (extreme ? (r.nextBoolean() ? 127 : -127) : r.nextInt(-127, 128));
        }
        return b;
    }

    /** The scalar kernel against the definition on a row-major matrix (an oracle independent of the panel layout). */
    @Test
    void matmulMatchesTheDefinition() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 100; trial++) {
            int batch = 1 + r.nextInt(6);
            int k = 1 + r.nextInt(trial < 80 ? 300 : 2100);
            int rows = 1 + r.nextInt(40);
            byte[] a = bytes(r, batch * k, trial % 7 == 0);
            byte[] w = bytes(r, rows * k, trial % 7 == 0);
            PanelLinear panels = PanelLinear.of(new QLinear(rows, k, MemorySegment.ofArray(w), new int[rows], filled(rows), null));
            int[] expected = new int[batch * rows];
            for (int b = 0; b < batch; b++) {
                for (int n = 0; n < rows; n++) {
                    int sum = 0;
                    for (int e = 0; e < k; e++) {
                        sum += a[b * k + e] * w[n * k + e];
                    }
                    expected[b * rows + n] = sum;
                }
            }
            int[] actual = new int[batch * rows];
            scalar.matmul(a, batch, k, panels.panels(), 0, PanelLinear.panelCount(rows), rows, actual, rows);
            assertArrayEquals(expected, actual, "batch " + batch + " k " + k + " rows " + rows);
        }
    }

    private static byte[] filled(int rows) {
        byte[] shift = new byte[rows];
        Arrays.fill(shift, (byte) 8);
        return shift;
    }

    @Test
    void matmulMatchesScalar() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 300; trial++) {
            int batch = 1 + r.nextInt(9);
            int k = 1 + r.nextInt(trial < 250 ? 300 : 2100);
            int rows = 1 + r.nextInt(trial < 150 ? 23 : 150);
            boolean extreme = trial % 7 == 0;
            byte[] a = bytes(r, batch * k, extreme);
            int panelCount = PanelLinear.panelCount(rows);
            MemorySegment w = MemorySegment.ofArray(bytes(r, panelCount * PanelLinear.ROWS * k, extreme));
            int p0 = r.nextInt(panelCount);
            int p1 = p0 + 1 + r.nextInt(panelCount - p0);
            int[] expected = new int[batch * rows];
            int[] actual = new int[batch * rows];
            scalar.matmul(a, batch, k, w, p0, p1, rows, expected, rows);
            vector.matmul(a, batch, k, w, p0, p1, rows, actual, rows);
            assertArrayEquals(expected, actual, "batch " + batch + " k " + k + " rows " + rows + " panels " + p0 + ".." + p1);
        }
    }

    /** The epilogue at random and extreme scales: every shift, products near 2^62, both signs, with and without bias. */
    @Test
    void rescaleMatchesScalar() {
        SplittableRandom r = new SplittableRandom(13);
        for (int trial = 0; trial < 2000; trial++) {
            int rows = 1 + r.nextInt(40);
            boolean extreme = trial % 4 == 0;
            int[] acc = new int[rows + 3];
            int[] mult = new int[rows];
            byte[] shift = new byte[rows];
            int[] bias = trial % 3 == 0 ? null : new int[rows];
            for (int i = 0; i < acc.length; i++) {
                acc[i] = extreme ? (r.nextBoolean() ? Integer.MAX_VALUE - r.nextInt(3) : Integer.MIN_VALUE + r.nextInt(3))
                        : r.nextInt(-(1 << 24), 1 << 24);
            }
            for (int i = 0; i < rows; i++) {
                mult[i] = extreme ? Integer.MAX_VALUE - r.nextInt(2) : r.nextInt(1 << 29, Integer.MAX_VALUE);
                shift[i] = (byte) (trial % 2 == 0 ? r.nextInt(8, 63) : r.nextInt(36, 44));
                if (bias != null) {
                    bias[i] = r.nextInt();
                }
            }
            long am = extreme ? Integer.MAX_VALUE : r.nextLong(1, 1L << r.nextInt(1, 32));
            int from = r.nextInt(rows);
            int to = from + r.nextInt(rows - from + 1);
            int[] expected = new int[acc.length];
            int[] actual = new int[acc.length];
            scalar.rescale(acc, 3, from, to, am, mult, shift, bias, expected);
            vector.rescale(acc, 3, from, to, am, mult, shift, bias, actual);
            assertArrayEquals(expected, actual, "trial " + trial + " am " + am);
        }
    }

    /** Quotients that are exact halves (rounded away from zero) and their neighbours, both signs. */
    @Test
    void rescaleRoundsHalvesAwayFromZero() {
        int rows = 24;
        int[] acc = new int[rows];
        for (int i = 0; i < rows; i++) {
            int k = 1 + i / 6;
            int sign = i % 2 == 0 ? 1 : -1;
            acc[i] = sign * (k * 32512 + 16256 + (i / 2 % 3 - 1)); // half - 1, half, half + 1
        }
        int[] mult = new int[rows];
        byte[] shift = new byte[rows];
        Arrays.fill(mult, 1);
        Arrays.fill(shift, (byte) 8);
        int[] expected = new int[rows];
        int[] actual = new int[rows];
        scalar.rescale(acc, 0, 0, rows, 1, mult, shift, null, expected);
        vector.rescale(acc, 0, 0, rows, 1, mult, shift, null, actual);
        assertArrayEquals(expected, actual);
        assertEquals(2, expected[2], "(32512 + 16256) / 32512 = 1.5 rounds to 2");
        assertEquals(-2, expected[3]);
    }

    /** Quantization at every kind of scale: the span's maximum, a clamped one, 1, exact halves (scale 254), extremes. */
    @Test
    void quantizeMatchesScalar() {
        SplittableRandom r = new SplittableRandom(17);
        for (int trial = 0; trial < 2000; trial++) {
            int len = 1 + r.nextInt(300);
            int[] x = new int[len + 5];
            long bound = 1L << r.nextInt(1, 32);
            for (int i = 0; i < x.length; i++) {
                x[i] = trial % 9 == 0 ? (r.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE) : (int) r.nextLong(-bound, bound);
            }
            long max = 1;
            for (int v : x) {
                max = Math.max(max, Math.abs((long) v));
            }
            long scale = switch (trial % 4) {
                case 0 -> Math.min(max, Integer.MAX_VALUE);
                case 1 -> 1 + r.nextLong(Math.min(max, Integer.MAX_VALUE)); // below the maximum: values clamp
                case 2 -> 254; // 127 x / 254 = x / 2: every odd x is an exact half
                default -> 1 + r.nextInt(Integer.MAX_VALUE - 1);
            };
            byte[] expected = new byte[len + 9];
            byte[] actual = new byte[len + 9];
            scalar.quantize(x, 5, len, scale, expected, 9 - len % 4);
            vector.quantize(x, 5, len, scale, actual, 9 - len % 4);
            assertArrayEquals(expected, actual, "trial " + trial + " scale " + scale);
        }
    }

    /** Attention scores and their maximum: typical, extreme and out-of-range scales (the vector path's fallback), halves. */
    @Test
    void scoresMatchScalar() {
        SplittableRandom r = new SplittableRandom(19);
        for (int trial = 0; trial < 2000; trial++) {
            int count = r.nextInt(70);
            int kAt = r.nextInt(5);
            int[] dots = new int[count];
            int[] kMax = new int[kAt + count];
            int mode = trial % 4;
            for (int j = 0; j < count; j++) {
                dots[j] = mode == 3 ? (r.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE) : r.nextInt(-32 * 16129, 32 * 16129 + 1);
            }
            for (int j = 0; j < kMax.length; j++) {
                kMax[j] = mode == 2 ? r.nextInt(Integer.MAX_VALUE) : 1 + r.nextInt(Engine.QKV_MAX);
            }
            long aq = mode == 1 ? 1 : r.nextLong(1L << r.nextInt(1, 24));
            if (mode == 1) {
                // aq 1 and kMax 4096 make the score roundDiv(dots, 16129): dots around the rounding boundary k * 16129 + 8064.5
                Arrays.fill(kMax, 4096);
                for (int j = 0; j < count; j++) {
                    dots[j] = (j % 2 == 0 ? 1 : -1) * (16129 * (j / 8) + 8063 + j % 4);
                }
            }
            long[] expected = new long[count + 1];
            long[] actual = new long[count + 1];
            long maxExpected = scalar.scores(dots, aq, kMax, kAt, count, expected);
            long maxActual = vector.scores(dots, aq, kMax, kAt, count, actual);
            assertArrayEquals(expected, actual, "trial " + trial);
            assertEquals(maxExpected, maxActual, "trial " + trial);
        }
    }

    @Test
    void attentionDotsAndValuesMatchScalar() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int len = new int[] {8, 16, 24, 32, 64, 80, 128, 256, 5, 33}[trial % 10];
            int heads = 1 + r.nextInt(4);
            int stride = len * heads;
            int count = r.nextInt(40);
            int head = r.nextInt(heads);
            boolean extreme = trial % 5 == 0;
            byte[] q = bytes(r, len, extreme);
            byte[] kv = bytes(r, Math.max(1, count) * stride, extreme);
            int[] dotsExpected = new int[count];
            int[] dotsActual = new int[count];
            scalar.dotRows(q, kv, head * len, stride, count, len, dotsExpected);
            vector.dotRows(q, kv, head * len, stride, count, len, dotsActual);
            assertArrayEquals(dotsExpected, dotsActual, "dots len " + len + " count " + count);

            long[] coef = new long[count];
            for (int j = 0; j < count; j++) {
                coef[j] = j % 3 == 0 ? 0 : (extreme ? (1L << 37) - 1 : r.nextLong(1L << 37));
            }
            long[] accExpected = new long[len];
            for (int x = 0; x < len; x++) {
                accExpected[x] = r.nextLong(1L << 40) - (1L << 39);
            }
            long[] accActual = Arrays.copyOf(accExpected, len);
            scalar.accumulateRows(coef, kv, head * len, stride, count, len, accExpected);
            vector.accumulateRows(coef, kv, head * len, stride, count, len, accActual);
            assertArrayEquals(accExpected, accActual, "values len " + len + " count " + count);
        }
    }
}
