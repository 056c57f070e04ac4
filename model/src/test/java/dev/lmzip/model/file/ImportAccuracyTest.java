package dev.lmzip.model.file;

import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.KvCache;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.hf.Checkpoint;
import dev.lmzip.model.hf.DType;
import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.hf.RandomCheckpoint;
import dev.lmzip.model.hf.TransformerWeights;
import dev.lmzip.model.reference.ReferenceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixed-point engine against the float32 reference on the same checkpoint: cross-entropy of a
 * token stream sampled from the float model, in bits per token. The gap must stay within 1%.
 */
public class ImportAccuracyTest {
    record Gap(double floatBits, double fixedBits, double maxLogitError) {
        double relative() {
            return (fixedBits - floatBits) / floatBits;
        }
    }

    static Gap measure(Path dir, int tokensCount, long seed) throws IOException {
        TransformerWeights w = Checkpoint.load(dir);
        ReferenceModel ref = new ReferenceModel(w);
        QuantizedModel q = Importer.quantize(w);
        Engine engine = new Engine(q, Int8Kernels.select(), 2);
        int vocab = w.config().vocabSize();
        KvCache cache = engine.newCache(Math.min(tokensCount + 1, q.shape().maxPositions()));
        ReferenceModel.State state = ref.newState();
        SplittableRandom rnd = new SplittableRandom(seed);
        int token = 0;
        double floatBits = 0;
        double fixedBits = 0;
        double maxErr = 0;
        int[] weights = new int[vocab];
        for (int t = 0; t < tokensCount; t++) {
            float[] logits = ref.next(state, token);
            engine.forward(new KvCache[] {cache}, new int[] {token}, 1, new int[][] {weights});
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l);
            }
            double z = 0;
            for (float l : logits) {
                z += Math.exp(l - max);
            }
            // sample the next token from the float model
            double u = rnd.nextDouble() * z;
            int next = 0;
            double acc = 0;
            for (int i = 0; i < vocab; i++) {
                acc += Math.exp(logits[i] - max);
                if (acc >= u) {
                    next = i;
                    break;
                }
            }
            floatBits += -((logits[next] - max) - Math.log(z)) / Math.log(2);
            long wz = 0;
            for (int x : weights) {
                wz += x;
            }
            // the codec gives every token at least one unit of 2^28; the same floor here
            double p = Math.max((double) weights[next] / wz, 1.0 / (1 << 28));
            fixedBits += -Math.log(p) / Math.log(2);
            for (int i = 0; i < vocab; i++) {
                if (weights[i] > (1 << 10)) { // compare logits where the fixed weight is meaningful
                    double fixedLogit = Math.log(weights[i] / (double) (1 << 30));
                    maxErr = Math.max(maxErr, Math.abs(fixedLogit - (logits[i] - max)));
                }
            }
            token = next;
        }
        return new Gap(floatBits / tokensCount, fixedBits / tokensCount, maxErr);
    }

    @Test
    void crossEntropyGapWithinOnePercent(@TempDir Path tmp) throws IOException {
        List<ModelConfig> configs = List.of(RandomCheckpoint.tinyStableLm(), RandomCheckpoint.tinyGptNeox(),
                RandomCheckpoint.tinyStableLm().withSwitches(true, true, true));
        int i = 0;
        for (ModelConfig c : configs) {
            // std 0.2 gives peaked, language-model-like distributions (0.02 would be almost uniform)
            Path dir = new RandomCheckpoint(c, 40 + i, DType.F32, 1, 0.2).write(tmp.resolve("m" + i++));
            Gap g = measure(dir, 200, 7);
            System.out.printf("%s: float %.4f bits/token, fixed %.4f, gap %.3f%%, max logit error %.4f nats%n",
                    c.architecture(), g.floatBits(), g.fixedBits(), 100 * g.relative(), g.maxLogitError());
            assertTrue(g.relative() < 0.01, c.architecture() + " cross-entropy gap " + 100 * g.relative() + "%");
        }
    }

    @Test
    void modelFileRoundTripsAndFingerprintIsStable(@TempDir Path tmp) throws IOException {
        Path dir = new RandomCheckpoint(RandomCheckpoint.tinyStableLm(), 3, DType.BF16, 1, 0.02).write(tmp.resolve("ck"));
        QuantizedModel q = Importer.quantize(Checkpoint.load(dir));
        byte[] tok = tinyTokenizer();
        Path f1 = tmp.resolve("a.lmzm");
        Path f2 = tmp.resolve("b.lmzm");
        byte[] fp1 = ModelFileWriter.write(q, tok, null, f1);
        byte[] fp2 = ModelFileWriter.write(q, tok, null, f2);
        assertTrue(java.util.Arrays.equals(fp1, fp2));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(f1), Files.readAllBytes(f2)));
        try (ModelFile m = ModelFile.open(f1)) {
            assertTrue(java.util.Arrays.equals(fp1, m.fingerprint()));
            assertTrue(m.verify());
            // the loaded model computes exactly what the in-memory one does
            Engine a = new Engine(q, Int8Kernels.select(), 1);
            Engine b = new Engine(m.model(), Int8Kernels.select(), 1);
            KvCache ca = a.newCache(8);
            KvCache cb = b.newCache(8);
            for (int t : new int[] {0, 5, 17, 300, 2}) {
                int[] wa = new int[512];
                int[] wb = new int[512];
                a.forward(new KvCache[] {ca}, new int[] {t}, 1, new int[][] {wa});
                b.forward(new KvCache[] {cb}, new int[] {t}, 1, new int[][] {wb});
                assertTrue(java.util.Arrays.equals(wa, wb));
            }
        }
        // a flipped byte is detected
        byte[] bytes = Files.readAllBytes(f1);
        bytes[bytes.length / 2] ^= 1;
        Path bad = tmp.resolve("bad.lmzm");
        Files.write(bad, bytes);
        try {
            ModelFile.open(bad).close();
            throw new AssertionError("damaged model file accepted");
        } catch (ModelFileException expected) {
            assertTrue(expected.getMessage().contains("damaged"));
        }
    }

    /** A byte-level tokenizer.json with just the 256 byte tokens (the loader's minimal valid file). */
    public static byte[] tinyTokenizer() {
        StringBuilder vocab = new StringBuilder();
        int[] map = byteToUnicode();
        for (int b = 0; b < 256; b++) {
            if (b > 0) {
                vocab.append(',');
            }
            String s = new String(Character.toChars(map[b]));
            vocab.append('"').append(s.equals("\"") ? "\\\"" : s.equals("\\") ? "\\\\" : s).append("\":").append(b);
        }
        String json = "{\"version\":\"1.0\",\"added_tokens\":[],\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true},"
                + "\"post_processor\":null,\"decoder\":{\"type\":\"ByteLevel\"},"
                + "\"model\":{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":null,\"continuing_subword_prefix\":null,"
                + "\"end_of_word_suffix\":null,\"fuse_unk\":false,\"vocab\":{" + vocab + "},\"merges\":[]}}";
        return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** GPT-2's printable mapping of bytes. */
    static int[] byteToUnicode() {
        int[] m = new int[256];
        boolean[] direct = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            direct[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            direct[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            direct[b] = true;
        }
        int n = 0;
        for (int b = 0; b < 256; b++) {
            m[b] = direct[b] ? b : 256 + n++;
        }
        return m;
    }
}
