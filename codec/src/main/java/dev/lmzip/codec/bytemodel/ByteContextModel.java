package dev.lmzip.codec.bytemodel;

/**
 * The fast built-in predictor ({@code bytes}): an adaptive binary context-mixing model over
 * bytes, integer only. Each byte is coded as 8 bits, MSB first. Per bit it mixes counters of
 * order-0…4 and order-6 contexts and a match model with a gated logistic mixer, then refines the
 * result with an adaptive probability map. Everything starts empty at each frame.
 *
 * <p>Changing anything that decides a probability must change {@link #PARAMETERS}, which feeds
 * the fingerprint, so old files are refused rather than mis-decoded.
 */
public final class ByteContextModel extends BitPredictor {
    public static final String ID = "bytes";
    static final String PARAMETERS =
            "lmzip bytes model v1: orders 0,1,2,3,4,6 nibble-slotted 22-bit counters, table bits log2(8*len)+1 in [12,22],"
                    + " match model min 6, mixer 8 inputs x 256 sets lr 3>>13, counter limit 255, apm order-1 33 knots weight 3/4, precision 12";

    public ByteContextModel() {
        super(ID, PARAMETERS);
    }

    @Override
    protected State newState() {
        return new BitModel();
    }

    @Override
    public String describe() {
        return ID + " (" + PARAMETERS + ")";
    }
}
