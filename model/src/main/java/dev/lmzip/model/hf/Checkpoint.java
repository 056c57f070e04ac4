package dev.lmzip.model.hf;

import dev.lmzip.model.hf.TransformerWeights.Gelu;
import dev.lmzip.model.hf.TransformerWeights.Layer;
import dev.lmzip.model.hf.TransformerWeights.Mlp;
import dev.lmzip.model.hf.TransformerWeights.Norm;
import dev.lmzip.model.hf.TransformerWeights.SwiGlu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.lmzip.model.hf.HfNames.*;

/**
 * A Hugging Face checkpoint directory (config.json + safetensors, single or sharded), opened lazily.
 *
 * <p>{@link #load(Path)} reads everything into a {@link TransformerWeights} (fine for small models; the 3B
 * model would need ~11 GB as float). For large models keep the {@code Checkpoint} open and pull one
 * piece at a time with {@link #embedding()}, {@link #layer(int)}, {@link #finalNorm()}, {@link #lmHead()},
 * or stream single tensors through {@link #tensors()}. Every tensor's shape is checked against the config;
 * a missing tensor is a {@link MissingTensorException} naming the tensor and the file.
 * Unused names (old attention.bias / masked_bias / rotary inv_freq buffers) are ignored.
 */
public final class Checkpoint implements AutoCloseable {
    private final Path dir;
    private final ModelConfig config;
    private final TensorStore tensors;

    private Checkpoint(Path dir, ModelConfig config, TensorStore tensors) {
        this.dir = dir;
        this.config = config;
        this.tensors = tensors;
    }

    /** Reads config.json and maps the safetensors files; no tensor data is read yet. */
    public static Checkpoint open(Path dir) throws IOException {
        ModelConfig config = ModelConfig.read(dir);
        return new Checkpoint(dir, config, TensorStore.open(dir));
    }

    /** Opens, reads every weight as float32, closes. */
    public static TransformerWeights load(Path dir) throws IOException {
        try (Checkpoint c = open(dir)) {
            return c.loadAll();
        }
    }

    public Path directory() {
        return dir;
    }

    public ModelConfig config() {
        return config;
    }

    /** Raw access to the mapped tensors (HF names), for streaming. */
    public TensorStore tensors() {
        return tensors;
    }

    /** Everything, as float32. */
    public TransformerWeights loadAll() throws IOException {
        float[] emb = embedding();
        List<Layer> layers = new ArrayList<>(config.numLayers());
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(layer(i));
        }
        float[] head = config.tieWordEmbeddings() && !tensors.contains(lmHeadName()) ? emb : lmHead();
        return new TransformerWeights(config, emb, layers, finalNorm(), head);
    }

    public String embeddingName() {
        return HfNames.embedding(config.architecture());
    }

    public String lmHeadName() {
        return HfNames.lmHead(config.architecture());
    }

    /** [V][d]. */
    public float[] embedding() throws CheckpointFormatException {
        return tensors.floats(embeddingName(), config.vocabSize(), config.hiddenSize());
    }

    /** [V][d]; the embedding when tied and no separate head is stored. */
    public float[] lmHead() throws CheckpointFormatException {
        if (config.tieWordEmbeddings() && !tensors.contains(lmHeadName())) {
            return embedding();
        }
        return tensors.floats(lmHeadName(), config.vocabSize(), config.hiddenSize());
    }

    public Norm finalNorm() throws CheckpointFormatException {
        return norm(HfNames.finalNorm(config.architecture()), config.hiddenSize());
    }

    /** Layer i as float32, with GPT-NeoX's fused query_key_value split into q, k, v. */
    public Layer layer(int i) throws CheckpointFormatException {
        if (i < 0 || i >= config.numLayers()) {
            throw new IndexOutOfBoundsException("layer " + i + " of " + config.numLayers());
        }
        String p = HfNames.layer(config.architecture(), i);
        int d = config.hiddenSize();
        return switch (config.architecture()) {
            case STABLELM -> stableLmLayer(p, d);
            case GPT_NEOX -> neoxLayer(p, d);
        };
    }

    private Layer stableLmLayer(String p, int d) throws CheckpointFormatException {
        int qDim = config.numHeads() * config.headDim(), kvDim = config.kvDim(), f = config.intermediateSize();
        boolean b = config.useQkvBias();
        Norm ln1 = norm(p + LN1, d);
        Norm ln2 = config.hasPostAttentionLayernorm() ? norm(p + LN2, d) : null;
        float[] q = tensors.floats(p + SL_Q + "weight", qDim, d);
        float[] k = tensors.floats(p + SL_K + "weight", kvDim, d);
        float[] v = tensors.floats(p + SL_V + "weight", kvDim, d);
        float[] qb = b ? tensors.floats(p + SL_Q + "bias", qDim) : null;
        float[] kb = b ? tensors.floats(p + SL_K + "bias", kvDim) : null;
        float[] vb = b ? tensors.floats(p + SL_V + "bias", kvDim) : null;
        float[] o = tensors.floats(p + SL_O + "weight", d, qDim);
        float[][] qn = null, kn = null;
        if (config.qkLayernorm()) {
            qn = new float[config.numHeads()][];
            for (int h = 0; h < qn.length; h++) {
                qn[h] = tensors.floats(p + SL_QNORM + h + ".weight", config.headDim());
            }
            kn = new float[config.numKvHeads()][];
            for (int h = 0; h < kn.length; h++) {
                kn[h] = tensors.floats(p + SL_KNORM + h + ".weight", config.headDim());
            }
        }
        Mlp mlp = new SwiGlu(tensors.floats(p + SL_GATE, f, d), tensors.floats(p + SL_UP, f, d),
                tensors.floats(p + SL_DOWN, d, f));
        return new Layer(ln1, ln2, q, qb, k, kb, v, vb, o, null, qn, kn, mlp);
    }

    private Layer neoxLayer(String p, int d) throws CheckpointFormatException {
        int heads = config.numHeads(), hd = config.headDim(), f = config.intermediateSize();
        // query_key_value.weight is [H*3*hd][d]; output row (h*3 + j)*hd + r is part j (0=q, 1=k, 2=v), row r of head h
        // (transformers views the projection as [..., H, 3*hd] and slices q, k, v from the last axis).
        float[] qkv = tensors.floats(p + NX_QKV + "weight", 3L * d, d);
        float[] qkvBias = config.useQkvBias() ? tensors.floats(p + NX_QKV + "bias", 3L * d) : null;
        float[][] parts = new float[3][d * d];
        float[][] biases = qkvBias == null ? null : new float[3][d];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < 3; j++) {
                for (int r = 0; r < hd; r++) {
                    int src = (h * 3 + j) * hd + r, dst = h * hd + r;
                    System.arraycopy(qkv, src * d, parts[j], dst * d, d);
                    if (biases != null) {
                        biases[j][dst] = qkvBias[src];
                    }
                }
            }
        }
        float[] o = tensors.floats(p + NX_DENSE + "weight", d, d);
        float[] ob = config.attentionOutBias() ? tensors.floats(p + NX_DENSE + "bias", d) : null;
        Mlp mlp = new Gelu(tensors.floats(p + NX_FC_IN + "weight", f, d), tensors.floats(p + NX_FC_IN + "bias", f),
                tensors.floats(p + NX_FC_OUT + "weight", d, f), tensors.floats(p + NX_FC_OUT + "bias", d));
        return new Layer(norm(p + LN1, d), norm(p + LN2, d),
                parts[0], biases == null ? null : biases[0], parts[1], biases == null ? null : biases[1],
                parts[2], biases == null ? null : biases[2], o, ob, null, null, mlp);
    }

    private Norm norm(String prefix, int n) throws CheckpointFormatException {
        return new Norm(tensors.floats(prefix + "weight", n), tensors.floats(prefix + "bias", n));
    }

    @Override
    public void close() {
        tensors.close();
    }
}
