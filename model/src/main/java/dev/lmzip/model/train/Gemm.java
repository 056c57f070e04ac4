package dev.lmzip.model.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product {@code C[m][n] (+)= sum_k A(m,k) * B[k][n]} with the Vector API.
 * A is read through strides ({@code A(m,k) = a[aOff + m*sam + k*sak]}), so the same kernel computes
 * {@code X W^T} (with a transposed copy of W), {@code dY W} and {@code dY^T X}. B and C rows are contiguous.
 * Every output element is one reduction over k in increasing order, computed by exactly one thread.
 */
public final class Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Gemm() {
    }

    /** Parallel over rows of C. */
    public static void mul(Par par, float[] a, int aOff, int sam, int sak, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, int M, int N, int K, boolean accumulate) {
        par.forRange(M, 4, (m0, m1) -> rows(a, aOff, sam, sak, b, bOff, ldb, c, cOff, ldc, m0, m1, N, K, accumulate));
    }

    /** Block sizes: a packed B block of KC x NC floats stays in L2 while the thread's row blocks pass over it. */
    private static final int KC = 256, NC = 256, W = 2 * L;

    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[4 * W]);
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[][]{new float[0], new float[0]});

    /**
     * Rows {@code [m0, m1)} of C on the calling thread. B blocks and A row blocks are first copied into contiguous
     * buffers (zero-padded to whole tiles), which avoids cache-set conflicts of power-of-two strides. Each element
     * of C is the sum over k-blocks, in order, of a fused multiply-add chain over k.
     */
    public static void rows(float[] a, int aOff, int sam, int sak, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, int m0, int m1, int N, int K, boolean accumulate) {
        if (m1 <= m0 || N <= 0) {
            return;
        }
        if (K == 0) {
            if (!accumulate) {
                for (int m = m0; m < m1; m++) {
                    java.util.Arrays.fill(c, cOff + m * ldc, cOff + m * ldc + N, 0f);
                }
            }
            return;
        }
        float[][] buf = BUFFERS.get();
        int kcMax = Math.min(KC, K), ncMax = (Math.min(NC, N) + W - 1) / W * W;
        if (buf[0].length < kcMax * ncMax) {
            buf[0] = new float[kcMax * ncMax];
        }
        if (buf[1].length < 4 * kcMax) {
            buf[1] = new float[4 * kcMax];
        }
        float[] bp = buf[0], ap = buf[1];
        for (int n0 = 0; n0 < N; n0 += NC) {
            int n1 = Math.min(N, n0 + NC);
            int tiles = (n1 - n0 + W - 1) / W;
            for (int k0 = 0; k0 < K; k0 += KC) {
                int kl = Math.min(KC, K - k0);
                boolean acc = accumulate || k0 > 0;
                // pack B[k0..k0+kl][n0..n1] as tiles [tile][k][W]
                for (int t = 0; t < tiles; t++) {
                    int nt = n0 + t * W, w = Math.min(W, n1 - nt), dst = t * kl * W;
                    for (int k = 0; k < kl; k++, dst += W) {
                        int src = bOff + (k0 + k) * ldb + nt;
                        System.arraycopy(b, src, bp, dst, w);
                        for (int j = w; j < W; j++) {
                            bp[dst + j] = 0f;
                        }
                    }
                }
                for (int m = m0; m < m1; m += 4) {
                    int rows = Math.min(4, m1 - m);
                    // pack A rows m..m+3, columns k0..k0+kl, as [k][4]
                    for (int r = 0; r < 4; r++) {
                        if (r < rows) {
                            int src = aOff + (m + r) * sam + k0 * sak;
                            for (int k = 0; k < kl; k++, src += sak) {
                                ap[k * 4 + r] = a[src];
                            }
                        } else {
                            for (int k = 0; k < kl; k++) {
                                ap[k * 4 + r] = 0f;
                            }
                        }
                    }
                    for (int t = 0; t < tiles; t++) {
                        int nt = n0 + t * W;
                        tile(ap, bp, t * kl * W, kl, c, cOff + m * ldc + nt, ldc, rows, Math.min(W, n1 - nt), acc);
                    }
                }
            }
        }
    }

    private static void tile(float[] ap, float[] bp, int bo, int K, float[] c, int cp, int ldc, int rows, int cols,
                             boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int k = 0, ak = 0, bk = bo; k < K; k++, ak += 4, bk += W) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bk);
            FloatVector b1 = FloatVector.fromArray(S, bp, bk + L);
            FloatVector x = FloatVector.broadcast(S, ap[ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ak + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ak + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ak + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (rows == 4 && cols == W) {
            store(c00, c, cp, acc);
            store(c01, c, cp + L, acc);
            store(c10, c, cp + ldc, acc);
            store(c11, c, cp + ldc + L, acc);
            store(c20, c, cp + 2 * ldc, acc);
            store(c21, c, cp + 2 * ldc + L, acc);
            store(c30, c, cp + 3 * ldc, acc);
            store(c31, c, cp + 3 * ldc + L, acc);
            return;
        }
        float[] t = TAIL.get();
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, 2 * L);
        c11.intoArray(t, 3 * L);
        c20.intoArray(t, 4 * L);
        c21.intoArray(t, 5 * L);
        c30.intoArray(t, 6 * L);
        c31.intoArray(t, 7 * L);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                float x = t[r * W + j];
                int i = cp + r * ldc + j;
                c[i] = acc ? c[i] + x : x;
            }
        }
    }

    private static void store(FloatVector v, float[] c, int cp, boolean acc) {
        if (acc) {
            v = v.add(FloatVector.fromArray(S, c, cp));
        }
        v.intoArray(c, cp);
    }

    /** {@code dst[in][out] = src[out][in]} (rows x cols source). */
    public static void transpose(float[] src, int rows, int cols, float[] dst) {
        final int B = 32;
        for (int r0 = 0; r0 < rows; r0 += B) {
            for (int c0 = 0; c0 < cols; c0 += B) {
                int r1 = Math.min(rows, r0 + B), c1 = Math.min(cols, c0 + B);
                for (int r = r0; r < r1; r++) {
                    for (int cc = c0; cc < c1; cc++) {
                        dst[cc * rows + r] = src[r * cols + cc];
                    }
                }
            }
        }
    }
}
