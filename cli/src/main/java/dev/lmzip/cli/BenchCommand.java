package dev.lmzip.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code lmzip bench}: placeholder until the bench module's runner is wired in. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Compare lmzip with gzip, bzip2, xz, zstd and brotli.")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("lmzip: bench is not wired yet");
        return ExitCode.FAILURE;
    }
}
