package dev.lmzip.model.mix;

import java.util.Arrays;

/**
 * A match model over tokens: the last position where a hash of the last {@code minLength} tokens
 * occurred, verified backwards (up to {@code verify} tokens); while the repeat holds, the token that
 * followed it predicts each bit of the next token through a counter indexed by (min(length, cap), bit
 * depth, predicted bit). The match is dropped when the coded bits leave the predicted token.
 */
final class TokenMatch {
    private final int depth;
    private final int minLength;
    private final int verify;
    private final int multiplier;
    private final int cap;
    private final int[] counters;
    private int[] table = new int[0];
    private int bits;
    private int ptr;
    private int length;
    private int expected = -1;
    private int index = -1;

    TokenMatch(int depth, int minLength, int verify, int multiplier, int cap) {
        this.depth = depth;
        this.minLength = minLength;
        this.verify = verify;
        this.multiplier = multiplier;
        this.cap = cap;
        this.counters = new int[(cap + 1) * depth * 2];
    }

    /** A new frame: an empty table of {@code 2^tableBits} positions, fresh counters. */
    void reset(int tableBits) {
        bits = tableBits;
        if (table.length != 1 << tableBits) {
            table = new int[1 << tableBits];
        } else {
            Arrays.fill(table, 0);
        }
        Arrays.fill(counters, Counter.INITIAL);
        ptr = 0;
        length = 0;
        expected = -1;
        index = -1;
    }

    /** Length in tokens of the repeat being followed (0: none). */
    int length() {
        return length;
    }

    /** A token was appended: {@code history[0, n)} is the frame so far. */
    void afterToken(int[] history, int n) {
        if (length > 0) {
            length++;
            ptr++;
        }
        if (n >= minLength) {
            int h = 0;
            for (int i = n - minLength; i < n; i++) {
                h = (h + history[i] + 1) * multiplier;
            }
            h >>>= 32 - bits;
            if (length == 0) {
                int candidate = table[h];
                if (candidate > 0) {
                    int k = 0;
                    while (k < verify && candidate - 1 - k >= 0 && history[candidate - 1 - k] == history[n - 1 - k]) {
                        k++;
                    }
                    if (k >= minLength) {
                        length = k;
                        ptr = candidate;
                    }
                }
            }
            table[h] = n;
        }
        expected = length > 0 ? history[ptr] : -1;
    }

    /** Stretched prediction for bit {@code bitPos} of the next token, 0 without a match. */
    int input(int bitPos) {
        if (length == 0) {
            index = -1;
            return 0;
        }
        int bit = bitOf(expected, bitPos, depth);
        index = ((Math.min(length, cap) * depth) + bitPos) * 2 + bit;
        return Stretch.of16(Counter.p16(counters[index]));
    }

    /** Learns bit {@code y} in the counter of the last {@link #input}, if it had one. */
    void update(int y, int limit) {
        if (index >= 0) {
            counters[index] = Counter.update(counters[index], y, limit);
        }
    }

    /** After bit {@code bitPos - 1}: drops the match when {@code node} (1 + the bits so far) leaves the predicted token. */
    void follow(int node, int bitPos) {
        if (length > 0 && !onPath(expected, node, bitPos, depth)) {
            length = 0;
        }
    }

    /** Bit {@code bitPos} (0: the most significant) of {@code token}, a leaf of a tree of {@code depth} levels. */
    static int bitOf(int token, int bitPos, int depth) {
        return (token >>> (depth - 1 - bitPos)) & 1;
    }

    /** Whether {@code node} (a leading 1 and the first {@code bitPos} bits coded) is on the way to {@code token}. */
    static boolean onPath(int token, int node, int bitPos, int depth) {
        return ((token | (1 << depth)) >>> (depth - bitPos)) == node;
    }
}
