package dev.lmzip.cli;

import picocli.CommandLine.Option;

/** Options shared by the codec commands, following zstd/gzip conventions. */
final class CommonOptions {
    @Option(names = {"-c", "--stdout"}, description = "Write to standard output; keep the input files.")
    boolean stdout;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the (single) result to FILE.")
    String output;

    @Option(names = {"-k", "--keep"}, description = "Keep the input files (the default).")
    boolean keep;

    @Option(names = "--rm", description = "Remove each input file after it was processed successfully.")
    boolean remove;

    @Option(names = {"-f", "--force"}, description = "Overwrite existing output files; write compressed data to a terminal.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Print errors only; no progress bar.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print sizes, ratio and speed of each file.")
    boolean verbose;

    @Option(names = {"-T", "--threads"}, paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Predictor or model file: 'bytes' (the built-in byte context model, default).")
    String model;

    @Option(names = "--frame-size", paramLabel = "SIZE", description = "Raw bytes per frame, a power of two: 64K, 1M (default), …")
    String frameSize;

    @Option(names = "--no-progress", description = "Never show a progress bar.")
    boolean noProgress;

    int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** log2 of the frame size given with --frame-size, or the default. */
    int frameSizeLog() {
        if (frameSize == null) {
            return dev.lmzip.codec.io.LmzOptions.DEFAULT_FRAME_SIZE_LOG;
        }
        String s = frameSize.trim().toUpperCase(java.util.Locale.ROOT);
        long mult = 1;
        if (s.endsWith("K") || s.endsWith("M") || s.endsWith("G")) {
            mult = switch (s.charAt(s.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                default -> 1L << 30;
            };
            s = s.substring(0, s.length() - 1);
        }
        long v;
        try {
            v = Long.parseLong(s) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--frame-size: not a size: " + frameSize);
        }
        if (v < 1024 || v > (1L << 30) || Long.bitCount(v) != 1) {
            throw new IllegalArgumentException("--frame-size must be a power of two from 1K to 1G: " + frameSize);
        }
        return 63 - Long.numberOfLeadingZeros(v);
    }
}
