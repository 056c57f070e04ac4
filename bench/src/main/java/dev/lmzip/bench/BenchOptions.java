package dev.lmzip.bench;

import java.util.List;
import java.util.Objects;

/** Settings of one {@link BenchRunner} run; a mutable builder with fluent setters. */
public final class BenchOptions {
    private int repeat = 1;
    private long limitBytes;
    private List<Compressor> compressors;
    private boolean warmup = true;

    public static BenchOptions defaults() {
        return new BenchOptions();
    }

    /** Timed runs per (file, compressor); the report gives the median and, for more than one, the spread. */
    public int repeat() {
        return repeat;
    }

    public BenchOptions repeat(int repeat) {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1");
        }
        this.repeat = repeat;
        return this;
    }

    /** Only the first {@code limitBytes} bytes of each file are used; 0 means the whole file. */
    public long limitBytes() {
        return limitBytes;
    }

    public BenchOptions limitBytes(long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        this.limitBytes = limitBytes;
        return this;
    }

    /** The compressors, in column order; defaults to {@link Compressors#all()}. */
    public List<Compressor> compressors() {
        if (compressors == null) {
            compressors = Compressors.all();
        }
        return compressors;
    }

    public BenchOptions compressors(List<Compressor> compressors) {
        if (compressors.isEmpty()) {
            throw new IllegalArgumentException("no compressor selected");
        }
        this.compressors = List.copyOf(Objects.requireNonNull(compressors));
        return this;
    }

    /**
     * One untimed round trip per compressor on the first 256 KiB of the first file before timing,
     * so class loading, native library loading and the first JIT pass do not land in the first row.
     */
    public boolean warmup() {
        return warmup;
    }

    public BenchOptions warmup(boolean warmup) {
        this.warmup = warmup;
        return this;
    }
}
