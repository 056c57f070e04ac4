package dev.lmzip.model.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The shape and switches of a decoder-only transformer, read from a Hugging Face {@code config.json}.
 * Architecture-neutral: both StableLM and GPT-NeoX map onto these fields.
 *
 * @param architecture          which Hugging Face class the checkpoint is for
 * @param vocabSize             rows of the embedding and of the LM head
 * @param hiddenSize            model width d
 * @param intermediateSize      MLP width
 * @param numLayers             decoder blocks
 * @param numHeads              query heads; head_dim = hiddenSize / numHeads
 * @param numKvHeads            key/value heads (grouped-query attention when fewer than numHeads)
 * @param partialRotaryFactor   fraction of each head's dims that get RoPE ({@code partial_rotary_factor},
 *                              {@code rope_pct}, {@code rotary_pct})
 * @param ropeTheta             RoPE base ({@code rope_theta}, {@code rotary_emb_base})
 * @param layerNormEps          LayerNorm epsilon ({@code layer_norm_eps}, {@code norm_eps})
 * @param useParallelResidual   x + attn(ln1(x)) + mlp(ln(x)): ln1 again for StableLM (which then has no
 *                              post_attention_layernorm), ln2 for GPT-NeoX
 * @param useQkvBias            q/k/v projections have biases
 * @param qkLayernorm           per-head LayerNorm (weight only, no bias) on q and k before RoPE (StableLM)
 * @param attentionOutBias      the attention output projection has a bias (GPT-NeoX {@code attention_bias})
 * @param mlpKind               SwiGLU (StableLM) or GELU with biases (GPT-NeoX)
 * @param tieWordEmbeddings     LM head shares the embedding matrix
 * @param maxPositionEmbeddings context length the model was trained for (informational)
 * @param bosTokenId            beginning-of-sequence token
 * @param eosTokenId            end-of-sequence token
 */
public record ModelConfig(
        Architecture architecture,
        int vocabSize, int hiddenSize, int intermediateSize, int numLayers, int numHeads, int numKvHeads,
        double partialRotaryFactor, double ropeTheta, double layerNormEps,
        boolean useParallelResidual, boolean useQkvBias, boolean qkLayernorm, boolean attentionOutBias,
        MlpKind mlpKind, boolean tieWordEmbeddings, int maxPositionEmbeddings, int bosTokenId, int eosTokenId) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Validates the shape; {@link IllegalArgumentException} names the offending field. */
    public ModelConfig {
        if (architecture == null || mlpKind == null) {
            throw new IllegalArgumentException("architecture and mlpKind are required");
        }
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numLayers);
        positive("num_attention_heads", numHeads);
        positive("num_key_value_heads", numKvHeads);
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not divisible by num_attention_heads " + numHeads);
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numHeads + " is not divisible by num_key_value_heads " + numKvHeads);
        }
        if (!(partialRotaryFactor >= 0 && partialRotaryFactor <= 1)) {
            throw new IllegalArgumentException("partial rotary factor " + partialRotaryFactor + " is not in [0, 1]");
        }
        int rot = (int) ((hiddenSize / numHeads) * partialRotaryFactor);
        if (rot % 2 != 0) {
            throw new IllegalArgumentException("rotary dims " + rot + " (head_dim x partial rotary factor) must be even");
        }
        if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
            throw new IllegalArgumentException("rope theta " + ropeTheta + " must be positive");
        }
        if (!(layerNormEps > 0) || Double.isInfinite(layerNormEps)) {
            throw new IllegalArgumentException("layer norm eps " + layerNormEps + " must be positive");
        }
        if (architecture == Architecture.GPT_NEOX && (qkLayernorm || numKvHeads != numHeads || mlpKind != MlpKind.GELU)) {
            throw new IllegalArgumentException("GPT-NeoX has no qk_layernorm, no grouped-query attention and a GELU MLP");
        }
        if (architecture == Architecture.STABLELM && (attentionOutBias || mlpKind != MlpKind.SWIGLU)) {
            throw new IllegalArgumentException("StableLM has no o_proj bias and a SwiGLU MLP");
        }
    }

    private static void positive(String field, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + v);
        }
    }

    /** hiddenSize / numHeads (80 for StableLM-3B). */
    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** {@code int(head_dim * partial_rotary_factor)}: leading dims of each head that get RoPE (20 for StableLM-3B). */
    public int rotaryDims() {
        return (int) (headDim() * partialRotaryFactor);
    }

    /** numKvHeads * headDim: width of the k and v projections. */
    public int kvDim() {
        return numKvHeads * headDim();
    }

    /** Query heads per key/value head. */
    public int kvGroups() {
        return numHeads / numKvHeads;
    }

    /** Whether each layer has a second LayerNorm (all but StableLM with parallel residual). */
    public boolean hasPostAttentionLayernorm() {
        return !(architecture == Architecture.STABLELM && useParallelResidual);
    }

    // ---------------------------------------------------------------- construction helpers

    /** A StableLM config with the stablelm-3b-4e1t switches (partial rotary 0.25, theta 1e4, eps 1e-5, all switches off). */
    public static ModelConfig stableLm(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads) {
        return new ModelConfig(Architecture.STABLELM, vocab, hidden, intermediate, layers, heads, kvHeads,
                0.25, 10000, 1e-5, false, false, false, false, MlpKind.SWIGLU, false, 4096, 0, 0);
    }

    /** A GPT-NeoX config with Pythia's switches (rotary_pct 0.25, parallel residual, biases, GELU). */
    public static ModelConfig gptNeox(int vocab, int hidden, int intermediate, int layers, int heads) {
        return new ModelConfig(Architecture.GPT_NEOX, vocab, hidden, intermediate, layers, heads, heads,
                0.25, 10000, 1e-5, true, true, false, true, MlpKind.GELU, false, 2048, 0, 0);
    }

    public ModelConfig withPartialRotaryFactor(double f) {
        return new ModelConfig(architecture, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads,
                f, ropeTheta, layerNormEps, useParallelResidual, useQkvBias, qkLayernorm, attentionOutBias,
                mlpKind, tieWordEmbeddings, maxPositionEmbeddings, bosTokenId, eosTokenId);
    }

    public ModelConfig withRopeTheta(double theta) {
        return new ModelConfig(architecture, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads,
                partialRotaryFactor, theta, layerNormEps, useParallelResidual, useQkvBias, qkLayernorm, attentionOutBias,
                mlpKind, tieWordEmbeddings, maxPositionEmbeddings, bosTokenId, eosTokenId);
    }

    /** Sets the three attention/residual switches (for GPT-NeoX, {@code qkvBias} is {@code attention_bias}, which also covers the output projection). */
    public ModelConfig withSwitches(boolean parallelResidual, boolean qkvBias, boolean qkNorm) {
        boolean outBias = architecture == Architecture.GPT_NEOX && qkvBias;
        return new ModelConfig(architecture, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads,
                partialRotaryFactor, ropeTheta, layerNormEps, parallelResidual, qkvBias, qkNorm, outBias,
                mlpKind, tieWordEmbeddings, maxPositionEmbeddings, bosTokenId, eosTokenId);
    }

    public ModelConfig withTiedEmbeddings(boolean tied) {
        return new ModelConfig(architecture, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads,
                partialRotaryFactor, ropeTheta, layerNormEps, useParallelResidual, useQkvBias, qkLayernorm, attentionOutBias,
                mlpKind, tied, maxPositionEmbeddings, bosTokenId, eosTokenId);
    }

    // ---------------------------------------------------------------- config.json

    /** Reads {@code dir/config.json} (or the file itself when given a file). */
    public static ModelConfig read(Path pathOrDir) throws IOException {
        Path p = Files.isDirectory(pathOrDir) ? pathOrDir.resolve("config.json") : pathOrDir;
        String text;
        try {
            text = Files.readString(p);
        } catch (NoSuchFileException e) {
            throw new CheckpointFormatException(p + ": no config.json", e);
        }
        try {
            return parse(text);
        } catch (CheckpointFormatException e) {
            throw new CheckpointFormatException(p + ": " + e.getMessage(), e);
        }
    }

    /** Parses config.json text; unknown architectures and unsupported features are {@link CheckpointFormatException}s. */
    public static ModelConfig parse(String json) throws CheckpointFormatException {
        JsonNode c;
        try {
            c = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException("config.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (c == null || !c.isObject()) {
            throw new CheckpointFormatException("config.json is not a JSON object");
        }
        Architecture arch = detect(c);
        JsonNode scaling = c.get("rope_scaling");
        if (scaling != null && !scaling.isNull()) {
            throw new CheckpointFormatException("rope_scaling " + scaling + " is not supported (only plain RoPE)");
        }
        try {
            int hidden = reqInt(c, "hidden_size");
            int heads = reqInt(c, "num_attention_heads");
            int vocab = reqInt(c, "vocab_size");
            int inter = reqInt(c, "intermediate_size");
            int layers = reqInt(c, "num_hidden_layers");
            double eps = dbl(c, 1e-5, "layer_norm_eps", "norm_eps");
            boolean tied = bool(c, "tie_word_embeddings", false);
            int maxPos = (int) dbl(c, 2048, "max_position_embeddings");
            int bos = (int) dbl(c, 0, "bos_token_id");
            int eos = (int) dbl(c, 0, "eos_token_id");
            String act = text(c, "hidden_act", arch == Architecture.STABLELM ? "silu" : "gelu");
            return switch (arch) {
                case STABLELM -> {
                    if (!act.equals("silu")) {
                        throw new CheckpointFormatException("hidden_act '" + act + "' is not supported for StableLM (only silu)");
                    }
                    yield new ModelConfig(arch, vocab, hidden, inter, layers, heads,
                            (int) dbl(c, heads, "num_key_value_heads"),
                            dbl(c, 0.25, "partial_rotary_factor", "rope_pct"),
                            dbl(c, 10000, "rope_theta"), eps,
                            bool(c, "use_parallel_residual", false), bool(c, "use_qkv_bias", false),
                            bool(c, "qk_layernorm", false), false, MlpKind.SWIGLU, tied, maxPos, bos, eos);
                }
                case GPT_NEOX -> {
                    if (!act.equals("gelu")) {
                        throw new CheckpointFormatException("hidden_act '" + act
                                + "' is not supported for GPT-NeoX (only the exact erf \"gelu\")");
                    }
                    boolean bias = bool(c, "attention_bias", true);
                    yield new ModelConfig(arch, vocab, hidden, inter, layers, heads, heads,
                            dbl(c, 0.25, "rotary_pct", "partial_rotary_factor"),
                            dbl(c, 10000, "rotary_emb_base", "rope_theta"), eps,
                            bool(c, "use_parallel_residual", true), bias, false, bias, MlpKind.GELU, tied, maxPos, bos, eos);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException("invalid config: " + e.getMessage(), e);
        }
    }

    private static Architecture detect(JsonNode c) throws CheckpointFormatException {
        JsonNode archs = c.get("architectures");
        if (archs != null && archs.isArray() && !archs.isEmpty()) {
            for (JsonNode a : archs) {
                Architecture found = Architecture.byClassName(a.asText());
                if (found != null) {
                    return found;
                }
            }
            throw new CheckpointFormatException("unsupported architectures " + archs + "; supported: " + Architecture.supported());
        }
        JsonNode mt = c.get("model_type");
        if (mt != null && mt.isTextual()) {
            Architecture found = Architecture.byModelType(mt.asText());
            if (found != null) {
                return found;
            }
            throw new CheckpointFormatException("unsupported model_type '" + mt.asText() + "'; supported: " + Architecture.supported());
        }
        throw new CheckpointFormatException("config.json names neither architectures nor model_type; supported: " + Architecture.supported());
    }

    private static int reqInt(JsonNode c, String key) throws CheckpointFormatException {
        JsonNode v = c.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new CheckpointFormatException("config.json: '" + key + "' is missing or not an integer");
        }
        return v.asInt();
    }

    private static double dbl(JsonNode c, double dflt, String... keys) throws CheckpointFormatException {
        for (String k : keys) {
            JsonNode v = c.get(k);
            if (v != null && !v.isNull()) {
                if (!v.isNumber()) {
                    throw new CheckpointFormatException("config.json: '" + k + "' is not a number: " + v);
                }
                return v.asDouble();
            }
        }
        return dflt;
    }

    private static boolean bool(JsonNode c, String key, boolean dflt) throws CheckpointFormatException {
        JsonNode v = c.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new CheckpointFormatException("config.json: '" + key + "' is not a boolean: " + v);
        }
        return v.asBoolean();
    }

    private static String text(JsonNode c, String key, String dflt) {
        JsonNode v = c.get(key);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    /** The config.json a Hugging Face checkpoint of this shape would carry (transformers-native names). */
    public String toJson() {
        return toJson("float32");
    }

    /** As {@link #toJson()}, with the given {@code torch_dtype} ("float32", "bfloat16", "float16"). */
    public String toJson(String torchDtype) {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("architectures").add(architecture.className());
        o.put("model_type", architecture.modelType());
        o.put("vocab_size", vocabSize);
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numLayers);
        o.put("num_attention_heads", numHeads);
        o.put("layer_norm_eps", layerNormEps);
        o.put("use_parallel_residual", useParallelResidual);
        o.put("tie_word_embeddings", tieWordEmbeddings);
        o.put("max_position_embeddings", maxPositionEmbeddings);
        o.put("bos_token_id", bosTokenId);
        o.put("eos_token_id", eosTokenId);
        o.putNull("rope_scaling");
        o.put("torch_dtype", torchDtype);
        if (architecture == Architecture.STABLELM) {
            o.put("hidden_act", "silu");
            o.put("num_key_value_heads", numKvHeads);
            o.put("partial_rotary_factor", partialRotaryFactor);
            o.put("rope_theta", ropeTheta);
            o.put("use_qkv_bias", useQkvBias);
            o.put("qk_layernorm", qkLayernorm);
        } else {
            o.put("hidden_act", "gelu");
            o.put("rotary_pct", partialRotaryFactor);
            o.put("rotary_emb_base", ropeTheta);
            o.put("attention_bias", useQkvBias);
        }
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
