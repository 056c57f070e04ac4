package dev.lmzip.bench.domain;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * PNG at maximum compression through the JDK's ImageIO writer: explicit compression quality 0,
 * which the writer maps to deflate level 9 (its per-row adaptive filter choice is kept). Writes
 * IHDR, IDAT and IEND only. Whole images are written as stored (grey, RGB or RGBA); a 2048-byte
 * chunk of any domain is written as a 64×32 grey image, as the paper does for PNG on text and audio.
 */
public final class PngCodec implements MediaCodec {
    @Override
    public String name() {
        return "PNG (ImageIO, deflate 9)";
    }

    @Override
    public boolean applies(Unit unit) {
        return unit.layout() instanceof Layout.Image
                || (unit.granularity() == Granularity.CHUNKS && unit.data().length % ImageData.PATCH_COLUMNS == 0
                && unit.data().length > 0);
    }

    static Layout.Image shape(Unit unit) {
        if (unit.layout() instanceof Layout.Image img) {
            return img;
        }
        return new Layout.Image(ImageData.PATCH_COLUMNS, unit.data().length / ImageData.PATCH_COLUMNS, 1);
    }

    @Override
    public byte[] compress(Unit unit) throws IOException {
        return encode(unit.data(), shape(unit));
    }

    @Override
    public byte[] decompress(byte[] packed, Unit unit) throws IOException {
        ImageData d = ImageData.decode(packed, "PNG");
        Layout.Image s = shape(unit);
        if (d.width() != s.width() || d.height() != s.height() || d.channels() != s.channels()) {
            throw new IOException("PNG decoded to " + d.width() + "x" + d.height() + "x" + d.channels() + ", expected " + s);
        }
        return d.pixels();
    }

    /** Encodes raw 8-bit pixels (row-major, {@code channels} per pixel) as PNG at deflate level 9. */
    public static byte[] encode(byte[] pixels, Layout.Image s) throws IOException {
        if (pixels.length != s.bytes()) {
            throw new IOException("pixel buffer of " + pixels.length + " bytes does not match " + s);
        }
        int type = switch (s.channels()) {
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            case 4 -> BufferedImage.TYPE_4BYTE_ABGR;
            default -> throw new IOException(s.channels() + " channels: not supported");
        };
        BufferedImage img = new BufferedImage(s.width(), s.height(), type);
        WritableRaster r = img.getRaster();
        int[] row = new int[s.width() * s.channels()];
        for (int y = 0; y < s.height(); y++) {
            for (int i = 0; i < row.length; i++) {
                row[i] = pixels[y * row.length + i] & 0xFF;
            }
            r.setPixels(0, y, s.width(), 1, row); // bands in R, G, B(, A) order
        }
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png");
        if (!it.hasNext()) {
            throw new IOException("no PNG writer in ImageIO");
        }
        ImageWriter w = it.next();
        ByteArrayOutputStream bos = new ByteArrayOutputStream(pixels.length / 2 + 128);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.0f); // deflate level 9
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return bos.toByteArray();
    }
}
