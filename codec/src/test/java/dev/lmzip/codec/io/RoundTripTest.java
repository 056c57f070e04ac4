package dev.lmzip.codec.io;

import dev.lmzip.codec.container.FileHeader;
import dev.lmzip.codec.container.Frame;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundTripTest {
    private static final LmzOptions ONE_THREAD = LmzOptions.defaults().threads(1);

    private static void assertRoundTrip(byte[] raw, LmzOptions options) throws IOException {
        byte[] lmz = Lmz.compress(raw, options);
        assertArrayEquals(raw, Lmz.decompress(lmz, 1));
        assertArrayEquals(raw, Lmz.decompress(lmz, 3));
        int frameSize = 1 << options.frameSizeLog();
        long frames = (raw.length + frameSize - 1) / frameSize;
        FileHeader h = new FileHeader(12, options.frameSizeLog(), "bytes", new byte[32], new byte[0]);
        long bound = raw.length + 33 * frames + h.size() + 21 + (frames > 1 ? 20 : 0); // frames, header, end frame, index
        assertTrue(lmz.length <= bound, "expansion bound: " + lmz.length + " > " + bound);
    }

    @Test
    void empty() throws IOException {
        byte[] lmz = Lmz.compress(new byte[0], ONE_THREAD);
        assertEquals(52 + 21, lmz.length, "header + end frame (no index for one frame or none), as docs/format.md states");
        assertArrayEquals(new byte[0], Lmz.decompress(lmz, 1));
    }

    @Test
    void oneByte() throws IOException {
        assertRoundTrip(new byte[] {42}, ONE_THREAD);
    }

    @Test
    void allByteValues() throws IOException {
        byte[] b = new byte[256 * 40];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        assertRoundTrip(b, ONE_THREAD);
    }

    @Test
    void randomBinaryIsStoredWithinTheBound() throws IOException {
        byte[] b = new byte[300_000];
        new SplittableRandom(1).nextBytes(b);
        assertRoundTrip(b, ONE_THREAD);
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] b = {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1, (byte) 0xE2, 0x28, (byte) 0xA1, (byte) 0xF0, 0x28,
                (byte) 0x8C, (byte) 0xBC, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF, (byte) 0xFE, 0, 0, 'a'};
        assertRoundTrip(b, ONE_THREAD);
    }

    @Test
    void tenMegabytesOfMixedContent() throws IOException {
        byte[] text = sampleText();
        byte[] b = new byte[10 << 20];
        SplittableRandom rnd = new SplittableRandom(2);
        rnd.nextBytes(b);
        // text at the start of the first and the last frame; the rest is noise (stored)
        System.arraycopy(text, 0, b, 0, text.length);
        System.arraycopy(text, 0, b, (9 << 20) + 100, text.length);
        assertRoundTrip(b, LmzOptions.defaults().threads(2));
    }

    @Test
    void manySmallFramesAcrossThreadsAndLanes() throws IOException {
        byte[] text = repeatTo(sampleText(), 60_000);
        byte[] reference = Lmz.compress(text, LmzOptions.defaults().frameSizeLog(10).threads(1));
        for (int threads : new int[] {1, 2, 5}) {
            for (int lanes : new int[] {1, 3, 8}) {
                byte[] lmz = Lmz.compress(text, LmzOptions.defaults().frameSizeLog(10).threads(threads).lanes(lanes));
                assertArrayEquals(reference, lmz, "threads " + threads + " lanes " + lanes);
            }
        }
        assertArrayEquals(text, Lmz.decompress(reference, 2));
    }

    @Test
    void byteByByteWritesEqualBulkWrites() throws IOException {
        byte[] text = repeatTo(sampleText(), 5000);
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (LmzOutputStream out = new LmzOutputStream(bo, LmzOptions.defaults().frameSizeLog(10).threads(1))) {
            for (byte x : text) {
                out.write(x);
            }
        }
        assertArrayEquals(Lmz.compress(text, LmzOptions.defaults().frameSizeLog(10).threads(1)), bo.toByteArray());
    }

    @Test
    void flushFrameEndsAFrameAndFinishIsFinal() throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        LmzOutputStream out = new LmzOutputStream(bo, ONE_THREAD);
        out.write("first part, ".getBytes(StandardCharsets.US_ASCII));
        out.flushFrame();
        int afterFirst = bo.size();
        assertTrue(afterFirst > 52 + Frame.HEADER_SIZE);
        out.write("second part".getBytes(StandardCharsets.US_ASCII));
        out.finish();
        assertThrows(IOException.class, () -> out.write(1));
        out.close();
        assertEquals("first part, second part", new String(Lmz.decompress(bo.toByteArray(), 1), StandardCharsets.US_ASCII));
    }

    @Property(tries = 200, seed = "5")
    void anyBytesRoundTrip(@ForAll @Size(max = 3000) byte[] raw) throws IOException {
        byte[] lmz = Lmz.compress(raw, LmzOptions.defaults().frameSizeLog(10).threads(1));
        assertArrayEquals(raw, Lmz.decompress(lmz, 1));
    }

    /** The first 64 KiB of every bench file (the CLI's CorpusTest does the whole files). */
    @Test
    void everyBenchFileRoundTrips() throws IOException {
        Path shared = Lmz.shared();
        Assumptions.assumeTrue(shared != null, "../shared not present");
        List<Path> files;
        try (Stream<Path> s = Files.walk(shared.resolve("corpus/bench"))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() >= 40, "bench corpus has " + files.size() + " files");
        for (Path f : files) {
            byte[] raw = Files.readAllBytes(f);
            raw = java.util.Arrays.copyOf(raw, Math.min(raw.length, 1 << 16));
            byte[] lmz = Lmz.compress(raw, LmzOptions.defaults().frameSizeLog(14).threads(2));
            assertArrayEquals(raw, Lmz.decompress(lmz, 2), f.toString());
        }
    }

    static byte[] sampleText() throws IOException {
        Path root = Lmz.root();
        Path sample = root == null ? null : root.resolve("corpus/samples/grimm-fairy-tales.txt");
        if (sample != null && Files.exists(sample)) {
            return Files.readAllBytes(sample);
        }
        StringBuilder sb = new StringBuilder();
        SplittableRandom rnd = new SplittableRandom(9);
        String[] words = {"the", "king", "said", "to", "his", "daughter", "and", "went", "into", "forest", "."};
        while (sb.length() < 16384) {
            sb.append(words[rnd.nextInt(words.length)]).append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] repeatTo(byte[] b, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = b[i % b.length];
        }
        return out;
    }
}
