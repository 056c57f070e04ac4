package dev.lmzip.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The results of a {@link BenchRunner} run: rows, per-compressor totals, Markdown and CSV. */
public final class BenchReport {
    public static final String TOTAL = "TOTAL";

    private final Machine machine;
    private final int repeat;
    private final long limitBytes;
    private final List<String> compressors;
    private final List<BenchRow> rows;
    private final List<BenchRow> totals;

    public BenchReport(Machine machine, int repeat, long limitBytes, List<String> compressors, List<BenchRow> rows) {
        this.machine = Objects.requireNonNull(machine);
        this.repeat = repeat;
        this.limitBytes = limitBytes;
        this.compressors = List.copyOf(compressors);
        this.rows = List.copyOf(rows);
        this.totals = computeTotals();
    }

    /** Facts about the machine that ran the bench, for the report header. */
    public record Machine(String date, int cores, String cpu, String os, String arch, String java, long maxHeapBytes) {
        public static Machine current() {
            String cpu = "";
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: leave it out
            }
            return new Machine(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                    Runtime.getRuntime().availableProcessors(), cpu,
                    System.getProperty("os.name", "?") + " " + System.getProperty("os.version", ""),
                    System.getProperty("os.arch", "?"),
                    System.getProperty("java.version", "?") + " (" + System.getProperty("java.vm.name", "?") + ")",
                    Runtime.getRuntime().maxMemory());
        }
    }

    public Machine machine() {
        return machine;
    }

    /** Compressor names in column order. */
    public List<String> compressors() {
        return compressors;
    }

    /** One row per (file, compressor), files in input order. */
    public List<BenchRow> rows() {
        return rows;
    }

    /**
     * One row per compressor over all files ({@code file = TOTAL}): sums of the files whose round
     * trip held. Its status is the worst of its files' (a compressor that failed on a file has a
     * FAILED total whose sizes cover the other files only).
     */
    public List<BenchRow> totals() {
        return totals;
    }

    /** The rows whose round trip did not hold. */
    public List<BenchRow> failures() {
        return rows.stream().filter(r -> r.status() == BenchRow.Status.FAILED).toList();
    }

    /** True when any compressor threw or did not reproduce its input. */
    public boolean failed() {
        return !failures().isEmpty();
    }

    /** 0 when every round trip held, 1 otherwise. */
    public int exitCode() {
        return failed() ? 1 : 0;
    }

    private List<BenchRow> computeTotals() {
        List<BenchRow> out = new ArrayList<>();
        for (String c : compressors) {
            long orig = 0, packed = 0, cMed = 0, cMin = 0, cMax = 0, dMed = 0, dMin = 0, dMax = 0;
            int ok = 0, failed = 0, unavailable = 0, runs = 0;
            String why = "";
            for (BenchRow r : rows) {
                if (!r.compressor().equals(c)) {
                    continue;
                }
                switch (r.status()) {
                    case OK -> {
                        ok++;
                        orig += r.originalBytes();
                        packed += r.compressedBytes();
                        cMed += r.compress().medianNanos();
                        cMin += r.compress().minNanos();
                        cMax += r.compress().maxNanos();
                        dMed += r.decompress().medianNanos();
                        dMin += r.decompress().minNanos();
                        dMax += r.decompress().maxNanos();
                        runs = r.compress().runs();
                    }
                    case FAILED -> failed++;
                    case UNAVAILABLE -> {
                        unavailable++;
                        why = r.message();
                    }
                }
            }
            BenchRow.Status st;
            String msg;
            if (failed > 0) {
                st = BenchRow.Status.FAILED;
                msg = failed + " of " + (ok + failed + unavailable) + " files failed; sizes cover the other files";
            } else if (ok == 0 && unavailable > 0) {
                st = BenchRow.Status.UNAVAILABLE;
                msg = why;
            } else {
                st = BenchRow.Status.OK;
                msg = "";
            }
            out.add(new BenchRow(TOTAL, orig, c, st, msg, packed, new Timing(cMed, cMin, cMax, runs),
                    new Timing(dMed, dMin, dMax, runs)));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- Markdown

    /** Two tables (bits per byte with the best of each file in bold, then speeds) under a header of machine facts. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# lmzip bench\n\n");
        sb.append("- date: ").append(machine.date()).append('\n');
        sb.append("- machine: ").append(machine.cores()).append(" cores");
        if (!machine.cpu().isEmpty()) {
            sb.append(", ").append(machine.cpu());
        }
        sb.append(", ").append(machine.os()).append(' ').append(machine.arch()).append('\n');
        sb.append("- java: ").append(machine.java()).append(", max heap ")
                .append(machine.maxHeapBytes() >> 20).append(" MiB\n");
        sb.append("- runs: ").append(repeat == 1 ? "1 per cell" : repeat + " per cell, median (min–max)")
                .append("; limit: ").append(limitBytes > 0 ? String.format(Locale.ROOT, "first %,d bytes of each file", limitBytes) : "whole files")
                .append('\n');
        sb.append("- every round trip verified byte for byte; bpb = 8 × compressed / original; MB = 10^6 bytes\n");
        if (failed()) {
            sb.append("\n**FAILED: ").append(failures().size()).append(" round trip(s) did not hold:**\n\n");
            for (BenchRow r : failures()) {
                sb.append("- ").append(esc(r.file())).append(", ").append(esc(r.compressor())).append(": ")
                        .append(esc(r.message())).append('\n');
            }
        }

        Map<String, List<BenchRow>> byFile = byFile();
        sb.append("\n## Bits per byte (lower is better)\n\n");
        sb.append("| file | bytes |");
        compressors.forEach(c -> sb.append(' ').append(esc(c)).append(" |"));
        sb.append("\n|---|---:|");
        compressors.forEach(c -> sb.append("---:|"));
        sb.append('\n');
        for (Map.Entry<String, List<BenchRow>> e : byFile.entrySet()) {
            bpbLine(sb, esc(e.getKey()), e.getValue());
        }
        bpbLine(sb, "**total**", totals);

        speedTable(sb, "Compression speed (MB/s)", true, byFile);
        speedTable(sb, "Decompression speed (MB/s)", false, byFile);

        List<String> notes = new ArrayList<>();
        for (BenchRow t : totals) {
            if (t.status() == BenchRow.Status.UNAVAILABLE) {
                notes.add("- " + esc(t.compressor()) + ": unavailable (" + esc(t.message()) + ")");
            }
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            notes.forEach(n -> sb.append(n).append('\n'));
        }
        return sb.toString();
    }

    private Map<String, List<BenchRow>> byFile() {
        Map<String, List<BenchRow>> m = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            m.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    private BenchRow cell(List<BenchRow> line, String compressor) {
        for (BenchRow r : line) {
            if (r.compressor().equals(compressor)) {
                return r;
            }
        }
        return null;
    }

    private void bpbLine(StringBuilder sb, String file, List<BenchRow> line) {
        long best = Long.MAX_VALUE;
        for (BenchRow r : line) {
            if (r.ok()) {
                best = Math.min(best, r.compressedBytes());
            }
        }
        long bytes = line.isEmpty() ? 0 : line.getFirst().originalBytes();
        for (BenchRow r : line) {
            if (r.ok()) {
                bytes = r.originalBytes();
                break;
            }
        }
        sb.append("| ").append(file).append(" | ").append(String.format(Locale.ROOT, "%,d", bytes)).append(" |");
        for (String c : compressors) {
            BenchRow r = cell(line, c);
            String v;
            if (r == null) {
                v = "";
            } else if (r.status() == BenchRow.Status.FAILED) {
                v = "**FAILED**";
            } else if (r.status() == BenchRow.Status.UNAVAILABLE) {
                v = "n/a";
            } else {
                v = String.format(Locale.ROOT, "%.3f", r.bitsPerByte());
                if (r.compressedBytes() == best) {
                    v = "**" + v + "**";
                }
            }
            sb.append(' ').append(v).append(" |");
        }
        sb.append('\n');
    }

    private void speedTable(StringBuilder sb, String title, boolean compress, Map<String, List<BenchRow>> byFile) {
        sb.append("\n## ").append(title).append("\n\n| file |");
        compressors.forEach(c -> sb.append(' ').append(esc(c)).append(" |"));
        sb.append("\n|---|");
        compressors.forEach(c -> sb.append("---:|"));
        sb.append('\n');
        for (Map.Entry<String, List<BenchRow>> e : byFile.entrySet()) {
            speedLine(sb, esc(e.getKey()), e.getValue(), compress);
        }
        speedLine(sb, "**total**", totals, compress);
    }

    private void speedLine(StringBuilder sb, String file, List<BenchRow> line, boolean compress) {
        sb.append("| ").append(file).append(" |");
        for (String c : compressors) {
            BenchRow r = cell(line, c);
            String v;
            if (r == null || r.compress().runs() == 0) {
                v = r == null ? "" : r.status() == BenchRow.Status.UNAVAILABLE ? "n/a" : "—";
            } else {
                Timing t = compress ? r.compress() : r.decompress();
                long b = r.originalBytes();
                v = speed(t.mbPerSecond(b));
                if (t.runs() > 1) {
                    v += " (" + speed(t.minMbPerSecond(b)) + "–" + speed(t.maxMbPerSecond(b)) + ")";
                }
            }
            sb.append(' ').append(v).append(" |");
        }
        sb.append('\n');
    }

    /** Three significant digits or so. */
    static String speed(double mbs) {
        if (mbs >= 100) {
            return String.format(Locale.ROOT, "%.0f", mbs);
        }
        if (mbs >= 10) {
            return String.format(Locale.ROOT, "%.1f", mbs);
        }
        if (mbs >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", mbs);
        }
        // language models run at KB/s: keep significant digits instead of printing 0.00
        return significant(mbs, 3);
    }

    /**
     * {@code v} rounded to {@code digits} significant digits, in plain decimal notation (0.00374,
     * 12.3, 120): a language model's 0.0037 MB/s must not print as 0.004 or 4e-3.
     */
    static String significant(double v, int digits) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : "";
        }
        return new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toPlainString();
    }

    private static String esc(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    // ---------------------------------------------------------------- CSV

    static final String CSV_HEADER = "file,bytes,compressor,status,compressed_bytes,ratio,bits_per_byte,"
            + "compress_mb_s,compress_mb_s_min,compress_mb_s_max,decompress_mb_s,decompress_mb_s_min,decompress_mb_s_max,"
            + "compress_ms_median,decompress_ms_median,runs,message";

    /** One line per (file, compressor), then one {@code TOTAL} line per compressor; RFC 4180 quoting. */
    public String csv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append("\r\n");
        for (BenchRow r : rows) {
            csvLine(sb, r);
        }
        for (BenchRow r : totals) {
            csvLine(sb, r);
        }
        return sb.toString();
    }

    public void writeCsv(Path file) throws IOException {
        Files.writeString(file, csv(), StandardCharsets.UTF_8);
    }

    public void writeMarkdown(Path file) throws IOException {
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
    }

    private static void csvLine(StringBuilder sb, BenchRow r) {
        boolean ok = r.ok();
        long b = r.originalBytes();
        String[] f = {
                r.file(),
                Long.toString(b),
                r.compressor(),
                r.status().name(),
                ok ? Long.toString(r.compressedBytes()) : "",
                ok ? fmt("%.6f", r.ratio()) : "",
                ok ? fmt("%.4f", r.bitsPerByte()) : "",
                ok ? significant(r.compress().mbPerSecond(b), 4) : "",
                ok ? significant(r.compress().minMbPerSecond(b), 4) : "",
                ok ? significant(r.compress().maxMbPerSecond(b), 4) : "",
                ok ? significant(r.decompress().mbPerSecond(b), 4) : "",
                ok ? significant(r.decompress().minMbPerSecond(b), 4) : "",
                ok ? significant(r.decompress().maxMbPerSecond(b), 4) : "",
                ok ? fmt("%.3f", r.compress().medianNanos() / 1e6) : "",
                ok ? fmt("%.3f", r.decompress().medianNanos() / 1e6) : "",
                Integer.toString(r.compress().runs()),
                r.message(),
        };
        for (int i = 0; i < f.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(f[i]));
        }
        sb.append("\r\n");
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
