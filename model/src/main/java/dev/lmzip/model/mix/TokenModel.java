package dev.lmzip.model.mix;

import dev.lmzip.codec.bytemodel.Logistic;
import dev.lmzip.codec.rangecoder.BinaryDistribution;

import java.util.Arrays;

/**
 * The state of one frame of the mixing predictor: a token is coded as {@code depth} binary
 * decisions (its id, most significant bit first, a walk down a binary tree), and each decision
 * mixes, in the logistic domain,
 * <ol>
 *   <li>the language model: the probability mass of the node's 1-subtree over the node's mass;</li>
 *   <li>order-0 (the tree node alone), hashed order-1…4 token contexts and order-1…4 byte contexts
 *       (the last bytes of the text, across token boundaries), from online version 2 four word
 *       contexts and from version 3 two line contexts, × tree node (version 3 checks which
 *       context owns a table line);</li>
 *   <li>from version 4 eleven more ({@link #V4_ORDERS}): indirect contexts (the tokens that followed
 *       the last occurrences of the last one, two and three tokens, and of the last four bytes), the
 *       bytes of the line above at this column, the shape of a number being written, the classes of
 *       the last runs of bytes, and the tokens before the last;</li>
 *   <li>a match model: the token that followed the longest earlier repeat of the last tokens; from
 *       version 4 a second one for repeats of at least {@value #MATCH2_MIN} tokens, kept as long as it holds;</li>
 *   <li>a bias;</li>
 *   <li>from version 5 run models ({@link ContextRuns}): the token that followed each of six contexts
 *       last time, and how many times in a row;</li>
 * </ol>
 * with two gated mixers (weights chosen by bit depth × match state, and by the language model's
 * confidence × bit depth; version 3 adds a third, by how much of the contexts is known) averaged in
 * the stretched domain (version 4: three more, by the classes of the last two byte runs, by the
 * number shape × long match and by the last token, and a final mixer per bit depth in place of the average), then two adaptive probability maps
 * (tree node; previous token × tree node), whose average is the final probability. Version 5 adds two
 * mixers chosen by the tree node, lets every weight set learn fast while young, and gives the final
 * mixer's own output a quarter of the final average. Integer only; updates in a fixed order; everything
 * starts empty at {@link #reset}.
 */
final class TokenModel {
    static final int TOKEN_ORDERS = 4; // hashed token orders 1..4
    /** Hashed contexts of the last 1, 2, 3, 4 bytes of the text (across token boundaries) × node. */
    static final int[] BYTE_ORDERS = {1, 2, 3, 4};
    /**
     * Word contexts of online version 2 (params {@code online=2}): the letters of the word being
     * written; it with the previous word; the column (bytes since the line feed, up to 80) with the
     * last byte; the word with the two before it. Version 1 has none.
     */
    static final int WORD_ORDERS = 4;
    /**
     * Line contexts of online version 3: the first word of the line with the word being written,
     * and with the last two bytes (the field a record line starts with, as in world192.txt).
     */
    static final int LINE_ORDERS = 2;
    /**
     * Contexts of online version 4: the last token with the two tokens that followed its last two
     * occurrences; the last two tokens likewise; the last three tokens with the one token that
     * followed them last; the two bytes of the line above at this column with the last byte; the byte
     * above with the column; the shape of a number being written (digits so far, after a separator)
     * with the word before it; the classes (lower case, upper case, digit, space, line feed, other
     * ASCII, other) of the last 15 and of the last 6 runs of bytes of one class; the token that
     * followed the last four bytes last time, with the last two bytes; the token before the last
     * (skipping it), alone and with the one before it.
     */
    static final int V4_ORDERS = 11;
    static final int ORDERS = TOKEN_ORDERS + BYTE_ORDERS.length + WORD_ORDERS + LINE_ORDERS + V4_ORDERS;
    static final int LM = 0;
    static final int ORDER0 = 1;
    static final int HASHED = 2;
    static final int MATCH = HASHED + ORDERS;
    static final int MATCH2 = MATCH + 1;
    static final int BIAS = MATCH2 + 1;
    /** Inputs of versions 1-4. */
    static final int INPUTS_V4 = BIAS + 1;
    /**
     * Version 5's run models ({@link ContextRuns}) over the contexts at these indices of the hashed
     * orders: token orders 1-4, the word being written, and it with the previous word.
     */
    static final int[] RUN_CONTEXTS = {0, 1, 2, 3, TOKEN_ORDERS + BYTE_ORDERS.length, TOKEN_ORDERS + BYTE_ORDERS.length + 1};
    static final int RUN = BIAS + 1;
    static final int INPUTS = RUN + RUN_CONTEXTS.length;
    static final int MATCH_MIN = 2;
    /** Shortest repeat (tokens) the second match model of version 4 follows. */
    static final int MATCH2_MIN = 6;
    /** How far back (tokens) it checks a repeat's length. */
    static final int MATCH2_VERIFY = 400;
    static final int MATCH_STATES = 4;
    static final int COUNTER_LIMIT = 255;
    static final int MATCH_LIMIT = 1023;
    static final int MIXER_RATE = 3;
    static final int MIXER_SHIFT = 13;
    static final int APM_RATE_SHIFT = 12;
    /** Version 4's maps learn faster. */
    static final int APM_RATE_SHIFT_V4 = 11;
    static final int APM2_BITS = 16;
    static final int INIT_OTHER = 1 << 14;
    static final int MIXER3_SETS = (TOKEN_ORDERS + 1) * 3;
    /** Version 4: the mixers learn faster, and a final mixer (one weight set per bit depth) replaces their average. */
    static final int MIXER_RATE_V4 = 5;
    static final int FINAL_RATE = 1;
    /** Weight sets of the fourth mixer: the classes of the last two byte runs. */
    static final int MIXER4_SETS = 64;
    /** Of the fifth: the number shape (0-31) x the second match model's length (none, below 16, below 32, longer). */
    static final int MIXER5_SETS = 32 * 4;
    /** Of the sixth: 7 bits of a hash of the last token. */
    static final int MIXER6_SETS = 128;
    /** Version 5: the mixers start at rate 32 and decay towards 2 per weight set, {@code r = 2 + 30·150 / (150 + n)}. */
    static final int MIXER_RATE_V5 = 2;
    static final int MIXER_START_V5 = 32;
    static final int MIXER_DECAY_V5 = 150;
    /** Version 5: inputs other than the language model start at 3/32 (there are 43 of them). */
    static final int INIT_OTHER_V5 = 6144;
    /** Weight sets of version 5's seventh mixer: the tree node (bits 0-8 of the token), hashed below. */
    static final int MIXER7_SETS = 1024;
    /** Of the eighth: the tree node (bits 0-7), hashed below, x the class of the last byte. */
    static final int MIXER8_SETS = 4096;
    private static final int[] ORDER_MULT = {0x6F4F2A35, 0x5BD1E995, 0x3C6EF372, 0x1B873593};

    private final int depth;
    /** Hashed orders in use: all in version 3, without the line contexts in 2, without the word contexts in 1. */
    private final int orders;
    /**
     * Online version 3: each 16-counter line of a hashed table keeps a check of its context in
     * counter 0 (unused before: the 15 nodes of a 4-bit chunk are 1..15), looked up in two
     * neighbouring lines; a context found in neither takes the line whose first node has seen
     * fewer bits, reset. Versions 1 and 2 share lines between colliding contexts.
     */
    private final boolean checked;
    private final int onlineVersion;
    /** Version 4's contexts, match model and mixers are in use (they learn the file, so not in mode {@code lm}). */
    private final boolean v4;
    /** Version 5's run models, two more mixers, decaying mixer rates and final average are in use. */
    private final boolean v5;
    /** Mixer inputs: {@link #INPUTS} in version 5, {@link #INPUTS_V4} before. */
    private final int inputs;
    private final boolean useLm;
    private final boolean useOnline;
    private final BinaryDistribution distribution = new BinaryDistribution(MixPredictor.PRECISION_BITS);

    // language model: prefix sums of the next-token weights over the leaves [0, 2^depth)
    private final long[] cum;
    private boolean lmReady;

    // online token contexts
    private final int[] order0;
    private final int[][] hashed = new int[ORDERS][];
    private int tableBits;
    private final int[] ctxHash = new int[ORDERS];
    private final int[] base = new int[ORDERS];
    private final int[] slot = new int[ORDERS];

    private int[] history = new int[0];
    private byte[][] leafBytes;
    private long lastBytes; // the last 8 bytes of the frame, most recent in the low byte
    private int word; // hash of the letters of the current word (0: between words)
    private int previousWord; // hash of the word before it
    private int previousWord2; // and the one before that
    private int column; // bytes since the last line feed
    private int lineWord; // hash of the letters of the line's first word (version 3)
    private boolean lineWordDone;
    // version 4: the frame's bytes (for the line above), where this line and the one before it start
    private byte[] text = new byte[0];
    private int textLength;
    private int lineStart;
    private int previousLineStart = -1;
    private int numberShape; // digits of the number being written (1-15), 16 + them after a separator, else 0
    private long byteClasses; // 3-bit classes of the last runs of bytes, most recent in the low bits
    // version 4: the one or two tokens that followed the last occurrences of the last one, two, three tokens
    private int[] follow1 = new int[0];
    private int[] follow2 = new int[0];
    private int[] follow3 = new int[0];
    private int[] followBytes = new int[0];
    private int followBits;
    private int length;
    private int node = 1; // the bits of the current token so far, behind a leading 1
    private int bitPos;

    // match model over tokens
    private final TokenMatch match;
    /** Version 4's second match model, for long repeats (null before). */
    private final TokenMatch match2;
    /** Version 5's run models (null before). */
    private final ContextRuns runs;

    private final int[] x = new int[INPUTS];
    private final Mixer mixer1;
    private final Mixer mixer2;
    private final Mixer mixer3;
    private final Mixer mixer4;
    private final Mixer mixer5;
    private final Mixer mixer6;
    private final Mixer mixer7;
    private final Mixer mixer8;
    private final Mixer finalMixer;
    /** The mixers' outputs and a bias: 6 + 1 in version 4, 8 + 1 in version 5. */
    private final int[] mixed;
    private final Apm apm1;
    private final Apm apm2;
    private int pm;

    TokenModel(int depth, boolean useLm, boolean useOnline, int onlineVersion) {
        this.depth = depth;
        this.orders = onlineVersion >= 4 ? ORDERS : onlineVersion == 3 ? ORDERS - V4_ORDERS
                : onlineVersion == 2 ? ORDERS - V4_ORDERS - LINE_ORDERS : ORDERS - V4_ORDERS - LINE_ORDERS - WORD_ORDERS;
        this.checked = onlineVersion >= 3;
        this.onlineVersion = onlineVersion;
        this.useLm = useLm;
        this.useOnline = useOnline;
        this.v4 = onlineVersion >= 4 && useOnline;
        this.v5 = onlineVersion >= 5 && useOnline;
        this.inputs = v5 ? INPUTS : INPUTS_V4;
        this.cum = new long[(1 << depth) + 1];
        this.order0 = new int[1 << depth];
        this.match = new TokenMatch(depth, MATCH_MIN, 64, 0x2F0B4A13, 15);
        this.match2 = v4 ? new TokenMatch(depth, MATCH2_MIN, MATCH2_VERIFY, 0x7FEB352D, 31) : null;
        this.runs = v5 ? new ContextRuns(depth, RUN_CONTEXTS.length) : null;
        int[] initial = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            initial[i] = i == BIAS ? 0 : i == LM ? 1 << 16 : !useLm ? (1 << 16) / 3 : v5 ? INIT_OTHER_V5 : INIT_OTHER;
        }
        int rate = v5 ? MIXER_RATE_V5 : v4 ? MIXER_RATE_V4 : MIXER_RATE;
        int start = v5 ? MIXER_START_V5 : rate;
        int decay = v5 ? MIXER_DECAY_V5 : 0;
        mixer1 = new Mixer(inputs, depth * MATCH_STATES, initial, rate, MIXER_SHIFT, start, decay);
        mixer2 = new Mixer(inputs, depth * 16, initial, rate, MIXER_SHIFT, start, decay);
        mixer3 = checked && useOnline ? new Mixer(inputs, depth * MIXER3_SETS, initial, rate, MIXER_SHIFT, start, decay) : null;
        mixer4 = v4 ? new Mixer(inputs, depth * MIXER4_SETS, initial, rate, MIXER_SHIFT, start, decay) : null;
        mixer5 = v4 ? new Mixer(inputs, depth * MIXER5_SETS, initial, rate, MIXER_SHIFT, start, decay) : null;
        mixer6 = v4 ? new Mixer(inputs, depth * MIXER6_SETS, initial, rate, MIXER_SHIFT, start, decay) : null;
        mixer7 = v5 ? new Mixer(inputs, depth * MIXER7_SETS, initial, rate, MIXER_SHIFT, start, decay) : null;
        mixer8 = v5 ? new Mixer(inputs, depth * MIXER8_SETS, initial, rate, MIXER_SHIFT, start, decay) : null;
        // the final mixer starts as the average of the six (eight), without bias
        int mixers = v5 ? 8 : 6;
        mixed = new int[mixers + 1];
        mixed[mixers] = 256; // the final mixer's bias input, never overwritten
        int[] share = new int[mixers + 1];
        Arrays.fill(share, 0, mixers, (1 << 16) / mixers);
        finalMixer = v4 ? new Mixer(mixed.length, depth, share, FINAL_RATE, MIXER_SHIFT) : null;
        apm1 = new Apm(1 << depth, v4 ? APM_RATE_SHIFT_V4 : APM_RATE_SHIFT);
        apm2 = new Apm(1 << APM2_BITS, v4 ? APM_RATE_SHIFT_V4 : APM_RATE_SHIFT);
    }

    /** A new frame of {@code frameLength} bytes. */
    void leafBytes(byte[][] b) {
        leafBytes = b;
    }

    void reset(int frameLength) {
        lastBytes = 0;
        word = 0;
        previousWord = 0;
        previousWord2 = 0;
        column = 0;
        lineWord = 0;
        lineWordDone = false;
        long len = Math.max(1, frameLength);
        // version 3 lets frames above 512 KiB have 2^23 counters per order (448 MB in all): world192.txt
        // in one frame 1.086 -> 1.077 bits/byte
        tableBits = Math.max(12, Math.min(checked ? 23 : 22, 64 - Long.numberOfLeadingZeros(len - 1) + 3));
        for (int i = 0; i < orders; i++) {
            if (useOnline && (hashed[i] == null || hashed[i].length != 1 << tableBits)) {
                hashed[i] = new int[1 << tableBits];
            }
            if (hashed[i] != null) {
                Arrays.fill(hashed[i], Counter.INITIAL);
                if (checked) {
                    for (int k = 0; k < hashed[i].length; k += 16) {
                        hashed[i][k] = 0; // no context
                    }
                }
            }
        }
        int matchBits = Math.max(10, Math.min(22, tableBits) - 5);
        match.reset(matchBits);
        if (v4) {
            match2.reset(matchBits);
            followBits = Math.min(22, tableBits - 1);
            if (follow1.length != 1 << followBits) {
                follow1 = new int[1 << followBits];
                follow2 = new int[1 << followBits];
                follow3 = new int[1 << followBits];
                followBytes = new int[1 << followBits];
            } else {
                Arrays.fill(follow1, 0);
                Arrays.fill(follow2, 0);
                Arrays.fill(follow3, 0);
                Arrays.fill(followBytes, 0);
            }
            if (text.length < frameLength) {
                text = new byte[frameLength];
            }
        }
        textLength = 0;
        lineStart = 0;
        previousLineStart = -1;
        numberShape = 0;
        byteClasses = 0;
        if (history.length < frameLength + 1) {
            history = new int[frameLength + 1]; // at most one token per byte
        }
        Arrays.fill(order0, Counter.INITIAL);
        mixer1.reset();
        mixer2.reset();
        for (Mixer m : new Mixer[] {mixer3, mixer4, mixer5, mixer6, mixer7, mixer8, finalMixer}) {
            if (m != null) {
                m.reset();
            }
        }
        apm1.reset();
        apm2.reset();
        length = 0;
        node = 1;
        bitPos = 0;
        lmReady = false;
        Arrays.fill(ctxHash, 0);
        computeBases();
        if (v5) {
            runs.reset(followBits);
            runs.lookUp(ctxHash, RUN_CONTEXTS);
        }
    }

    boolean needsLm() {
        return useLm && bitPos == 0 && !lmReady;
    }

    /** The language model's next-token weights (by token id) for the token about to be coded; leaf i is token tokenAt[i]. */
    void setLm(int[] weights, int[] tokenAt) {
        int symbols = tokenAt.length;
        long s = 0;
        cum[0] = 0;
        for (int leaf = 0; leaf < symbols; leaf++) {
            s += weights[tokenAt[leaf]];
            cum[leaf + 1] = s;
        }
        Arrays.fill(cum, symbols + 1, cum.length, s);
        lmReady = true;
    }

    /** Stretched language-model probability that the next bit is 1. */
    private int lmStretch() {
        int span = depth - bitPos;
        int lo = (node - (1 << bitPos)) << span;
        int half = 1 << (span - 1);
        long m0 = cum[lo + half] - cum[lo];
        long m1 = cum[lo + 2 * half] - cum[lo + half];
        long total = m0 + m1;
        if (total == 0) {
            return 0;
        }
        long p = (m1 << 16) / total;
        return Stretch.of16((int) Math.max(1, Math.min(65535, p)));
    }

    BinaryDistribution predict() {
        x[LM] = useLm ? lmStretch() : 0;
        int matchState = 0;
        int highestKnown = 0; // the highest token order whose counter for this node has been visited
        if (useOnline) {
            x[ORDER0] = Stretch.of16(Counter.p16(order0[node]));
            int within = (1 << (bitPos & 3)) | (node & ((1 << (bitPos & 3)) - 1));
            for (int i = 0; i < orders; i++) {
                slot[i] = base[i] + within;
                int state = hashed[i][slot[i]];
                x[HASHED + i] = Stretch.of16(Counter.p16(state));
                if (i < TOKEN_ORDERS && Counter.count(state) > 0) {
                    highestKnown = i + 1;
                }
            }
            x[MATCH] = match.input(bitPos);
            int len = match.length();
            matchState = len == 0 ? 0 : len < 5 ? 1 : len < 12 ? 2 : 3;
            x[MATCH2] = v4 ? match2.input(bitPos) : 0;
            if (v5) {
                for (int k = 0; k < RUN_CONTEXTS.length; k++) {
                    x[RUN + k] = runs.input(k, bitPos);
                }
            }
        }
        x[BIAS] = 256;
        int lead = useLm ? x[LM] : x[HASHED + 1];
        int d1 = mixer1.mix(x, bitPos * MATCH_STATES + matchState);
        int d2 = mixer2.mix(x, ((lead + 2048) >> 8) * depth + bitPos);
        int d;
        if (v4) {
            mixed[0] = d1;
            mixed[1] = d2;
            mixed[2] = mixer3.mix(x, mixer3Set(highestKnown) * depth + bitPos);
            mixed[3] = mixer4.mix(x, (int) (byteClasses & 63) * depth + bitPos);
            int len2 = match2.length();
            int longMatch = len2 == 0 ? 0 : len2 < 16 ? 1 : len2 < 32 ? 2 : 3;
            mixed[4] = mixer5.mix(x, ((numberShape & 31) * 4 + longMatch) * depth + bitPos);
            mixed[5] = mixer6.mix(x, (length > 0 ? (history[length - 1] * 0x9E3779B1) >>> 25 : 0) * depth + bitPos);
            if (v5) {
                int lastClass = (int) (byteClasses & 7);
                int set7 = bitPos < 9 ? node : 512 + ((node * 0x9E3779B1) >>> 23);
                int set8 = bitPos < 8 ? node * 8 + lastClass : 2048 + ((node * 0x9E3779B1) >>> 24) * 8 + lastClass;
                mixed[6] = mixer7.mix(x, set7 * depth + bitPos);
                mixed[7] = mixer8.mix(x, set8 * depth + bitPos);
            }
            d = finalMixer.mix(mixed, bitPos);
        } else if (mixer3 != null) {
            int d3 = mixer3.mix(x, mixer3Set(highestKnown) * depth + bitPos);
            d = (d1 + d2 + d3) / 3;
        } else {
            d = (d1 + d2) >> 1;
        }
        pm = Logistic.squash(d);
        int prev = length > 0 ? history[length - 1] : -1;
        int pa1 = apm1.refine(d, node);
        int pa2 = apm2.refine(d, hash2(prev, node) >>> (32 - APM2_BITS));
        // version 5 lets the mixer's own output have a quarter of the say
        int p = v5 ? (pm + pa1 + 2 * pa2 + 2) >> 2 : (pa1 + pa2 + 1) >> 1;
        return distribution.setP1(Math.max(1, Math.min(4095, p)));
    }

    /**
     * Weight set of the third mixer (version 3): the highest token order (0…4) whose counter for
     * this node has been visited, and how often the order-3 byte context's counter has been (0–1,
     * 2–3, 4+ times), so the mixer learns how far to trust the contexts by how much of them is known.
     */
    private int mixer3Set(int highestKnown) {
        int byte3 = Math.min(2, Counter.count(hashed[TOKEN_ORDERS + 2][slot[TOKEN_ORDERS + 2]]) / 2);
        return highestKnown * 3 + byte3;
    }

    /**
     * Learns bit {@code y}; returns the leaf (the token's position in the tree) when it completes a token, else -1.
     */
    int update(int y) {
        if (useOnline) {
            order0[node] = Counter.update(order0[node], y, COUNTER_LIMIT);
            for (int i = 0; i < orders; i++) {
                hashed[i][slot[i]] = Counter.update(hashed[i][slot[i]], y, COUNTER_LIMIT);
            }
            match.update(y, MATCH_LIMIT);
            if (v4) {
                match2.update(y, MATCH_LIMIT);
            }
            if (v5) {
                runs.update(y, MATCH_LIMIT);
            }
        }
        mixer1.update(x, y);
        mixer2.update(x, y);
        if (mixer3 != null) {
            mixer3.update(x, y);
        }
        if (v4) {
            mixer4.update(x, y);
            mixer5.update(x, y);
            mixer6.update(x, y);
            if (v5) {
                mixer7.update(x, y);
                mixer8.update(x, y);
            }
            finalMixer.update(mixed, y);
        }
        apm1.update(y);
        apm2.update(y);

        node = (node << 1) | y;
        bitPos++;
        match.follow(node, bitPos);
        if (v4) {
            match2.follow(node, bitPos);
        }
        if (v5) {
            runs.follow(node, bitPos);
        }
        int token = -1;
        if (bitPos == depth) {
            token = node - (1 << depth);
            endToken(token);
            node = 1;
            bitPos = 0;
            lmReady = false;
        }
        if ((bitPos & 3) == 0) {
            computeBases();
        }
        return token;
    }

    private void endToken(int t) {
        if (v4) {
            rememberFollower(t);
        }
        if (v5) {
            runs.remember(t);
        }
        history[length++] = t;
        if (v4) {
            match2.afterToken(history, length);
        }
        match.afterToken(history, length);
        for (int i = 0; i < TOKEN_ORDERS; i++) {
            int h = 0;
            for (int k = 1; k <= i + 1; k++) {
                h = (h + (length - k >= 0 ? history[length - k] + 1 : 0)) * ORDER_MULT[i];
            }
            ctxHash[i] = h + i + 1;
        }
        if (BYTE_ORDERS.length > 0) {
            for (byte b : leafBytes[t]) {
                lastBytes = (lastBytes << 8) | (b & 0xFF);
                int c = b & 0xFF;
                if (v4) {
                    text[textLength++] = b;
                    if (c == '\n') {
                        previousLineStart = lineStart;
                        lineStart = textLength;
                    }
                    numberShape = c >= '0' && c <= '9' ? Math.min(numberShape + 1, 15)
                            : (c == ',' || c == '.') && numberShape > 0 ? 16 + (numberShape & 15) : 0;
                    int byteClass = c >= 'a' && c <= 'z' ? 1 : c >= 'A' && c <= 'Z' ? 2 : c >= '0' && c <= '9' ? 3
                            : c == ' ' ? 4 : c == '\n' ? 5 : c < 128 ? 6 : 7;
                    if ((byteClasses & 7) != byteClass) {
                        byteClasses = (byteClasses << 3) | byteClass;
                    }
                }
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if ((c >= 'a' && c <= 'z') || c >= 128) {
                    word = (word + c + 1) * 0x2F0B4A13;
                } else if (word != 0) {
                    previousWord2 = previousWord;
                    previousWord = word;
                    word = 0;
                }
                column = c == '\n' ? 0 : column + 1;
                if (c == '\n') {
                    lineWord = 0;
                    lineWordDone = false;
                } else if (!lineWordDone && ((c >= 'a' && c <= 'z') || c >= 128)) {
                    lineWord = (lineWord + c + 1) * 0x5BD1E995;
                } else if (lineWord != 0) {
                    lineWordDone = true;
                }
            }
            for (int j = 0; j < BYTE_ORDERS.length; j++) {
                int n = BYTE_ORDERS[j];
                long v = n >= 8 ? lastBytes : lastBytes & ((1L << (8 * n)) - 1);
                long h = (v + n) * 0x9E3779B97F4A7C15L;
                ctxHash[TOKEN_ORDERS + j] = (int) (h >>> 32) + 100 + j;
            }
            if (onlineVersion >= 2) { // the word contexts
                int w = TOKEN_ORDERS + BYTE_ORDERS.length;
                ctxHash[w] = (word + 200) * 0x6F4F2A35;
                ctxHash[w + 1] = ((word + 300) * 0x5BD1E995 ^ previousWord) * 0x3C6EF372;
                ctxHash[w + 2] = ((Math.min(column, 80) + 500) * 0x6F4F2A35 ^ (int) (lastBytes & 0xFF)) * 0x2F0B4A13;
                ctxHash[w + 3] = (((word + 400) * 0x5BD1E995 ^ previousWord) * 0x3C6EF372 ^ previousWord2) * 0x1B873593;
            }
            if (onlineVersion >= 3) { // the line contexts
                int l = TOKEN_ORDERS + BYTE_ORDERS.length + WORD_ORDERS;
                ctxHash[l] = ((lineWord + 600) * 0x6F4F2A35 ^ word) * 0x2F0B4A13;
                ctxHash[l + 1] = ((lineWord + 700) * 0x3C6EF372 ^ (int) (lastBytes & 0xFFFF)) * 0x1B873593;
            }
            if (v4) {
                v4Contexts(TOKEN_ORDERS + BYTE_ORDERS.length + WORD_ORDERS + LINE_ORDERS);
            }
        }
        if (v5) {
            runs.lookUp(ctxHash, RUN_CONTEXTS);
        }
    }

    // ---- online version 4 ----------------------------------------------------------------------

    private int follow1Key() {
        return (history[length - 1] * 0x9E3779B1) >>> (32 - followBits);
    }

    private int follow2Key() {
        return ((history[length - 1] + 1) * 0x2F0B4A13 ^ (history[length - 2] * 0x9E3779B1)) >>> (32 - followBits);
    }

    private int follow3Key() {
        return (((history[length - 1] + 1) * 0x2F0B4A13 ^ (history[length - 2] * 0x9E3779B1)) * 0x3C6EF372
                ^ history[length - 3] * 0x6F4F2A35) >>> (32 - followBits);
    }

    /** Token {@code t} follows the last one, two and three tokens (before it joins the history). */
    private void rememberFollower(int t) {
        if (length >= 1) {
            int k = follow1Key();
            follow1[k] = (follow1[k] << 16) | (t + 1); // the last two followers, ids below 2^16
        }
        if (length >= 2) {
            int k = follow2Key();
            follow2[k] = (follow2[k] << 16) | (t + 1);
        }
        if (length >= 3) {
            follow3[follow3Key()] = t + 1;
        }
        followBytes[followBytesKey()] = t + 1;
    }

    /** The last four bytes of the text (before the token's bytes are taken in, when it is remembered). */
    private int followBytesKey() {
        return (int) (((lastBytes & 0xFFFFFFFFL) + 77) * 0x9E3779B97F4A7C15L >>> (64 - followBits));
    }

    /** The hashes of version 4 from index {@code at}, after the token's bytes are taken in. */
    private void v4Contexts(int at) {
        int last = length >= 1 ? history[length - 1] : 0;
        int f1 = length >= 1 ? follow1[follow1Key()] : 0;
        int f2 = length >= 2 ? follow2[follow2Key()] : 0;
        int f3 = length >= 3 ? follow3[follow3Key()] : 0;
        ctxHash[at] = ((f1 + 800) * 0x6F4F2A35 ^ last) * 0x2F0B4A13;
        ctxHash[at + 1] = ((f2 + 900) * 0x3C6EF372 ^ last) * 0x1B873593;
        ctxHash[at + 2] = ((f3 + 950) * 0x2F0B4A13 ^ last) * 0x6F4F2A35;
        int above = 0;
        int aboveNext = 0;
        if (previousLineStart >= 0) {
            int pos = previousLineStart + column;
            if (pos < lineStart) {
                above = text[pos] & 0xFF;
            }
            if (pos + 1 < lineStart) {
                aboveNext = text[pos + 1] & 0xFF;
            }
        }
        ctxHash[at + 3] = ((above << 8 | aboveNext) + 1200 + ((int) (lastBytes & 0xFF) << 16)) * 0x6F4F2A35;
        ctxHash[at + 4] = ((above + 1300) * 0x3C6EF372 ^ Math.min(column, 80) * 0x5BD1E995) * 0x2F0B4A13;
        ctxHash[at + 5] = ((numberShape + 1400) * 0x6F4F2A35 ^ previousWord) * 0x2F0B4A13;
        ctxHash[at + 6] = (int) (((byteClasses & ((1L << 45) - 1)) + 1600) * 0x9E3779B97F4A7C15L >>> 32);
        ctxHash[at + 7] = (int) (((byteClasses & ((1L << 18) - 1)) + 1650) * 0x9E3779B97F4A7C15L >>> 32);
        ctxHash[at + 8] = ((followBytes[followBytesKey()] + 1800) * 0x6F4F2A35 ^ (int) (lastBytes & 0xFFFF)) * 0x1B873593;
        int skipped = length >= 2 ? history[length - 2] + 1 : 0;
        int skipped2 = length >= 3 ? history[length - 3] + 1 : 0;
        ctxHash[at + 9] = (skipped + 1000) * 0x5BD1E995;
        ctxHash[at + 10] = ((skipped + 1100) * 0x6F4F2A35 ^ skipped2 * 0x3C6EF372) * 0x2F0B4A13;
    }

    /** Cache-line slots (16 counters) of the hashed orders for the 4-bit chunk starting at this node. */
    private void computeBases() {
        if (!useOnline) {
            return;
        }
        int mask = (1 << tableBits) - 16;
        for (int i = 0; i < orders; i++) {
            int h = (ctxHash[i] ^ (node * 0x9E3779B1)) * 0x85EBCA6B;
            h ^= h >>> 15;
            base[i] = checked ? checkedLine(hashed[i], h & mask, ((h * 0x2F0B4A13) >>> 16) | 0x10000) : h & mask;
        }
    }

    /** The line of {@code table} at {@code line} or its neighbour that holds {@code check}, claimed if neither does. */
    static int checkedLine(int[] table, int line, int check) {
        int other = line ^ 16;
        if (table[line] == check) {
            return line;
        }
        if (table[other] == check) {
            return other;
        }
        int n1 = table[line] == 0 ? -1 : Counter.count(table[line + 1]);
        int n2 = table[other] == 0 ? -1 : Counter.count(table[other + 1]);
        int claim = n2 < n1 ? other : line;
        table[claim] = check;
        Arrays.fill(table, claim + 1, claim + 16, Counter.INITIAL);
        return claim;
    }

    private static int hash2(int prev, int node) {
        int h = ((prev + 1) * 0x2F0B4A13 ^ node * 0x9E3779B1) * 0x85EBCA6B;
        return h ^ (h >>> 13);
    }

    /** The last mixer output (12 bits), before the adaptive probability maps. */
    int mixerP() {
        return pm;
    }
}
