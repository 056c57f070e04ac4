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

    /** Uniform int8 weights with a per-row scale giving standard deviation {@code std}: fast even for 3B shapes. */
    private static QLinear randomLinear(SplittableRandom rnd, int rows, int cols, float std, boolean bias) {
        byte[] q = new byte[rows * cols];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) (rnd.nextInt(2 * Fixed.Q8_MAX + 1) - Fixed.Q8_MAX);
        }
        // a uniform integer on [-127, 127] has standard deviation sqrt((255^2 - 1) / 12) ~ 73.6
        double unit = std / 73.6;
        int e = 30 - Math.getExponent(unit);
        int[] mult = new int[rows];
        byte[] shift = new byte[rows];
        java.util.Arrays.fill(mult, (int) Math.round(unit * Math.pow(2, e)));
        java.util.Arrays.fill(shift, (byte) Math.max(8, Math.min(62, e)));
        int[] b = null;
        if (bias) {
            b = new int[rows];
            for (int i = 0; i < rows; i++) {
                b[i] = (int) Math.round(gaussian(rnd) * 0.01 * Fixed.ONE);
            }
        }
        return new QLinear(rows, cols, java.lang.foreign.MemorySegment.ofArray(q), mult, shift, b);
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
