package dev.lmzip.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lmzip}: compress with zstd/gzip conventions ({@code lmzip FILE}, {@code -d}, {@code -c},
 * stdin to stdout) or through the subcommands.
 */
@Command(name = "lmzip", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        description = {"Lossless compression with a model's next-symbol probabilities and an exact range coder.",
                "With no FILE, or when FILE is -, read standard input and write standard output."},
        subcommands = {Main.Compress.class, Main.Decompress.class, Main.Test.class, InfoCommand.class, ModelCommand.class, TrainCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage, 3 input missing, 4 not an lmz file, 5 corrupted or truncated,",
                "6 unsupported version, 7 model mismatch, 8 output exists, 9 cannot write output, 10 memory limit."})
public final class Main implements Callable<Integer> {
    @Option(names = {"-z", "--compress"}, description = "Compress (the default).")
    boolean compress;

    @Option(names = {"-d", "--decompress", "--uncompress"}, description = "Decompress.")
    boolean decompress;

    @Option(names = {"-t", "--test"}, description = "Test the integrity of compressed files.")
    boolean test;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "FILE", description = "Files to process.")
    List<String> files;

    @Override
    public Integer call() {
        if ((compress ? 1 : 0) + (decompress ? 1 : 0) + (test ? 1 : 0) > 1) {
            System.err.println("lmzip: choose one of -z, -d and -t");
            return ExitCode.USAGE;
        }
        Mode mode = decompress ? Mode.DECOMPRESS : test ? Mode.TEST : Mode.COMPRESS;
        return new FileProcessor(mode, common, System.err).run(files);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** Runs the command line and returns the exit code (tests call this in-process). */
    public static int run(String[] args, PrintStream err) {
        Models.device(Models.Device.AUTO); // --device applies to this run only (tests run in-process)
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            String refusal = Models.deviceRefusal(); // --device gpu without a usable GPU: before any file is touched
            if (refusal != null) {
                err.println("lmzip: " + refusal);
                return ExitCode.FAILURE;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            err.println("lmzip: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof IllegalArgumentException ? ExitCode.USAGE : ExitCode.FAILURE;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("lmzip: " + e.getMessage());
            err.println("Try 'lmzip --help' for more information.");
            return ExitCode.USAGE;
        });
        return cl.execute(args);
    }

    @Command(name = "compress", mixinStandardHelpOptions = true, description = "Compress files (FILE -> FILE.lmz).")
    static final class Compress implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "FILE", description = "Files to compress (- or none: standard input).")
        List<String> files;

        @Override
        public Integer call() {
            return new FileProcessor(Mode.COMPRESS, common, System.err).run(files);
        }
    }

    @Command(name = "decompress", mixinStandardHelpOptions = true, description = "Decompress files (FILE.lmz -> FILE).")
    static final class Decompress implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "FILE", description = "Files to decompress (- or none: standard input).")
        List<String> files;

        @Override
        public Integer call() {
            return new FileProcessor(Mode.DECOMPRESS, common, System.err).run(files);
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Decode files and verify every checksum; write nothing.")
    static final class Test implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "FILE", description = "Files to test.")
        List<String> files;

        @Override
        public Integer call() {
            return new FileProcessor(Mode.TEST, common, System.err).run(files);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lmzip " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (.lmz format version "
                    + dev.lmzip.codec.container.FileHeader.VERSION + ")"};
        }
    }
}
