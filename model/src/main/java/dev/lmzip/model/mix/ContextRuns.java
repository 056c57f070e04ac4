package dev.lmzip.model.mix;

import java.util.Arrays;

/**
 * Run models over a few hashed contexts (online version 5): per context, the token that followed
 * it last time and how many times in a row it did (up to 255). While the next token's bits agree
 * with that token, its next bit is predicted through a counter indexed by (context, min(run, 15),
 * bit depth, predicted bit); once they leave it, that context says nothing (input 0) until the
 * next token. What a counter per tree node learns slowly, a run says at once: "the last time here,
 * it was this token — n times".
 */
final class ContextRuns {
    private static final int RUN_CAP = 15;
    private final int depth;
    private final int contexts;
    private final int[] counters;
    private int[][] tables = new int[0][];
    private int bits;
    private final int[] key;
    private final int[] expected;
    private final int[] run;
    private final int[] index;

    ContextRuns(int depth, int contexts) {
        this.depth = depth;
        this.contexts = contexts;
        this.counters = new int[contexts * (RUN_CAP + 1) * depth * 2];
        this.key = new int[contexts];
        this.expected = new int[contexts];
        this.run = new int[contexts];
        this.index = new int[contexts];
    }

    /** A new frame: empty tables of {@code 2^tableBits} entries, fresh counters, no runs. */
    void reset(int tableBits) {
        if (bits != tableBits) { // the first frame (bits 0) or another size
            bits = tableBits;
            tables = new int[contexts][1 << tableBits];
        } else {
            for (int[] t : tables) {
                Arrays.fill(t, 0);
            }
        }
        Arrays.fill(counters, Counter.INITIAL);
        Arrays.fill(expected, -1);
        Arrays.fill(index, -1);
    }

    /** Token {@code t} followed the contexts of the last {@link #lookUp}: each entry counts or restarts its run. */
    void remember(int t) {
        for (int k = 0; k < contexts; k++) {
            int[] table = tables[k];
            int e = table[key[k]];
            table[key[k]] = (e >>> 8) == t + 1 ? ((e & 255) < 255 ? e + 1 : e) : ((t + 1) << 8) | 1;
        }
    }

    /** The contexts of the next token: {@code hashes[contexts[k]]} for each k, as the caller computed them. */
    void lookUp(int[] hashes, int[] which) {
        for (int k = 0; k < contexts; k++) {
            key[k] = ((hashes[which[k]] + k) * 0x9E3779B1) >>> (32 - bits);
            int e = tables[k][key[k]];
            expected[k] = e == 0 ? -1 : (e >>> 8) - 1;
            run[k] = e & 255;
        }
    }

    /** Stretched prediction of context {@code k} for bit {@code bitPos} of the next token, 0 when it has none. */
    int input(int k, int bitPos) {
        if (expected[k] < 0) {
            index[k] = -1;
            return 0;
        }
        int bit = TokenMatch.bitOf(expected[k], bitPos, depth);
        index[k] = ((k * (RUN_CAP + 1) + Math.min(run[k], RUN_CAP)) * depth + bitPos) * 2 + bit;
        return Stretch.of16(Counter.p16(counters[index[k]]));
    }

    /** Learns bit {@code y} in the counters of the last {@link #input}s. */
    void update(int y, int limit) {
        for (int k = 0; k < contexts; k++) {
            if (index[k] >= 0) {
                counters[index[k]] = Counter.update(counters[index[k]], y, limit);
            }
        }
    }

    /** After bit {@code bitPos - 1}: a context whose token {@code node} (1 + the bits so far) has left says nothing more. */
    void follow(int node, int bitPos) {
        for (int k = 0; k < contexts; k++) {
            if (expected[k] >= 0 && !TokenMatch.onPath(expected[k], node, bitPos, depth)) {
                expected[k] = -1;
            }
        }
    }
}
