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
 * The second built-in byte predictor ({@code bytes2}, frame method 4): the byte model with the
 * contexts binary files need (sparse, record, fixed-width fields, word) and a second match model;
 * about half the speed of {@code bytes}. See {@link BitModel2}. Everything starts empty at each
 * frame.
 *
 * <p>Changing anything that decides a probability must change {@link #PARAMETERS}, which feeds
 * the fingerprint, so old files are refused rather than mis-decoded.
 */
public final class ByteModel2 implements Predictor {
    public static final String ID = "bytes2";
    static final String PARAMETERS =
            "lmzip bytes model v2: orders 0,1 direct; hashed orders 2,3,4,6, sparse 2 / 2-3 / 3-4 / 1+4, record (period from"
                    + " repeated equal-byte distances <= 4096, score >= 8, every 1024 bytes) 1+2 periods back / 1 back + last byte /"
                    + " neighbours 1 back, word, order 2 x position mod 4, column in record x last byte, in one shared table of"
                    + " 2^min(23, log2(8*len)+3) nibble-slotted 22-bit counters limit 20; match min 6 and min 20; mixers 19 inputs x"
                    + " 256 (c0) and x 96 (bit x match x record phase) start 1/10, bias 0, lr 4>>13, averaged; apm order-1 and hashed order-2 33 knots,"
                    + " final (2 mix + apm1 + apm2)/4, precision 12";

    static final int PRECISION_BITS = 12;

    private final byte[] fingerprint;

    public ByteModel2() {
        try {
            fingerprint = MessageDigest.getInstance("SHA-256").digest(PARAMETERS.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
        return new byte[0];
    }

    @Override
    public int precisionBits() {
        return PRECISION_BITS;
    }

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
        return new Batch(lanes);
    }

    @Override
    public String describe() {
        return ID + " (" + PARAMETERS + ")";
    }

    private static final class Batch implements PredictorBatch {
        private final BitModel2[] models;

        Batch(int lanes) {
            models = new BitModel2[lanes];
            for (int i = 0; i < lanes; i++) {
                models[i] = new BitModel2();
            }
        }

        @Override
        public int lanes() {
            return models.length;
        }

        @Override
        public void reset(int lane, int frameLength) {
            models[lane].reset(frameLength);
        }

        @Override
        public void predict(int[] active, int count, Distribution[] out) {
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                out[lane] = models[lane].predict();
            }
        }

        @Override
        public void update(int[] active, int count, int[] symbols) {
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                models[lane].update(symbols[lane]);
            }
        }
    }
}
