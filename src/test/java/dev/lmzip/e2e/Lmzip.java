package dev.lmzip.e2e;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code lmzip} command line in a fresh JVM, as a user would. */
final class Lmzip {
    static final long TIMEOUT_SECONDS = 120;
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules";

    private Lmzip() {
    }

    /** What one run of lmzip did. */
    record Result(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        List<String> errLines() {
            return stderr.isEmpty() ? List.of() : Arrays.asList(stderr.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exit + ", " + stdout.length + " bytes on stdout, stderr:\n" + stderr;
        }
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xss8m", "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"), "dev.lmzip.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs lmzip in {@code dir} with {@code stdin} (null: /dev/null) and captures everything. */
    static Result run(Path dir, byte[] stdin, String... args) {
        return run(dir, stdin, null, args);
    }

    /** As {@link #run(Path, byte[], String...)}, with stdout sent to {@code stdoutFile} when not null. */
    static Result run(Path dir, byte[] stdin, File stdoutFile, String... args) {
        return run(TIMEOUT_SECONDS, dir, stdin, stdoutFile, args);
    }

    /** As {@link #run(Path, byte[], File, String...)}, killing the process after {@code timeoutSeconds}. */
    static Result run(long timeoutSeconds, Path dir, byte[] stdin, File stdoutFile, String... args) {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile());
        // these tests are about the tool, not the model: the fast byte model unless a test says -m
        pb.environment().put("LMZIP_MODEL", "bytes");
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        if (stdoutFile != null) {
            pb.redirectOutput(stdoutFile);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // own threads: the common pool has a single worker on a 2-core machine
            FutureTask<byte[]> out = background(() -> readAll(p.getInputStream()));
            FutureTask<byte[]> err = background(() -> readAll(p.getErrorStream()));
            if (stdin != null) {
                Thread.ofPlatform().daemon().start(() -> {
                    try (OutputStream os = p.getOutputStream()) {
                        os.write(stdin);
                    } catch (IOException ignored) {
                        // the process stopped reading: its exit code tells why
                    }
                });
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("lmzip " + String.join(" ", args) + " did not end within "
                        + timeoutSeconds + " s");
            }
            byte[] o = out.get(30, TimeUnit.SECONDS);
            String e = new String(err.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            StringBuilder kept = new StringBuilder();
            for (String line : e.split("\n")) {
                if (!line.isEmpty() && !line.startsWith(INCUBATOR_WARNING)) {
                    kept.append(line).append('\n');
                }
            }
            return new Result(p.exitValue(), o, kept.toString().stripTrailing());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError(e);
        }
    }

    /** Starts lmzip without waiting (stdin /dev/null, stdout and stderr discarded). */
    static Process start(Path dir, String... args) throws IOException {
        ProcessBuilder background = new ProcessBuilder(command(args));
        background.environment().put("LMZIP_MODEL", "bytes");
        return background.directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static FutureTask<byte[]> background(java.util.concurrent.Callable<byte[]> task) {
        FutureTask<byte[]> f = new FutureTask<>(task);
        Thread.ofPlatform().daemon().start(f);
        return f;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
