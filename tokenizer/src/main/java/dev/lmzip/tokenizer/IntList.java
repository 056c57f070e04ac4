package dev.lmzip.tokenizer;

import java.util.Arrays;

/** Growable int array. */
final class IntList {
    int[] a;
    int size;

    IntList(int cap) {
        a = new int[Math.max(4, cap)];
    }

    void add(int v) {
        if (size == a.length) a = Arrays.copyOf(a, a.length * 2);
        a[size++] = v;
    }

    void addAll(int[] src, int off, int len) {
        if (size + len > a.length) a = Arrays.copyOf(a, Math.max(a.length * 2, size + len));
        System.arraycopy(src, off, a, size, len);
        size += len;
    }

    int[] toArray() {
        return Arrays.copyOf(a, size);
    }

    void clear() {
        size = 0;
    }
}
