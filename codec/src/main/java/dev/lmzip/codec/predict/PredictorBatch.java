package dev.lmzip.codec.predict;

import dev.lmzip.codec.rangecoder.Distribution;

/**
 * Independent frame states ("lanes") that advance one symbol per step together, so a model can
 * read its weights once for all of them. Lanes start empty at {@link #reset(int)}.
 */
public interface PredictorBatch extends AutoCloseable {
    int lanes();

    /**
     * Forgets the history of {@code lane}: the next prediction is the first of a new frame of
     * {@code frameLength} raw bytes (known to both encoder and decoder from the frame header).
     */
    void reset(int lane, int frameLength);

    /**
     * Computes the next-symbol table of each lane in {@code active[0..count)} into
     * {@code out[lane]}. A returned table stays valid until the next call for that lane.
     */
    void predict(int[] active, int count, Distribution[] out);

    /** Appends {@code symbols[lane]} to the history of each lane in {@code active[0..count)}. */
    void update(int[] active, int count, int[] symbols);

    @Override
    default void close() {
    }
}
