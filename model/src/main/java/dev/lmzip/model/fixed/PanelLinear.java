package dev.lmzip.model.fixed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A {@link QLinear} with its weights in the layout the kernels multiply: panels of
 * {@value #ROWS} rows, and in each panel the {@value #ROWS} weights of one column side by side
 * ({@code offset(r, c) = (r / 16) * 16 * cols + c * 16 + r % 16}; a last panel that is not full is
 * padded with zeros). One vector load then holds one column of 16 output rows, and a batch-1 product
 * sums each row in its own lane with no reduction across lanes (docs/engine.md). Scales and bias as
 * in the {@link QLinear}.
 */
public record PanelLinear(int rows, int cols, MemorySegment panels, int[] mult, byte[] shift, int[] bias) {
    /** Rows per panel: a 512-bit vector of floats. */
    public static final int ROWS = 16;

    public PanelLinear {
        if (panels.byteSize() != (long) panelCount(rows) * ROWS * cols) {
            throw new IllegalArgumentException("panels hold " + panels.byteSize() + " bytes, expected "
                    + panelCount(rows) + " panels of " + ROWS + "x" + cols);
        }
        if (mult.length != rows || shift.length != rows || (bias != null && bias.length != rows)) {
            throw new IllegalArgumentException("scale or bias length");
        }
    }

    /** Panels that hold {@code rows} rows. */
    public static int panelCount(int rows) {
        return (rows + ROWS - 1) / ROWS;
    }

    /**
     * The layer {@code lin} in panels, in memory of the kind of its weights (see {@link Scratch}); the
     * scales and bias are shared, not copied.
     */
    public static PanelLinear of(QLinear lin) {
        int rows = lin.rows();
        int cols = lin.cols();
        MemorySegment p = Scratch.like(lin.weights(), (long) panelCount(rows) * ROWS * cols);
        byte[] row = new byte[cols];
        byte[] panel = new byte[ROWS * cols];
        for (int first = 0; first < rows; first += ROWS) {
            Arrays.fill(panel, (byte) 0);
            for (int i = 0; i < ROWS && first + i < rows; i++) {
                MemorySegment.copy(lin.weights(), ValueLayout.JAVA_BYTE, (long) (first + i) * cols, row, 0, cols);
                for (int c = 0; c < cols; c++) {
                    panel[c * ROWS + i] = row[c];
                }
            }
            MemorySegment.copy(panel, 0, p, ValueLayout.JAVA_BYTE, (long) first * cols, panel.length);
        }
        return new PanelLinear(rows, cols, p, lin.mult(), lin.shift(), lin.bias());
    }

    /** Where weight {@code (r, c)} lies in the panels. */
    public long offset(int r, int c) {
        return offset(r, c, cols);
    }

    private static long offset(int r, int c, int cols) {
        return (long) (r / ROWS) * ROWS * cols + (long) c * ROWS + r % ROWS;
    }

    public byte weight(int r, int c) {
        return panels.get(ValueLayout.JAVA_BYTE, offset(r, c));
    }

    public void setWeight(int r, int c, byte q) {
        panels.set(ValueLayout.JAVA_BYTE, offset(r, c), q);
    }

    /** A copy to modify: its own weights, scales and bias, the weights in memory of the same kind as these. */
    public PanelLinear writableCopy() {
        long size = panels.byteSize();
        MemorySegment copy = Scratch.like(panels, size);
        MemorySegment.copy(panels, 0, copy, 0, size);
        return new PanelLinear(rows, cols, copy, mult.clone(), shift.clone(), bias == null ? null : bias.clone());
    }
}
