package dev.lmzip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    /** A couple hundred KB of the training corpus: prose, code and markup. */
    private Path smallCorpus() throws IOException {
        Path train = TestData.shared().resolve("corpus/train");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(train), "training corpus not found");
        Path dir = Files.createDirectories(tmp.resolve("corpus"));
        String[] picks = {"prose/gutenberg-nonfiction/Jowett_Benjamin__Apology.txt", "code/java", "code/python",
            "markup/troff", "prose/reviews"};
        int k = 0;
        for (String pick : picks) {
            Path p = train.resolve(pick);
            if (Files.isDirectory(p)) {
                try (var s = Files.walk(p)) {
                    p = s.filter(Files::isRegularFile).sorted().findFirst().orElse(null);
                }
            }
            if (p == null || !Files.isRegularFile(p)) continue;
            byte[] b = Files.readAllBytes(p);
            Files.write(dir.resolve("part" + k++ + ".txt"), java.util.Arrays.copyOf(b, Math.min(b.length, 50_000)));
        }
        return dir;
    }

    @Test
    void trainedVocabularyLoadsInBothAndAgrees() throws IOException {
        Path corpus = smallCorpus();
        BpeTrainer.Result r = BpeTrainer.builder().vocabSize(1000).minFrequency(2).addPath(corpus).build().train();
        assertEquals(1000, r.vocabSize());
        Path json = tmp.resolve("tokenizer.json");
        r.write(json);
        Tokenizer ours = Tokenizer.load(json);
        assertEquals(1000, ours.vocabSize());
        assertEquals(1000, ours.baseVocabSize());
        assertEquals(0, ours.endOfTextId());
        for (int b = 0; b < 256; b++) assertArrayEquals(new byte[] {(byte) b}, ours.tokenBytes(1 + b));

        try (HuggingFaceTokenizer hf = TestData.oracle(json)) {
            // text from the corpus itself, from a bench file and random Unicode (no normalizer: any valid UTF-8)
            StringBuilder sample = new StringBuilder();
            try (var s = Files.list(corpus)) {
                for (Path p : s.sorted().toList()) sample.append(Files.readString(p), 0, 5000);
            }
            Path alice = TestData.shared().resolve("corpus/bench/canterbury/alice29.txt");
            if (Files.isRegularFile(alice)) sample.append(Files.readString(alice, StandardCharsets.ISO_8859_1), 0, 20000);
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < 300; i++) sample.append(RandomText.unicode(rnd, 20));
            for (String c : ParityTest.TRICKY) sample.append(c);
            String text = sample.toString();
            int[] expected = TestData.oracleIds(hf, text);
            int[] actual = ours.encode(text.getBytes(StandardCharsets.UTF_8));
            assertArrayEquals(expected, actual);
            for (String c : ParityTest.TRICKY) {
                assertArrayEquals(TestData.oracleIds(hf, c), ours.encode(c.getBytes(StandardCharsets.UTF_8)), c);
            }
            byte[] english = "The quick brown fox jumps over the lazy dog, and then it returns to the house."
                    .getBytes(StandardCharsets.UTF_8);
            assertTrue(ours.encode(english).length < english.length / 2, "the vocabulary compresses English");
        }
    }

    @Test
    void deterministicAndRespectsOptions() throws IOException {
        byte[] text = "low lower lowest newer wider new new new <|endoftext|> low\u00ff\u00fe"
                .repeat(50).getBytes(StandardCharsets.UTF_8);
        BpeTrainer.Result a = BpeTrainer.builder().vocabSize(300).addText(text).threads(1).build().train();
        BpeTrainer.Result b = BpeTrainer.builder().vocabSize(300).addText(text).threads(2).build().train();
        assertEquals(a.json(), b.json());
        // stops early when no pair reaches minFrequency
        BpeTrainer.Result c = BpeTrainer.builder().vocabSize(5000).minFrequency(1_000_000).addText(text).build().train();
        assertEquals(257, c.vocabSize());
        assertEquals(0, c.merges());
        Tokenizer t = a.tokenizer();
        // <|endoftext|> in the text is id 0, never learned into merges
        int[] ids = t.encode("x<|endoftext|>y".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, ids.length);
        assertEquals(0, ids[1]);
        assertArrayEquals(text, t.decode(t.encode(text)));
    }

    @Test
    void smallInMemoryTokenizerMatchesHuggingFace() throws IOException {
        Path json = tmp.resolve("small.json");
        SmallTokenizer.result().write(json);
        Tokenizer t = SmallTokenizer.get();
        try (HuggingFaceTokenizer hf = TestData.oracle(json)) {
            SplittableRandom rnd = new SplittableRandom(11);
            for (int i = 0; i < 500; i++) {
                String s = RandomText.unicode(rnd, 1 + rnd.nextInt(40));
                assertArrayEquals(TestData.oracleIds(hf, s), t.encode(s.getBytes(StandardCharsets.UTF_8)),
                        () -> PreTokenizerTest.escape(s));
            }
        }
    }
}
