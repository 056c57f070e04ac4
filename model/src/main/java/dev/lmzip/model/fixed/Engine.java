package dev.lmzip.model.fixed;

import java.lang.foreign.ValueLayout;

/**
 * The fixed-point forward pass: integer arithmetic only from token ids to the next-token weights.
 * Activations and the residual stream are int32 in Q12; matrix inputs are quantized per row to
 * int8 with their absolute maximum as scale; weights are int8 per output row. Every row (one token
 * of one segment) is computed independently of the others, so batch size, thread count and
 * kernel choice cannot change a result, and evaluating a prefix at once equals evaluating it token
 * by token. docs/model-format.md, "Arithmetic", states each step.
 */
public final class Engine implements ForwardEngine {
    /** Q12 absolute maxima of q, k and v rows saturate here (1024.0), which keeps attention sums in 64 bits. */
    public static final int QKV_MAX = 1 << 22;
    /** 1/sqrt(head_dim) in Q30. */
    private final long invSqrtHeadDimQ30;

    private final QuantizedModel model;
    private final ModelShape s;
    private final Int8Kernels kernels;
    private final Parallel parallel;
    private final Tables.Rotary rotary;
    /**
     * Every matrix the engine multiplies, in panels, made on first use (an engine that only runs
     * {@link #headWeights}, as the GPU engine's, copies no layer); the model keeps its file layout.
     */
    private final LayerPanels[] panels;
    private PanelLinear lmHead;
    /** Stops the worker threads when an engine nobody closed becomes unreachable (predictors do not own theirs). */
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
    private final java.lang.ref.Cleaner.Cleanable cleanable;

    public Engine(QuantizedModel model, Int8Kernels kernels, int threads) {
        this.model = model;
        this.s = model.shape();
        this.kernels = kernels;
        this.parallel = new Parallel(threads);
        Parallel p = parallel; // the cleaning action must not capture this engine
        this.cleanable = CLEANER.register(this, p::close);
        this.rotary = Tables.Rotary.of(s.maxPositions(), s.rotaryDims(), s.ropeTheta());
        this.invSqrtHeadDimQ30 = invSqrtHeadDimQ30(s.headDim());
        this.panels = new LayerPanels[s.layers()];
    }

    private synchronized LayerPanels panels(int l) {
        if (panels[l] == null) {
            panels[l] = LayerPanels.of(model.layers()[l]);
        }
        return panels[l];
    }

    /** One layer's matrices in panels ({@code gate} is null in a GELU MLP). */
    private record LayerPanels(PanelLinear q, PanelLinear k, PanelLinear v, PanelLinear o,
                               PanelLinear gate, PanelLinear up, PanelLinear down) {
        static LayerPanels of(QuantizedModel.Layer w) {
            return new LayerPanels(PanelLinear.of(w.q()), PanelLinear.of(w.k()), PanelLinear.of(w.v()), PanelLinear.of(w.o()),
                    w.mlpGate() == null ? null : PanelLinear.of(w.mlpGate()), PanelLinear.of(w.mlpUp()),
                    PanelLinear.of(w.mlpDown()));
        }
    }

    /** round(2^30 / sqrt(headDim)), the attention scale (shared with the GPU engine). */
    public static long invSqrtHeadDimQ30(int headDim) {
        return StrictMath.round((1L << 30) / StrictMath.sqrt(headDim));
    }

    @Override
    public ModelShape shape() {
        return s;
    }

    @Override
    public String kernelName() {
        return kernels.name();
    }

    public Int8Kernels kernels() {
        return kernels;
    }

    @Override
    public KvCache newCache(int capacity) {
        if (capacity < 1 || capacity > s.maxPositions()) {
            throw new IllegalArgumentException("cache capacity " + capacity + " outside [1, " + s.maxPositions() + "]");
        }
        return new KvCache(s, capacity);
    }

    /**
     * Runs {@code n} rows: row {@code i} feeds {@code tokens[i]} at position {@code caches[i].length}
     * (rows of one cache must be consecutive and in order) and appends its keys and values. For
     * every row with {@code weightsOut[i] != null}, fills it with the next-token weights
     * ({@code e^(logit - max)} in Q30, each below 2^31).
     */
    @Override
    public void forward(SequenceCache[] caches, int[] tokens, int n, int[][] weightsOut) {
        run(kvCaches(caches, n), tokens, n, weightsOut, false);
    }

    @Override
    public void forwardHidden(SequenceCache[] caches, int[] tokens, int n, int[][] hiddenOut) {
        run(kvCaches(caches, n), tokens, n, hiddenOut, true);
    }

    private static KvCache[] kvCaches(SequenceCache[] caches, int n) {
        KvCache[] kv = new KvCache[n];
        for (int i = 0; i < n; i++) {
            kv[i] = (KvCache) caches[i];
        }
        return kv;
    }

    @Override
    public synchronized PanelLinear lmHead() {
        if (lmHead == null) {
            lmHead = PanelLinear.of(model.lmHead());
        }
        return lmHead;
    }

    @Override
    public void headWeights(PanelLinear head, int[] hidden, int[] weightsOut) {
        if (head.rows() != s.vocab() || head.cols() != s.hidden() || hidden.length != s.hidden()) {
            throw new IllegalArgumentException("head " + head.rows() + "x" + head.cols() + " for hidden " + hidden.length);
        }
        weights(linear(head, hidden, 1), 0, weightsOut);
    }

    /** As {@link #forward(SequenceCache[], int[], int, int[][])} with this engine's own caches. */
    public void forward(KvCache[] caches, int[] tokens, int n, int[][] weightsOut) {
        run(caches, tokens, n, weightsOut, false);
    }

    /** The rows' forward pass; rows with {@code out[i] != null} get weights, or the final hidden state when {@code hidden}. */
    private void run(KvCache[] caches, int[] tokens, int n, int[][] out, boolean hidden) {
        int d = s.hidden();
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            KvCache c = caches[i];
            pos[i] = c.length;
            c.length++;
            if (c.length > c.capacity) {
                throw new IllegalStateException("KV cache full at " + c.capacity + " positions");
            }
            if (tokens[i] < 0 || tokens[i] >= s.vocab()) {
                throw new IllegalArgumentException("token " + tokens[i] + " outside the vocabulary of " + s.vocab());
            }
        }
        int[] h = new int[n * d];
        embed(tokens, n, h);
        for (int l = 0; l < s.layers(); l++) {
            layer(l, model.layers()[l], caches, pos, n, h);
        }
        // the final norm and logits only for the rows that want them
        int want = 0;
        for (int i = 0; i < n; i++) {
            if (out[i] != null) {
                want++;
            }
        }
        if (want == 0) {
            return;
        }
        int[] rows = new int[want * d];
        int[] which = new int[want];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (out[i] != null) {
                System.arraycopy(h, i * d, rows, j * d, d);
                which[j++] = i;
            }
        }
        int[] normed = new int[want * d];
        for (int r = 0; r < want; r++) {
            layerNorm(rows, r * d, d, model.finalNorm(), normed, r * d);
        }
        if (hidden) {
            for (int r = 0; r < want; r++) {
                System.arraycopy(normed, r * d, out[which[r]], 0, d);
            }
            return;
        }
        int[] logits = linear(lmHead(), normed, want);
        for (int r = 0; r < want; r++) {
            weights(logits, r * s.vocab(), out[which[r]]);
        }
    }

    /** {@code e^(logit - max)} in Q30 of the logits at {@code at}. */
    private void weights(int[] logits, int at, int[] out) {
        int v = s.vocab();
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, logits[at + i]);
        }
        long top = max;
        parallel.forRange(v, 256, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = Tables.expQ30(logits[at + i] - top);
            }
        });
    }

    private void embed(int[] tokens, int n, int[] h) {
        QLinear e = model.embedding();
        int d = s.hidden();
        for (int i = 0; i < n; i++) {
            long row = (long) tokens[i] * d;
            int mult = e.mult()[tokens[i]];
            int shift = e.shift()[tokens[i]] - Fixed.ACT_FRAC;
            for (int c = 0; c < d; c++) {
                long q = e.weights().get(ValueLayout.JAVA_BYTE, row + c);
                h[i * d + c] = Fixed.saturate(shift >= 1 ? Fixed.mulShrRound(q, mult, shift) : (q * mult) << -shift);
            }
        }
    }

    private void layer(int l, QuantizedModel.Layer w, KvCache[] caches, int[] pos, int n, int[] h) {
        int d = s.hidden();
        int[] x1 = new int[n * d];
        for (int i = 0; i < n; i++) {
            layerNorm(h, i * d, d, w.norm1(), x1, i * d);
        }
        int[] attn = attention(l, w, x1, caches, pos, n);
        if (!s.parallelResidual()) {
            add(h, attn);
            int[] x2 = new int[n * d];
            for (int i = 0; i < n; i++) {
                layerNorm(h, i * d, d, w.norm2(), x2, i * d);
            }
            add(h, mlp(l, x2, n));
            return;
        }
        int[] mlpIn = x1;
        if (s.architecture() == ModelShape.Architecture.GPT_NEOX) {
            mlpIn = new int[n * d];
            for (int i = 0; i < n; i++) {
                layerNorm(h, i * d, d, w.norm2(), mlpIn, i * d);
            }
        }
        int[] m = mlp(l, mlpIn, n);
        add(h, attn);
        add(h, m);
    }

    private static void add(int[] h, int[] delta) {
        for (int i = 0; i < h.length; i++) {
            h[i] = Fixed.saturate((long) h[i] + delta[i]);
        }
    }

    // ---- attention ---------------------------------------------------------------------------

    private int[] attention(int l, QuantizedModel.Layer w, int[] x, KvCache[] caches, int[] pos, int n) {
        int d = s.hidden();
        int hd = s.headDim();
        int kvDim = s.kvDim();
        byte[] x8 = new byte[n * d];
        int[] xMax = new int[n];
        quantizeRows(x, n, d, x8, xMax, Integer.MAX_VALUE);
        LayerPanels p = panels(l);
        int[][] qkv = linears(new PanelLinear[] {p.q(), p.k(), p.v()}, x8, xMax, n);
        int[] q = qkv[0];
        int[] k = qkv[1];
        int[] v = qkv[2];
        if (s.qkLayerNorm()) {
            for (int i = 0; i < n; i++) {
                for (int head = 0; head < s.heads(); head++) {
                    layerNorm(q, i * d + head * hd, hd, w.qNorms()[head], q, i * d + head * hd);
                }
                for (int head = 0; head < s.kvHeads(); head++) {
                    layerNorm(k, i * kvDim + head * hd, hd, w.kNorms()[head], k, i * kvDim + head * hd);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int head = 0; head < s.heads(); head++) {
                rotate(q, i * d + head * hd, pos[i]);
            }
            for (int head = 0; head < s.kvHeads(); head++) {
                rotate(k, i * kvDim + head * hd, pos[i]);
            }
        }
        // store keys and values, quantized per (position, kv head)
        for (int i = 0; i < n; i++) {
            KvCache c = caches[i];
            for (int head = 0; head < s.kvHeads(); head++) {
                int at = pos[i] * kvDim + head * hd;
                int scaleAt = head * c.capacity + pos[i];
                c.kMax[l][scaleAt] = quantizeSpan(k, i * kvDim + head * hd, hd, c.k8[l], at);
                c.vMax[l][scaleAt] = quantizeSpan(v, i * kvDim + head * hd, hd, c.v8[l], at);
            }
        }
        int[] out = new int[n * d];
        int groups = s.heads() / s.kvHeads();
        parallel.forRange(n * s.heads(), 1, (from, to) -> {
            byte[] q8 = new byte[hd];
            for (int t = from; t < to; t++) {
                int i = t / s.heads();
                int head = t % s.heads();
                attendOne(l, caches[i], pos[i], q, i * d + head * hd, head / groups, q8, out, i * d + head * hd);
            }
        });
        return linearFromQ12(p.o(), out, n);
    }

    /** One query head of one row against positions [0, pos] of its cache. */
    private void attendOne(int l, KvCache c, int pos, int[] q, int qAt, int kvHead, byte[] q8, int[] out, int outAt) {
        int hd = s.headDim();
        int kvDim = s.kvDim();
        int qMax = quantizeSpan(q, qAt, hd, q8, 0);
        long aq = Fixed.mulShrRound(qMax, invSqrtHeadDimQ30, 30); // Q12 of qMax / sqrt(hd)
        int len = pos + 1;
        long[] score = new long[len];
        int[] dots = new int[len];
        kernels.dotRows(q8, c.k8[l], kvHead * hd, kvDim, len, hd, dots);
        // Q12 score = dot * (qMax/127) * (kMax/127) / sqrt(hd) / 4096
        long max = kernels.scores(dots, aq, c.kMax[l], kvHead * c.capacity, len, score);
        long sum = 0;
        long[] acc = new long[hd];
        long[] coef = new long[len];
        int[] vMaxes = c.vMax[l];
        for (int j = 0; j < len; j++) {
            long e = Tables.expQ30(Math.max(score[j] - max, -(1L << 40))) >> 15; // Q15
            sum += e;
            coef[j] = e * vMaxes[kvHead * c.capacity + j]; // ≤ 2^15 * 2^22
        }
        kernels.accumulateRows(coef, c.v8[l], kvHead * hd, kvDim, len, hd, acc);
        long denom = sum * 127;
        for (int x = 0; x < hd; x++) {
            out[outAt + x] = (int) Fixed.roundDiv(acc[x], denom);
        }
    }

    /** NeoX-style rotary (rotate_half) on the first rotaryDims of one head, Q14 tables. */
    private void rotate(int[] x, int at, int pos) {
        int half = rotary.half();
        int base = pos * half;
        for (int i = 0; i < half; i++) {
            long x1 = x[at + i];
            long x2 = x[at + i + half];
            long cos = rotary.cos()[base + i];
            long sin = rotary.sin()[base + i];
            x[at + i] = Fixed.saturate(Fixed.roundDiv(x1 * cos - x2 * sin, 1L << Tables.Rotary.FRAC));
            x[at + i + half] = Fixed.saturate(Fixed.roundDiv(x2 * cos + x1 * sin, 1L << Tables.Rotary.FRAC));
        }
    }

    // ---- MLP -------------------------------------------------------------------------------------

    private int[] mlp(int l, int[] x, int n) {
        LayerPanels p = panels(l);
        int d = s.hidden();
        int m = s.intermediate();
        byte[] x8 = new byte[n * d];
        int[] xMax = new int[n];
        quantizeRows(x, n, d, x8, xMax, Integer.MAX_VALUE);
        int[] act;
        if (p.gate() != null) {
            int[][] gateUp = linears(new PanelLinear[] {p.gate(), p.up()}, x8, xMax, n);
            int[] gate = gateUp[0];
            int[] up = gateUp[1];
            act = new int[n * m];
            for (int i = 0; i < act.length; i++) {
                act[i] = Fixed.saturate(Fixed.roundDiv((long) Tables.silu(gate[i]) * up[i], Fixed.ONE));
            }
        } else {
            act = linear(p.up(), x8, xMax, n);
            for (int i = 0; i < act.length; i++) {
                act[i] = Tables.gelu(act[i]);
            }
        }
        return linearFromQ12(p.down(), act, n);
    }

    // ---- shared steps ------------------------------------------------------------------------

    private int[] linearFromQ12(PanelLinear lin, int[] x, int n) {
        byte[] x8 = new byte[n * lin.cols()];
        int[] xMax = new int[n];
        quantizeRows(x, n, lin.cols(), x8, xMax, Integer.MAX_VALUE);
        return linear(lin, x8, xMax, n);
    }

    private int[] linear(PanelLinear lin, int[] x, int n) {
        return linearFromQ12(lin, x, n);
    }

    /**
     * Q12 outputs of {@code lin} for int8 rows {@code x8} with scales {@code xMax}:
     * {@code out = round(acc * xMax * mult / (127 * 2^shift)) + bias}.
     */
    private int[] linear(PanelLinear lin, byte[] x8, int[] xMax, int n) {
        return linears(new PanelLinear[] {lin}, x8, xMax, n)[0];
    }

    /**
     * Several matrices of the same input in one parallel region (q, k, v; gate, up): a decode step
     * of a small model is short, so fewer, larger regions waste less time handing work over.
     * The epilogue runs in the same piece as its rows.
     */
    private int[][] linears(PanelLinear[] lins, byte[] x8, int[] xMax, int n) {
        int[] start = new int[lins.length + 1]; // in panels
        int[][] outs = new int[lins.length][];
        int[][] accs = new int[lins.length][];
        for (int i = 0; i < lins.length; i++) {
            start[i + 1] = start[i] + PanelLinear.panelCount(lins[i].rows());
            outs[i] = new int[n * lins[i].rows()];
            accs[i] = new int[n * lins[i].rows()];
        }
        parallel.forRange(start[lins.length], 1, (from, to) -> {
            for (int i = 0; i < lins.length; i++) {
                int lo = Math.max(from, start[i]);
                int hi = Math.min(to, start[i + 1]);
                if (lo < hi) {
                    linearPanels(lins[i], x8, xMax, n, lo - start[i], hi - start[i], accs[i], outs[i]);
                }
            }
        });
        return outs;
    }

    /** Panels {@code [p0, p1)} of {@code lin}: {@code out = round(acc * xMax * mult / (127 * 2^shift)) + bias}. */
    private void linearPanels(PanelLinear lin, byte[] x8, int[] xMax, int n, int p0, int p1, int[] acc, int[] out) {
        int rows = lin.rows();
        kernels.matmul(x8, n, lin.cols(), lin.panels(), p0, p1, rows, acc, rows);
        int from = p0 * PanelLinear.ROWS;
        int to = Math.min(rows, p1 * PanelLinear.ROWS);
        for (int b = 0; b < n; b++) {
            kernels.rescale(acc, b * rows, from, to, xMax[b], lin.mult(), lin.shift(), lin.bias(), out);
        }
    }

    /** Row-wise symmetric int8 quantization: q = round(127 x / max|x|); max saturates at {@code limit}. */
    void quantizeRows(int[] x, int n, int len, byte[] q, int[] max, int limit) {
        for (int b = 0; b < n; b++) {
            max[b] = quantizeSpan(x, b * len, len, q, b * len, limit);
        }
    }

    int quantizeSpan(int[] x, int at, int len, byte[] q, int qAt) {
        return quantizeSpan(x, at, len, q, qAt, QKV_MAX);
    }

    private int quantizeSpan(int[] x, int at, int len, byte[] q, int qAt, int limit) {
        long amax = 1;
        for (int i = 0; i < len; i++) {
            amax = Math.max(amax, Math.abs((long) x[at + i]));
        }
        amax = Math.min(amax, limit);
        kernels.quantize(x, at, len, amax, q, qAt);
        return (int) amax;
    }

    /**
     * Integer LayerNorm of {@code x[at, at+len)} into {@code out[outAt, …)} (may alias): mean and
     * variance as exact integers, the inverse standard deviation by an exact integer square root.
     */
    void layerNorm(int[] x, int at, int len, QNorm p, int[] out, int outAt) {
        long sum = 0;
        long maxAbs = 0;
        for (int i = 0; i < len; i++) {
            sum += x[at + i];
        }
        long mean = Fixed.roundDiv(sum, len);
        for (int i = 0; i < len; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(x[at + i] - mean));
        }
        // shift so that sum of squares fits: (maxAbs >> sh)^2 * len < 2^62
        int sh = 0;
        while (maxAbs >> sh > 0 && 2 * (64 - Long.numberOfLeadingZeros(maxAbs >> sh)) + (64 - Long.numberOfLeadingZeros(len)) > 61) {
            sh++;
        }
        long ss = 0;
        for (int i = 0; i < len; i++) {
            long c = (x[at + i] - mean) >> sh;
            ss += c * c;
        }
        long var = ss / len; // Q(24 - 2 sh)
        int varFrac = 2 * Fixed.ACT_FRAC - 2 * sh;
        long eps = s.epsQ40() >> (40 - varFrac);
        long v = var + Math.max(eps, 1);
        // scale v up by 4^k for precision: v' = v << 2k < 2^62
        int k = Math.max(0, (61 - (64 - Long.numberOfLeadingZeros(v))) / 2);
        long root = Fixed.isqrt(v << (2 * k)); // std * 2^(12 - sh + k)
        long inv = Long.MAX_VALUE / root; // ~2^63 / root
        int stdFrac = Fixed.ACT_FRAC - sh + k;
        // z_q12 = (x - mean) / std  =  c_q12 * 2^stdFrac / root  =  c * inv / 2^(63 - stdFrac)
        int zShift = 63 - stdFrac;
        int[] g = p.gamma();
        int[] b = p.beta();
        for (int i = 0; i < len; i++) {
            long c = x[at + i] - mean;
            long z = zShift >= 1 ? Fixed.mulShrRound(c, inv, zShift) : c * inv;
            long y = Fixed.roundDiv(z * g[i], Fixed.ONE) + (b == null ? 0 : b[i]);
            out[outAt + i] = Fixed.saturate(y);
        }
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
