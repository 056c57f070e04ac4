package dev.lmzip.model.mix;

import dev.lmzip.codec.bytemodel.Logistic;

import java.util.Arrays;

/**
 * Gated linear mixing in the logistic domain: {@code p = squash(Σ w[s][i] · x[i] >> 16)} with the
 * weight set {@code s} chosen per bit by a small context, and the chosen set trained online by
 * {@code w += x · err · rate >> shift} where {@code err = (y << 12) - p}. Weights are 16.16 fixed
 * point; everything is integer.
 */
final class Mixer {
    private final int inputs;
    private final int sets;
    private final int[] weights;
    private final int[] initial;
    private final int rate;
    private final int shift;
    private int base;
    private int dot;
    private int p;

    /**
     * @param initial starting weight of each input (16.16), restored by {@link #reset()}
     */
    Mixer(int inputs, int sets, int[] initial, int rate, int shift) {
        this.inputs = inputs;
        this.sets = sets;
        this.weights = new int[inputs * sets];
        this.initial = initial.clone();
        this.rate = rate;
        this.shift = shift;
        reset();
    }

    void reset() {
        for (int s = 0; s < sets; s++) {
            System.arraycopy(initial, 0, weights, s * inputs, inputs);
        }
        base = 0;
        dot = 0;
        p = 2048;
    }

    /** Mixes {@code x[0..inputs)} with weight set {@code set}; returns the stretched output, clamped to ±2047. */
    int mix(int[] x, int set) {
        base = set * inputs;
        long d = 0;
        for (int i = 0; i < inputs; i++) {
            d += (long) x[i] * weights[base + i];
        }
        dot = (int) Math.max(-2047, Math.min(2047, d >> 16));
        p = Logistic.squash(dot);
        return dot;
    }

    /** Probability of a 1 (12 bits) of the last {@link #mix}. */
    int p() {
        return p;
    }

    /** Trains the set used by the last {@link #mix} towards bit {@code y}. */
    void update(int[] x, int y) {
        int err = ((y << 12) - p) * rate;
        for (int i = 0; i < inputs; i++) {
            weights[base + i] += (x[i] * err) >> shift;
        }
    }

    int weight(int set, int input) {
        return weights[set * inputs + input];
    }

    int[] weightsCopy() {
        return Arrays.copyOf(weights, weights.length);
    }
}
