package dev.lmzip.model.predict;

/**
 * What a lane keeps when its context window is full: it restarts on the start token plus its last
 * {@code keep(window) - 1} tokens, re-evaluated from position 0 (so every position the model sees
 * is one it was trained on). Recorded in the header params as {@code slide=LABEL} (every lmzip
 * writer has recorded it; {@link #HALF} was the only slide before 2026-11-25).
 *
 * <p>The re-evaluation costs {@code keep} tokens every {@code window - keep} coded tokens:
 * {@link #HALF} doubles the model's work, {@link #QUARTER} adds a third, {@link #EIGHTH} a
 * seventh. Measured on alice29.txt with the house model and online mixing, {@code QUARTER} codes
 * 0.04 % larger and 22 % faster than {@code HALF}; {@code EIGHTH} (with online version 5, first
 * 100 KB, 2026-11-26) 0.02 % larger than {@code QUARTER} and 10–13 % faster, so new files use it.
 */
public enum Slide {
    HALF("half", 2),
    QUARTER("quarter", 4),
    EIGHTH("eighth", 8);

    /** The slide new files use. */
    public static final Slide DEFAULT = EIGHTH;

    public final String label;
    private final int divisor;

    Slide(String label, int divisor) {
        this.label = label;
        this.divisor = divisor;
    }

    /** Tokens kept, the start token included (at least 1). */
    public int keep(int window) {
        return Math.max(1, window / divisor);
    }

    public static Slide of(String label) {
        for (Slide s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown slide '" + label + "' (half, quarter, eighth)");
    }

    /** The slide a file's params record ({@link #HALF} when absent). */
    public static Slide fromParams(byte[] params) {
        String label = LmPredictor.param(params, "slide");
        return label == null ? HALF : of(label);
    }
}
