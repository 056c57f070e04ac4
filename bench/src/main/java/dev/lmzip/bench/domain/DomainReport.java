package dev.lmzip.bench.domain;

import dev.lmzip.bench.BenchReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark report in the layout of the paper's Table 1 (rows: compressors; columns: text,
 * images, audio, each for 2048-byte chunks and whole files): raw compression rate, bits per byte,
 * speeds, the paper's published figures and peers measured elsewhere, as Markdown and CSV.
 */
public final class DomainReport {
    /**
     * @param machine  where it ran
     * @param model    lmzip's predictor: id and fingerprint
     * @param command  the command that regenerates the report
     * @param options  corpus options (limit, sample, seed)
     * @param subsets  what was measured
     * @param notes    extra lines for the notes section
     */
    public record Meta(BenchReport.Machine machine, String model, String command, Corpus.Options options,
                       List<Corpus.Subset> subsets, List<String> notes) {
    }

    /** A column of Table 1. */
    public record Column(Domain domain, Granularity granularity) {
        public String header() {
            return domain.label() + ", " + (granularity == Granularity.CHUNKS ? "2048 B chunks" : "whole");
        }
    }

    private final Meta meta;
    private final List<String> codecs;
    private final DomainBench.Result result;

    public DomainReport(Meta meta, List<String> codecs, DomainBench.Result result) {
        this.meta = meta;
        this.codecs = List.copyOf(codecs);
        this.result = result;
    }

    public DomainBench.Result result() {
        return result;
    }

    public List<String> codecs() {
        return codecs;
    }

    /** The measured columns in Table 1 order: text, images, audio; chunks before whole files within each. */
    public List<Column> columns() {
        List<Column> cols = new ArrayList<>();
        for (Domain d : Domain.values()) {
            for (Granularity g : Granularity.values()) {
                if (result.totals().stream().anyMatch(c -> c.domain() == d && c.granularity() == g)) {
                    cols.add(new Column(d, g));
                }
            }
        }
        return cols;
    }

    // ------------------------------------------------------------------ Markdown

    /**
     * The whole report.
     *
     * @param chartFile   the chart's file name relative to the report (null: no chart)
     * @param reliability the reliability section's Markdown (null: a pointer to the command)
     */
    public String markdown(String chartFile, String reliability) {
        StringBuilder sb = new StringBuilder();
        BenchReport.Machine m = meta.machine();
        sb.append("# lmzip benchmarks\n\n");
        sb.append("<!-- generated: do not edit by hand; regenerate with the command below -->\n\n");
        sb.append("lmzip beside gzip, bzip2, xz, zstd, brotli, PNG and FLAC on text, images and audio, in the layout of ")
                .append("Table 1 of \"Language Modeling Is Compression\" (Delétang et al., 2024). Every compressed unit was ")
                .append("decompressed and compared byte for byte.\n\n");
        sb.append("Regenerate (report, CSV and chart):\n\n```sh\n").append(meta.command()).append("\n```\n\n");
        sb.append("## Setup\n\n");
        sb.append("| | |\n|---|---|\n");
        row(sb, "date", m.date());
        row(sb, "machine", m.cores() + " cores, " + (m.cpu().isEmpty() ? "CPU unknown" : m.cpu()) + ", " + m.os() + " " + m.arch());
        row(sb, "JVM", m.java() + ", max heap " + (m.maxHeapBytes() >> 20) + " MiB");
        row(sb, "lmzip model", meta.model());
        Corpus.Options o = meta.options();
        row(sb, "corpus", "`" + o.root() + "`");
        row(sb, "whole files", o.limitBytes() > 0 ? "first " + String.format(Locale.ROOT, "%,d", o.limitBytes())
                + " raw bytes of each (`--limit " + o.limitBytes() + "`; images: whole rows, audio: whole samples)"
                : "entire files (`--limit 0`)");
        row(sb, "chunks", o.sample() > 0 ? "at most " + o.sample() + " chunks/patches per file, drawn without replacement with seed "
                + o.seed() + " (`--sample " + o.sample() + " --seed " + o.seed() + "`) from the entire file"
                : "every chunk/patch of every file (`--sample 0`)");
        sb.append('\n');
        sb.append("What was measured (units: chunks, patches or files; each compressed on its own):\n\n");
        sb.append("| domain | granularity | files | units measured / available | raw bytes measured / available |\n");
        sb.append("|---|---|---:|---:|---:|\n");
        for (Corpus.Subset s : meta.subsets()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %,d / %,d | %,d / %,d |%n", s.domain().label(),
                    s.granularity().label(), s.files(), s.units(), s.unitsAvailable(), s.bytes(), s.bytesAvailable()));
        }
        sb.append('\n');
        sb.append("""
                How raw bytes are made (as the paper, and as `shared/corpus/bench/PEERS.md`):
                - **Text**: canterbury (8 text files), calgary (14 text files), large/ (bible, world192), multilingual/ (3) and \
                enwik/enwik8_small; chunks are consecutive 2048-byte pieces (a trailing partial chunk is dropped).
                - **Images**: `images/*.png` (stand-in for ImageNet/Kodak) decoded to 8-bit pixels. Chunks: grey (mean of R, G, B \
                rounded down), non-overlapping patches of 32 rows × 64 columns flattened row by row to 2048 bytes (128 for a \
                512×512 image; partial patches dropped). Whole: the decoded pixels as stored (RGB or grey).
                - **Audio**: `audio/*.flac` (LibriSpeech, decoded with jflac) and `audio/*.wav` (javax.sound), 16-bit PCM. \
                Chunks: the top byte of each 16-bit sample (8-bit, two's complement), 2048-byte pieces. Whole: 16-bit \
                little-endian PCM.
                - **PNG** on a chunk of text or audio reads it as a 64×32 grey image, **FLAC** reads any chunk as 2048 8-bit mono \
                samples (text and pixels: byte − 128), as the paper does; on whole files PNG applies to images only and FLAC to \
                audio only (n/a elsewhere).
                - Sizes are complete streams: each chunk's own gzip/xz/… header and lmzip's `.lmz` container are counted.

                """);

        sb.append("## Table 1: raw compression rate (compressed / raw, %; lower is better)\n\n");
        table(sb, Metric.RATE);
        sb.append("Best of each column in bold; n/a: the codec has no reading of that data; unavailable: cannot run on this machine.\n\n");
        sb.append("## Bits per byte (8 × compressed / raw)\n\n");
        table(sb, Metric.BPB);
        sb.append("## Speed: compression MB/s (decompression MB/s)\n\n");
        sb.append("One thread per unit (lmzip: one frame per chunk); wall time of the in-process call, summed over units. ")
                .append("The machine is shared: speeds are an order of magnitude, not a ranking.\n\n");
        table(sb, Metric.SPEED);
        if (chartFile != null) {
            sb.append("## Chart: compression rate against speed\n\n");
            sb.append("![compression rate against compression speed](").append(chartFile).append(")\n\n");
        }

        sb.append("## Published figures (not measured here)\n\n");
        sb.append("From ").append(PublishedFigures.PAPER).append(": raw compression rate %, chunks of 2048 bytes of enwik9, ")
                .append("ImageNet patches and LibriSpeech, beside this run's chunk columns (different data: our corpus is a ")
                .append("stand-in, so only the order of magnitude compares).\n\n");
        sb.append("| compressor (paper) | enwik9 | ImageNet | LibriSpeech | this run's row | text chunks | image patches | audio chunks |\n");
        sb.append("|---|---:|---:|---:|---|---:|---:|---:|\n");
        for (PublishedFigures.PaperRow p : PublishedFigures.PAPER_TABLE_1) {
            String mine = p.matches() == null ? null
                    : codecs.stream().filter(c -> c.startsWith(p.matches())).findFirst().orElse(null);
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %s | %s | %s | %s |%n", p.compressor(), p.text(),
                    p.images(), p.audio(), mine == null ? "—" : mine,
                    value(mine, Domain.TEXT, Granularity.CHUNKS, Metric.RATE),
                    value(mine, Domain.IMAGES, Granularity.CHUNKS, Metric.RATE),
                    value(mine, Domain.AUDIO, Granularity.CHUNKS, Metric.RATE)));
        }
        sb.append('\n');
        sb.append("""
                The paper's Llama 2 7B row is left out: its figures could not be checked against the paper's text here. \
                The abstract of arXiv:2309.10668 quotes other figures for the same comparison (Chinchilla 70B 43.4 % on \
                ImageNet patches and 16.4 % on LibriSpeech; PNG 58.5 %, FLAC 30.3 %); the Table 1 figures above are the \
                ones the project quotes and were not re-verified against the table itself.

                """);
        sb.append("## Measured elsewhere on this machine kind (not this run)\n\n");
        sb.append("From ").append(PublishedFigures.PEERS).append(". Raw compression rate %; text is the size-weighted rate ")
                .append("over the 28 text files (bits per byte / 8). Tools run as native binaries on whole files.\n\n");
        sb.append("| compressor | text, whole | images, patches | images, whole | audio, 8-bit chunks | audio, whole 16-bit |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        for (PublishedFigures.PeerRow p : PublishedFigures.PEERS_TABLE) {
            sb.append("| ").append(p.compressor()).append(" | ").append(dash(p.textWhole())).append(" | ")
                    .append(dash(p.imagesChunks())).append(" | ").append(dash(p.imagesWhole())).append(" | ")
                    .append(dash(p.audioChunks())).append(" | ").append(dash(p.audioWhole())).append(" |\n");
        }
        sb.append('\n');
        sb.append("## Reliability\n\n");
        if (reliability == null || reliability.isBlank()) {
            sb.append("Not recorded yet: run `./lmzip bench --reliability` (see bench/README.md).\n\n");
        } else {
            sb.append(reliability.strip()).append("\n\n");
        }
        List<Cell> bad = result.totals().stream().filter(c -> c.status() == Cell.Status.FAILED
                || c.status() == Cell.Status.UNAVAILABLE).toList();
        if (!bad.isEmpty() || !meta.notes().isEmpty()) {
            sb.append("## Notes\n\n");
            for (String n : meta.notes()) {
                sb.append("- ").append(n).append('\n');
            }
            for (Cell c : bad) {
                sb.append("- ").append(c.codec()).append(", ").append(c.domain().label()).append(' ')
                        .append(c.granularity().label()).append(": ").append(c.status()).append(" — ")
                        .append(c.message().replace('|', '/')).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    enum Metric { RATE, BPB, SPEED }

    private void table(StringBuilder sb, Metric metric) {
        List<Column> cols = columns();
        sb.append("| compressor |");
        for (Column c : cols) {
            sb.append(' ').append(c.header()).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---:|".repeat(cols.size()));
        sb.append('\n');
        for (String codec : codecs) {
            sb.append("| ").append(codec).append(" |");
            for (Column c : cols) {
                String v = value(codec, c.domain(), c.granularity(), metric);
                if (metric != Metric.SPEED && isBest(codec, c)) {
                    v = "**" + v + "**";
                }
                sb.append(' ').append(v).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n');
    }

    private boolean isBest(String codec, Column col) {
        Optional<Cell> mine = result.total(col.domain(), col.granularity(), codec);
        if (mine.isEmpty() || !mine.get().ok()) {
            return false;
        }
        double best = result.totals().stream().filter(c -> c.domain() == col.domain() && c.granularity() == col.granularity()
                && c.ok()).mapToDouble(Cell::ratePercent).min().orElse(Double.NaN);
        return mine.get().ratePercent() == best;
    }

    String value(String codec, Domain d, Granularity g, Metric metric) {
        if (codec == null) {
            return "—";
        }
        Optional<Cell> cell = result.total(d, g, codec);
        if (cell.isEmpty()) {
            return "—";
        }
        Cell c = cell.get();
        return switch (c.status()) {
            case NA -> "n/a";
            case UNAVAILABLE -> "unavailable";
            case FAILED -> "FAILED";
            case OK -> switch (metric) {
                case RATE -> String.format(Locale.ROOT, "%.1f", c.ratePercent());
                case BPB -> String.format(Locale.ROOT, "%.3f", c.bitsPerByte());
                case SPEED -> speed(c.compressMbPerSecond()) + " (" + speed(c.decompressMbPerSecond()) + ")";
            };
        };
    }

    static String speed(double mbs) {
        if (Double.isNaN(mbs)) {
            return "—";
        }
        if (mbs >= 100) {
            return String.format(Locale.ROOT, "%.0f", mbs);
        }
        if (mbs >= 1) {
            return String.format(Locale.ROOT, "%.1f", mbs);
        }
        return String.format(Locale.ROOT, "%.3f", mbs);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "—" : s;
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(v.replace('|', '/')).append(" |\n");
    }

    // ------------------------------------------------------------------ CSV

    public static final String CSV_HEADER = "domain,granularity,file,compressor,status,units,raw_bytes,compressed_bytes,"
            + "rate_percent,bits_per_byte,compress_mb_s,decompress_mb_s,message";

    /** One line per (domain, granularity, compressor) total (file = TOTAL), then per source file. */
    public String csv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        List<Cell> all = new ArrayList<>(result.totals());
        all.addAll(result.files());
        for (Cell c : all) {
            sb.append(c.domain().key()).append(',').append(c.granularity().key()).append(',').append(csvField(c.file()))
                    .append(',').append(csvField(c.codec())).append(',').append(c.status()).append(',').append(c.units())
                    .append(',').append(c.rawBytes()).append(',').append(c.compressedBytes()).append(',');
            if (c.ok()) {
                sb.append(String.format(Locale.ROOT, "%.4f,%.5f,%.6f,%.6f", c.ratePercent(), c.bitsPerByte(),
                        c.compressMbPerSecond(), c.decompressMbPerSecond()));
            } else {
                sb.append(",,,");
            }
            sb.append(',').append(csvField(c.message())).append('\n');
        }
        return sb.toString();
    }

    static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    public void write(Path markdown, Path csv, Path chart, String reliability) throws IOException {
        if (chart != null) {
            RateSpeedChart.write(result, codecs, chart);
        }
        String chartRef = chart == null ? null
                : markdown.toAbsolutePath().getParent().relativize(chart.toAbsolutePath()).toString().replace('\\', '/');
        Files.writeString(markdown, markdown(chartRef, reliability), StandardCharsets.UTF_8);
        if (csv != null) {
            Files.writeString(csv, csv(), StandardCharsets.UTF_8);
        }
    }
}
