package dev.lmzip.model.predict;

import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.fixed.ScalarKernels;
import dev.lmzip.tokenizer.Tokenizer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
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

/** Files round-trip through the codec with the language model, whatever the lanes, threads and kernels. */
class LmRoundTripTest {
    static Tokenizer tokenizer;
    static QuantizedModel model;
    static final byte[] FP = new byte[32];

    @BeforeAll
    static void load() throws IOException {
        String shared = System.getProperty("lmzip.shared", "../../shared");
        Path tok = Path.of(shared, "tokenizers/gpt-neox-20b/tokenizer.json");
        Assumptions.assumeTrue(Files.exists(tok), "GPT-NeoX tokenizer not present");
        tokenizer = Tokenizer.load(tok);
        model = QuantizedModel.random(ModelShape.stablelm(50304, 64, 2, 4, 160, 256), 11);
    }

    static byte[] compress(byte[] raw, LmPredictor p, int lanes) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (LmzOutputStream out = new LmzOutputStream(bo, LmzOptions.defaults().predictor(p).frameSizeLog(10).lanes(lanes))) {
            out.write(raw);
        }
        return bo.toByteArray();
    }

    static byte[] decompress(byte[] lmz, LmPredictor p) throws IOException {
        try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz), (id, fp, params) -> p, 1)) {
            return in.readAllBytes();
        }
    }

    static byte[] sample() {
        StringBuilder sb = new StringBuilder();
        SplittableRandom r = new SplittableRandom(1);
        String[] words = {"Alice", "was", "beginning", "to", "get", "very", "tired", "of", "sitting", "by", "her",
                "sister", "on", "the", "bank,", "and", "of", "having", "nothing", "to", "do:", "\n", "  ", "é", "日本"};
        while (sb.length() < 2500) {
            sb.append(words[r.nextInt(words.length)]).append(' ');
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[text.length + 200];
        System.arraycopy(text, 0, b, 0, text.length);
        for (int i = text.length; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256); // binary tail: byte tokens and byte-extension ids
        }
        return b;
    }

    @Test
    void roundTripsAcrossLanesThreadsAndKernels() throws IOException {
        byte[] raw = sample();
        LmPredictor a = new LmPredictor(new Engine(model, Int8Kernels.select(), 2), tokenizer, FP, 96, 4);
        byte[] lmz = compress(raw, a, 4);
        assertArrayEquals(raw, decompress(lmz, a));
        LmPredictor b = new LmPredictor(new Engine(model, new ScalarKernels(), 1), tokenizer, FP, 96, 1);
        assertArrayEquals(lmz, compress(raw, b, 1), "1 lane, 1 thread, scalar kernels give the same file");
        assertArrayEquals(raw, decompress(lmz, b));
    }

    @Test
    void eachSlideRoundTripsAndADecoderWithAnotherSlideIsRefused() throws IOException {
        byte[] raw = sample(); // ~2,900 tokens through a 96-token window: many slides
        Engine e = new Engine(model, Int8Kernels.select(), 2);
        LmPredictor half = new LmPredictor(e, tokenizer, FP, 96, 2, Slide.HALF);
        LmPredictor quarter = new LmPredictor(e, tokenizer, FP, 96, 2, Slide.QUARTER);
        byte[] lmzHalf = compress(raw, half, 2);
        byte[] lmzQuarter = compress(raw, quarter, 2);
        LmPredictor eighth = new LmPredictor(e, tokenizer, FP, 96, 2, Slide.EIGHTH);
        byte[] lmzEighth = compress(raw, eighth, 2);
        assertFalse(java.util.Arrays.equals(lmzHalf, lmzQuarter), "the slide changes the probabilities");
        assertFalse(java.util.Arrays.equals(lmzQuarter, lmzEighth), "the slide changes the probabilities");
        assertArrayEquals(raw, decompress(lmzHalf, half));
        assertArrayEquals(raw, decompress(lmzQuarter, quarter));
        assertArrayEquals(raw, decompress(lmzEighth, eighth));
        assertEquals(Slide.EIGHTH, Slide.fromParams(eighth.params()));
        assertThrows(ModelMismatchException.class, () -> decompress(lmzEighth, quarter));
        assertEquals(Slide.HALF, Slide.fromParams("context=96\nstart=0".getBytes(StandardCharsets.UTF_8)),
                "files written before the slide key are half-window files");
        assertEquals(Slide.QUARTER, Slide.fromParams(quarter.params()));
        assertThrows(ModelMismatchException.class, () -> decompress(lmzHalf, quarter));
    }
}
