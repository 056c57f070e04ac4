package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.lmzip.e2e.RoundTripTest.assertLmz;
import static dev.lmzip.e2e.RoundTripTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every file of the shared benchmark corpus round-trips through the command line. */
class CorpusTest {
    static final long CORPUS_TIMEOUT_SECONDS = 600;

    @TempDir
    Path dir;

    static Path bench() {
        String shared = System.getProperty("lmzip.shared");
        assumeTrue(shared != null, "lmzip.shared is not set");
        Path bench = Path.of(shared, "corpus", "bench");
        assumeTrue(Files.isDirectory(bench), "no benchmark corpus at " + bench);
        List<Path> files = Data.files(bench);
        assumeTrue(!files.isEmpty(), "the benchmark corpus is empty");
        return bench;
    }

    /** One process compresses all files, one decompresses them all. */
    @Test
    void everyBenchFileRoundTrips() throws Exception {
        Path bench = bench();
        Path work = dir.resolve("corpus");
        Path orig = dir.resolve("orig");
        List<String> rel = new ArrayList<>();
        for (Path f : Data.files(bench)) {
            String r = bench.relativize(f).toString();
            rel.add(r);
            Path copy = work.resolve(r);
            Files.createDirectories(copy.getParent());
            Files.write(copy, Files.readAllBytes(f));
        }

        List<String> args = new ArrayList<>(List.of("compress", "-T", "2"));
        rel.forEach(r -> args.add("corpus/" + r));
        Lmzip.Result c = Lmzip.run(CORPUS_TIMEOUT_SECONDS, dir, null, null, args.toArray(String[]::new));
        assertOk(c);

        Files.move(work, orig);
        List<String> dargs = new ArrayList<>(List.of("-d", "-T", "2"));
        for (String r : rel) {
            Path lmz = work.resolve(r + ".lmz");
            Files.createDirectories(lmz.getParent());
            Files.move(orig.resolve(r + ".lmz"), lmz);
            assertLmz(Data.read(lmz));
            dargs.add("corpus/" + r + ".lmz");
        }
        Lmzip.Result d = Lmzip.run(CORPUS_TIMEOUT_SECONDS, dir, null, null, dargs.toArray(String[]::new));
        assertOk(d);

        for (String r : rel) {
            assertArrayEquals(Data.read(orig.resolve(r)), Data.read(work.resolve(r)), r);
        }
        long restored = Data.files(work).stream().filter(p -> !p.toString().endsWith(".lmz")).count();
        assertEquals(rel.size(), restored, "exactly one output per input, no stray files");
        assertFalse(Data.files(dir).stream().anyMatch(p -> p.toString().endsWith(".part")), "no .part file");
    }

    @Test
    void largestBenchFileRoundTripsThroughAPipe() {
        Path bench = bench();
        Path largest = Data.files(bench).stream()
                .max(Comparator.comparingLong((Path p) -> p.toFile().length()).thenComparing(Comparator.naturalOrder()))
                .orElseThrow();
        byte[] content = Data.read(largest);

        Lmzip.Result c = Lmzip.run(CORPUS_TIMEOUT_SECONDS, dir, content, null, "-T", "2");
        assertOk(c);
        assertLmz(c.stdout());
        assertTrue(c.stdout().length < content.length, largest + " compresses");

        Lmzip.Result d = Lmzip.run(CORPUS_TIMEOUT_SECONDS, dir, c.stdout(), null, "-d");
        assertOk(d);
        assertArrayEquals(content, d.stdout(), largest.toString());
        assertEquals(List.of(), Data.names(dir));
    }
}
