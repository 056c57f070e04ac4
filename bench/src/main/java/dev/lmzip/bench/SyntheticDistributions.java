package dev.lmzip.bench;

import dev.lmzip.codec.rangecoder.FrequencyQuantizer;
import dev.lmzip.codec.rangecoder.FrequencyTable;

import java.util.SplittableRandom;

/**
 * Seeded next-token distributions shaped like a language model's over a GPT-2-sized vocabulary:
 * a Zipf-like ranking over a random permutation of the tokens, with Gaussian noise on the logits
 * and a per-step sharpness, so some steps are confident and some are not; then a softmax at a
 * temperature. Used by the coder and quantizer measurements and the JMH benchmarks.
 */
public final class SyntheticDistributions {
    /** GPT-2's vocabulary size. */
    public static final int VOCAB = 50_257;
    /** Per-step Zipf exponent of the logits is drawn uniformly from this range. */
    static final double MIN_SHARPNESS = 1.1;
    static final double MAX_SHARPNESS = 2.6;
    /** Standard deviation of the Gaussian noise on the logits. */
    static final double NOISE = 1.0;

    private SyntheticDistributions() {
    }

    /**
     * One step's probabilities: {@code softmax((−s·ln(rank+1) + NOISE·g) / temperature)} where
     * rank is a random permutation of the tokens, {@code g} standard normal and {@code s} drawn
     * from {@code [MIN_SHARPNESS, MAX_SHARPNESS]}.
     */
    public static double[] peaked(SplittableRandom rnd, int n, double temperature) {
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = rank[i];
            rank[i] = rank[j];
            rank[j] = t;
        }
        double s = MIN_SHARPNESS + (MAX_SHARPNESS - MIN_SHARPNESS) * rnd.nextDouble();
        double[] logit = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            logit[i] = (-s * Math.log(rank[i] + 1.0) + NOISE * rnd.nextGaussian()) / temperature;
            max = Math.max(max, logit[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            logit[i] = Math.exp(logit[i] - max);
            sum += logit[i];
        }
        for (int i = 0; i < n; i++) {
            logit[i] /= sum;
        }
        return logit;
    }

    /** Integer weights for {@link FrequencyQuantizer}: proportional to p, the largest {@code 2^32 − 1}. */
    public static long[] weights(double[] p) {
        double max = 0;
        for (double v : p) {
            max = Math.max(max, v);
        }
        long[] w = new long[p.length];
        double scale = ((1L << 32) - 1) / max;
        for (int i = 0; i < p.length; i++) {
            w[i] = Math.min((1L << 32) - 1, (long) (p[i] * scale));
        }
        return w;
    }

    /** The frequencies lmzip would code {@code p} with at {@code precisionBits}. */
    public static int[] quantize(double[] p, int precisionBits) {
        int[] f = new int[p.length];
        new FrequencyQuantizer(precisionBits).quantize(weights(p), p.length, f);
        return f;
    }

    /** {@code count} symbols drawn from the table {@code t} (exactly, by its integer frequencies). */
    public static int[] sample(FrequencyTable t, int count, SplittableRandom rnd) {
        int[] s = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = t.symbolAt(rnd.nextInt(t.total()));
        }
        return s;
    }

    /** Shannon entropy of p in bits. */
    public static double entropyBits(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h / Math.log(2);
    }

    /** Expected code length in bits of a symbol drawn from p and coded with frequencies f of total T. */
    public static double crossEntropyBits(double[] p, int[] f, int total) {
        double ce = 0;
        double logT = Math.log(total);
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                ce += p[i] * (logT - Math.log(f[i]));
            }
        }
        return ce / Math.log(2);
    }
}
