package dev.lmzip.model.hf;

/**
 * Hugging Face tensor names of each architecture (shared by {@link Checkpoint} and {@link RandomCheckpoint}).
 * Names confirmed against transformers' modeling_stablelm.py / modeling_gpt_neox.py module attribute names.
 */
public final class HfNames {
    private HfNames() {
    }

    public static String embedding(Architecture a) {
        return a == Architecture.STABLELM ? "model.embed_tokens.weight" : "gpt_neox.embed_in.weight";
    }

    public static String lmHead(Architecture a) {
        return a == Architecture.STABLELM ? "lm_head.weight" : "embed_out.weight";
    }

    /** Prefix of the final LayerNorm; append "weight" or "bias". */
    public static String finalNorm(Architecture a) {
        return a == Architecture.STABLELM ? "model.norm." : "gpt_neox.final_layer_norm.";
    }

    /** Prefix of layer i, ending with a dot. */
    public static String layer(Architecture a, int i) {
        return (a == Architecture.STABLELM ? "model.layers." : "gpt_neox.layers.") + i + ".";
    }

    // StableLM, relative to layer(i)
    public static final String SL_Q = "self_attn.q_proj.", SL_K = "self_attn.k_proj.", SL_V = "self_attn.v_proj.",
            SL_O = "self_attn.o_proj.";
    public static final String SL_QNORM = "self_attn.q_layernorm.norms.", SL_KNORM = "self_attn.k_layernorm.norms.";
    public static final String SL_GATE = "mlp.gate_proj.weight", SL_UP = "mlp.up_proj.weight", SL_DOWN = "mlp.down_proj.weight";
    // GPT-NeoX, relative to layer(i)
    public static final String NX_QKV = "attention.query_key_value.", NX_DENSE = "attention.dense.";
    public static final String NX_FC_IN = "mlp.dense_h_to_4h.", NX_FC_OUT = "mlp.dense_4h_to_h.";
    // both
    public static final String LN1 = "input_layernorm.", LN2 = "post_attention_layernorm.";
}
