package dev.lmzip.e2e;

import dev.lmzip.model.hf.DType;
import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.hf.RandomCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code -m MODEL+mix}: the mixing predictor round-trips through the CLI and is refused with another model. */
class MixModelTest {
    @Test
    void mixingPredictorRoundTripsThroughTheCli(@TempDir Path dir) throws IOException {
        Path tok = LanguageModelTest.tokenizer();
        byte[] text = Data.text(5, 5000);
        byte[] mixed = new byte[text.length + 300];
        System.arraycopy(text, 0, mixed, 0, text.length);
        System.arraycopy(Data.random(6, 300), 0, mixed, text.length, 300);
        Data.write(dir.resolve("input.txt"), mixed);
        String[] names = {"a", "b"};
        for (int i = 0; i < names.length; i++) {
            Path ck = new RandomCheckpoint(ModelConfig.stableLm(50304, 64, 160, 2, 4, 4), 20 + i, DType.BF16, 1, 0.02)
                    .write(dir.resolve("ck-" + names[i]));
            Files.copy(tok, ck.resolve("tokenizer.json"));
            Lmzip.Result imp = Lmzip.run(dir, null, "model", "import", ck.toString(), "-o", names[i] + ".lmzm");
            assertEquals(0, imp.exit(), imp.toString());
        }
        Lmzip.Result c = Lmzip.run(dir, null, "-m", "a.lmzm+mix", "-T", "2", "-c", "input.txt");
        assertEquals(0, c.exit(), c.toString());
        Data.write(dir.resolve("input.lmz"), c.stdout());
        for (String m : new String[] {"a.lmzm+mix", "a.lmzm"}) {
            Lmzip.Result d = Lmzip.run(dir, c.stdout(), "-d", "-m", m, "-T", "1");
            assertEquals(0, d.exit(), d.toString());
            assertArrayEquals(mixed, d.stdout(), "round trip with -m " + m);
        }
        Lmzip.Result info = Lmzip.run(dir, null, "info", "input.lmz");
        assertEquals(0, info.exit(), info.toString());
        assertTrue(new String(info.stdout()).contains("lm-mix"), new String(info.stdout()));
        Lmzip.Result wrong = Lmzip.run(dir, null, "-t", "-m", "b.lmzm+mix", "input.lmz");
        assertEquals(7, wrong.exit(), wrong.toString());
        assertTrue(wrong.stderr().contains("model mismatch"), wrong.stderr());
    }
}
