package dev.lmzip.model.mix;

/**
 * Adaptive probability counters packed in an int: the probability of a 1 in 22 bits (high part)
 * and a visit count in 10 bits (low part). An update moves the probability towards the coded bit
 * by {@code 1 / (n + 1.5)} (a running average while {@code n} is small), and by at least
 * {@code 1 / (limit + 1.5)} once the count reaches {@code limit}.
 */
final class Counter {
    /** p = 1/2, n = 0. */
    static final int INITIAL = 1 << 31;
    private static final int[] RECIPROCAL = new int[1024]; // 2^16 * 2 / (2n + 3)

    static {
        for (int n = 0; n < RECIPROCAL.length; n++) {
            RECIPROCAL[n] = (65536 * 2) / (2 * n + 3);
        }
    }

    private Counter() {
    }

    /** Probability of a 1 in 12 bits, {@code [0, 4096)}. */
    static int p12(int state) {
        return state >>> 20;
    }

    /** Probability of a 1 in 16 bits, {@code [0, 65536)}. */
    static int p16(int state) {
        return state >>> 16;
    }

    static int count(int state) {
        return state & 1023;
    }

    /** The state after coding bit {@code y}. */
    static int update(int state, int y, int limit) {
        int n = state & 1023;
        int p = state >>> 10;
        int target = y == 0 ? 0 : (1 << 22) - 1;
        p += (int) (((long) (target - p) * RECIPROCAL[n]) >> 16);
        if (n < limit) {
            n++;
        }
        return (p << 10) | n;
    }
}
