package dev.lmzip.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** A small tokenizer trained in memory, so tests run even without the shared data. */
final class SmallTokenizer {
    private SmallTokenizer() {}

    private static BpeTrainer.Result result;

    static synchronized BpeTrainer.Result result() {
        if (result == null) {
            SplittableRandom r = new SplittableRandom(7);
            StringBuilder sb = new StringBuilder();
            String[] words = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "don't", "it's", "日本語",
                "テキスト", "Привет", "😀", "12345", "    ", "\n\n", "\t", "<|endoftext|>", "hello", "world"};
            for (int i = 0; i < 40000; i++) {
                sb.append(words[r.nextInt(words.length)]).append(r.nextInt(5) == 0 ? "  " : " ");
                if (r.nextInt(50) == 0) sb.append(RandomText.unicode(r, 5));
            }
            try {
                result = BpeTrainer.builder().vocabSize(600).minFrequency(2)
                        .addText(sb.toString().getBytes(StandardCharsets.UTF_8)).build().train();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return result;
    }

    private static Tokenizer tokenizer;

    static synchronized Tokenizer get() {
        if (tokenizer == null) tokenizer = result().tokenizer();
        return tokenizer;
    }
}
