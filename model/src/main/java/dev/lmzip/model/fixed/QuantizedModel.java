package dev.lmzip.model.fixed;

import java.util.SplittableRandom;

/** The integer model: what the engine computes with, whether read from a model file or made in memory. */
public record QuantizedModel(ModelShape shape, QLinear embedding, Layer[] layers, QNorm finalNorm, QLinear lmHead) {

    /** One decoder block. {@code mlpGate} is null for GELU MLPs ({@code mlpUp} is then fc_in). */
    public record Layer(QNorm norm1, QNorm norm2, QLinear q, QLinear k, QLinear v, QLinear o,
                        QNorm[] qNorms, QNorm[] kNorms, QLinear mlpGate, QLinear mlpUp, QLinear mlpDown) {
    }

    /** Random weights (for benchmarks and tests of shapes without a checkpoint), deterministic per seed. */
    public static QuantizedModel random(ModelShape s, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int h = s.hidden();
        QLinear embed = randomLinear(rnd, s.vocab(), h, 1.0f, false);
        Layer[] layers = new Layer[s.layers()];
        for (int l = 0; l < layers.length; l++) {
            boolean gelu = !s.swiglu();
            layers[l] = new Layer(randomNorm(rnd, h), randomNorm(rnd, h),
                    randomLinear(rnd, h, h, 0.02f, s.qkvBias()), randomLinear(rnd, s.kvDim(), h, 0.02f, s.qkvBias()),
                    randomLinear(rnd, s.kvDim(), h, 0.02f, s.qkvBias()), randomLinear(rnd, h, h, 0.02f, gelu),
                    null, null,
                    gelu ? null : randomLinear(rnd, s.intermediate(), h, 0.02f, false),
                    randomLinear(rnd, s.intermediate(), h, 0.02f, gelu),
                    randomLinear(rnd, h, s.intermediate(), 0.02f, gelu));
        }
        return new QuantizedModel(s, embed, layers, randomNorm(rnd, h), randomLinear(rnd, s.vocab(), h, 0.02f, false));
    }

    private static QLinear randomLinear(SplittableRandom rnd, int rows, int cols, float std, boolean bias) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (gaussian(rnd) * std);
        }
        float[] b = null;
        if (bias) {
            b = new float[rows];
            for (int i = 0; i < rows; i++) {
                b[i] = (float) (gaussian(rnd) * 0.01);
            }
        }
        return QLinear.quantize(rows, cols, w, b);
    }

    private static QNorm randomNorm(SplittableRandom rnd, int n) {
        float[] g = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (1 + 0.1 * gaussian(rnd));
            b[i] = (float) (0.02 * gaussian(rnd));
        }
        return QNorm.quantize(g, b);
    }

    /** Box–Muller with StrictMath: the same numbers on every machine. */
    static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
