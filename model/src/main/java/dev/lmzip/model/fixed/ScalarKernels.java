package dev.lmzip.model.fixed;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The reference implementation: plain integer loops. */
public final class ScalarKernels implements Int8Kernels {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void matmul(byte[] a, int B, int K, MemorySegment w, int p0, int p1, int rows, int[] out, int outStride) {
        int end = Math.min(rows, p1 * PanelLinear.ROWS);
        for (int n = p0 * PanelLinear.ROWS; n < end; n++) {
            long at = (long) (n / PanelLinear.ROWS) * PanelLinear.ROWS * K + n % PanelLinear.ROWS;
            for (int b = 0; b < B; b++) {
                int sum = 0;
                int ab = b * K;
                for (int k = 0; k < K; k++) {
                    sum += a[ab + k] * w.get(ValueLayout.JAVA_BYTE, at + (long) k * PanelLinear.ROWS);
                }
                out[b * outStride + n] = sum;
            }
        }
    }
}
