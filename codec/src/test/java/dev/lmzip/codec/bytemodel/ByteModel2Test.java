package dev.lmzip.codec.bytemodel;

import dev.lmzip.codec.io.Lmz;
import dev.lmzip.codec.io.LmzOptions;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteModel2Test {
    private static byte[] compress(byte[] raw, dev.lmzip.codec.predict.Predictor p, int frameSizeLog) throws IOException {
        return Lmz.compress(raw, LmzOptions.defaults().predictor(p).frameSizeLog(frameSizeLog).threads(1).fallback(false));
    }

    /** A table of fixed-size records: an id that counts up, a category, a slowly varying value, padding. */
    static byte[] records(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int size = 37;
        byte[] b = new byte[count * size];
        int value = 1000;
        for (int i = 0; i < count; i++) {
            int at = i * size;
            b[at] = (byte) i;
            b[at + 1] = (byte) (i >> 8);
            b[at + 2] = (byte) r.nextInt(4);
            value += r.nextInt(7) - 3;
            b[at + 3] = (byte) value;
            b[at + 4] = (byte) (value >> 8);
            for (int k = 5; k < size; k++) {
                b[at + k] = (byte) (k < 12 ? 'a' + r.nextInt(3) : 0);
            }
        }
        return b;
    }

    @Property(tries = 40, seed = "42")
    void anyBytesRoundTrip(@ForAll @IntRange(min = 0, max = 6000) int length, @ForAll long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] raw;
        if (r.nextBoolean()) {
            raw = new byte[length];
            r.nextBytes(raw);
        } else {
            raw = records(length / 37 + 1, seed);
        }
        byte[] lmz = compress(raw, new ByteModel2(), r.nextBoolean() ? 10 : 20);
        assertArrayEquals(raw, Lmz.decompress(lmz, 2));
    }

    @Test
    void recordsAreCodedFarBetterThanByTheFirstByteModel() throws IOException {
        byte[] raw = records(3000, 1);
        int v1 = compress(raw, new ByteContextModel(), 20).length;
        int v2 = compress(raw, new ByteModel2(), 20).length;
        assertTrue(v2 < 0.85 * v1, "bytes2 " + v2 + " vs bytes " + v1);
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = ByteModel2Test.class.getResourceAsStream("/golden/bytes2/" + name + ".lmz")) {
            assertNotNull(in, "golden file " + name + ".lmz");
            return in.readAllBytes();
        }
    }

    @Test
    void goldenFilesDecodeAndEncodeTheSame() throws IOException {
        byte[] raw = records(500, 7);
        byte[] g = golden("records");
        assertArrayEquals(raw, Lmz.decompress(g, 1));
        assertArrayEquals(g, compress(raw, new ByteModel2(), 12), "the bytes2 encoder's output changed");
    }

    @Test
    void writeGoldenFiles() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("lmzip.golden.write"), "only with -Dlmzip.golden.write=true");
        Path dir = Lmz.root().resolve("codec/src/test/resources/golden/bytes2");
        Files.createDirectories(dir);
        Files.write(dir.resolve("records.lmz"), compress(records(500, 7), new ByteModel2(), 12));
    }
}
