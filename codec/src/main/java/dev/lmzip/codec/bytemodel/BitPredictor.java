package dev.lmzip.codec.bytemodel;

import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.codec.rangecoder.BinaryDistribution;
import dev.lmzip.codec.rangecoder.Distribution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A built-in predictor that codes one bit at a time with a cheap per-frame model ({@link State}):
 * the byte models and the media model. One lane per batch, batches on any thread; the
 * fingerprint is the SHA-256 of the model's canonical parameter string.
 */
public abstract class BitPredictor implements Predictor {
    /** Frequency precision of every bit predictor: probabilities in 1/4096. */
    public static final int PRECISION_BITS = 12;

    /** The state of one frame. */
    public interface State {
        /** Forgets everything: a new frame of {@code frameLength} bytes starts. */
        void reset(int frameLength);

        /** The probability of the next bit. */
        BinaryDistribution predict();

        /** Learns the bit and moves on. */
        void update(int bit);
    }

    private final String id;
    private final byte[] fingerprint;

    protected BitPredictor(String id, String parameters) {
        this.id = id;
        this.fingerprint = sha256(parameters);
    }

    /** A fresh state for one lane. */
    protected abstract State newState();

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    @Override
    public byte[] params() {
        return new byte[0];
    }

    @Override
    public int precisionBits() {
        return PRECISION_BITS;
    }

    /** Bytes as 8 bits each, most significant first, unless a subclass orders them otherwise. */
    @Override
    public Symbolizer symbolizer() {
        return BitSymbolizer.INSTANCE;
    }

    @Override
    public int preferredLanes() {
        return 1;
    }

    @Override
    public boolean concurrentBatches() {
        return true;
    }

    @Override
    public PredictorBatch newBatch(int lanes) {
        State[] states = new State[lanes];
        for (int i = 0; i < lanes; i++) {
            states[i] = newState();
        }
        return new PredictorBatch() {
            @Override
            public int lanes() {
                return states.length;
            }

            @Override
            public void reset(int lane, int frameLength) {
                states[lane].reset(frameLength);
            }

            @Override
            public void predict(int[] active, int count, Distribution[] out) {
                for (int i = 0; i < count; i++) {
                    out[active[i]] = states[active[i]].predict();
                }
            }

            @Override
            public void update(int[] active, int count, int[] symbols) {
                for (int i = 0; i < count; i++) {
                    states[active[i]].update(symbols[active[i]]);
                }
            }
        };
    }
}
