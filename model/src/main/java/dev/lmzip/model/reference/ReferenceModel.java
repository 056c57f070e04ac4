package dev.lmzip.model.reference;

import dev.lmzip.model.hf.Checkpoint;
import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.hf.TransformerWeights;
import dev.lmzip.model.hf.TransformerWeights.Layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The float32 reference forward pass of StableLM and GPT-NeoX: the semantic oracle the integer engine is
 * checked against. Plain and slow on purpose. Activations are float32 between steps; dot products, LayerNorm
 * statistics, softmax and activations accumulate in double (so results are a little more accurate than
 * PyTorch's float32, not bit-identical to anything). Not thread-safe per {@link State}; the model itself is
 * immutable and can serve many states.
 *
 * <p>One block, d = hidden:
 * <pre>
 *   sequential:                     parallel residual:
 *     x = x + attn(ln1(x))            x = x + attn(ln1(x)) + mlp(ln(x))
 *     x = x + mlp(ln2(x))             ln = ln1 for StableLM, ln2 for GPT-NeoX
 * </pre>
 * then {@code logits = lm_head(final_norm(x))}.
 */
public final class ReferenceModel {
    private final TransformerWeights w;
    private final ModelConfig c;
    private final Attention attention;

    public ReferenceModel(TransformerWeights weights) {
        this.w = weights;
        this.c = weights.config();
        this.attention = new Attention(c);
    }

    /** Loads a (small) checkpoint directory. */
    public static ReferenceModel load(Path dir) throws IOException {
        return new ReferenceModel(Checkpoint.load(dir));
    }

    /** -log2 of {@code token}'s softmax probability over {@code logits[0, symbols)} (float reference cross-entropy). */
    public static double bits(float[] logits, int symbols, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < symbols; s++) {
            max = Math.max(max, logits[s]);
        }
        double z = 0;
        for (int s = 0; s < symbols; s++) {
            z += Math.exp(logits[s] - max);
        }
        return -((logits[token] - max) - Math.log(z)) / Math.log(2);
    }

    public ModelConfig config() {
        return c;
    }

    public TransformerWeights weights() {
        return w;
    }

    /** The KV cache of one sequence: per layer, the rotated keys and the values of every position so far. */
    public static final class State {
        private final List<List<float[]>> keys = new ArrayList<>();   // [L][pos] -> [KV*hd]
        private final List<List<float[]>> values = new ArrayList<>(); // [L][pos] -> [KV*hd]

        private State(int layers) {
            for (int i = 0; i < layers; i++) {
                keys.add(new ArrayList<>());
                values.add(new ArrayList<>());
            }
        }

        /** Tokens consumed so far (the position the next token will take). */
        public int position() {
            return keys.getFirst().size();
        }
    }

    /** An empty sequence. */
    public State newState() {
        return new State(c.numLayers());
    }

    /**
     * Feeds one token at position {@code s.position()} and returns the logits [V] predicting the token after it.
     */
    public float[] next(State s, int token) {
        int pos = s.position();
        float[] x = embed(token); // [d]
        for (int l = 0; l < c.numLayers(); l++) {
            Layer layer = w.layers().get(l);
            float[] h1 = ln1(layer, x);                                    // [d]
            s.keys.get(l).add(attention.key(layer, h1, pos));              // cache grows to pos+1 entries
            s.values.get(l).add(attention.value(layer, h1));
            float[] q = attention.query(layer, h1, pos);                   // [H*hd]
            float[] a = attention.attend(layer, q, s.keys.get(l), s.values.get(l)); // [d]
            x = residual(layer, x, h1, a);
        }
        return head(x);
    }

    /**
     * Logits at every position of a whole sequence, computed layer by layer over all positions at once
     * (not through {@link #next}, so the two paths check each other).
     *
     * @param tokens [T] token ids
     * @return [T][V]: row t predicts token t+1
     */
    public float[][] logits(int[] tokens) {
        int n = tokens.length;
        float[][] x = new float[n][]; // [T][d]
        for (int t = 0; t < n; t++) {
            x[t] = embed(tokens[t]);
        }
        for (int l = 0; l < c.numLayers(); l++) {
            Layer layer = w.layers().get(l);
            float[][] h1 = new float[n][];         // [T][d]
            List<float[]> keys = new ArrayList<>(n);   // [T][KV*hd]
            List<float[]> values = new ArrayList<>(n); // [T][KV*hd]
            for (int t = 0; t < n; t++) {
                h1[t] = ln1(layer, x[t]);
                keys.add(attention.key(layer, h1[t], t));
                values.add(attention.value(layer, h1[t]));
            }
            float[][] next = new float[n][];
            for (int t = 0; t < n; t++) {
                float[] q = attention.query(layer, h1[t], t);
                // causal: position t sees keys 0..t
                float[] a = attention.attend(layer, q, keys.subList(0, t + 1), values.subList(0, t + 1));
                next[t] = residual(layer, x[t], h1[t], a);
            }
            x = next;
        }
        float[][] out = new float[n][];
        for (int t = 0; t < n; t++) {
            out[t] = head(x[t]);
        }
        return out;
    }

    /** [d] row of the embedding. */
    private float[] embed(int token) {
        if (token < 0 || token >= c.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " outside vocabulary of " + c.vocabSize());
        }
        float[] x = new float[c.hiddenSize()];
        System.arraycopy(w.embedding(), token * c.hiddenSize(), x, 0, c.hiddenSize());
        return x;
    }

    private float[] ln1(Layer layer, float[] x) {
        return LayerNorm.apply(x, layer.ln1().weight(), layer.ln1().bias(), c.layerNormEps());
    }

    /**
     * The rest of a block once attention is done.
     *
     * @param x  [d] block input
     * @param h1 [d] ln1(x)
     * @param a  [d] attention output
     * @return [d] block output
     */
    private float[] residual(Layer layer, float[] x, float[] h1, float[] a) {
        int d = c.hiddenSize();
        float[] out = new float[d];
        if (c.useParallelResidual()) {
            // StableLM feeds the MLP ln1(x) (it has no post_attention_layernorm); GPT-NeoX feeds it ln2(x)
            float[] mIn = layer.ln2() == null ? h1 : LayerNorm.apply(x, layer.ln2().weight(), layer.ln2().bias(), c.layerNormEps());
            float[] m = FeedForward.apply(c, layer.mlp(), mIn);
            for (int i = 0; i < d; i++) {
                out[i] = (float) ((double) x[i] + a[i] + m[i]);
            }
        } else {
            float[] mid = new float[d];
            for (int i = 0; i < d; i++) {
                mid[i] = x[i] + a[i];
            }
            float[] m = FeedForward.apply(c, layer.mlp(), LayerNorm.apply(mid, layer.ln2().weight(), layer.ln2().bias(), c.layerNormEps()));
            for (int i = 0; i < d; i++) {
                out[i] = mid[i] + m[i];
            }
        }
        return out;
    }

    /** [d] last hidden state -> [V] logits. */
    private float[] head(float[] x) {
        float[] xn = LayerNorm.apply(x, w.finalNorm().weight(), w.finalNorm().bias(), c.layerNormEps());
        return Linear.apply(w.lmHead(), null, xn, c.vocabSize(), c.hiddenSize());
    }
}
