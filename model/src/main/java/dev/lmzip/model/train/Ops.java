package dev.lmzip.model.train;

/**
 * Forward and hand-written backward passes of the layers of a StableLM decoder, on row-major activations
 * {@code [T][n]} (T = batch x sequence rows). Each backward is checked against finite differences in
 * {@code OpsGradientTest}. Reductions over rows (parameter gradients) run on one thread in row order.
 */
public final class Ops {
    private static final jdk.incubator.vector.VectorSpecies<Float> SP = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;

    private Ops() {
    }

    /**
     * {@code a[i] = exp(a[i] * scale - shift)} for i in [from, to); returns the sum (in a fixed lane order).
     */
    static float expShift(float[] a, int from, int to, float scale, float shift) {
        jdk.incubator.vector.FloatVector acc = jdk.incubator.vector.FloatVector.zero(SP);
        int i = from;
        int L = SP.length();
        for (; i + L <= to; i += L) {
            jdk.incubator.vector.FloatVector x = jdk.incubator.vector.FloatVector.fromArray(SP, a, i)
                    .mul(scale).sub(shift);
            x = FastMath.exp(x);
            x.intoArray(a, i);
            acc = acc.add(x);
        }
        float sum = 0;
        for (int l = 0; l < L; l++) {
            sum += acc.lane(l); // fixed order: reduceLanes may reassociate differently when intrinsified
        }
        for (; i < to; i++) {
            float e = FastMath.exp(a[i] * scale - shift);
            a[i] = e;
            sum += e;
        }
        return sum;
    }

    // ------------------------------------------------------------------ LayerNorm

    /** {@code y = (x - mean) / sqrt(var + eps) * w + b} per row; saves mean and 1/std per row. */
    public static void layerNorm(Par par, float[] x, float[] w, float[] b, float eps, float[] y,
                                 float[] mean, float[] rstd, int T, int n) {
        par.forRange(T, 16, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int o = t * n;
                float mu = 0;
                for (int i = 0; i < n; i++) {
                    mu += x[o + i];
                }
                mu /= n;
                float var = 0;
                for (int i = 0; i < n; i++) {
                    float d = x[o + i] - mu;
                    var += d * d;
                }
                var /= n;
                float r = (float) (1.0 / Math.sqrt(var + eps));
                mean[t] = mu;
                rstd[t] = r;
                for (int i = 0; i < n; i++) {
                    y[o + i] = (x[o + i] - mu) * r * w[i] + b[i];
                }
            }
        });
    }

    /**
     * Backward of {@link #layerNorm}: {@code dx = rstd (dy w - mean(dy w) - xhat mean(dy w xhat))} (written, not
     * added), {@code dw += sum_t dy xhat}, {@code db += sum_t dy}.
     */
    public static void layerNormBackward(Par par, float[] x, float[] w, float[] mean, float[] rstd, float[] dy,
                                         float[] dx, float[] dw, float[] db, int T, int n) {
        par.forRange(T, 16, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int o = t * n;
                float mu = mean[t], r = rstd[t];
                float s1 = 0, s2 = 0;
                for (int i = 0; i < n; i++) {
                    float g = dy[o + i] * w[i];
                    float xh = (x[o + i] - mu) * r;
                    s1 += g;
                    s2 += g * xh;
                }
                s1 /= n;
                s2 /= n;
                for (int i = 0; i < n; i++) {
                    float xh = (x[o + i] - mu) * r;
                    dx[o + i] = r * (dy[o + i] * w[i] - s1 - xh * s2);
                }
            }
        });
        // parameter gradients: split by columns, each column summed over rows in order
        par.forRange(n, 16, (i0, i1) -> {
            for (int t = 0; t < T; t++) {
                int o = t * n;
                float mu = mean[t], r = rstd[t];
                for (int i = i0; i < i1; i++) {
                    dw[i] += dy[o + i] * (x[o + i] - mu) * r;
                    db[i] += dy[o + i];
                }
            }
        });
    }

    // ------------------------------------------------------------------ rotary

    /** cos/sin tables [maxPos][rot/2] for NeoX rotate_half with {@code theta^(-2i/rot)}. */
    public record RotaryTables(int headDim, int rot, float[] cos, float[] sin) {
        public static RotaryTables of(int headDim, int rot, double theta, int maxPos) {
            int half = rot / 2;
            float[] c = new float[maxPos * half], s = new float[maxPos * half];
            for (int i = 0; i < half; i++) {
                float invFreq = (float) (1.0 / StrictMath.pow(theta, (2.0 * i) / rot));
                for (int p = 0; p < maxPos; p++) {
                    float ang = p * invFreq;
                    c[p * half + i] = (float) StrictMath.cos(ang);
                    s[p * half + i] = (float) StrictMath.sin(ang);
                }
            }
            return new RotaryTables(headDim, rot, c, s);
        }
    }

    /**
     * Rotates the first {@code rot} dims of every head of every row in place, row t at position {@code pos[t]}:
     * {@code x'[i] = x[i] cos - x[i+h] sin, x'[i+h] = x[i+h] cos + x[i] sin}. With {@code inverse} the angle is
     * negated, which is the backward pass (the rotation is orthogonal).
     */
    public static void rotary(Par par, float[] x, int[] pos, RotaryTables rt, int T, int heads, boolean inverse) {
        int hd = rt.headDim(), half = rt.rot() / 2, d = heads * hd;
        float sign = inverse ? -1f : 1f;
        par.forRange(T, 16, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int p = pos[t] * half;
                for (int h = 0; h < heads; h++) {
                    int o = t * d + h * hd;
                    for (int i = 0; i < half; i++) {
                        float c = rt.cos()[p + i], s = sign * rt.sin()[p + i];
                        float x1 = x[o + i], x2 = x[o + i + half];
                        x[o + i] = x1 * c - x2 * s;
                        x[o + i + half] = x2 * c + x1 * s;
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------ attention

    /**
     * Causal attention with document resets. Rows are B sequences of S; row i of a sequence attends to keys
     * {@code [segStart[i], i]} (indices within the sequence). q, k, v, ctx are [B*S][H*hd]; q and k already rotated.
     *
     * @param probs [B*H][S][S] softmax probabilities, saved for the backward (zero outside the mask)
     */
    public static void attention(Par par, float[] q, float[] k, float[] v, int[] segStart, float[] probs, float[] ctx,
                                 int B, int S, int H, int hd) {
        int d = H * hd;
        float scale = (float) (1.0 / Math.sqrt(hd));
        par.forRange(B * H, (i0, i1) -> {
            float[] kt = new float[hd * S];
            for (int bh = i0; bh < i1; bh++) {
                int b = bh / H, h = bh % H;
                int base = b * S * d + h * hd;
                for (int j = 0; j < S; j++) {
                    for (int c = 0; c < hd; c++) {
                        kt[c * S + j] = k[base + j * d + c];
                    }
                }
                int po = bh * S * S;
                // scores = Q K^T
                Gemm.rows(q, base, d, 1, kt, 0, S, probs, po, S, 0, S, S, hd, false);
                for (int i = 0; i < S; i++) {
                    int row = po + i * S, lo = segStart[b * S + i];
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = lo; j <= i; j++) {
                        max = Math.max(max, probs[row + j] * scale);
                    }
                    float sum = expShift(probs, row + lo, row + i + 1, scale, max);
                    float inv = 1f / sum;
                    for (int j = 0; j < lo; j++) {
                        probs[row + j] = 0;
                    }
                    for (int j = lo; j <= i; j++) {
                        probs[row + j] *= inv;
                    }
                    for (int j = i + 1; j < S; j++) {
                        probs[row + j] = 0;
                    }
                }
                // ctx = P V
                Gemm.rows(probs, po, S, 1, v, base, d, ctx, base, d, 0, S, hd, S, false);
            }
        });
    }

    /** Backward of {@link #attention}: writes dq, dk, dv (gradients w.r.t. the rotated q and k). */
    public static void attentionBackward(Par par, float[] q, float[] k, float[] v, float[] probs, float[] dctx,
                                         float[] dq, float[] dk, float[] dv, int B, int S, int H, int hd) {
        int d = H * hd;
        float scale = (float) (1.0 / Math.sqrt(hd));
        par.forRange(B * H, (i0, i1) -> {
            float[] vt = new float[hd * S];
            float[] ds = new float[S * S];
            for (int bh = i0; bh < i1; bh++) {
                int b = bh / H, h = bh % H;
                int base = b * S * d + h * hd;
                int po = bh * S * S;
                for (int j = 0; j < S; j++) {
                    for (int c = 0; c < hd; c++) {
                        vt[c * S + j] = v[base + j * d + c];
                    }
                }
                // dP = dctx V^T
                Gemm.rows(dctx, base, d, 1, vt, 0, S, ds, 0, S, 0, S, S, hd, false);
                // dV = P^T dctx
                Gemm.rows(probs, po, 1, S, dctx, base, d, dv, base, d, 0, S, hd, S, false);
                // dS = P (dP - sum_j P dP) * scale
                for (int i = 0; i < S; i++) {
                    int row = i * S;
                    float dot = 0;
                    for (int j = 0; j <= i; j++) {
                        dot += probs[po + row + j] * ds[row + j];
                    }
                    for (int j = 0; j < S; j++) {
                        float p = probs[po + row + j];
                        ds[row + j] = p == 0 ? 0 : p * (ds[row + j] - dot) * scale;
                    }
                }
                // dQ = dS K ; dK = dS^T Q
                Gemm.rows(ds, 0, S, 1, k, base, d, dq, base, d, 0, S, hd, S, false);
                Gemm.rows(ds, 0, 1, S, q, base, d, dk, base, d, 0, S, hd, S, false);
            }
        });
    }

    // ------------------------------------------------------------------ SwiGLU

    /** {@code h = silu(g) * u} elementwise. */
    public static void swiglu(Par par, float[] g, float[] u, float[] h, int n) {
        par.forRange(n, 1024, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float x = g[i];
                h[i] = x / (1f + FastMath.exp(-x)) * u[i];
            }
        });
    }

    /** Backward of {@link #swiglu}: writes dg and du. dg may alias g (g is read first). */
    public static void swigluBackward(Par par, float[] g, float[] u, float[] dh, float[] dg, float[] du, int n) {
        par.forRange(n, 1024, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float x = g[i];
                float sig = 1f / (1f + FastMath.exp(-x));
                float silu = x * sig;
                float dsilu = sig * (1f + x * (1f - sig));
                float gu = dh[i];
                du[i] = gu * silu;
                dg[i] = gu * u[i] * dsilu;
            }
        });
    }

    // ------------------------------------------------------------------ embedding

    public static void embed(Par par, float[] table, int[] ids, float[] x, int T, int d) {
        par.forRange(T, 64, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                System.arraycopy(table, ids[t] * d, x, t * d, d);
            }
        });
    }

    /** {@code dTable[ids[t]] += dx[t]}, rows in order, split across threads by columns. */
    public static void embedBackward(Par par, int[] ids, float[] dx, float[] dTable, int T, int d) {
        par.forRange(d, 16, (c0, c1) -> {
            for (int t = 0; t < T; t++) {
                int o = ids[t] * d, p = t * d;
                for (int c = c0; c < c1; c++) {
                    dTable[o + c] += dx[p + c];
                }
            }
        });
    }

    // ------------------------------------------------------------------ cross-entropy

    /**
     * Softmax cross-entropy of each row of {@code logits} [T][V] against {@code targets} (negative: ignored).
     * Replaces logits by {@code (softmax - onehot) * gradScale} (zero for ignored rows); returns per-row loss in
     * nats (0 for ignored rows) in {@code loss}.
     */
    public static void crossEntropy(Par par, float[] logits, int[] targets, float gradScale, float[] loss, int T, int V) {
        par.forRange(T, 8, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int o = t * V;
                if (targets[t] < 0) {
                    java.util.Arrays.fill(logits, o, o + V, 0f);
                    loss[t] = 0;
                    continue;
                }
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < V; i++) {
                    max = Math.max(max, logits[o + i]);
                }
                int y = targets[t];
                float ly = logits[o + y];
                float sum = expShift(logits, o, o + V, 1f, max);
                loss[t] = (float) (StrictMath.log(sum) - (ly - max));
                float inv = (float) (gradScale / sum);
                for (int i = 0; i < V; i++) {
                    logits[o + i] *= inv;
                }
                logits[o + y] -= gradScale;
            }
        });
    }
}
