package dev.lmzip.codec.bytemodel;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.predict.Symbolizer;

/** Bytes as 8 binary symbols each, most significant bit first. */
final class BitSymbolizer implements Symbolizer {
    static final BitSymbolizer INSTANCE = new BitSymbolizer();

    @Override
    public SymbolCursor symbolize(byte[] raw, int off, int len) {
        return new SymbolCursor() {
            private long bit; // index of the next bit
            private final long end = 8L * len;

            @Override
            public boolean hasNext() {
                return bit < end;
            }

            @Override
            public int next() {
                int b = raw[off + (int) (bit >>> 3)];
                int s = (b >>> (7 - (int) (bit & 7))) & 1;
                bit++;
                return s;
            }

            @Override
            public long bytesConsumed() {
                return bit >>> 3;
            }
        };
    }

    @Override
    public SymbolSink newSink(byte[] out, int off, int len) {
        return new SymbolSink() {
            private int pos = off;
            private int partial = 1;

            @Override
            public void accept(int symbol) throws CorruptedInputException {
                if (pos >= off + len) {
                    throw new CorruptedInputException("frame decodes to more bytes than its header says");
                }
                partial = (partial << 1) | symbol;
                if (partial >= 256) {
                    out[pos++] = (byte) partial;
                    partial = 1;
                }
            }

            @Override
            public boolean full() {
                return pos == off + len;
            }
        };
    }
}
