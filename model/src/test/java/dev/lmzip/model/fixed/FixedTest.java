package dev.lmzip.model.fixed;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The integer helpers against BigInteger. */
class FixedTest {
    private static long referenceRoot(long x) {
        return BigInteger.valueOf(x).sqrt().longValueExact();
    }

    @Test
    void isqrtIsTheExactFloorRoot() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            long x = r.nextLong(1L << r.nextInt(1, 63));
            assertEquals(referenceRoot(x), Fixed.isqrt(x), "x = " + x);
        }
        // squares and their neighbours, where a double root is most likely off by one
        for (long root : new long[] {0, 1, 2, 3, 94906265L, 94906266L, 3_037_000_498L, 3_037_000_499L}) {
            for (long d = -2; d <= 2; d++) {
                long x = root * root + d;
                if (x >= 0) {
                    assertEquals(referenceRoot(x), Fixed.isqrt(x), "x = " + x);
                }
            }
        }
        assertEquals(3_037_000_499L, Fixed.isqrt(Long.MAX_VALUE));
        assertEquals(3_037_000_499L, Fixed.isqrt(Long.MAX_VALUE - 1));
    }
}
