package dev.lmzip.codec.rangecoder;

/**
 * Turns non-negative integer weights (e.g. a fixed-point softmax) into frequencies for the range
 * coder: every symbol gets at least 1, the sum is exactly {@code 2^precisionBits}. Integer only,
 * so encoder and decoder agree bit for bit.
 *
 * <p>Rule: with {@code W = Σ w}, budget {@code B = T - n} and {@code r = floor(2^33 * B / W)},
 * {@code f[i] = 1 + floor(w[i] * r / 2^33)} (one division per table, not per symbol; never above
 * {@code 1 + w[i] * B / W}, and {@code w[i] * r < 2^63} because {@code w[i] ≤ W}); the remainder
 * {@code T - Σ f} goes to the first symbol of largest weight. When all weights are zero the
 * distribution is uniform-plus-remainder on symbol 0.
 */
public final class FrequencyQuantizer {
    private final int precisionBits;
    private final int total;

    public FrequencyQuantizer(int precisionBits) {
        if (precisionBits < 1 || precisionBits > RangeCoder.MAX_PRECISION_BITS) {
            throw new IllegalArgumentException("precision " + precisionBits);
        }
        this.precisionBits = precisionBits;
        this.total = 1 << precisionBits;
    }

    public int precisionBits() {
        return precisionBits;
    }

    public int total() {
        return total;
    }

    /**
     * Fills {@code freq[0..n)}.
     *
     * @param weights non-negative, each below 2^32 (so {@code w * T} cannot overflow)
     */
    public void quantize(long[] weights, int n, int[] freq) {
        if (n < 1 || n > total) {
            throw new IllegalArgumentException("alphabet of " + n + " symbols does not fit total " + total);
        }
        long sum = 0;
        int argmax = 0;
        for (int i = 0; i < n; i++) {
            long w = weights[i];
            if (w < 0 || w >= 1L << 32) {
                throw new IllegalArgumentException("weight " + w + " of symbol " + i);
            }
            sum += w;
            if (w > weights[argmax]) {
                argmax = i;
            }
        }
        long budget = total - n;
        long used = 0;
        if (sum == 0) {
            for (int i = 0; i < n; i++) {
                freq[i] = 1;
            }
            used = n;
        } else {
            long r = (budget << 33) / sum; // budget < 2^30, so budget << 33 < 2^63
            for (int i = 0; i < n; i++) {
                int f = 1 + (int) ((weights[i] * r) >>> 33);
                freq[i] = f;
                used += f;
            }
        }
        freq[argmax] += (int) (total - used);
    }

    /** Same as {@link #quantize(long[], int, int[])} for int weights. */
    public void quantize(int[] weights, int n, int[] freq) {
        long[] w = new long[n];
        for (int i = 0; i < n; i++) {
            w[i] = weights[i];
        }
        quantize(w, n, freq);
    }
}
