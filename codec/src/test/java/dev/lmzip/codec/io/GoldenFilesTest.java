package dev.lmzip.codec.io;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Committed .lmz files made by earlier versions must keep decoding, forever: {@code golden/*.lmz}
 * are format version 1 (no index), {@code golden/v2/*.lmz} version 2 (with the frame index). The
 * v2 files were written by {@link #writeGoldenFiles()} ({@code -Dlmzip.golden.write=true});
 * encoding them again must also give the same bytes unless the byte model changed on purpose (and
 * with it its fingerprint). A v2 file without its index and with version byte 1 is the v1 file.
 */
class GoldenFilesTest {
    private record Case(String name, int frameSizeLog) {
    }

    private static final Case[] CASES = {
            new Case("empty", 20), new Case("all-bytes", 20), new Case("noise", 10),
            new Case("grimm-16k-frames-4k", 12), new Case("franklin-8k", 20)};

    private static byte[] raw(String name) throws IOException {
        return switch (name) {
            case "empty" -> new byte[0];
            case "all-bytes" -> {
                byte[] b = new byte[512];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (i * 7);
                }
                yield b;
            }
            case "noise" -> {
                byte[] b = new byte[3000];
                new SplittableRandom(123).nextBytes(b);
                yield b;
            }
            case "grimm-16k-frames-4k" -> sample("grimm-fairy-tales.txt");
            case "franklin-8k" -> sample("franklin-autobiography.txt");
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static byte[] sample(String file) throws IOException {
        Path root = Lmz.root();
        Assumptions.assumeTrue(root != null, "repository root unknown");
        return Files.readAllBytes(root.resolve("corpus/samples").resolve(file));
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + name + ".lmz")) {
            assertNotNull(in, "golden file " + name + ".lmz");
            return in.readAllBytes();
        }
    }

    @Test
    void goldenFilesDecode() throws IOException {
        for (Case c : CASES) {
            byte[] v1 = golden(c.name());
            assertEquals(1, v1[4], c.name());
            assertArrayEquals(raw(c.name()), Lmz.decompress(v1, 2), c.name());
            byte[] v2 = golden("v2/" + c.name());
            assertEquals(2, v2[4], c.name());
            assertArrayEquals(raw(c.name()), Lmz.decompress(v2, 2), c.name());
        }
    }

    @Test
    void goldenFilesReadWithRandomAccess() throws IOException {
        for (Case c : CASES) {
            byte[] raw = raw(c.name());
            for (String name : new String[] {c.name(), "v2/" + c.name()}) {
                try (var r = SeekableReaderTest.reader(golden(name), 2)) {
                    assertEquals(name.startsWith("v2/"), r.hasIndex(), name);
                    assertArrayEquals(raw, r.open(0, Long.MAX_VALUE).readAllBytes(), name);
                }
            }
        }
    }

    @Test
    void encodingIsStable() throws IOException {
        for (Case c : CASES) {
            byte[] now = Lmz.compress(raw(c.name()), LmzOptions.defaults().frameSizeLog(c.frameSizeLog()).threads(1));
            byte[] expected = golden("v2/" + c.name());
            if (indexedFrames(expected) <= 1) {
                // since 2026-11-26 writers leave out the index of a file of at most one frame
                expected = Arrays.copyOf(expected, expected.length - 20 - 16 * indexedFrames(expected));
            }
            assertArrayEquals(expected, now, c.name() + ": the encoder's output changed");
            assertArrayEquals(golden(c.name()), asVersion1(now), c.name() + ": v2 frames differ from v1 frames");
        }
    }

    @Test
    void withoutIndexOnlyTheVersionByteDiffers() throws IOException {
        for (Case c : CASES) {
            byte[] plain = Lmz.compress(raw(c.name()), LmzOptions.defaults().frameSizeLog(c.frameSizeLog()).threads(1)
                    .index(false));
            assertFalse(Arrays.equals(golden(c.name()), plain));
            assertArrayEquals(golden(c.name()), asVersion1(plain), c.name());
            assertArrayEquals(raw(c.name()), Lmz.decompress(plain, 1), c.name());
        }
    }

    /** Frames listed by the index at the end of a v2 file (-1 when it has none). */
    static int indexedFrames(byte[] b) {
        int end = b.length;
        if (end >= 20 && b[end - 4] == (byte) 0x89 && b[end - 3] == 'L' && b[end - 2] == 'M' && b[end - 1] == 'T') {
            return (b[end - 16] & 0xFF) | (b[end - 15] & 0xFF) << 8 | (b[end - 14] & 0xFF) << 16 | (b[end - 13] & 0xFF) << 24;
        }
        return -1;
    }

    /** The v1 form of a v2 file: version byte 1, header checksum fixed, index (if any) cut off. */
    static byte[] asVersion1(byte[] v2) {
        byte[] b = v2.clone();
        int idLength = b[8] & 0xFF;
        int p = 9 + idLength + 32;
        int paramsLength = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
        int crcAt = p + 2 + paramsLength;
        b[4] = 1;
        CRC32C crc = new CRC32C();
        crc.update(b, 0, crcAt);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) {
            b[crcAt + i] = (byte) (v >>> (8 * i));
        }
        int end = b.length;
        if (end >= 4 && b[end - 4] == (byte) 0x89 && b[end - 3] == 'L' && b[end - 2] == 'M' && b[end - 1] == 'T') {
            long frames = (b[end - 16] & 0xFFL) | (b[end - 15] & 0xFFL) << 8 | (b[end - 14] & 0xFFL) << 16
                    | (b[end - 13] & 0xFFL) << 24;
            end -= (int) (20 + 16 * frames);
        }
        assertTrue(end > crcAt);
        return Arrays.copyOf(b, end);
    }

    @Test
    void writeGoldenFiles() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("lmzip.golden.write"), "only with -Dlmzip.golden.write=true");
        Path dir = Lmz.root().resolve("codec/src/test/resources/golden/v2");
        Files.createDirectories(dir);
        for (Case c : CASES) {
            byte[] lmz = Lmz.compress(raw(c.name()), LmzOptions.defaults().frameSizeLog(c.frameSizeLog()).threads(1));
            Files.write(dir.resolve(c.name() + ".lmz"), lmz);
        }
    }
}
