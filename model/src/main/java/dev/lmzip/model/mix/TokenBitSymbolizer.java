package dev.lmzip.model.mix;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.tokenizer.Tokenizer;

/**
 * Bytes as token ids of a tokenizer, each token written as the {@code depth} bits of its leaf,
 * most significant bit first: a walk down the binary tree over {@code [0, 2^depth)} whose leaves
 * are the token ids in a fixed order.
 */
final class TokenBitSymbolizer implements Symbolizer {
    private final Tokenizer tokenizer;
    private final int symbols;
    private final int depth;
    private final int[] leafOf;
    private final int[] tokenAt;

    /** @param leafOf the leaf of each token id; {@code tokenAt} its inverse */
    TokenBitSymbolizer(Tokenizer tokenizer, int symbols, int depth, int[] leafOf, int[] tokenAt) {
        this.tokenizer = tokenizer;
        this.symbols = symbols;
        this.depth = depth;
        this.leafOf = leafOf;
        this.tokenAt = tokenAt;
    }

    /** The identity order. */
    TokenBitSymbolizer(Tokenizer tokenizer, int symbols, int depth) {
        this(tokenizer, symbols, depth, identity(symbols), identity(symbols));
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
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
                int s = (leafOf[id] >>> (depth - 1 - bit)) & 1;
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
                int leaf = id;
                id = 0;
                bit = 0;
                if (leaf >= symbols) {
                    throw new CorruptedInputException("corrupted input: token leaf " + leaf + " outside the vocabulary");
                }
                int t = tokenAt[leaf];
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
