package dev.lmzip.codec.compress;

import dev.lmzip.codec.CorruptedInputException;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorOutputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commons Compress finds lmzip through ServiceLoader and round-trips through its factory. */
class CommonsCompressTest {
    private static byte[] text(int size) {
        SplittableRandom r = new SplittableRandom(size);
        StringBuilder sb = new StringBuilder();
        String[] words = {"alpha", "beta", "gamma", "frame", "index", "\n", "compress", "tar"};
        while (sb.length() < size) {
            sb.append(words[r.nextInt(words.length)]).append(' ');
        }
        return sb.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFactoryKnowsLmz() {
        assertTrue(CompressorStreamFactory.findAvailableCompressorInputStreamProviders().containsKey("LMZ"));
        assertTrue(CompressorStreamFactory.findAvailableCompressorOutputStreamProviders().containsKey("LMZ"));
    }

    @Test
    void roundTripsThroughTheFactory() throws Exception {
        CompressorStreamFactory factory = new CompressorStreamFactory();
        for (int size : new int[] {0, 1, 5000, 600_000}) {
            byte[] raw = text(size);
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (CompressorOutputStream<?> out = factory.createCompressorOutputStream("lmz", bo)) {
                assertInstanceOf(LmzCompressorOutputStream.class, out);
                out.write(raw);
                assertEquals(size, ((LmzCompressorOutputStream) out).getUncompressedCount());
            }
            byte[] lmz = bo.toByteArray();
            assertTrue(LmzCompressorInputStream.matches(lmz, lmz.length));
            try (CompressorInputStream in = factory.createCompressorInputStream("lmz", new ByteArrayInputStream(lmz))) {
                assertArrayEquals(raw, in.readAllBytes(), "size " + size);
                assertEquals(size, in.getUncompressedCount());
                assertEquals(size, in.getBytesRead());
                assertEquals(lmz.length, ((InputStreamStatistics) in).getCompressedCount());
            }
            // the name is case-insensitive for the factory, like its built-in names
            try (CompressorInputStream in = factory.createCompressorInputStream("LMZ", new ByteArrayInputStream(lmz))) {
                assertArrayEquals(raw, in.readAllBytes());
            }
        }
    }

    @Test
    void finishLeavesTheStreamOpen() throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        LmzCompressorOutputStream out = new LmzCompressorOutputStream(bo);
        out.write(text(1000));
        out.finish();
        int size = bo.size();
        out.close();
        assertEquals(size, bo.size());
        assertArrayEquals(text(1000), new LmzCompressorInputStream(new ByteArrayInputStream(bo.toByteArray())).readAllBytes());
    }

    @Test
    void matchesRecognisesTheMagic() {
        assertTrue(LmzCompressorInputStream.matches(new byte[] {(byte) 0x89, 'L', 'M', 'Z', 2}, 5));
        assertFalse(LmzCompressorInputStream.matches(new byte[] {(byte) 0x89, 'L', 'M', 'Z'}, 3));
        assertFalse(LmzCompressorInputStream.matches(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 4));
        assertFalse(LmzCompressorInputStream.matches(new byte[0], 0));
    }

    @Test
    void corruptionIsAnIOException() throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (var out = new CompressorStreamFactory().createCompressorOutputStream("lmz", bo)) {
            out.write(text(20_000));
        }
        byte[] lmz = bo.toByteArray();
        lmz[80] ^= 1;
        assertThrows(CorruptedInputException.class, () -> {
            try (var in = new CompressorStreamFactory().createCompressorInputStream("lmz", new ByteArrayInputStream(lmz))) {
                in.readAllBytes();
            }
        });
    }
}
