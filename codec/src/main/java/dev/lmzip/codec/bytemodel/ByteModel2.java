package dev.lmzip.codec.bytemodel;

/**
 * The second built-in byte predictor ({@code bytes2}, frame method 4): the byte model with the
 * contexts binary files need (sparse, record, fixed-width fields, word) and a second match model;
 * about half the speed of {@code bytes}. See {@link BitModel2}. Everything starts empty at each
 * frame.
 *
 * <p>Changing anything that decides a probability must change {@link #PARAMETERS}, which feeds
 * the fingerprint, so old files are refused rather than mis-decoded.
 */
public final class ByteModel2 extends BitPredictor {
    public static final String ID = "bytes2";
    static final String PARAMETERS =
            "lmzip bytes model v2: orders 0,1 direct; hashed orders 2,3,4,6, sparse 2 / 2-3 / 3-4 / 1+4, record (period from"
                    + " repeated equal-byte distances <= 4096, score >= 8, every 1024 bytes) 1+2 periods back / 1 back + last byte /"
                    + " neighbours 1 back, word, order 2 x position mod 4, column in record x last byte, in one shared table of"
                    + " 2^min(23, log2(8*len)+3) nibble-slotted 22-bit counters limit 20; match min 6 and min 20; mixers 19 inputs x"
                    + " 256 (c0) and x 96 (bit x match x record phase) start 1/10, bias 0, lr 4>>13, averaged; apm order-1 and hashed order-2 33 knots,"
                    + " final (2 mix + apm1 + apm2)/4, precision 12";

    public ByteModel2() {
        super(ID, PARAMETERS);
    }

    @Override
    protected State newState() {
        return new BitModel2();
    }

    @Override
    public String describe() {
        return ID + " (" + PARAMETERS + ")";
    }
}
