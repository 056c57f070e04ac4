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
            description = "Predictor or model file: house+mix (the house language model with online mixing; the default "
                    + "when installed), house (the language model alone), bytes or bytes2 (the built-in byte models; bytes2 is stronger on "
                    + "binary data, half as fast), a .lmzm path, "
                    + "or NAME+mix. $LMZIP_MODEL sets the default.")
    String model;

    @Option(names = "--device", paramLabel = "DEVICE", description = "Where a language model runs: auto (a usable CUDA "
            + "GPU, else the CPU with a notice; default), cpu, or gpu (fail when there is none). Files decode the same on both.")
    void device(String value) {
        Models.device(Models.Device.parse(value));
    }

    @Option(names = "--frame-size", paramLabel = "SIZE", description = "Raw bytes per frame, a power of two: 64K, 1M, … (default: 16M with +mix, 64K with a plain model, the whole input for images and audio, else 1M)")
    String frameSize;

    @Option(names = "--no-fallback", description = "Do not also code each frame with the byte model (with a language model:"
            + " faster, never smaller).")
    boolean noFallback;

    @Option(names = "--no-progress", description = "Never show a progress bar.")
    boolean noProgress;

    @Option(names = {"-r", "--recursive"}, description = "Process every regular file under each directory "
            + "(compress: each into its own FILE.lmz, skipping .lmz files; -d/-t: every .lmz file); print a total.")
    boolean recursive;

    @Option(names = "--follow-symlinks", description = "With -r, follow symbolic links (skipped by default).")
    boolean followSymlinks;

    @Option(names = "--include-lmz", description = "With -r, also compress files that already end in .lmz.")
    boolean includeLmz;

    @Option(names = "--as", paramLabel = "TYPE", description = "What the input is: auto (default: PCM WAV and binary "
            + "PGM/PPM files are found by their header), text, image:WxH[xC] (raw 8-bit pixels, C interleaved channels), "
            + "audio:16[xCH] or audio:8[xCH] (raw signed PCM, little-endian). Images and audio are coded with the built-in "
            + "media model, whatever -m says.")
    String as = "auto";

    @Option(names = "--decoded", description = "Code a PNG or FLAC input as its decoded pixels or samples, plus what rebuilds "
            + "the exact file (checked before it is chosen; a file lmzip cannot rebuild exactly is coded as its bytes, with a "
            + "note). -d gives back the original file byte for byte.")
    boolean decoded;

    /** The media layout --as names, or null for auto and text. */
    dev.lmzip.codec.media.MediaLayout mediaLayout() {
        String s = as.trim();
        if (s.equals("auto") || s.equals("text")) {
            return null;
        }
        try {
            return dev.lmzip.codec.media.MediaLayout.parse(s, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--as: " + e.getMessage());
        }
    }

    /** True when the input's header decides: --as auto without -m. */
    boolean detectMedia() {
        return as.trim().equals("auto") && model == null;
    }

    @Option(names = "--no-index", description = "Compress without the seekable frame index (saves 16 bytes per frame).")
    boolean noIndex;

    @Option(names = "--offset", paramLabel = "N", description = "Decompress only from content offset N "
            + "(random access through the frame index; output goes to stdout unless -o).")
    String offset;

    @Option(names = "--length", paramLabel = "M", description = "Decompress only M bytes (with or without --offset).")
    String length;

    /** True when --offset or --length asks for a slice of the content. */
    boolean slice() {
        return offset != null || length != null;
    }

    long offsetBytes() {
        return offset == null ? 0 : size("--offset", offset);
    }

    long lengthBytes() {
        return length == null ? Long.MAX_VALUE : size("--length", length);
    }

    /** A byte count: digits with an optional K, M, G or T suffix (powers of 1024). */
    static long size(String option, String value) {
        String s = value.trim().toUpperCase(java.util.Locale.ROOT);
        int shift = 0;
        if (!s.isEmpty() && "KMGT".indexOf(s.charAt(s.length() - 1)) >= 0) {
            shift = 10 * ("KMGT".indexOf(s.charAt(s.length() - 1)) + 1);
            s = s.substring(0, s.length() - 1);
        }
        try {
            long v = Long.parseLong(s);
            if (v < 0 || (shift > 0 && v > (Long.MAX_VALUE >> shift))) {
                throw new NumberFormatException();
            }
            return v << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a byte count: " + value);
        }
    }

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
