package dev.lmzip.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs every compressor over every input file: compress, decompress, verify byte for byte, and
 * time both directions. A compressor that throws or does not round-trip yields a
 * {@link BenchRow.Status#FAILED} row (and {@link BenchReport#failed()}); one whose native library
 * does not load yields {@link BenchRow.Status#UNAVAILABLE} rows. Neither stops the run.
 */
public final class BenchRunner {
    private final BenchOptions options;
    private final PrintStream log;

    public BenchRunner(BenchOptions options, PrintStream progressLog) {
        this.options = options;
        this.log = progressLog;
    }

    /** Convenience for {@code new BenchRunner(opts, progressLog).run(inputs)}; {@code progressLog} may be null. */
    public static BenchReport run(List<Path> inputs, BenchOptions opts, PrintStream progressLog) throws IOException {
        return new BenchRunner(opts, progressLog).run(inputs);
    }

    /** An input file and the name it gets in the report. */
    public record InputFile(Path path, String displayName) {
    }

    /**
     * Expands files and directories (recursively, regular files only) into a sorted list without
     * duplicates. Files found in a directory are named relative to it.
     *
     * @throws NoSuchFileException when an input does not exist
     */
    public static List<InputFile> expand(List<Path> inputs) throws IOException {
        List<InputFile> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                throw new NoSuchFileException(in.toString());
            }
            if (Files.isDirectory(in)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(in)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                for (Path f : files) {
                    if (seen.add(f.toAbsolutePath().normalize())) {
                        out.add(new InputFile(f, in.relativize(f).toString().replace('\\', '/')));
                    }
                }
            } else if (seen.add(in.toAbsolutePath().normalize())) {
                out.add(new InputFile(in, String.valueOf(in.getFileName())));
            }
        }
        // names must be unique in the tables: fall back to the path as given
        Map<String, Integer> count = new HashMap<>();
        out.forEach(f -> count.merge(f.displayName(), 1, Integer::sum));
        List<InputFile> named = new ArrayList<>();
        for (InputFile f : out) {
            named.add(count.get(f.displayName()) > 1 ? new InputFile(f.path(), f.path().toString()) : f);
        }
        return named;
    }

    public BenchReport run(List<Path> inputs) throws IOException {
        List<InputFile> files = expand(inputs);
        List<Compressor> compressors = options.compressors();
        Map<Compressor, String> unavailable = new LinkedHashMap<>();
        for (Compressor c : compressors) {
            Optional<String> why = availability(c);
            why.ifPresent(w -> {
                unavailable.put(c, w);
                log("%s: unavailable (%s)", c.name(), w);
            });
        }
        if (options.warmupBytes() > 0 && !files.isEmpty()) {
            byte[] sample = read(files.getFirst().path(), Math.min(options.warmupBytes(),
                    options.limitBytes() > 0 ? options.limitBytes() : Long.MAX_VALUE));
            for (Compressor c : compressors) {
                if (!unavailable.containsKey(c)) {
                    try {
                        c.decompress(c.compress(sample));
                    } catch (Exception | LinkageError | AssertionError e) {
                        // the timed run reports it
                    }
                }
            }
        }
        List<BenchRow> rows = new ArrayList<>();
        int i = 0;
        for (InputFile f : files) {
            i++;
            byte[] data = read(f.path(), options.limitBytes() > 0 ? options.limitBytes() : Long.MAX_VALUE);
            log("[%d/%d] %s (%,d bytes)", i, files.size(), f.displayName(), data.length);
            for (Compressor c : compressors) {
                BenchRow row;
                if (unavailable.containsKey(c)) {
                    row = new BenchRow(f.displayName(), data.length, c.name(), BenchRow.Status.UNAVAILABLE,
                            unavailable.get(c), 0, Timing.NONE, Timing.NONE);
                } else {
                    row = measure(f.displayName(), data, c);
                    if (row.status() == BenchRow.Status.UNAVAILABLE) {
                        unavailable.put(c, row.message());
                    }
                }
                rows.add(row);
                logRow(row);
            }
        }
        BenchReport report = new BenchReport(BenchReport.Machine.current(), options.repeat(), options.limitBytes(),
                compressors.stream().map(Compressor::name).toList(), rows);
        if (report.failed()) {
            log("FAILED: %d round trip(s) did not hold; see the FAILED rows", report.failures().size());
        }
        return report;
    }

    private Optional<String> availability(Compressor c) {
        try {
            return c.unavailableReason();
        } catch (LinkageError | RuntimeException e) {
            return Optional.of(e.toString());
        }
    }

    /** One (file, compressor) cell: {@code repeat} timed round trips, each verified. */
    BenchRow measure(String name, byte[] data, Compressor c) {
        int repeat = options.repeat();
        long[] ct = new long[repeat];
        long[] dt = new long[repeat];
        long compressedBytes = -1;
        for (int r = 0; r < repeat; r++) {
            byte[] packed;
            byte[] unpacked;
            try {
                long t0 = System.nanoTime();
                packed = c.compress(data);
                long t1 = System.nanoTime();
                unpacked = c.decompress(packed);
                long t2 = System.nanoTime();
                ct[r] = t1 - t0;
                dt[r] = t2 - t1;
            } catch (LinkageError e) {
                return new BenchRow(name, data.length, c.name(), BenchRow.Status.UNAVAILABLE, e.toString(), 0,
                        Timing.NONE, Timing.NONE);
            } catch (Exception | OutOfMemoryError | StackOverflowError | AssertionError e) {
                return failure(name, data, c, "threw " + e);
            }
            if (packed == null || unpacked == null) {
                return failure(name, data, c, "returned null");
            }
            String mismatch = mismatch(data, unpacked);
            if (mismatch != null) {
                return failure(name, data, c, "round trip mismatch: " + mismatch);
            }
            if (compressedBytes >= 0 && compressedBytes != packed.length) {
                return failure(name, data, c, "not deterministic: compressed to " + compressedBytes + " then "
                        + packed.length + " bytes");
            }
            compressedBytes = packed.length;
        }
        return new BenchRow(name, data.length, c.name(), BenchRow.Status.OK, "", compressedBytes, Timing.of(ct),
                Timing.of(dt));
    }

    private static BenchRow failure(String name, byte[] data, Compressor c, String why) {
        return new BenchRow(name, data.length, c.name(), BenchRow.Status.FAILED, why, 0, Timing.NONE, Timing.NONE);
    }

    /** Null when equal, otherwise where they first differ. */
    static String mismatch(byte[] expected, byte[] actual) {
        int at = Arrays.mismatch(expected, actual);
        if (at < 0) {
            return null;
        }
        String sizes = actual.length == expected.length ? ""
                : "decompressed " + actual.length + " bytes, expected " + expected.length + "; ";
        return sizes + "first difference at byte " + at;
    }

    static byte[] read(Path p, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            long n = Math.min(limit, Files.size(p));
            if (n > Integer.MAX_VALUE - 16) {
                throw new IOException(p + ": " + n + " bytes do not fit one buffer; use --limit");
            }
            return in.readNBytes((int) n);
        }
    }

    private void logRow(BenchRow r) {
        switch (r.status()) {
            case OK -> log("  %-20s %,12d bytes  %6.3f bpb  %8s MB/s compress  %8s MB/s decompress", r.compressor(),
                    r.compressedBytes(), r.bitsPerByte(), BenchReport.speed(r.compressMbPerSecond()),
                    BenchReport.speed(r.decompressMbPerSecond()));
            case FAILED -> log("  %-20s FAILED: %s", r.compressor(), r.message());
            case UNAVAILABLE -> log("  %-20s unavailable", r.compressor());
        }
    }

    private void log(String format, Object... args) {
        if (log != null) {
            log.println(String.format(Locale.ROOT, format, args));
            log.flush();
        }
    }
}
