package dev.lmzip.model.reference;

import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.hf.TransformerWeights.Layer;

import java.util.List;

/**
 * Causal multi-head self-attention with grouped-query heads, optional per-head q/k LayerNorm and partial RoPE.
 * Shapes: d = hidden, H = heads, KV = kv heads, hd = head_dim; query head h reads kv head h / (H/KV).
 */
final class Attention {
    private final ModelConfig c;
    private final Rotary rotary;

    Attention(ModelConfig c) {
        this.c = c;
        this.rotary = new Rotary(c.headDim(), c.rotaryDims(), c.ropeTheta());
    }

    /** The query of one position: [d] normalised input -> [H*hd], after q-norm and RoPE. */
    float[] query(Layer l, float[] xn, int pos) {
        float[] q = Linear.apply(l.q(), l.qBias(), xn, c.numHeads() * c.headDim(), c.hiddenSize());
        headNorm(q, l.qNorm(), c.numHeads());
        rotary.apply(q, c.numHeads(), pos);
        return q;
    }

    /** The key of one position: [d] -> [KV*hd], after k-norm and RoPE (what the KV cache holds). */
    float[] key(Layer l, float[] xn, int pos) {
        float[] k = Linear.apply(l.k(), l.kBias(), xn, c.kvDim(), c.hiddenSize());
        headNorm(k, l.kNorm(), c.numKvHeads());
        rotary.apply(k, c.numKvHeads(), pos);
        return k;
    }

    /** The value of one position: [d] -> [KV*hd]. */
    float[] value(Layer l, float[] xn) {
        return Linear.apply(l.v(), l.vBias(), xn, c.kvDim(), c.hiddenSize());
    }

    /** qk_layernorm: a bias-free LayerNorm per head, weights [heads][hd]; no-op when absent. */
    private void headNorm(float[] x, float[][] norms, int heads) {
        if (norms == null) {
            return;
        }
        for (int h = 0; h < heads; h++) {
            LayerNorm.apply(x, h * c.headDim(), c.headDim(), norms[h], null, c.layerNormEps(), x);
        }
    }

    /**
     * softmax(q k^T / sqrt(hd)) v over keys [0, n), then the output projection.
     *
     * @param q      [H*hd] query at the newest position
     * @param keys   n entries of [KV*hd], positions 0..n-1 (causality: the caller passes only the past and present)
     * @param values n entries of [KV*hd]
     * @return [d] the attention block's output (o_proj / dense applied, plus its bias if any)
     */
    float[] attend(Layer l, float[] q, List<float[]> keys, List<float[]> values) {
        int hd = c.headDim(), n = keys.size(), groups = c.kvGroups();
        double scale = 1.0 / Math.sqrt(hd);
        float[] ctx = new float[c.numHeads() * hd]; // [H][hd]
        double[] p = new double[n];
        for (int h = 0; h < c.numHeads(); h++) {
            int qo = h * hd, ko = (h / groups) * hd;
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < n; t++) {
                float[] k = keys.get(t);
                double s = 0;
                for (int i = 0; i < hd; i++) {
                    s += (double) q[qo + i] * k[ko + i];
                }
                p[t] = s * scale;
                max = Math.max(max, p[t]);
            }
            double sum = 0;
            for (int t = 0; t < n; t++) {
                p[t] = Math.exp(p[t] - max);
                sum += p[t];
            }
            for (int i = 0; i < hd; i++) {
                double acc = 0;
                for (int t = 0; t < n; t++) {
                    acc += p[t] * values.get(t)[ko + i];
                }
                ctx[qo + i] = (float) (acc / sum);
            }
        }
        return Linear.apply(l.o(), l.oBias(), ctx, c.hiddenSize(), c.numHeads() * hd);
    }
}
