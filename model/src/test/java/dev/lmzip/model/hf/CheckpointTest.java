package dev.lmzip.model.hf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    @TempDir
    Path tmp;

    static List<ModelConfig> variants() {
        ModelConfig sl = RandomCheckpoint.tinyStableLm();
        return List.of(sl,
                sl.withSwitches(false, true, false),
                sl.withSwitches(false, false, true),
                ModelConfig.stableLm(512, 64, 160, 2, 4, 2),
                sl.withSwitches(true, false, false),
                ModelConfig.stableLm(512, 64, 160, 2, 4, 2).withSwitches(true, true, true),
                RandomCheckpoint.tinyGptNeox(),
                RandomCheckpoint.tinyGptNeox().withSwitches(false, true, false),
                RandomCheckpoint.tinyGptNeox().withTiedEmbeddings(true));
    }

    @Test
    void singleFileAndShardedLoadTheSameWeights() throws IOException {
        int n = 0;
        for (ModelConfig c : variants()) {
            Path one = new RandomCheckpoint(c, 7, DType.F32, 1, 0.02).write(tmp.resolve("one" + n));
            Path two = new RandomCheckpoint(c, 7, DType.F32, 2, 0.02).write(tmp.resolve("two" + n));
            n++;
            assertTrue(Files.exists(two.resolve(TensorStore.INDEX_FILE)));
            assertTrue(Files.exists(two.resolve("model-00002-of-00002.safetensors")));
            TransformerWeights a = Checkpoint.load(one), b = Checkpoint.load(two);
            assertEquals(c, a.config());
            assertArrayEquals(a.embedding(), b.embedding());
            assertArrayEquals(a.lmHead(), b.lmHead());
            for (int i = 0; i < c.numLayers(); i++) {
                var la = a.layers().get(i);
                var lb = b.layers().get(i);
                assertArrayEquals(la.q(), lb.q());
                assertArrayEquals(la.k(), lb.k());
                assertArrayEquals(la.v(), lb.v());
                assertArrayEquals(la.o(), lb.o());
                assertEquals(c.useQkvBias(), la.qBias() != null);
                assertEquals(c.qkLayernorm(), la.qNorm() != null);
                assertEquals(c.hasPostAttentionLayernorm(), la.ln2() != null);
                assertEquals(c.kvDim() * c.hiddenSize(), la.k().length);
            }
            if (c.tieWordEmbeddings()) {
                assertSame(a.embedding(), a.lmHead());
            }
        }
    }

    @Test
    void randomCheckpointIsDeterministic() throws IOException {
        ModelConfig c = RandomCheckpoint.tinyStableLm();
        Path a = new RandomCheckpoint(c, 11, DType.BF16, 1, 0.02).write(tmp.resolve("a"));
        Path b = new RandomCheckpoint(c, 11, DType.BF16, 1, 0.02).write(tmp.resolve("b"));
        Path d = new RandomCheckpoint(c, 12, DType.BF16, 1, 0.02).write(tmp.resolve("d"));
        byte[] fa = Files.readAllBytes(a.resolve("model.safetensors"));
        assertArrayEquals(fa, Files.readAllBytes(b.resolve("model.safetensors")));
        assertFalse(java.util.Arrays.equals(fa, Files.readAllBytes(d.resolve("model.safetensors"))));
        assertEquals(Files.readString(a.resolve("config.json")), Files.readString(b.resolve("config.json")));
        // weights have the advertised statistics
        float[] emb = Checkpoint.load(a).embedding();
        double s = 0, s2 = 0;
        for (float x : emb) {
            s += x;
            s2 += x * x;
        }
        assertEquals(0, s / emb.length, 0.002);
        assertEquals(0.02, Math.sqrt(s2 / emb.length), 0.001);
    }

    @Test
    void neoxFusedQkvIsSplitPerHead() throws IOException {
        ModelConfig c = RandomCheckpoint.tinyGptNeox();
        Path dir = new RandomCheckpoint(c, 3, DType.F32, 1, 0.02).write(tmp.resolve("neox"));
        int d = c.hiddenSize(), hd = c.headDim();
        try (Checkpoint ck = Checkpoint.open(dir)) {
            float[] fused = ck.tensors().floats("gpt_neox.layers.1.attention.query_key_value.weight");
            float[] fusedBias = ck.tensors().floats("gpt_neox.layers.1.attention.query_key_value.bias");
            var layer = ck.layer(1);
            for (int h = 0; h < c.numHeads(); h++) {
                for (int r = 0; r < hd; r++) {
                    for (int j = 0; j < 3; j++) {
                        float[] part = j == 0 ? layer.q() : j == 1 ? layer.k() : layer.v();
                        float[] bias = j == 0 ? layer.qBias() : j == 1 ? layer.kBias() : layer.vBias();
                        int fusedRow = h * 3 * hd + j * hd + r, row = h * hd + r;
                        assertEquals(fusedBias[fusedRow], bias[row]);
                        for (int col = 0; col < d; col++) {
                            assertEquals(fused[fusedRow * d + col], part[row * d + col]);
                        }
                    }
                }
            }
        }
    }

    /** Rewrites a checkpoint's model.safetensors without one tensor, or with one tensor reshaped. */
    private static void rewrite(Path dir, String drop, String reshape) throws IOException {
        Path f = dir.resolve("model.safetensors");
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile in = SafetensorsFile.open(f)) {
            for (Map.Entry<String, TensorInfo> e : in.tensors().entrySet()) {
                String name = e.getKey();
                if (name.equals(drop)) {
                    continue;
                }
                long[] shape = e.getValue().shape();
                if (name.equals(reshape)) {
                    shape = new long[]{e.getValue().elementCount()};
                }
                w.add(name, DType.F32, shape, in.floats(name));
            }
        }
        w.write(f);
    }

    @Test
    void missingTensorIsNamedWithItsFile() throws IOException {
        ModelConfig c = RandomCheckpoint.tinyStableLm().withSwitches(false, true, true);
        for (String victim : List.of("model.layers.1.self_attn.k_proj.bias", "model.layers.0.self_attn.q_layernorm.norms.3.weight",
                "lm_head.weight", "model.norm.bias", "model.layers.1.mlp.up_proj.weight")) {
            Path dir = new RandomCheckpoint(c, 5, DType.F32, 1, 0.02).write(tmp.resolve("miss" + victim.hashCode()));
            rewrite(dir, victim, null);
            MissingTensorException e = assertThrows(MissingTensorException.class, () -> Checkpoint.load(dir));
            assertEquals(victim, e.tensorName());
            assertTrue(e.getMessage().contains(victim) && e.getMessage().contains(dir.resolve("model.safetensors").toString()),
                    e.getMessage());
        }
    }

    @Test
    void wrongShapeIsNamed() throws IOException {
        Path dir = new RandomCheckpoint(RandomCheckpoint.tinyGptNeox(), 5, DType.F32, 1, 0.02).write(tmp.resolve("shape"));
        rewrite(dir, null, "gpt_neox.layers.0.mlp.dense_4h_to_h.weight");
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("gpt_neox.layers.0.mlp.dense_4h_to_h.weight")
                && e.getMessage().contains("[64, 160]"), e.getMessage());
    }

    @Test
    void oldBuffersAreIgnored() throws IOException {
        Path dir = new RandomCheckpoint(RandomCheckpoint.tinyGptNeox(), 5, DType.F32, 1, 0.02).write(tmp.resolve("buf"));
        Path f = dir.resolve("model.safetensors");
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile in = SafetensorsFile.open(f)) {
            for (var e : in.tensors().entrySet()) {
                w.add(e.getKey(), DType.F32, e.getValue().shape(), in.floats(e.getKey()));
            }
        }
        w.add("gpt_neox.layers.0.attention.masked_bias", DType.F32, new long[]{}, new float[]{-1e9f});
        w.add("gpt_neox.layers.0.attention.rotary_emb.inv_freq", DType.F32, new long[]{2}, new float[]{1, 0.01f});
        w.write(f);
        assertEquals(2, Checkpoint.load(dir).layers().size());
    }

    @Test
    void shardIndexErrors() throws IOException {
        ModelConfig c = RandomCheckpoint.tinyStableLm();
        Path dir = new RandomCheckpoint(c, 5, DType.BF16, 2, 0.02).write(tmp.resolve("sh"));
        Path index = dir.resolve(TensorStore.INDEX_FILE);
        String json = Files.readString(index);
        // the index points a tensor at a shard that lacks it
        String moved = json.replaceFirst("(\"model.embed_tokens.weight\" : \")model-00001", "$1model-00002");
        Files.writeString(index, moved);
        MissingTensorException e = assertThrows(MissingTensorException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("model.embed_tokens.weight") && e.getMessage().contains("model-00002-of-00002"),
                e.getMessage());
        // a missing shard file
        Files.writeString(index, json);
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        CheckpointFormatException e2 = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e2.getMessage().contains("model-00002-of-00002.safetensors"), e2.getMessage());
        // a tensor absent from the index altogether
        Path dir2 = new RandomCheckpoint(c, 5, DType.BF16, 2, 0.02).write(tmp.resolve("sh2"));
        Path index2 = dir2.resolve(TensorStore.INDEX_FILE);
        Files.writeString(index2, Files.readString(index2).replaceFirst("\\s*\"model.norm.weight\" : \"[^\"]+\",", ""));
        MissingTensorException e3 = assertThrows(MissingTensorException.class, () -> Checkpoint.load(dir2));
        assertEquals("model.norm.weight", e3.tensorName());
        assertTrue(e3.getMessage().contains(TensorStore.INDEX_FILE), e3.getMessage());
    }

    @Test
    void directoryWithoutWeights() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(dir.resolve("config.json"), RandomCheckpoint.tinyStableLm().toJson());
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
        Path none = Files.createDirectories(tmp.resolve("none"));
        e = assertThrows(CheckpointFormatException.class, () -> Checkpoint.load(none));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void streamingRowsMatchesWholeTensor() throws IOException {
        ModelConfig c = RandomCheckpoint.tinyStableLm();
        Path dir = new RandomCheckpoint(c, 9, DType.BF16, 2, 0.02).write(tmp.resolve("stream"));
        try (Checkpoint ck = Checkpoint.open(dir)) {
            float[] whole = ck.embedding();
            float[] row = new float[c.hiddenSize()];
            for (int r = 0; r < c.vocabSize(); r += 37) {
                ck.tensors().readFloats(ck.embeddingName(), (long) r * c.hiddenSize(), row, 0, row.length);
                assertArrayEquals(java.util.Arrays.copyOfRange(whole, r * row.length, (r + 1) * row.length), row);
            }
        }
    }
}
