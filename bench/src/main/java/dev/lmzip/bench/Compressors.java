package dev.lmzip.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The compressors {@code lmzip bench} knows by key: {@code gzip}, {@code bzip2}, {@code xz},
 * {@code xz9e}, {@code zstd}, {@code zstd22}, {@code brotli} and {@code lmzip}.
 */
public final class Compressors {
    private static final Map<String, Supplier<Compressor>> BASELINES = new LinkedHashMap<>();

    static {
        BASELINES.put("gzip", GzipCompressor::new);
        BASELINES.put("bzip2", Bzip2Compressor::new);
        BASELINES.put("xz", () -> new XzCompressor(false));
        BASELINES.put("xz9e", () -> new XzCompressor(true));
        BASELINES.put("zstd", () -> new ZstdCompressor(19));
        BASELINES.put("zstd22", () -> new ZstdCompressor(22));
        BASELINES.put("brotli", BrotliCompressor::new);
    }

    private Compressors() {
    }

    /** Keys accepted by {@link #select}, in report order. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>(BASELINES.keySet());
        keys.add("lmzip");
        return keys;
    }

    /** Every classical baseline, in report order. */
    public static List<Compressor> baselines() {
        List<Compressor> list = new ArrayList<>();
        BASELINES.values().forEach(s -> list.add(s.get()));
        return list;
    }

    /** The baselines followed by {@code lmzip}. */
    public static List<Compressor> all(Compressor lmzip) {
        List<Compressor> list = baselines();
        list.add(lmzip);
        return list;
    }

    /** The baselines followed by the built-in byte model. */
    public static List<Compressor> all() {
        return all(new LmzCompressor());
    }

    /**
     * Compressors named by a comma-separated list of keys ({@code "gzip,xz,lmzip"}), or every one
     * for {@code "all"}; {@code lmzip} stands for the given lmzip compressor.
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public static List<Compressor> select(String keys, Compressor lmzip) {
        if (keys == null || keys.isBlank() || keys.trim().equalsIgnoreCase("all")) {
            return all(lmzip);
        }
        List<Compressor> list = new ArrayList<>();
        for (String raw : keys.split(",")) {
            String k = raw.trim().toLowerCase(Locale.ROOT);
            if (k.isEmpty()) {
                continue;
            }
            if (k.equals("lmzip")) {
                list.add(lmzip);
            } else if (BASELINES.containsKey(k)) {
                list.add(BASELINES.get(k).get());
            } else {
                throw new IllegalArgumentException("unknown compressor '" + raw.trim() + "'; known: " + String.join(", ", keys()));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no compressor selected");
        }
        return list;
    }
}
