package dev.lmzip.model.gpu;

import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.ForwardEngine;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QNorm;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.fixed.ScalarKernels;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.SequenceCache;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GPU weights equal CPU weights bit for bit (skipped without a usable CUDA device): random models of
 * both architectures and the variants of the shape (GQA, q/k LayerNorm, parallel residual, biases),
 * batches of 1, 8 and 32 segments, prompts fed at once and token by token, rows split over steps.
 */
class GpuEngineTest {
    /** Generation steps after the prompts; {@code -Dlmzip.gpu.steps=2} for the slow host emulator (docs/gpu.md). */
    static final int STEPS = Integer.getInteger("lmzip.gpu.steps", 40);
    /** Segment counts; {@code -Dlmzip.gpu.batches=3} for the host emulator. */
    static final int[] BATCHES = java.util.Arrays.stream(System.getProperty("lmzip.gpu.batches", "1,8,32").split(","))
            .mapToInt(Integer::parseInt).toArray();

    @BeforeEach
    void needsGpu() {
        CudaDevice.Probe p = CudaDevice.probe();
        Assumptions.assumeTrue(p.usable(), () -> "no usable CUDA device: " + p.reason());
    }

    static ModelShape neox(int vocab, int hidden, int layers, int heads, int inter, int maxPos) {
        int hd = hidden / heads;
        return new ModelShape(ModelShape.Architecture.GPT_NEOX, vocab, hidden, layers, heads, heads, inter,
                (hd / 4) & ~1, 10000, ModelShape.epsQ40(1e-5), true, true, false, maxPos);
    }

    static Stream<Arguments> shapes() {
        ModelShape stable = ModelShape.stablelm(1000, 128, 2, 4, 320, 128);
        ModelShape gqaQkNorm = new ModelShape(ModelShape.Architecture.STABLELM, 777, 96, 2, 6, 2, 200, 8, 10000,
                ModelShape.epsQ40(1e-5), true, true, true, 128);
        ModelShape neoxShape = neox(1003, 128, 2, 4, 512, 128);
        ModelShape odd = ModelShape.stablelm(513, 80, 1, 5, 136, 64); // columns not multiples of 64: padding
        Stream.Builder<Arguments> b = Stream.builder();
        for (ModelShape s : new ModelShape[] {stable, gqaQkNorm, neoxShape, odd}) {
            for (int batch : BATCHES) {
                b.add(Arguments.of(s, batch));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}, {1} segments")
    @MethodSource("shapes")
    void weightsEqualTheCpu(ModelShape shape, int batch) {
        QuantizedModel model = withQkNorms(QuantizedModel.random(shape, 42 + batch), 7);
        try (Engine cpu = new Engine(model, new ScalarKernels(), 2);
             GpuEngine gpu = GpuEngine.create(model, 7)) { // 7 rows per step: chunks split segments
            compare(cpu, gpu, shape, batch, STEPS, 1234 + batch);
        }
    }

    /** Final hidden states from the GPU equal the CPU's, and the head on them gives the GPU's own weights. */
    @ParameterizedTest(name = "{0}, {1} segments")
    @MethodSource("shapes")
    void hiddenStatesEqualTheCpu(ModelShape shape, int batch) {
        QuantizedModel model = withQkNorms(QuantizedModel.random(shape, 43 + batch), 8);
        try (Engine cpu = new Engine(model, new ScalarKernels(), 2);
             GpuEngine gpu = GpuEngine.create(model, 7);
             GpuEngine gpu2 = GpuEngine.create(model, 7)) {
            SequenceCache[] cc = new SequenceCache[batch];
            SequenceCache[] cg = new SequenceCache[batch];
            SequenceCache[] cw = new SequenceCache[batch];
            for (int i = 0; i < batch; i++) {
                cc[i] = cpu.newCache(32);
                cg[i] = gpu.newCache(32);
                cw[i] = gpu2.newCache(32);
            }
            SplittableRandom r = new SplittableRandom(99 + batch);
            int[] tok = new int[batch];
            for (int step = 0; step < Math.min(20, STEPS); step++) {
                for (int i = 0; i < batch; i++) {
                    tok[i] = r.nextInt(shape.vocab());
                }
                int[][] hc = new int[batch][shape.hidden()];
                int[][] hg = new int[batch][shape.hidden()];
                int[][] wg = new int[batch][shape.vocab()];
                cpu.forwardHidden(cc, tok, batch, hc);
                gpu.forwardHidden(cg, tok, batch, hg);
                gpu2.forward(cw, tok, batch, wg);
                for (int i = 0; i < batch; i++) {
                    assertArrayEquals(hc[i], hg[i], "step " + step + ", segment " + i);
                    int[] w = new int[shape.vocab()];
                    gpu.headWeights(gpu.lmHead(), hg[i], w);
                    assertArrayEquals(wg[i], w, "head weights, step " + step + ", segment " + i);
                }
            }
            for (int i = 0; i < batch; i++) {
                cg[i].close();
                cw[i].close();
            }
        }
    }

    /** QuantizedModel.random leaves the per-head q/k norms out; adds random ones when the shape has them. */
    static QuantizedModel withQkNorms(QuantizedModel m, long seed) {
        ModelShape s = m.shape();
        if (!s.qkLayerNorm()) {
            return m;
        }
        SplittableRandom r = new SplittableRandom(seed);
        QuantizedModel.Layer[] layers = new QuantizedModel.Layer[s.layers()];
        for (int l = 0; l < layers.length; l++) {
            QuantizedModel.Layer w = m.layers()[l];
            QNorm[] qn = new QNorm[s.heads()];
            QNorm[] kn = new QNorm[s.kvHeads()];
            for (int h = 0; h < qn.length; h++) {
                qn[h] = headNorm(r, s.headDim());
            }
            for (int h = 0; h < kn.length; h++) {
                kn[h] = headNorm(r, s.headDim());
            }
            layers[l] = new QuantizedModel.Layer(w.norm1(), w.norm2(), w.q(), w.k(), w.v(), w.o(), qn, kn,
                    w.mlpGate(), w.mlpUp(), w.mlpDown());
        }
        return new QuantizedModel(s, m.embedding(), layers, m.finalNorm(), m.lmHead());
    }

    private static QNorm headNorm(SplittableRandom r, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (0.8 + 0.4 * r.nextDouble());
        }
        return QNorm.quantize(g, null); // bias-free, as StableLM's per-head norms
    }

    /** Feeds each segment a prompt of random length at once, then generates step by step; compares every table. */
    static void compare(ForwardEngine a, ForwardEngine b, ModelShape s, int batch, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int cap = Math.min(s.maxPositions(), steps + 24);
        SequenceCache[] ca = new SequenceCache[batch];
        SequenceCache[] cb = new SequenceCache[batch];
        for (int i = 0; i < batch; i++) {
            ca[i] = a.newCache(cap);
            cb[i] = b.newCache(cap);
        }
        // step 0: prompts of 1..16 tokens per segment, all rows in one call
        int rows = 0;
        int[] promptLen = new int[batch];
        for (int i = 0; i < batch; i++) {
            promptLen[i] = 1 + r.nextInt(16);
            rows += promptLen[i];
        }
        SequenceCache[] rowA = new SequenceCache[rows];
        SequenceCache[] rowB = new SequenceCache[rows];
        int[] tokens = new int[rows];
        int[][] wa = new int[rows][];
        int[][] wb = new int[rows][];
        int at = 0;
        for (int i = 0; i < batch; i++) {
            for (int p = 0; p < promptLen[i]; p++) {
                rowA[at] = ca[i];
                rowB[at] = cb[i];
                tokens[at] = r.nextInt(s.vocab());
                if (p == promptLen[i] - 1 || r.nextInt(3) == 0) {
                    wa[at] = new int[s.vocab()];
                    wb[at] = new int[s.vocab()];
                }
                at++;
            }
        }
        a.forward(rowA, tokens, rows, wa);
        b.forward(rowB, tokens, rows, wb);
        for (int i = 0; i < rows; i++) {
            if (wa[i] != null) {
                assertArrayEquals(wa[i], wb[i], "prompt row " + i);
            }
        }
        int[][] oa = new int[batch][s.vocab()];
        int[][] ob = new int[batch][s.vocab()];
        int[] tok = new int[batch];
        for (int step = 0; step < steps && ca[0].length() < cap; step++) {
            for (int i = 0; i < batch; i++) {
                tok[i] = r.nextInt(s.vocab());
            }
            a.forward(ca, tok, batch, oa);
            b.forward(cb, tok, batch, ob);
            for (int i = 0; i < batch; i++) {
                assertArrayEquals(oa[i], ob[i], "step " + step + ", segment " + i);
                assertTrue(Arrays.stream(oa[i]).anyMatch(x -> x == 1 << 30), "the maximum has weight 2^30");
            }
        }
        for (SequenceCache c : cb) {
            c.close();
        }
    }

    /** The StableLM-3B-4E1T shape with random weights (2.8 GB of int8): GPU equals the vectorised CPU engine. */
    @Test
    void stableLm3bShape() {
        Assumptions.assumeTrue(Boolean.getBoolean("lmzip.gpu.big"), "set -Dlmzip.gpu.big=true (needs ~8 GB of heap and minutes on the CPU side)");
        ModelShape s = new ModelShape(ModelShape.Architecture.STABLELM, 50304, 2560, 32, 32, 32, 6912, 20, 10000,
                ModelShape.epsQ40(1e-5), false, false, false, 4096);
        QuantizedModel model = QuantizedModel.random(s, 3);
        try (Engine cpu = new Engine(model, Int8Kernels.select(), Runtime.getRuntime().availableProcessors());
             GpuEngine gpu = GpuEngine.create(model, GpuEngine.DEFAULT_ROWS)) {
            compare(cpu, gpu, s, 4, 6, 5);
        }
    }

    @Test
    void refusesCachesThatDoNotFit() {
        ModelShape s = ModelShape.stablelm(1000, 128, 2, 4, 320, 128);
        try (GpuEngine gpu = GpuEngine.create(QuantizedModel.random(s, 1), 4)) {
            assertThrows(IllegalArgumentException.class, () -> gpu.newCache(129));
            long[] free = {0};
            long[] total = {0};
            jcuda.driver.JCudaDriver.cuMemGetInfo(free, total);
            ModelShape big = ModelShape.stablelm(1000, 4096, 64, 32, 320, 1 << 20);
            GpuMemory plan = GpuMemory.of(big, 1 << 20, 1, 4);
            assertTrue(!plan.fits(free[0]), "a 64-layer, 1M-position cache does not fit: " + plan.describe());
        }
    }
}
