package dev.lmzip.tokenizer;

import java.util.Arrays;
import java.util.Map;

/**
 * Byte-level BPE merge engine. A word (pre-token) starts as its single-byte tokens; repeatedly the
 * adjacent pair with the lowest merge rank is replaced by its merge result (on equal rank the
 * leftmost pair first) until no adjacent pair has a merge. Same result as Hugging Face's BPE model
 * without dropout.
 */
final class Bpe {
    static final long NONE = Long.MAX_VALUE;
    /** Words longer than this (in bytes) use the heap-based algorithm. */
    private static final int SMALL = 40;

    final int[] byteToken;
    /** (left << 32 | right) -> (rank << 32 | merged id). */
    final LongLongMap merges;
    /** When set, a word that is itself a vocabulary entry becomes that single token. */
    private final Map<String, Integer> ignoreMergesVocab;

    Bpe(int[] byteToken, LongLongMap merges, Map<String, Integer> ignoreMergesVocab) {
        this.byteToken = byteToken;
        this.merges = merges;
        this.ignoreMergesVocab = ignoreMergesVocab;
    }

    static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Per-thread scratch space. */
    static final class Scratch {
        int[] sym = new int[64];
        long[] pr = new long[64];
        int[] prev = new int[0];
        int[] next = new int[0];
        long[] heap = new long[0];
    }

    /**
     * BPE of {@code b[from, to)} (at least 2 bytes). Writes the ids to {@code s.sym[0..n)} and
     * returns n.
     */
    int encodeWord(byte[] b, int from, int to, Scratch s) {
        int n = to - from;
        if (s.sym.length < n) {
            s.sym = new int[Math.max(n, s.sym.length * 2)];
            s.pr = new long[s.sym.length];
        }
        int[] sym = s.sym;
        if (ignoreMergesVocab != null) {
            Integer whole = ignoreMergesVocab.get(ByteLevel.encode(b, from, n));
            if (whole != null) {
                sym[0] = whole;
                return 1;
            }
        }
        for (int i = 0; i < n; i++) sym[i] = byteToken[b[from + i] & 0xff];
        return n <= SMALL ? mergeSmall(sym, n, s.pr) : mergeLarge(n, s);
    }

    private int mergeSmall(int[] sym, int n, long[] pr) {
        LongLongMap m = merges;
        for (int i = 0; i < n - 1; i++) pr[i] = m.get(pairKey(sym[i], sym[i + 1]), NONE);
        while (n > 1) {
            long best = NONE;
            int bi = -1;
            for (int i = 0; i < n - 1; i++) {
                if (pr[i] < best) {
                    best = pr[i];
                    bi = i;
                }
            }
            if (bi < 0) break;
            sym[bi] = (int) best;
            // remove symbol bi+1 and pair bi
            int tail = n - bi - 2;
            if (tail > 0) {
                System.arraycopy(sym, bi + 2, sym, bi + 1, tail);
                System.arraycopy(pr, bi + 1, pr, bi, tail);
            }
            n--;
            if (bi > 0) pr[bi - 1] = m.get(pairKey(sym[bi - 1], sym[bi]), NONE);
            if (bi < n - 1) pr[bi] = m.get(pairKey(sym[bi], sym[bi + 1]), NONE);
        }
        return n;
    }

    private int mergeLarge(int n, Scratch s) {
        if (s.prev.length < n) {
            s.prev = new int[n];
            s.next = new int[n];
            s.heap = new long[2 * n];
        }
        int[] sym = s.sym;
        int[] prev = s.prev;
        int[] next = s.next;
        long[] heap = s.heap;
        int hs = 0;
        LongLongMap m = merges;
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        for (int i = 0; i + 1 < n; i++) {
            long r = m.get(pairKey(sym[i], sym[i + 1]), NONE);
            if (r != NONE) {
                if (hs == heap.length) heap = s.heap = Arrays.copyOf(heap, hs * 2);
                hs = push(heap, hs, ((r >>> 32) << 32) | i);
            }
        }
        while (hs > 0) {
            long top = heap[0];
            hs = pop(heap, hs);
            int pos = (int) top;
            long rank = top >>> 32;
            int nx = next[pos];
            if (sym[pos] < 0 || nx < 0) continue;
            long r = m.get(pairKey(sym[pos], sym[nx]), NONE);
            if (r == NONE || (r >>> 32) != rank) continue;
            sym[pos] = (int) r;
            sym[nx] = -1;
            int nn = next[nx];
            next[pos] = nn;
            if (nn >= 0) prev[nn] = pos;
            int pv = prev[pos];
            if (pv >= 0) {
                long r2 = m.get(pairKey(sym[pv], sym[pos]), NONE);
                if (r2 != NONE) {
                    if (hs == heap.length) heap = s.heap = Arrays.copyOf(heap, hs * 2);
                    hs = push(heap, hs, ((r2 >>> 32) << 32) | pv);
                }
            }
            if (nn >= 0) {
                long r2 = m.get(pairKey(sym[pos], sym[nn]), NONE);
                if (r2 != NONE) {
                    if (hs == heap.length) heap = s.heap = Arrays.copyOf(heap, hs * 2);
                    hs = push(heap, hs, ((r2 >>> 32) << 32) | pos);
                }
            }
        }
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) sym[k++] = sym[i];
        return k;
    }

    private static int push(long[] h, int size, long v) {
        int i = size++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (h[p] <= v) break;
            h[i] = h[p];
            i = p;
        }
        h[i] = v;
        return size;
    }

    private static int pop(long[] h, int size) {
        long last = h[--size];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && h[c + 1] < h[c]) c++;
            if (h[c] >= last) break;
            h[i] = h[c];
            i = c;
        }
        if (size > 0) h[i] = last;
        return size;
    }
}
