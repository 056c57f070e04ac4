package dev.lmzip.tokenizer;

import java.util.Arrays;

/**
 * Leftmost-longest matcher for added tokens over raw bytes (a byte trie), the matching rule of
 * Hugging Face's AddedVocabulary.
 */
final class AddedTokenMatcher {
    private final boolean[] first = new boolean[256];
    private final int[] rootChild = new int[256];
    private final LongLongMap children = new LongLongMap(64);
    private int[] terminal = new int[16];
    private int nodes = 1;
    private final boolean empty;

    AddedTokenMatcher(byte[][] contents, int[] ids) {
        Arrays.fill(rootChild, -1);
        Arrays.fill(terminal, -1);
        for (int t = 0; t < contents.length; t++) {
            byte[] c = contents[t];
            if (c.length == 0) continue;
            first[c[0] & 0xff] = true;
            int node = 0;
            for (int i = 0; i < c.length; i++) {
                int b = c[i] & 0xff;
                int child = child(node, b);
                if (child < 0) {
                    child = nodes++;
                    if (nodes > terminal.length) {
                        int old = terminal.length;
                        terminal = Arrays.copyOf(terminal, old * 2);
                        Arrays.fill(terminal, old, terminal.length, -1);
                    }
                    if (node == 0) rootChild[b] = child;
                    else children.put(((long) node << 8) | b, child);
                }
                node = child;
            }
            if (terminal[node] < 0) terminal[node] = ids[t];
        }
        empty = nodes == 1;
        if (nodes <= 4096) {
            dense = new int[nodes][];
            for (int n = 0; n < nodes; n++) {
                int[] row = new int[256];
                for (int b = 0; b < 256; b++) row[b] = child(n, b);
                dense[n] = row;
            }
        } else {
            dense = null;
        }
    }

    /** Per-node child arrays when the trie is small (fast path), else null. */
    private final int[][] dense;

    private int child(int node, int b) {
        if (node == 0) return rootChild[b];
        return (int) children.get(((long) node << 8) | b, -1);
    }

    boolean isEmpty() {
        return empty;
    }

    boolean mayStart(byte b) {
        return first[b & 0xff];
    }

    /**
     * Longest added token starting at {@code i} and ending by {@code end}: returns
     * {@code (length << 32) | id}, or -1 if none.
     */
    long longest(byte[] b, int i, int end) {
        int[][] d = dense;
        if (d != null) {
            int node = d[0][b[i] & 0xff];
            long best = -1;
            int j = i + 1;
            while (node > 0) {
                int t = terminal[node];
                if (t >= 0) best = ((long) (j - i) << 32) | t;
                if (j >= end) break;
                node = d[node][b[j] & 0xff];
                j++;
            }
            return best;
        }
        int node = rootChild[b[i] & 0xff];
        long best = -1;
        int j = i + 1;
        while (node > 0) {
            if (terminal[node] >= 0) best = ((long) (j - i) << 32) | terminal[node];
            if (j >= end) break;
            node = child(node, b[j] & 0xff);
            j++;
        }
        return best;
    }
}
