package dev.lmzip.model.hf;

import java.util.List;

/**
 * All weights of a checkpoint as float32, architecture-neutral. Matrices are row-major {@code [out][in]}
 * exactly as PyTorch's {@code Linear.weight} ({@code y[o] = sum_i W[o*in + i] * x[i] + b[o]}).
 * Shapes below use d = hidden, V = vocab, H = heads, KV = kv heads, hd = head_dim, F = intermediate.
 *
 * @param config    the shape and switches
 * @param embedding [V][d] token embeddings
 * @param layers    one entry per block, bottom first
 * @param finalNorm the LayerNorm after the last block, [d] weight and bias
 * @param lmHead    [V][d] output projection, no bias (the embedding array itself when tied)
 */
public record TransformerWeights(ModelConfig config, float[] embedding, List<Layer> layers, Norm finalNorm, float[] lmHead) {

    public TransformerWeights {
        layers = List.copyOf(layers);
    }

    /** A LayerNorm's affine parameters, each [n]; {@code bias} is null for a bias-free norm (qk_layernorm). */
    public record Norm(float[] weight, float[] bias) {
    }

    /**
     * One decoder block.
     *
     * @param ln1   input_layernorm [d]
     * @param ln2   post_attention_layernorm [d]; null for StableLM with parallel residual (which reuses ln1)
     * @param q     [H*hd][d]; qBias [H*hd] or null
     * @param k     [KV*hd][d]; kBias [KV*hd] or null
     * @param v     [KV*hd][d]; vBias [KV*hd] or null
     * @param o     [d][H*hd]; oBias [d] or null (GPT-NeoX has one, StableLM not)
     * @param qNorm per-head LayerNorm weights [H][hd] (no bias) when qk_layernorm, else null
     * @param kNorm per-head LayerNorm weights [KV][hd] when qk_layernorm, else null
     * @param mlp   the feed-forward weights
     */
    public record Layer(Norm ln1, Norm ln2,
                        float[] q, float[] qBias, float[] k, float[] kBias, float[] v, float[] vBias,
                        float[] o, float[] oBias, float[][] qNorm, float[][] kNorm, Mlp mlp) {
    }

    /** Feed-forward weights: {@link SwiGlu} or {@link Gelu}. */
    public sealed interface Mlp permits SwiGlu, Gelu {
    }

    /** {@code down(silu(gate x) * (up x))}: gate, up [F][d]; down [d][F]; no biases. */
    public record SwiGlu(float[] gate, float[] up, float[] down) implements Mlp {
    }

    /** {@code fcOut gelu(fcIn x + fcInBias) + fcOutBias}: fcIn [F][d], fcInBias [F], fcOut [d][F], fcOutBias [d]. */
    public record Gelu(float[] fcIn, float[] fcInBias, float[] fcOut, float[] fcOutBias) implements Mlp {
    }
}
