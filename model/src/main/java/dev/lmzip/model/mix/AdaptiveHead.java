package dev.lmzip.model.mix;

import dev.lmzip.model.fixed.Fixed;
import dev.lmzip.model.fixed.PanelLinear;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The language model's output layer (lm_head), adapted to the frame as it is coded (online version
 * 6): dynamic evaluation of the output layer. After each token, the row of the coded token and the
 * rows of the tokens the model gave at least {@code 2^-PMIN_SHIFT} take one step of gradient descent
 * on the token's code length {@code -ln p(token)}: row {@code v} moves by
 * {@code -2^-ETA_SHIFT · (p_v - [v = token]) · h}, where {@code h} is the final hidden state the
 * prediction came from. The model learns the file's names and turns of phrase in the contexts it
 * sees them, where the counters of the online models only learn exact contexts.
 *
 * <p>Everything integer, in a fixed order (rows by id): a row that learnt keeps a master copy in
 * Q{@value #MASTER_FRAC} and is requantized to int8 with a new scale after each step; the engine
 * multiplies this copy ({@code ForwardEngine.headWeights}). Rows that never learnt are the model's
 * own, so before the first token of a frame the predictor is the plain LM. {@link #reset} restores
 * the model's layer at every frame. One instance per lane: 4 bytes per weight of the rows that
 * learnt plus an int8 copy of the layer ({@link PanelLinear#writableCopy}, in memory of the model's kind).
 */
final class AdaptiveHead {
    /** Base learning rate 2^-11 (≈ 0.0005): in replays the best of 0.0001…0.003 (docs/mixing.md, version 6). */
    static final int ETA_SHIFT = 11;
    /** Rows learn when the model gave their token at least 2^-10 (and the coded token's always). */
    static final int PMIN_SHIFT = 10;
    /** Fraction bits of the master rows. */
    static final int MASTER_FRAC = 24;
    /** g (Q16) · h (Q12) · 2^-ETA_SHIFT in Q{@link #MASTER_FRAC}. */
    private static final int STEP_SHIFT = 16 + Fixed.ACT_FRAC + ETA_SHIFT - MASTER_FRAC;
    private static final int MASTER_LIMIT = 1 << 30;

    private final PanelLinear base;
    private final int rows;
    private final int cols;
    private final int[] mult;
    private final byte[] shift;
    private final PanelLinear head;
    private final int[][] master;
    private final int[] learnt;
    private int learntCount;
    /** The requantized row before it is written into the panels. */
    private final int[] row;
    // exact integer vectors: the width changes the speed, never a result (at least 128 bits, which
    // the Vector API also runs where the CPU or the JVM's flags allow less)
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED.vectorBitSize() >= 128
            ? LongVector.SPECIES_PREFERRED : LongVector.SPECIES_128;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, LONGS.vectorShape());
    private static final VectorSpecies<Integer> HALF_INTS =
            VectorSpecies.of(int.class, VectorShape.forBitSize(LONGS.vectorBitSize() / 2));


    AdaptiveHead(PanelLinear base) {
        this.base = base;
        this.rows = base.rows();
        this.cols = base.cols();
        this.head = base.writableCopy();
        this.mult = head.mult();
        this.shift = head.shift();
        this.master = new int[rows][];
        this.learnt = new int[rows];
        this.row = new int[cols];
    }

    /** The layer to multiply: the model's, with the rows that learnt replaced by their adapted copies. */
    PanelLinear head() {
        return head;
    }

    /** How many rows have learnt since the last reset. */
    int rowsLearnt() {
        return learntCount;
    }

    /** The master copy of row {@code v} (Q{@value #MASTER_FRAC}), or null if it has not learnt. */
    int[] master(int v) {
        return master[v];
    }

    /** Back to the model's own layer (a new frame). */
    void reset() {
        for (int i = 0; i < learntCount; i++) {
            int v = learnt[i];
            for (int c = 0; c < cols; c++) {
                head.setWeight(v, c, base.weight(v, c));
            }
            mult[v] = base.mult()[v];
            shift[v] = base.shift()[v];
            master[v] = null;
        }
        learntCount = 0;
    }

    /**
     * One step after coding {@code token}: {@code weights} are the next-token weights this layer
     * gave ({@code e^(logit - max)} in Q30) for the final hidden state {@code hidden} (Q12).
     */
    void learn(int[] weights, int[] hidden, int token) {
        long total = sum(weights);
        if (total == 0) {
            return;
        }
        // w << PMIN_SHIFT >= total  <=>  w >= ceil(total / 2^PMIN_SHIFT): compared as ints, a vector at a time
        long least = (total + (1L << PMIN_SHIFT) - 1) >> PMIN_SHIFT;
        int threshold = (int) Math.min(least, Integer.MAX_VALUE);
        int v = 0;
        for (; v + INTS.length() <= rows; v += INTS.length()) {
            if (IntVector.fromArray(INTS, weights, v).compare(VectorOperators.GE, threshold).anyTrue() || vectorHolds(v, token)) {
                for (int u = v; u < v + INTS.length(); u++) {
                    learnRow(weights, hidden, token, u, total, least);
                }
            }
        }
        for (; v < rows; v++) {
            learnRow(weights, hidden, token, v, total, least);
        }
    }

    private boolean vectorHolds(int v, int token) {
        return token >= v && token < v + INTS.length();
    }

    private void learnRow(int[] weights, int[] hidden, int token, int v, long total, long least) {
        long w = weights[v];
        if (v == token || w >= least) {
            // d(-ln p(token)) / d(logit v) = p_v - [v = token], in Q16
            int g = (int) ((w << 16) / total) - (v == token ? 1 << 16 : 0);
            step(v, g, hidden);
        }
    }

    private static long sum(int[] weights) {
        LongVector acc = LongVector.zero(LONGS);
        int v = 0;
        for (; v + HALF_INTS.length() <= weights.length; v += HALF_INTS.length()) {
            acc = acc.add(IntVector.fromArray(HALF_INTS, weights, v).convertShape(VectorOperators.I2L, LONGS, 0));
        }
        long total = acc.reduceLanes(VectorOperators.ADD);
        for (; v < weights.length; v++) {
            total += weights[v];
        }
        return total;
    }

    private void step(int v, int g, int[] hidden) {
        int[] m = master[v];
        if (m == null) {
            m = fromBase(v);
            master[v] = m;
            learnt[learntCount++] = v;
        }
        long half = 1L << (STEP_SHIFT - 1);
        int c = 0;
        for (; c + HALF_INTS.length() <= cols; c += HALF_INTS.length()) {
            LongVector h = (LongVector) IntVector.fromArray(HALF_INTS, hidden, c).convertShape(VectorOperators.I2L, LONGS, 0);
            LongVector mv = (LongVector) IntVector.fromArray(HALF_INTS, m, c).convertShape(VectorOperators.I2L, LONGS, 0);
            LongVector next = mv.sub(h.mul(g).add(half).lanewise(VectorOperators.ASHR, STEP_SHIFT))
                    .max(-MASTER_LIMIT).min(MASTER_LIMIT);
            next.convertShape(VectorOperators.L2I, HALF_INTS, 0).reinterpretAsInts().intoArray(m, c);
        }
        for (; c < cols; c++) {
            long next = m[c] - (((long) g * hidden[c] + half) >> STEP_SHIFT);
            m[c] = (int) Math.max(-MASTER_LIMIT, Math.min(MASTER_LIMIT, next));
        }
        requantize(v, m);
    }

    /** Row {@code v} of the model in Q{@value #MASTER_FRAC}: {@code q · mult / 2^shift}, rounded. */
    private int[] fromBase(int v) {
        int[] m = new int[cols];
        long mu = base.mult()[v];
        int s = base.shift()[v] - MASTER_FRAC;
        for (int c = 0; c < cols; c++) {
            long q = base.weight(v, c);
            long x = s > 0 ? Fixed.mulShrRound(q, mu, s) : (q * mu) << -s;
            m[c] = (int) Math.max(-MASTER_LIMIT, Math.min(MASTER_LIMIT, x));
        }
        return m;
    }

    /**
     * The int8 copy of row {@code v}: {@code q = (m · r + 2^31) >> 32} with {@code r = floor(127 · 2^32 / max|m|)}
     * (a multiplication per weight instead of a division), and the scale
     * {@code mult / 2^shift = max|m| / (127 · 2^MASTER_FRAC)}, mult in [2^29, 2^30).
     */
    private void requantize(int v, int[] m) {
        // |m| <= 2^30, so int lanes hold every absolute value
        int c = 0;
        IntVector most = IntVector.broadcast(INTS, 1);
        for (; c + INTS.length() <= cols; c += INTS.length()) {
            most = most.max(IntVector.fromArray(INTS, m, c).abs());
        }
        long amax = most.reduceLanes(VectorOperators.MAX);
        for (; c < cols; c++) {
            amax = Math.max(amax, Math.abs((long) m[c]));
        }
        long r = ((long) Fixed.Q8_MAX << 32) / amax;
        c = 0;
        for (; c + HALF_INTS.length() <= cols; c += HALF_INTS.length()) {
            LongVector q = ((LongVector) IntVector.fromArray(HALF_INTS, m, c).convertShape(VectorOperators.I2L, LONGS, 0))
                    .mul(r).add(1L << 31).lanewise(VectorOperators.ASHR, 32);
            q.convertShape(VectorOperators.L2I, HALF_INTS, 0).reinterpretAsInts().intoArray(row, c);
        }
        for (; c < cols; c++) {
            row[c] = (int) ((m[c] * r + (1L << 31)) >> 32);
        }
        for (c = 0; c < cols; c++) {
            head.setWeight(v, c, (byte) row[c]);
        }
        int k = 37 - (64 - Long.numberOfLeadingZeros(amax)); // amax · 2^k / 127 in [2^29, 2^30)
        mult[v] = (int) Fixed.roundDiv(amax << k, Fixed.Q8_MAX);
        shift[v] = (byte) (k + MASTER_FRAC);
    }
}
