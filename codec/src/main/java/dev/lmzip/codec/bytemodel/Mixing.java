package dev.lmzip.codec.bytemodel;

/**
 * Gated linear mixing in the stretched domain, as the built-in models do it: a weight set (16.16
 * fixed point) at {@code base} of a weight array, a dot product clamped to ±2047, and the update
 * {@code w += x·err >> 13}. Callers choose the set and scale {@code err} by their learning rate.
 */
public final class Mixing {
    private Mixing() {
    }

    /** The mixed stretched probability of inputs {@code x[0..n)} under the set at {@code base}. */
    public static int dot(int[] w, int base, int[] x, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (long) x[i] * w[base + i];
        }
        return (int) Math.max(-2047, Math.min(2047, sum >> 16));
    }

    /** Moves the set at {@code base} along the inputs by {@code err} (the 12-bit error times the rate). */
    public static void learn(int[] w, int base, int[] x, int n, int err) {
        for (int i = 0; i < n; i++) {
            w[base + i] += (x[i] * err) >> 13;
        }
    }
}
