package dev.lmzip.codec.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: whole-array compression and the locations of test data. */
public final class Lmz {
    private Lmz() {
    }

    public static byte[] compress(byte[] raw, LmzOptions options) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (LmzOutputStream out = new LmzOutputStream(bo, options)) {
            out.write(raw);
        }
        return bo.toByteArray();
    }

    public static byte[] decompress(byte[] lmz, int threads) throws IOException {
        try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz), LmzInputStream.builtIn(), threads)) {
            return in.readAllBytes();
        }
    }

    /** {@code ../shared} beside the checkout, or null. */
    public static Path shared() {
        String p = System.getProperty("lmzip.shared");
        Path path = p != null ? Path.of(p) : Path.of("../../shared");
        return Files.isDirectory(path) ? path : null;
    }

    /** The repository root, or null. */
    public static Path root() {
        String p = System.getProperty("lmzip.root");
        return p != null && Files.isDirectory(Path.of(p)) ? Path.of(p) : null;
    }
}
