package dev.lmzip.model.reference;

import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.hf.TransformerWeights.Gelu;
import dev.lmzip.model.hf.TransformerWeights.Mlp;
import dev.lmzip.model.hf.TransformerWeights.SwiGlu;

/** The MLP block: SwiGLU {@code down(silu(gate x) * up x)} or GELU {@code out(gelu(in x + b) ) + b'}. d -> F -> d. */
final class FeedForward {
    private FeedForward() {
    }

    /** [d] normalised input -> [d]. */
    static float[] apply(ModelConfig c, Mlp mlp, float[] xn) {
        int d = c.hiddenSize(), f = c.intermediateSize();
        return switch (mlp) {
            case SwiGlu s -> {
                float[] g = Linear.apply(s.gate(), null, xn, f, d); // [F]
                float[] u = Linear.apply(s.up(), null, xn, f, d);   // [F]
                float[] a = new float[f];
                for (int i = 0; i < f; i++) {
                    a[i] = (float) (silu(g[i]) * u[i]);
                }
                yield Linear.apply(s.down(), null, a, d, f);
            }
            case Gelu g -> {
                float[] h = Linear.apply(g.fcIn(), g.fcInBias(), xn, f, d); // [F]
                for (int i = 0; i < f; i++) {
                    h[i] = (float) gelu(h[i]);
                }
                yield Linear.apply(g.fcOut(), g.fcOutBias(), h, d, f);
            }
        };
    }

    /** x * sigmoid(x). */
    static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    /** Exact GELU, {@code x/2 (1 + erf(x / sqrt 2))} (torch's default, transformers' "gelu"). */
    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /**
     * erf to about 1e-15: Maclaurin series for |x| < 3, else 1 - erfc by its continued fraction
     * {@code erfc x = e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))}.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else if (ax < 30) {
            double k = ax;
            for (int n = 60; n >= 1; n--) {
                k = ax + (n / 2.0) / k;
            }
            r = 1 - Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * k);
        } else {
            r = 1;
        }
        return x < 0 ? -r : r;
    }
}
