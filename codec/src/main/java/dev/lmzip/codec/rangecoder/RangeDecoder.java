package dev.lmzip.codec.rangecoder;

import dev.lmzip.codec.CorruptedInputException;

/** Exact range decoder over one frame's payload; reads zeros past its end (see {@link RangeEncoder#finish()}). */
public final class RangeDecoder {
    private final byte[] in;
    private final int end;
    private int pos;
    private long code;
    private long range = RangeCoder.TOP;
    private boolean finished;

    public RangeDecoder(byte[] in, int off, int len) {
        this.in = in;
        this.pos = off;
        this.end = off + len;
        for (int i = 0; i < RangeCoder.CODE_BYTES; i++) {
            code = (code << 8) | next();
        }
    }

    /** Decodes one symbol coded with table {@code d}. */
    public int decode(Distribution d) throws CorruptedInputException {
        checkOpen();
        int total = d.total();
        long r = range / total;
        long t = code / r;
        if (t >= total) {
            throw new CorruptedInputException("range decoder out of interval: corrupted payload");
        }
        int s = d.symbolAt((int) t);
        int cum = d.cumFreq(s);
        int freq = d.freq(s);
        RangeCoder.unit(range, total, cum, freq);
        code -= r * cum;
        range = r * freq;
        while (range < RangeCoder.BOTTOM) {
            range <<= 8;
            code = (code << 8) | next();
        }
        assert code >= 0 && code < range;
        return s;
    }

    /** Marks the end of this payload; further decoding is refused. */
    public void finish() {
        finished = true;
    }

    private int next() {
        if (pos < end) {
            return in[pos++] & 0xFF;
        }
        return 0; // the encoder dropped trailing zero bytes
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("range decoder already finished");
        }
    }
}
