package dev.lmzip.codec.predict;

import dev.lmzip.codec.CorruptedInputException;

/** How a predictor turns a frame's bytes into symbols (bits, tokens) and back. */
public interface Symbolizer {
    /** The symbols of {@code raw[off, off + len)}, in coding order. */
    SymbolCursor symbolize(byte[] raw, int off, int len);

    /** A fresh decoder that rebuilds bytes from symbols, for one frame. */
    SymbolSink newSink(byte[] out, int off, int len);

    /** Symbols in coding order; a cursor over one frame. */
    interface SymbolCursor {
        boolean hasNext();

        int next();

        /** Raw bytes fully covered by the symbols returned so far. */
        long bytesConsumed();
    }

    /** Rebuilds a frame's bytes; it is full when exactly {@code len} bytes were written. */
    interface SymbolSink {
        /** Appends the bytes of {@code symbol}; a symbol that overruns the frame is corruption. */
        void accept(int symbol) throws CorruptedInputException;

        boolean full();
    }
}
