package dev.lmzip.model.gpu;

import dev.lmzip.model.fixed.ModelShape;

/**
 * Device memory the GPU engine needs for a model shape (docs/gpu.md, "Memory"):
 * <ul>
 * <li>weights: every int8 matrix with rows padded to a multiple of 64 bytes, plus 12 bytes per
 *     output row (scale mantissa, exponent, bias), the embedding (unpadded, 8 bytes per row),
 *     norms (8 bytes per element) and the tables (SiLU, GELU, exp2, rotary);</li>
 * <li>KV cache: per segment, {@code layers × positions × (2 × kvDim + 8 × kvHeads)} bytes;</li>
 * <li>activations: per row of a step, {@code 4 × (8 hidden + 2 kvDim + 3 intermediate + 2 vocab) + kpMax + 32} bytes.</li>
 * </ul>
 */
public record GpuMemory(long weights, long kvPerSegment, int segments, long activations, int rowsPerStep) {
    /** Kept free for the driver, the JIT and fragmentation. */
    public static final long RESERVE = 512L << 20;

    public long kvCache() {
        return kvPerSegment * segments;
    }

    public long total() {
        return weights + kvCache() + activations;
    }

    /** Rows of a matrix padded for the dp4a kernel. */
    static int padded(int cols) {
        return (cols + 63) & ~63;
    }

    public static GpuMemory of(ModelShape s, int positions, int segments, int rowsPerStep) {
        return new GpuMemory(weightBytes(s), kvBytes(s, positions), segments, activationBytes(s, rowsPerStep), rowsPerStep);
    }

    public static long weightBytes(ModelShape s) {
        long d = s.hidden();
        long kv = s.kvDim();
        long m = s.intermediate();
        long perLayer = matrix(d, s.hidden()) + 2 * matrix(kv, s.hidden()) + matrix(d, s.hidden())
                + (s.swiglu() ? 2 : 1) * matrix(m, s.hidden()) + matrix(d, s.intermediate())
                + 2 * 8 * d + (s.qkLayerNorm() ? 8L * (s.heads() + s.kvHeads()) * s.headDim() : 0);
        long embed = (long) s.vocab() * d + 8L * s.vocab();
        long tables = 2L * (32 << 12) * 4 + 4097 * 4 + 2L * s.maxPositions() * (s.rotaryDims() / 2) * 4;
        return s.layers() * perLayer + embed + matrix(s.vocab(), s.hidden()) + 8 * d + tables;
    }

    private static long matrix(long rows, int cols) {
        return rows * padded(cols) + 12 * rows;
    }

    /** One segment's cache of {@code positions} positions (as allocated, with 16-byte alignment of each part). */
    public static long kvBytes(ModelShape s, int positions) {
        long plane = (long) s.layers() * positions * s.kvDim();
        long scales = (long) s.layers() * positions * s.kvHeads() * 4;
        return align16(2 * plane) + 2 * align16(scales);
    }

    public static long activationBytes(ModelShape s, int rows) {
        long perRow = 4L * (8L * s.hidden() + 2L * s.kvDim() + 3L * s.intermediate() + 2L * s.vocab())
                + Math.max(padded(s.hidden()), padded(s.intermediate())) + 32;
        return rows * perRow;
    }

    static long align16(long v) {
        return (v + 15) & ~15L;
    }

    /** Whether this plan fits {@code freeBytes} of device memory with the {@link #RESERVE} left over. */
    public boolean fits(long freeBytes) {
        return total() + RESERVE <= freeBytes;
    }

    /** Largest number of segments that fits {@code freeBytes}, at least 0. */
    public int maxSegments(long freeBytes) {
        long left = freeBytes - RESERVE - weights - activations;
        return left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, left / Math.max(1, kvPerSegment));
    }

    /** "weights 2,857 MiB + KV cache 8 × 80 MiB + activations 152 MiB = 3,649 MiB". */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "weights %,d MiB + KV cache %d x %,.1f MiB + activations %,d MiB (%d rows) = %,d MiB",
                mib(weights), segments, kvPerSegment / (double) (1 << 20), mib(activations), rowsPerStep, mib(total()));
    }

    static long mib(long b) {
        return (b + (1 << 20) - 1) >> 20;
    }
}
