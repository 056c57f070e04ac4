package dev.lmzip.model.predict;

import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.codec.rangecoder.Distribution;
import dev.lmzip.codec.rangecoder.FrequencyQuantizer;
import dev.lmzip.codec.rangecoder.FrequencyTable;
import dev.lmzip.model.fixed.ForwardEngine;
import dev.lmzip.model.fixed.SequenceCache;
import dev.lmzip.tokenizer.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The language model as a {@link Predictor}: symbols are token ids, each frame starts with
 * {@code <|endoftext|>} as its first input, and lanes advance together through the batched engine.
 * When a lane's context window fills, it restarts on its last {@code window/2} tokens (a
 * deterministic slide, recorded in the header params).
 */
public final class LmPredictor implements Predictor {
    public static final String ID = "lm";
    /** Frequency precision: 2^28 keeps the quantizer's loss under 0.1% on peaked 50k-wide distributions. */
    public static final int PRECISION_BITS = 28;

    private final ForwardEngine engine;
    private final Tokenizer tokenizer;
    private final byte[] fingerprint;
    private final int window;
    private final int lanes;
    private final int symbols;
    private final int startToken;

    /**
     * @param fingerprint SHA-256 of the model file (covers weights and tokenizer)
     * @param window      context window in tokens (≤ the model's maximum positions)
     * @param lanes       segments advanced together per step
     */
    public LmPredictor(ForwardEngine engine, Tokenizer tokenizer, byte[] fingerprint, int window, int lanes) {
        this.engine = engine;
        this.tokenizer = tokenizer;
        this.fingerprint = fingerprint.clone();
        this.window = Math.min(window, engine.shape().maxPositions());
        this.lanes = lanes;
        if (tokenizer.vocabSize() > engine.shape().vocab()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize() + " ids but the model only "
                    + engine.shape().vocab());
        }
        this.symbols = tokenizer.vocabSize();
        this.startToken = Math.max(0, tokenizer.endOfTextId());
        if (this.window < 2) {
            throw new IllegalArgumentException("context window must be at least 2 tokens");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    @Override
    public byte[] params() {
        return ("context=" + window + "\nslide=half\nstart=" + startToken).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int precisionBits() {
        return PRECISION_BITS;
    }

    @Override
    public Symbolizer symbolizer() {
        return new TokenSymbolizer(tokenizer, symbols);
    }

    @Override
    public int preferredLanes() {
        return lanes;
    }

    @Override
    public boolean concurrentBatches() {
        return false;
    }

    @Override
    public PredictorBatch newBatch(int n) {
        return new Batch(n);
    }

    @Override
    public String describe() {
        return ID + " (" + engine.shape() + ", kernels " + engine.kernelName() + ")";
    }

    public ForwardEngine engine() {
        return engine;
    }

    private final class Batch implements PredictorBatch {
        private final SequenceCache[] caches;
        private final int[][] history;
        private final int[] historyLength;
        /** Tokens of each lane not yet fed to the engine (1 normally; more after a slide). */
        private final int[][] pending;
        private final int[] pendingLength;
        private final int[][] weights;
        private final long[] weightsLong;
        private final int[] freq;
        private final FrequencyTable[] tables;
        private final FrequencyQuantizer quantizer = new FrequencyQuantizer(PRECISION_BITS);

        Batch(int n) {
            caches = new SequenceCache[n];
            history = new int[n][];
            historyLength = new int[n];
            pending = new int[n][];
            pendingLength = new int[n];
            weights = new int[n][];
            tables = new FrequencyTable[n];
            for (int i = 0; i < n; i++) {
                caches[i] = engine.newCache(window);
                history[i] = new int[window];
                pending[i] = new int[window];
                weights[i] = new int[engine.shape().vocab()];
                tables[i] = new FrequencyTable(symbols);
            }
            weightsLong = new long[symbols];
            freq = new int[symbols];
        }

        @Override
        public int lanes() {
            return caches.length;
        }

        @Override
        public void reset(int lane, int frameLength) {
            caches[lane].clear();
            historyLength[lane] = 0;
            pending[lane][0] = startToken;
            pendingLength[lane] = 1;
        }

        @Override
        public void predict(int[] active, int count, Distribution[] out) {
            int rows = 0;
            for (int i = 0; i < count; i++) {
                rows += pendingLength[active[i]];
            }
            SequenceCache[] rowCache = new SequenceCache[rows];
            int[] rowToken = new int[rows];
            int[][] rowWeights = new int[rows][];
            int r = 0;
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                for (int p = 0; p < pendingLength[lane]; p++) {
                    rowCache[r] = caches[lane];
                    rowToken[r] = pending[lane][p];
                    rowWeights[r] = p == pendingLength[lane] - 1 ? weights[lane] : null;
                    r++;
                }
                pendingLength[lane] = 0;
            }
            engine.forward(rowCache, rowToken, rows, rowWeights);
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                int[] w = weights[lane];
                for (int s = 0; s < symbols; s++) {
                    weightsLong[s] = w[s];
                }
                quantizer.quantize(weightsLong, symbols, freq);
                out[lane] = tables[lane].set(freq, symbols);
            }
        }

        @Override
        public void update(int[] active, int count, int[] symbolsOut) {
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                int token = symbolsOut[lane];
                int[] hist = history[lane];
                if (historyLength[lane] == hist.length) {
                    // keep the most recent half of the history
                    int keep = hist.length / 2;
                    System.arraycopy(hist, hist.length - keep, hist, 0, keep);
                    historyLength[lane] = keep;
                }
                hist[historyLength[lane]++] = token;
                if (caches[lane].length() + 1 > window) {
                    // window full: restart on <start> + the last window/2 - 1 tokens
                    int keep = window / 2 - 1;
                    caches[lane].clear();
                    pending[lane][0] = startToken;
                    System.arraycopy(hist, historyLength[lane] - keep, pending[lane], 1, keep);
                    pendingLength[lane] = keep + 1;
                } else {
                    pending[lane][0] = token;
                    pendingLength[lane] = 1;
                }
            }
        }

        @Override
        public void close() {
            for (SequenceCache c : caches) {
                if (c != null) {
                    c.close();
                }
            }
            Arrays.fill(caches, null);
        }
    }
}
