package dev.lmzip.hadoop;

import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/** Test lines and .lmz files. */
final class Texts {
    private static final String[] WORDS = ("the of and to in frame split index spark hadoop record line river "
            + "mountain window ledger quietly seventeen Über naïve 東京 — , . ;").split(" ");

    private Texts() {
    }

    /** Numbered lines of varied length: some empty, some longer than a small frame. */
    static List<String> lines(long seed, long bytes) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        long size = 0;
        for (int i = 0; size < bytes; i++) {
            StringBuilder sb = new StringBuilder().append(i).append(':');
            int words = r.nextInt(50) == 0 ? 0 : r.nextInt(200) == 0 ? 600 : r.nextInt(25);
            for (int w = 0; w < words; w++) {
                sb.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
            }
            String line = r.nextInt(30) == 0 ? "" : sb.toString();
            lines.add(line);
            size += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return lines;
    }

    static byte[] join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void writeLmz(Path file, byte[] content, int frameSizeLog) throws IOException {
        try (OutputStream out = new LmzOutputStream(Files.newOutputStream(file),
                LmzOptions.defaults().frameSizeLog(frameSizeLog))) {
            out.write(content);
        }
    }

    /** SHA-256 over the lines in order, each followed by a newline. */
    static String hash(List<String> lines) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String l : lines) {
                d.update(l.getBytes(StandardCharsets.UTF_8));
                d.update((byte) '\n');
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
