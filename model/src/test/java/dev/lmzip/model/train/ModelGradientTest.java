package dev.lmzip.model.train;

import dev.lmzip.model.hf.ModelConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole model's backward (embedding, every layer, lm_head, cross-entropy) against finite differences. */
class ModelGradientTest {
    @Test
    void everyParameterTensor() {
        ModelConfig c = ModelConfig.stableLm(23, 16, 24, 2, 2, 2);
        TrainModel m = TrainModel.initialize(c, 7, 0.3);
        int B = 2, S = 8, T = B * S;
        int[] ids = new int[T], targets = new int[T], seg = new int[T], pos = new int[T];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int t = 0; t < T; t++) {
            ids[t] = 1 + r.nextInt(22);
            targets[t] = r.nextInt(23);
        }
        ids[5] = 0; // a document boundary inside sequence 0
        targets[T - 1] = -1;
        for (int b = 0; b < B; b++) {
            int start = 0;
            for (int i = 0; i < S; i++) {
                if (ids[b * S + i] == 0) {
                    start = i;
                }
                seg[b * S + i] = start;
                pos[b * S + i] = i - start;
            }
        }
        try (Par par = new Par(2)) {
            TrainModel.Activations a = m.activations(B, S);
            m.weightsChanged();
            m.zeroGrad();
            m.step(par, a, ids, targets, seg, pos, 1f, true);
            for (Param p : m.params()) {
                float[] an = p.g.clone();
                double worst = 0;
                int n = Math.min(p.size(), 24);
                for (int j = 0; j < n; j++) {
                    int i = (int) ((long) j * 7919 % p.size());
                    float keep = p.w[i];
                    double h = 1e-2;
                    p.w[i] = (float) (keep + h);
                    m.weightsChanged();
                    double up = m.step(par, a, ids, targets, seg, pos, 1f, false);
                    p.w[i] = (float) (keep - h);
                    m.weightsChanged();
                    double down = m.step(par, a, ids, targets, seg, pos, 1f, false);
                    p.w[i] = keep;
                    m.weightsChanged();
                    double fd = (up - down) / (2 * h);
                    double err = Math.abs(fd - an[i]) / (5e-3 + Math.abs(fd) + Math.abs(an[i])); // float loss noise ~5e-5
                    worst = Math.max(worst, err);
                    assertTrue(err < 3e-2, p.name + "[" + i + "]: finite difference " + fd + " vs analytic " + an[i]);
                }
                System.out.printf("%-45s worst relative error %.2e%n", p.name, worst);
            }
        }
    }
}
