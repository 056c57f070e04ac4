package dev.lmzip.bench.domain;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MediaTest {
    /** A synthetic RGB image: pixel (x, y) has R = x, G = y, B = x + y (mod 256). */
    static ImageData gradient(int w, int h) {
        byte[] p = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                p[i] = (byte) x;
                p[i + 1] = (byte) y;
                p[i + 2] = (byte) (x + y);
            }
        }
        return new ImageData(w, h, 3, p);
    }

    @Test
    void a512By512ImageGives128PatchesOf32By64() {
        ImageData img = gradient(512, 512);
        List<byte[]> patches = img.patches();
        assertEquals(128, patches.size());
        assertEquals(128, img.patchCount());
        for (byte[] p : patches) {
            assertEquals(2048, p.length);
        }
        // patch 1 is the second across the top: columns 64..127 of rows 0..31
        byte[] grey = img.grey();
        byte[] p1 = patches.get(1);
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 64; c++) {
                assertEquals(grey[r * 512 + 64 + c], p1[r * 64 + c]);
            }
        }
        // patch 8 starts the second band of 32 rows (8 patches across)
        assertEquals(grey[32 * 512], patches.get(8)[0]);
        assertArrayEquals(patches.get(77), img.patch(77));
    }

    @Test
    void partialPatchesAreDroppedAsInPeers() {
        // PEERS.md: chelsea 451x300 -> 63, coins 384x303 -> 54, page 384x191 -> 30, motorcycle 741x500 -> 165
        assertEquals(63, new ImageData(451, 300, 1, new byte[451 * 300]).patchCount());
        assertEquals(54, new ImageData(384, 303, 1, new byte[384 * 303]).patchCount());
        assertEquals(30, new ImageData(384, 191, 1, new byte[384 * 191]).patchCount());
        assertEquals(165, new ImageData(741, 500, 1, new byte[741 * 500]).patchCount());
    }

    @Test
    void greyIsTheMeanOfRgbRoundedDown() {
        ImageData img = new ImageData(2, 1, 3, new byte[] {10, 20, 31, (byte) 255, (byte) 255, (byte) 254});
        assertArrayEquals(new byte[] {20, (byte) 254}, img.grey());
    }

    @Test
    void eightBitAudioIsTheTopByte() {
        short[] s = {0, 255, 256, -1, -256, -257, Short.MAX_VALUE, Short.MIN_VALUE, 0x1234};
        byte[] b = AudioData.to8bit(s);
        assertArrayEquals(new byte[] {0, 0, 1, -1, -1, -2, 127, -128, 0x12}, b);
        AudioData a = new AudioData(16000, 1, s);
        byte[] pcm = a.pcm16();
        assertEquals(18, pcm.length);
        assertEquals(0x34, pcm[16]);
        assertEquals(0x12, pcm[17]);
        assertArrayEquals(s, AudioData.fromPcm16(pcm, 16000, 1).samples());
    }

    static Unit imageUnit(ImageData img, Granularity g) {
        return new Unit(Domain.IMAGES, g, "test", 0, img.pixels(), img.layout());
    }

    @Test
    void pngRoundTripsWholeRgbGreyAndPatches() throws IOException {
        PngCodec png = new PngCodec();
        ImageData rgb = gradient(100, 37);
        for (Unit u : List.of(imageUnit(rgb, Granularity.WHOLE),
                new Unit(Domain.IMAGES, Granularity.WHOLE, "g", 0, rgb.grey(), new Layout.Image(100, 37, 1)),
                new Unit(Domain.IMAGES, Granularity.CHUNKS, "p", 0, gradient(512, 512).patch(3), new Layout.Image(64, 32, 1)),
                new Unit(Domain.TEXT, Granularity.CHUNKS, "t", 0, "text ".repeat(410).substring(0, 2048).getBytes(), Layout.BYTES))) {
            assertTrue(png.applies(u));
            byte[] packed = png.compress(u);
            assertEquals((byte) 0x89, packed[0]);
            assertEquals('P', packed[1]);
            assertArrayEquals(u.data(), png.decompress(packed, u));
        }
        assertFalse(png.applies(new Unit(Domain.TEXT, Granularity.WHOLE, "t", 0, new byte[4096], Layout.BYTES)));
    }

    static short[] tone(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (8000 * Math.sin(i * 0.05) + 3000 * Math.sin(i * 0.31) + r.nextInt(-200, 200));
        }
        return s;
    }

    static List<Unit> audioUnits() {
        AudioData a = new AudioData(16000, 1, tone(10_000, 1));
        byte[] pcm8 = a.pcm8();
        byte[] chunk = java.util.Arrays.copyOf(pcm8, 2048);
        byte[] text = "The quick brown fox. ".repeat(100).substring(0, 2048).getBytes();
        return List.of(
                new Unit(Domain.AUDIO, Granularity.WHOLE, "a", 0, a.pcm16(), a.layout16()),
                new Unit(Domain.AUDIO, Granularity.CHUNKS, "a", 0, chunk, a.layout8()),
                new Unit(Domain.TEXT, Granularity.CHUNKS, "t", 0, text, Layout.BYTES),
                new Unit(Domain.IMAGES, Granularity.CHUNKS, "p", 0, gradient(512, 512).patch(9), new Layout.Image(64, 32, 1)));
    }

    @Test
    void javaFlacRoundTripsSixteenAndEightBit() throws IOException {
        FlacJavaCodec flac = new FlacJavaCodec();
        for (Unit u : audioUnits()) {
            assertTrue(flac.applies(u));
            byte[] packed = flac.compress(u);
            assertEquals('f', packed[0]);
            assertEquals('L', packed[1]);
            assertArrayEquals(u.data(), flac.decompress(packed, u), u.toString());
            if (u.domain() == Domain.AUDIO) {
                assertTrue(packed.length < u.data().length, "FLAC compresses a tone: " + packed.length);
            }
        }
        assertFalse(flac.applies(new Unit(Domain.TEXT, Granularity.WHOLE, "t", 0, new byte[4096], Layout.BYTES)));
    }

    @Test
    void flacToolRoundTripsWhenInstalled() throws IOException {
        FlacCliCodec flac = new FlacCliCodec();
        assumeTrue(flac.unavailableReason().isEmpty(), "no flac executable");
        for (Unit u : audioUnits()) {
            byte[] packed = flac.compress(u);
            assertArrayEquals(u.data(), flac.decompress(packed, u), u.toString());
        }
    }

    @Test
    void flacToolIsUnavailableWithoutTheBinary() {
        assertTrue(new FlacCliCodec(null).unavailableReason().isPresent());
    }

    @Test
    void decodesTheLibriSpeechFlacWithJflacWhenTheCorpusIsThere() throws IOException {
        Path f = Path.of("../../shared/corpus/bench/audio/librispeech_0.flac");
        if (!Files.exists(f)) {
            f = Path.of("../shared/corpus/bench/audio/librispeech_0.flac");
        }
        assumeTrue(Files.exists(f), "corpus not present");
        AudioData a = AudioData.read(f);
        assertEquals(16000, a.sampleRate());
        assertEquals(1, a.channels());
        assertEquals(74400, a.samples().length); // as the file's STREAMINFO and PEERS.md say
        // the Java FLAC encoder's output decodes to the same samples
        Unit u = new Unit(Domain.AUDIO, Granularity.WHOLE, "l", 0, a.pcm16(), a.layout16());
        FlacJavaCodec flac = new FlacJavaCodec();
        assertArrayEquals(u.data(), flac.decompress(flac.compress(u), u));
        assertArrayEquals(a.samples(), AudioData.decodeFlac(new ByteArrayInputStream(flac.compress(u)), "x").samples());
    }

    @Test
    void samplingIsReplayableAndDistinct() {
        int[] a = Corpus.pick(100, 10, 7, "calgary/book1");
        int[] b = Corpus.pick(100, 10, 7, "calgary/book1");
        assertArrayEquals(a, b);
        assertEquals(10, java.util.Arrays.stream(a).distinct().count());
        assertEquals(5, Corpus.pick(5, 10, 7, "x").length);
        assertEquals(100, Corpus.pick(100, 0, 7, "x").length);
    }
}
