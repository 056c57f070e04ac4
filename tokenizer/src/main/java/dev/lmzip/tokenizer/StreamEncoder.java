package dev.lmzip.tokenizer;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Incremental encoder: feed bytes with {@link #write}, end with {@link #finish()}. Emits exactly the
 * ids {@link Tokenizer#encode(byte[])} gives for the concatenated input, whatever the chunking, and
 * holds at most about two windows (2 MiB) of input. Not thread-safe; one instance per stream.
 */
public final class StreamEncoder {
    private final Tokenizer tok;
    private final IntConsumer sink;
    private Tokenizer.EncodeState state;
    private final IntList out = new IntList(4096);
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private boolean finished;

    StreamEncoder(Tokenizer tok, IntConsumer sink) {
        this.tok = tok;
        this.sink = sink;
        this.state = tok.acquire();
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    public void write(byte[] b, int off, int len) {
        if (finished) throw new IllegalStateException("finish() was called");
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else {
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, 2 * Tokenizer.WINDOW + 2 * Tokenizer.LOOKAHEAD));
                }
            }
            int n = Math.min(len, buf.length - end);
            System.arraycopy(b, off, buf, end, n);
            end += n;
            off += n;
            len -= n;
            drain(false);
        }
    }

    /** Encodes and emits the rest; the encoder cannot be used afterwards. */
    public void finish() {
        if (finished) return;
        finished = true;
        drain(true);
        tok.release(state);
        state = null;
        buf = null;
    }

    private void drain(boolean eof) {
        while (eof ? end - start > Tokenizer.WINDOW : end - start >= Tokenizer.WINDOW + Tokenizer.LOOKAHEAD) {
            int p = tok.cutPoint(buf, start, start + Tokenizer.WINDOW, end);
            tok.encodeSegment(buf, start, p, state, out);
            start = p;
            flush();
        }
        if (eof && end > start) {
            tok.encodeSegment(buf, start, end, state, out);
            start = end;
            flush();
        }
    }

    private void flush() {
        int[] a = out.a;
        for (int i = 0; i < out.size; i++) sink.accept(a[i]);
        out.clear();
    }
}
