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
 * The fast built-in predictor ({@code bytes}): an adaptive binary context-mixing model over
 * bytes, integer only. Each byte is coded as 8 bits, MSB first. Per bit it mixes counters of
 * order-0…4 and order-6 contexts and a match model with a gated logistic mixer, then refines the
 * result with an adaptive probability map. Everything starts empty at each frame.
 *
 * <p>Changing anything that decides a probability must change {@link #PARAMETERS}, which feeds
 * the fingerprint, so old files are refused rather than mis-decoded.
 */
public final class ByteContextModel implements Predictor {
    public static final String ID = "bytes";
    static final String PARAMETERS =
            "lmzip bytes model v1: orders 0,1,2,3,4,6 nibble-slotted 22-bit counters, table bits log2(8*len)+1 in [12,22],"
                    + " match model min 6, mixer 8 inputs x 256 sets lr 3>>13, counter limit 255, apm order-1 33 knots weight 3/4, precision 12";

    static final int PRECISION_BITS = 12;

    private final byte[] fingerprint;

    public ByteContextModel() {
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
        private final BitModel[] models;

        Batch(int lanes) {
            models = new BitModel[lanes];
            for (int i = 0; i < lanes; i++) {
                models[i] = new BitModel();
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
