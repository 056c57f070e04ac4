package dev.lmzip.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** Deterministic test inputs and the few .lmz layout facts (docs/format.md) the tests need. */
final class Data {
    private static final String[] WORDS = ("the of and to in is was that for it with as his on be at by "
            + "compress model range coder frame byte token lossless entropy probability context stream "
            + "header checksum river mountain window ledger quietly seventeen Über naïve 東京 — , . ; \n")
            .split(" ");

    private Data() {
    }

    /** Text-like bytes (words with some digits), the same for the same seed. */
    static byte[] text(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(size + 64);
        while (sb.length() < size) {
            int k = r.nextInt(20);
            if (k == 0) {
                sb.append(r.nextInt(100_000)).append(' ');
            } else {
                sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
            }
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, size);
    }

    /** Incompressible bytes. */
    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path p, byte[] content) {
        try {
            Files.createDirectories(p.toAbsolutePath().getParent());
            return Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File names in {@code dir} (not recursive), sorted. */
    static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Regular files under {@code dir}, recursively, sorted. */
    static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- .lmz file header (docs/format.md, "FileHeader") ----

    static final int VERSION_OFFSET = 4;

    static int fingerprintOffset(byte[] lmz) {
        return 9 + (lmz[8] & 0xFF);
    }

    /** Offset of the header's own CRC32C field. */
    static int headerChecksumOffset(byte[] lmz) {
        int p = fingerprintOffset(lmz) + 32;
        int paramsLength = (lmz[p] & 0xFF) | (lmz[p + 1] & 0xFF) << 8;
        return p + 2 + paramsLength;
    }

    /** Size of the whole FileHeader, checksum included. */
    static int headerSize(byte[] lmz) {
        return headerChecksumOffset(lmz) + 4;
    }

    static String fingerprintHex(byte[] lmz) {
        int off = fingerprintOffset(lmz);
        return java.util.HexFormat.of().formatHex(lmz, off, off + 32);
    }

    // ---- frame index (docs/format.md, "Index") ----

    /** True when the file ends with an index trailer. */
    static boolean hasIndex(byte[] lmz) {
        int n = lmz.length;
        return n >= 16 && lmz[n - 4] == (byte) 0x89 && lmz[n - 3] == 'L' && lmz[n - 2] == 'M' && lmz[n - 1] == 'T';
    }

    /** Offset of the end frame: before the index when there is one, else the last 21 bytes. */
    static int endFrameOffset(byte[] lmz) {
        if (!hasIndex(lmz)) {
            return lmz.length - 21;
        }
        int n = lmz.length;
        long frames = (lmz[n - 16] & 0xFFL) | (lmz[n - 15] & 0xFFL) << 8 | (lmz[n - 14] & 0xFFL) << 16
                | (lmz[n - 13] & 0xFFL) << 24;
        return (int) (n - 20 - 16 * frames - 21);
    }

    /** Recomputes the header checksum after the header was edited. */
    static void fixHeaderChecksum(byte[] lmz) {
        int c = headerChecksumOffset(lmz);
        CRC32C crc = new CRC32C();
        crc.update(lmz, 0, c);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) {
            lmz[c + i] = (byte) (v >>> (8 * i));
        }
    }
}
