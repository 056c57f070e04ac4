package dev.lmzip.model.mix;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.tokenizer.Tokenizer;

/**
 * Bytes as token ids of a tokenizer, each id written as {@code depth} binary symbols, most
 * significant bit first: a walk down the binary tree over {@code [0, 2^depth)} whose leaves are the
 * token ids.
 */
final class TokenBitSymbolizer implements Symbolizer {
    private final Tokenizer tokenizer;
    private final int symbols;
    private final int depth;

    TokenBitSymbolizer(Tokenizer tokenizer, int symbols, int depth) {
        this.tokenizer = tokenizer;
        this.symbols = symbols;
        this.depth = depth;
    }

    @Override
    public SymbolCursor symbolize(byte[] raw, int off, int len) {
        int[] ids = tokenizer.encode(raw, off, len);
        return new SymbolCursor() {
            private int token;
            private int bit;
            private long consumed;

            @Override
            public boolean hasNext() {
                return token < ids.length;
            }

            @Override
            public int next() {
                int id = ids[token];
                int s = (id >>> (depth - 1 - bit)) & 1;
                if (++bit == depth) {
                    bit = 0;
                    token++;
                    consumed += tokenizer.tokenLength(id);
                }
                return s;
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
            private int id;
            private int bit;

            @Override
            public void accept(int symbol) throws CorruptedInputException {
                if (pos >= off + len) {
                    throw new CorruptedInputException("corrupted input: frame decodes to more bytes than its header says");
                }
                id = (id << 1) | (symbol & 1);
                if (++bit < depth) {
                    return;
                }
                int t = id;
                id = 0;
                bit = 0;
                if (t >= symbols) {
                    throw new CorruptedInputException("corrupted input: token id " + t + " outside the vocabulary");
                }
                int n = tokenizer.tokenLength(t);
                if (n < 1 || pos + n > off + len) {
                    throw new CorruptedInputException("corrupted input: frame decodes to more bytes than its header says");
                }
                pos += tokenizer.copyTokenBytes(t, out, pos);
            }

            @Override
            public boolean full() {
                return pos == off + len;
            }
        };
    }
}
