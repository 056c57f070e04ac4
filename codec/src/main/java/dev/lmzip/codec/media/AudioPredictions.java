package dev.lmzip.codec.media;

/**
 * Predictions of a PCM sample (8 or 16 bits, signed, channels interleaved) from the earlier samples
 * of its channel: FLAC's fixed polynomial predictors of order 1–3, a normalized LMS filter of order
 * 32 on the samples, a second NLMS of order 16 on the first one's residual (a cascade, as Monkey's
 * Audio does), a fast NLMS of order 16 (step 1) on the samples, means, and for later channels of a
 * frame the earlier channel's change. All filters are integer: weights in Q16, the normalization by an integer division, so every machine
 * computes the same prediction.
 */
final class AudioPredictions extends SamplePredictions {
    static final int PREDICTIONS = 9;
    static final int HASHES = 2;
    private static final int ORDER1 = 32;
    private static final int ORDER2 = 16;
    private static final int HISTORY = 64; // ring buffer per channel, a power of two ≥ ORDER1
    private static final int LIMIT = 1 << 17; // errors beyond this adapt as this
    private static final int WEIGHT_LIMIT = 1 << 24;
    private static final int MU = 7; // NLMS step 2^(4 - MU): 1/8 for the cascade
    private static final int MU3 = 4; // step 1 for the fast filter

    private final int channels;
    private final int bias;
    private final int max;
    private final Channel[] state;
    private int channel;
    private int main;
    private int stage1;
    private final int[] current; // signed samples of the frame being coded, by channel

    private static final class Channel {
        final int[] history = new int[HISTORY]; // signed samples
        final int[] residuals = new int[HISTORY]; // stage-1 residuals
        final int[] w1 = new int[ORDER1];
        final int[] w2 = new int[ORDER2];
        final int[] w3 = new int[ORDER2]; // a fast-adapting short filter on the samples
        int p3;
        int pos;
        int scale16 = 16 * 16;
        int p1;
        int p2;

        void reset() {
            java.util.Arrays.fill(history, 0);
            java.util.Arrays.fill(residuals, 0);
            java.util.Arrays.fill(w1, 0);
            java.util.Arrays.fill(w2, 0);
            java.util.Arrays.fill(w3, 0);
            w3[0] = 1 << 16;
            w1[0] = 1 << 16; // start as "same as the last sample"
            pos = 0;
            scale16 = 16 * 16;
        }

        int back(int[] ring, int k) {
            return ring[(pos - k) & (HISTORY - 1)];
        }
    }

    AudioPredictions(MediaLayout layout) {
        super(PREDICTIONS, HASHES);
        this.channels = layout.channels();
        this.bias = 1 << (layout.bits() - 1);
        this.max = (1 << layout.bits()) - 1;
        state = new Channel[channels];
        for (int c = 0; c < channels; c++) {
            state[c] = new Channel();
        }
        current = new int[channels];
    }

    void reset() {
        for (Channel c : state) {
            c.reset();
        }
    }

    private static int filter(int[] w, int[] ring, Channel s, int order) {
        long sum = 0;
        for (int j = 0; j < order; j++) {
            sum += (long) w[j] * s.back(ring, j + 1);
        }
        return (int) Math.max(-LIMIT, Math.min(LIMIT, sum >> 16));
    }

    private static void adapt(int[] w, int[] ring, Channel s, int order, int error) {
        adapt(w, ring, s, order, error, MU);
    }

    private static void adapt(int[] w, int[] ring, Channel s, int order, int error, int mu) {
        long energy = 0;
        for (int j = 0; j < order; j++) {
            long v = s.back(ring, j + 1);
            energy += v * v;
        }
        // NLMS with step 1/8: w += e·x / (|x|² + δ)
        long g = ((long) Math.max(-LIMIT, Math.min(LIMIT, error)) << 20) / (energy + 256);
        for (int j = 0; j < order; j++) {
            int v = w[j] + (int) ((g * s.back(ring, j + 1)) >> mu);
            w[j] = Math.max(-WEIGHT_LIMIT, Math.min(WEIGHT_LIMIT, v)); // bounded, so no sum can overflow
        }
    }

    @Override
    void prepare(int index) {
        channel = index % channels;
        Channel s = state[channel];
        int x1 = s.back(s.history, 1);
        int x2 = s.back(s.history, 2);
        int x3 = s.back(s.history, 3);
        s.p1 = filter(s.w1, s.history, s, ORDER1);
        s.p2 = filter(s.w2, s.residuals, s, ORDER2);
        s.p3 = filter(s.w3, s.history, s, ORDER2);
        stage1 = s.p1;
        int cascade = s.p1 + s.p2;
        int[] p = predictions;
        p[0] = cascade;
        p[1] = s.p1;
        p[2] = x1;
        p[3] = 2 * x1 - x2;
        p[4] = 3 * x1 - 3 * x2 + x3;
        p[5] = (cascade + 2 * x1 - x2) / 2;
        p[6] = (x1 + x2) / 2;
        p[8] = s.p3;
        if (channel > 0) {
            Channel o = state[channel - 1];
            p[7] = x1 + current[channel - 1] - o.back(o.history, 1);
        } else {
            p[7] = cascade + (cascade - p[3]) / 2;
        }
        for (int k = 0; k < PREDICTIONS; k++) {
            p[k] = clamp(p[k] + bias, max);
        }
        main = p[0];
        scale16 = Math.max(16, s.scale16);
        selector = Math.min(7, Math.max(0, (log2(scale16) - 4) / 2));
        int q = Math.max(0, log2(scale16) - 4);
        hashes[0] = hash(1 + channel, x1 >> q, x2 >> q);
        hashes[1] = hash(20 + channel, Integer.signum(x1 - x2) + 3 * Integer.signum(x2 - x3), log2(scale16));
    }

    @Override
    void commit(int value) {
        Channel s = state[channel];
        int sample = value - bias;
        current[channel] = sample;
        int e1 = sample - s.p1;
        int e2 = e1 - s.p2;
        adapt(s.w1, s.history, s, ORDER1, e1);
        adapt(s.w2, s.residuals, s, ORDER2, e2);
        adapt(s.w3, s.history, s, ORDER2, sample - s.p3, MU3);
        int err = Math.abs(value - main);
        s.scale16 += (Math.min(err, 1 << 20) * 16 - s.scale16) >> 4;
        s.history[s.pos & (HISTORY - 1)] = sample;
        s.residuals[s.pos & (HISTORY - 1)] = Math.max(-LIMIT, Math.min(LIMIT, e1));
        s.pos++;
    }
}
