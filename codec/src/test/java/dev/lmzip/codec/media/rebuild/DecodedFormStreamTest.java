package dev.lmzip.codec.media.rebuild;

import dev.lmzip.codec.LmzException;
import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import dev.lmzip.codec.io.LmzSeekableReader;
import dev.lmzip.codec.media.MediaLayout;
import dev.lmzip.codec.media.MediaPredictor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A decoded form through the container: LmzInputStream gives back the original file; its layout is in the params. */
class DecodedFormStreamTest {

    private static byte[] compress(DecodedForm form, int frameSizeLog) throws Exception {
        ByteArrayOutputStream lmz = new ByteArrayOutputStream();
        try (LmzOutputStream out = new LmzOutputStream(lmz, LmzOptions.defaults().predictor(new MediaPredictor(form.layout()))
                .frameSizeLog(frameSizeLog).threads(2))) {
            out.write(form.content());
        }
        return lmz.toByteArray();
    }

    @Test
    void lmzInputStreamRebuildsTheOriginalFlacAndPngFiles() throws Exception {
        byte[] flac;
        try (InputStream in = getClass().getResourceAsStream("/media/flac/stereo-8.flac")) {
            flac = in.readAllBytes();
        }
        SplittableRandom r = new SplittableRandom(7);
        byte[] px = new byte[64 * 48 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 192 + r.nextInt(4));
        }
        byte[] png = PngFormTest.png(r, 64, 48, 2, px, 6, 8, 0, false);
        for (byte[] file : new byte[][] {flac, png}) {
            DecodedForm form = DecodedForm.of(file);
            for (int frameSizeLog : new int[] {MediaLayout.frameSizeLog(form.content().length), 12}) {
                byte[] lmz = compress(form, frameSizeLog);
                try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz))) {
                    String params = new String(in.header().params(), StandardCharsets.US_ASCII);
                    assertTrue(params.endsWith("\nsource=" + form.layout().source().name().toLowerCase()), params);
                    assertArrayEquals(file, in.readAllBytes(), "frames of 2^" + frameSizeLog);
                    assertEquals(-1, in.read());
                }
                if (frameSizeLog > 12) {
                    assertTrue(lmz.length < file.length, form.layout().source() + ": " + lmz.length + " bytes of " + file.length);
                }
            }
        }
    }

    @Test
    void aDecodedFormHasNoRandomAccess() throws Exception {
        byte[] flac;
        try (InputStream in = getClass().getResourceAsStream("/media/flac/fixed-0.flac")) {
            flac = in.readAllBytes();
        }
        byte[] lmz = compress(DecodedForm.of(flac), 20);
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("decoded", ".lmz");
        try {
            java.nio.file.Files.write(tmp, lmz);
            try (SeekableByteChannel ch = java.nio.file.Files.newByteChannel(tmp)) {
                LmzException e = assertThrows(LmzException.class, () -> new LmzSeekableReader(ch));
                assertTrue(e.getMessage().contains("no random access"), e.getMessage());
            }
        } finally {
            java.nio.file.Files.delete(tmp);
        }
    }

    @Test
    void theSourceParameterIsCanonicalAndKnown() throws Exception {
        MediaLayout l = MediaLayout.audio(16, 2, 300).from(MediaLayout.Source.FLAC);
        assertEquals("layout=audio:16x2\noffset=300\nsource=flac", new String(l.params(), StandardCharsets.US_ASCII));
        assertEquals(l, MediaLayout.fromParams(l.params()));
        assertEquals(MediaLayout.Source.RAW, MediaLayout.fromParams("layout=audio:16x2\noffset=300".getBytes()).source());
        assertThrows(ModelMismatchException.class,
                () -> MediaPredictor.fromParams("layout=audio:16x2\noffset=300\nsource=tiff".getBytes()));
        assertThrows(ModelMismatchException.class,
                () -> MediaPredictor.fromParams("layout=audio:16x2\nsource=flac\noffset=300".getBytes()));
    }

    // golden files: decoded forms written today must decode to their files forever, and be written again byte for byte

    private static byte[] resource(String path) throws Exception {
        try (InputStream in = DecodedFormStreamTest.class.getResourceAsStream(path)) {
            org.junit.jupiter.api.Assertions.assertNotNull(in, path);
            return in.readAllBytes();
        }
    }

    /** The originals: a PNG (RGB 48x32, JZlib level 6, a tEXt chunk, 7 IDAT chunks, 14 bytes after IEND) and a FLAC fixture. */
    private static final String[][] GOLDEN = {
            {"/golden/media/decoded.png", "/golden/media/decoded-png.lmz"},
            {"/media/flac/constant-verbatim.flac", "/golden/media/decoded-flac.lmz"},
    };

    @Test
    void goldenDecodedFormsDecodeAndEncodeTheSame() throws Exception {
        for (String[] g : GOLDEN) {
            byte[] file = resource(g[0]);
            byte[] lmz = resource(g[1]);
            try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz))) {
                assertArrayEquals(file, in.readAllBytes(), g[1]);
            }
            DecodedForm form = DecodedForm.of(file);
            assertArrayEquals(lmz, compress(form, MediaLayout.frameSizeLog(form.content().length)),
                    g[1] + ": the decoded form or the media encoder changed");
        }
    }

    @Test
    void writeGoldenFiles() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("lmzip.golden.write"), "only with -Dlmzip.golden.write=true");
        java.nio.file.Path dir = dev.lmzip.codec.io.Lmz.root().resolve("codec/src/test/resources/golden/media");
        SplittableRandom r = new SplittableRandom(20261126);
        byte[] px = new byte[48 * 32 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i / 3 % 48) * 5 + (i / 144) * 3 + i % 3 * 40 + r.nextInt(6));
        }
        java.nio.file.Files.write(dir.resolve("decoded.png"), PngFormTest.png(r, 48, 32, 2, px, 6, 8, 0, false));
        for (String[] g : GOLDEN) {
            byte[] file = g[0].startsWith("/golden") ? java.nio.file.Files.readAllBytes(dir.resolve("decoded.png")) : resource(g[0]);
            DecodedForm form = DecodedForm.of(file);
            java.nio.file.Files.write(dir.resolve(g[1].substring(g[1].lastIndexOf('/') + 1)),
                    compress(form, MediaLayout.frameSizeLog(form.content().length)));
        }
    }
}
