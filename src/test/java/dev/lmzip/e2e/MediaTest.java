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

    @Test
    void aDecodedFormThatCodesLargerThanTheFileNeverBeatsTheFilesOwnBytes(@TempDir Path dir) throws Exception {
        // a PNG of noise in stored deflate blocks: the pixels code to about the file's size
        int w = 256;
        int h = 256;
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int y = 0; y < h; y++) {
            raw.write(0);
            for (int x = 0; x < w; x++) {
                raw.write(r.nextInt(256));
            }
        }
        java.util.zip.Deflater stored = new java.util.zip.Deflater(0);
        stored.setInput(raw.toByteArray());
        stored.finish();
        byte[] z = new byte[raw.size() + 256];
        int n = stored.deflate(z);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", new byte[] {0, 0, (byte) (w >> 8), (byte) w, 0, 0, (byte) (h >> 8), (byte) h, 8, 0, 0, 0, 0});
        chunk(png, "IDAT", java.util.Arrays.copyOf(z, n));
        chunk(png, "IEND", new byte[0]);
        Data.write(dir.resolve("noise.png"), png.toByteArray());

        Lmzip.Result run = Lmzip.run(dir, null, "--decoded", "-m", "bytes", "-o", "d.lmz", "noise.png");
        assertEquals(0, run.exit(), run.toString());
        // this noise is one where the file's bytes win (when this was written: 65,955 against 65,966 bytes)
        assertTrue(run.stderr().contains("coded as its bytes ("), run.toString());
        assertEquals(0, Lmzip.run(dir, null, "-m", "bytes", "-o", "b.lmz", "noise.png").exit());
        long decoded = Data.read(dir.resolve("d.lmz")).length;
        long asBytes = Data.read(dir.resolve("b.lmz")).length;
        assertTrue(decoded <= asBytes, decoded + " bytes with --decoded, " + asBytes + " as bytes");
        assertEquals(0, Lmzip.run(dir, null, "-d", "-o", "back.png", "d.lmz").exit());
        assertArrayEquals(png.toByteArray(), Data.read(dir.resolve("back.png")));
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        for (int v : new int[] {data.length, -1, -2, (int) crc.getValue()}) {
            if (v == -1) {
                out.writeBytes(t);
            } else if (v == -2) {
                out.writeBytes(data);
            } else {
                out.writeBytes(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
            }
        }
    }
}
