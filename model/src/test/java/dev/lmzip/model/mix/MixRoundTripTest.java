package dev.lmzip.model.mix;

import dev.lmzip.model.predict.Slide;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.fixed.ScalarKernels;
import dev.lmzip.tokenizer.Tokenizer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Any bytes round-trip through the mixing predictor, and the file does not depend on lanes or threads. */
public class MixRoundTripTest {
    static final byte[] FP = new byte[32];

    /** A byte-level BPE tokenizer with no merges: 256 ids, 8 bits per token. */
    public static Tokenizer byteTokenizer() throws IOException {
        return Tokenizer.fromJson(dev.lmzip.model.file.ImportAccuracyTest.tinyTokenizer());
    }

    static byte[] compress(byte[] raw, MixPredictor p, int lanes, int threads, int frameLog) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (LmzOutputStream out = new LmzOutputStream(bo,
                // fallback off: every frame is the mixing predictor's (the byte model would win some of them)
                LmzOptions.defaults().predictor(p).frameSizeLog(frameLog).lanes(lanes).threads(threads).fallback(false))) {
            out.write(raw);
        }
        return bo.toByteArray();
    }

    static byte[] decompress(byte[] lmz, MixPredictor p, int threads) throws IOException {
        try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz), (id, fp, params) -> p, threads)) {
            return in.readAllBytes();
        }
    }

    public static byte[] text(int n, long seed) {
        StringBuilder sb = new StringBuilder();
        SplittableRandom r = new SplittableRandom(seed);
        String[] words = {"Alice", "was", "beginning", "to", "get", "very", "tired", "of", "sitting", "by", "her",
                "sister", "on", "the", "bank,", "and", "of", "having", "nothing", "to", "do:", "\n", "  ", "é", "日本"};
        while (sb.length() < n) {
            sb.append(words[r.nextInt(words.length)]).append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anyBytesRoundTripWithAByteTokenizer() throws IOException {
        Tokenizer tok = byteTokenizer();
        QuantizedModel q = QuantizedModel.random(ModelShape.stablelm(256, 32, 1, 2, 64, 64), 3);
        SplittableRandom r = new SplittableRandom(7);
        for (MixPredictor.Mode mode : MixPredictor.Mode.values()) {
            MixPredictor p = new MixPredictor(new Engine(q, Int8Kernels.select(), 1), tok, FP, 48, 4, mode);
            for (int trial = 0; trial < 8; trial++) {
                int n = trial < 3 ? trial : r.nextInt(2000);
                byte[] raw = new byte[n];
                int alphabet = 1 + r.nextInt(256);
                for (int i = 0; i < n; i++) {
                    raw[i] = (byte) r.nextInt(alphabet);
                }
                byte[] lmz = compress(raw, p, 4, 1, 10);
                assertArrayEquals(raw, decompress(lmz, p, 1), mode + " trial " + trial);
            }
            byte[] t = text(5000, 1);
            byte[] lmz = compress(t, p, 4, 1, 12);
            assertArrayEquals(t, decompress(lmz, p, 1));
            if (mode.online) {
                assertTrue(lmz.length < t.length / 2, mode + ": repetitive text shrinks by more than half, got " + lmz.length);
            }
        }
    }

    @Test
    void gptNeoxTokensRoundTripAndTheFileDoesNotDependOnLanesThreadsOrKernels() throws IOException {
        String shared = System.getProperty("lmzip.shared", "../../shared");
        Path tp = Path.of(shared, "tokenizers/gpt-neox-20b/tokenizer.json");
        Assumptions.assumeTrue(Files.exists(tp), "GPT-NeoX tokenizer not present");
        Tokenizer tok = Tokenizer.load(tp);
        QuantizedModel q = QuantizedModel.random(ModelShape.stablelm(50304, 64, 2, 4, 160, 256), 11);
        byte[] t = text(1500, 2);
        byte[] raw = new byte[t.length + 150];
        System.arraycopy(t, 0, raw, 0, t.length);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = t.length; i < raw.length; i++) {
            raw[i] = (byte) r.nextInt(256); // binary tail: byte tokens and byte-extension ids
        }
        for (MixPredictor.Mode mode : new MixPredictor.Mode[] {MixPredictor.Mode.BOTH, MixPredictor.Mode.ONLINE_ONLY}) {
            MixPredictor a = new MixPredictor(new Engine(q, Int8Kernels.select(), 2), tok, FP, 96, 4, mode);
            byte[] lmz = compress(raw, a, 4, 2, 10);
            assertArrayEquals(raw, decompress(lmz, a, 2));
            MixPredictor b = new MixPredictor(new Engine(q, new ScalarKernels(), 1), tok, FP, 96, 1, mode);
            assertArrayEquals(lmz, compress(raw, b, 1, 1, 10), mode + ": 1 lane, 1 thread, scalar kernels give the same file");
            assertArrayEquals(raw, decompress(lmz, b, 1));
        }
    }

    @Test
    void fingerprintCoversModeAndModel() throws IOException {
        Tokenizer tok = byteTokenizer();
        QuantizedModel q = QuantizedModel.random(ModelShape.stablelm(256, 32, 1, 2, 64, 64), 3);
        Engine e = new Engine(q, Int8Kernels.select(), 1);
        byte[] other = new byte[32];
        other[0] = 1;
        MixPredictor both = new MixPredictor(e, tok, FP, 48, 1, MixPredictor.Mode.BOTH);
        assertFalse(java.util.Arrays.equals(both.fingerprint(), new MixPredictor(e, tok, other, 48, 1, MixPredictor.Mode.BOTH).fingerprint()));
        assertFalse(java.util.Arrays.equals(both.fingerprint(), new MixPredictor(e, tok, FP, 48, 1, MixPredictor.Mode.LM_ONLY).fingerprint()));
        MixPredictor v1 = new MixPredictor(e, tok, FP, 48, 1, MixPredictor.Mode.BOTH, Slide.DEFAULT, 1);
        assertFalse(java.util.Arrays.equals(both.fingerprint(), v1.fingerprint()), "online versions differ");
        assertTrue(new String(both.params(), StandardCharsets.UTF_8).endsWith("\nonline=6"));
        MixPredictor v2 = new MixPredictor(e, tok, FP, 48, 1, MixPredictor.Mode.BOTH, Slide.DEFAULT, 2);
        assertFalse(java.util.Arrays.equals(both.fingerprint(), v2.fingerprint()), "online versions 2 and 6 differ");
        MixPredictor v3 = new MixPredictor(e, tok, FP, 48, 1, MixPredictor.Mode.BOTH, Slide.DEFAULT, 3);
        assertFalse(java.util.Arrays.equals(both.fingerprint(), v3.fingerprint()), "online versions 3 and 6 differ");
        assertTrue(new String(v3.params(), StandardCharsets.UTF_8).endsWith("\nonline=3"));
        assertTrue(new String(v2.params(), StandardCharsets.UTF_8).endsWith("\nonline=2"));
        assertFalse(new String(v1.params(), StandardCharsets.UTF_8).contains("online="), "version 1 writes no key");
        assertEquals(6, MixPredictor.onlineVersion(both.params()));
        MixPredictor v5 = new MixPredictor(e, tok, FP, 48, 1, MixPredictor.Mode.BOTH, Slide.DEFAULT, 5);
        assertFalse(java.util.Arrays.equals(both.fingerprint(), v5.fingerprint()), "online versions 5 and 6 differ");
        assertEquals(5, MixPredictor.onlineVersion(v5.params()));
        assertEquals(3, MixPredictor.onlineVersion(v3.params()));
        MixPredictor v4 = new MixPredictor(e, tok, FP, 48, 1, MixPredictor.Mode.BOTH, Slide.DEFAULT, 4);
        assertFalse(java.util.Arrays.equals(both.fingerprint(), v4.fingerprint()), "online versions 4 and 6 differ");
        assertEquals(4, MixPredictor.onlineVersion(v4.params()));
        assertThrows(IllegalArgumentException.class, () -> new MixPredictor(e, tok, FP, 48, 1, MixPredictor.Mode.BOTH,
                Slide.DEFAULT, MixPredictor.ONLINE_VERSION + 1));
        assertEquals(2, MixPredictor.onlineVersion(v2.params()));
        assertEquals(1, MixPredictor.onlineVersion(v1.params()));
        assertEquals(-1, MixPredictor.onlineVersion("mix=both\nonline=9".getBytes(StandardCharsets.US_ASCII)));
        String params = new String(both.params(), StandardCharsets.UTF_8);
        assertTrue(params.contains("\nlm=" + "00".repeat(8) + "\n"), params); // the first 8 bytes name the model
        assertTrue(new String(both.lmKeyBytes(32).params(), StandardCharsets.UTF_8).contains("lm=" + "00".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> both.lmKeyBytes(16));
        assertTrue("both".equals(MixPredictor.param(both.params(), "mix")));
    }

    @Test
    void idsOutsideTheVocabularyAreCorruption() throws IOException {
        Tokenizer tok = byteTokenizer();
        TokenBitSymbolizer s = new TokenBitSymbolizer(tok, 200, 8);
        byte[] out = new byte[4];
        Symbolizer.SymbolSink sink = s.newSink(out, 0, 4);
        for (int i = 0; i < 7; i++) {
            sink.accept(1);
        }
        assertThrows(CorruptedInputException.class, () -> sink.accept(1));
        Symbolizer.SymbolCursor c = new TokenBitSymbolizer(tok, 256, 8).symbolize(new byte[] {(byte) 0xA5}, 0, 1);
        int v = 0;
        while (c.hasNext()) {
            v = v << 1 | c.next();
        }
        assertTrue(c.bytesConsumed() == 1);
        assertTrue(v == tok.encode(new byte[] {(byte) 0xA5})[0]);
    }
}
