package dev.lmzip.model.train;

import dev.lmzip.model.hf.Checkpoint;
import dev.lmzip.model.hf.DType;
import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.reference.ReferenceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lmzip train}'s core end to end on a tiny corpus: BPE, training, validation, resume, export, reload. */
class TrainerTest {
    static final Trainer.Listener QUIET = new Trainer.Listener() {
    };

    /** The repository's sample texts (24 KB), cut into 8 documents. */
    static Path corpus(Path dir) throws IOException {
        Path root = repoRoot().resolve("corpus/samples");
        Path out = Files.createDirectories(dir.resolve("corpus"));
        int n = 0;
        for (Path f : Files.list(root).sorted().toList()) {
            byte[] b = Files.readAllBytes(f);
            for (int i = 0; i < 4; i++) {
                Files.write(out.resolve("doc" + (n++) + ".txt"), Arrays.copyOfRange(b, b.length * i / 4, b.length * (i + 1) / 4));
            }
        }
        return out;
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("corpus/samples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("corpus/samples not found above the working directory");
        }
        return p;
    }

    static TrainOptions tiny(Path data) {
        TrainOptions o = new TrainOptions();
        o.data = data.toString();
        o.vocabSize = 320;
        o.hidden = 32;
        o.layers = 2;
        o.heads = 4;
        o.intermediate = 64;
        o.context = 32;
        o.batch = 4;
        o.steps = 60;
        o.warmup = 5;
        o.lr = 5e-3;
        o.minLr = 5e-4;
        o.valFraction = 0.15;
        o.valWindows = 16;
        o.valEvery = 0;
        o.logEvery = 10;
        o.threads = 2;
        o.checkpointMinutes = 1e9;
        return o;
    }

    @Test
    void trainsResumesExportsAndReloads(@TempDir Path tmp) throws IOException {
        Path data = corpus(tmp);
        TrainOptions o = tiny(data);
        // one straight run
        double before, after;
        float[] straight;
        try (Trainer t = Trainer.start(tmp.resolve("a"), o, null, QUIET)) {
            assertEquals(320, t.tokenizer().vocabSize());
            before = t.validate()[0];
            t.run();
            after = t.validate()[0];
            straight = t.model().lmHead.w.clone();
        }
        assertTrue(after < before - 0.5, "validation loss " + before + " -> " + after);

        // the same run stopped half way and resumed gives identical weights
        try (Trainer t = Trainer.start(tmp.resolve("b"), o, tmp.resolve("a/tokenizer.json"), QUIET)) {
            t.run(30);
        }
        try (Trainer t = Trainer.resume(tmp.resolve("b"), 0, 1, QUIET)) {
            assertEquals(30, t.step());
            t.run();
            assertArrayEquals(straight, t.model().lmHead.w, "resumed run (1 thread) differs from the straight run (2 threads)");
        }

        // export, reload through the HF reader, and compare logits with the float reference forward
        Path hf = tmp.resolve("hf");
        Trainer.Saved saved = Trainer.exportCheckpoint(tmp.resolve("a"), hf, DType.F32);
        assertEquals(60, saved.step());
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            assertTrue(Files.isRegularFile(hf.resolve(f)), f);
        }
        ModelConfig c = ModelConfig.read(hf);
        assertEquals(saved.model().config, c);
        ReferenceModel ref = new ReferenceModel(Checkpoint.load(hf));
        int[] tokens = new int[20];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (i * 37 + 5) % 320;
        }
        float[][] want = ref.logits(tokens);
        float[][] got;
        try (Par par = new Par(2)) {
            got = saved.model().logits(par, tokens);
        }
        double worst = 0;
        for (int t = 0; t < tokens.length; t++) {
            for (int v = 0; v < 320; v++) {
                worst = Math.max(worst, Math.abs(want[t][v] - got[t][v]));
            }
        }
        assertTrue(worst < 2e-3, "trainer and reference logits differ by " + worst);
        // BF16 export loads too
        Trainer.exportCheckpoint(tmp.resolve("a"), tmp.resolve("hf16"), DType.BF16);
        assertEquals(c, ModelConfig.read(tmp.resolve("hf16")));
        Checkpoint.load(tmp.resolve("hf16"));
    }

    /** The token dump for tools/gpu-train.py holds exactly the trainer's streams and the tokens' byte lengths. */
    @Test
    void dumpsTheTrainersTokenStreams(@TempDir Path tmp) throws IOException {
        Path data = corpus(tmp);
        TrainOptions o = tiny(data);
        o.steps = 0;
        try (Trainer t = Trainer.start(tmp.resolve("run"), o, null, QUIET)) {
            t.run();
        }
        Trainer.dumpTokens(tmp.resolve("run"), tmp.resolve("dump"));
        dev.lmzip.tokenizer.Tokenizer tok = dev.lmzip.tokenizer.Tokenizer.load(tmp.resolve("run/tokenizer.json"));
        Corpus corpus = Corpus.split(Corpus.list(List.of(data)), o.valFraction, o.seed);
        try (Par par = new Par(1)) {
            assertArrayEquals(Corpus.tokenize(par, tok, corpus.trainFiles).tokens(), readU16(tmp.resolve("dump/train.u16")));
            assertArrayEquals(Corpus.tokenize(par, tok, corpus.valFiles).tokens(), readU16(tmp.resolve("dump/val.u16")));
        }
        int[] lengths = readU16(tmp.resolve("dump/token_bytes.u16"));
        assertEquals(tok.vocabSize(), lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            assertEquals(tok.tokenLength(i), lengths[i]);
        }
        String meta = Files.readString(tmp.resolve("dump/meta.properties"));
        assertTrue(meta.contains("vocab=320\n") && meta.contains("eot=" + tok.endOfTextId() + "\n"), meta);
    }

    private static int[] readU16(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        int[] out = new int[b.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (b[2 * i] & 0xff) | (b[2 * i + 1] & 0xff) << 8;
        }
        return out;
    }
}
