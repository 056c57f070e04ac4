package dev.lmzip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The incremental encoder gives the one-shot ids for any chunking; safe cuts never change ids. */
class StreamingTest {

    static Tokenizer[] tokenizers() {
        return TestData.sharedOrNull() == null ? new Tokenizer[] {SmallTokenizer.get()}
                : new Tokenizer[] {SmallTokenizer.get(), TestData.neox()};
    }

    static int[] streamed(Tokenizer t, byte[] b, SplittableRandom r) {
        IntList out = new IntList(16);
        StreamEncoder enc = t.newEncoder(out::add);
        int p = 0;
        while (p < b.length) {
            int n = Math.min(b.length - p, r.nextInt(4) == 0 ? r.nextInt(1 << 21) : r.nextInt(64) + 1);
            enc.write(b, p, n);
            p += n;
        }
        enc.finish();
        return out.toArray();
    }

    @Test
    void smallInputsAnyChunking() {
        SplittableRandom r = new SplittableRandom(77);
        for (Tokenizer t : tokenizers()) {
            for (int i = 0; i < 2000; i++) {
                byte[] b = RandomBytes.any(r);
                assertArrayEquals(t.encode(b), streamed(t, b, r));
            }
        }
    }

    @Test
    void largeInputsAcrossWindows() throws IOException {
        SplittableRandom r = new SplittableRandom(78);
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        while (mixed.size() < 2_600_000) mixed.writeBytes(RandomBytes.any(r));
        byte[][] inputs = {
            mixed.toByteArray(),
            "ab".repeat(1_300_000).getBytes(StandardCharsets.UTF_8), // forced cuts (no safe point)
            "日本語".repeat(300_000).getBytes(StandardCharsets.UTF_8), // forced cuts on code point boundaries
            " ".repeat(2_200_000).getBytes(StandardCharsets.UTF_8),
        };
        for (Tokenizer t : tokenizers()) {
            for (byte[] b : inputs) {
                int[] once = t.encode(b);
                assertArrayEquals(once, streamed(t, b, r));
                assertArrayEquals(once, t.encode(new ByteArrayInputStream(b)));
                assertArrayEquals(b, t.decode(once));
            }
        }
    }

    /** Cutting at safe points (chosen as the encoder does, from the start) leaves the ids unchanged. */
    @Test
    void safeCutsDoNotChangeIds() {
        SplittableRandom r = new SplittableRandom(79);
        for (Tokenizer t : tokenizers()) {
            int safeCuts = 0;
            for (int i = 0; i < 3000; i++) {
                byte[] b = RandomBytes.any(r);
                int[] whole = t.encode(b);
                Tokenizer.EncodeState st = new Tokenizer.EncodeState();
                IntList out = new IntList(16);
                StringBuilder cuts = new StringBuilder();
                int s = 0;
                while (s < b.length) {
                    int limit = Math.min(b.length, s + 1 + r.nextInt(16));
                    int p = t.safeCutPoint(b, s, limit, b.length);
                    if (p < 0) p = b.length; else safeCuts++;
                    assertTrue(p > s && p <= Math.max(limit, p));
                    t.encodeSegment(b, s, p, st, out);
                    cuts.append(p).append(' ');
                    s = p;
                }
                assertArrayEquals(whole, out.toArray(), () -> "cuts " + cuts + "of " + LosslessTest.hex(b));
            }
            assertTrue(safeCuts > 1000, "safe cuts tested: " + safeCuts);
        }
    }

    /** Concurrent use of one Tokenizer from several threads gives the single-threaded ids. */
    @Test
    void concurrentEncoding() throws Exception {
        Tokenizer t = tokenizers()[tokenizers().length - 1];
        SplittableRandom r = new SplittableRandom(80);
        byte[][] inputs = new byte[400][];
        int[][] expected = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = RandomBytes.any(r);
            expected[i] = t.encode(inputs[i]);
        }
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
            for (int k = 0; k < 8; k++) {
                final int seed = k;
                fs.add(ex.submit(() -> {
                    SplittableRandom rr = new SplittableRandom(seed);
                    for (int rep = 0; rep < 3; rep++) {
                        for (int i = 0; i < inputs.length; i++) {
                            int[] got = (i + seed) % 2 == 0 ? t.encode(inputs[i]) : streamed(t, inputs[i], rr);
                            assertArrayEquals(expected[i], got);
                        }
                    }
                    return null;
                }));
            }
            for (var f : fs) f.get();
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void encoderRejectsUseAfterFinish() {
        StreamEncoder enc = SmallTokenizer.get().newEncoder(id -> { });
        enc.write(new byte[] {1, 2, 3});
        enc.finish();
        enc.finish(); // idempotent
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> enc.write(new byte[1]));
    }
}
