package dev.lmzip.cli;

import dev.lmzip.bench.BenchOptions;
import dev.lmzip.bench.BenchReport;
import dev.lmzip.bench.BenchRunner;
import dev.lmzip.bench.Compressors;
import dev.lmzip.bench.LmzCompressor;
import dev.lmzip.bench.domain.ByteCodec;
import dev.lmzip.bench.domain.LmzipMediaCodec;
import dev.lmzip.bench.domain.Corpus;
import dev.lmzip.bench.domain.Domain;
import dev.lmzip.bench.domain.DomainBench;
import dev.lmzip.bench.domain.DomainReport;
import dev.lmzip.bench.domain.FlacCliCodec;
import dev.lmzip.bench.domain.FlacJavaCodec;
import dev.lmzip.bench.domain.Granularity;
import dev.lmzip.bench.domain.MediaCodec;
import dev.lmzip.bench.domain.PngCodec;
import dev.lmzip.bench.reliability.Reliability;
import dev.lmzip.codec.predict.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code lmzip bench}: lmzip beside gzip, bzip2, xz, zstd and brotli on files, every round trip
 * verified; with {@code --domains}/{@code --report}, the Table 1 report over text, images and audio
 * (with PNG and FLAC); with {@code --reliability}, the reliability figures.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compress each file with gzip -9, bzip2 -9, xz -9/-9e, zstd -19/-22, brotli -q 11 and lmzip;",
                "verify every round trip; print a Markdown table (bits per byte, MB/s) and optionally write CSV.",
                "With --domains or --report: text, images and audio of the bench corpus, in chunks of 2048 bytes and",
                "whole, beside PNG and FLAC too, in the layout of Table 1 of 'Language Modeling Is Compression'.",
                "With --reliability: a long stdin/stdout stream, kill -9 during compression, fuzzed containers."},
        footer = {"", "Regenerate BENCHMARKS.md: bench/report.sh (see bench/README.md)."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "Files, or directories searched recursively "
            + "(not with --domains/--report/--reliability).")
    List<Path> inputs;

    @Option(names = "--compressors", paramLabel = "LIST", description = "Comma-separated subset of: all (default), "
            + "gzip, bzip2, xz, xz9e, zstd, zstd22, brotli, lmzip; with --domains also png, flac (Java encoder), flac8 "
            + "(the flac tool).")
    String compressors = "all";

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "lmzip's predictor (default: the house model "
            + "when installed, else bytes).")
    String model;

    @Option(names = "--decoded", description = "lmzip codes PNG and FLAC files as `lmzip --decoded` does: their decoded "
            + "pixels or samples plus what rebuilds the file (the other compressors get the file's bytes).")
    boolean decoded;

    @Option(names = "--repeat", paramLabel = "N", description = "Time each run N times; report the median and spread.")
    int repeat = 1;

    @Option(names = "--limit", paramLabel = "BYTES", description = "Use only the first BYTES of each file (0: whole file); "
            + "with --domains: of each whole file's raw bytes.")
    long limit;

    @Option(names = {"-T", "--threads"}, paramLabel = "N", description = "lmzip worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write one CSV line per file and compressor.")
    Path csv;

    @Option(names = "--md", paramLabel = "FILE", description = "Also write the Markdown table to FILE.")
    Path markdown;

    @Option(names = "--domains", paramLabel = "LIST", description = "Domain bench: text, images, audio or all.")
    String domains;

    @Option(names = "--report", paramLabel = "FILE", description = "Domain bench written as a report (e.g. BENCHMARKS.md) "
            + "with FILE's .csv and .png beside it unless --csv/--chart say otherwise.")
    Path report;

    @Option(names = "--chart", paramLabel = "FILE", description = "Domain bench: the rate/speed chart (PNG).")
    Path chart;

    @Option(names = "--granularity", paramLabel = "LIST", description = "Domain bench: chunks, whole or both (default).")
    String granularity = "chunks,whole";

    @Option(names = "--corpus", paramLabel = "DIR", description = "Domain bench corpus (default: ../shared/corpus/bench).")
    Path corpus = Path.of("../shared/corpus/bench");

    @Option(names = "--sample", paramLabel = "N", description = "Domain bench: at most N chunks/patches per file, "
            + "drawn with --seed (0: all).")
    int sample;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of --sample (default 20261125).")
    long seed = 20261125L;

    @Option(names = "--reliability-md", paramLabel = "FILE", description = "Where --reliability writes its results, "
            + "and where --report reads them (default: bench/results/reliability.md).")
    Path reliabilityMd = Path.of("bench/results/reliability.md");

    @Option(names = "--reliability", description = "Run the reliability checks (not CI): stream, kill -9, fuzz.")
    boolean reliability;

    @Option(names = "--stream-bytes", paramLabel = "SIZE", description = "--reliability: bytes through stdin/stdout "
            + "(default 1G; 0 skips).")
    String streamBytes = "1G";

    @Option(names = "--heap", paramLabel = "SIZE", description = "--reliability: heap of the lmzip processes (default 256m).")
    String heap = "256m";

    @Option(names = "--kill-trials", paramLabel = "N", description = "--reliability: kill -9 trials (default 5; 0 skips).")
    int killTrials = 5;

    @Option(names = "--fuzz-cases", paramLabel = "N", description = "--reliability: fuzzed containers (default 1000000; 0 skips).")
    long fuzzCases = 1_000_000;

    @Option(names = "--fuzz-seed", paramLabel = "S", description = "--reliability: fuzz seed (default 20261125).")
    long fuzzSeed = 20261125L;

    @Option(names = "--fuzz-threads", paramLabel = "N", description = "--reliability: fuzz threads (default: all cores).")
    Integer fuzzThreads;

    @Override
    public Integer call() throws Exception {
        if (reliability) {
            return reliability();
        }
        if (domains != null || report != null) {
            return domainBench();
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("give FILE|DIR, or --domains/--report, or --reliability");
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        LmzCompressor lmzip = lmzip(t, Models.forCompression(model, t));
        if (decoded) {
            lmzip = lmzip.decoded();
        }
        BenchOptions opts = BenchOptions.defaults()
                .repeat(repeat)
                .limitBytes(limit)
                .compressors(Compressors.select(compressors, lmzip));
        BenchReport r = BenchRunner.run(inputs, opts, System.err);
        System.out.print(r.markdown());
        if (csv != null) {
            r.writeCsv(csv);
        }
        if (markdown != null) {
            r.writeMarkdown(markdown);
        }
        return r.exitCode();
    }

    private LmzCompressor lmzip(int t, Predictor predictor) {
        return new LmzCompressor(predictor, Models.forDecompression(model, t), t, Models.defaultFrameSizeLog(predictor),
                "lmzip (" + predictor.id() + ")");
    }

    private String commandLine() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.getFirst().equals("bench")) {
            args.removeFirst(); // the parent's original arguments include the subcommand
        }
        StringBuilder sb = new StringBuilder("./lmzip bench");
        for (String a : args) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    static List<MediaCodec> codecs(String keys, LmzCompressor lmzip) {
        List<MediaCodec> out = new ArrayList<>();
        String k = keys == null ? "all" : keys.trim().toLowerCase(Locale.ROOT);
        List<String> list = k.equals("all") ? List.of("gzip", "bzip2", "xz", "xz9e", "zstd", "zstd22", "brotli", "png",
                "flac8", "flac", "lmzip") : List.of(k.split(","));
        for (String raw : list) {
            String key = raw.trim();
            switch (key) {
                case "" -> { }
                case "png" -> out.add(new PngCodec());
                case "flac" -> out.add(new FlacJavaCodec());
                case "flac8" -> out.add(new FlacCliCodec());
                case "lmzip" -> out.add(new LmzipMediaCodec(lmzip));
                default -> Compressors.select(key, lmzip).forEach(c -> out.add(new ByteCodec(c)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no compressor selected");
        }
        return out;
    }

    private int domainBench() throws IOException {
        Set<Domain> ds = EnumSet.noneOf(Domain.class);
        if (domains == null || domains.trim().equalsIgnoreCase("all")) {
            ds.addAll(EnumSet.allOf(Domain.class));
        } else {
            for (String d : domains.split(",")) {
                ds.add(Domain.parse(d));
            }
        }
        Set<Granularity> gs = EnumSet.noneOf(Granularity.class);
        for (String g : granularity.split(",")) {
            gs.add(Granularity.parse(g));
        }
        if (!Files.isDirectory(corpus)) {
            throw new IllegalArgumentException("--corpus: no directory " + corpus);
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Predictor predictor = Models.forCompression(model, t);
        LmzCompressor lmzip = lmzip(t, predictor);
        List<MediaCodec> codecs = codecs(compressors, lmzip);
        Corpus.Options co = new Corpus.Options(corpus, ds, gs, limit, sample, seed);
        Corpus.Loaded loaded = Corpus.load(co, System.err);
        DomainBench.Result result = new DomainBench(codecs, System.err, true).run(loaded.units());
        String modelText = "`" + predictor.id() + "`, fingerprint `" + HexFormat.of().formatHex(predictor.fingerprint()) + "`"
                + (model == null ? " (the default model: " + Models.defaultModel() + ")" : " (`-m " + model + "`)");
        List<String> notes = new ArrayList<>();
        int overhead = lmzip.compress(new byte[0]).length;
        notes.add("lmzip's chunk sizes include its `.lmz` container (file header with the model's fingerprint and params, "
                + "frame header and end frame; a one-frame file has no index; an empty input compresses to " + overhead
                + " bytes with the text model) for every 2048-byte chunk, "
                + String.format(Locale.ROOT, "%.1f", 100.0 * overhead / 2048) + " % of a chunk; the paper counts only the "
                + "arithmetic-coded bits for its language models.");
        notes.add("lmzip codes image and audio units with its built-in media model (docs/media.md), given the layout the "
                + "bench knows, as `lmzip --as image:WxHxC` / `--as audio:BITSxCH` would (WAV and PGM/PPM files are detected "
                + "by their header); text units with the model above, one frame per unit.");
        notes.add("FLAC (java-flac-encoder) has no Rice partitioning and is weaker than libFLAC's `flac -8`, the row that "
                + "matches the paper's FLAC; `flac -8` runs Debian's `flac` binary (a process per unit, so its speed is "
                + "dominated by process start on chunks) and is 'unavailable' where it is not installed.");
        notes.add("xz -9 stands for the paper's LZMA2; PNG is the JDK's ImageIO writer at deflate level 9 (optipng, in PEERS.md, "
                + "searches filters and deflate settings and is a little smaller).");
        DomainReport r = new DomainReport(new DomainReport.Meta(BenchReport.Machine.current(), modelText, commandLine(), co,
                loaded.subsets(), notes), codecs.stream().map(MediaCodec::name).toList(), result);
        String reliabilityText = reliabilityMd != null && Files.isRegularFile(reliabilityMd)
                ? Files.readString(reliabilityMd, StandardCharsets.UTF_8) : null;
        if (report != null) {
            String base = report.getFileName().toString().replaceFirst("\\.md$", "");
            Path dir = report.toAbsolutePath().getParent();
            Path csvPath = csv != null ? csv : dir.resolve(base + ".csv");
            Path chartPath = chart != null ? chart : dir.resolve(base + ".png");
            r.write(report, csvPath, chartPath, reliabilityText);
            System.err.println("wrote " + report + ", " + csvPath + ", " + chartPath);
        } else {
            System.out.print(r.markdown(null, reliabilityText));
            if (csv != null) {
                Files.writeString(csv, r.csv(), StandardCharsets.UTF_8);
            }
            if (chart != null) {
                dev.lmzip.bench.domain.RateSpeedChart.write(result, r.codecs(), chart);
            }
        }
        return result.failed() ? 1 : 0;
    }

    private int reliability() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xmx") && !a.startsWith("-Xms") && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")
                    && !a.startsWith("-XX:MaxRAM")) {
                cmd.add(a);
            }
        }
        cmd.add(Reliability.HEAP_MARK);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        long bytes = CommonOptions.size("--stream-bytes", streamBytes);
        int ft = fuzzThreads == null ? Runtime.getRuntime().availableProcessors() : fuzzThreads;
        Path work = Files.createTempDirectory("lmzip-reliability");
        Reliability.Options o = new Reliability.Options(cmd, "-Xmx" + heap, bytes, killTrials, 48L << 20, fuzzCases,
                fuzzSeed, ft, work, commandLine());
        String md = Reliability.run(o, System.err);
        md += "\nThe stream is the same as `generator | LMZIP_JAVA_OPTS=-Xmx" + heap + " ./lmzip -c -m bytes | LMZIP_JAVA_OPTS=-Xmx"
                + heap + " ./lmzip -d -c -m bytes | cmp - <(generator)`, with a seeded text generator inside the bench "
                + "process. Full-size figures: `./lmzip bench --reliability --stream-bytes 1G --fuzz-cases 1000000` "
                + "(the stream runs at about 0.5–1 MB/s on this machine, so 1 GB takes 20–35 minutes).\n";
        System.out.print(md);
        if (reliabilityMd != null) {
            Path parent = reliabilityMd.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(reliabilityMd, md, StandardCharsets.UTF_8);
            System.err.println("wrote " + reliabilityMd);
        }
        try (var s = Files.walk(work)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return md.contains("**FAIL**") ? 1 : 0;
    }
}
