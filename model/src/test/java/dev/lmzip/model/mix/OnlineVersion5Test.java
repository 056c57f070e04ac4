package dev.lmzip.model.mix;

import dev.lmzip.model.file.ModelFile;
import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.predict.Slide;
import dev.lmzip.tokenizer.Tokenizer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What online version 5 adds — run models (the token that followed a context last time, and how
 * often in a row), mixers chosen by the tree node, mixers that learn fast while young — must pay:
 * on text and on records it codes smaller than version 4, and round-trips.
 */
class OnlineVersion5Test {
    private static int[] sizes(byte[] raw) throws IOException {
        Tokenizer tok = MixRoundTripTest.byteTokenizer();
        MixPredictor v4 = new MixPredictor(null, tok, MixRoundTripTest.FP, 48, 1, MixPredictor.Mode.ONLINE_ONLY, Slide.DEFAULT, 4);
        MixPredictor v5 = new MixPredictor(null, tok, MixRoundTripTest.FP, 48, 1, MixPredictor.Mode.ONLINE_ONLY, Slide.DEFAULT, 5);
        byte[] lmz4 = MixRoundTripTest.compress(raw, v4, 1, 1, 20);
        byte[] lmz5 = MixRoundTripTest.compress(raw, v5, 1, 1, 20);
        assertArrayEquals(raw, MixRoundTripTest.decompress(lmz5, v5, 2));
        return new int[] {lmz4.length, lmz5.length};
    }

    @Test
    void withTheHouseModelVersion5CodesHeldOutProseSmallerThanVersion4() throws IOException {
        Path model = Path.of("../models/house.lmzm");
        Assumptions.assumeTrue(Files.isReadable(novel()) && Files.isReadable(model), "needs ../shared and the house model");
        ModelFile m = ModelFile.open(model);
        Engine engine = new Engine(m.model(), Int8Kernels.select(), 2);
        byte[] raw = Arrays.copyOf(Files.readAllBytes(novel()), 16_000);
        MixPredictor v4 = new MixPredictor(engine, m.tokenizer(), m.fingerprint(), 512, 1, MixPredictor.Mode.BOTH, Slide.DEFAULT, 4);
        MixPredictor v5 = new MixPredictor(engine, m.tokenizer(), m.fingerprint(), 512, 1, MixPredictor.Mode.BOTH, Slide.DEFAULT, 5);
        byte[] lmz4 = MixRoundTripTest.compress(raw, v4, 1, 2, 20);
        byte[] lmz5 = MixRoundTripTest.compress(raw, v5, 1, 2, 20);
        // measured 2026-11-26: 3,296 against 3,417 bytes (-3.5 %)
        assertTrue(lmz5.length * 100L <= lmz4.length * 98L, "version 5 " + lmz5.length + " bytes against version 4 " + lmz4.length);
        assertArrayEquals(raw, MixRoundTripTest.decompress(lmz5, v5, 2));
    }

    private static Path novel() {
        // a novel of the training corpus held out of the house model's training (never the bench)
        return Path.of(System.getProperty("lmzip.shared", "../../shared"),
                "corpus/train/prose/gutenberg-fiction/Baum_L_Frank_Lyman_Frank__Aunt_Jane_s_Nieces_Abroad.txt");
    }

    @Test
    void version5CodesRecordsSmallerThanVersion4() throws IOException {
        int[] s = sizes(OnlineVersion4Test.records(400, 7));
        // measured 2026-11-26: 28,785 against 28,974 bytes (-0.7 %): random numbers are most of the data
        assertTrue(s[1] * 1000L <= s[0] * 996L, "version 5 " + s[1] + " bytes against version 4 " + s[0]);
    }

    @Test
    void version5CodesTextSmallerThanVersion4() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(novel()), "needs ../shared");
        int[] s = sizes(Arrays.copyOf(Files.readAllBytes(novel()), 60_000));
        // measured 2026-11-26: 18,506 against 18,805 bytes (-1.6 %) without a language model
        assertTrue(s[1] * 100L <= s[0] * 99L, "version 5 " + s[1] + " bytes against version 4 " + s[0]);
    }
}
