package dev.lmzip.cli;

import dev.lmzip.bench.BenchOptions;
import dev.lmzip.bench.BenchReport;
import dev.lmzip.bench.BenchRunner;
import dev.lmzip.bench.Compressors;
import dev.lmzip.bench.LmzCompressor;
import dev.lmzip.codec.predict.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lmzip bench}: lmzip beside gzip, bzip2, xz, zstd and brotli, every round trip verified. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Compress each file with gzip -9, bzip2 -9, xz -9/-9e, zstd -19/-22, brotli -q 11 and lmzip;",
                "verify every round trip; print a Markdown table (bits per byte, MB/s) and optionally write CSV."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "Files, or directories searched recursively.")
    List<Path> inputs;

    @Option(names = "--compressors", paramLabel = "LIST", description = "Comma-separated subset of: all (default), "
            + "gzip, bzip2, xz, xz9e, zstd, zstd22, brotli, lmzip.")
    String compressors = "all";

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "lmzip's predictor (default: bytes).")
    String model;

    @Option(names = "--repeat", paramLabel = "N", description = "Time each run N times; report the median and spread.")
    int repeat = 1;

    @Option(names = "--limit", paramLabel = "BYTES", description = "Use only the first BYTES of each file (0: whole file).")
    long limit;

    @Option(names = {"-T", "--threads"}, paramLabel = "N", description = "lmzip worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write one CSV line per file and compressor.")
    Path csv;

    @Option(names = "--md", paramLabel = "FILE", description = "Also write the Markdown table to FILE.")
    Path markdown;

    @Override
    public Integer call() throws IOException {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Predictor predictor = Models.forCompression(model, t);
        boolean lm = predictor instanceof dev.lmzip.model.predict.LmPredictor;
        LmzCompressor lmzip = new LmzCompressor(predictor, Models.forDecompression(model, t), t,
                lm ? Models.LM_FRAME_SIZE_LOG : dev.lmzip.codec.io.LmzOptions.DEFAULT_FRAME_SIZE_LOG, "lmzip (" + predictor.id() + ")");
        BenchOptions opts = BenchOptions.defaults()
                .repeat(repeat)
                .limitBytes(limit)
                .compressors(Compressors.select(compressors, lmzip));
        BenchReport report = BenchRunner.run(inputs, opts, System.err);
        System.out.print(report.markdown());
        if (csv != null) {
            report.writeCsv(csv);
        }
        if (markdown != null) {
            report.writeMarkdown(markdown);
        }
        return report.exitCode();
    }
}
