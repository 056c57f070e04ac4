package dev.lmzip.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct runs without the CLI:
 * {@code BenchMain [--repeat N] [--limit BYTES] [--compressors gzip,xz,...,lmzip] [--threads T]
 * [--csv FILE] [--md FILE] [--no-warmup] PATH...}. Prints progress to stderr and the Markdown to
 * stdout; exits 1 when a round trip failed, 2 on bad arguments.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        BenchOptions opts = BenchOptions.defaults();
        List<Path> inputs = new ArrayList<>();
        String keys = "all";
        int threads = Runtime.getRuntime().availableProcessors();
        Path csv = null;
        Path md = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--repeat" -> opts.repeat(Integer.parseInt(args[++i]));
                    case "--limit" -> opts.limitBytes(Long.parseLong(args[++i]));
                    case "--compressors" -> keys = args[++i];
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    case "--csv" -> csv = Path.of(args[++i]);
                    case "--md" -> md = Path.of(args[++i]);
                    case "--no-warmup" -> opts.warmup(false);
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        inputs.add(Path.of(a));
                    }
                }
            }
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("no input files");
            }
            opts.compressors(Compressors.select(keys, new LmzCompressor(
                    new dev.lmzip.codec.bytemodel.ByteContextModel(),
                    dev.lmzip.codec.io.LmzInputStream.builtIn(), threads)));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("usage: BenchMain [--repeat N] [--limit BYTES] [--compressors "
                    + String.join(",", Compressors.keys()) + "] [--threads T] [--csv FILE] [--md FILE] [--no-warmup] PATH...");
            System.exit(2);
            return;
        }
        BenchReport report = BenchRunner.run(inputs, opts, System.err);
        System.out.print(report.markdown());
        if (csv != null) {
            report.writeCsv(csv);
        }
        if (md != null) {
            report.writeMarkdown(md);
        }
        System.exit(report.exitCode());
    }
}
