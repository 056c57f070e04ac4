package dev.lmzip.codec.bytemodel;

/**
 * The adaptive bit counters of the built-in models: an int holding a 22-bit probability of a 1
 * and a 10-bit count; the probability moves by {@code 1/(n + 1.5)} of the error, so a young
 * counter learns fast and an old one averages, until the count reaches its limit.
 */
public final class Counters {
    /** A counter that has seen nothing: probability 1/2, count 0. */
    public static final int INITIAL = 1 << 31;
    private static final int[] RECIPROCAL = new int[1024]; // 2^16 * 2 / (2n + 3)

    static {
        for (int n = 0; n < RECIPROCAL.length; n++) {
            RECIPROCAL[n] = (65536 * 2) / (2 * n + 3);
        }
    }

    private Counters() {
    }

    /** The probability of a 1 in 1/4096. */
    public static int p12(int counter) {
        return counter >>> 20;
    }

    /** Learns bit {@code y} in {@code t[i]}; the count stops at {@code limit} (at most 1023). */
    public static void train(int[] t, int i, int y, int limit) {
        int s = t[i];
        int n = s & 1023;
        int p = s >>> 10;
        int target = y == 0 ? 0 : (1 << 22) - 1;
        p += (int) (((long) (target - p) * RECIPROCAL[n]) >> 16);
        if (n < limit) {
            n++;
        }
        t[i] = (p << 10) | n;
    }
}
