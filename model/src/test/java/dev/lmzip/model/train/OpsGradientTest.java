package dev.lmzip.model.train;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hand-written backward pass against central finite differences of a random linear functional
 * {@code L = sum_i r_i y_i} of its output (float32 forward, loss accumulated in double).
 */
class OpsGradientTest {
    static final Par PAR = new Par(2);
    static final SplittableRandom R = new SplittableRandom(42);

    @AfterAll
    static void close() {
        PAR.close();
    }

    static float[] rand(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (R.nextGaussian() * scale);
        }
        return a;
    }

    static double dot(float[] r, float[] y) {
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += (double) r[i] * y[i];
        }
        return s;
    }

    /** Checks analytic gradient {@code an} of {@code loss} w.r.t. every entry of {@code x}. Returns the worst error. */
    static double check(String what, float[] x, float[] an, Supplier<Double> loss, double h, double tol) {
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            float keep = x[i];
            x[i] = (float) (keep + h);
            double up = loss.get();
            x[i] = (float) (keep - h);
            double down = loss.get();
            x[i] = keep;
            double fd = (up - down) / (2 * h);
            double err = Math.abs(fd - an[i]) / (1e-3 + Math.abs(fd) + Math.abs(an[i]));
            worst = Math.max(worst, err);
            assertTrue(err < tol, what + "[" + i + "]: finite difference " + fd + " vs analytic " + an[i]);
        }
        System.out.printf("%-28s %5d entries, worst relative error %.2e%n", what, x.length, worst);
        return worst;
    }

    @Test
    void layerNorm() {
        int T = 5, n = 12;
        float[] x = rand(T * n, 1), w = rand(n, 1), b = rand(n, 1), r = rand(T * n, 1);
        float[] y = new float[T * n], mean = new float[T], rstd = new float[T];
        Supplier<Double> loss = () -> {
            Ops.layerNorm(PAR, x, w, b, 1e-5f, y, mean, rstd, T, n);
            return dot(r, y);
        };
        loss.get();
        float[] dx = new float[T * n], dw = new float[n], db = new float[n];
        Ops.layerNormBackward(PAR, x, w, mean, rstd, r, dx, dw, db, T, n);
        check("layernorm dx", x, dx, loss, 1e-2, 2e-2);
        check("layernorm dw", w, dw, loss, 1e-2, 2e-2);
        check("layernorm db", b, db, loss, 1e-2, 2e-2);
    }

    @Test
    void attentionWithRotaryAndDocumentResets() {
        int B = 2, S = 9, H = 2, hd = 8, d = H * hd, T = B * S;
        // sequence 0: documents start at 0, 4, 7; sequence 1: one document
        int[] seg = new int[T], pos = new int[T];
        int[] starts0 = {0, 0, 0, 0, 4, 4, 4, 7, 7};
        for (int t = 0; t < S; t++) {
            seg[t] = starts0[t];
            seg[S + t] = 0;
        }
        for (int t = 0; t < T; t++) {
            pos[t] = t % S - seg[t];
        }
        Ops.RotaryTables rt = Ops.RotaryTables.of(hd, 4, 10000, S);
        float[] q = rand(T * d, 1), k = rand(T * d, 1), v = rand(T * d, 1), r = rand(T * d, 1);
        float[] qr = new float[T * d], kr = new float[T * d], probs = new float[B * H * S * S], ctx = new float[T * d];
        Supplier<Double> loss = () -> {
            System.arraycopy(q, 0, qr, 0, q.length);
            System.arraycopy(k, 0, kr, 0, k.length);
            Ops.rotary(PAR, qr, pos, rt, T, H, false);
            Ops.rotary(PAR, kr, pos, rt, T, H, false);
            Ops.attention(PAR, qr, kr, v, seg, probs, ctx, B, S, H, hd);
            return dot(r, ctx);
        };
        loss.get();
        float[] dq = new float[T * d], dk = new float[T * d], dv = new float[T * d];
        Ops.attentionBackward(PAR, qr, kr, v, probs, r, dq, dk, dv, B, S, H, hd);
        Ops.rotary(PAR, dq, pos, rt, T, H, true);
        Ops.rotary(PAR, dk, pos, rt, T, H, true);
        check("attention dq (rotary)", q, dq, loss, 1e-2, 2e-2);
        check("attention dk (rotary)", k, dk, loss, 1e-2, 2e-2);
        check("attention dv", v, dv, loss, 1e-2, 2e-2);
        // masking: a key in a later document or in the future has no influence
        int t = 5, c = 3; // row 5 of sequence 0 belongs to the document starting at 4
        float before = ctx[t * d + c];
        float keep = v[2 * d + c];
        v[2 * d + c] += 10; // key 2 is in the previous document
        loss.get();
        assertTrue(ctx[t * d + c] == before, "document reset leaks");
        v[2 * d + c] = keep;
        keep = v[6 * d + c];
        v[6 * d + c] += 10; // key 6 is in the future of row 5
        loss.get();
        assertTrue(ctx[t * d + c] == before, "causal mask leaks");
        v[6 * d + c] = keep;
    }

    @Test
    void swiglu() {
        int n = 40;
        float[] g = rand(n, 2), u = rand(n, 1), r = rand(n, 1), h = new float[n];
        Supplier<Double> loss = () -> {
            Ops.swiglu(PAR, g, u, h, n);
            return dot(r, h);
        };
        float[] dg = new float[n], du = new float[n];
        Ops.swigluBackward(PAR, g, u, r, dg, du, n);
        check("swiglu dgate", g, dg, loss, 1e-2, 2e-2);
        check("swiglu dup", u, du, loss, 1e-2, 2e-2);
    }

    @Test
    void crossEntropy() {
        int T = 4, V = 11;
        float[] z = rand(T * V, 2), work = new float[T * V], rowLoss = new float[T];
        int[] y = {3, -1, 10, 0};
        Supplier<Double> loss = () -> {
            System.arraycopy(z, 0, work, 0, z.length);
            Ops.crossEntropy(PAR, work, y, 1f, rowLoss, T, V);
            double s = 0;
            for (float l : rowLoss) {
                s += l;
            }
            return s;
        };
        loss.get();
        float[] dz = work.clone();
        check("cross-entropy dlogits", z, dz, loss, 1e-2, 2e-2);
    }

    @Test
    void embedding() {
        int T = 6, d = 5, V = 4;
        float[] table = rand(V * d, 1), r = rand(T * d, 1), x = new float[T * d];
        int[] ids = {1, 3, 1, 0, 1, 3};
        Supplier<Double> loss = () -> {
            Ops.embed(PAR, table, ids, x, T, d);
            return dot(r, x);
        };
        float[] dt = new float[V * d];
        Ops.embedBackward(PAR, ids, r, dt, T, d);
        check("embedding dtable", table, dt, loss, 1e-2, 2e-2);
    }

    @Test
    void gemmMatchesNaive() {
        for (int[] s : new int[][]{{7, 37, 13}, {16, 64, 300}, {33, 290, 9}, {4, 32, 1}}) {
            int M = s[0], N = s[1], K = s[2];
            float[] a = rand(M * K, 1), at = new float[M * K], b = rand(K * N, 1), c = new float[M * N], c2 = new float[M * N];
            Gemm.transpose(a, M, K, at);
            Gemm.mul(PAR, a, 0, K, 1, b, 0, N, c, 0, N, M, N, K, false);
            Gemm.mul(PAR, at, 0, 1, M, b, 0, N, c2, 0, N, M, N, K, false);
            for (int m = 0; m < M; m++) {
                for (int n = 0; n < N; n++) {
                    double e = 0;
                    for (int k = 0; k < K; k++) {
                        e += (double) a[m * K + k] * b[k * N + n];
                    }
                    assertTrue(Math.abs(e - c[m * N + n]) < 1e-4 * Math.max(1, Math.abs(e)) + 1e-4, "gemm " + M + "x" + N + "x" + K);
                    assertTrue(c[m * N + n] == c2[m * N + n], "strided A differs");
                }
            }
        }
    }
}
