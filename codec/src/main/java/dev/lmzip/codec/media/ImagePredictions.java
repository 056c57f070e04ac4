package dev.lmzip.codec.media;

/**
 * Predictions of an 8-bit image sample from its causal neighbours in the same channel (W, N, NW,
 * NE, WW, NN, NNE) and, for the second and later channels of a pixel, from the channels already
 * coded: LOCO-I's median edge detector (MED), CALIC's gradient-adjusted prediction (GAP), plane and
 * linear extrapolations, and channel-difference corrections. The error scale comes from the
 * errors of MED at the neighbours and the local gradients. Positions count from the frame start,
 * which the container makes the first sample after the header.
 */
final class ImagePredictions extends SamplePredictions {
    static final int PREDICTIONS = 13;
    static final int HASHES = 3;

    private final int width;
    private final int channels;
    private final int stride;
    private int[] values = new int[0];
    private int[] errors = new int[0]; // |value − main prediction| per sample
    private int index;
    private int x;
    private int channel;
    private int main;

    ImagePredictions(MediaLayout layout) {
        super(PREDICTIONS, HASHES);
        this.width = layout.width();
        this.channels = layout.channels();
        this.stride = width * channels;
    }

    void reset(int valueCount) {
        if (values.length < valueCount) {
            values = new int[valueCount];
            errors = new int[valueCount];
        }
    }

    private int at(int dx, int dy, int fallback) {
        int xx = x + dx;
        if (xx < 0 || xx >= width) {
            return fallback;
        }
        int i = index + dy * stride + dx * channels;
        return i >= 0 && i < index ? values[i] : fallback;
    }

    private int errAt(int dx, int dy) {
        int xx = x + dx;
        if (xx < 0 || xx >= width) {
            return 0;
        }
        int i = index + dy * stride + dx * channels;
        return i >= 0 && i < index ? errors[i] : 0;
    }

    @Override
    void prepare(int i) {
        index = i;
        int pixel = i / channels;
        channel = i - pixel * channels;
        x = pixel % width;
        boolean top = i < stride;
        int w = at(-1, 0, top ? (channel > 0 ? values[i - 1] : 128) : at(0, -1, 128));
        int n = at(0, -1, w);
        int nw = at(-1, -1, n);
        int ne = at(1, -1, n);
        int ww = at(-2, 0, w);
        int nn = at(0, -2, n);
        int nne = at(1, -2, ne);

        int med = nw >= Math.max(w, n) ? Math.min(w, n) : nw <= Math.min(w, n) ? Math.max(w, n) : w + n - nw;
        int dh = Math.abs(w - ww) + Math.abs(n - nw) + Math.abs(n - ne);
        int dv = Math.abs(w - nw) + Math.abs(n - nn) + Math.abs(ne - nne);
        int gap;
        if (dv - dh > 80) {
            gap = w;
        } else if (dh - dv > 80) {
            gap = n;
        } else {
            int g = (w + n) / 2 + (ne - nw) / 4;
            if (dv - dh > 32) {
                g = (g + w) / 2;
            } else if (dv - dh > 8) {
                g = (3 * g + w) / 4;
            } else if (dh - dv > 32) {
                g = (g + n) / 2;
            } else if (dh - dv > 8) {
                g = (3 * g + n) / 4;
            }
            gap = g;
        }
        int grad = Math.abs(w - nw) + Math.abs(n - nw) + Math.abs(n - ne);
        int[] p = predictions;
        p[1] = gap;
        p[2] = w;
        p[3] = n;
        p[4] = w + n - nw;
        p[5] = (w + ne + 1) / 2;
        p[6] = n + ne - nne;
        p[7] = 2 * w - ww;
        p[8] = 2 * n - nn;
        p[9] = (w + n + 1) / 2;
        if (channel > 0) {
            // the channel coded just before, at this pixel and at its neighbours
            int c = values[i - 1];
            int cw = at(-1, 0, -1) < 0 ? c : values[i - channels - 1];
            int cn = i - stride - 1 >= 0 ? values[i - stride - 1] : cw;
            int cnw = x > 0 && i - stride - channels - 1 >= 0 ? values[i - stride - channels - 1] : cn;
            int cmed = cnw >= Math.max(cw, cn) ? Math.min(cw, cn) : cnw <= Math.min(cw, cn) ? Math.max(cw, cn) : cw + cn - cnw;
            // activity of the difference to the previous channel, which the channel predictions follow
            int cne = x + 1 < width && i - stride + channels - 1 >= 0 ? values[i - stride + channels - 1] : cn;
            grad = Math.abs((w - cw) - (nw - cnw)) + Math.abs((n - cn) - (nw - cnw)) + Math.abs((n - cn) - (ne - cne));
            p[10] = w + c - cw;
            p[11] = n + c - cn;
            p[12] = med + c - cmed;
            p[0] = p[12];
            p[9] = (med + p[12] + 1) / 2;
        } else {
            p[10] = (w + n + ne + nw + 2) / 4;
            p[11] = (3 * w + 3 * n - 2 * nw + 2) / 4;
            p[12] = (gap + med + 1) / 2;
            p[0] = med;
        }
        for (int k = 0; k < PREDICTIONS; k++) {
            p[k] = clamp(p[k], 255);
        }
        main = p[0];
        int e = 32 * (errAt(-1, 0) + errAt(0, -1)) + 16 * (errAt(-1, -1) + errAt(1, -1));
        scale16 = Math.max(16, (e + 16 * grad) / 9);
        selector = Math.min(7, log2(scale16) - 4);
        hashes[0] = hash(1 + channel, w >> 3, n >> 3);
        hashes[1] = hash(5 + channel, (n >> 2) << 8 | ne >> 2, nw >> 2);
        hashes[2] = hash(9 + channel, clamp(w - nw + 255, 511) >> 2, clamp(n - nw + 255, 511) >> 2);
    }

    @Override
    void commit(int value) {
        values[index] = value;
        errors[index] = Math.abs(value - main);
    }
}
