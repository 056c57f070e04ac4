package dev.lmzip.bench;

/**
 * One (file, compressor) result, or one compressor's totals over all files.
 *
 * @param file            the file as shown in the report (relative to the directory it was found in), or {@code TOTAL}
 * @param originalBytes   bytes compressed (after {@code --limit})
 * @param compressor      {@link Compressor#name()}
 * @param status          whether the round trip held
 * @param message         why it failed or is unavailable; empty when OK
 * @param compressedBytes size of the compressed form
 * @param compress        compression wall times
 * @param decompress      decompression wall times
 */
public record BenchRow(String file, long originalBytes, String compressor, Status status, String message,
                       long compressedBytes, Timing compress, Timing decompress) {
    public enum Status {
        /** Round trip verified byte for byte. */
        OK,
        /** Threw, or decompressed to other bytes than the input: a bug. */
        FAILED,
        /** Cannot run on this machine (native library missing). */
        UNAVAILABLE
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** compressed / original; 0 for an empty input. */
    public double ratio() {
        return originalBytes == 0 ? 0 : (double) compressedBytes / originalBytes;
    }

    public double bitsPerByte() {
        return 8 * ratio();
    }

    public double compressMbPerSecond() {
        return compress.mbPerSecond(originalBytes);
    }

    public double decompressMbPerSecond() {
        return decompress.mbPerSecond(originalBytes);
    }
}
