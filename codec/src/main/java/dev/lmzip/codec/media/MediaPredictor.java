package dev.lmzip.codec.media;

import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.codec.rangecoder.Distribution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The built-in predictor for images and audio ({@code media}): codes 8-bit image samples or 8/16-bit
 * PCM samples from predictions by their neighbours in space or time (see {@link MediaModel},
 * docs/media.md). The layout (image shape or PCM format, header length) is a parameter recorded in
 * the file header, so a file decodes without being told it. Each frame starts at the first sample
 * of the layout: the command line codes a media file as one frame.
 *
 * <p>Changing anything that decides a probability must change {@link #PARAMETERS}.
 */
public final class MediaPredictor implements Predictor {
    public static final String ID = "media";
    static final String PARAMETERS = "lmzip media model v1: image 13 predictions (MED, GAP, neighbours, planes,"
            + " channel differences; main MED or channel-corrected MED), audio 9 predictions (cascade NLMS 32 step 1/8 +"
            + " NLMS 16 on its residual, NLMS 16 step 1 on samples, fixed 1-3, means, channel difference);"
            + " distance buckets 40 x scale buckets 16 with Laplace prior of 30 observations, fine 8-bit contexts,"
            + " order 0, hashed 2-3, mixers bit x selector and bit x distance lr 3>>13 plus 6·1024/(1024+n),"
            + " apm bit x distance and bit x scale x selector, final (2 mix + apm1 + apm2)/4, plain bytes order 0+1,"
            + " precision 12";
    static final int PRECISION_BITS = 12;

    private final MediaLayout layout;
    private final byte[] fingerprint;
    private final MediaSymbolizer symbolizer;

    public MediaPredictor(MediaLayout layout) {
        this.layout = layout;
        this.symbolizer = new MediaSymbolizer(layout);
        try {
            fingerprint = MessageDigest.getInstance("SHA-256").digest(PARAMETERS.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The predictor a file header describes. */
    public static MediaPredictor fromParams(byte[] params) throws ModelMismatchException {
        try {
            return new MediaPredictor(MediaLayout.fromParams(params));
        } catch (IllegalArgumentException e) {
            throw new ModelMismatchException("the file's media parameters are not supported: " + e.getMessage());
        }
    }

    public MediaLayout layout() {
        return layout;
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
        return layout.params();
    }

    @Override
    public int precisionBits() {
        return PRECISION_BITS;
    }

    @Override
    public Symbolizer symbolizer() {
        return symbolizer;
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
        MediaModel[] models = new MediaModel[lanes];
        for (int i = 0; i < lanes; i++) {
            models[i] = new MediaModel(layout);
        }
        return new PredictorBatch() {
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
                    out[active[i]] = models[active[i]].predict();
                }
            }

            @Override
            public void update(int[] active, int count, int[] symbols) {
                for (int i = 0; i < count; i++) {
                    models[active[i]].update(symbols[active[i]]);
                }
            }
        };
    }

    @Override
    public String describe() {
        return ID + " " + layout.spec() + " (header " + layout.offset() + " bytes)";
    }
}
