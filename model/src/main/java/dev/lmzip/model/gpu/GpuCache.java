package dev.lmzip.model.gpu;

import dev.lmzip.model.fixed.SequenceCache;
import jcuda.driver.CUdeviceptr;

/**
 * One segment's keys and values in device memory (layout in engine.cu, {@code cacheView}): int8
 * k and v per (layer, position, kv head) and their Q12 maxima. Freed by {@link #close()} or with
 * its engine.
 */
public final class GpuCache implements SequenceCache {
    final GpuEngine engine;
    final CUdeviceptr memory;
    /** The device address of {@link #memory}, for the per-row address tables of the kernels. */
    final long address;
    final int capacity;
    final long bytes;
    int length;

    GpuCache(GpuEngine engine, CUdeviceptr memory, long address, int capacity, long bytes) {
        this.engine = engine;
        this.memory = memory;
        this.address = address;
        this.capacity = capacity;
        this.bytes = bytes;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void clear() {
        length = 0;
    }

    /** Device bytes held. */
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        engine.free(this);
    }
}
