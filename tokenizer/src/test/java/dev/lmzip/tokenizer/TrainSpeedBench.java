package dev.lmzip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * Trains on the whole training corpus and reports the time. Not part of the default suite; run with
 * {@code ./mvnw -pl tokenizer test -Dtest=TrainSpeedBench [-Dlmzip.bench.vocab=16384]}. Writes
 * target/trained-tokenizer.json and checks that Hugging Face agrees with us on a bench file.
 */
class TrainSpeedBench {
    @Test
    void trainFullCorpus() throws Exception {
        int vocab = Integer.getInteger("lmzip.bench.vocab", 16384);
        Path corpus = TestData.shared().resolve("corpus/train");
        long t0 = System.nanoTime();
        BpeTrainer.Result r = BpeTrainer.builder().vocabSize(vocab).minFrequency(2).addPath(corpus).build().train();
        double total = (System.nanoTime() - t0) / 1e9;
        Path out = Paths.get("target/trained-tokenizer.json");
        r.write(out);
        System.out.printf("trained %s; total %.2f s; %d CPUs; written to %s%n", r, total,
                Runtime.getRuntime().availableProcessors(), out.toAbsolutePath());
        Tokenizer t = Tokenizer.load(out);
        byte[] alice = Files.readAllBytes(TestData.shared().resolve("corpus/bench/canterbury/alice29.txt"));
        String text = new String(alice, StandardCharsets.UTF_8);
        try (HuggingFaceTokenizer hf = TestData.oracle(out)) {
            int[] ids = t.encode(alice);
            assertArrayEquals(TestData.oracleIds(hf, text), ids);
            System.out.printf("alice29.txt: %d tokens with the trained vocabulary (GPT-NeoX: %d); HF agrees%n",
                    ids.length, TestData.neox().encode(alice).length);
        }
    }
}
