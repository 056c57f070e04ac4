package dev.lmzip.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchRunnerTest {
    @TempDir
    Path dir;

    /** Stores its input; decompression flips one byte in the middle. */
    static final class Corrupting implements Compressor {
        @Override
        public String name() {
            return "corrupting";
        }

        @Override
        public byte[] compress(byte[] in) {
            return in.clone();
        }

        @Override
        public byte[] decompress(byte[] in) {
            byte[] out = in.clone();
            if (out.length > 0) {
                out[out.length / 2] ^= 1;
            }
            return out;
        }
    }

    static final class Throwing implements Compressor {
        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public byte[] compress(byte[] in) throws IOException {
            throw new IOException("boom");
        }

        @Override
        public byte[] decompress(byte[] in) {
            return in;
        }
    }

    static final class Missing implements Compressor {
        @Override
        public String name() {
            return "missing";
        }

        @Override
        public byte[] compress(byte[] in) {
            throw new UnsatisfiedLinkError("no libmissing in java.library.path");
        }

        @Override
        public byte[] decompress(byte[] in) {
            return in;
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.of("no native library");
        }
    }

    /** Native library that only fails when used. */
    static final class LinkFails implements Compressor {
        @Override
        public String name() {
            return "linkfails";
        }

        @Override
        public byte[] compress(byte[] in) {
            throw new UnsatisfiedLinkError("no libfoo");
        }

        @Override
        public byte[] decompress(byte[] in) {
            return in;
        }
    }

    private List<Path> files() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("corpus/sub"));
        Files.write(dir.resolve("corpus/b.txt"), TextSample.pseudoText(30_000, 1));
        Files.write(sub.resolve("a.bin"), CompressorsTest.random(5_000, 2));
        Path single = dir.resolve("single.txt");
        Files.writeString(single, "hello, hello, hello, world\n".repeat(100));
        return List.of(dir.resolve("corpus"), single);
    }

    @Test
    void expandsDirectoriesRecursivelyAndSorted() throws IOException {
        List<BenchRunner.InputFile> in = BenchRunner.expand(files());
        assertEquals(List.of("b.txt", "sub/a.bin", "single.txt"), in.stream().map(BenchRunner.InputFile::displayName).toList());
        assertThrows(NoSuchFileException.class, () -> BenchRunner.expand(List.of(dir.resolve("nope"))));
    }

    @Test
    void goodCompressorsPassAndProduceRowsAndTotals() throws IOException {
        BenchOptions opts = BenchOptions.defaults().repeat(3)
                .compressors(List.of(new GzipCompressor(), new ZstdCompressor(19)));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchReport r = BenchRunner.run(files(), opts, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertFalse(r.failed());
        assertEquals(0, r.exitCode());
        assertEquals(6, r.rows().size());
        assertTrue(r.rows().stream().allMatch(BenchRow::ok));
        assertTrue(r.rows().stream().allMatch(x -> x.compress().runs() == 3));
        BenchRow gzipTotal = r.totals().getFirst();
        assertEquals("gzip -9", gzipTotal.compressor());
        assertEquals(30_000 + 5_000 + 2_700, gzipTotal.originalBytes());
        long sum = r.rows().stream().filter(x -> x.compressor().equals("gzip -9")).mapToLong(BenchRow::compressedBytes).sum();
        assertEquals(sum, gzipTotal.compressedBytes());
        assertEquals((double) sum / 37_700, gzipTotal.ratio(), 1e-12);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("[1/3] b.txt"));
    }

    @Test
    void limitTakesTheFirstBytes() throws IOException {
        BenchOptions opts = BenchOptions.defaults().limitBytes(1000).compressors(List.of(new GzipCompressor()));
        BenchReport r = BenchRunner.run(files(), opts, null);
        assertEquals(List.of(1000L, 1000L, 1000L), r.rows().stream().map(BenchRow::originalBytes).toList());
    }

    @Test
    void brokenCompressorIsALoudFailure() throws IOException {
        BenchOptions opts = BenchOptions.defaults()
                .compressors(List.of(new GzipCompressor(), new Corrupting(), new Throwing()));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchReport r = BenchRunner.run(files(), opts, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(r.failed());
        assertEquals(1, r.exitCode());
        assertEquals(6, r.failures().size());
        BenchRow bad = r.rows().stream().filter(x -> x.compressor().equals("corrupting") && x.file().equals("b.txt"))
                .findFirst().orElseThrow();
        assertEquals(BenchRow.Status.FAILED, bad.status());
        assertTrue(bad.message().contains("mismatch") && bad.message().contains("15000"), bad.message());
        BenchRow threw = r.rows().stream().filter(x -> x.compressor().equals("throwing")).findFirst().orElseThrow();
        assertTrue(threw.message().contains("boom"), threw.message());
        assertTrue(r.rows().stream().filter(x -> x.compressor().equals("gzip -9")).allMatch(BenchRow::ok));
        assertEquals(BenchRow.Status.FAILED, r.totals().get(1).status());
        String md = r.markdown();
        assertTrue(md.contains("**FAILED: 6 round trip(s) did not hold:**"), md);
        assertTrue(md.contains("| b.txt | 30,000 | **"), md);
        assertTrue(md.contains("**FAILED** |"), md);
        assertTrue(r.csv().contains("b.txt,30000,corrupting,FAILED,"), r.csv());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("FAILED"));
    }

    @Test
    void unavailableCompressorDoesNotFailTheRun() throws IOException {
        BenchOptions opts = BenchOptions.defaults()
                .compressors(List.of(new Missing(), new LinkFails(), new GzipCompressor()));
        BenchReport r = BenchRunner.run(files(), opts, null);
        assertFalse(r.failed());
        assertTrue(r.rows().stream().filter(x -> !x.compressor().equals("gzip -9"))
                .allMatch(x -> x.status() == BenchRow.Status.UNAVAILABLE));
        assertTrue(r.markdown().contains("- missing: unavailable (no native library)"), r.markdown());
        assertTrue(r.markdown().contains("- linkfails: unavailable (java.lang.UnsatisfiedLinkError: no libfoo)"), r.markdown());
        assertTrue(r.markdown().contains(" n/a |"));
    }

    @Test
    void markdownAndCsvHoldTheRows() throws IOException {
        BenchOptions opts = BenchOptions.defaults().repeat(2)
                .compressors(List.of(new GzipCompressor(), new Bzip2Compressor(), new LmzCompressor()));
        BenchReport r = BenchRunner.run(files(), opts, null);
        String md = r.markdown();
        assertTrue(md.startsWith("# lmzip bench\n"));
        assertTrue(md.contains(Runtime.getRuntime().availableProcessors() + " cores"));
        assertTrue(md.contains(System.getProperty("os.arch")));
        assertTrue(md.contains(System.getProperty("java.version")));
        assertTrue(md.contains("| file | bytes | gzip -9 | bzip2 -9 | lmzip (bytes) |"), md);
        assertTrue(md.contains("## Compression speed (MB/s)"));
        assertTrue(md.contains("## Decompression speed (MB/s)"));
        for (String f : List.of("| b.txt | 30,000 |", "| sub/a.bin | 5,000 |", "| single.txt | 2,700 |", "| **total** | 37,700 |")) {
            assertTrue(md.contains(f), f + "\n" + md);
        }
        // exactly one bold bpb per file line: the smallest
        for (String line : md.split("\n")) {
            if (line.startsWith("| b.txt | 30,000")) {
                assertEquals(1, line.split("\\*\\*", -1).length / 2, line);
            }
        }
        assertTrue(md.contains("–"), "spread shown for repeat 2");

        Path csv = dir.resolve("out.csv");
        r.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(BenchReport.CSV_HEADER, lines.getFirst());
        assertEquals(1 + 9 + 3, lines.size());
        int columns = BenchReport.CSV_HEADER.split(",").length;
        for (String l : lines) {
            assertEquals(columns, l.split(",", -1).length, l);
        }
        BenchRow lmz = r.rows().stream().filter(x -> x.compressor().equals("lmzip (bytes)") && x.file().equals("b.txt"))
                .findFirst().orElseThrow();
        String expected = "b.txt,30000,lmzip (bytes),OK," + lmz.compressedBytes() + ",";
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(expected)), expected);
        String[] cells = lines.stream().filter(l -> l.startsWith(expected)).findFirst().orElseThrow().split(",", -1);
        assertEquals(BenchReport.significant(lmz.compressMbPerSecond(), 4), cells[7], "compress_mb_s, 4 significant digits");
        assertEquals(BenchReport.significant(lmz.decompressMbPerSecond(), 4), cells[10], "decompress_mb_s");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("TOTAL,37700,gzip -9,OK,")));
    }

    @Test
    void slowSpeedsKeepTheirDigits() {
        // a language model's 3.745 KB/s: the CSV once printed 0.004 for every speed from 3.5 to 4.5 KB/s
        assertEquals("0.003745", BenchReport.significant(0.0037451, 4));
        assertEquals("0.00375", BenchReport.speed(0.0037451));
        assertEquals("0.0041", BenchReport.significant(0.0041, 4));
        assertEquals("12.31", BenchReport.significant(12.312, 4));
        assertEquals("1200", BenchReport.significant(1200.4, 4));
        assertEquals("0", BenchReport.significant(0, 4));
        assertEquals("", BenchReport.significant(Double.NaN, 4));
        assertEquals("186", BenchReport.speed(185.686)); // unchanged from 0.1 MB/s up: fixed decimals
    }

    @Test
    void csvQuotes() {
        assertEquals("plain", BenchReport.quote("plain"));
        assertEquals("\"a,b\"", BenchReport.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", BenchReport.quote("say \"hi\""));
    }

    @Test
    void timingMedianAndSpread() {
        Timing t = Timing.of(new long[] {30, 10, 20, 40});
        assertEquals(25, t.medianNanos());
        assertEquals(10, t.minNanos());
        assertEquals(40, t.maxNanos());
        Timing odd = Timing.of(new long[] {5, 1, 3});
        assertEquals(3, odd.medianNanos());
        assertEquals(1_000 / 1e6 / (3 / 1e9), odd.mbPerSecond(1_000), 1e-6);
    }
}
