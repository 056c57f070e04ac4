package dev.lmzip.bench;

import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.KvCache;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QuantizedModel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * End-to-end speed of the fixed-point engine on random weights of a named shape:
 * {@code EngineSpeed SHAPE BATCH THREADS STEPS [REPEATS]} prints tokens/s and achieved GOP/s
 * (2 operations per multiply-accumulate of the weight matrices) as median and min–max.
 */
public final class EngineSpeed {
    private EngineSpeed() {
    }

    public static ModelShape shape(String name) {
        return switch (name) {
            case "pythia-160m" -> new ModelShape(ModelShape.Architecture.GPT_NEOX, 50304, 768, 12, 12, 12, 3072, 16,
                    10000, ModelShape.epsQ40(1e-5), true, true, false, 2048);
            case "stablelm-3b" -> new ModelShape(ModelShape.Architecture.STABLELM, 50304, 2560, 32, 32, 32, 6912, 20,
                    10000, ModelShape.epsQ40(1e-5), false, false, false, 4096);
            default -> throw new IllegalArgumentException("unknown shape " + name + " (pythia-160m, stablelm-3b)");
        };
    }

    public static void main(String[] args) {
        dev.lmzip.model.file.ModelFile file = null;
        if (args[0].endsWith(".lmzm")) {
            try {
                file = dev.lmzip.model.file.ModelFile.open(java.nio.file.Path.of(args[0]));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        ModelShape s = file != null ? file.model().shape() : shape(args[0]);
        int batch = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        long t0 = System.nanoTime();
        QuantizedModel m = file != null ? file.model() : QuantizedModel.random(s, 1);
        System.err.printf("%s weights ready in %.1f s; heap used %d MB%n", args[0], (System.nanoTime() - t0) / 1e9,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        try (Engine e = new Engine(m, Int8Kernels.select(), threads)) {
            SplittableRandom rnd = new SplittableRandom(2);
            double[] tps = new double[repeats];
            for (int r = -1; r < repeats; r++) { // r = -1 warms up
                KvCache[] caches = new KvCache[batch];
                for (int b = 0; b < batch; b++) {
                    caches[b] = e.newCache(steps);
                }
                long start = System.nanoTime();
                for (int step = 0; step < steps; step++) {
                    int[] tokens = new int[batch];
                    int[][] w = new int[batch][];
                    for (int b = 0; b < batch; b++) {
                        tokens[b] = rnd.nextInt(s.vocab());
                        w[b] = new int[s.vocab()];
                    }
                    e.forward(caches, tokens, batch, w);
                }
                if (r >= 0) {
                    tps[r] = (double) steps * batch / ((System.nanoTime() - start) / 1e9);
                }
            }
            Arrays.sort(tps);
            double median = tps[tps.length / 2];
            double gops = 2.0 * s.matrixParameters() * median / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf("%s kernels=%s batch=%d threads=%d steps=%d: %.2f tokens/s (min %.2f, max %.2f), %.1f GOP/s;"
                            + " heap used %d MB of max %d MB%n", args[0], e.kernels().name(), batch, threads, steps, median,
                    tps[0], tps[tps.length - 1], gops, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        }
    }
}
