package dev.lmzip.model.fixed;

/**
 * Keys and values of one segment, per layer, quantized to int8 per (position, kv head) with their
 * Q12 absolute maximum as scale — a quarter of the memory of int32, and attention scores become
 * exact int8 dot products.
 */
public final class KvCache implements SequenceCache {
    final int capacity;
    final byte[][] k8;
    final byte[][] v8;
    /** Per layer, the scales of kv head {@code h} at position {@code p} at {@code h * capacity + p}: a head's run of positions is contiguous. */
    final int[][] kMax;
    final int[][] vMax;
    /** Number of positions holding valid entries. */
    int length;

    KvCache(ModelShape s, int capacity) {
        this.capacity = capacity;
        int layers = s.layers();
        k8 = new byte[layers][capacity * s.kvDim()];
        v8 = new byte[layers][capacity * s.kvDim()];
        kMax = new int[layers][capacity * s.kvHeads()];
        vMax = new int[layers][capacity * s.kvHeads()];
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int length() {
        return length;
    }

    /** Forgets every position (a new segment starts). */
    @Override
    public void clear() {
        length = 0;
    }

    /** Bytes held per position, for memory reports. */
    public static long bytesPerPosition(ModelShape s) {
        return (long) s.layers() * (2L * s.kvDim() + 8L * s.kvHeads());
    }
}
