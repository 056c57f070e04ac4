package dev.lmzip.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Single-threaded encode speed, ours vs Hugging Face tokenizers (Rust, via DJL), GPT-NeoX vocabulary.
 * Not part of the default suite (name does not end in Test); run with
 * {@code ./mvnw -pl tokenizer test -Dtest=EncodeSpeedBench}. Files default to alice29.txt; override
 * with {@code -Dlmzip.bench.files=canterbury/alice29.txt,calgary/book1} (relative to corpus/bench).
 */
class EncodeSpeedBench {
    static final double SECONDS = Double.parseDouble(System.getProperty("lmzip.bench.seconds", "5"));

    @Test
    void encodeSpeed() throws Exception {
        Tokenizer ours = TestData.neox();
        HuggingFaceTokenizer hf = TestData.neoxOracle();
        String files = System.getProperty("lmzip.bench.files", "canterbury/alice29.txt");
        System.out.printf("JVM %s, %s, %d CPUs available%n", System.getProperty("java.vm.version"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
        for (String f : files.split(",")) {
            Path p = TestData.shared().resolve("corpus/bench").resolve(f.trim());
            byte[] bytes = Files.readAllBytes(p);
            String text = new String(bytes, StandardCharsets.UTF_8);
            // cold: a fresh tokenizer (empty word cache) for the first call
            Tokenizer fresh = Tokenizer.load(TestData.neoxJson());
            long c0 = System.nanoTime();
            int[] first = fresh.encode(bytes);
            double coldMs = (System.nanoTime() - c0) / 1e6;
            double oursMBs = measure(bytes.length, () -> ours.encode(bytes));
            double streamMBs = measure(bytes.length, () -> {
                int[] n = new int[1];
                var enc = ours.newEncoder(id -> n[0]++);
                enc.write(bytes);
                enc.finish();
            });
            double hfMBs = measure(bytes.length, () -> hf.encode(text, false, false));
            long[] hfIds = hf.encode(text, false, false).getIds();
            boolean same = Arrays.equals(Arrays.stream(hfIds).mapToInt(Math::toIntExact).toArray(), first);
            System.out.printf("%-28s %9d bytes %7d tokens | ours %7.1f MB/s (stream %7.1f, first call cold %.1f ms)"
                    + " | HF/DJL %6.1f MB/s | ratio %.1fx | ids equal: %s%n", f, bytes.length, first.length, oursMBs,
                    streamMBs, coldMs, hfMBs, oursMBs / hfMBs, same);
        }
    }

    static double measure(int bytes, Runnable r) {
        long warmEnd = System.nanoTime() + (long) (SECONDS * 0.4e9);
        while (System.nanoTime() < warmEnd) r.run();
        long iters = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (SECONDS * 1e9);
        long now;
        do {
            r.run();
            iters++;
            now = System.nanoTime();
        } while (now < end);
        return bytes * (double) iters / ((now - t0) / 1e9) / 1e6;
    }
}
