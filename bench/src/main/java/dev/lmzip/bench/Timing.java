package dev.lmzip.bench;

import java.util.Arrays;

/** Wall times of the repeated runs of one operation, in nanoseconds. */
public record Timing(long medianNanos, long minNanos, long maxNanos, int runs) {
    public static final Timing NONE = new Timing(0, 0, 0, 0);

    public static Timing of(long[] nanos) {
        if (nanos.length == 0) {
            return NONE;
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        long median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Timing(median, s[0], s[n - 1], n);
    }

    /** Megabytes (10^6 bytes) per second for {@code bytes} at the median time; 0 when unknown. */
    public double mbPerSecond(long bytes) {
        return rate(bytes, medianNanos);
    }

    /** The slowest run's speed. */
    public double minMbPerSecond(long bytes) {
        return rate(bytes, maxNanos);
    }

    /** The fastest run's speed. */
    public double maxMbPerSecond(long bytes) {
        return rate(bytes, minNanos);
    }

    private static double rate(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes * 1e3 / nanos; // bytes / 1e6 / (nanos / 1e9)
    }
}
