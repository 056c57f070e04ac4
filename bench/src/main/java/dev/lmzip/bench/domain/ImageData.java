package dev.lmzip.bench.domain;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoded pixels of an image file: 8-bit samples, row-major, grey (1 channel), RGB (3) or RGBA (4)
 * as stored; palette images are expanded to RGB(A).
 *
 * @param width    pixels per row
 * @param height   rows
 * @param channels bytes per pixel
 * @param pixels   {@code width × height × channels} bytes
 */
public record ImageData(int width, int height, int channels, byte[] pixels) {
    /** Patch height and width of the paper: 32 rows of 64 pixels, 2048 grey bytes. */
    public static final int PATCH_ROWS = 32;
    public static final int PATCH_COLUMNS = 64;

    public ImageData {
        if ((long) width * height * channels != pixels.length) {
            throw new IllegalArgumentException("pixel buffer does not match " + width + "x" + height + "x" + channels);
        }
    }

    public static ImageData read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** Decodes PNG (or any format ImageIO reads) to raw 8-bit samples. */
    public static ImageData decode(byte[] encoded, String what) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(encoded));
        if (img == null) {
            throw new IOException(what + ": not an image ImageIO can read");
        }
        return of(img, what);
    }

    static ImageData of(BufferedImage img, String what) throws IOException {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getColorModel() instanceof IndexColorModel icm) {
            int ch = icm.hasAlpha() ? 4 : 3;
            byte[] out = new byte[w * h * ch];
            int o = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = img.getRGB(x, y);
                    out[o++] = (byte) (argb >> 16);
                    out[o++] = (byte) (argb >> 8);
                    out[o++] = (byte) argb;
                    if (ch == 4) {
                        out[o++] = (byte) (argb >>> 24);
                    }
                }
            }
            return new ImageData(w, h, ch, out);
        }
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        for (int b = 0; b < bands; b++) {
            if (r.getSampleModel().getSampleSize(b) != 8) {
                throw new IOException(what + ": only 8-bit samples are supported, band " + b + " has "
                        + r.getSampleModel().getSampleSize(b));
            }
        }
        if (bands != 1 && bands != 3 && bands != 4) {
            throw new IOException(what + ": " + bands + " bands");
        }
        byte[] out = new byte[w * h * bands];
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, row);
            for (int i = 0; i < row.length; i++) {
                out[y * row.length + i] = (byte) row[i];
            }
        }
        return new ImageData(w, h, bands, out);
    }

    public Layout.Image layout() {
        return new Layout.Image(width, height, channels);
    }

    /** One grey byte per pixel: the mean of R, G and B rounded down (alpha ignored); grey images unchanged. */
    public byte[] grey() {
        if (channels == 1) {
            return pixels.clone();
        }
        byte[] g = new byte[width * height];
        for (int p = 0, i = 0; p < g.length; p++, i += channels) {
            int sum = (pixels[i] & 0xFF) + (pixels[i + 1] & 0xFF) + (pixels[i + 2] & 0xFF);
            g[p] = (byte) (sum / 3);
        }
        return g;
    }

    /** Number of whole, non-overlapping 32×64 patches: {@code (height / 32) × (width / 64)}. */
    public int patchCount() {
        return (height / PATCH_ROWS) * (width / PATCH_COLUMNS);
    }

    /**
     * The grey image cut into non-overlapping patches of 32 rows × 64 columns, row-major over the
     * patch grid, each flattened row by row to 2048 bytes; partial patches at the right and bottom
     * edges are dropped. A 512×512 image gives 128 patches.
     */
    public List<byte[]> patches() {
        byte[] g = grey();
        int across = width / PATCH_COLUMNS;
        int down = height / PATCH_ROWS;
        List<byte[]> out = new ArrayList<>(across * down);
        for (int py = 0; py < down; py++) {
            for (int px = 0; px < across; px++) {
                out.add(patch(g, py, px));
            }
        }
        return out;
    }

    /** Patch {@code index} of {@link #patches()} without cutting the others. */
    public byte[] patch(int index) {
        int across = width / PATCH_COLUMNS;
        return patch(grey(), index / across, index % across);
    }

    private byte[] patch(byte[] grey, int py, int px) {
        byte[] p = new byte[PATCH_ROWS * PATCH_COLUMNS];
        for (int r = 0; r < PATCH_ROWS; r++) {
            System.arraycopy(grey, (py * PATCH_ROWS + r) * width + px * PATCH_COLUMNS, p, r * PATCH_COLUMNS, PATCH_COLUMNS);
        }
        return p;
    }

    /** The first {@code rows} rows (all of them when {@code rows >= height}). */
    public ImageData topRows(int rows) {
        if (rows >= height) {
            return this;
        }
        int n = Math.max(1, rows);
        byte[] p = java.util.Arrays.copyOf(pixels, n * width * channels);
        return new ImageData(width, n, channels, p);
    }
}
