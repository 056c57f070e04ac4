package dev.lmzip.model.predict;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.tokenizer.Tokenizer;

/** Bytes as token ids of a tokenizer (lossless on any bytes, see docs/tokenizer.md). */
final class TokenSymbolizer implements Symbolizer {
    private final Tokenizer tokenizer;
    private final int symbols;

    TokenSymbolizer(Tokenizer tokenizer, int symbols) {
        this.tokenizer = tokenizer;
        this.symbols = symbols;
    }

    @Override
    public SymbolCursor symbolize(byte[] raw, int off, int len) {
        int[] ids = tokenizer.encode(raw, off, len);
        return new SymbolCursor() {
            private int i;
            private long consumed;

            @Override
            public boolean hasNext() {
                return i < ids.length;
            }

            @Override
            public int next() {
                int id = ids[i++];
                consumed += tokenizer.tokenLength(id);
                return id;
            }

            @Override
            public long bytesConsumed() {
                return consumed;
            }
        };
    }

    @Override
    public SymbolSink newSink(byte[] out, int off, int len) {
        return new SymbolSink() {
            private int pos = off;

            @Override
            public void accept(int symbol) throws CorruptedInputException {
                if (symbol < 0 || symbol >= symbols) {
                    throw new CorruptedInputException("corrupted input: token id " + symbol + " outside the vocabulary");
                }
                int n = tokenizer.tokenLength(symbol);
                if (n < 1 || pos + n > off + len) {
                    throw new CorruptedInputException("corrupted input: frame decodes to more bytes than its header says");
                }
                pos += tokenizer.copyTokenBytes(symbol, out, pos);
            }

            @Override
            public boolean full() {
                return pos == off + len;
            }
        };
    }
}
