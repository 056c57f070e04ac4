package dev.lmzip.model.reference;

import dev.lmzip.model.hf.Checkpoint;
import dev.lmzip.model.hf.DType;
import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.hf.RandomCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ReferenceModelTest {
    @TempDir
    Path tmp;

    static List<ModelConfig> variants() {
        ModelConfig sl = RandomCheckpoint.tinyStableLm();
        ModelConfig gqa = ModelConfig.stableLm(512, 64, 160, 2, 4, 2);
        return List.of(sl,
                sl.withSwitches(false, true, false),
                sl.withSwitches(false, false, true),
                gqa,
                sl.withSwitches(true, false, false),
                gqa.withSwitches(true, true, true),
                RandomCheckpoint.tinyGptNeox(),
                RandomCheckpoint.tinyGptNeox().withSwitches(false, true, false));
    }

    /** max|a-b| / max|b| over one position's logits. */
    static double relErr(float[] a, float[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs((double) a[i] - b[i]));
            den = Math.max(den, Math.abs(b[i]));
        }
        return num / den;
    }

    @Test
    void incrementalMatchesWholePrefix() throws IOException {
        int n = 0;
        for (ModelConfig c : variants()) {
            Path dir = new RandomCheckpoint(c, 100 + n, DType.F32, 1, 0.2).write(tmp.resolve("m" + n++));
            ReferenceModel m = ReferenceModel.load(dir);
            int[] tokens = RandomCheckpoint.randomTokens(n, 20, c.vocabSize());
            float[][] whole = m.logits(tokens);
            ReferenceModel.State s = m.newState();
            double worst = 0;
            for (int t = 0; t < tokens.length; t++) {
                assertEquals(t, s.position());
                float[] step = m.next(s, tokens[t]);
                assertEquals(c.vocabSize(), step.length);
                worst = Math.max(worst, relErr(step, whole[t]));
            }
            assertTrue(worst <= 1e-5, c + ": incremental vs whole " + worst);
            // a prefix of the sequence gives the same logits as the start of the whole (causality)
            float[][] prefix = m.logits(java.util.Arrays.copyOf(tokens, 7));
            for (int t = 0; t < 7; t++) {
                assertTrue(relErr(prefix[t], whole[t]) <= 1e-6);
            }
        }
    }

    @Test
    void orderIsSeenOnlyThroughRotary() throws IOException {
        // [3,7,7] and [7,3,7]: the last position attends over the same multiset of (key, value) inputs, so without
        // RoPE its attention (hence logits, in a 1-layer model) is permutation invariant; with RoPE it is not.
        ModelConfig c = ModelConfig.stableLm(512, 64, 160, 1, 4, 4);
        for (double rot : new double[]{0, 0.25}) {
            Path dir = new RandomCheckpoint(c.withPartialRotaryFactor(rot), 1, DType.F32, 1, 0.2).write(tmp.resolve("p" + rot));
            ReferenceModel m = ReferenceModel.load(dir);
            double e = relErr(m.logits(new int[]{3, 7, 7})[2], m.logits(new int[]{7, 3, 7})[2]);
            if (rot == 0) {
                assertTrue(e < 1e-6, "no RoPE: " + e);
            } else {
                assertTrue(e > 1e-3, "RoPE: " + e);
            }
        }
    }

    @Test
    void erfAndGelu() {
        // reference values of erf
        assertEquals(0.0, FeedForward.erf(0), 0);
        assertEquals(0.5204998778130465, FeedForward.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, FeedForward.erf(1), 1e-15);
        assertEquals(0.9953222650189527, FeedForward.erf(2), 1e-15);
        assertEquals(0.9999779095030014, FeedForward.erf(3), 1e-15);
        assertEquals(0.9999999845827421, FeedForward.erf(4), 1e-15);
        assertEquals(-0.8427007929497149, FeedForward.erf(-1), 1e-15);
        assertEquals(1.0, FeedForward.erf(40), 0);
        assertEquals(0.8413447460685429, FeedForward.gelu(1), 1e-14);
        assertEquals(-0.15865525393145707, FeedForward.gelu(-1), 1e-14);
    }

    @Test
    void rejectsTokensOutsideVocabulary() throws IOException {
        Path dir = new RandomCheckpoint(RandomCheckpoint.tinyGptNeox(), 1, DType.F32, 1, 0.02).write(tmp.resolve("v"));
        ReferenceModel m = new ReferenceModel(Checkpoint.load(dir));
        assertThrows(IllegalArgumentException.class, () -> m.logits(new int[]{512}));
        assertThrows(IllegalArgumentException.class, () -> m.next(m.newState(), -1));
    }
}
