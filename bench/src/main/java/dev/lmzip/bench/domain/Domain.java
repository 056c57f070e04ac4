package dev.lmzip.bench.domain;

import java.util.Locale;

/** The three data domains of "Language Modeling Is Compression" (Delétang et al., 2024), Table 1. */
public enum Domain {
    TEXT("Text"),
    IMAGES("Images"),
    AUDIO("Audio");

    private final String label;

    Domain(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code text}, {@code images} (or {@code image}), {@code audio}. */
    public static Domain parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "text" -> TEXT;
            case "images", "image" -> IMAGES;
            case "audio" -> AUDIO;
            default -> throw new IllegalArgumentException("unknown domain '" + s + "'; known: text, images, audio");
        };
    }
}
