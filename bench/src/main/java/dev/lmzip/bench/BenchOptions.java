package dev.lmzip.bench;

import java.util.List;
import java.util.Objects;

/** Settings of one {@link BenchRunner} run; a mutable builder with fluent setters. */
public final class BenchOptions {
    private int repeat = 1;
    private long limitBytes;
    private List<Compressor> compressors;
    private int warmupBytes = 64 * 1024;

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
     * Before timing, one untimed round trip per compressor on the first {@code warmupBytes} bytes
     * of the first file, so class loading, native library loading and the first JIT pass do not
     * land in the first row. 0 turns it off (useful for a slow language-model predictor).
     */
    public int warmupBytes() {
        return warmupBytes;
    }

    public BenchOptions warmupBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("warm-up bytes must not be negative");
        }
        this.warmupBytes = bytes;
        return this;
    }

    /** {@code warmup(false)} is {@code warmupBytes(0)}; {@code warmup(true)} restores the default 64 KiB. */
    public BenchOptions warmup(boolean on) {
        return warmupBytes(on ? 64 * 1024 : 0);
    }
}
