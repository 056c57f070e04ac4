package dev.lmzip.codec.container;

/** The first byte of every frame (docs/format.md, FrameHeader). */
public enum Method {
    END(0), STORED(1), CODED(2),
    /** Coded by the built-in byte context model whatever the file's predictor (the per-frame fallback until 2026-11-26). */
    BYTES(3),
    /** Coded by the second built-in byte model ({@code bytes2}) whatever the file's predictor (the fallback since 2026-11-26). */
    BYTES2(4);

    public final int code;

    Method(int code) {
        this.code = code;
    }

    /** The data-frame method with this code, or null for END and unknown codes. */
    public static Method dataMethod(int code) {
        return switch (code) {
            case 1 -> STORED;
            case 2 -> CODED;
            case 3 -> BYTES;
            case 4 -> BYTES2;
            default -> null;
        };
    }
}
