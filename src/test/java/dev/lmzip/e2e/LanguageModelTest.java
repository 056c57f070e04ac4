package dev.lmzip.e2e;

import dev.lmzip.model.hf.DType;
import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.hf.RandomCheckpoint;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A random Hugging Face checkpoint of each architecture goes through {@code lmzip model import},
 * then files round-trip through the CLI with it; another model is refused with both fingerprints.
 */
class LanguageModelTest {
    static Path tokenizer() {
        Path p = Path.of(System.getProperty("lmzip.shared", "../shared"), "tokenizers/gpt-neox-20b/tokenizer.json");
        Assumptions.assumeTrue(Files.exists(p), "GPT-NeoX tokenizer not present");
        return p;
    }

    @Test
    void importedCheckpointsRoundTripThroughTheCli(@TempDir Path dir) throws IOException {
        Path tok = tokenizer();
        byte[] text = Data.text(3, 6000);
        byte[] mixed = new byte[text.length + 700];
        System.arraycopy(text, 0, mixed, 0, text.length);
        System.arraycopy(Data.random(4, 700), 0, mixed, text.length, 700);
        Data.write(dir.resolve("input.txt"), mixed);
        ModelConfig[] configs = {ModelConfig.stableLm(50304, 64, 160, 2, 4, 4), ModelConfig.gptNeox(50304, 64, 256, 2, 4)};
        String[] names = {"stable", "neox"};
        for (int i = 0; i < configs.length; i++) {
            Path ck = new RandomCheckpoint(configs[i], 10 + i, DType.BF16, 1, 0.02).write(dir.resolve("ck-" + names[i]));
            Files.copy(tok, ck.resolve("tokenizer.json"));
            Lmzip.Result imp = Lmzip.run(dir, null, "model", "import", ck.toString(), "-o", names[i] + ".lmzm");
            assertEquals(0, imp.exit(), imp.toString());
            Lmzip.Result c = Lmzip.run(dir, null, "-m", names[i] + ".lmzm", "-T", "2", "-c", "input.txt");
            assertEquals(0, c.exit(), c.toString());
            Lmzip.Result d = Lmzip.run(dir, c.stdout(), "-d", "-m", names[i] + ".lmzm", "-T", "1");
            assertEquals(0, d.exit(), d.toString());
            assertArrayEquals(mixed, d.stdout(), names[i] + " round trip");
            Data.write(dir.resolve(names[i] + ".lmz"), c.stdout());
        }
        // a file made with one model is refused by the other, naming both fingerprints
        Lmzip.Result wrong = Lmzip.run(dir, null, "-t", "-m", "neox.lmzm", "stable.lmz");
        assertEquals(7, wrong.exit(), wrong.toString());
        assertTrue(wrong.stderr().contains("model mismatch"), wrong.stderr());
        Lmzip.Result info = Lmzip.run(dir, null, "model", "info", "stable.lmzm", "--batch", "4", "--context", "256");
        assertEquals(0, info.exit(), info.toString());
        assertTrue(new String(info.stdout()).contains("KV cache"), new String(info.stdout()));
    }
}
