package dev.lmzip.model.mix;

/**
 * {@code stretch(p) = ln(p / (1 - p))} in units of 1/256, clamped to ±2047, for 16-bit
 * probabilities: finer near 0 and 1 than the 12-bit table of the byte model, which matters for a
 * confident language model. Built once with {@link StrictMath}, so identical on every JVM.
 */
final class Stretch {
    private static final short[] TABLE = new short[65536];

    static {
        TABLE[0] = -2047;
        for (int p = 1; p < 65536; p++) {
            long d = StrictMath.round(256.0 * StrictMath.log((double) p / (65536 - p)));
            TABLE[p] = (short) Math.max(-2047, Math.min(2047, d));
        }
    }

    private Stretch() {
    }

    /** p in {@code [0, 65536)} → stretch units. */
    static int of16(int p) {
        return TABLE[p];
    }
}
