package dev.lmzip.model.train;

/** GFLOP/s of the trainer's matrix-product shapes (not a test; run its main). */
public class GemmBench {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int[][] shapes = {{2048, 8192, 256, 0}, {2048, 256, 8192, 0}, {8192, 256, 2048, 1}, {688, 256, 2048, 1}, {2048, 688, 256, 0}};
        try (Par par = new Par(threads)) {
            for (int[] s : shapes) {
                int M = s[0], N = s[1], K = s[2];
                boolean strided = s[3] == 1;
                float[] a = new float[M * K], b = new float[K * N], c = new float[M * N];
                java.util.Arrays.fill(a, 0.5f);
                java.util.Arrays.fill(b, 0.25f);
                double best = 0;
                for (int it = 0; it < 5; it++) {
                    long t0 = System.nanoTime();
                    if (strided) {
                        Gemm.mul(par, a, 0, 1, M, b, 0, N, c, 0, N, M, N, K, false);
                    } else {
                        Gemm.mul(par, a, 0, K, 1, b, 0, N, c, 0, N, M, N, K, false);
                    }
                    double gf = 2.0 * M * N * K / (System.nanoTime() - t0);
                    best = Math.max(best, gf);
                }
                System.out.printf("M %d N %d K %d %s: best %.1f GFLOP/s%n", M, N, K, strided ? "A^T" : "A", best);
            }
        }
    }
}
