package dev.lmzip.codec.predict;

/**
 * The seam between the container and a model: it names itself for the file header, turns bytes
 * into symbols and back, and gives the integer frequency table of the next symbol of many frames
 * at once. Implementations must be deterministic: the same history gives the same table on any
 * machine, thread count or batch size.
 */
public interface Predictor extends AutoCloseable {
    /** Short ASCII name stored in the header ({@code bytes}, {@code lm}). */
    String id();

    /** SHA-256 of everything that decides a probability (algorithm, parameters, weights, tokenizer). */
    byte[] fingerprint();

    /** Parameters recorded in the header beside the fingerprint (UTF-8 {@code key=value} lines); may be empty. */
    byte[] params();

    /** Largest frequency total of its tables is {@code 2^precisionBits()}. */
    int precisionBits();

    /** How bytes become symbols for this predictor. */
    Symbolizer symbolizer();

    /** Number of frames it prefers to advance together in one {@link PredictorBatch}. */
    int preferredLanes();

    /**
     * True when separate batches may run on separate threads (cheap models); false when the
     * predictor parallelises inside one batch itself (the language model engine).
     */
    boolean concurrentBatches();

    /** A fresh batch of {@code lanes} independent frame states. */
    PredictorBatch newBatch(int lanes);

    /** One line for {@code lmzip info}. */
    default String describe() {
        return id();
    }

    @Override
    default void close() {
    }
}
