package dev.lmzip.model.hf;

/** The feed-forward block of a layer. */
public enum MlpKind {
    /** {@code down(silu(gate(x)) * up(x))}, no biases (StableLM, hidden_act "silu"). */
    SWIGLU,
    /** {@code fc_out(gelu(fc_in(x) + b_in)) + b_out} with the exact erf GELU (GPT-NeoX, hidden_act "gelu"). */
    GELU
}
