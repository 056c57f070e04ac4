package dev.lmzip.bench.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The reliability figures of the report (not part of CI):
 * <ol>
 *   <li>a stream of generated text through {@code lmzip -c} and {@code lmzip -d -c} (stdin to stdout,
 *       two processes, the byte model, a small heap), checked byte for byte against the generator;</li>
 *   <li>{@code kill -9} of {@code lmzip FILE} while it compresses leaves no {@code FILE.lmz};</li>
 *   <li>{@link Fuzz}: mutated containers end in the original bytes or a typed error.</li>
 * </ol>
 */
public final class Reliability {
    /**
     * @param lmzip       the command that starts lmzip ({@code java ... dev.lmzip.cli.Main}); {@link #HEAP_MARK}
     *                    is replaced with the heap option
     * @param heap        the child JVMs' heap, e.g. {@code -Xmx256m}
     * @param streamBytes bytes through the pipe (0: skip)
     * @param killTrials  kill -9 trials (0: skip)
     * @param killBytes   size of the file compressed in each trial
     * @param fuzzCases   fuzz cases (0: skip)
     * @param fuzzSeed    fuzz seed
     * @param fuzzThreads fuzz worker threads
     * @param work        scratch directory
     * @param command     how the run was started, for the report
     */
    public record Options(List<String> lmzip, String heap, long streamBytes, int killTrials, long killBytes, long fuzzCases,
                          long fuzzSeed, int fuzzThreads, Path work, String command) {
    }

    public static final String HEAP_MARK = "@HEAP@";

    private Reliability() {
    }

    /** Runs what the options ask for and returns the report's Markdown section. */
    public static String run(Options o, PrintStream log) throws IOException, InterruptedException {
        Files.createDirectories(o.work());
        StringBuilder sb = new StringBuilder();
        sb.append("Measured ").append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores with `")
                .append(o.command()).append("` (not part of CI).\n\n");
        sb.append("| check | result |\n|---|---|\n");
        boolean ok = true;
        if (o.streamBytes() > 0) {
            log.printf(Locale.ROOT, "stream: %,d bytes through lmzip -c | lmzip -d -c (%s)%n", o.streamBytes(), o.heap());
            StreamResult s = stream(o);
            ok &= s.ok();
            sb.append(String.format(Locale.ROOT, "| stdin→stdout stream, byte model, `%s` per process | %s: %,d bytes (%s) → %,d compressed "
                            + "(%.2f %%), back identical: %s; %.0f s wall, %.2f MB/s end to end; exit codes %d/%d; peak RSS %s / %s |%n",
                    o.heap(), s.ok() ? "**pass**" : "**FAIL**", s.bytes(), human(s.bytes()), s.compressed(),
                    100.0 * s.compressed() / Math.max(1, s.bytes()), s.identical() ? "yes" : "NO", s.nanos() / 1e9,
                    s.bytes() / 1e6 / (s.nanos() / 1e9), s.exitCompress(), s.exitDecompress(), mib(s.rssCompress()),
                    mib(s.rssDecompress())));
        }
        if (o.killTrials() > 0) {
            log.printf(Locale.ROOT, "kill -9: %d trial(s) on a %,d-byte file%n", o.killTrials(), o.killBytes());
            KillResult k = kill(o, log);
            ok &= k.ok();
            sb.append(String.format(Locale.ROOT, "| kill -9 during `lmzip FILE` | %s: %d of %d kills landed while compressing "
                            + "(temporary file present); final name `FILE.lmz` present after a kill: %d times; temporary files left "
                            + "behind: %d (hidden `.FILE.lmz.*`, expected after SIGKILL: no handler runs); control run without kill (1 MiB) "
                            + "wrote FILE.lmz and `lmzip -t` passed: %s |%n",
                    k.ok() ? "**pass**" : "**FAIL**", k.landed(), k.trials(), k.finalPresent(), k.tempLeft(),
                    k.controlOk() ? "yes" : "NO"));
        }
        if (o.fuzzCases() > 0) {
            log.printf(Locale.ROOT, "fuzz: %,d cases, seed %d, %d thread(s)%n", o.fuzzCases(), o.fuzzSeed(), o.fuzzThreads());
            Fuzz.Result f = new Fuzz().run(o.fuzzSeed(), 0, o.fuzzCases(), o.fuzzThreads(), 20_000, log);
            ok &= f.clean() && f.cases() == o.fuzzCases();
            sb.append(String.format(Locale.ROOT, "| fuzzed containers, seed %d | %s: %,d cases in %.0f s (%d thread(s)): %,d decoded to "
                            + "the original, %,d typed errors, **%d crashes, %d hangs** (limit 20 s per case) |%n",
                    f.seed(), f.clean() && f.cases() == o.fuzzCases() ? "**pass**" : "**FAIL**", f.cases(), f.nanos() / 1e9,
                    f.threads(), f.identical(), f.typed(), f.crashes(), f.hangs()));
            for (String p : f.firstProblems()) {
                sb.append("| | ").append(p.replace('|', '/')).append(" |\n");
            }
        }
        sb.append('\n');
        sb.append(ok ? "All checks passed.\n" : "**Some checks FAILED** (see above).\n");
        return sb.toString();
    }

    // ------------------------------------------------------------------ stream

    record StreamResult(long bytes, long compressed, boolean identical, long nanos, int exitCompress, int exitDecompress,
                        long rssCompress, long rssDecompress) {
        boolean ok() {
            return identical && exitCompress == 0 && exitDecompress == 0;
        }
    }

    static List<String> command(Options o, String... args) {
        List<String> cmd = new ArrayList<>();
        for (String s : o.lmzip()) {
            if (s.equals(HEAP_MARK)) {
                cmd.add(o.heap());
            } else {
                cmd.add(s);
            }
        }
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    static StreamResult stream(Options o) throws IOException, InterruptedException {
        long seed = 1;
        Process comp = new ProcessBuilder(command(o, "-c", "-q", "-m", "bytes"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Process decomp = new ProcessBuilder(command(o, "-d", "-c", "-q", "-m", "bytes"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        AtomicLong compressed = new AtomicLong();
        long t0 = System.nanoTime();
        Thread feeder = Thread.ofPlatform().daemon().start(() -> {
            try (InputStream gen = new TextGenerator(seed, o.streamBytes()); OutputStream to = comp.getOutputStream()) {
                gen.transferTo(to);
            } catch (IOException e) {
                // the exit code and the comparison report it
            }
        });
        Thread pump = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[1 << 16];
            try (InputStream from = comp.getInputStream(); OutputStream to = decomp.getOutputStream()) {
                int n;
                while ((n = from.read(buf)) > 0) {
                    to.write(buf, 0, n);
                    compressed.addAndGet(n);
                }
            } catch (IOException e) {
                // reported below
            }
        });
        long[] rss = new long[2];
        Thread watch = Thread.ofPlatform().daemon().start(() -> {
            while (comp.isAlive() || decomp.isAlive()) {
                rss[0] = Math.max(rss[0], peakRss(comp.pid()));
                rss[1] = Math.max(rss[1], peakRss(decomp.pid()));
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        boolean identical;
        long total = 0;
        try (InputStream back = decomp.getInputStream(); InputStream expect = new TextGenerator(seed, o.streamBytes())) {
            byte[] a = new byte[1 << 16];
            byte[] b = new byte[1 << 16];
            identical = true;
            int n;
            while ((n = back.readNBytes(a, 0, a.length)) > 0) {
                int m = expect.readNBytes(b, 0, n);
                if (m != n || !Arrays.equals(a, 0, n, b, 0, n)) {
                    identical = false;
                }
                total += n;
            }
            if (expect.read() >= 0) {
                identical = false;
            }
        }
        int ec = comp.waitFor();
        int ed = decomp.waitFor();
        long nanos = System.nanoTime() - t0;
        feeder.join();
        pump.join();
        watch.interrupt();
        return new StreamResult(total, compressed.get(), identical && total == o.streamBytes(), nanos, ec, ed, rss[0], rss[1]);
    }

    /** VmHWM of a process in bytes (Linux), 0 when unknown. */
    static long peakRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return 0;
    }

    // ------------------------------------------------------------------ kill -9

    record KillResult(int trials, int landed, int finalPresent, int tempLeft, boolean controlOk) {
        boolean ok() {
            return finalPresent == 0 && controlOk && landed > 0;
        }
    }

    static KillResult kill(Options o, PrintStream log) throws IOException, InterruptedException {
        Path dir = o.work().resolve("kill");
        Files.createDirectories(dir);
        Path input = dir.resolve("input.txt");
        try (InputStream gen = new TextGenerator(2, o.killBytes())) {
            Files.copy(gen, input, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path target = dir.resolve("input.txt.lmz");
        int landed = 0;
        int present = 0;
        for (int t = 0; t < o.killTrials(); t++) {
            Files.deleteIfExists(target);
            Process p = new ProcessBuilder(command(o, "-q", "-f", "-m", "bytes", input.toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // wait for the temporary output to appear, then a little longer (more each trial)
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (p.isAlive() && tempFiles(dir).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200L + 700L * t);
            boolean during = p.isAlive() && !tempFiles(dir).isEmpty();
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor();
            if (during) {
                landed++;
            }
            boolean exists = Files.exists(target);
            if (exists) {
                present++;
            }
            log.printf(Locale.ROOT, "  trial %d: killed %s; %s present: %s%n", t + 1,
                    during ? "while compressing" : "after it had finished", target.getFileName(), exists);
        }
        int left = tempFiles(dir).size();
        for (Path tmp : tempFiles(dir)) {
            Files.deleteIfExists(tmp);
        }
        Files.deleteIfExists(target);
        // the control run: the same command to completion, on the first MiB (the full file takes minutes)
        try (InputStream gen = new TextGenerator(2, Math.min(o.killBytes(), 1 << 20))) {
            Files.copy(gen, input, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process c = new ProcessBuilder(command(o, "-q", "-f", "-m", "bytes", input.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean control = c.waitFor() == 0 && Files.exists(target);
        if (control) {
            Process test = new ProcessBuilder(command(o, "-t", "-q", target.toString()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            control = test.waitFor() == 0;
        }
        Files.deleteIfExists(target);
        Files.deleteIfExists(input);
        return new KillResult(o.killTrials(), landed, present, left, control);
    }

    static List<Path> tempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".input.txt.lmz")).toList();
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }

    static String mib(long bytes) {
        return bytes == 0 ? "?" : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }
}
