package dev.lmzip.model.reference;

/** {@code y = W x + b} for a PyTorch-layout weight. Accumulates in double (the reference may; the integer engine will not). */
final class Linear {
    private Linear() {
    }

    /**
     * @param w    [rows][cols] row-major
     * @param bias [rows] or null
     * @param x    [cols]
     * @return y   [rows]
     */
    static float[] apply(float[] w, float[] bias, float[] x, int rows, int cols) {
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double acc = bias == null ? 0 : bias[r];
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                acc += (double) w[base + c] * x[c];
            }
            y[r] = (float) acc;
        }
        return y;
    }
}
