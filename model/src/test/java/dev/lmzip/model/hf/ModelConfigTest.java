package dev.lmzip.model.hf;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ModelConfigTest {

    @Test
    void realStableLm3bConfig() throws IOException {
        String shared = System.getProperty("lmzip.shared");
        assumeTrue(shared != null, "lmzip.shared not set");
        Path p = Path.of(shared, "reference", "stablelm-3b-4e1t.config.json");
        assumeTrue(Files.isRegularFile(p), "no " + p);
        ModelConfig c = ModelConfig.read(p);
        assertEquals(Architecture.STABLELM, c.architecture());
        assertEquals(50304, c.vocabSize());
        assertEquals(2560, c.hiddenSize());
        assertEquals(6912, c.intermediateSize());
        assertEquals(32, c.numLayers());
        assertEquals(32, c.numHeads());
        assertEquals(32, c.numKvHeads());
        assertEquals(80, c.headDim());
        assertEquals(20, c.rotaryDims());
        assertEquals(1, c.kvGroups());
        assertEquals(10000.0, c.ropeTheta());
        assertEquals(1e-5, c.layerNormEps());
        assertFalse(c.useParallelResidual());
        assertFalse(c.useQkvBias());
        assertFalse(c.qkLayernorm());
        assertFalse(c.attentionOutBias());
        assertFalse(c.tieWordEmbeddings());
        assertTrue(c.hasPostAttentionLayernorm());
        assertEquals(MlpKind.SWIGLU, c.mlpKind());
        assertEquals(0, c.bosTokenId());
        assertEquals(0, c.eosTokenId());
    }

    @Test
    void olderRemoteCodeNames() throws IOException {
        ModelConfig c = ModelConfig.parse("""
                {"architectures": ["StableLMEpochForCausalLM"], "model_type": "stablelm_epoch",
                 "vocab_size": 100, "hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 1,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "rope_pct": 0.5, "norm_eps": 1e-6,
                 "rope_theta": 500, "hidden_act": "silu"}""");
        assertEquals(Architecture.STABLELM, c.architecture());
        assertEquals(0.5, c.partialRotaryFactor());
        assertEquals(8, c.rotaryDims());
        assertEquals(1e-6, c.layerNormEps());
        assertEquals(2, c.numKvHeads());
        assertEquals(500, c.ropeTheta());
    }

    @Test
    void pythiaStyleConfig() throws IOException {
        ModelConfig c = ModelConfig.parse("""
                {"architectures": ["GPTNeoXForCausalLM"], "model_type": "gpt_neox", "vocab_size": 50304,
                 "hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12, "num_attention_heads": 12,
                 "rotary_pct": 0.25, "rotary_emb_base": 10000, "use_parallel_residual": true, "hidden_act": "gelu",
                 "layer_norm_eps": 1e-5, "tie_word_embeddings": false}""");
        assertEquals(Architecture.GPT_NEOX, c.architecture());
        assertEquals(64, c.headDim());
        assertEquals(16, c.rotaryDims());
        assertTrue(c.useParallelResidual());
        assertTrue(c.useQkvBias());
        assertTrue(c.attentionOutBias());
        assertEquals(MlpKind.GELU, c.mlpKind());
        assertEquals(12, c.numKvHeads());
    }

    @Test
    void modelTypeAloneIsEnough() throws IOException {
        ModelConfig c = ModelConfig.parse("""
                {"model_type": "stablelm", "vocab_size": 10, "hidden_size": 16, "intermediate_size": 8,
                 "num_hidden_layers": 1, "num_attention_heads": 2}""");
        assertEquals(Architecture.STABLELM, c.architecture());
    }

    @Test
    void jsonRoundTripBothArchitectures() throws IOException {
        for (ModelConfig c : new ModelConfig[]{
                RandomCheckpoint.tinyStableLm(),
                RandomCheckpoint.tinyStableLm().withSwitches(true, true, true).withRopeTheta(1234),
                ModelConfig.stableLm(512, 64, 160, 2, 4, 2).withPartialRotaryFactor(0.5),
                RandomCheckpoint.tinyGptNeox(),
                RandomCheckpoint.tinyGptNeox().withSwitches(false, false, false).withTiedEmbeddings(true)}) {
            assertEquals(c, ModelConfig.parse(c.toJson()), c.toJson());
        }
    }

    @Test
    void unknownArchitectureListsSupported() {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> ModelConfig.parse("""
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 10,
                 "hidden_size": 8, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2}"""));
        assertTrue(e.getMessage().contains("LlamaForCausalLM"), e.getMessage());
        assertTrue(e.getMessage().contains("StableLmForCausalLM") && e.getMessage().contains("GPTNeoXForCausalLM"), e.getMessage());
        e = assertThrows(CheckpointFormatException.class, () -> ModelConfig.parse("{\"model_type\": \"gpt2\"}"));
        assertTrue(e.getMessage().contains("gpt2") && e.getMessage().contains("gpt_neox"), e.getMessage());
        e = assertThrows(CheckpointFormatException.class, () -> ModelConfig.parse("{}"));
        assertTrue(e.getMessage().contains("supported"), e.getMessage());
    }

    @Test
    void invalidShapesAndFeatures() {
        String base = """
                {"architectures": ["StableLmForCausalLM"], "vocab_size": 10, "intermediate_size": 8,
                 "num_hidden_layers": 1, %s}""";
        assertMessage(base.formatted("\"hidden_size\": 10, \"num_attention_heads\": 4"), "not divisible by num_attention_heads");
        assertMessage(base.formatted("\"hidden_size\": 12, \"num_attention_heads\": 4, \"num_key_value_heads\": 3"),
                "not divisible by num_key_value_heads");
        assertMessage(base.formatted("\"hidden_size\": 12, \"num_attention_heads\": 4, \"partial_rotary_factor\": 1.0"),
                "must be even");
        assertMessage(base.formatted("\"num_attention_heads\": 4"), "'hidden_size' is missing");
        assertMessage(base.formatted("\"hidden_size\": 16, \"num_attention_heads\": 4, \"rope_scaling\": {\"type\": \"linear\", \"factor\": 2}"),
                "rope_scaling");
        assertMessage(base.formatted("\"hidden_size\": 16, \"num_attention_heads\": 4, \"hidden_act\": \"gelu\""), "hidden_act");
        assertMessage(base.formatted("\"hidden_size\": 16, \"num_attention_heads\": 0"), "num_attention_heads must be positive");
        assertMessage(base.formatted("\"hidden_size\": 16, \"num_attention_heads\": 4, \"use_qkv_bias\": \"yes\""), "use_qkv_bias");
        assertMessage("{not json", "not valid JSON");
    }

    private static void assertMessage(String json, String fragment) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> ModelConfig.parse(json));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
