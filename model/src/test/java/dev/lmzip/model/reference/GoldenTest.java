package dev.lmzip.model.reference;

import dev.lmzip.model.hf.Checkpoint;
import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.hf.RandomCheckpoint;
import dev.lmzip.model.hf.TransformerWeights;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Java reader + {@link ReferenceModel} against logits from the independent numpy implementation
 * (model/tools/reference_numpy.py) on committed random checkpoints; see model/tools/README.md.
 */
class GoldenTest {
    static final String[] GOLDENS = {"stablelm-default-bf16", "stablelm-switches-f32", "stablelm-mqa-sharded-bf16",
            "gptneox-sharded-f32", "gptneox-sequential-f16"};
    static final double MAX_REL = 1e-4;

    @TempDir
    Path tmp;

    static Path golden(String name) throws URISyntaxException {
        return Path.of(GoldenTest.class.getResource("/golden/" + name + "/config.json").toURI()).getParent();
    }

    static int[] tokens(Path dir) throws IOException {
        return Arrays.stream(Files.readString(dir.resolve("tokens.txt")).trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    static float[][] expected(Path dir, int positions, int vocab) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("logits.f32"))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((long) positions * vocab * 4, b.capacity(), "logits.f32 size");
        float[][] out = new float[positions][vocab];
        for (float[] row : out) {
            b.asFloatBuffer().get(row);
            b.position(b.position() + vocab * 4);
        }
        return out;
    }

    /** {max relative (per position, max|a-b|/max|b|), max elementwise absolute}. */
    static double[] errors(float[][] got, float[][] want) {
        double rel = 0, abs = 0;
        for (int t = 0; t < want.length; t++) {
            double num = 0, den = 0;
            for (int i = 0; i < want[t].length; i++) {
                num = Math.max(num, Math.abs((double) got[t][i] - want[t][i]));
                den = Math.max(den, Math.abs(want[t][i]));
            }
            rel = Math.max(rel, num / den);
            abs = Math.max(abs, num);
        }
        return new double[]{rel, abs};
    }

    @ParameterizedTest
    @ValueSource(strings = {"stablelm-default-bf16", "stablelm-switches-f32", "stablelm-mqa-sharded-bf16",
            "gptneox-sharded-f32", "gptneox-sequential-f16"})
    void matchesNumpy(String name) throws Exception {
        Path dir = golden(name);
        ReferenceModel m = ReferenceModel.load(dir);
        int[] tokens = tokens(dir);
        float[][] want = expected(dir, tokens.length, m.config().vocabSize());
        float[][] got = m.logits(tokens);
        double[] e = errors(got, want);
        System.out.printf("golden %-26s max rel %.3e  max abs %.3e  (%d positions x %d)%n",
                name, e[0], e[1], tokens.length, m.config().vocabSize());
        assertTrue(e[0] <= MAX_REL, name + ": max relative error " + e[0]);
        // the incremental path too
        ReferenceModel.State s = m.newState();
        float[][] inc = new float[tokens.length][];
        for (int t = 0; t < tokens.length; t++) {
            inc[t] = m.next(s, tokens[t]);
        }
        assertTrue(errors(inc, want)[0] <= MAX_REL, name + ": incremental");
    }

    /** The committed checkpoints are exactly what RandomCheckpoint makes from args.txt (bit-reproducible generator). */
    @ParameterizedTest
    @ValueSource(strings = {"stablelm-default-bf16", "stablelm-switches-f32", "stablelm-mqa-sharded-bf16",
            "gptneox-sharded-f32", "gptneox-sequential-f16"})
    void regeneratesByteIdentically(String name) throws Exception {
        Path dir = golden(name);
        List<String> args = new ArrayList<>(Arrays.asList(Files.readString(dir.resolve("args.txt")).trim().split(" ")));
        Path out = tmp.resolve(name);
        args.set(args.indexOf("--out") + 1, out.toString());
        RandomCheckpoint.main(args.toArray(String[]::new));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String fn = f.getFileName().toString();
                if (fn.equals("logits.f32") || fn.equals("args.txt")) {
                    continue;
                }
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(out.resolve(fn)), name + "/" + fn);
            }
        }
    }

    /** The goldens are sensitive: dropping RoPE, or the parallel-residual switch, breaks the tolerance by far. */
    @ParameterizedTest
    @ValueSource(strings = {"stablelm-default-bf16", "gptneox-sharded-f32"})
    void goldensDetectSemanticSlips(String name) throws Exception {
        Path dir = golden(name);
        TransformerWeights w = Checkpoint.load(dir);
        int[] tokens = tokens(dir);
        float[][] want = expected(dir, tokens.length, w.config().vocabSize());
        ModelConfig noRope = w.config().withPartialRotaryFactor(0);
        double e1 = errors(new ReferenceModel(new TransformerWeights(noRope, w.embedding(), w.layers(), w.finalNorm(), w.lmHead()))
                .logits(tokens), want)[0];
        assertTrue(e1 > 100 * MAX_REL, "without RoPE: " + e1);
        if (w.config().useParallelResidual()) {
            ModelConfig seq = w.config().withSwitches(false, w.config().useQkvBias(), w.config().qkLayernorm());
            double e2 = errors(new ReferenceModel(new TransformerWeights(seq, w.embedding(), w.layers(), w.finalNorm(), w.lmHead()))
                    .logits(tokens), want)[0];
            assertTrue(e2 > 100 * MAX_REL, "sequential instead of parallel: " + e2);
        }
    }
}
