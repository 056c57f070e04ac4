package dev.lmzip.model.reference;

/**
 * Partial rotary position embedding, GPT-NeoX style ("rotate_half"): of each head's hd dims only the first
 * {@code rot} rotate; they are split into halves [0, rot/2) and [rot/2, rot), and pair (i, i + rot/2) turns by
 * angle {@code pos * theta^(-2i/rot)}:
 * <pre>
 *   x'[i]         = x[i] cos - x[i + rot/2] sin
 *   x'[i + rot/2] = x[i + rot/2] cos + x[i] sin
 * </pre>
 * Dims [rot, hd) pass through. Angles and trigonometry in double (StrictMath); transformers does them in float32.
 */
final class Rotary {
    private final int headDim;
    private final int rot;
    private final double[] invFreq; // [rot/2]

    Rotary(int headDim, int rotaryDims, double theta) {
        this.headDim = headDim;
        this.rot = rotaryDims;
        this.invFreq = new double[rotaryDims / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = 1.0 / StrictMath.pow(theta, (2.0 * i) / rotaryDims);
        }
    }

    /** Rotates every head of {@code x} ([heads][hd] flattened) in place for position {@code pos}. */
    void apply(float[] x, int heads, int pos) {
        int half = rot / 2;
        for (int i = 0; i < half; i++) {
            double angle = pos * invFreq[i];
            double cos = StrictMath.cos(angle), sin = StrictMath.sin(angle);
            for (int h = 0; h < heads; h++) {
                int a = h * headDim + i, b = a + half;
                double x1 = x[a], x2 = x[b];
                x[a] = (float) (x1 * cos - x2 * sin);
                x[b] = (float) (x2 * cos + x1 * sin);
            }
        }
    }
}
