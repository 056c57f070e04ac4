package dev.lmzip.model.mix;

import dev.lmzip.codec.bytemodel.Logistic;

/**
 * Adaptive probability map (secondary estimation): per context, 33 knots over the stretched input
 * probability; the output interpolates the two knots around the input, and an update moves both
 * towards the coded bit in proportion to their interpolation weight. Knots hold 16-bit
 * probabilities and start on the identity {@code squash}.
 */
final class Apm {
    private final char[] table;
    private final int contexts;
    private final int rateShift;
    private int index;
    private int weight;

    Apm(int contexts, int rateShift) {
        this.contexts = contexts;
        this.table = new char[contexts * 33];
        this.rateShift = rateShift;
        reset();
    }

    void reset() {
        for (int j = 0; j < 33; j++) {
            table[j] = (char) (Logistic.squash((j - 16) * 128) * 16);
        }
        for (int filled = 33; filled < table.length; filled *= 2) {
            System.arraycopy(table, 0, table, filled, Math.min(filled, table.length - filled));
        }
        index = 0;
        weight = 0;
    }

    int contexts() {
        return contexts;
    }

    /** Refines stretched probability {@code d} (±2047) in context {@code cx}; returns a 12-bit probability. */
    int refine(int d, int cx) {
        int s = Math.max(-2047, Math.min(2047, d)) + 2048; // 1..4095
        weight = s & 127;
        index = cx * 33 + (s >> 7);
        return (table[index] * (128 - weight) + table[index + 1] * weight) >> 11;
    }

    /** Moves the two knots of the last {@link #refine} towards bit {@code y}. */
    void update(int y) {
        int target = y << 16;
        int lo = table[index];
        int hi = table[index + 1];
        table[index] = (char) (lo + ((target - lo - y) * (128 - weight) >> rateShift));
        table[index + 1] = (char) (hi + ((target - hi - y) * weight >> rateShift));
    }

    int knot(int cx, int j) {
        return table[cx * 33 + j];
    }
}
