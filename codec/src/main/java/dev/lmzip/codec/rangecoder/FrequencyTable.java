package dev.lmzip.codec.rangecoder;

import java.util.Arrays;

/**
 * A dense table over a large alphabet (a 50k-token vocabulary), with cumulative sums so that
 * encoding is O(1) and decoding a binary search. Reusable: {@link #set} refills it in place.
 */
public final class FrequencyTable implements Distribution {
    private int size;
    private int[] cum; // cum[s] = Σ freq[0..s); cum[size] = total

    public FrequencyTable(int capacity) {
        this.cum = new int[capacity + 1];
    }

    /** Copies frequencies (each ≥ 1, sum ≤ MAX_TOTAL) into this table. */
    public FrequencyTable set(int[] freq, int n) {
        if (cum.length < n + 1) {
            cum = new int[n + 1];
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int f = freq[i];
            if (f < 1) {
                throw new IllegalArgumentException("frequency of symbol " + i + " is " + f);
            }
            cum[i] = (int) sum;
            sum += f;
            if (sum > RangeCoder.MAX_TOTAL) {
                throw new IllegalArgumentException("total exceeds 2^" + RangeCoder.MAX_PRECISION_BITS);
            }
        }
        cum[n] = (int) sum;
        this.size = n;
        return this;
    }

    public static FrequencyTable of(int... freq) {
        return new FrequencyTable(freq.length).set(freq, freq.length);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int total() {
        return cum[size];
    }

    @Override
    public int freq(int s) {
        return cum[s + 1] - cum[s];
    }

    @Override
    public int cumFreq(int s) {
        return cum[s];
    }

    @Override
    public int symbolAt(int target) {
        // largest s with cum[s] <= target
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cum[mid] <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public String toString() {
        return "FrequencyTable" + Arrays.toString(Arrays.copyOf(cum, Math.min(size + 1, 16)));
    }
}
