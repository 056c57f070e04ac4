package dev.lmzip.codec.rangecoder;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrequencyQuantizerTest {

    @Property(tries = 500, seed = "11")
    void sumsExactlyAndGivesEverySymbolAtLeastOne(@ForAll @IntRange(min = 1, max = 30) int precision,
                                                  @ForAll @IntRange(min = 1, max = 5000) int n,
                                                  @ForAll long seed) {
        int total = 1 << precision;
        n = Math.min(n, total);
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] w = new long[n];
        for (int i = 0; i < n; i++) {
            w[i] = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> rnd.nextLong(1L << 32);
                default -> rnd.nextInt(1000);
            };
        }
        int[] f = new int[n];
        new FrequencyQuantizer(precision).quantize(w, n, f);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(f[i] >= 1);
            sum += f[i];
        }
        assertEquals(total, sum);
        // larger weight never gets a smaller frequency, except the remainder-receiving argmax
        for (int i = 1; i < n; i++) {
            if (w[i] > w[i - 1]) {
                assertTrue(f[i] >= f[i - 1] || f[i - 1] > total / 2, "monotone at " + i);
            }
        }
    }

    @Test
    void goldenValues() {
        int[] f = new int[4];
        new FrequencyQuantizer(4).quantize(new long[] {0, 1, 2, 5}, 4, f);
        // budget 12: 1 + floor(w*12/8) = 1, 2, 4, 8 -> sum 15, remainder 1 to the argmax
        assertArrayEquals(new int[] {1, 2, 4, 9}, f);
        new FrequencyQuantizer(3).quantize(new long[] {0, 0, 0}, 3, f);
        assertArrayEquals(new int[] {6, 1, 1}, java.util.Arrays.copyOf(f, 3));
    }

    @Test
    void refusesImpossibleInputs() {
        FrequencyQuantizer q = new FrequencyQuantizer(2);
        assertThrows(IllegalArgumentException.class, () -> q.quantize(new long[5], 5, new int[5]));
        assertThrows(IllegalArgumentException.class, () -> q.quantize(new long[] {-1}, 1, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> new FrequencyQuantizer(31));
    }
}
