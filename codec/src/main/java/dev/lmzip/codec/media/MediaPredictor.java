package dev.lmzip.codec.media;

import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.bytemodel.BitPredictor;
import dev.lmzip.codec.predict.Symbolizer;

/**
 * The built-in predictor for images and audio ({@code media}): codes 8-bit image samples or 8/16-bit
 * PCM samples from predictions by their neighbours in space or time (see {@link MediaModel},
 * docs/media.md). The layout (image shape or PCM format, header length) is a parameter recorded in
 * the file header, so a file decodes without being told it. Each frame starts at the first sample
 * of the layout: the command line codes a media file as one frame.
 *
 * <p>Changing anything that decides a probability must change {@link #PARAMETERS}.
 */
public final class MediaPredictor extends BitPredictor {
    public static final String ID = "media";
    static final String PARAMETERS = "lmzip media model v1: image 13 predictions (MED, GAP, neighbours, planes,"
            + " channel differences; main MED or channel-corrected MED), audio 9 predictions (cascade NLMS 32 step 1/8 +"
            + " NLMS 16 on its residual, NLMS 16 step 1 on samples, fixed 1-3, means, channel difference);"
            + " distance buckets 40 x scale buckets 16 with Laplace prior of 30 observations, fine 8-bit contexts,"
            + " order 0, hashed 2-3, mixers bit x selector and bit x distance lr 3>>13 plus 6*1024/(1024+n),"
            + " apm bit x distance and bit x scale x selector, final (2 mix + apm1 + apm2)/4, plain bytes order 0+1,"
            + " precision 12";

    private final MediaLayout layout;
    private final MediaSymbolizer symbolizer;

    public MediaPredictor(MediaLayout layout) {
        super(ID, PARAMETERS);
        this.layout = layout;
        this.symbolizer = new MediaSymbolizer(layout);
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
    public byte[] params() {
        return layout.params();
    }

    @Override
    public Symbolizer symbolizer() {
        return symbolizer;
    }

    @Override
    protected State newState() {
        return new MediaModel(layout);
    }

    /** Far better than the byte model on images and audio: the fallback only runs on frames it codes poorly. */
    @Override
    public boolean fallbackAfter() {
        return true;
    }

    @Override
    public String describe() {
        String from = layout.source() == MediaLayout.Source.RAW ? "" : ", decoded " + layout.source().name() + " file";
        return ID + " " + layout.spec() + " (header " + layout.offset() + " bytes" + from + ")";
    }
}
