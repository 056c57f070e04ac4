package dev.lmzip.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A byte-level BPE tokenizer (GPT-2 / GPT-NeoX family) loaded from a Hugging Face
 * {@code tokenizer.json}, lossless on every byte string: {@code decode(encode(b))} equals
 * {@code b} for all {@code b}. The exact encoding rules are documented in {@code docs/tokenizer.md}.
 *
 * <p>Instances are immutable and thread-safe; encoders borrow a word cache from a small pool.
 */
public final class Tokenizer {
    /** Encoding works on segments of at most this many bytes (see docs/tokenizer.md, "Segments"). */
    static final int WINDOW = 1 << 20;
    /** Bytes of lookahead needed after a window before its cut point can be chosen. */
    static final int LOOKAHEAD = 4;

    private final byte[][] tokenBytes;
    private final int baseVocabSize;
    private final String[] tokenStrings;
    private final Map<String, Integer> vocab;
    private final Bpe bpe;
    private final AddedTokenMatcher rawAdded;
    private final AddedTokenMatcher normalizedAdded;
    private final boolean[] forbiddenCut = new boolean[1 << 16];
    private final int endOfText;
    private final int[] mergeTriples;
    private final byte[] sha256;
    /** Idle per-encoder states (word cache + scratch), reused across calls and threads. */
    private final java.util.concurrent.ConcurrentLinkedQueue<EncodeState> idle =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger idleCount = new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_IDLE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private Tokenizer(byte[][] tokenBytes, String[] tokenStrings, Map<String, Integer> vocab, Bpe bpe,
            List<byte[]> rawContents, List<Integer> rawIds, List<byte[]> normContents, List<Integer> normIds,
            int endOfText, int[] mergeTriples, boolean ignoreMerges, int baseVocabSize) {
        this.tokenBytes = tokenBytes;
        this.baseVocabSize = baseVocabSize;
        this.tokenStrings = tokenStrings;
        this.vocab = vocab;
        this.bpe = bpe;
        this.rawAdded = new AddedTokenMatcher(rawContents.toArray(new byte[0][]), toInts(rawIds));
        this.normalizedAdded = new AddedTokenMatcher(normContents.toArray(new byte[0][]), toInts(normIds));
        for (List<byte[]> l : List.of(rawContents, normContents)) {
            for (byte[] c : l) {
                for (int i = 1; i < c.length; i++) forbiddenCut[((c[i - 1] & 0xff) << 8) | (c[i] & 0xff)] = true;
            }
        }
        this.endOfText = endOfText;
        this.mergeTriples = mergeTriples;
        this.sha256 = computeSha256(rawContents, rawIds, normContents, normIds, ignoreMerges);
    }

    private static int[] toInts(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }

    // ------------------------------------------------------------------------------------------
    // Loading

    /** Loads a Hugging Face {@code tokenizer.json} of the byte-level BPE kind. */
    public static Tokenizer load(Path tokenizerJson) throws IOException {
        return fromJson(Files.readAllBytes(tokenizerJson));
    }

    /** Loads a Hugging Face {@code tokenizer.json} from a stream (read fully, not closed). */
    public static Tokenizer load(InputStream in) throws IOException {
        return fromJson(in.readAllBytes());
    }

    /** Parses the UTF-8 bytes of a {@code tokenizer.json}. */
    public static Tokenizer fromJson(byte[] utf8) throws TokenizerFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new TokenizerFormatException("tokenizer.json is not valid UTF-8", e);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        return fromJsonTree(Json.parse(text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o, String what) throws TokenizerFormatException {
        if (o instanceof Map) return (Map<String, Object>) o;
        throw new TokenizerFormatException(what + ": expected a JSON object");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> arr(Object o, String what) throws TokenizerFormatException {
        if (o instanceof List) return (List<Object>) o;
        throw new TokenizerFormatException(what + ": expected a JSON array");
    }

    private static int intOf(Object o, String what) throws TokenizerFormatException {
        if (o instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE - 8) return (int) (long) l;
        throw new TokenizerFormatException(what + ": expected a non-negative integer id, got " + o);
    }

    private static String str(Object o, String what) throws TokenizerFormatException {
        if (o instanceof String s) return s;
        throw new TokenizerFormatException(what + ": expected a string, got " + o);
    }

    private static boolean flag(Map<String, Object> m, String key, boolean dflt) throws TokenizerFormatException {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new TokenizerFormatException(key + ": expected true or false, got " + v);
    }

    private static void checkNormalizer(Object n) throws UnsupportedTokenizerException, TokenizerFormatException {
        if (n == null) return;
        Map<String, Object> m = obj(n, "normalizer");
        Object type = m.get("type");
        if ("NFC".equals(type)) return;
        if ("Sequence".equals(type)) {
            for (Object o : arr(m.get("normalizers"), "normalizer.normalizers")) checkNormalizer(o);
            return;
        }
        throw new UnsupportedTokenizerException("unsupported normalizer type " + type
                + " (only none or NFC is supported)");
    }

    private static void checkPreTokenizer(Object p) throws TokenizerFormatException {
        if (p == null) {
            throw new UnsupportedTokenizerException("missing pre_tokenizer: only the ByteLevel pre-tokenizer is supported");
        }
        Map<String, Object> m = obj(p, "pre_tokenizer");
        Object type = m.get("type");
        if ("Sequence".equals(type)) {
            List<Object> l = arr(m.get("pretokenizers"), "pre_tokenizer.pretokenizers");
            if (l.size() != 1) {
                throw new UnsupportedTokenizerException("unsupported pre_tokenizer Sequence of " + l.size()
                        + " elements (only a single ByteLevel pre-tokenizer is supported)");
            }
            checkPreTokenizer(l.get(0));
            return;
        }
        if (!"ByteLevel".equals(type)) {
            throw new UnsupportedTokenizerException("unsupported pre_tokenizer type " + type
                    + " (only ByteLevel with the GPT-2 pattern is supported)");
        }
        if (flag(m, "add_prefix_space", true)) {
            throw new UnsupportedTokenizerException("unsupported pre_tokenizer ByteLevel with add_prefix_space=true");
        }
        if (!flag(m, "use_regex", true)) {
            throw new UnsupportedTokenizerException("unsupported pre_tokenizer ByteLevel with use_regex=false");
        }
    }

    private static void checkDecoder(Object d) throws TokenizerFormatException {
        if (d == null) return;
        Object type = obj(d, "decoder").get("type");
        if (!"ByteLevel".equals(type)) {
            throw new UnsupportedTokenizerException("unsupported decoder type " + type + " (only ByteLevel is supported)");
        }
    }

    private static Tokenizer fromJsonTree(Object root) throws TokenizerFormatException {
        Map<String, Object> top = obj(root, "tokenizer.json");
        Map<String, Object> model = obj(top.get("model"), "model");
        Object mtype = model.get("type");
        if (mtype != null && !"BPE".equals(mtype)) {
            throw new UnsupportedTokenizerException("unsupported model type " + mtype + " (only BPE is supported)");
        }
        if (mtype == null && !model.containsKey("merges")) {
            throw new UnsupportedTokenizerException("unsupported model without type and merges (only BPE is supported)");
        }
        Object dropout = model.get("dropout");
        if (dropout instanceof Number d && d.doubleValue() > 0) {
            throw new UnsupportedTokenizerException("unsupported BPE dropout " + dropout);
        }
        for (String k : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            Object v = model.get(k);
            if (v != null && !"".equals(v)) {
                throw new UnsupportedTokenizerException("unsupported BPE " + k + " \"" + v + "\"");
            }
        }
        checkNormalizer(top.get("normalizer"));
        checkPreTokenizer(top.get("pre_tokenizer"));
        checkDecoder(top.get("decoder"));
        boolean ignoreMerges = flag(model, "ignore_merges", false);

        // vocabulary
        Map<String, Object> vocabJson = obj(model.get("vocab"), "model.vocab");
        Map<String, Integer> vocab = new HashMap<>(vocabJson.size() * 2);
        int maxId = -1;
        for (Map.Entry<String, Object> e : vocabJson.entrySet()) {
            int id = intOf(e.getValue(), "model.vocab[\"" + e.getKey() + "\"]");
            vocab.put(e.getKey(), id);
            maxId = Math.max(maxId, id);
        }
        // added tokens
        List<Object> added = top.get("added_tokens") == null ? List.of() : arr(top.get("added_tokens"), "added_tokens");
        List<byte[]> rawContents = new ArrayList<>();
        List<Integer> rawIds = new ArrayList<>();
        List<byte[]> normContents = new ArrayList<>();
        List<Integer> normIds = new ArrayList<>();
        Map<Integer, String> addedById = new HashMap<>();
        int endOfText = -1;
        for (Object o : added) {
            Map<String, Object> t = obj(o, "added_tokens[]");
            int id = intOf(t.get("id"), "added_tokens[].id");
            String content = str(t.get("content"), "added_tokens[].content");
            for (String k : new String[] {"single_word", "lstrip", "rstrip"}) {
                if (flag(t, k, false)) {
                    throw new UnsupportedTokenizerException("unsupported added token option " + k
                            + "=true on token " + id);
                }
            }
            boolean special = flag(t, "special", false);
            boolean normalized = flag(t, "normalized", !special);
            if (addedById.containsKey(id)) throw new TokenizerFormatException("added token id " + id + " listed twice");
            addedById.put(id, content);
            byte[] c = content.getBytes(StandardCharsets.UTF_8);
            if (normalized) {
                normContents.add(c);
                normIds.add(id);
            } else {
                rawContents.add(c);
                rawIds.add(id);
            }
            maxId = Math.max(maxId, id);
            if (content.equals("<|endoftext|>")) endOfText = id;
        }
        if (endOfText < 0 && vocab.containsKey("<|endoftext|>")) endOfText = vocab.get("<|endoftext|>");

        // bytes without a single-byte vocabulary token get "byte extension" ids after the last id
        int[] byteToken = new int[256];
        int extensions = 0;
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.valueOf(ByteLevel.BYTE_TO_CHAR[b]));
            byteToken[b] = id != null ? id : maxId + 1 + extensions++;
        }
        int baseVocabSize = maxId + 1;
        byte[][] tokenBytes = new byte[baseVocabSize + extensions][];
        String[] tokenStrings = new String[baseVocabSize + extensions];
        for (int b = 0; b < 256; b++) {
            if (byteToken[b] >= baseVocabSize) {
                tokenBytes[byteToken[b]] = new byte[] {(byte) b};
                tokenStrings[byteToken[b]] = String.valueOf(ByteLevel.BYTE_TO_CHAR[b]);
            }
        }
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            int id = e.getValue();
            if (tokenStrings[id] != null) {
                throw new TokenizerFormatException("vocabulary id " + id + " used by both \"" + tokenStrings[id]
                        + "\" and \"" + e.getKey() + "\"");
            }
            tokenStrings[id] = e.getKey();
            tokenBytes[id] = ByteLevel.decode(e.getKey());
        }
        for (Map.Entry<Integer, String> e : addedById.entrySet()) {
            int id = e.getKey();
            byte[] c = e.getValue().getBytes(StandardCharsets.UTF_8);
            if (tokenStrings[id] != null && !tokenStrings[id].equals(e.getValue())
                    && ByteLevel.isByteLevel(tokenStrings[id])) {
                throw new TokenizerFormatException("added token " + id + " \"" + e.getValue()
                        + "\" reuses the id of vocabulary entry \"" + tokenStrings[id] + "\"");
            }
            tokenBytes[id] = c;
            if (tokenStrings[id] == null) tokenStrings[id] = e.getValue();
        }

        // merges
        List<Object> mergesJson = arr(model.get("merges"), "model.merges");
        LongLongMap merges = new LongLongMap(mergesJson.size());
        int[] triples = new int[mergesJson.size() * 3];
        for (int rank = 0; rank < mergesJson.size(); rank++) {
            Object o = mergesJson.get(rank);
            String a;
            String b;
            if (o instanceof String s) {
                int sp = s.indexOf(' ');
                if (sp < 0 || s.indexOf(' ', sp + 1) >= 0) {
                    throw new TokenizerFormatException("merge " + rank + " \"" + s + "\" is not two space-separated tokens");
                }
                a = s.substring(0, sp);
                b = s.substring(sp + 1);
            } else {
                List<Object> l = arr(o, "model.merges[" + rank + "]");
                if (l.size() != 2) throw new TokenizerFormatException("merge " + rank + " does not have two parts");
                a = str(l.get(0), "model.merges[" + rank + "][0]");
                b = str(l.get(1), "model.merges[" + rank + "][1]");
            }
            Integer ia = vocab.get(a);
            Integer ib = vocab.get(b);
            Integer im = vocab.get(a + b);
            if (ia == null || ib == null || im == null) {
                throw new TokenizerFormatException("merge " + rank + " (\"" + a + "\", \"" + b
                        + "\") refers to a token missing from the vocabulary");
            }
            merges.put(Bpe.pairKey(ia, ib), ((long) rank << 32) | im);
            triples[3 * rank] = ia;
            triples[3 * rank + 1] = ib;
            triples[3 * rank + 2] = im;
        }
        Bpe bpe = new Bpe(byteToken, merges, ignoreMerges ? vocab : null);
        return new Tokenizer(tokenBytes, tokenStrings, vocab, bpe, rawContents, rawIds, normContents, normIds,
                endOfText, triples, ignoreMerges, baseVocabSize);
    }

    // ------------------------------------------------------------------------------------------
    // Metadata

    /**
     * Number of token ids {@link #encode} may produce: all ids of the file plus the byte-extension
     * ids (ids {@code baseVocabSize() .. vocabSize()-1}, one per byte value that has no single-byte
     * token in the file, in increasing byte order). For GPT-NeoX: 50,277 + 13 = 50,290.
     */
    public int vocabSize() {
        return tokenBytes.length;
    }

    /** One more than the largest id in the tokenizer file (GPT-NeoX: 50,277). */
    public int baseVocabSize() {
        return baseVocabSize;
    }

    /** True for the ids this module adds for bytes without a single-byte vocabulary token. */
    public boolean isByteExtension(int id) {
        return id >= baseVocabSize && id < tokenBytes.length;
    }

    /** Id of {@code <|endoftext|>}, or -1 if the vocabulary has none. */
    public int endOfTextId() {
        return endOfText;
    }

    /** The token's string as written in tokenizer.json (byte-level alphabet), or null for a gap id. */
    public String tokenString(int id) {
        return id >= 0 && id < tokenStrings.length ? tokenStrings[id] : null;
    }

    /** Id of a vocabulary string (byte-level alphabet) or added token content, or -1. */
    public int idOf(String tokenString) {
        Integer id = vocab.get(tokenString);
        if (id != null) return id;
        for (int i = 0; i < tokenStrings.length; i++) {
            if (tokenString.equals(tokenStrings[i])) return i;
        }
        return -1;
    }

    /** SHA-256 of the canonical tokenizer content (see docs/tokenizer.md); a fresh copy. */
    public byte[] sha256() {
        return sha256.clone();
    }

    /** {@link #sha256()} as 64 lower-case hex digits. */
    public String fingerprint() {
        return HexFormat.of().formatHex(sha256);
    }

    private byte[] computeSha256(List<byte[]> rawContents, List<Integer> rawIds, List<byte[]> normContents,
            List<Integer> normIds, boolean ignoreMerges) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(16);
            md.update("lmzip-tokenizer/bytelevel-bpe/gpt2-pattern/v1\n".getBytes(StandardCharsets.US_ASCII));
            md.update(buf.clear().putInt(tokenBytes.length).putInt(ignoreMerges ? 1 : 0).flip());
            for (byte[] t : tokenBytes) {
                md.update(buf.clear().putInt(t == null ? -1 : t.length).flip());
                if (t != null) md.update(t);
            }
            md.update(buf.clear().putInt(mergeTriples.length / 3).flip());
            for (int v : mergeTriples) md.update(buf.clear().putInt(v).flip());
            for (int stage = 0; stage < 2; stage++) {
                List<byte[]> cs = stage == 0 ? rawContents : normContents;
                List<Integer> ids = stage == 0 ? rawIds : normIds;
                md.update(buf.clear().putInt(cs.size()).flip());
                for (int i = 0; i < cs.size(); i++) {
                    md.update(buf.clear().putInt(ids.get(i)).putInt(cs.get(i).length).flip());
                    md.update(cs.get(i));
                }
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Decoding

    private byte[] bytesOf(int id) {
        byte[] b = id >= 0 && id < tokenBytes.length ? tokenBytes[id] : null;
        if (b == null) throw new IllegalArgumentException("no token with id " + id);
        return b;
    }

    /** The bytes token {@code id} stands for (a fresh copy). */
    public byte[] tokenBytes(int id) {
        return bytesOf(id).clone();
    }

    /** Number of bytes token {@code id} stands for. */
    public int tokenLength(int id) {
        return bytesOf(id).length;
    }

    /** Copies the bytes of token {@code id} to {@code dst[off..]}; returns the count copied. */
    public int copyTokenBytes(int id, byte[] dst, int off) {
        byte[] b = bytesOf(id);
        System.arraycopy(b, 0, dst, off, b.length);
        return b.length;
    }

    /** Concatenation of the tokens' bytes. */
    public byte[] decode(int[] ids) {
        return decode(ids, 0, ids.length);
    }

    /** Concatenation of the bytes of {@code ids[off, off+len)}. */
    public byte[] decode(int[] ids, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, ids.length);
        long total = 0;
        for (int i = off; i < off + len; i++) total += bytesOf(ids[i]).length;
        if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("decoded size too large: " + total);
        byte[] out = new byte[(int) total];
        int p = 0;
        for (int i = off; i < off + len; i++) {
            byte[] b = tokenBytes[ids[i]];
            System.arraycopy(b, 0, out, p, b.length);
            p += b.length;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Encoding

    /** Token ids of {@code data}; {@code decode(encode(data))} equals {@code data}. */
    public int[] encode(byte[] data) {
        return encode(data, 0, data.length);
    }

    /** Token ids of {@code data[off, off+len)}. */
    public int[] encode(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        EncodeState st = acquire();
        try {
            IntList out = st.out;
            out.clear();
            int end = off + len;
            int s = off;
            while (end - s > WINDOW) {
                int p = cutPoint(data, s, s + WINDOW, end);
                encodeSegment(data, s, p, st, out);
                s = p;
            }
            encodeSegment(data, s, end, st, out);
            int[] r = out.toArray();
            if (out.a.length > (1 << 20)) st.out = new IntList(1024);
            return r;
        } finally {
            release(st);
        }
    }

    EncodeState acquire() {
        EncodeState st = idle.poll();
        if (st == null) return new EncodeState();
        idleCount.decrementAndGet();
        return st;
    }

    void release(EncodeState st) {
        if (idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.offer(st);
        } else {
            idleCount.decrementAndGet();
        }
    }

    /** Token ids of the whole stream (read to its end, not closed), in bounded memory apart from the result. */
    public int[] encode(InputStream in) throws IOException {
        IntList l = new IntList(1024);
        encode(in, l::add);
        return l.toArray();
    }

    /** Streams the token ids of the whole input to {@code sink}; memory stays bounded. */
    public void encode(InputStream in, IntConsumer sink) throws IOException {
        StreamEncoder enc = newEncoder(sink);
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) enc.write(buf, 0, n);
        enc.finish();
    }

    /** An incremental encoder emitting ids to {@code sink}; same ids as {@link #encode(byte[])}. */
    public StreamEncoder newEncoder(IntConsumer sink) {
        return new StreamEncoder(this, sink);
    }

    /** Reusable encoder state; used by one thread at a time. */
    static final class EncodeState {
        final WordCache cache = new WordCache(15);
        final Bpe.Scratch scratch = new Bpe.Scratch();
        IntList out = new IntList(1024);
    }

    private static boolean asciiSpace(int c) {
        return c == ' ' || (c >= 9 && c <= 13);
    }

    /**
     * Where to end the segment that starts at {@code s} when more than a window of data follows:
     * a position in {@code (s, limit]}. {@code end} is the end of the available data, at least
     * {@code limit + LOOKAHEAD} unless it is the end of the input.
     */
    int cutPoint(byte[] b, int s, int limit, int end) {
        int p = safeCutPoint(b, s, limit, end);
        if (p > s) return p;
        // forced: the last code point boundary (or invalid byte) at or before limit
        int lastBoundary = s;
        int i = s;
        while (i < limit) {
            int n = Utf8.unitLength(b, i, end);
            i += n == 0 ? 1 : n;
            if (i <= limit) lastBoundary = i;
        }
        return lastBoundary;
    }

    /**
     * The last position in {@code (s, limit]} where cutting does not change the ids (the encoding
     * of the data on both sides is independent), or -1 if there is none.
     */
    int safeCutPoint(byte[] b, int s, int limit, int end) {
        // 1. a boundary between two ASCII bytes that no pre-token or added token can span
        for (int p = Math.min(limit, end - 1); p > s; p--) {
            int x = b[p - 1];
            int y = b[p];
            if (x < 0 || y < 0 || asciiSpace(x)) continue;
            if (forbiddenCut[(x << 8) | y]) continue;
            if (asciiSpace(y)) return p;
            if (x != '\'' && PreTokenizer.classOf(x) != PreTokenizer.classOf(y)) return p;
        }
        // 2. a boundary right after an invalid byte
        int lastInvalid = -1;
        int i = s;
        while (i < limit) {
            int n = Utf8.unitLength(b, i, end);
            if (n == 0) {
                lastInvalid = i + 1;
                n = 1;
            }
            i += n;
        }
        return lastInvalid;
    }

    /** Encodes a self-contained segment. */
    void encodeSegment(byte[] b, int from, int to, EncodeState st, IntList out) {
        int i = from;
        while (i < to) {
            int j = Utf8.validRunEnd(b, i, to);
            if (j > i) encodeValid(b, i, j, st, out);
            if (j < to) {
                out.add(bpe.byteToken[b[j] & 0xff]);
                j++;
            }
            i = j;
        }
    }

    private void encodeValid(byte[] b, int from, int to, EncodeState st, IntList out) {
        if (rawAdded.isEmpty()) {
            encodeNormalizedStage(b, from, to, st, out);
            return;
        }
        int gap = from;
        int i = from;
        while (i < to) {
            if (rawAdded.mayStart(b[i])) {
                long m = rawAdded.longest(b, i, to);
                if (m >= 0) {
                    if (gap < i) encodeNormalizedStage(b, gap, i, st, out);
                    out.add((int) m);
                    i += (int) (m >>> 32);
                    gap = i;
                    continue;
                }
            }
            i++;
        }
        if (gap < to) encodeNormalizedStage(b, gap, to, st, out);
    }

    private void encodeNormalizedStage(byte[] b, int from, int to, EncodeState st, IntList out) {
        if (normalizedAdded.isEmpty()) {
            encodePlain(b, from, to, st, out);
            return;
        }
        int gap = from;
        int i = from;
        while (i < to) {
            if (normalizedAdded.mayStart(b[i])) {
                long m = normalizedAdded.longest(b, i, to);
                if (m >= 0) {
                    if (gap < i) encodePlain(b, gap, i, st, out);
                    out.add((int) m);
                    i += (int) (m >>> 32);
                    gap = i;
                    continue;
                }
            }
            i++;
        }
        if (gap < to) encodePlain(b, gap, to, st, out);
    }

    private void encodePlain(byte[] b, int from, int to, EncodeState st, IntList out) {
        int[] byteToken = bpe.byteToken;
        WordCache cache = st.cache;
        int p = from;
        while (p < to) {
            int q = PreTokenizer.next(b, p, to);
            if (q - p == 1) {
                out.add(byteToken[b[p] & 0xff]);
            } else if (q - p <= WordCache.MAX_WORD) {
                int h = WordCache.hash(b, p, q);
                int slot = cache.find(b, p, q, h);
                if (slot >= 0) {
                    cache.appendValue(slot, out);
                } else {
                    int n = bpe.encodeWord(b, p, q, st.scratch);
                    out.addAll(st.scratch.sym, 0, n);
                    cache.put(b, p, q, h, st.scratch.sym, 0, n);
                }
            } else {
                int n = bpe.encodeWord(b, p, q, st.scratch);
                out.addAll(st.scratch.sym, 0, n);
            }
            p = q;
        }
    }

    /** Pre-token boundaries of a well-formed UTF-8 segment (for tests and tools). */
    static int[] preTokenEnds(byte[] b, int from, int to) {
        IntList l = new IntList(16);
        int p = from;
        while (p < to) {
            p = PreTokenizer.next(b, p, to);
            l.add(p);
        }
        return l.toArray();
    }
}
