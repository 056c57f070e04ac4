package dev.lmzip.codec.media;

/**
 * What a media context (pixels, PCM) tells the value coder before each sample: integer predictions
 * of the sample in the coded (unsigned) domain, a scale of the expected error, a small selector
 * for the mixer, and a few context hashes. Filled by {@link #prepare}, told the true value by
 * {@link #commit}; both in a fixed order, integer only.
 */
abstract class SamplePredictions {
    /** Predictions of the next value, each in {@code [0, 2^bits)}; index 0 is the main one. */
    final int[] predictions;
    /** Context hashes of the next value (any int; 0 is a valid hash). */
    final int[] hashes;
    /** Expected absolute error of the main prediction, in 1/16 units, at least 16. */
    int scale16;
    /** Mixer weight-set selector in {@code [0, 8)}. */
    int selector;

    SamplePredictions(int predictionCount, int hashCount) {
        predictions = new int[predictionCount];
        hashes = new int[hashCount];
    }

    /** Fills the fields for value {@code index} of the frame (values before it were committed). */
    abstract void prepare(int index);

    /** The true value {@code value} (unsigned domain) of the index last prepared. */
    abstract void commit(int value);

    static int clamp(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    static int hash(int a, int b, int c) {
        int h = a * 0x2F0B4A13 + b * 0x6F4F2A35 + c * 0x5BD1E995;
        h ^= h >>> 15;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }

    /** floor(log2(v)) for v ≥ 1, 0 for v ≤ 1. */
    static int log2(int v) {
        return v <= 1 ? 0 : 31 - Integer.numberOfLeadingZeros(v);
    }
}
