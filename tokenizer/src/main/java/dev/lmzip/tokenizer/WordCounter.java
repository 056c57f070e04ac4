package dev.lmzip.tokenizer;

import java.util.Arrays;

/** Counts byte strings (pre-tokens): open addressing over slots, keys in a growing byte arena. */
final class WordCounter {
    private int[] slotOff;
    private int[] slotLen;
    private int[] slotHash;
    private long[] slotCount;
    private int mask;
    private int size;
    private byte[] arena = new byte[1 << 20];
    private int used;

    WordCounter() {
        int cap = 1 << 16;
        slotOff = new int[cap];
        slotLen = new int[cap];
        slotHash = new int[cap];
        slotCount = new long[cap];
        Arrays.fill(slotOff, -1);
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    void add(byte[] b, int from, int to, long n) {
        int h = WordCache.hash(b, from, to);
        int len = to - from;
        int i = h & mask;
        while (true) {
            int off = slotOff[i];
            if (off < 0) break;
            if (slotHash[i] == h && slotLen[i] == len && Arrays.equals(arena, off, off + len, b, from, to)) {
                slotCount[i] += n;
                return;
            }
            i = (i + 1) & mask;
        }
        if (used + len > arena.length) {
            long want = Math.max((long) arena.length * 2, (long) used + len);
            if (want > Integer.MAX_VALUE - 16) throw new IllegalStateException("too many distinct words");
            arena = Arrays.copyOf(arena, (int) want);
        }
        System.arraycopy(b, from, arena, used, len);
        slotOff[i] = used;
        slotLen[i] = len;
        slotHash[i] = h;
        slotCount[i] = n;
        used += len;
        if (++size * 2 > slotOff.length) grow();
    }

    private void grow() {
        int[] oo = slotOff;
        int[] ol = slotLen;
        int[] oh = slotHash;
        long[] oc = slotCount;
        int cap = oo.length * 2;
        slotOff = new int[cap];
        slotLen = new int[cap];
        slotHash = new int[cap];
        slotCount = new long[cap];
        Arrays.fill(slotOff, -1);
        mask = cap - 1;
        for (int j = 0; j < oo.length; j++) {
            if (oo[j] < 0) continue;
            int i = oh[j] & mask;
            while (slotOff[i] >= 0) i = (i + 1) & mask;
            slotOff[i] = oo[j];
            slotLen[i] = ol[j];
            slotHash[i] = oh[j];
            slotCount[i] = oc[j];
        }
    }

    interface Visitor {
        void word(byte[] arena, int off, int len, long count);
    }

    void forEach(Visitor v) {
        for (int i = 0; i < slotOff.length; i++) {
            if (slotOff[i] >= 0) v.word(arena, slotOff[i], slotLen[i], slotCount[i]);
        }
    }

    void addAll(WordCounter other) {
        other.forEach((a, off, len, c) -> add(a, off, off + len, c));
    }
}
