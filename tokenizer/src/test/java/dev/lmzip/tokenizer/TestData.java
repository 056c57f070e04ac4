package dev.lmzip.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Locates the shared data (corpora, tokenizer files) and builds oracles. */
final class TestData {
    private TestData() {}

    /** The shared folder, or null. */
    static Path sharedOrNull() {
        String p = System.getProperty("lmzip.shared");
        if (p != null && Files.isDirectory(Paths.get(p))) return Paths.get(p).normalize();
        Path fallback = Paths.get("../../shared").toAbsolutePath().normalize();
        return Files.isDirectory(fallback) ? fallback : null;
    }

    /** The shared folder; skips the test (assumption) if absent. */
    static Path shared() {
        Path s = sharedOrNull();
        Assumptions.assumeTrue(s != null, "shared data folder not found (set -Dlmzip.shared)");
        return s;
    }

    static Path neoxJson() {
        Path p = shared().resolve("tokenizers/gpt-neox-20b/tokenizer.json");
        Assumptions.assumeTrue(Files.isRegularFile(p), "GPT-NeoX tokenizer.json not found");
        return p;
    }

    private static Tokenizer neox;
    private static HuggingFaceTokenizer neoxOracle;

    static synchronized Tokenizer neox() {
        if (neox == null) {
            try {
                neox = Tokenizer.load(neoxJson());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return neox;
    }

    static synchronized HuggingFaceTokenizer neoxOracle() {
        if (neoxOracle == null) neoxOracle = oracle(neoxJson());
        return neoxOracle;
    }

    /** Hugging Face tokenizers (via DJL) without truncation, padding or special tokens. */
    static HuggingFaceTokenizer oracle(Path tokenizerJson) {
        try {
            return HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .optMaxLength(100_000_000)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] oracleIds(HuggingFaceTokenizer hf, String text) {
        long[] ids = hf.encode(text, false, false).getIds();
        int[] r = new int[ids.length];
        for (int i = 0; i < ids.length; i++) r[i] = Math.toIntExact(ids[i]);
        return r;
    }
}
