package dev.lmzip.tokenizer;

import java.util.Arrays;

/** Open-addressing hash map from non-negative long keys to long values (linear probing). */
final class LongLongMap {
    private static final long EMPTY = -1L;
    private long[] keys;
    private long[] vals;
    private int mask;
    private int size;

    LongLongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        vals = new long[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    static int mix(long k) {
        k *= 0x9E3779B97F4A7C15L;
        return (int) (k ^ (k >>> 29) ^ (k >>> 47));
    }

    int size() {
        return size;
    }

    /** Value for {@code key}, or {@code missing}. */
    long get(long key, long missing) {
        int i = mix(key) & mask;
        long[] ks = keys;
        while (true) {
            long k = ks[i];
            if (k == key) return vals[i];
            if (k == EMPTY) return missing;
            i = (i + 1) & mask;
        }
    }

    void put(long key, long value) {
        int i = mix(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                vals[i] = value;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                vals[i] = value;
                if (++size * 2 > keys.length) grow();
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] ok = keys;
        long[] ov = vals;
        keys = new long[ok.length * 2];
        vals = new long[ok.length * 2];
        Arrays.fill(keys, EMPTY);
        mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] == EMPTY) continue;
            int i = mix(ok[j]) & mask;
            while (keys[i] != EMPTY) i = (i + 1) & mask;
            keys[i] = ok[j];
            vals[i] = ov[j];
        }
    }
}
