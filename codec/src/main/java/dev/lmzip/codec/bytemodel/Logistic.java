package dev.lmzip.codec.bytemodel;

/**
 * Fixed-point logistic functions of the byte model: {@code squash(d) = 4096 / (1 + e^(-d/256))}
 * and its inverse {@code stretch}. The tables are built once with {@link StrictMath} (bit-exact on
 * every JVM) and integer rounding; after that only integers are used.
 */
public final class Logistic {
    private static final int[] KNOTS = new int[33];
    private static final short[] STRETCH = new short[4096];

    static {
        for (int i = 0; i < 33; i++) {
            double x = (i - 16) * 128 / 256.0;
            KNOTS[i] = (int) StrictMath.round(4096.0 / (1.0 + StrictMath.exp(-x)));
        }
        int p = 0;
        for (int d = -2047; d <= 2047; d++) {
            int s = squash(d);
            for (int j = p; j <= s; j++) {
                STRETCH[j] = (short) d;
            }
            p = s + 1;
        }
        for (int j = p; j < 4096; j++) {
            STRETCH[j] = 2047;
        }
    }

    private Logistic() {
    }

    /** d in stretch units (±2047) → probability in (0, 4096), clamped to [1, 4095]. */
    public static int squash(int d) {
        if (d > 2047) {
            d = 2047;
        } else if (d < -2047) {
            d = -2047;
        }
        int w = d & 127;
        int i = (d >> 7) + 16;
        int p = (KNOTS[i] * (128 - w) + KNOTS[i + 1] * w + 64) >> 7;
        return p < 1 ? 1 : Math.min(p, 4095);
    }

    /** probability in [0, 4096) → stretch units. */
    public static int stretch(int p) {
        return STRETCH[p];
    }
}
