package dev.lmzip.model.predict;

import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.codec.rangecoder.Distribution;
import dev.lmzip.codec.rangecoder.FrequencyQuantizer;
import dev.lmzip.codec.rangecoder.FrequencyTable;
import dev.lmzip.model.fixed.ForwardEngine;
import dev.lmzip.tokenizer.Tokenizer;

import java.nio.charset.StandardCharsets;

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
    private final Slide slide;
    private final int lanes;
    private final int symbols;
    private final int startToken;

    /**
     * @param fingerprint SHA-256 of the model file (covers weights and tokenizer)
     * @param window      context window in tokens (≤ the model's maximum positions)
     * @param lanes       segments advanced together per step
     */
    public LmPredictor(ForwardEngine engine, Tokenizer tokenizer, byte[] fingerprint, int window, int lanes) {
        this(engine, tokenizer, fingerprint, window, lanes, Slide.DEFAULT);
    }

    /** As above with an explicit slide (a decoder follows the one the file records). */
    public LmPredictor(ForwardEngine engine, Tokenizer tokenizer, byte[] fingerprint, int window, int lanes, Slide slide) {
        this.engine = engine;
        this.slide = slide;
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

    /** The value of {@code key} in header params ({@code key=value} lines), or null when absent. */
    public static String param(byte[] params, String key) {
        for (String line : new String(params, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return null;
    }

    @Override
    public byte[] params() {
        return ("context=" + window + "\nslide=" + slide.label + "\nstart=" + startToken).getBytes(StandardCharsets.UTF_8);
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
        private final TokenWindows windows;
        private final long[] weightsLong;
        private final int[] freq;
        private final FrequencyTable[] tables;
        private final FrequencyQuantizer quantizer = new FrequencyQuantizer(PRECISION_BITS);

        Batch(int n) {
            windows = new TokenWindows(engine, n, window, startToken, slide);
            tables = new FrequencyTable[n];
            for (int i = 0; i < n; i++) {
                tables[i] = new FrequencyTable(symbols);
            }
            weightsLong = new long[symbols];
            freq = new int[symbols];
        }

        @Override
        public int lanes() {
            return tables.length;
        }

        @Override
        public void reset(int lane, int frameLength) {
            windows.reset(lane);
        }

        @Override
        public void predict(int[] active, int count, Distribution[] out) {
            windows.forward(active, count);
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                int[] w = windows.weights(lane);
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
                windows.push(lane, symbolsOut[lane]);
            }
        }

        @Override
        public void close() {
            windows.close();
        }
    }
}
