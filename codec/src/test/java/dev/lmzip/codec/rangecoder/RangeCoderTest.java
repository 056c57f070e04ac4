package dev.lmzip.codec.rangecoder;

import dev.lmzip.codec.CorruptedInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RangeCoderTest {

    /** Random tables of random sizes and precisions; every symbol decodes back. */
    @Property(tries = 300, seed = "20261125")
    void roundTripsRandomTables(@ForAll @IntRange(min = 1, max = 30) int precision,
                                @ForAll @IntRange(min = 0, max = 3000) int symbols,
                                @ForAll long seed) throws CorruptedInputException {
        SplittableRandom rnd = new SplittableRandom(seed);
        int total = 1 << precision;
        boolean wide = rnd.nextInt(8) == 0; // now and then a vocabulary-sized alphabet, one table reused
        int alphabet = Math.max(1, Math.min(total, 1 + rnd.nextInt(wide ? 140_000 : 300)));
        FrequencyTable[] tables = new FrequencyTable[symbols];
        int[] sent = new int[symbols];
        FrequencyQuantizer q = new FrequencyQuantizer(precision);
        RangeEncoder enc = new RangeEncoder();
        for (int i = 0; i < symbols; i++) {
            if (wide && i > 0) {
                tables[i] = tables[0];
                sent[i] = rnd.nextInt(alphabet);
                enc.encode(tables[i], sent[i]);
                continue;
            }
            long[] w = new long[alphabet];
            for (int s = 0; s < alphabet; s++) {
                w[s] = rnd.nextInt(8) == 0 ? rnd.nextLong(1L << 32) : rnd.nextInt(3);
            }
            int[] f = new int[alphabet];
            q.quantize(w, alphabet, f);
            tables[i] = FrequencyTable.of(f);
            sent[i] = rnd.nextInt(alphabet);
            enc.encode(tables[i], sent[i]);
        }
        byte[] payload = enc.finish();
        RangeDecoder dec = new RangeDecoder(payload, 0, payload.length);
        int[] got = new int[symbols];
        for (int i = 0; i < symbols; i++) {
            got[i] = dec.decode(tables[i]);
        }
        assertArrayEquals(sent, got);
    }

    @Test
    void binarySymbolsAtExtremeProbabilities() throws CorruptedInputException {
        SplittableRandom rnd = new SplittableRandom(7);
        BinaryDistribution d = new BinaryDistribution(12);
        int n = 200_000;
        int[] p = new int[n];
        int[] bits = new int[n];
        RangeEncoder enc = new RangeEncoder();
        for (int i = 0; i < n; i++) {
            p[i] = rnd.nextBoolean() ? 1 + rnd.nextInt(4) : 4095 - rnd.nextInt(4);
            bits[i] = rnd.nextInt(100) == 0 ? 1 : 0;
            enc.encode(d.setP1(p[i]), bits[i]);
        }
        byte[] out = enc.finish();
        RangeDecoder dec = new RangeDecoder(out, 0, out.length);
        for (int i = 0; i < n; i++) {
            assertEquals(bits[i], dec.decode(d.setP1(p[i])), "bit " + i);
        }
    }

    @Test
    void emptyStreamIsEmptyPayload() {
        assertEquals(0, new RangeEncoder().finish().length);
    }

    @Test
    void overheadIsBelowOneHundredthOfAPercent() throws CorruptedInputException {
        SplittableRandom rnd = new SplittableRandom(42);
        int alphabet = 50_257;
        FrequencyQuantizer q = new FrequencyQuantizer(24);
        long[] w = new long[alphabet];
        for (int s = 0; s < alphabet; s++) {
            double logit = rnd.nextGaussian() * 3;
            w[s] = (long) (Math.exp(logit) * 1000) + 1;
        }
        int[] f = new int[alphabet];
        q.quantize(w, alphabet, f);
        FrequencyTable t = FrequencyTable.of(f);
        RangeEncoder enc = new RangeEncoder();
        double ideal = 0;
        int n = 300_000;
        int[] sent = new int[n];
        for (int i = 0; i < n; i++) {
            int s = t.symbolAt(rnd.nextInt(t.total())); // sample from the table itself
            sent[i] = s;
            ideal += -Math.log((double) t.freq(s) / t.total()) / Math.log(2);
            enc.encode(t, s);
        }
        byte[] out = enc.finish();
        double overhead = (8.0 * out.length - ideal) / ideal;
        assertTrue(overhead < 1e-4, "coder overhead " + overhead * 100 + "%");
        RangeDecoder dec = new RangeDecoder(out, 0, out.length);
        for (int i = 0; i < n; i++) {
            assertEquals(sent[i], dec.decode(t));
        }
    }

    @Test
    void finishedCodersRefuseFurtherUse() throws CorruptedInputException {
        RangeEncoder enc = new RangeEncoder();
        FrequencyTable t = FrequencyTable.of(1, 2, 3);
        enc.encode(t, 1);
        byte[] out = enc.finish();
        assertThrows(IllegalStateException.class, () -> enc.encode(t, 0));
        assertThrows(IllegalStateException.class, enc::finish);
        RangeDecoder dec = new RangeDecoder(out, 0, out.length);
        assertEquals(1, dec.decode(t));
        dec.finish();
        assertThrows(IllegalStateException.class, () -> dec.decode(t));
    }

    @Test
    void invalidTableEntriesAreRejected() {
        RangeEncoder enc = new RangeEncoder();
        assertThrows(IllegalArgumentException.class, () -> enc.encode(0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> enc.encode(9, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> enc.encode(0, 1, RangeCoder.MAX_TOTAL + 1));
        assertThrows(IllegalArgumentException.class, () -> FrequencyTable.of(3, 0, 1));
    }

    @Test
    void garbageDecodesToSymbolsOrReportsCorruption() {
        SplittableRandom rnd = new SplittableRandom(3);
        FrequencyTable t = FrequencyTable.of(1, 1, 1000);
        for (int trial = 0; trial < 200; trial++) {
            byte[] junk = new byte[rnd.nextInt(20)];
            rnd.nextBytes(junk);
            RangeDecoder dec = new RangeDecoder(junk, 0, junk.length);
            try {
                for (int i = 0; i < 100; i++) {
                    int s = dec.decode(t);
                    assertTrue(s >= 0 && s < 3);
                }
            } catch (CorruptedInputException expected) {
                // fine: typed
            }
        }
    }
}
