package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Images and audio: found by their header or named with --as, coded with the media model, back byte for byte. */
class MediaTest {
    /** A 16-bit mono WAV file of a tone with a little noise. */
    static byte[] wav(int samples) {
        byte[] b = new byte[44 + 2 * samples];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
        le32(b, 4, 36 + 2 * samples);
        System.arraycopy("WAVEfmt ".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 8);
        le32(b, 16, 16);
        b[20] = 1;
        b[22] = 1;
        le32(b, 24, 16000);
        le32(b, 28, 32000);
        b[32] = 2;
        b[34] = 16;
        System.arraycopy("data".getBytes(StandardCharsets.US_ASCII), 0, b, 36, 4);
        le32(b, 40, 2 * samples);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < samples; i++) {
            int v = (int) (9000 * Math.sin(i * 0.07)) + r.nextInt(9) - 4;
            b[44 + 2 * i] = (byte) v;
            b[45 + 2 * i] = (byte) (v >> 8);
        }
        return b;
    }

    private static void le32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static String info(Path dir, String file) {
        Lmzip.Result r = Lmzip.run(dir, null, "info", file);
        assertEquals(0, r.exit(), r.toString());
        return r.out();
    }

    @Test
    void aWavFileIsFoundByItsHeaderAndCodedAsAudio(@TempDir Path dir) {
        byte[] wav = wav(20000);
        Data.write(dir.resolve("tone.wav"), wav);
        Lmzip.Result r = Lmzip.run(dir, null, "tone.wav");
        assertEquals(0, r.exit(), r.toString());
        String info = info(dir, "tone.wav.lmz");
        assertTrue(info.contains("media") && info.contains("layout=audio:16x1") && info.contains("offset=44"), info);
        byte[] lmz = Data.read(dir.resolve("tone.wav.lmz"));
        // flac -8 makes 18,195 bytes of it; the media model 13,729 when this was written
        assertTrue(lmz.length < 0.4 * wav.length, lmz.length + " bytes");
        assertEquals(0, Lmzip.run(dir, null, "-d", "-f", "tone.wav.lmz").exit());
        assertArrayEquals(wav, Data.read(dir.resolve("tone.wav")));

        // -m chooses the predictor: no detection
        assertEquals(0, Lmzip.run(dir, null, "-m", "bytes", "-o", "b.lmz", "tone.wav").exit());
        assertTrue(info(dir, "b.lmz").contains("predictor      : bytes"));
    }

    @Test
    void rawPixelsAreCodedAsAnImageWithAs(@TempDir Path dir) {
        int w = 120;
        int h = 80;
        byte[] pixels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = (byte) (x + y + (x * y % 3));
            }
        }
        Data.write(dir.resolve("img.raw"), pixels);
        assertEquals(0, Lmzip.run(dir, null, "--as", "image:120x80", "-o", "img.lmz", "img.raw").exit());
        assertTrue(info(dir, "img.lmz").contains("layout=image:120x80x1"));
        assertEquals(0, Lmzip.run(dir, null, "-o", "plain.lmz", "--as", "text", "img.raw").exit());
        assertTrue(Data.read(dir.resolve("img.lmz")).length < Data.read(dir.resolve("plain.lmz")).length);
        Lmzip.Result back = Lmzip.run(dir, null, "-d", "-c", "img.lmz");
        assertEquals(0, back.exit(), back.toString());
        assertArrayEquals(pixels, back.stdout());

        // from stdin too
        Lmzip.Result piped = Lmzip.run(dir, pixels, "--as", "image:120x80", "-c");
        assertEquals(0, piped.exit(), piped.toString());
        Lmzip.Result unpiped = Lmzip.run(dir, piped.stdout(), "-d", "-c");
        assertArrayEquals(pixels, unpiped.stdout());
    }

    @Test
    void aBadLayoutIsAUsageError(@TempDir Path dir) {
        Data.write(dir.resolve("x"), new byte[10]);
        Lmzip.Result r = Lmzip.run(dir, null, "--as", "image:0x3", "x");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("--as"), r.stderr());
    }

    @Test
    void decodedPngAndFlacFilesAreCodedAsPixelsAndSamplesAndComeBackByteForByte(@TempDir Path dir) throws Exception {
        Path bench = CorpusTest.bench();
        for (String name : new String[] {"images/page.png", "audio/librispeech_0.flac"}) {
            byte[] file = java.nio.file.Files.readAllBytes(bench.resolve(name));
            String local = Path.of(name).getFileName().toString();
            Data.write(dir.resolve(local), file);
            Lmzip.Result r = Lmzip.run(dir, null, "-v", "--decoded", "-k", local);
            assertEquals(0, r.exit(), r.toString());
            String kind = local.endsWith(".png") ? "PNG" : "FLAC";
            assertTrue(r.stderr().contains("decoded " + kind), r.toString());
            String info = info(dir, local + ".lmz");
            assertTrue(info.contains("source=" + kind.toLowerCase()) && info.contains("rebuilds the original " + kind + " file"), info);
            long lmz = Data.read(dir.resolve(local + ".lmz")).length;
            // when this was written: page.png 47,679 -> 36,850 bytes, librispeech_0.flac 94,321 -> 80,471
            assertTrue(lmz < 0.9 * file.length, local + ": " + lmz + " bytes");
            assertEquals(0, Lmzip.run(dir, null, "-d", "-f", local + ".lmz").exit());
            assertArrayEquals(file, Data.read(dir.resolve(local)), local);

            // no random access into a decoded form: a clear refusal
            Lmzip.Result slice = Lmzip.run(dir, null, "-d", "-c", "--offset", "0", "--length", "10", local + ".lmz");
            assertEquals(1, slice.exit(), slice.toString());
            assertTrue(slice.stderr().contains("no random access"), slice.toString());
        }
    }

    @Test
    void aPngThatCannotBeRebuiltIsCodedAsItsBytesWithANote(@TempDir Path dir) throws Exception {
        byte[] png = java.nio.file.Files.readAllBytes(CorpusTest.bench().resolve("images/page.png"));
        byte[] damaged = png.clone();
        damaged[png.length / 2] ^= 0x55; // inside the image data: the zlib stream no longer inflates
        Data.write(dir.resolve("d.png"), damaged);
        Lmzip.Result r = Lmzip.run(dir, null, "--decoded", "-m", "bytes", "d.png");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("coded as its bytes, not decoded"), r.toString());
        assertTrue(info(dir, "d.png.lmz").contains("predictor      : bytes"));
        assertEquals(0, Lmzip.run(dir, null, "-d", "-f", "d.png.lmz").exit());
        assertArrayEquals(damaged, Data.read(dir.resolve("d.png")));

        Lmzip.Result both = Lmzip.run(dir, null, "--decoded", "--as", "text", "d.png");
        assertEquals(2, both.exit(), both.toString());
        assertTrue(both.stderr().contains("--decoded and --as"), both.toString());
    }
}
