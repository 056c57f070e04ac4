package dev.lmzip.codec.media;

import dev.lmzip.codec.bytemodel.BitPredictor;
import dev.lmzip.codec.bytemodel.Counters;
import dev.lmzip.codec.bytemodel.Logistic;
import dev.lmzip.codec.bytemodel.Mixing;
import dev.lmzip.codec.bytemodel.ProbabilityMap;
import dev.lmzip.codec.rangecoder.BinaryDistribution;

import java.util.Arrays;

/**
 * The state of one frame of the media predictor: codes each sample from its top bit down. Before
 * each bit the interval of values still possible is {@code [lo, lo + 2·half)}; each prediction of
 * the sample ({@link SamplePredictions}) gives the distance {@code d} from the interval's middle,
 * which, measured in units of the expected error and bucketed, selects an adaptive counter — so
 * the model learns the shape of the error distribution of every predictor within a few hundred
 * samples, whatever the sample values. Fine contexts (prediction × bits so far, 8-bit samples),
 * an order-0 context and hashed neighbourhood contexts add detail. Two gated linear mixers (weight
 * sets by bit × error scale, and by bit × the main prediction's distance) and two adaptive
 * probability maps produce the bit's probability. Header and trailing bytes use an order-1 model.
 * Integer only; everything is reset at each frame.
 */
final class MediaModel implements BitPredictor.State {
    private static final int D_BUCKETS = 40;
    private static final int H_BUCKETS = 16;
    private static final int SELECTORS = 8;
    private static final int MIXER_LR = 3;
    private static final int BOOST = 6;
    private static final int DECAY = 1024;
    private static final int DLIMIT = 1023;
    private static final int FM = 2;
    private static final int FA = 1;

    /** Confidence of the prior, in observations: the count a distance counter starts with. */
    private static final int PRIOR_COUNT = 30;
    /** Starting state of the distance counters, by scale bucket × distance bucket. */
    private static final int[] PRIOR = new int[H_BUCKETS * D_BUCKETS];

    static {
        // errors assumed Laplacian with the expected absolute error as scale: the probability that
        // the sample is in the upper half of its interval, given it is in the interval. StrictMath
        // and rounding to integers make the table the same on every JVM.
        for (int hb = 0; hb < H_BUCKETS; hb++) {
            double h = StrictMath.pow(2, hb - 6);
            for (int db = 0; db < D_BUCKETS; db++) {
                int q = db >= 20 ? db - 20 : 19 - db;
                double r = q < 12 ? q + 0.5 : q == 12 ? 14 : 1.5 * StrictMath.pow(2, q - 9);
                double t = (db >= 20 ? r : -r - 1) / 4; // prediction − interval middle, in error scales
                double upper = laplace(-t + h) - laplace(-t);
                double all = laplace(-t + h) - laplace(-t - h);
                double p1 = all > 1e-12 ? upper / all : (t >= 0 ? 1 : 0);
                int p = (int) StrictMath.round(p1 * ((1 << 22) - 1));
                p = Math.max(1 << 12, Math.min((1 << 22) - (1 << 12), p));
                PRIOR[hb * D_BUCKETS + db] = p << 10 | PRIOR_COUNT;
            }
        }
    }

    private static double laplace(double x) {
        return x < 0 ? 0.5 * StrictMath.exp(x) : 1 - 0.5 * StrictMath.exp(-x);
    }

    private final MediaLayout layout;
    private final SamplePredictions source;
    private final int valueBits;
    private final int bytesPerValue;
    private final int predictions;
    private final int hashes;
    private final boolean fine; // per-value-and-prefix counters (8-bit samples only)
    private final int inputs;
    private final BinaryDistribution distribution = new BinaryDistribution(BitPredictor.PRECISION_BITS);

    // counters: p (22 bits) << 10 | n (10 bits)
    private final int[] distance;
    private final int[] finer;
    private final int[] order0;
    private int[] hashed = new int[0];
    private int hashShift;
    private final int[] plain0 = new int[256];
    private final int[] plain1 = new int[1 << 16];

    private final int[] weights1;
    private final int[] weights2;
    private final int[] x;
    private final int[] slots;
    private int set1;
    private int set2;
    private int out1;
    private int out2;
    private final ProbabilityMap apm1;
    private final ProbabilityMap apm2;

    // position
    private int frameLength;
    private int valuesEnd; // coded-byte position after the last whole sample
    private int pos; // coded bytes done
    private int c0; // partial byte (plain) or partial value (samples), with a leading 1
    private int bit; // bits of the current byte or value done
    private int previousByte;
    private int valueIndex;
    private int inverseScale;
    private int logScale;
    private int d0;
    private int h0;
    private boolean plain;

    MediaModel(MediaLayout layout) {
        this.layout = layout;
        this.valueBits = layout.bits();
        this.bytesPerValue = layout.bytesPerValue();
        if (layout.kind() == MediaLayout.Kind.IMAGE) {
            source = new ImagePredictions(layout);
        } else {
            source = new AudioPredictions(layout);
        }
        predictions = source.predictions.length;
        hashes = source.hashes.length;
        fine = valueBits == 8;
        inputs = predictions * (fine ? 2 : 1) + 1 + hashes + 1;
        distance = new int[predictions * H_BUCKETS * D_BUCKETS];
        finer = fine ? new int[predictions << 16] : new int[0];
        order0 = new int[1 << valueBits];
        weights1 = new int[valueBits * SELECTORS * inputs];
        weights2 = new int[valueBits * D_BUCKETS * inputs];
        x = new int[inputs];
        slots = new int[inputs];
        apm1 = new ProbabilityMap(valueBits * D_BUCKETS);
        apm2 = new ProbabilityMap(valueBits * H_BUCKETS * SELECTORS);
    }

    @Override
    public void reset(int length) {
        frameLength = length;
        int offset = Math.min(layout.offset(), length);
        valuesEnd = layout.samplesEnd(length);
        int values = (valuesEnd - offset) / bytesPerValue;
        if (source instanceof ImagePredictions image) {
            image.reset(values);
        } else {
            ((AudioPredictions) source).reset();
        }
        long bits = 8L * Math.max(1, length);
        int tableBits = Math.max(12, Math.min(22, 65 - Long.numberOfLeadingZeros(bits - 1)));
        if (hashed.length != 1 << tableBits) {
            hashed = new int[1 << tableBits];
        }
        hashShift = 32 - tableBits;
        for (int[] t : new int[][] {finer, order0, hashed, plain0, plain1}) {
            Arrays.fill(t, 1 << 31);
        }
        for (int i = 0; i < predictions; i++) {
            System.arraycopy(PRIOR, 0, distance, i * PRIOR.length, PRIOR.length);
        }
        int start = (1 << 17) / Math.max(1, predictions);
        for (int[] w : new int[][] {weights1, weights2}) {
            for (int s = 0; s < w.length; s += inputs) {
                for (int i = 0; i < inputs; i++) {
                    w[s + i] = i < predictions ? start : 0;
                }
            }
        }
        apm1.reset();
        apm2.reset();
        pos = 0;
        bit = 0;
        c0 = 1;
        previousByte = 0;
        valueIndex = 0;
        plain = pos < offset || pos >= valuesEnd;
    }

    @Override
    public BinaryDistribution predict() {
        if (plain) {
            int s0 = Logistic.stretch(plain0[c0] >>> 20);
            int s1 = Logistic.stretch(plain1[previousByte << 8 | c0] >>> 20);
            return distribution.setP1(Math.max(1, Math.min(4095, Logistic.squash((s0 + 3 * s1) >> 2))));
        }
        if (bit == 0) {
            source.prepare(valueIndex);
            inverseScale = (1 << 20) / source.scale16;
            logScale = SamplePredictions.log2(source.scale16);
        }
        int k = bit;
        int below = valueBits - 1 - k;
        int half = 1 << below;
        int mid = ((c0 ^ (1 << k)) << (valueBits - k)) + half;
        int hb = Math.max(0, Math.min(H_BUCKETS - 1, below + 4 - logScale + 6));
        int n = 0;
        int[] p = source.predictions;
        for (int i = 0; i < predictions; i++) {
            int db = bucket(p[i] - mid);
            if (i == 0) {
                d0 = db;
            }
            int slot = (i * H_BUCKETS + hb) * D_BUCKETS + db;
            slots[n] = slot;
            x[n++] = Logistic.stretch(distance[slot] >>> 20);
        }
        if (fine) {
            for (int i = 0; i < predictions; i++) {
                int slot = (i << 16) | p[i] << 8 | c0;
                slots[n] = slot;
                x[n++] = Logistic.stretch(finer[slot] >>> 20);
            }
        }
        slots[n] = c0;
        x[n++] = Logistic.stretch(order0[c0] >>> 20);
        for (int j = 0; j < hashes; j++) {
            int h = (source.hashes[j] + c0 * 0x9E3779B1) * 0x85EBCA6B;
            int slot = (h ^ (h >>> 16)) * 0x2C1B3C6D >>> hashShift;
            slots[n] = slot;
            x[n++] = Logistic.stretch(hashed[slot] >>> 20);
        }
        x[n] = 256;
        h0 = hb;
        set1 = (k * SELECTORS + source.selector) * inputs;
        set2 = (k * D_BUCKETS + d0) * inputs;
        int dot1 = Mixing.dot(weights1, set1, x, inputs);
        int dot2 = Mixing.dot(weights2, set2, x, inputs);
        out1 = Logistic.squash(dot1);
        out2 = Logistic.squash(dot2);
        int d = (dot1 + dot2) >> 1;
        int pm = Logistic.squash(d);
        int pa1 = apm1.refine(d, k * D_BUCKETS + d0);
        int pa2 = apm2.refine(d, (k * H_BUCKETS + h0) * SELECTORS + source.selector);
        int pf = (FM * pm + FA * pa1 + (4 - FM - FA) * pa2 + 2) >> 2;
        return distribution.setP1(Math.max(1, Math.min(4095, pf)));
    }

    /** Bucket of a prediction's distance from the interval middle, in units of a quarter of the error scale. */
    private int bucket(int d) {
        int a = d >= 0 ? d : -d - 1;
        int r = (int) (((long) a * inverseScale) >> 14);
        int q = r < 12 ? r : Math.min(19, 12 + SamplePredictions.log2(r) - 3);
        return d >= 0 ? 20 + q : 19 - q;
    }

    @Override
    public void update(int y) {
        if (plain) {
            train(plain0, c0, y, 255);
            train(plain1, previousByte << 8 | c0, y, 255);
            c0 = c0 << 1 | y;
            if (++bit == 8) {
                previousByte = c0 & 0xFF;
                endByte();
            }
            return;
        }
        int n = 0;
        for (int i = 0; i < predictions; i++) {
            train(distance, slots[n++], y, DLIMIT);
        }
        if (fine) {
            for (int i = 0; i < predictions; i++) {
                train(finer, slots[n++], y, 255);
            }
        }
        train(order0, slots[n++], y, 255);
        for (int j = 0; j < hashes; j++) {
            train(hashed, slots[n++], y, 255);
        }
        // a faster start: the rate decays from MIXER_LR + BOOST to MIXER_LR over the first samples
        int lr = MIXER_LR * 16 + BOOST * 16 * DECAY / (DECAY + valueIndex);
        Mixing.learn(weights1, set1, x, inputs, ((y << 12) - out1) * lr >> 4);
        Mixing.learn(weights2, set2, x, inputs, ((y << 12) - out2) * lr >> 4);
        apm1.update(y);
        apm2.update(y);
        c0 = c0 << 1 | y;
        if (++bit == valueBits) {
            source.commit(c0 & ((1 << valueBits) - 1));
            previousByte = c0 & 0xFF;
            valueIndex++;
            pos += bytesPerValue;
            bit = 0;
            c0 = 1;
            plain = pos >= valuesEnd;
        }
    }

    private void endByte() {
        pos++;
        bit = 0;
        c0 = 1;
        plain = pos < layout.offset() || pos >= valuesEnd;
    }

    private static void train(int[] t, int i, int y, int limit) {
        Counters.train(t, i, y, limit);
    }
}
