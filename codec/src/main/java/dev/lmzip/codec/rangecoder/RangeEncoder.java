package dev.lmzip.codec.rangecoder;

import java.util.Arrays;

/**
 * Exact range encoder writing into a growable byte array (one frame's payload).
 * {@link #finish()} returns the payload; a finished encoder refuses further use.
 */
public final class RangeEncoder {
    private long low;
    private long range = RangeCoder.TOP;
    private int cache;
    private long cacheSize = 1;
    private boolean firstByte = true;
    private boolean finished;
    private byte[] out;
    private int pos;

    public RangeEncoder() {
        this(1024);
    }

    public RangeEncoder(int initialCapacity) {
        out = new byte[Math.max(16, initialCapacity)];
    }

    /** Codes symbol {@code s} with the table {@code d}. */
    public void encode(Distribution d, int s) {
        encode(d.cumFreq(s), d.freq(s), d.total());
    }

    /** Codes the interval {@code [cum, cum + freq)} of a table summing to {@code total}. */
    public void encode(int cum, int freq, int total) {
        checkOpen();
        long r = RangeCoder.unit(range, total, cum, freq);
        low += r * cum;
        range = r * freq;
        while (range < RangeCoder.BOTTOM) {
            range <<= 8;
            shiftLow();
        }
        assert range >= RangeCoder.BOTTOM && range <= RangeCoder.TOP && low < 2 * RangeCoder.TOP;
    }

    /** Bytes this encoder has produced so far (an upper bound on the flushed size minus 8). */
    public long bytesSoFar() {
        return pos + cacheSize;
    }

    /**
     * Ends the payload: picks the value in [low, low + range) with the most trailing zero bits,
     * writes it, and drops trailing zero bytes (the decoder reads zeros past the end).
     */
    public byte[] finish() {
        checkOpen();
        long hi = low + range - 1;
        for (int bits = RangeCoder.LIVE_BITS + 1; bits >= 0; bits--) {
            long mask = (1L << bits) - 1;
            long v = (low + mask) & ~mask;
            if (v >= low && v <= hi) {
                low = v;
                break;
            }
        }
        for (int i = 0; i <= RangeCoder.CODE_BYTES; i++) {
            shiftLow();
        }
        finished = true;
        int n = pos;
        while (n > 0 && out[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(out, n);
    }

    private void shiftLow() {
        if (low < 0xFFL << (RangeCoder.LIVE_BITS - 8) || low >= RangeCoder.TOP) {
            int carry = (int) (low >>> RangeCoder.LIVE_BITS);
            int temp = cache;
            do {
                put(temp + carry);
                temp = 0xFF;
            } while (--cacheSize != 0);
            cache = (int) (low >>> (RangeCoder.LIVE_BITS - 8)) & 0xFF;
        }
        cacheSize++;
        low = (low << 8) & RangeCoder.LOW_MASK;
    }

    private void put(int b) {
        if (firstByte) {
            // the initial cache byte is always 0: the interval starts below 2^56 and never carries into it
            assert b == 0 : "first range coder byte " + b;
            firstByte = false;
            return;
        }
        if (pos == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[pos++] = (byte) b;
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("range encoder already finished");
        }
    }
}
