package dev.lmzip.model.mix;

import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.predict.LmPredictor;
import dev.lmzip.model.predict.Slide;
import dev.lmzip.tokenizer.Tokenizer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Committed {@code .lmz} files of the language-model predictors (a fixed random model and the
 * byte-level test tokenizer, 48-token window so that the slide happens many times): they must
 * decode, and today's encoder must write them byte for byte. A change of the engine's arithmetic,
 * the mixer or the slide fails here. Rewrite them (only for a deliberate, documented format
 * change) with {@code -Dlmzip.golden.write=true}.
 */
class GoldenModelFilesTest {
    private static final Path DIR = Path.of("src/test/resources/golden");

    /** {@code fallback}: whether frames may go to the byte model when it codes them smaller. */
    private record Case(String name, int frameLog, Predictor predictor, boolean fallback) {
        Case(String name, int frameLog, Predictor predictor) {
            this(name, frameLog, predictor, true);
        }
    }

    private static Case[] cases() throws IOException {
        Tokenizer tok = MixRoundTripTest.byteTokenizer();
        QuantizedModel q = QuantizedModel.random(ModelShape.stablelm(256, 32, 1, 2, 64, 64), 3);
        Engine e = new Engine(q, Int8Kernels.select(), 2);
        byte[] fp = MixRoundTripTest.FP;
        return new Case[] {
                new Case("lm-slide-half", 10, new LmPredictor(e, tok, fp, 48, 4, Slide.HALF)),
                new Case("lm-slide-quarter", 10, new LmPredictor(e, tok, fp, 48, 4, Slide.QUARTER)),
                new Case("lm-slide-eighth", 10, new LmPredictor(e, tok, fp, 48, 4, Slide.EIGHTH)),
                // files before 2026-11-26: the model named by its whole fingerprint (lm=64 hex digits), online v1
                new Case("lm-mix-both", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH, Slide.QUARTER, 1)
                        .lmKeyBytes(32)),
                new Case("lm-mix-online", 10, new MixPredictor(null, tok, fp, 48, 4, MixPredictor.Mode.ONLINE_ONLY,
                        Slide.QUARTER, 1).lmKeyBytes(32)),
                new Case("lm-mix-both-short-key", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.QUARTER, 1)),
                // short key, online v2 (word contexts)
                new Case("lm-mix-both-online2", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.QUARTER, 2)),
                new Case("lm-mix-online-online2", 10, new MixPredictor(null, tok, fp, 48, 4, MixPredictor.Mode.ONLINE_ONLY,
                        Slide.QUARTER, 2)),
                // online v3 (checked table lines, line contexts, third mixer)
                new Case("lm-mix-both-online3", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.QUARTER, 3)),
                new Case("lm-mix-online-online3", 10, new MixPredictor(null, tok, fp, 48, 4, MixPredictor.Mode.ONLINE_ONLY,
                        Slide.QUARTER, 3)),
                // online v4 (indirect, line-above and number contexts, second match model)
                new Case("lm-mix-both-online4", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.QUARTER, 4)),
                new Case("lm-mix-online-online4", 10, new MixPredictor(null, tok, fp, 48, 4, MixPredictor.Mode.ONLINE_ONLY,
                        Slide.QUARTER, 4)),
                // online v5 (run models, mixers by tree node, decaying mixer rates)
                new Case("lm-mix-both-online5", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.DEFAULT, 5)),
                new Case("lm-mix-online-online5", 10, new MixPredictor(null, tok, fp, 48, 4, MixPredictor.Mode.ONLINE_ONLY,
                        Slide.DEFAULT, 5)),
                // today's: online v6 (the LM's output layer adapted as the frame is coded)
                new Case("lm-mix-both-online6", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH)),
                new Case("lm-mix-online-online6", 10, new MixPredictor(null, tok, fp, 48, 4, MixPredictor.Mode.ONLINE_ONLY)),
                // the mixing predictor alone, every frame coded by it (with the fallback on, the byte
                // model wins the frames of this tiny random model, so the cases above test the
                // container more than the mixing): each online version, with and without the LM
                new Case("lm-mix-both-online1-alone", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.QUARTER, 1), false),
                new Case("lm-mix-online-online1-alone", 10, new MixPredictor(null, tok, fp, 48, 4,
                        MixPredictor.Mode.ONLINE_ONLY, Slide.QUARTER, 1), false),
                new Case("lm-mix-both-online2-alone", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.QUARTER, 2), false),
                new Case("lm-mix-online-online2-alone", 10, new MixPredictor(null, tok, fp, 48, 4,
                        MixPredictor.Mode.ONLINE_ONLY, Slide.QUARTER, 2), false),
                new Case("lm-mix-both-online3-alone", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.QUARTER, 3), false),
                new Case("lm-mix-online-online3-alone", 10, new MixPredictor(null, tok, fp, 48, 4,
                        MixPredictor.Mode.ONLINE_ONLY, Slide.QUARTER, 3), false),
                new Case("lm-mix-both-online4-alone", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.QUARTER, 4), false),
                new Case("lm-mix-online-online4-alone", 10, new MixPredictor(null, tok, fp, 48, 4,
                        MixPredictor.Mode.ONLINE_ONLY, Slide.QUARTER, 4), false),
                new Case("lm-mix-both-online5-alone", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.DEFAULT, 5), false),
                new Case("lm-mix-online-online5-alone", 10, new MixPredictor(null, tok, fp, 48, 4,
                        MixPredictor.Mode.ONLINE_ONLY, Slide.DEFAULT, 5), false),
                new Case("lm-mix-both-online6-alone", 10, new MixPredictor(e, tok, fp, 48, 4, MixPredictor.Mode.BOTH,
                        Slide.DEFAULT, 6), false),
                new Case("lm-mix-online-online6-alone", 10, new MixPredictor(null, tok, fp, 48, 4,
                        MixPredictor.Mode.ONLINE_ONLY, Slide.DEFAULT, 6), false),
        };
    }

    private static byte[] input() {
        return MixRoundTripTest.text(3000, 42); // three 1 KiB frames
    }

    private static byte[] compress(Case c) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (LmzOutputStream out = new LmzOutputStream(bo,
                LmzOptions.defaults().predictor(c.predictor()).frameSizeLog(c.frameLog()).lanes(4).threads(2)
                        .fallback(c.fallback()))) {
            out.write(input());
        }
        return bo.toByteArray();
    }

    private static byte[] golden(String path) throws IOException {
        try (InputStream in = GoldenModelFilesTest.class.getResourceAsStream("/golden/" + path + ".lmz")) {
            assertNotNull(in, path + ".lmz is committed");
            return in.readAllBytes();
        }
    }

    private static void assertDecodes(byte[] lmz, Case c, String what) throws IOException {
        try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz), (id, f, params) -> c.predictor(), 1)) {
            assertArrayEquals(input(), in.readAllBytes(), what + " decodes");
        }
    }

    /**
     * Files written before 2026-11-26 ({@code golden/NAME.lmz}, some frames coded by the first byte
     * model, method 3) keep decoding; today's encoder (method 4 for such frames) writes
     * {@code golden/2026-11-26/NAME.lmz} byte for byte.
     */
    @Test
    void goldenFilesDecodeAndTodaysEncoderWritesThem() throws IOException {
        for (Case c : cases()) {
            if (c.name().matches("lm-slide-(half|quarter)|lm-mix-both|lm-mix-online")) { // the cases of before 2026-11-26
                assertDecodes(golden(c.name()), c, c.name());
            }
            byte[] today = golden(TODAY + c.name());
            assertDecodes(today, c, TODAY + c.name());
            assertArrayEquals(today, compress(c), c.name() + ": today's encoder writes the committed bytes");
        }
    }

    private static final String TODAY = "2026-11-26/";

    @Test
    void writeGoldenFiles() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("lmzip.golden.write"), "only with -Dlmzip.golden.write=true");
        Files.createDirectories(DIR.resolve(TODAY));
        for (Case c : cases()) {
            Files.write(DIR.resolve(TODAY + c.name() + ".lmz"), compress(c));
        }
    }
}
