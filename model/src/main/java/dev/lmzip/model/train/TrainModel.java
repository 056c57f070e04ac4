package dev.lmzip.model.train;

import dev.lmzip.model.hf.Architecture;
import dev.lmzip.model.hf.HfNames;
import dev.lmzip.model.hf.ModelConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A StableLM decoder (transformers' StableLmForCausalLM with use_parallel_residual=false, use_qkv_bias=false,
 * qk_layernorm=false, num_key_value_heads=num_attention_heads) in float32 for training: token embedding; per layer
 * LayerNorm, causal self-attention (q/k/v/o without biases, NeoX rotary on the first rotaryDims of each head),
 * residual, LayerNorm, SwiGLU MLP {@code down(silu(gate x) * up x)}, residual; final LayerNorm; untied lm_head.
 * Attention and positions restart at every document boundary given by {@code segStart}.
 */
public final class TrainModel {
    public final ModelConfig config;
    final int V, d, F, nLayers, H, hd;
    final float eps;
    final List<Param> params = new ArrayList<>();
    final Param emb, lnfW, lnfB, lmHead;
    final Layer[] layers;

    static final class Layer {
        Param ln1w, ln1b, q, k, v, o, ln2w, ln2b, gate, up, down;
    }

    private TrainModel(ModelConfig c) {
        if (c.architecture() != Architecture.STABLELM || c.useParallelResidual() || c.useQkvBias() || c.qkLayernorm()
                || c.numKvHeads() != c.numHeads() || c.tieWordEmbeddings()) {
            throw new IllegalArgumentException("the trainer supports StableLM without parallel residual, qkv bias, "
                    + "qk layernorm, grouped-query attention or tied embeddings");
        }
        this.config = c;
        V = c.vocabSize();
        d = c.hiddenSize();
        F = c.intermediateSize();
        nLayers = c.numLayers();
        H = c.numHeads();
        hd = c.headDim();
        eps = (float) c.layerNormEps();
        Architecture a = Architecture.STABLELM;
        emb = add(HfNames.embedding(a), V, d, false, false);
        layers = new Layer[nLayers];
        for (int i = 0; i < nLayers; i++) {
            String p = HfNames.layer(a, i);
            Layer l = new Layer();
            l.ln1w = add(p + HfNames.LN1 + "weight", 1, d, false, false);
            l.ln1b = add(p + HfNames.LN1 + "bias", 1, d, false, false);
            l.q = add(p + HfNames.SL_Q + "weight", d, d, true, true);
            l.k = add(p + HfNames.SL_K + "weight", d, d, true, true);
            l.v = add(p + HfNames.SL_V + "weight", d, d, true, true);
            l.o = add(p + HfNames.SL_O + "weight", d, d, true, true);
            l.ln2w = add(p + HfNames.LN2 + "weight", 1, d, false, false);
            l.ln2b = add(p + HfNames.LN2 + "bias", 1, d, false, false);
            l.gate = add(p + HfNames.SL_GATE, F, d, true, true);
            l.up = add(p + HfNames.SL_UP, F, d, true, true);
            l.down = add(p + HfNames.SL_DOWN, d, F, true, true);
            layers[i] = l;
        }
        lnfW = add(HfNames.finalNorm(a) + "weight", 1, d, false, false);
        lnfB = add(HfNames.finalNorm(a) + "bias", 1, d, false, false);
        lmHead = add(HfNames.lmHead(a), V, d, true, true);
    }

    private Param add(String name, int rows, int cols, boolean decay, boolean transposed) {
        Param p = new Param(name, rows, cols, decay, transposed);
        params.add(p);
        return p;
    }

    /** A model with all parameters zero (to be filled by {@link #initialize} or a checkpoint). */
    public static TrainModel empty(ModelConfig c) {
        return new TrainModel(c);
    }

    /**
     * GPT-2 style initialisation: normal(0, std) for embeddings and matrices, std / sqrt(2 layers) for the
     * residual output projections (o_proj, down_proj), LayerNorm weight 1 and bias 0.
     */
    public static TrainModel initialize(ModelConfig c, long seed, double std) {
        TrainModel m = new TrainModel(c);
        SplittableRandom r = new SplittableRandom(seed);
        double resid = std / Math.sqrt(2.0 * c.numLayers());
        for (Param p : m.params) {
            if (p.rows == 1) {
                Arrays.fill(p.w, p.name.endsWith("weight") ? 1f : 0f);
            } else {
                double s = p.name.contains("o_proj") || p.name.contains("down_proj") ? resid : std;
                for (int i = 0; i < p.w.length; i++) {
                    p.w[i] = (float) (gaussian(r) * s);
                }
            }
        }
        return m;
    }

    /** Box-Muller with StrictMath (bit-identical everywhere, unlike nextGaussian's intrinsics-dependent tail). */
    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble(), u2 = r.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    public List<Param> params() {
        return params;
    }

    public long parameterCount() {
        return params.stream().mapToLong(Param::size).sum();
    }

    public void zeroGrad() {
        for (Param p : params) {
            Arrays.fill(p.g, 0f);
        }
    }

    /** Refreshes the transposed weight copies; call after every change of the weights. */
    public void weightsChanged() {
        for (Param p : params) {
            p.refreshTransposed();
        }
    }

    // ------------------------------------------------------------------ activations

    /** Saved activations and scratch for batches of B sequences of S tokens. */
    public final class Activations {
        final int B, S, T;
        final float[][] xs, xn1, mean1, rstd1, q, k, v, probs, ctx, xmid, xn2, mean2, rstd2, g, u, h;
        final float[] xnf, meanf, rstdf, logits, loss;
        final float[] dx, dtmp, dxn, dctx, dq, dk, dv, dh, dg, du;
        final Ops.RotaryTables rot;

        Activations(int B, int S) {
            this.B = B;
            this.S = S;
            this.T = B * S;
            int n = nLayers;
            xs = new float[n + 1][T * d];
            xn1 = new float[n][T * d];
            mean1 = new float[n][T];
            rstd1 = new float[n][T];
            q = new float[n][T * d];
            k = new float[n][T * d];
            v = new float[n][T * d];
            probs = new float[n][B * H * S * S];
            ctx = new float[n][T * d];
            xmid = new float[n][T * d];
            xn2 = new float[n][T * d];
            mean2 = new float[n][T];
            rstd2 = new float[n][T];
            g = new float[n][T * F];
            u = new float[n][T * F];
            h = new float[n][T * F];
            xnf = new float[T * d];
            meanf = new float[T];
            rstdf = new float[T];
            logits = new float[T * V];
            loss = new float[T];
            dx = new float[T * d];
            dtmp = new float[T * d];
            dxn = new float[T * d];
            dctx = new float[T * d];
            dq = new float[T * d];
            dk = new float[T * d];
            dv = new float[T * d];
            dh = new float[T * F];
            dg = new float[T * F];
            du = new float[T * F];
            rot = Ops.RotaryTables.of(hd, config.rotaryDims(), config.ropeTheta(), S);
        }

        /** Per-row loss in nats of the last forward (0 for ignored rows). */
        public float[] rowLoss() {
            return loss;
        }
    }

    public Activations activations(int B, int S) {
        return new Activations(B, S);
    }

    /** Activation bytes for B x S (for logging). */
    public long activationBytes(int B, int S) {
        long T = (long) B * S;
        long perLayer = T * d * 9 + T * 4 + (long) B * H * S * S + T * F * 3;
        return 4 * (perLayer * nLayers + T * d * 9 + T * V + T * F * 3 + T * 3);
    }

    // ------------------------------------------------------------------ forward / backward

    /**
     * Forward pass, then (if {@code backward}) the backward pass accumulating into the gradients.
     *
     * @param ids       [B*S] input tokens
     * @param targets   [B*S] next tokens, negative to ignore
     * @param segStart  [B*S] index (within its sequence) of the first token of each row's document
     * @param pos       [B*S] position of each row within its document
     * @param gradScale d(objective)/d(row loss), e.g. 1 / number of targets in the optimizer step
     * @return the summed loss in nats over the rows with targets
     */
    public double step(Par par, Activations a, int[] ids, int[] targets, int[] segStart, int[] pos,
                       float gradScale, boolean backward) {
        int T = a.T, B = a.B, S = a.S;
        Ops.embed(par, emb.w, ids, a.xs[0], T, d);
        for (int li = 0; li < nLayers; li++) {
            Layer l = layers[li];
            float[] x = a.xs[li];
            Ops.layerNorm(par, x, l.ln1w.w, l.ln1b.w, eps, a.xn1[li], a.mean1[li], a.rstd1[li], T, d);
            linear(par, a.xn1[li], l.q, a.q[li], T);
            linear(par, a.xn1[li], l.k, a.k[li], T);
            linear(par, a.xn1[li], l.v, a.v[li], T);
            Ops.rotary(par, a.q[li], pos, a.rot, T, H, false);
            Ops.rotary(par, a.k[li], pos, a.rot, T, H, false);
            Ops.attention(par, a.q[li], a.k[li], a.v[li], segStart, a.probs[li], a.ctx[li], B, S, H, hd);
            float[] xm = a.xmid[li];
            linear(par, a.ctx[li], l.o, xm, T);
            add(par, xm, x);
            Ops.layerNorm(par, xm, l.ln2w.w, l.ln2b.w, eps, a.xn2[li], a.mean2[li], a.rstd2[li], T, d);
            linear(par, a.xn2[li], l.gate, a.g[li], T);
            linear(par, a.xn2[li], l.up, a.u[li], T);
            Ops.swiglu(par, a.g[li], a.u[li], a.h[li], T * F);
            float[] out = a.xs[li + 1];
            linear(par, a.h[li], l.down, out, T);
            add(par, out, xm);
        }
        Ops.layerNorm(par, a.xs[nLayers], lnfW.w, lnfB.w, eps, a.xnf, a.meanf, a.rstdf, T, d);
        linear(par, a.xnf, lmHead, a.logits, T);
        if (targets == null) {
            return Double.NaN; // logits only (a.logits)
        }
        Ops.crossEntropy(par, a.logits, targets, gradScale, a.loss, T, V);
        double total = 0;
        for (int t = 0; t < T; t++) {
            total += a.loss[t];
        }
        if (!backward) {
            return total;
        }
        // lm_head and final norm
        float[] dlogits = a.logits;
        Gemm.mul(par, dlogits, 0, V, 1, lmHead.w, 0, d, a.dxn, 0, d, T, d, V, false);
        Gemm.mul(par, dlogits, 0, 1, V, a.xnf, 0, d, lmHead.g, 0, d, V, d, T, true);
        Ops.layerNormBackward(par, a.xs[nLayers], lnfW.w, a.meanf, a.rstdf, a.dxn, a.dx, lnfW.g, lnfB.g, T, d);
        for (int li = nLayers - 1; li >= 0; li--) {
            Layer l = layers[li];
            // MLP
            linearBackward(par, a.dx, l.down, a.h[li], a.dh, T, false);
            Ops.swigluBackward(par, a.g[li], a.u[li], a.dh, a.dg, a.du, T * F);
            linearBackward(par, a.dg, l.gate, a.xn2[li], a.dxn, T, false);
            linearBackward(par, a.du, l.up, a.xn2[li], a.dxn, T, true);
            Ops.layerNormBackward(par, a.xmid[li], l.ln2w.w, a.mean2[li], a.rstd2[li], a.dxn, a.dtmp, l.ln2w.g, l.ln2b.g, T, d);
            add(par, a.dx, a.dtmp);
            // attention
            linearBackward(par, a.dx, l.o, a.ctx[li], a.dctx, T, false);
            Ops.attentionBackward(par, a.q[li], a.k[li], a.v[li], a.probs[li], a.dctx, a.dq, a.dk, a.dv, B, S, H, hd);
            Ops.rotary(par, a.dq, pos, a.rot, T, H, true);
            Ops.rotary(par, a.dk, pos, a.rot, T, H, true);
            linearBackward(par, a.dq, l.q, a.xn1[li], a.dxn, T, false);
            linearBackward(par, a.dk, l.k, a.xn1[li], a.dxn, T, true);
            linearBackward(par, a.dv, l.v, a.xn1[li], a.dxn, T, true);
            Ops.layerNormBackward(par, a.xs[li], l.ln1w.w, a.mean1[li], a.rstd1[li], a.dxn, a.dtmp, l.ln1w.g, l.ln1b.g, T, d);
            add(par, a.dx, a.dtmp);
        }
        Ops.embedBackward(par, ids, a.dx, emb.g, T, d);
        return total;
    }

    /**
     * Logits of one sequence with positions 0..n-1 and no document resets: [n][V], row t predicting token t+1
     * (what {@code ReferenceModel.logits} computes, for cross-checks).
     */
    public float[][] logits(Par par, int[] tokens) {
        int n = tokens.length;
        Activations a = new Activations(1, n);
        int[] seg = new int[n], pos = new int[n];
        for (int t = 0; t < n; t++) {
            pos[t] = t;
        }
        weightsChanged();
        step(par, a, tokens, null, seg, pos, 0f, false);
        float[][] out = new float[n][];
        for (int t = 0; t < n; t++) {
            out[t] = java.util.Arrays.copyOfRange(a.logits, t * V, (t + 1) * V);
        }
        return out;
    }

    /** {@code y[T][rows] = x[T][cols] W^T}. */
    private static void linear(Par par, float[] x, Param w, float[] y, int T) {
        Gemm.mul(par, x, 0, w.cols, 1, w.wt, 0, w.rows, y, 0, w.rows, T, w.rows, w.cols, false);
    }

    /** {@code dx (+)= dy W}; {@code dW += dy^T x}. */
    private static void linearBackward(Par par, float[] dy, Param w, float[] x, float[] dx, int T, boolean accumulate) {
        Gemm.mul(par, dy, 0, w.rows, 1, w.w, 0, w.cols, dx, 0, w.cols, T, w.cols, w.rows, accumulate);
        Gemm.mul(par, dy, 0, 1, w.rows, x, 0, w.cols, w.g, 0, w.cols, w.rows, w.cols, T, true);
    }

    private static void add(Par par, float[] y, float[] x) {
        par.forRange(y.length, 4096, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                y[i] += x[i];
            }
        });
    }
}
