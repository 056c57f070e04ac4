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

    /** Block sizes: B blocks of KC x NC floats stay in L2 while every row block of the thread passes over them. */
    private static final int KC = 256, NC = 256;

    /** Rows {@code [m0, m1)} of C on the calling thread. */
    public static void rows(float[] a, int aOff, int sam, int sak, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, int m0, int m1, int N, int K, boolean accumulate) {
        if (K == 0) {
            if (!accumulate) {
                for (int m = m0; m < m1; m++) {
                    java.util.Arrays.fill(c, cOff + m * ldc, cOff + m * ldc + N, 0f);
                }
            }
            return;
        }
        for (int n0 = 0; n0 < N; n0 += NC) {
            int n1 = Math.min(N, n0 + NC);
            for (int k0 = 0; k0 < K; k0 += KC) {
                int kl = Math.min(KC, K - k0);
                block(a, aOff + k0 * sak, sam, sak, b, bOff + k0 * ldb, ldb, c, cOff, ldc, m0, m1, n0, n1, kl,
                        accumulate || k0 > 0);
            }
        }
    }

    private static void block(float[] a, int aOff, int sam, int sak, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, int m0, int m1, int n0, int N, int K, boolean accumulate) {
        int m = m0;
        for (; m + 4 <= m1; m += 4) {
            int n = n0;
            for (; n + 2 * L <= N; n += 2 * L) {
                tile4x2(a, aOff + m * sam, sam, sak, b, bOff + n, ldb, c, cOff + m * ldc + n, ldc, K, accumulate);
            }
            for (; n + L <= N; n += L) {
                tile4x1(a, aOff + m * sam, sam, sak, b, bOff + n, ldb, c, cOff + m * ldc + n, ldc, K, accumulate);
            }
            for (int r = 0; r < 4; r++) {
                scalar(a, aOff + (m + r) * sam, sak, b, bOff, ldb, c, cOff + (m + r) * ldc, n, N, K, accumulate);
            }
        }
        for (; m < m1; m++) {
            int n = n0;
            for (; n + L <= N; n += L) {
                tile1x1(a, aOff + m * sam, sak, b, bOff + n, ldb, c, cOff + m * ldc + n, K, accumulate);
            }
            scalar(a, aOff + m * sam, sak, b, bOff, ldb, c, cOff + m * ldc, n, N, K, accumulate);
        }
    }

    private static void tile4x2(float[] a, int a0, int sam, int sak, float[] b, int bp, int ldb,
                                float[] c, int cp, int ldc, int K, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a1 = a0 + sam, a2 = a1 + sam, a3 = a2 + sam;
        for (int k = 0, ak = 0; k < K; k++, ak += sak, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + ak]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + ak]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + ak]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        store(c00, c, cp, acc);
        store(c01, c, cp + L, acc);
        store(c10, c, cp + ldc, acc);
        store(c11, c, cp + ldc + L, acc);
        store(c20, c, cp + 2 * ldc, acc);
        store(c21, c, cp + 2 * ldc + L, acc);
        store(c30, c, cp + 3 * ldc, acc);
        store(c31, c, cp + 3 * ldc + L, acc);
    }

    private static void tile4x1(float[] a, int a0, int sam, int sak, float[] b, int bp, int ldb,
                                float[] c, int cp, int ldc, int K, boolean acc) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        int a1 = a0 + sam, a2 = a1 + sam, a3 = a2 + sam;
        for (int k = 0, ak = 0; k < K; k++, ak += sak, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            c0 = FloatVector.broadcast(S, a[a0 + ak]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ak]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ak]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ak]).fma(b0, c3);
        }
        store(c0, c, cp, acc);
        store(c1, c, cp + ldc, acc);
        store(c2, c, cp + 2 * ldc, acc);
        store(c3, c, cp + 3 * ldc, acc);
    }

    private static void tile1x1(float[] a, int a0, int sak, float[] b, int bp, int ldb,
                                float[] c, int cp, int K, boolean acc) {
        FloatVector c0 = FloatVector.zero(S);
        for (int k = 0, ak = 0; k < K; k++, ak += sak, bp += ldb) {
            c0 = FloatVector.broadcast(S, a[a0 + ak]).fma(FloatVector.fromArray(S, b, bp), c0);
        }
        store(c0, c, cp, acc);
    }

    private static void store(FloatVector v, float[] c, int cp, boolean acc) {
        if (acc) {
            v = v.add(FloatVector.fromArray(S, c, cp));
        }
        v.intoArray(c, cp);
    }

    /** Columns [n0, N) of one row, scalar, with the same fused multiply-add order as the vector tiles. */
    private static void scalar(float[] a, int a0, int sak, float[] b, int bOff, int ldb,
                               float[] c, int cp, int n0, int N, int K, boolean acc) {
        for (int n = n0; n < N; n++) {
            float s = 0;
            for (int k = 0, ak = 0, bp = bOff + n; k < K; k++, ak += sak, bp += ldb) {
                s = Math.fma(a[a0 + ak], b[bp], s);
            }
            c[cp + n] = acc ? c[cp + n] + s : s;
        }
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
