package dev.lmzip.codec.io;

import dev.lmzip.codec.LmzException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replayable mutation fuzzing of valid containers: every case must end in correct output or a
 * typed {@link LmzException} — never a hang, an OutOfMemoryError or another exception type.
 * Replay a failure with {@code -Dlmzip.fuzz.seed=S -Dlmzip.fuzz.cases=N}.
 */
class FuzzTest {
    static final long SEED = Long.getLong("lmzip.fuzz.seed", 20261125L);
    static final int CASES = Integer.getInteger("lmzip.fuzz.cases", 10_000);

    @Test
    void mutatedContainersFailCleanly() throws IOException {
        List<byte[]> raws = new ArrayList<>();
        byte[] text = RoundTripTest.sampleText();
        raws.add(new byte[0]);
        raws.add(new byte[] {7});
        raws.add(Arrays.copyOf(text, 3000));
        raws.add(RoundTripTest.repeatTo(text, 4500)); // several 1 KiB frames
        byte[] noise = new byte[2500];
        new SplittableRandom(4).nextBytes(noise);
        raws.add(noise); // stored frames
        List<byte[]> containers = new ArrayList<>();
        for (byte[] r : raws) {
            containers.add(Lmz.compress(r, LmzOptions.defaults().frameSizeLog(10).threads(1)));
        }
        // the other built-in predictors: bytes2; media (image, audio with a header), whose frames of
        // text fall back to bytes2 (method 4)
        byte[] pixels = dev.lmzip.codec.media.MediaPredictorTest.image(40, 30, 3, 9);
        byte[] wav = dev.lmzip.codec.media.MediaPredictorTest.wav(dev.lmzip.codec.media.MediaPredictorTest.audio(600, 1, 2), 1);
        Object[][] more = {
                {Arrays.copyOf(text, 3000), new dev.lmzip.codec.bytemodel.ByteModel2()},
                {pixels, new dev.lmzip.codec.media.MediaPredictor(dev.lmzip.codec.media.MediaLayout.image(40, 30, 3, 0))},
                {wav, new dev.lmzip.codec.media.MediaPredictor(dev.lmzip.codec.media.MediaLayout.detect(wav, wav.length))},
                {RoundTripTest.repeatTo(text, 4500), new dev.lmzip.codec.media.MediaPredictor(
                        dev.lmzip.codec.media.MediaLayout.audio(16, 2, 10))},
        };
        for (Object[] m : more) {
            raws.add((byte[]) m[0]);
            containers.add(Lmz.compress((byte[]) m[0], LmzOptions.defaults().predictor((dev.lmzip.codec.predict.Predictor) m[1])
                    .frameSizeLog(10).threads(1)));
        }
        int method4 = 0;
        dev.lmzip.codec.container.ContainerReader reader = new dev.lmzip.codec.container.ContainerReader(
                new java.io.ByteArrayInputStream(containers.getLast()), 1 << 20);
        for (dev.lmzip.codec.container.Frame f; (f = reader.nextFrame()) != null; ) {
            method4 += f.method() == dev.lmzip.codec.container.Method.BYTES2 ? 1 : 0;
        }
        assertTrue(method4 > 0, "text under an audio layout falls back to bytes2 (method 4)");
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            SplittableRandom rnd = new SplittableRandom(SEED);
            for (int c = 0; c < CASES; c++) {
                int which = rnd.nextInt(containers.size());
                byte[] mutated = mutate(containers.get(which), containers, rnd);
                try {
                    byte[] out = Lmz.decompress(mutated, 1);
                    assertArrayEquals(raws.get(which), out, "case " + c + ": wrong output accepted");
                } catch (LmzException expected) {
                    // typed failure: fine
                } catch (Throwable t) {
                    fail("case " + c + " (seed " + SEED + "): " + t, t);
                }
            }
        });
    }

    static byte[] mutate(byte[] base, List<byte[]> others, SplittableRandom rnd) {
        byte[] b = base.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> { // bit flips
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256); // a random byte
            case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length)); // truncation
            case 3 -> { // splice a piece of another container in
                byte[] o = others.get(rnd.nextInt(others.size()));
                int from = rnd.nextInt(o.length);
                int len = 1 + rnd.nextInt(Math.min(64, o.length - from));
                int to = rnd.nextInt(b.length);
                byte[] s = new byte[b.length + len];
                System.arraycopy(b, 0, s, 0, to);
                System.arraycopy(o, from, s, to, len);
                System.arraycopy(b, to, s, to + len, b.length - to);
                b = s;
            }
            case 4 -> { // delete a range
                int from = rnd.nextInt(b.length);
                int len = 1 + rnd.nextInt(Math.min(32, b.length - from));
                byte[] s = new byte[b.length - len];
                System.arraycopy(b, 0, s, 0, from);
                System.arraycopy(b, from + len, s, from, b.length - from - len);
                b = s;
            }
            default -> { // overwrite a field-sized run with extreme values
                int at = rnd.nextInt(b.length);
                byte v = rnd.nextBoolean() ? (byte) 0xFF : 0;
                for (int i = at; i < Math.min(b.length, at + 4); i++) {
                    b[i] = v;
                }
            }
        }
        return b;
    }
}
