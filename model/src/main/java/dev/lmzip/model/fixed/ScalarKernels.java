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
    public void matmul(byte[] a, int B, int K, MemorySegment w, int n0, int n1, int[] out, int outStride) {
        for (int n = n0; n < n1; n++) {
            long row = (long) n * K;
            for (int b = 0; b < B; b++) {
                int sum = 0;
                int ab = b * K;
                for (int k = 0; k < K; k++) {
                    sum += a[ab + k] * w.get(ValueLayout.JAVA_BYTE, row + k);
                }
                out[b * outStride + n] = sum;
            }
        }
    }
}
