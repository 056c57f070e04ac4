package dev.lmzip.model.fixed;

/** LayerNorm parameters in Q12 (bias may be null for the bias-free per-head q/k norms). */
public record QNorm(int[] gamma, int[] beta) {
    public static QNorm quantize(float[] weight, float[] bias) {
        int[] g = new int[weight.length];
        int[] b = bias == null ? null : new int[bias.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = Fixed.saturate(Math.round((double) weight[i] * Fixed.ONE));
            if (b != null) {
                b[i] = Fixed.saturate(Math.round((double) bias[i] * Fixed.ONE));
            }
        }
        return new QNorm(g, b);
    }
}
