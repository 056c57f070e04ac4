package dev.lmzip.tokenizer;

import java.util.Arrays;

/**
 * Bounded cache from pre-token bytes to their BPE token ids. Open addressing over slots; keys and
 * values live in two arenas. When the slots are half full or an arena is exhausted the whole cache
 * is cleared (simple, no per-entry bookkeeping, bounded memory).
 */
final class WordCache {
    static final int MAX_WORD = 128;
    private final int mask;
    private final int maxEntries;
    private final int[] slotHash;
    private final int[] slotKey; // offset into keyArena, -1 = empty
    private final int[] slotKeyLen;
    private final int[] slotVal;
    private final int[] slotValLen;
    private final byte[] keyArena;
    private final int[] valArena;
    private int keyUsed;
    private int valUsed;
    private int entries;

    WordCache(int slotsLog2) {
        int cap = 1 << slotsLog2;
        mask = cap - 1;
        maxEntries = cap / 2;
        slotHash = new int[cap];
        slotKey = new int[cap];
        slotKeyLen = new int[cap];
        slotVal = new int[cap];
        slotValLen = new int[cap];
        Arrays.fill(slotKey, -1);
        keyArena = new byte[maxEntries * 12];
        valArena = new int[maxEntries * 4];
    }

    static int hash(byte[] b, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    /** Slot holding the word, or -1. */
    int find(byte[] b, int from, int to, int h) {
        int len = to - from;
        int i = h & mask;
        while (true) {
            int k = slotKey[i];
            if (k < 0) return -1;
            if (slotHash[i] == h && slotKeyLen[i] == len && same(keyArena, k, b, from, len)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private static boolean same(byte[] a, int ai, byte[] b, int bi, int len) {
        if (len > 16) return Arrays.equals(a, ai, ai + len, b, bi, bi + len);
        for (int i = 0; i < len; i++) {
            if (a[ai + i] != b[bi + i]) return false;
        }
        return true;
    }

    void appendValue(int slot, IntList out) {
        out.addAll(valArena, slotVal[slot], slotValLen[slot]);
    }

    void put(byte[] b, int from, int to, int h, int[] ids, int idsOff, int idsLen) {
        int len = to - from;
        if (entries >= maxEntries || keyUsed + len > keyArena.length || valUsed + idsLen > valArena.length) {
            clear();
            if (len > keyArena.length || idsLen > valArena.length) return;
        }
        int i = h & mask;
        while (slotKey[i] >= 0) i = (i + 1) & mask;
        slotHash[i] = h;
        slotKey[i] = keyUsed;
        slotKeyLen[i] = len;
        System.arraycopy(b, from, keyArena, keyUsed, len);
        keyUsed += len;
        slotVal[i] = valUsed;
        slotValLen[i] = idsLen;
        System.arraycopy(ids, idsOff, valArena, valUsed, idsLen);
        valUsed += idsLen;
        entries++;
    }

    void clear() {
        Arrays.fill(slotKey, -1);
        keyUsed = 0;
        valUsed = 0;
        entries = 0;
    }
}
