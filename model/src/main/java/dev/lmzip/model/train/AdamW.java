package dev.lmzip.model.train;

import java.util.List;

/**
 * AdamW (Loshchilov and Hutter) as in PyTorch: {@code w -= lr * wd * w} (decoupled, only on parameters with
 * {@link Param#decay}: the weight matrices, not embeddings, norms or biases), then the bias-corrected Adam step.
 */
public final class AdamW {
    private AdamW() {
    }

    /** One update; {@code t} is the 1-based step number (bias correction). */
    public static void update(Par par, List<Param> params, long t, double lr, double beta1, double beta2, double eps,
                              double weightDecay) {
        float b1 = (float) beta1, b2 = (float) beta2;
        float c1 = (float) (1 - StrictMath.pow(beta1, t)), c2 = (float) (1 - StrictMath.pow(beta2, t));
        float lrf = (float) lr, e = (float) eps;
        for (Param p : params) {
            float decay = p.decay ? (float) (1 - lr * weightDecay) : 1f;
            float[] w = p.w, g = p.g, m = p.m, v = p.v;
            par.forRange(w.length, 4096, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    float gi = g[i];
                    float mi = b1 * m[i] + (1 - b1) * gi;
                    float vi = b2 * v[i] + (1 - b2) * gi * gi;
                    m[i] = mi;
                    v[i] = vi;
                    float mh = mi / c1, vh = vi / c2;
                    w[i] = w[i] * decay - lrf * mh / ((float) Math.sqrt(vh) + e);
                }
            });
        }
    }
}
