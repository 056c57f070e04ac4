package dev.lmzip.codec.bytemodel;

/**
 * An adaptive probability map (APM, SSE): per context, 33 knots over the stretched probability;
 * a prediction is interpolated between two knots, and both learn the bit in proportion to their
 * weight (rate 1/64). It corrects what a mixer gets systematically wrong in that context.
 */
public final class ProbabilityMap {
    private final char[] knots;
    private int index;
    private int weight;

    public ProbabilityMap(int contexts) {
        knots = new char[33 * contexts];
    }

    /** Every context maps each probability to itself again. */
    public void reset() {
        for (int j = 0; j < 33; j++) {
            knots[j] = (char) (Logistic.squash((j - 16) * 128) * 16);
        }
        for (int filled = 33; filled < knots.length; filled *= 2) {
            System.arraycopy(knots, 0, knots, filled, Math.min(filled, knots.length - filled));
        }
    }

    /** The refined probability (12 bits) of stretched input {@code d} in {@code context}. */
    public int refine(int d, int context) {
        int s = Math.max(-2047, Math.min(2047, d)) + 2048;
        weight = s & 127;
        index = context * 33 + (s >> 7);
        return (knots[index] * (128 - weight) + knots[index + 1] * weight) >> 11;
    }

    /** Learns bit {@code y} at the knots of the last {@link #refine}. */
    public void update(int y) {
        int target = y << 16;
        knots[index] += (target - knots[index] - (target >> 16)) * (128 - weight) >> 13;
        knots[index + 1] += (target - knots[index + 1] - (target >> 16)) * weight >> 13;
    }
}
