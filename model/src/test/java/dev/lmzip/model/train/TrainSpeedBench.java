package dev.lmzip.model.train;

import dev.lmzip.model.hf.ModelConfig;
import org.junit.jupiter.api.Test;

/**
 * Trainer throughput (forward + backward) for a shape; not a CI test (named *Bench). Run with
 * {@code ./mvnw -pl model test -Dtest=TrainSpeedBench -Dshape=vocab,hidden,inter,layers,heads,batch,seq,threads}.
 */
class TrainSpeedBench {
    public static void main(String[] args) {
        new TrainSpeedBench().speed();
    }

    @Test
    void speed() {
        String[] s = System.getProperty("shape", "8192,256,688,4,8,8,256,2").split(",");
        int V = Integer.parseInt(s[0]), d = Integer.parseInt(s[1]), F = Integer.parseInt(s[2]), L = Integer.parseInt(s[3]),
                H = Integer.parseInt(s[4]), B = Integer.parseInt(s[5]), S = Integer.parseInt(s[6]), th = Integer.parseInt(s[7]);
        ModelConfig c = ModelConfig.stableLm(V, d, F, L, H, H);
        TrainModel m = TrainModel.initialize(c, 1, 0.02);
        int T = B * S;
        int[] ids = new int[T], tg = new int[T], seg = new int[T], pos = new int[T];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int t = 0; t < T; t++) {
            ids[t] = r.nextInt(V);
            tg[t] = r.nextInt(V);
            seg[t] = 0;
            pos[t] = t % S;
        }
        try (Par par = new Par(th)) {
            TrainModel.Activations a = m.activations(B, S);
            for (int it = 0; it < 6; it++) {
                long t0 = System.nanoTime();
                m.weightsChanged();
                m.zeroGrad();
                double loss = m.step(par, a, ids, tg, seg, pos, 1f / T, true);
                long t1 = System.nanoTime();
                m.step(par, a, ids, tg, seg, pos, 1f / T, false);
                long t2 = System.nanoTime();
                System.out.printf("shape %s params %.2fM: train %.0f tok/s (%.2f s/step), forward-only %.0f tok/s, loss %.3f%n",
                        String.join(",", s), m.parameterCount() / 1e6, T / ((t1 - t0) / 1e9), (t1 - t0) / 1e9,
                        T / ((t2 - t1) / 1e9), loss / T);
            }
        }
    }
}
