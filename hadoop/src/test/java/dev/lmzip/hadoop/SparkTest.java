package dev.lmzip.hadoop;

import dev.lmzip.codec.io.LmzSeekableReader;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Apache Spark in local mode ({@code local[2]}) reads a multi-frame .lmz text file through
 * {@link LmzCodec} as several splits and gets exactly the original lines; it writes a dataset back
 * through the codec, and the {@code lmzip} command line decompresses every part byte for byte.
 */
class SparkTest {
    @TempDir
    Path dir;

    @Test
    void sparkReadsSplitsAndWritesLmz() throws Exception {
        List<String> lines = Texts.lines(42, 4 << 20);
        byte[] content = Texts.join(lines);
        Path input = dir.resolve("corpus.txt.lmz");
        long t0 = System.nanoTime();
        Texts.writeLmz(input, content, 16); // 64 KiB frames
        double compressSeconds = (System.nanoTime() - t0) / 1e9;
        int frames;
        try (LmzSeekableReader r = new LmzSeekableReader(FileChannel.open(input))) {
            frames = r.index().frameCount();
            assertTrue(r.hasIndex());
        }

        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("lmzip-codec-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.local.dir", Files.createDirectories(dir.resolve("spark-tmp")).toString())
                .set("spark.hadoop.lmzip.frame.size", "64k");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            long t1 = System.nanoTime();
            JavaRDD<String> rdd = sc.textFile(input.toUri().toString(), 4);
            int splits = rdd.getNumPartitions();
            List<String> got = rdd.collect();
            double readSeconds = (System.nanoTime() - t1) / 1e9;
            assertTrue(splits >= 2, "splits: " + splits);
            assertEquals(lines.size(), got.size(), "line count");
            assertEquals(Texts.hash(lines), Texts.hash(got), "content hash");
            List<Integer> perSplit = rdd.mapPartitions(it -> {
                int n = 0;
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
                return List.of(n).iterator();
            }).collect();
            assertTrue(perSplit.stream().filter(n -> n > 0).count() >= 2, "lines in every split: " + perSplit);

            // write back through the codec: normal .lmz files
            Path out = dir.resolve("out");
            long t2 = System.nanoTime();
            rdd.map(l -> l.toUpperCase(java.util.Locale.ROOT)).saveAsTextFile(out.toUri().toString(), LmzCodec.class);
            double writeSeconds = (System.nanoTime() - t2) / 1e9;
            List<Path> parts;
            try (Stream<Path> s = Files.list(out)) {
                parts = s.filter(p -> p.getFileName().toString().matches("part-\\d+\\.lmz")).sorted().toList();
            }
            assertEquals(splits, parts.size(), "one .lmz file per partition: " + parts);
            ByteArrayOutputStream cli = new ByteArrayOutputStream();
            for (Path p : parts) {
                cli.write(lmzipDecompress(p));
            }
            List<String> upper = new ArrayList<>();
            for (String l : lines) {
                upper.add(l.toUpperCase(java.util.Locale.ROOT));
            }
            assertArrayEquals(Texts.join(upper), cli.toByteArray(), "the CLI restores what Spark wrote");
            assertEquals(lines.size(), sc.textFile(out.toUri().toString()).count(), "and Spark reads it back");

            System.out.printf("spark: %d bytes of text -> %d bytes .lmz, %d frames of 64 KiB, %d splits %s; "
                            + "compress %.1f s (2 threads), Spark read %.1f s, write %.1f s%n",
                    content.length, Files.size(input), frames, splits, perSplit, compressSeconds, readSeconds,
                    writeSeconds);
        }
    }

    /**
     * Runs {@code lmzip -d -c FILE}: the CLI's fat jar as the reactor built it before this module,
     * or else the launcher at the repository root (which builds it).
     */
    private static byte[] lmzipDecompress(Path file) throws IOException, InterruptedException {
        String root = System.getProperty("lmzip.root");
        assumeTrue(root != null, "lmzip.root is not set");
        Path jar = Path.of(root, "cli", "target", "lmzip.jar");
        List<String> cmd = new ArrayList<>();
        if (Files.isRegularFile(jar)) {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString()));
        } else {
            assumeTrue(Files.isExecutable(Path.of(root, "lmzip")), "no ./lmzip launcher");
            cmd.add(Path.of(root, "lmzip").toString());
        }
        cmd.addAll(List.of("-d", "-c", file.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "lmzip -d did not end");
        assertEquals(0, p.exitValue(), "lmzip -d -c " + file);
        return out;
    }
}
