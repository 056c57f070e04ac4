package dev.lmzip.model.fixed;

/**
 * A forward pass of the fixed-point model (docs/model-format.md, "Arithmetic"): the CPU
 * {@link Engine} and the CUDA engine ({@code dev.lmzip.model.gpu.GpuEngine}) implement it with
 * bit-identical results, so {@code LmPredictor} can run on either.
 */
public interface ForwardEngine extends AutoCloseable {
    ModelShape shape();

    /** The kernels in use, for messages: {@code scalar}, {@code 256}, {@code cuda (NVIDIA H100 …)}. */
    String kernelName();

    /** A new, empty per-segment cache of keys and values holding up to {@code capacity} positions. */
    SequenceCache newCache(int capacity);

    /**
     * Runs {@code n} rows: row {@code i} feeds {@code tokens[i]} at position {@code caches[i].length()}
     * (rows of one cache consecutive and in order) and appends its keys and values. For every row with
     * {@code weightsOut[i] != null}, fills it with the next-token weights ({@code e^(logit - max)} in Q30).
     * The caches must come from this engine's {@link #newCache}.
     */
    void forward(SequenceCache[] caches, int[] tokens, int n, int[][] weightsOut);

    /**
     * As {@link #forward}, but each row with {@code hiddenOut[i] != null} gets the final LayerNorm's
     * output (Q12, {@code shape().hidden()} values) instead of next-token weights: for a predictor that
     * applies its own copy of the output layer through {@link #headWeights}.
     */
    void forwardHidden(SequenceCache[] caches, int[] tokens, int n, int[][] hiddenOut);

    /** The model's output layer (lm_head) in the kernels' layout, the matrix {@link #headWeights} takes copies of. */
    PanelLinear lmHead();

    /**
     * Next-token weights ({@code e^(logit - max)} in Q30) of one final hidden state from
     * {@link #forwardHidden} through {@code head}, a matrix of the lm_head's shape: with the model's
     * own lm_head exactly {@link #forward}'s weights. Computed on the CPU by every engine, the same
     * arithmetic whichever engine made {@code hidden}.
     */
    void headWeights(PanelLinear head, int[] hidden, int[] weightsOut);

    @Override
    void close();
}
