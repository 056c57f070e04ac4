package dev.lmzip.codec.rangecoder;

/**
 * The arithmetic shared by {@link RangeEncoder} and {@link RangeDecoder} (docs/format.md,
 * "Range coder"): 56 live bits of {@code low}, {@code range} kept in [2^48, 2^56].
 */
public final class RangeCoder {
    /** Largest allowed frequency total is 2^30. */
    public static final int MAX_PRECISION_BITS = 30;
    public static final int MAX_TOTAL = 1 << MAX_PRECISION_BITS;

    static final int LIVE_BITS = 56;
    static final long TOP = 1L << LIVE_BITS;
    static final long BOTTOM = 1L << (LIVE_BITS - 8);
    static final long LOW_MASK = TOP - 1;
    /** Bytes of code the decoder primes itself with. */
    static final int CODE_BYTES = LIVE_BITS / 8;

    private RangeCoder() {
    }

    /** The width of one frequency unit for this table; also checks the table entry. */
    static long unit(long range, int total, int cum, int freq) {
        if (freq < 1 || cum < 0 || total > MAX_TOTAL || (long) cum + freq > total) {
            throw new IllegalArgumentException(
                    "bad frequency entry: cum " + cum + " freq " + freq + " total " + total);
        }
        return range / total;
    }
}
