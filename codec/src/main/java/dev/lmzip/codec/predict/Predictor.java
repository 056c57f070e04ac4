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

    /**
     * Where the writer's byte-model fallback runs, when it is on: false (the default) before this
     * predictor, its size being the budget a slow predictor must beat (and may give up on); true
     * after it, and only on frames this predictor coded to more than 5/8 or less than 1/4 of their
     * size — for a predictor far better than the byte model on most of its own data (the media model
     * on photographs and speech), which would otherwise spend as much time again on a byte model that
     * does not win; the byte model does win on data that is not really its kind (above 5/8) and on
     * very regular data such as large flat areas (below 1/4: moon.png).
     */
    default boolean fallbackAfter() {
        return false;
    }

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
