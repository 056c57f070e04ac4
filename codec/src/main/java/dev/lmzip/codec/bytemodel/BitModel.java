package dev.lmzip.codec.bytemodel;

import dev.lmzip.codec.rangecoder.BinaryDistribution;

/** The state of one frame of the byte model; see {@link ByteContextModel}. */
final class BitModel implements BitPredictor.State {
    private static final int HASHED_ORDERS = 4; // orders 2, 3, 4, 6
    private static final int INPUTS = 2 + HASHED_ORDERS + 1 + 1; // order 0, order 1, hashed, match, bias
    private static final int MATCH_MIN = 6;
    private static final int APM_MIX = 3;
    private static final int MIXER_LR = 3;
    private static final int COUNTER_LIMIT = 255;

    private final BinaryDistribution distribution = new BinaryDistribution(BitPredictor.PRECISION_BITS);

    // counters: p (22 bits) << 10 | n (10 bits)
    private final int[] order0 = new int[256];
    private final int[] order1 = new int[256 * 256];
    private int[][] hashed = new int[HASHED_ORDERS][];
    private int tableBits;
    private final int[] hashBase = new int[HASHED_ORDERS];
    private final int[] slot = new int[HASHED_ORDERS];

    private byte[] history = new byte[0];
    private int length; // bytes of history
    private int c0; // partial byte with a leading 1
    private int bitPos;

    // match model
    private int[] matchTable;
    private int matchBits;
    private int matchPtr;
    private int matchLength;
    private int expectedByte;
    private final int[] matchCounters = new int[64 * 2];
    private int matchCounterIndex;

    // mixer
    private final int[] weights = new int[256 * INPUTS];
    private final int[] inputs = new int[INPUTS];
    private int mixerBase;
    private int mixerOut;

    // adaptive probability map over order-1 context, 33 knots per context
    private ProbabilityMap apm = new ProbabilityMap(0);
    private int apmContexts;
    private int apmMask;
    private int finalP;

    @Override
    public void reset(int frameLength) {
        long bits = 8L * Math.max(1, frameLength);
        tableBits = Math.max(12, Math.min(22, 65 - Long.numberOfLeadingZeros(bits - 1) + 1));
        for (int i = 0; i < HASHED_ORDERS; i++) {
            if (hashed[i] == null || hashed[i].length != 1 << tableBits) {
                hashed[i] = new int[1 << tableBits];
            } else {
                java.util.Arrays.fill(hashed[i], 0);
            }
        }
        matchBits = Math.max(10, tableBits - 4);
        if (matchTable == null || matchTable.length != 1 << matchBits) {
            matchTable = new int[1 << matchBits];
        } else {
            java.util.Arrays.fill(matchTable, 0);
        }
        if (history.length < frameLength) {
            history = new byte[frameLength];
        }
        java.util.Arrays.fill(order0, 1 << 31);
        java.util.Arrays.fill(order1, 1 << 31);
        for (int[] t : hashed) {
            java.util.Arrays.fill(t, 1 << 31);
        }
        java.util.Arrays.fill(matchCounters, 1 << 31);
        for (int s = 0; s < 256; s++) {
            for (int i = 0; i < INPUTS; i++) {
                weights[s * INPUTS + i] = i == INPUTS - 1 ? 0 : (1 << 16) / 3;
            }
        }
        // small frames get a small map (order 0 plus low bits of the previous byte) so resets stay cheap
        int apmBits = Math.max(8, Math.min(16, tableBits - 6));
        apmMask = (1 << apmBits) - 1;
        if (apmContexts != 1 << apmBits) {
            apm = new ProbabilityMap(1 << apmBits);
            apmContexts = 1 << apmBits;
        }
        apm.reset();
        length = 0;
        c0 = 1;
        bitPos = 0;
        matchPtr = 0;
        matchLength = 0;
        computeSlots();
    }

    @Override
    public BinaryDistribution predict() {
        int c1 = length > 0 ? history[length - 1] & 0xFF : 0;
        inputs[0] = Logistic.stretch(order0[c0] >>> 20);
        inputs[1] = Logistic.stretch(order1[c1 << 8 | c0] >>> 20);
        int within = (bitPos < 4 ? c0 : (c0 & ((1 << (bitPos - 4)) - 1)) | (1 << (bitPos - 4))) & 15;
        for (int i = 0; i < HASHED_ORDERS; i++) {
            slot[i] = hashBase[i] + within;
            inputs[2 + i] = Logistic.stretch(hashed[i][slot[i]] >>> 20);
        }
        // match model: the byte that followed the longest earlier occurrence of this context
        if (matchLength > 0 && ((expectedByte + 256) >>> (8 - bitPos)) == c0) {
            int bit = (expectedByte >>> (7 - bitPos)) & 1;
            matchCounterIndex = Math.min(matchLength, 63) * 2 + bit;
            int st = Logistic.stretch(matchCounters[matchCounterIndex] >>> 20);
            inputs[2 + HASHED_ORDERS] = st;
        } else {
            matchCounterIndex = -1;
            inputs[2 + HASHED_ORDERS] = 0;
        }
        inputs[INPUTS - 1] = 256;

        mixerBase = c0 * INPUTS;
        int d = Mixing.dot(weights, mixerBase, inputs, INPUTS);
        mixerOut = Logistic.squash(d);
        int pa = apm.refine(d, (c1 << 8 | c0) & apmMask);
        int p = APM_MIX == 0 ? mixerOut : (mixerOut * (4 - APM_MIX) + APM_MIX * pa + 2) >> 2;
        finalP = Math.max(1, Math.min(4095, p));
        return distribution.setP1(finalP);
    }

    @Override
    public void update(int y) {
        int c1 = length > 0 ? history[length - 1] & 0xFF : 0;
        train(order0, c0, y);
        train(order1, c1 << 8 | c0, y);
        for (int i = 0; i < HASHED_ORDERS; i++) {
            train(hashed[i], slot[i], y);
        }
        if (matchCounterIndex >= 0) {
            train(matchCounters, matchCounterIndex, y);
        }
        Mixing.learn(weights, mixerBase, inputs, INPUTS, ((y << 12) - mixerOut) * MIXER_LR);
        apm.update(y);

        c0 = (c0 << 1) | y;
        bitPos++;
        if (matchLength > 0 && ((expectedByte + 256) >>> (8 - bitPos)) != c0) {
            matchLength = 0;
        }
        if (bitPos == 8) {
            endByte((byte) c0);
            c0 = 1;
            bitPos = 0;
        }
        if (bitPos == 0 || bitPos == 4) {
            computeSlots();
        }
    }

    private void endByte(byte b) {
        history[length++] = b;
        if (matchLength > 0 && matchPtr < length - 1 && history[matchPtr] == b) {
            matchLength++;
            matchPtr++;
        } else {
            matchLength = 0;
        }
        if (length >= MATCH_MIN) {
            int h = 0;
            for (int i = length - MATCH_MIN; i < length; i++) {
                h = (h + (history[i] & 0xFF) + 1) * 0x2F0B4A13;
            }
            h >>>= 32 - matchBits;
            if (matchLength == 0) {
                int candidate = matchTable[h];
                if (candidate > 0) {
                    int n = 0;
                    while (n < 32 && candidate - 1 - n >= 0 && history[candidate - 1 - n] == history[length - 1 - n]) {
                        n++;
                    }
                    if (n >= MATCH_MIN) {
                        matchLength = n;
                        matchPtr = candidate;
                    }
                }
            }
            matchTable[h] = length;
        }
        expectedByte = matchLength > 0 ? history[matchPtr] & 0xFF : 0;
    }

    /** Recomputes the cache-line slots of the hashed orders at each nibble boundary. */
    private void computeSlots() {
        int mask = (1 << tableBits) - 16;
        int h2 = 0;
        int h3 = 0;
        int h4 = 0;
        int h6 = 0;
        for (int k = 1; k <= 6; k++) {
            int b = length - k >= 0 ? (history[length - k] & 0xFF) + 1 : 0;
            if (k <= 2) {
                h2 = (h2 + b) * 0x6F4F2A35;
            }
            if (k <= 3) {
                h3 = (h3 + b) * 0x5BD1E995;
            }
            if (k <= 4) {
                h4 = (h4 + b) * 0x3C6EF372;
            }
            h6 = (h6 + b) * 0x1B873593;
        }
        int nib = bitPos == 0 ? 0 : c0 & 0xFF;
        hashBase[0] = (mix(h2 + 2, nib)) & mask;
        hashBase[1] = (mix(h3 + 3, nib)) & mask;
        hashBase[2] = (mix(h4 + 4, nib)) & mask;
        hashBase[3] = (mix(h6 + 6, nib)) & mask;
    }

    private static int mix(int h, int nib) {
        h = (h ^ (nib * 0x9E3779B1)) * 0x85EBCA6B;
        return h ^ (h >>> 15);
    }

    private static void train(int[] t, int i, int y) {
        Counters.train(t, i, y, COUNTER_LIMIT);
    }
}
