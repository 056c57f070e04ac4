package dev.lmzip.model.train;

/**
 * One trainable tensor with its gradient and AdamW moments. Matrices are {@code [rows][cols]} row-major,
 * rows = output features, exactly as PyTorch's {@code Linear.weight} and the Hugging Face checkpoint.
 */
public final class Param {
    public final String name;
    public final int rows;
    public final int cols;
    public final boolean decay;
    public final float[] w;
    public final float[] g;
    public final float[] m;
    public final float[] v;
    /** [cols][rows] transposed copy of w for the forward matrix products (null for vectors). */
    final float[] wt;

    Param(String name, int rows, int cols, boolean decay, boolean transposed) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.decay = decay;
        int n = rows * cols;
        this.w = new float[n];
        this.g = new float[n];
        this.m = new float[n];
        this.v = new float[n];
        this.wt = transposed ? new float[n] : null;
    }

    public int size() {
        return w.length;
    }

    /** Shape as Hugging Face stores it: [rows, cols], or [cols] for a vector. */
    public long[] hfShape() {
        return rows == 1 ? new long[]{cols} : new long[]{rows, cols};
    }

    void refreshTransposed() {
        if (wt != null) {
            Gemm.transpose(w, rows, cols, wt);
        }
    }
}
