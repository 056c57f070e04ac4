package dev.lmzip.codec.media.rebuild;

import com.jcraft.jzlib.Deflater;
import com.jcraft.jzlib.JZlib;
import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.io.Lmz;
import dev.lmzip.codec.media.MediaLayout;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The decoded form of PNG files: pixels as an image decoder sees them, and the exact file back. */
class PngFormTest {

    private static Path images() {
        Path shared = Lmz.shared();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("corpus/bench/images")), "no bench images");
        return shared.resolve("corpus/bench/images");
    }

    private static byte[] pixels(DecodedForm form) {
        return Arrays.copyOfRange(form.content(), form.layout().offset(), form.content().length);
    }

    @Test
    void benchImagesRebuildExactlyAndTheirPixelsAreWhatImageIoDecodes() throws Exception {
        TreeSet<String> rebuilt = new TreeSet<>();
        TreeSet<String> refused = new TreeSet<>();
        try (var files = Files.list(images())) {
            for (Path p : files.sorted().toList()) {
                byte[] file = Files.readAllBytes(p);
                String name = p.getFileName().toString();
                DecodedForm form;
                try {
                    form = DecodedForm.of(file);
                } catch (NotRebuildableException e) {
                    refused.add(name);
                    continue;
                }
                rebuilt.add(name);
                assertArrayEquals(file, DecodedForm.rebuild(form.layout(), form.content()), name);
                MediaLayout l = form.layout();
                assertEquals(MediaLayout.Source.PNG, l.source());
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(file));
                assertEquals(img.getWidth(), l.width(), name);
                assertEquals(img.getHeight(), l.height(), name);
                Raster r = img.getRaster();
                assertEquals(r.getNumBands(), l.channels(), name);
                int[] row = new int[l.width() * l.channels()];
                byte[] px = pixels(form);
                for (int y = 0; y < l.height(); y++) {
                    r.getPixels(0, y, l.width(), 1, row);
                    for (int i = 0; i < row.length; i++) {
                        if ((px[y * row.length + i] & 0xFF) != row[i]) {
                            throw new AssertionError(name + ": pixel byte " + i + " of row " + y + " is " + (px[y * row.length + i] & 0xFF)
                                    + ", ImageIO says " + row[i]);
                        }
                    }
                }
            }
        }
        // camera.png's zlib stream (level 9, filtered) differs from JZlib's where JZlib keeps zlib 1.1.3's
        // block-truncation heuristic; astronaut.png is stored blocks only
        assertEquals(new TreeSet<>(List.of("camera.png")), refused);
        assertEquals(9, rebuilt.size(), rebuilt.toString());
    }

    /** A PNG file written the way libpng with zlib writes one (random settings, filters, IDAT sizes and chunks). */
    static byte[] png(SplittableRandom r, int w, int h, int colourType, byte[] pixels, int level, int memLevel, int strategy,
                      boolean stored) throws IOException {
        return png(r, w, h, colourType, 8, false, pixels, level, memLevel, strategy, stored);
    }

    static int channels(int colourType) {
        return switch (colourType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            default -> 4;
        };
    }

    /**
     * As above with {@code depth}-bit samples (1, 2, 4 for grey and palette), packed from the high bit,
     * and optionally interlaced (Adam7: each pass filtered as an image of its own).
     */
    static byte[] png(SplittableRandom r, int w, int h, int colourType, int depth, boolean interlaced, byte[] pixels, int level,
                      int memLevel, int strategy, boolean stored) throws IOException {
        int channels = channels(colourType);
        int[][] passes = interlaced ? new int[][] {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2},
                {0, 1, 1, 2}} : new int[][] {{0, 0, 1, 1}};
        ByteArrayOutputStream scanlines = new ByteArrayOutputStream();
        for (int[] pass : passes) {
            int pw = (w - pass[0] + pass[2] - 1) / pass[2];
            int ph = (h - pass[1] + pass[3] - 1) / pass[3];
            if (pw > 0 && ph > 0) {
                byte[] sub = new byte[pw * ph * channels];
                for (int y = 0; y < ph; y++) {
                    for (int x = 0; x < pw; x++) {
                        System.arraycopy(pixels, ((pass[1] + y * pass[3]) * w + pass[0] + x * pass[2]) * channels, sub,
                                (y * pw + x) * channels, channels);
                    }
                }
                scanlines.write(filteredRows(r, pw, ph, channels, depth, sub));
            }
        }
        return pngAround(r, w, h, colourType, depth, interlaced, scanlines.toByteArray(), level, memLevel, strategy, stored);
    }

    /** The filtered scanlines (random filter per row) of a {@code w}x{@code h} image of {@code depth}-bit samples. */
    private static byte[] filteredRows(SplittableRandom r, int w, int h, int channels, int depth, byte[] pixels) {
        int rowBytes = (w * channels * depth + 7) / 8;
        int bpp = Math.max(1, channels * depth / 8);
        byte[] packed = new byte[h * rowBytes];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w * channels; x++) {
                int bit = x * depth;
                packed[y * rowBytes + bit / 8] |= (byte) ((pixels[y * w * channels + x] & ((1 << depth) - 1)) << (8 - depth - bit % 8));
            }
        }
        byte[] filtered = new byte[h * (rowBytes + 1)];
        for (int y = 0; y < h; y++) {
            int f = r.nextInt(5);
            filtered[y * (rowBytes + 1)] = (byte) f;
            for (int i = 0; i < rowBytes; i++) {
                int a = i >= bpp ? packed[y * rowBytes + i - bpp] & 0xFF : 0;
                int b = y > 0 ? packed[(y - 1) * rowBytes + i] & 0xFF : 0;
                int c = i >= bpp && y > 0 ? packed[(y - 1) * rowBytes + i - bpp] & 0xFF : 0;
                int p = a + b - c;
                int pred = switch (f) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) / 2;
                    default -> Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a
                            : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
                };
                filtered[y * (rowBytes + 1) + 1 + i] = (byte) (packed[y * rowBytes + i] - pred);
            }
        }
        return filtered;
    }

    /** A PNG file around the given filtered scanlines. */
    private static byte[] pngAround(SplittableRandom r, int w, int h, int colourType, int depth, boolean interlaced,
                                    byte[] filtered, int level, int memLevel, int strategy, boolean stored) throws IOException {
        byte[] z = stored ? storedZlib(r, filtered) : jzlib(filtered, level, memLevel, strategy);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {(byte) depth, (byte) colourType, 0, 0, (byte) (interlaced ? 1 : 0)});
        chunk(out, "IHDR", ihdr.toByteArray());
        if (colourType == 3) {
            byte[] plte = new byte[3 << depth];
            for (int i = 0; i < plte.length; i++) {
                plte[i] = (byte) r.nextInt(256);
            }
            chunk(out, "PLTE", plte);
        }
        if (r.nextBoolean()) {
            chunk(out, "tEXt", "Comment\0made by PngFormTest".getBytes(StandardCharsets.ISO_8859_1));
        }
        int idat = 1 + r.nextInt(Math.max(1, z.length));
        for (int at = 0; at < z.length; at += idat) {
            chunk(out, "IDAT", Arrays.copyOfRange(z, at, Math.min(z.length, at + idat)));
        }
        chunk(out, "IEND", new byte[0]);
        if (r.nextInt(4) == 0) {
            out.write("trailing bytes".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    private static byte[] jzlib(byte[] data, int level, int memLevel, int strategy) throws IOException {
        Deflater d = new Deflater(level, 15, memLevel);
        d.params(level, strategy);
        byte[] out = new byte[data.length * 2 + 1024];
        d.setInput(data, 0, data.length, false);
        d.setOutput(out, 0, out.length);
        assertEquals(JZlib.Z_STREAM_END, d.deflate(JZlib.Z_FINISH));
        int n = (int) d.getTotalOut();
        d.end();
        return Arrays.copyOf(out, n);
    }

    /** Stored blocks of random lengths, as a deflater of level 0 other than zlib's might write them. */
    private static byte[] storedZlib(SplittableRandom r, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0x01);
        int at = 0;
        do {
            int len = Math.min(data.length - at, 1 + r.nextInt(70000) % 65535);
            out.write(at + len == data.length ? 1 : 0);
            out.write(len);
            out.write(len >> 8);
            out.write(~len);
            out.write(~len >> 8);
            out.write(data, at, len);
            at += len;
        } while (at < data.length);
        java.util.zip.Adler32 a = new java.util.zip.Adler32();
        a.update(data);
        int v = (int) a.getValue();
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return out.toByteArray();
    }

    private static byte[] image(SplittableRandom r, int n) {
        byte[] px = new byte[n];
        int v = r.nextInt(256);
        for (int i = 0; i < n; i++) {
            v += r.nextInt(9) - 4;
            px[i] = (byte) (r.nextInt(8) == 0 ? r.nextInt(256) : v);
        }
        return px;
    }

    @Test
    void pngFilesOfEveryZlibSettingAndChunkLayoutRebuildExactly() throws Exception {
        SplittableRandom r = new SplittableRandom(20261126);
        int[] colourTypes = {0, 2, 3, 4, 6};
        int[] depths = {1, 2, 4, 8, 8, 8};
        for (int trial = 0; trial < 60; trial++) {
            int colourType = colourTypes[r.nextInt(colourTypes.length)];
            int depth = colourType == 0 || colourType == 3 ? depths[r.nextInt(depths.length)] : 8;
            int channels = channels(colourType);
            int w = 1 + r.nextInt(90);
            int h = 1 + r.nextInt(70);
            byte[] px = image(r, w * h * channels);
            for (int i = 0; i < px.length; i++) {
                px[i] &= (byte) ((1 << depth) - 1);
            }
            int level = r.nextInt(10);
            int memLevel = 1 + r.nextInt(9);
            int strategy = r.nextInt(3);
            boolean stored = r.nextInt(5) == 0;
            boolean interlaced = r.nextInt(3) == 0;
            byte[] file = png(r, w, h, colourType, depth, interlaced, px, level, memLevel, strategy, stored);
            String what = "trial " + trial + ": " + w + "x" + h + "x" + channels + " colour type " + colourType + ", " + depth
                    + "-bit" + (interlaced ? ", interlaced" : "") + ", level " + level + " memLevel " + memLevel + " strategy "
                    + strategy + (stored ? " stored" : "");
            DecodedForm form = DecodedForm.of(file);
            assertEquals(MediaLayout.image(w, h, channels, form.layout().offset()).from(MediaLayout.Source.PNG), form.layout(), what);
            int[] number = colourType == 3 ? byBrightness(file) : null;
            byte[] expected = px.clone();
            if (number != null) {
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = (byte) number[expected[i] & 0xFF];
                }
            }
            assertArrayEquals(expected, pixels(form), what);
            assertArrayEquals(file, DecodedForm.rebuild(form.layout(), form.content()), what);
            // ImageIO's raster holds the samples as stored: palette indices, grey levels unscaled, every channel
            Raster raster = ImageIO.read(new ByteArrayInputStream(file)).getRaster();
            byte[] decoded = pixels(form);
            int[] row = new int[w * channels];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int i = 0; i < row.length; i++) {
                    int want = number != null ? number[row[i]] : row[i];
                    assertEquals(want, decoded[y * w * channels + i] & 0xFF, what + ": sample " + i + " of row " + y);
                }
            }
        }
    }

    /** A palette file's indices renumbered by brightness (0.299 R + 0.587 G + 0.114 B, ties by index), as docs/media.md says. */
    private static int[] byBrightness(byte[] file) {
        int pos = 8;
        while (!new String(file, pos + 4, 4, StandardCharsets.ISO_8859_1).equals("PLTE")) {
            pos += 12 + ((file[pos] & 0xFF) << 24 | (file[pos + 1] & 0xFF) << 16 | (file[pos + 2] & 0xFF) << 8 | (file[pos + 3] & 0xFF));
        }
        int n = ((file[pos + 2] & 0xFF) << 8 | (file[pos + 3] & 0xFF)) / 3;
        List<int[]> entries = new ArrayList<>(); // {brightness, index}
        for (int i = 0; i < n; i++) {
            int at = pos + 8 + 3 * i;
            entries.add(new int[] {299 * (file[at] & 0xFF) + 587 * (file[at + 1] & 0xFF) + 114 * (file[at + 2] & 0xFF), i});
        }
        entries.sort((a, b) -> a[0] != b[0] ? a[0] - b[0] : a[1] - b[1]);
        int[] number = new int[256];
        for (int i = 0; i < 256; i++) {
            number[i] = i;
        }
        for (int rank = 0; rank < n; rank++) {
            number[entries.get(rank)[1]] = rank;
        }
        return number;
    }

    @Test
    void unsupportedPngFilesAreRefusedWithTheReason() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        byte[] file = png(r, 8, 8, 0, image(r, 64), 6, 8, 0, false);
        byte[] sixteen = file.clone();
        sixteen[8 + 8 + 8] = 16; // IHDR bit depth (its CRC no longer matters: the file is refused before)
        assertTrue(assertThrows(NotRebuildableException.class, () -> DecodedForm.of(sixteen)).getMessage().contains("16-bit"));
        byte[] unknownInterlace = file.clone();
        unknownInterlace[8 + 8 + 12] = 2;
        assertTrue(assertThrows(NotRebuildableException.class, () -> DecodedForm.of(unknownInterlace)).getMessage().contains("interlace"));
        byte[] truncated = Arrays.copyOf(file, file.length - 20);
        assertThrows(NotRebuildableException.class, () -> DecodedForm.of(truncated));
        // a deflate stream JZlib does not write: java.util.zip's with a preset of its own is not guaranteed; use Huffman
        // blocks after a full flush, which no one-pass setting reproduces
        byte[] filtered = new byte[8 * 9];
        java.util.zip.Deflater jdk = new java.util.zip.Deflater(6);
        jdk.setInput(filtered, 0, 40);
        byte[] z = new byte[400];
        int n = jdk.deflate(z, 0, z.length, java.util.zip.Deflater.FULL_FLUSH);
        jdk.setInput(filtered, 40, filtered.length - 40);
        jdk.finish();
        n += jdk.deflate(z, n, z.length - n);
        assertTrue(jdk.finished());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Arrays.copyOf(file, 8 + 25)); // signature and IHDR (8x8 grey)
        chunk(out, "IDAT", Arrays.copyOf(z, n));
        chunk(out, "IEND", new byte[0]);
        String why = assertThrows(NotRebuildableException.class, () -> DecodedForm.of(out.toByteArray())).getMessage();
        assertTrue(why.contains("deflate"), why);
    }

    @Test
    void aDamagedFormIsReportedAsCorruptedNeverRebuiltWrong() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        byte[] file = png(r, 40, 30, 2, image(r, 40 * 30 * 3), 6, 8, 0, false);
        DecodedForm form = DecodedForm.of(file);
        for (int trial = 0; trial < 300; trial++) {
            byte[] damaged = form.content().clone();
            int at = trial < 200 ? r.nextInt(form.layout().offset()) : r.nextInt(damaged.length);
            damaged[at] ^= (byte) (1 + r.nextInt(255));
            assertThrows(CorruptedInputException.class, () -> DecodedForm.rebuild(form.layout(), damaged), "byte " + at);
        }
        byte[] shorter = Arrays.copyOf(form.content(), form.content().length - 1);
        assertThrows(CorruptedInputException.class, () -> DecodedForm.rebuild(form.layout(), shorter));
    }
}
