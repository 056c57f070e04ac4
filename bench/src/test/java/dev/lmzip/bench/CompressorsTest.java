package dev.lmzip.bench;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompressorsTest {
    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @TestFactory
    List<DynamicTest> everyCompressorRoundTripsRandomTextAndEmpty() {
        List<DynamicTest> tests = new ArrayList<>();
        byte[] text = TextSample.pseudoText(40_000, 3);
        byte[] rnd = random(20_000, 5);
        for (Compressor c : Compressors.all(new LmzCompressor())) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                assertTrue(c.unavailableReason().isEmpty(), () -> c.name() + " unavailable: " + c.unavailableReason());
                for (byte[] in : List.of(text, rnd, new byte[0], new byte[] {42})) {
                    byte[] packed = c.compress(in);
                    assertArrayEquals(in, c.decompress(packed), c.name());
                }
                assertTrue(c.compress(text).length < text.length / 2, c.name() + " does not compress text");
                assertTrue(c.compress(rnd).length < rnd.length + 1024, c.name() + " expands random data too much");
            }));
        }
        return tests;
    }

    @Test
    void selectByKeys() {
        LmzCompressor lmz = new LmzCompressor();
        List<Compressor> cs = Compressors.select("gzip, xz9e,lmzip,zstd22", lmz);
        assertEquals(List.of("gzip -9", "xz -9e", "lmzip (bytes)", "zstd --ultra -22"),
                cs.stream().map(Compressor::name).toList());
        assertEquals(Compressors.keys().size(), Compressors.select("all", lmz).size());
        assertThrows(IllegalArgumentException.class, () -> Compressors.select("gzip,lz4", lmz));
    }

    @Test
    void xzExtremeIsNotWorseOnText() throws IOException {
        byte[] text = TextSample.pseudoText(100_000, 9);
        int normal = new XzCompressor(false).compress(text).length;
        int extreme = new XzCompressor(true).compress(text).length;
        assertTrue(extreme <= normal + 64, "xz -9e " + extreme + " vs -9 " + normal);
    }

    @Test
    void lmzipDecodedCodesAFlacFileAsSamplesAndGivesTheFileBack() throws IOException {
        String shared = System.getProperty("lmzip.shared");
        java.nio.file.Path flac = shared == null ? null : java.nio.file.Path.of(shared, "corpus/bench/audio/librispeech_1.flac");
        org.junit.jupiter.api.Assumptions.assumeTrue(flac != null && java.nio.file.Files.exists(flac), "no bench audio");
        byte[] file = java.nio.file.Files.readAllBytes(flac);
        LmzCompressor plain = new LmzCompressor();
        LmzCompressor decoded = plain.decoded();
        assertEquals(plain.name() + " --decoded", decoded.name());
        byte[] asBytes = plain.compress(file);
        byte[] asSamples = decoded.compress(file);
        assertArrayEquals(file, decoded.decompress(asSamples));
        // when this was written: 101,672 bytes -> 94,272 as bytes (byte model), 87,587 as samples
        assertTrue(asSamples.length < 0.95 * asBytes.length, asSamples.length + " vs " + asBytes.length);
        byte[] text = "not a PNG or FLAC file, coded as before ".repeat(50).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertArrayEquals(plain.compress(text), decoded.compress(text));
    }
}
