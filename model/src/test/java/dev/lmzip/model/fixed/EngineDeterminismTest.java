package dev.lmzip.model.fixed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's weights are bit-identical across kernels, threads, batch composition and prefix vs token-by-token. */
class EngineDeterminismTest {
    static final ModelShape STABLE = ModelShape.stablelm(300, 64, 2, 4, 160, 64);
    static final ModelShape NEOX = new ModelShape(ModelShape.Architecture.GPT_NEOX, 300, 64, 2, 4, 4, 256, 4,
            10000, ModelShape.epsQ40(1e-5), true, true, false, 64);
    static final ModelShape GQA = new ModelShape(ModelShape.Architecture.STABLELM, 300, 64, 2, 4, 2, 160, 4,
            10000, ModelShape.epsQ40(1e-5), true, true, false, 64);

    /** Weights at every position of {@code tokens}, fed one token per step. */
    static List<int[]> stepwise(Engine e, int[] tokens) {
        KvCache c = e.newCache(tokens.length);
        List<int[]> out = new ArrayList<>();
        for (int t : tokens) {
            int[] w = new int[e.shape().vocab()];
            e.forward(new KvCache[] {c}, new int[] {t}, 1, new int[][] {w});
            out.add(w);
        }
        return out;
    }

    static int[] randomTokens(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }

    @Test
    void kernelsAndThreadsAgree() {
        for (ModelShape s : new ModelShape[] {STABLE, NEOX, GQA}) {
            QuantizedModel m = QuantizedModel.random(s, 1);
            int[] tokens = randomTokens(40, s.vocab(), 2);
            List<int[]> reference = stepwise(new Engine(m, new ScalarKernels(), 1), tokens);
            // other vector widths run in separate JVMs: see SeparateProcessDeterminismTest
            for (Int8Kernels k : new Int8Kernels[] {new ScalarKernels(), Int8Kernels.select()}) {
                for (int threads : new int[] {1, 2, 3}) {
                    List<int[]> got = stepwise(new Engine(m, k, threads), tokens);
                    for (int i = 0; i < tokens.length; i++) {
                        assertArrayEquals(reference.get(i), got.get(i), s.architecture() + " kernels " + k.name() + " threads " + threads + " pos " + i);
                    }
                }
            }
        }
    }

    @Test
    void prefixAtOnceEqualsTokenByToken() {
        for (ModelShape s : new ModelShape[] {STABLE, NEOX, GQA}) {
            Engine e = new Engine(QuantizedModel.random(s, 3), Int8Kernels.select(), 2);
            int[] tokens = randomTokens(33, s.vocab(), 4);
            List<int[]> steps = stepwise(e, tokens);
            KvCache c = e.newCache(tokens.length);
            KvCache[] caches = new KvCache[tokens.length];
            int[][] w = new int[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                caches[i] = c;
                w[i] = new int[s.vocab()];
            }
            e.forward(caches, tokens, tokens.length, w);
            for (int i = 0; i < tokens.length; i++) {
                assertArrayEquals(steps.get(i), w[i], s.architecture() + " position " + i);
            }
        }
    }

    @Test
    void batchCompositionDoesNotMatter() {
        for (int lanes : new int[] {8, 32}) {
            batchOf(lanes);
        }
    }

    private void batchOf(int lanes) {
        Engine e = new Engine(QuantizedModel.random(STABLE, 5), Int8Kernels.select(), 2);
        int steps = 12;
        int[][] tokens = new int[lanes][];
        for (int l = 0; l < lanes; l++) {
            tokens[l] = randomTokens(steps, STABLE.vocab(), 100 + l);
        }
        KvCache[] caches = new KvCache[lanes];
        for (int l = 0; l < lanes; l++) {
            caches[l] = e.newCache(steps);
        }
        for (int t = 0; t < steps; t++) {
            int[] tok = new int[lanes];
            int[][] w = new int[lanes][];
            for (int l = 0; l < lanes; l++) {
                tok[l] = tokens[l][t];
                w[l] = new int[STABLE.vocab()];
            }
            e.forward(caches, tok, lanes, w);
            if (t == steps - 1) {
                for (int l = 0; l < lanes; l++) {
                    List<int[]> alone = stepwise(e, tokens[l]);
                    assertArrayEquals(alone.get(steps - 1), w[l], "lane " + l + " of " + lanes);
                }
            }
        }
    }

    @Test
    void weightsArePlausible() {
        Engine e = new Engine(QuantizedModel.random(STABLE, 7), Int8Kernels.select(), 1);
        List<int[]> w = stepwise(e, randomTokens(10, STABLE.vocab(), 8));
        for (int[] row : w) {
            int max = Arrays.stream(row).max().orElseThrow();
            assertTrue(max == 1 << 30, "the argmax weight is e^0 = 2^30");
            assertTrue(Arrays.stream(row).allMatch(x -> x >= 0));
        }
    }

    /**
     * The final hidden state through the model's own lm_head gives forward's weights exactly (the
     * mixing predictor's adapted layer starts from there), and the hidden states agree across
     * kernels and threads.
     */
    @Test
    void hiddenStateThroughTheHeadIsForward() {
        for (ModelShape s : new ModelShape[] {STABLE, NEOX, GQA}) {
            QuantizedModel m = QuantizedModel.random(s, 3);
            int[] tokens = randomTokens(30, s.vocab(), 4);
            List<int[]> weights = stepwise(new Engine(m, new ScalarKernels(), 1), tokens);
            for (Int8Kernels k : new Int8Kernels[] {new ScalarKernels(), Int8Kernels.select()}) {
                for (int threads : new int[] {1, 2}) {
                    Engine e = new Engine(m, k, threads);
                    KvCache c = e.newCache(tokens.length);
                    for (int i = 0; i < tokens.length; i++) {
                        int[] h = new int[s.hidden()];
                        e.forwardHidden(new SequenceCache[] {c}, new int[] {tokens[i]}, 1, new int[][] {h});
                        assertTrue(Arrays.stream(h).anyMatch(x -> x != 0), "a hidden state");
                        int[] w = new int[s.vocab()];
                        e.headWeights(e.lmHead(), h, w);
                        assertArrayEquals(weights.get(i), w, s.architecture() + " " + k.name() + " threads " + threads + " pos " + i);
                    }
                    e.close();
                }
            }
        }
    }
}
