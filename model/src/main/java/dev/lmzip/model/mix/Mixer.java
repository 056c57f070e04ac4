package dev.lmzip.model.mix;

import dev.lmzip.codec.bytemodel.Logistic;

import java.util.Arrays;

/**
 * Gated linear mixing in the logistic domain: {@code p = squash(Σ w[s][i] · x[i] >> 16)} with the
 * weight set {@code s} chosen per bit by a small context, and the chosen set trained online by
 * {@code w += x · err · rate >> shift} where {@code err = (y << 12) - p}. Weights are 16.16 fixed
 * point; everything is integer.
 *
 * <p>With a decay {@code D > 0} (online version 5) each weight set learns fast while it is young:
 * its {@code n}-th update uses {@code err = ((y << 12) - p) · r16 >> 4} with the rate in sixteenths
 * {@code r16 = 16·rate + 16·(start − rate)·D / (D + n)} (integer division), from {@code start} down
 * towards {@code rate}.
 */
final class Mixer {
    private final int inputs;
    private final int sets;
    private final int[] weights;
    private final int[] initial;
    private final int rate;
    private final int shift;
    private final int start;
    private final int decay;
    /** Updates of each weight set so far (only with a decay). */
    private final int[] updates;
    private int set;
    private int base;
    private int dot;
    private int p;

    /**
     * @param initial starting weight of each input (16.16), restored by {@link #reset()}
     */
    Mixer(int inputs, int sets, int[] initial, int rate, int shift) {
        this(inputs, sets, initial, rate, shift, rate, 0);
    }

    /**
     * A mixer whose weight sets start at rate {@code start} and decay towards {@code rate} with
     * constant {@code decay} (see the class comment); {@code decay == 0}: always {@code rate}.
     */
    Mixer(int inputs, int sets, int[] initial, int rate, int shift, int start, int decay) {
        this.start = start;
        this.decay = decay;
        this.updates = new int[decay > 0 ? sets : 0];
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
        Arrays.fill(updates, 0);
        set = 0;
        base = 0;
        dot = 0;
        p = 2048;
    }

    /** Mixes {@code x[0..inputs)} with weight set {@code set}; returns the stretched output, clamped to ±2047. */
    int mix(int[] x, int set) {
        this.set = set;
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
        int err;
        if (decay > 0) {
            int n = updates[set];
            if (n < Integer.MAX_VALUE) {
                updates[set] = n + 1;
            }
            int r16 = (rate << 4) + (int) (((long) (start - rate) << 4) * decay / (decay + (long) n));
            err = (((y << 12) - p) * r16) >> 4;
        } else {
            err = ((y << 12) - p) * rate;
        }
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
