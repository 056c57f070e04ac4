package dev.lmzip.model.fixed;

import java.lang.foreign.MemorySegment;

/**
 * An int8 linear layer {@code y = W x (+ b)}: weights {@code [rows][cols]} row-major, symmetric per
 * row with real scale {@code mult[r] / 2^shift[r]} per unit, optional bias in Q12.
 */
public record QLinear(int rows, int cols, MemorySegment weights, int[] mult, byte[] shift, int[] bias) {
    public QLinear {
        if (weights.byteSize() != (long) rows * cols) {
            throw new IllegalArgumentException("weights hold " + weights.byteSize() + " bytes, expected " + rows + "x" + cols);
        }
        if (mult.length != rows || shift.length != rows || (bias != null && bias.length != rows)) {
            throw new IllegalArgumentException("scale or bias length");
        }
        for (int r = 0; r < rows; r++) {
            if (shift[r] < 8 || shift[r] > 62 || mult[r] < 0) {
                throw new IllegalArgumentException("row " + r + " scale " + mult[r] + "/2^" + shift[r] + " out of range");
            }
        }
    }

    /**
     * Quantizes float weights {@code w[rows][cols]} (row-major) per row; done once at import, so
     * float arithmetic here is fine: only the resulting integers reach the engine.
     */
    public static QLinear quantize(int rows, int cols, float[] w, float[] bias) {
        byte[] q = new byte[rows * cols];
        int[] mult = new int[rows];
        byte[] shift = new byte[rows];
        for (int r = 0; r < rows; r++) {
            double amax = 0;
            for (int c = 0; c < cols; c++) {
                amax = Math.max(amax, Math.abs(w[r * cols + c]));
            }
            double scale = amax == 0 ? 1.0 / Fixed.Q8_MAX : amax / Fixed.Q8_MAX; // real value of one unit
            for (int c = 0; c < cols; c++) {
                long v = Math.round(w[r * cols + c] / scale);
                q[r * cols + c] = (byte) Math.max(-Fixed.Q8_MAX, Math.min(Fixed.Q8_MAX, v));
            }
            int e = 30 - Math.getExponent(scale); // scale * 2^e in [2^30, 2^31)
            e = Math.max(8, Math.min(62, e));
            mult[r] = (int) Math.min(Integer.MAX_VALUE, Math.round(scale * Math.pow(2, e)));
            shift[r] = (byte) e;
        }
        int[] b = null;
        if (bias != null) {
            b = new int[rows];
            for (int r = 0; r < rows; r++) {
                b[r] = Fixed.saturate(Math.round((double) bias[r] * Fixed.ONE));
            }
        }
        return new QLinear(rows, cols, MemorySegment.ofArray(q), mult, shift, b);
    }
}
