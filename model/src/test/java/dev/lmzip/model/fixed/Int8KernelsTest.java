package dev.lmzip.model.fixed;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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

    @Test
    void matmulMatchesScalar() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 300; trial++) {
            int batch = 1 + r.nextInt(9);
            int k = 1 + r.nextInt(trial < 250 ? 300 : 2100);
            int rows = 1 + r.nextInt(23);
            boolean extreme = trial % 7 == 0;
            byte[] a = bytes(r, batch * k, extreme);
            MemorySegment w = MemorySegment.ofArray(bytes(r, rows * k, extreme));
            int n0 = r.nextInt(rows);
            int n1 = n0 + 1 + r.nextInt(rows - n0);
            int[] expected = new int[batch * rows];
            int[] actual = new int[batch * rows];
            scalar.matmul(a, batch, k, w, n0, n1, expected, rows);
            vector.matmul(a, batch, k, w, n0, n1, actual, rows);
            assertArrayEquals(expected, actual, "batch " + batch + " k " + k + " rows " + n0 + ".." + n1);
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
