package dev.lmzip.codec.rangecoder;

/**
 * An integer frequency table for the next symbol: every symbol has frequency ≥ 1 and the
 * frequencies sum to {@link #total()}. The range coder only ever sees this.
 */
public interface Distribution {
    /** Number of symbols. */
    int size();

    /** Sum of all frequencies, at most {@link RangeCoder#MAX_TOTAL}. */
    int total();

    /** Frequency of symbol {@code s}, at least 1. */
    int freq(int s);

    /** Sum of the frequencies of the symbols before {@code s}. */
    int cumFreq(int s);

    /** The symbol {@code s} with {@code cumFreq(s) <= target < cumFreq(s) + freq(s)}; {@code 0 <= target < total()}. */
    int symbolAt(int target);
}
