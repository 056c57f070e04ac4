package dev.lmzip.model.mix;

import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.codec.rangecoder.Distribution;
import dev.lmzip.model.fixed.ForwardEngine;
import dev.lmzip.model.predict.Slide;
import dev.lmzip.model.predict.TokenWindows;
import dev.lmzip.tokenizer.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The language model mixed with models that learn the frame as it is coded ({@code lm-mix}).
 * Symbols are the bits of token ids (see {@link TokenBitSymbolizer}); each bit is predicted by
 * {@link TokenModel}. Lanes advance together: the engine runs once per token for every lane that
 * starts a token, on the same inputs as {@link dev.lmzip.model.predict.LmPredictor} (the frame
 * starts with {@code <|endoftext|>}, a full window restarts on its last half).
 *
 * <p>The fingerprint is SHA-256 over the language model's fingerprint and {@link #parameters}, so
 * a change to the mixing changes the fingerprint. The header params name the language model's
 * fingerprint ({@code lm=}, its first 8 bytes) so a decoder can find the model file.
 */
public final class MixPredictor implements Predictor {
    public static final String ID = "lm-mix";
    public static final int PRECISION_BITS = 12;

    /** Which inputs are mixed: all (the predictor), or one side for the ablation. */
    public enum Mode {
        BOTH("both", true, true), LM_ONLY("lm", true, false), ONLINE_ONLY("online", false, true);

        final String label;
        final boolean lm;
        final boolean online;

        Mode(String label, boolean lm, boolean online) {
            this.label = label;
            this.lm = lm;
            this.online = online;
        }

        public String label() {
            return label;
        }

        public static Mode of(String label) {
            for (Mode m : values()) {
                if (m.label.equals(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mixing mode '" + label + "' (both, lm, online)");
        }
    }

    private final ForwardEngine engine;
    private final Tokenizer tokenizer;
    private final byte[] lmFingerprint;
    /** Bytes of the model's fingerprint written as {@code lm=} (the lookup key; the file's fingerprint checks the rest). */
    private int lmKeyBytes = SHORT_LM_KEY;
    /**
     * Version of the online models that new files use: 2 adds the word contexts, 3 checked table
     * lines, line contexts and a third mixer (both 2026-11-26), 4 indirect, line-above and number
     * contexts and a second match model (2026-11-26, fifth session), 5 run models, two mixers by tree
     * node and decaying mixer rates (2026-11-26, sixth session), 6 the LM's output layer adapted as
     * the frame is coded ({@link AdaptiveHead}, 2026-11-26, seventh session).
     */
    public static final int ONLINE_VERSION = 6;
    private final int onlineVersion;
    /** Since 2026-11-26 the {@code lm=} key is the fingerprint's first 8 bytes (files before: all 32). */
    public static final int SHORT_LM_KEY = 8;
    private final byte[] fingerprint;
    private final int window;
    private final Slide slide;
    private final int lanes;
    private final int symbols;
    private final int depth;
    private final int startToken;
    private final Mode mode;
    /** Leaf of each token id in the bit tree, and the token id at each leaf (ids sorted by their bytes). */
    private final int[] leafOf;
    private final int[] tokenAt;
    private final byte[][] leafBytes;

    /**
     * @param engine        the language model (may be null only in {@link Mode#ONLINE_ONLY})
     * @param lmFingerprint SHA-256 of the model file (weights and tokenizer)
     * @param window        context window in tokens (≤ the model's maximum positions)
     * @param lanes         frames advanced together per step
     */
    public MixPredictor(ForwardEngine engine, Tokenizer tokenizer, byte[] lmFingerprint, int window, int lanes, Mode mode) {
        this(engine, tokenizer, lmFingerprint, window, lanes, mode, Slide.DEFAULT);
    }

    /** As above with an explicit slide (a decoder follows the one the file records). */
    public MixPredictor(ForwardEngine engine, Tokenizer tokenizer, byte[] lmFingerprint, int window, int lanes, Mode mode,
                        Slide slide) {
        this(engine, tokenizer, lmFingerprint, window, lanes, mode, slide, ONLINE_VERSION);
    }

    /**
     * As above with an explicit version of the online models ({@code online=} in the params; 1 when
     * absent, the files written before 2026-11-26): a decoder follows the file.
     */
    public MixPredictor(ForwardEngine engine, Tokenizer tokenizer, byte[] lmFingerprint, int window, int lanes, Mode mode,
                        Slide slide, int onlineVersion) {
        if (onlineVersion < 1 || onlineVersion > ONLINE_VERSION) {
            throw new IllegalArgumentException("online models version " + onlineVersion);
        }
        this.onlineVersion = onlineVersion;
        this.engine = engine;
        this.slide = slide;
        this.tokenizer = tokenizer;
        this.lmFingerprint = lmFingerprint.clone();
        this.mode = mode;
        this.window = engine == null ? window : Math.min(window, engine.shape().maxPositions());
        this.lanes = lanes;
        if (engine == null && mode.lm) {
            throw new IllegalArgumentException("mode " + mode.label + " needs a language model");
        }
        if (engine != null && tokenizer.vocabSize() > engine.shape().vocab()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize() + " ids but the model only "
                    + engine.shape().vocab());
        }
        if (this.window < 2) {
            throw new IllegalArgumentException("context window must be at least 2 tokens");
        }
        this.symbols = tokenizer.vocabSize();
        this.depth = Math.max(1, 32 - Integer.numberOfLeadingZeros(symbols - 1));
        this.startToken = Math.max(0, tokenizer.endOfTextId());
        this.tokenAt = new int[symbols];
        this.leafOf = new int[symbols];
        Integer[] order = new Integer[symbols];
        for (int i = 0; i < symbols; i++) {
            order[i] = i;
        }
        byte[][] bytes = new byte[symbols][];
        for (int i = 0; i < symbols; i++) {
            try {
                bytes[i] = tokenizer.tokenBytes(i);
            } catch (IllegalArgumentException e) {
                bytes[i] = new byte[0]; // an id without bytes (a gap in the vocabulary)
            }
        }
        // lexicographic by unsigned bytes, then by id: tokens that share a prefix share a subtree
        Arrays.sort(order, (a, b) -> {
            int c = Arrays.compareUnsigned(bytes[a], bytes[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        leafBytes = new byte[symbols][];
        for (int leaf = 0; leaf < symbols; leaf++) {
            leafBytes[leaf] = bytes[order[leaf]];
            tokenAt[leaf] = order[leaf];
            leafOf[order[leaf]] = leaf;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(this.lmFingerprint);
            md.update(parameters(mode, onlineVersion).getBytes(StandardCharsets.US_ASCII));
            fingerprint = md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The version of the online models a file's params name ({@code online=}; absent in files before
     * 2026-11-26: version 1), or -1 for one this lmzip does not know (a newer lmzip wrote it).
     */
    public static int onlineVersion(byte[] params) {
        String online = param(params, "online");
        if (online == null) {
            return 1;
        }
        for (int v = 2; v <= ONLINE_VERSION; v++) {
            if (online.equals(Integer.toString(v))) {
                return v;
            }
        }
        return -1;
    }

    /** Everything that decides a probability besides the language model, for online version 1. */
    public static String parameters(Mode mode) {
        return parameters(mode, 1);
    }

    /** Everything that decides a probability besides the language model; feeds the fingerprint. */
    public static String parameters(Mode mode, int onlineVersion) {
        String v1 = parametersV1(mode);
        String v2 = v1 + "; online v2: hashed word contexts x node (word letters lowercased; word + previous"
                + " word; column up to 80 + last byte; word + 2 previous words)";
        String v3 = v2 + "; online v3: line contexts x node (first word"
                + " of the line + word; + last 2 bytes); table lines checked (16-bit check in counter 0, 2 lines, claim the"
                + " less visited), table bits up to 23; mixer 3 by highest visited token order x byte order-3 visits (0,1,2+ pairs) x depth,"
                + " mixers averaged (d1 + d2 + d3) / 3";
        String v4 = v3 + "; online v4: indirect contexts x node (last token + its last 2 followers; last 2 tokens + their last 2"
                + " followers; last 3 tokens + their last follower; follower tables of min(22, table bits - 1) bits),"
                + " line above (2 bytes above this column + last byte; byte above + column up to 80), number shape"
                + " (digits 1-15, 16 + digits after , or .) + previous word; byte-run classes (7, 3 bits) of the last 15 and"
                + " 6 runs; follower of the last 4 bytes + last 2 bytes; token before the last, alone and + the one before;"
                + " second token match min " + TokenModel.MATCH2_MIN + " verified up to " + TokenModel.MATCH2_VERIFY
                + " len<=31 x depth x bit; mixers 4 (last 2 byte-run classes x depth), 5 (number shape x long match"
                + " 0,<16,<32,more x depth) and 6 (7 hash bits of the last token x depth), all 6 at lr "
                + TokenModel.MIXER_RATE_V4 + ">>" + TokenModel.MIXER_SHIFT
                + ", final mixer per depth over the 6 + bias (start 1/6 each, lr " + TokenModel.FINAL_RATE + ">>"
                + TokenModel.MIXER_SHIFT + ") instead of the average; apm rate >>" + TokenModel.APM_RATE_SHIFT_V4;
        String v5 = v4
                + "; online v5: run models (last follower + run up to 255, tables of min(22, table bits - 1) bits,"
                + " counters by context x min(run, 15) x depth x bit) of contexts " + Arrays.toString(TokenModel.RUN_CONTEXTS)
                + " (token orders 1-4, word, word + previous word); mixer 7 by node (depth < 9, else 512 + 9 hash bits)"
                + " x depth, mixer 8 by node (depth < 8, else 2048 + 8 hash bits) x last byte's class x depth; mixers 1-8 at"
                + " lr (16*" + TokenModel.MIXER_RATE_V5 + " + 16*(" + TokenModel.MIXER_START_V5 + "-" + TokenModel.MIXER_RATE_V5
                + ")*" + TokenModel.MIXER_DECAY_V5 + "/(" + TokenModel.MIXER_DECAY_V5 + "+n))>>4 per weight set, others start "
                + TokenModel.INIT_OTHER_V5 + "/65536; final mixer over the 8 + bias (start 1/8 each);"
                + " p = (mixer + apm1 + 2 apm2 + 2) >> 2";
        String v6 = v5 + "; online v6: the LM's output layer adapted per frame: after each token, rows of the coded token"
                + " and of tokens with weight << " + AdaptiveHead.PMIN_SHIFT + " >= total step by -(p - [coded]) (Q16 = w << 16"
                + " / total) x final hidden (Q12) >> " + (16 + 12 + AdaptiveHead.ETA_SHIFT - AdaptiveHead.MASTER_FRAC)
                + " (rounded half up) in Q" + AdaptiveHead.MASTER_FRAC + " masters (from the int8 rows, rounded; clamped"
                + " to +-2^30), rows by id, each requantized to int8 ((m * floor(127 * 2^32 / max|m|) + 2^31) >> 32,"
                + " mult = round(max|m| << k / 127),"
                + " k = 37 - bitlength(max|m|), shift = k + " + AdaptiveHead.MASTER_FRAC + ") before the next token";
        return onlineVersion == 1 ? v1 : onlineVersion == 2 ? v2 : onlineVersion == 3 ? v3 : onlineVersion == 4 ? v4
                : onlineVersion == 5 ? v5 : v6;
    }

    private static String parametersV1(Mode mode) {
        return "lmzip lm-mix v1: mode " + mode.label + ", token ids sorted by their bytes (unsigned lexicographic, then id) as"
                + " leaves of a binary tree of ceil(log2 vocab) depth, MSB first;"
                + " inputs lm subtree mass (16-bit stretch), order-0 node, hashed token orders 1-4 and byte orders 1-4 x node (4-bit chunk slots,"
                + " table bits log2(len)+3 in [12,22]), token match min " + TokenModel.MATCH_MIN + " len<=15 x depth x bit, bias;"
                + " counters 22-bit limit " + TokenModel.COUNTER_LIMIT + "/" + TokenModel.MATCH_LIMIT
                + "; mixers depth x 4 match states and 16 lm buckets x depth, lr " + TokenModel.MIXER_RATE + ">>"
                + TokenModel.MIXER_SHIFT + ", averaged; apm node and prev token x node (" + TokenModel.APM2_BITS
                + " bits) rate >>" + TokenModel.APM_RATE_SHIFT + ", final (apm1 + apm2) / 2; precision "
                + PRECISION_BITS;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    public byte[] lmFingerprint() {
        return lmFingerprint.clone();
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Sets how many bytes of the model's fingerprint the params name ({@link #SHORT_LM_KEY} or 32): a
     * decoder follows the file. Call before the predictor is used.
     */
    public MixPredictor lmKeyBytes(int bytes) {
        if (bytes != SHORT_LM_KEY && bytes != lmFingerprint.length) {
            throw new IllegalArgumentException("lm key of " + bytes + " bytes");
        }
        this.lmKeyBytes = bytes;
        return this;
    }

    @Override
    public byte[] params() {
        return ("context=" + window + "\nslide=" + slide.label + "\nstart=" + startToken + "\nlm="
                + HexFormat.of().formatHex(lmFingerprint, 0, lmKeyBytes)
                + "\nmix=" + mode.label + (onlineVersion == 1 ? "" : "\nonline=" + onlineVersion)).getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code key=value} of a header's params, or null. */
    public static String param(byte[] params, String key) {
        return dev.lmzip.model.predict.LmPredictor.param(params, key);
    }

    @Override
    public int precisionBits() {
        return PRECISION_BITS;
    }

    @Override
    public Symbolizer symbolizer() {
        return new TokenBitSymbolizer(tokenizer, symbols, depth, leafOf, tokenAt);
    }

    @Override
    public int preferredLanes() {
        return lanes;
    }

    @Override
    public boolean concurrentBatches() {
        return engine == null;
    }

    @Override
    public PredictorBatch newBatch(int n) {
        return new Batch(n);
    }

    @Override
    public String describe() {
        return ID + " (" + mode.label + (engine == null ? "" : ", " + engine.shape() + ", kernels " + engine.kernelName()) + ")";
    }

    private final class Batch implements PredictorBatch {
        private final TokenModel[] models;
        private final TokenWindows windows;
        private final int[] needLm;
        /** Online version 6 with an LM: each lane's adapted output layer and the weights it gave. */
        private final AdaptiveHead[] heads;
        private final int[][] lmWeights;

        Batch(int n) {
            models = new TokenModel[n];
            for (int i = 0; i < n; i++) {
                models[i] = new TokenModel(depth, mode.lm, mode.online, onlineVersion);
                models[i].leafBytes(leafBytes);
            }
            boolean adapt = mode.lm && onlineVersion >= 6;
            windows = mode.lm ? new TokenWindows(engine, n, window, startToken, slide, adapt) : null;
            needLm = new int[n];
            heads = adapt ? new AdaptiveHead[n] : null;
            lmWeights = adapt ? new int[n][] : null;
            for (int i = 0; adapt && i < n; i++) {
                heads[i] = new AdaptiveHead(engine.lmHead());
                lmWeights[i] = new int[engine.shape().vocab()];
            }
        }

        @Override
        public int lanes() {
            return models.length;
        }

        @Override
        public void reset(int lane, int frameLength) {
            models[lane].reset(frameLength);
            if (mode.lm) {
                windows.reset(lane);
            }
            if (heads != null) {
                heads[lane].reset();
            }
        }

        @Override
        public void predict(int[] active, int count, Distribution[] out) {
            if (mode.lm) {
                runEngine(active, count);
            }
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                out[lane] = models[lane].predict();
            }
        }

        /** One engine step for every lane that starts a token. */
        private void runEngine(int[] active, int count) {
            int k = 0;
            for (int i = 0; i < count; i++) {
                if (models[active[i]].needsLm()) {
                    needLm[k++] = active[i];
                }
            }
            if (k == 0) {
                return;
            }
            windows.forward(needLm, k);
            for (int i = 0; i < k; i++) {
                int lane = needLm[i];
                if (heads != null) {
                    engine.headWeights(heads[lane].head(), windows.hidden(lane), lmWeights[lane]);
                    models[lane].setLm(lmWeights[lane], tokenAt);
                } else {
                    models[lane].setLm(windows.weights(lane), tokenAt);
                }
            }
        }

        @Override
        public void update(int[] active, int count, int[] bits) {
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                int leaf = models[lane].update(bits[lane]);
                if (leaf >= 0 && mode.lm) {
                    if (heads != null) {
                        heads[lane].learn(lmWeights[lane], windows.hidden(lane), tokenAt[leaf]);
                    }
                    windows.push(lane, tokenAt[leaf]);
                }
            }
        }

        @Override
        public void close() {
            if (windows != null) {
                windows.close();
            }
        }
    }
}
