package dev.lmzip.bench.domain;

/**
 * One compressor's totals over a (domain, granularity) group, or over one file of it.
 *
 * @param domain          text, images, audio
 * @param granularity     chunks or whole files
 * @param file            the source file, or {@code TOTAL} for the group
 * @param codec           the compressor's name
 * @param status          OK, NA (the codec has no reading of these units), UNAVAILABLE, FAILED
 * @param message         why not OK; empty when OK
 * @param units           units compressed
 * @param rawBytes        raw bytes in
 * @param compressedBytes bytes out (each unit's complete compressed stream, headers included)
 * @param compressNanos   summed wall time of compression
 * @param decompressNanos summed wall time of decompression
 */
public record Cell(Domain domain, Granularity granularity, String file, String codec, Status status, String message,
                   long units, long rawBytes, long compressedBytes, long compressNanos, long decompressNanos) {
    public static final String TOTAL = "TOTAL";

    public enum Status { OK, NA, UNAVAILABLE, FAILED }

    public boolean ok() {
        return status == Status.OK && rawBytes > 0;
    }

    /** Compressed / raw, in percent (the paper's "raw compression rate"). */
    public double ratePercent() {
        return rawBytes == 0 ? 0 : 100.0 * compressedBytes / rawBytes;
    }

    public double bitsPerByte() {
        return rawBytes == 0 ? 0 : 8.0 * compressedBytes / rawBytes;
    }

    /** Raw MB (10^6 bytes) per second of compression. */
    public double compressMbPerSecond() {
        return compressNanos <= 0 ? Double.NaN : rawBytes / 1e6 / (compressNanos / 1e9);
    }

    public double decompressMbPerSecond() {
        return decompressNanos <= 0 ? Double.NaN : rawBytes / 1e6 / (decompressNanos / 1e9);
    }
}
