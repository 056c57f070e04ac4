package dev.lmzip.model.reference;

/**
 * torch.nn.LayerNorm over the last axis: {@code (x - mean) / sqrt(var + eps) * w + b}, biased variance.
 * Statistics in double.
 */
final class LayerNorm {
    private LayerNorm() {
    }

    /**
     * Normalises {@code x[off, off+n)} into {@code out[off, off+n)}.
     *
     * @param w [n] weight
     * @param b [n] bias, or null (qk_layernorm norms have none)
     */
    static void apply(float[] x, int off, int n, float[] w, float[] b, double eps, float[] out) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[off + i];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[off + i] - mean;
            var += dx * dx;
        }
        var /= n;
        double inv = 1.0 / Math.sqrt(var + eps);
        for (int i = 0; i < n; i++) {
            double y = (x[off + i] - mean) * inv * w[i];
            if (b != null) {
                y += b[i];
            }
            out[off + i] = (float) y;
        }
    }

    /** [n] -> [n], a new array. */
    static float[] apply(float[] x, float[] w, float[] b, double eps) {
        float[] out = new float[x.length];
        apply(x, 0, x.length, w, b, eps, out);
        return out;
    }
}
