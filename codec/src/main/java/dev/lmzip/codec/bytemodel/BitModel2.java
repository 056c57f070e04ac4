package dev.lmzip.codec.bytemodel;

import dev.lmzip.codec.rangecoder.BinaryDistribution;

import java.util.Arrays;

/**
 * The state of one frame of the second byte model ({@code bytes2}, {@link ByteModel2}): the byte
 * model's orders (0–4, 6) and match model, plus what binary files need: sparse contexts (bytes
 * two to four back, skipping the last), a record model (the period of the data, found from
 * repeating distances between equal bytes, gives contexts of the bytes one and two records
 * back and their neighbours: table columns, image rows), a word context, fixed-width (2- and
 * 4-byte) field contexts, and a long-match model. Two mixers, two APMs. Integer only.
 */
final class BitModel2 implements BitPredictor.State {
    private static final int HASHED = 14;
    private static final int INPUTS = 2 + HASHED + 2 + 1; // order 0, order 1, hashed, two matches, bias
    private static final int MATCH_MIN = 6;
    private static final int LONG_MATCH_MIN = 20;
    private static final int MIXER_LR = 4;
    private static final int COUNTER_LIMIT = 20; // binary data changes its statistics often: adapt fast
    private static final int MAX_PERIOD = 4096;

    private final BinaryDistribution distribution = new BinaryDistribution(BitPredictor.PRECISION_BITS);

    // counters: p (22 bits) << 10 | n (10 bits)
    private final int[] order0 = new int[256];
    private final int[] order1 = new int[256 * 256];
    private int[] table = new int[0];
    private int tableMask;
    private final int[] contextHash = new int[HASHED];
    private final int[] base = new int[HASHED];
    private final int[] slot = new int[HASHED];

    private byte[] history = new byte[0];
    private int length;
    private int c0;
    private int bitPos;
    private int word;

    // record model: period from repeated distances between equal bytes
    private final int[] lastPosition = new int[256];
    private final int[] lastDistance = new int[256];
    private final int[] periodScore = new int[MAX_PERIOD + 1];
    private int period;

    // match models (shortest and long repeats)
    private final Match shortMatch = new Match(MATCH_MIN);
    private final Match longMatch = new Match(LONG_MATCH_MIN);

    // mixers and APMs
    private final int[] weights1 = new int[256 * INPUTS];
    private final int[] weights2 = new int[8 * 4 * 3 * INPUTS];
    private final int[] inputs = new int[INPUTS];
    private int set1;
    private int set2;
    private int out1;
    private int out2;
    private final ProbabilityMap apm1 = new ProbabilityMap(65536);
    private ProbabilityMap apm2 = new ProbabilityMap(0);
    private int apmMask2;
    private int apm2Contexts;

    private final class Match {
        final int min;
        int[] table = new int[0];
        int bits;
        int ptr;
        int length;
        int expected;
        final int[] counters = new int[64 * 2];
        int counter = -1;

        Match(int min) {
            this.min = min;
        }

        void reset(int tableBits) {
            bits = Math.max(10, tableBits - 4);
            if (table.length != 1 << bits) {
                table = new int[1 << bits];
            } else {
                Arrays.fill(table, 0);
            }
            Arrays.fill(counters, 1 << 31);
            ptr = 0;
            length = 0;
            expected = 0;
        }

        int input() {
            if (length > 0 && ((expected + 256) >>> (8 - bitPos)) == c0) {
                int bit = (expected >>> (7 - bitPos)) & 1;
                counter = Math.min(length, 63) * 2 + bit;
                return Logistic.stretch(counters[counter] >>> 20);
            }
            counter = -1;
            return 0;
        }

        void train(int y) {
            if (counter >= 0) {
                BitModel2.train(counters, counter, y, 1023);
            }
        }

        void afterBit() {
            if (length > 0 && ((expected + 256) >>> (8 - bitPos)) != c0) {
                length = 0;
            }
        }

        void afterByte(byte b) {
            if (length > 0 && ptr < length() - 1 && history[ptr] == b) {
                length++;
                ptr++;
            } else {
                length = 0;
            }
            int n = length();
            if (n >= min) {
                int h = 0;
                for (int i = n - min; i < n; i++) {
                    h = (h + (history[i] & 0xFF) + 1) * 0x2F0B4A13;
                }
                h >>>= 32 - bits;
                if (length == 0) {
                    int candidate = table[h];
                    if (candidate > 0) {
                        int k = 0;
                        while (k < 64 && candidate - 1 - k >= 0 && history[candidate - 1 - k] == history[n - 1 - k]) {
                            k++;
                        }
                        if (k >= min) {
                            length = k;
                            ptr = candidate;
                        }
                    }
                }
                table[h] = n;
            }
            expected = length > 0 ? history[ptr] & 0xFF : 0;
        }

        private int length() {
            return BitModel2.this.length;
        }
    }

    @Override
    public void reset(int frameLength) {
        long bits = 8L * Math.max(1, frameLength);
        int tableBits = Math.max(12, Math.min(22, 65 - Long.numberOfLeadingZeros(bits - 1) + 1));
        int sharedBits = Math.min(23, tableBits + 2);
        if (table.length != 1 << sharedBits) {
            table = new int[1 << sharedBits];
        }
        tableMask = (1 << sharedBits) - 16;
        Arrays.fill(table, 1 << 31);
        shortMatch.reset(tableBits);
        longMatch.reset(tableBits);
        if (history.length < frameLength) {
            history = new byte[frameLength];
        }
        Arrays.fill(order0, 1 << 31);
        Arrays.fill(order1, 1 << 31);
        for (int[] w : new int[][] {weights1, weights2}) {
            for (int s = 0; s < w.length; s += INPUTS) {
                for (int i = 0; i < INPUTS; i++) {
                    w[s + i] = i == INPUTS - 1 ? 0 : (1 << 16) / 10;
                }
            }
        }
        int apmBits = Math.max(8, Math.min(16, tableBits - 6));
        apmMask2 = (1 << apmBits) - 1;
        if (apmMask2 + 1 != apm2Contexts) {
            apm2 = new ProbabilityMap(apmMask2 + 1);
            apm2Contexts = apmMask2 + 1;
        }
        apm1.reset();
        apm2.reset();
        Arrays.fill(lastPosition, -1);
        Arrays.fill(lastDistance, 0);
        Arrays.fill(periodScore, 0);
        period = 0;
        length = 0;
        c0 = 1;
        bitPos = 0;
        word = 0;
        computeContexts();
        computeSlots();
    }

    private int back(int k) {
        return length - k >= 0 ? history[length - k] & 0xFF : 0;
    }

    @Override
    public BinaryDistribution predict() {
        int c1 = back(1);
        inputs[0] = Logistic.stretch(order0[c0] >>> 20);
        inputs[1] = Logistic.stretch(order1[c1 << 8 | c0] >>> 20);
        int within = (bitPos < 4 ? c0 : (c0 & ((1 << (bitPos - 4)) - 1)) | (1 << (bitPos - 4))) & 15;
        for (int i = 0; i < HASHED; i++) {
            slot[i] = base[i] + within;
            inputs[2 + i] = Logistic.stretch(table[slot[i]] >>> 20);
        }
        inputs[2 + HASHED] = shortMatch.input();
        inputs[3 + HASHED] = longMatch.input();
        inputs[INPUTS - 1] = 256;

        set1 = c0 * INPUTS;
        int m = shortMatch.length == 0 ? 0 : shortMatch.length < 16 ? 1 : shortMatch.length < 32 ? 2 : 3;
        set2 = ((bitPos * 4 + m) * 3 + (period == 0 ? 0 : length % period == 0 ? 1 : 2)) * INPUTS;
        int d1 = Mixing.dot(weights1, set1, inputs, INPUTS);
        int d2 = Mixing.dot(weights2, set2, inputs, INPUTS);
        out1 = Logistic.squash(d1);
        out2 = Logistic.squash(d2);
        int d = (d1 + d2) >> 1;
        int pm = Logistic.squash(d);
        int pa1 = apm1.refine(d, c1 << 8 | c0);
        int h2 = ((back(2) << 8 | c1) * 0x2F0B4A13 + c0 * 0x9E3779B1) * 0x85EBCA6B;
        int pa2 = apm2.refine(d, (h2 ^ (h2 >>> 15)) & apmMask2);
        int p = (2 * pm + pa1 + pa2 + 2) >> 2;
        return distribution.setP1(Math.max(1, Math.min(4095, p)));
    }

    @Override
    public void update(int y) {
        int c1 = back(1);
        train(order0, c0, y, COUNTER_LIMIT);
        train(order1, c1 << 8 | c0, y, COUNTER_LIMIT);
        for (int i = 0; i < HASHED; i++) {
            train(table, slot[i], y, COUNTER_LIMIT);
        }
        shortMatch.train(y);
        longMatch.train(y);
        Mixing.learn(weights1, set1, inputs, INPUTS, ((y << 12) - out1) * MIXER_LR);
        Mixing.learn(weights2, set2, inputs, INPUTS, ((y << 12) - out2) * MIXER_LR);
        apm1.update(y);
        apm2.update(y);

        c0 = (c0 << 1) | y;
        bitPos++;
        shortMatch.afterBit();
        longMatch.afterBit();
        if (bitPos == 8) {
            endByte((byte) c0);
            c0 = 1;
            bitPos = 0;
            computeContexts();
        }
        if (bitPos == 0 || bitPos == 4) {
            computeSlots();
        }
    }

    private void endByte(byte b) {
        int v = b & 0xFF;
        history[length++] = b;
        shortMatch.afterByte(b);
        longMatch.afterByte(b);
        // record model: a distance between equal bytes that repeats is a candidate period
        int pos = length - 1;
        if (lastPosition[v] >= 0) {
            int dist = pos - lastPosition[v];
            if (dist >= 2 && dist <= MAX_PERIOD && dist == lastDistance[v]) {
                periodScore[dist]++;
            }
            lastDistance[v] = dist;
        }
        lastPosition[v] = pos;
        if ((length & 1023) == 0) {
            int best = 0;
            for (int d = 2; d <= MAX_PERIOD; d++) {
                if (periodScore[d] > periodScore[best]) {
                    best = d;
                }
                periodScore[d] >>= 1;
            }
            period = periodScore[best] >= 8 || best == 0 ? best : period;
        }
        if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || v >= 128) {
            word = (word + (v | 32) + 1) * 0x2F0B4A13;
        } else {
            word = 0;
        }
    }

    /** Context hashes of the next byte (computed once per byte). */
    private void computeContexts() {
        int c1 = back(1);
        int c2 = back(2);
        int c3 = back(3);
        int c4 = back(4);
        int h3 = (c3 << 16 | c2 << 8 | c1);
        int h4 = c4 << 24 | h3;
        int h6 = (h4 * 0x1B873593) ^ (back(5) << 8 | back(6));
        int p = period;
        int r1 = p > 0 ? back(p) : 0;
        int r2 = p > 0 ? back(2 * p) : 0;
        int[] h = contextHash;
        h[0] = (c2 << 8 | c1) * 0x6F4F2A35 + 1;
        h[1] = h3 * 0x5BD1E995 + 2;
        h[2] = h4 * 0x3C6EF372 + 3;
        h[3] = h6 * 0x1B873593 + 4;
        h[4] = (c2 + 0x100) * 0x2F0B4A13 + 5; // sparse: skip the last byte
        h[5] = (c3 << 8 | c2) * 0x6F4F2A35 + 6;
        h[6] = (c4 << 8 | c3) * 0x5BD1E995 + 7;
        h[7] = (c4 << 8 | c1) * 0x3C6EF372 + 8; // field of 4 bytes: same byte of the last word
        h[8] = ((r1 << 8 | r2) * 0x1B873593 + p) * 0x2F0B4A13 + 9; // record: one and two periods back
        h[9] = ((r1 << 8 | c1) * 0x6F4F2A35 + p) * 0x5BD1E995 + 10;
        h[10] = (((p > 0 ? back(p - 1) : 0) << 16 | r1 << 8 | (p > 1 ? back(p + 1) : 0)) * 0x3C6EF372 + p) * 0x2F0B4A13 + 11;
        h[11] = (word + 0x1000) * 0x1B873593 + 12;
        h[12] = ((c2 << 8 | c1) * 0x2F0B4A13 ^ (length & 3) * 0x6F4F2A35) * 0x5BD1E995 + 13; // position in 4-byte fields
        h[13] = (((p > 0 ? length % p : 0) + 0x10000) * 0x6F4F2A35 ^ c1) * 0x3C6EF372 + 14; // column in the record
    }

    /** Cache-line slots at each nibble boundary. */
    private void computeSlots() {
        int nib = bitPos == 0 ? 0 : c0 & 0xFF;
        for (int i = 0; i < HASHED; i++) {
            int x = (contextHash[i] ^ (nib * 0x9E3779B1)) * 0x85EBCA6B;
            base[i] = (x ^ (x >>> 15)) & tableMask;
        }
    }

    static void train(int[] t, int i, int y, int limit) {
        Counters.train(t, i, y, limit);
    }
}
