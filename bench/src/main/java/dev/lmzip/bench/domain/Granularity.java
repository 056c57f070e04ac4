package dev.lmzip.bench.domain;

import java.util.Locale;

/**
 * How a domain's files are cut: independent 2048-byte chunks (the paper's setting: text chunks,
 * 32×64 grey image patches, 8-bit audio chunks), or whole files (raw decoded bytes).
 */
public enum Granularity {
    CHUNKS("chunks of 2048 B"),
    WHOLE("whole files");

    /** Bytes per chunk, as in the paper. */
    public static final int CHUNK_BYTES = 2048;

    private final String label;

    Granularity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Granularity parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "chunks", "chunk", "patches" -> CHUNKS;
            case "whole", "files" -> WHOLE;
            default -> throw new IllegalArgumentException("unknown granularity '" + s + "'; known: chunks, whole");
        };
    }
}
