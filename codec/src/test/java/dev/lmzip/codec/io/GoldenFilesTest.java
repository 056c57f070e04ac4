package dev.lmzip.codec.io;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Committed .lmz files made by earlier versions must keep decoding, forever. They were written by
 * {@link #writeGoldenFiles()} ({@code -Dlmzip.golden.write=true}); encoding them again must also
 * give the same bytes unless the byte model changed on purpose (and with it its fingerprint).
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
            assertArrayEquals(raw(c.name()), Lmz.decompress(golden(c.name()), 2), c.name());
        }
    }

    @Test
    void encodingIsStable() throws IOException {
        for (Case c : CASES) {
            byte[] now = Lmz.compress(raw(c.name()), LmzOptions.defaults().frameSizeLog(c.frameSizeLog()).threads(1));
            assertArrayEquals(golden(c.name()), now, c.name() + ": the encoder's output changed");
        }
    }

    @Test
    void writeGoldenFiles() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("lmzip.golden.write"), "only with -Dlmzip.golden.write=true");
        Path dir = Lmz.root().resolve("codec/src/test/resources/golden");
        Files.createDirectories(dir);
        for (Case c : CASES) {
            byte[] lmz = Lmz.compress(raw(c.name()), LmzOptions.defaults().frameSizeLog(c.frameSizeLog()).threads(1));
            Files.write(dir.resolve(c.name() + ".lmz"), lmz);
        }
    }
}
