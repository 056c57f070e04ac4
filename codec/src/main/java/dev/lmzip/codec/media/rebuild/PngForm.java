package dev.lmzip.codec.media.rebuild;

import com.jcraft.jzlib.Deflater;
import com.jcraft.jzlib.GZIPException;
import com.jcraft.jzlib.JZlib;
import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.media.MediaLayout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decoded form of a PNG file: its unfiltered pixels, plus the chunks, row filters and the zlib
 * settings with which JZlib writes its IDAT stream again (docs/media.md, {@code source=png}).
 */
final class PngForm {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final String IDAT = "IDAT";
    /** Pixels per image at most (the media layout's limits are per side). */
    private static final long MAX_SAMPLES = 1L << 30;

    private PngForm() {
    }

    static boolean recognizes(byte[] head, int length) {
        return length >= SIGNATURE.length && java.util.Arrays.equals(head, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    private record Chunk(String type, int start, int length) {
    }

    /** The zlib settings that JZlib writes a stream with. */
    record Settings(int level, int memLevel, int strategy, int windowBits) {
    }

    static DecodedForm decode(byte[] file) throws NotRebuildableException {
        List<Chunk> chunks = new ArrayList<>();
        int pos = SIGNATURE.length;
        boolean ended = false;
        while (!ended && pos < file.length) {
            if (file.length - pos < 12) {
                throw new NotRebuildableException("truncated PNG chunk");
            }
            long len = be32(file, pos) & 0xFFFFFFFFL;
            if (len > file.length - pos - 12) {
                throw new NotRebuildableException("truncated PNG chunk");
            }
            String type = new String(file, pos + 4, 4, StandardCharsets.ISO_8859_1);
            chunks.add(new Chunk(type, pos, (int) len));
            ended = type.equals("IEND");
            pos += 12 + (int) len;
        }
        if (chunks.isEmpty() || !chunks.get(0).type.equals("IHDR") || chunks.get(0).length != 13) {
            throw new NotRebuildableException("PNG without an IHDR chunk");
        }
        int h0 = chunks.get(0).start + 8;
        long width = be32(file, h0) & 0xFFFFFFFFL;
        long height = be32(file, h0 + 4) & 0xFFFFFFFFL;
        int depth = file[h0 + 8];
        int colourType = file[h0 + 9];
        if (file[h0 + 10] != 0 || file[h0 + 11] != 0 || (file[h0 + 12] & 0xFE) != 0) {
            throw new NotRebuildableException("PNG image of an unknown compression, filter or interlace method");
        }
        int channels = channels(colourType, depth);
        if (channels < 0) {
            throw new NotRebuildableException("PNG images of colour type " + colourType + " and " + depth + "-bit samples are"
                    + " not decoded (8-bit images, and 1/2/4-bit grey or palette images are)");
        }
        if (width < 1 || height < 1 || width > 1 << 20 || height > 1 << 20 || width * height * channels > MAX_SAMPLES) {
            throw new NotRebuildableException("PNG image of " + width + "x" + height + " is too large");
        }
        int w = (int) width;
        int h = (int) height;
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        for (Chunk c : chunks) {
            if (c.type.equals(IDAT)) {
                zlib.write(file, c.start + 8, c.length);
            }
        }
        byte[] z = zlib.toByteArray();
        PngScanlines lines = new PngScanlines(w, h, channels, depth, file[h0 + 12] == 1);
        byte[] filtered = inflate(z, lines.filteredLength());
        byte[] filters = new byte[lines.rows()];
        byte[] pixels;
        try {
            pixels = lines.unfilter(filtered, filters);
        } catch (IllegalArgumentException e) {
            throw new NotRebuildableException(e.getMessage());
        }
        if (colourType == 3) {
            renumber(pixels, 0, pixels.length, paletteOrder(palette(file, chunks)));
        }
        int[] stored = storedBlocks(z);
        Settings settings = stored != null ? new Settings(STORED, 0, 0, 0) : findSettings(filtered, z);
        try {
            ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
            DataOutputStream header = DecodedForm.startHeader(headerBytes, file);
            header.writeByte(settings.level);
            header.writeByte(settings.memLevel);
            header.writeByte(settings.strategy);
            header.writeByte(settings.windowBits);
            if (stored != null) {
                header.write(z, 0, 2);
                header.writeInt(stored.length);
                for (int length : stored) {
                    header.writeShort(length);
                }
            }
            header.writeInt(chunks.size());
            for (Chunk c : chunks) {
                header.write(file, c.start + 4, 4);
                header.writeInt(c.length);
                if (!c.type.equals(IDAT)) {
                    header.write(file, c.start + 8, c.length + 4);
                }
            }
            header.writeInt(file.length - pos);
            header.write(file, pos, file.length - pos);
            header.write(filters);
            if (headerBytes.size() > 1 << 20) {
                throw new NotRebuildableException("PNG chunks besides the image data exceed 1 MiB");
            }
            MediaLayout layout = MediaLayout.image(w, h, channels, headerBytes.size()).from(MediaLayout.Source.PNG);
            return new DecodedForm(layout, DecodedForm.join(headerBytes, pixels));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
        }
    }

    static byte[] rebuild(MediaLayout layout, DataInputStream header, byte[] content) throws IOException {
        Settings settings = new Settings(header.readUnsignedByte(), header.readUnsignedByte(), header.readUnsignedByte(),
                header.readUnsignedByte());
        byte[] zlibHeader = null;
        int[] stored = null;
        if (settings.level == STORED) {
            zlibHeader = DecodedForm.readBytes(header, 2);
            int blocks = header.readInt();
            if (blocks < 1 || blocks > header.available() / 2) {
                throw new CorruptedInputException("corrupted input: " + blocks + " stored deflate blocks");
            }
            stored = new int[blocks];
            for (int i = 0; i < blocks; i++) {
                stored[i] = header.readUnsignedShort();
            }
        }
        int chunkCount = header.readInt();
        if (chunkCount < 0 || chunkCount > header.available() / 8) {
            throw new CorruptedInputException("corrupted input: " + chunkCount + " PNG chunks");
        }
        List<byte[]> kept = new ArrayList<>(chunkCount); // type, length, [data, crc]
        List<Boolean> isIdat = new ArrayList<>(chunkCount);
        for (int i = 0; i < chunkCount; i++) {
            byte[] type = DecodedForm.readBytes(header, 4);
            int length = header.readInt();
            boolean idat = new String(type, StandardCharsets.ISO_8859_1).equals(IDAT);
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            DataOutputStream c = new DataOutputStream(chunk);
            c.writeInt(length);
            c.write(type);
            if (!idat) {
                c.write(DecodedForm.readBytes(header, (length & 0xFFFFFFFFL) + 4));
            }
            kept.add(chunk.toByteArray());
            isIdat.add(idat);
        }
        byte[] tail = DecodedForm.readBytes(header, header.readInt() & 0xFFFFFFFFL);
        int h = layout.height();
        int w = layout.width();
        // the sample depth and interlacing are the IHDR chunk's (the first chunk, kept verbatim)
        byte[] ihdr = kept.isEmpty() ? new byte[0] : kept.get(0);
        int depth = ihdr.length == 4 + 4 + 13 + 4 ? ihdr[8 + 8] : -1;
        if (depth < 0 || channels(ihdr[8 + 9], depth) != layout.channels() || (ihdr[8 + 12] & 0xFE) != 0) {
            throw new CorruptedInputException("corrupted input: the decoded PNG's IHDR chunk does not match its layout");
        }
        long samples = (long) w * layout.channels() * h;
        if (content.length - layout.offset() != samples) {
            throw new CorruptedInputException("corrupted input: decoded PNG holds " + (content.length - layout.offset())
                    + " pixel bytes, not " + samples);
        }
        PngScanlines lines = new PngScanlines(w, h, layout.channels(), depth, ihdr[8 + 12] == 1);
        byte[] filters = DecodedForm.readBytes(header, lines.rows());
        for (byte f : filters) {
            if (f < 0 || f > 4) {
                throw new CorruptedInputException("corrupted input: PNG row filter " + f);
            }
        }
        byte[] pixels = content;
        int from = layout.offset();
        if (ihdr[8 + 9] == 3) { // back to the file's palette indices
            int[] order = paletteOrder(keptPalette(kept));
            int[] inverse = new int[256];
            for (int i = 0; i < 256; i++) {
                inverse[order[i]] = i;
            }
            pixels = java.util.Arrays.copyOfRange(content, from, content.length);
            from = 0;
            renumber(pixels, 0, pixels.length, inverse);
        }
        byte[] filtered = lines.filter(pixels, from, filters);
        byte[] z = stored != null ? storedStream(zlibHeader, stored, filtered) : deflate(filtered, settings);
        ByteArrayOutputStream out = new ByteArrayOutputStream(z.length + 1024);
        out.write(SIGNATURE);
        int zPos = 0;
        for (int i = 0; i < chunkCount; i++) {
            byte[] c = kept.get(i);
            out.write(c);
            if (isIdat.get(i)) {
                int length = be32(c, 0);
                if (length < 0 || length > z.length - zPos) {
                    throw new CorruptedInputException("corrupted input: PNG image data shorter than its chunks");
                }
                out.write(z, zPos, length);
                CRC32 crc = new CRC32();
                crc.update(c, 4, 4);
                crc.update(z, zPos, length);
                new DataOutputStream(out).writeInt((int) crc.getValue());
                zPos += length;
            }
        }
        if (zPos != z.length) {
            throw new CorruptedInputException("corrupted input: PNG image data longer than its chunks");
        }
        out.write(tail);
        return out.toByteArray();
    }

    /** The scanlines of a zlib stream that must hold exactly {@code expected} bytes and nothing after it. */
    private static byte[] inflate(byte[] z, long expected) throws NotRebuildableException {
        // deflate expands at most 1032:1, so a larger claim is a broken file: refuse it before allocating
        if (expected > Integer.MAX_VALUE - 16 || expected > 1032L * z.length + 1024) {
            throw new NotRebuildableException("PNG image data too short for a " + expected + "-byte image");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(z);
            byte[] out = new byte[(int) expected];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            byte[] extra = new byte[1];
            if (n != out.length || (!inflater.finished() && inflater.inflate(extra) != 0) || !inflater.finished()
                    || inflater.getRemaining() != 0) {
                throw new NotRebuildableException("PNG image data is not one zlib stream of the image's size");
            }
            return out;
        } catch (DataFormatException e) {
            throw new NotRebuildableException("PNG image data is not valid zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** The level that stands for a stream of stored blocks only (any deflater's: their lengths are recorded). */
    static final int STORED = 255;

    /**
     * The lengths of the blocks when {@code z} is a zlib stream of stored (uncompressed) deflate blocks only, each
     * block's header byte-aligned with zero padding; null otherwise. The data and Adler-32 are checked by the rebuild.
     */
    static int[] storedBlocks(byte[] z) {
        if (z.length < 2 + 5 + 4 || (z[0] & 0x0F) != 8 || (z[1] & 0x20) != 0 || ((z[0] & 0xFF) << 8 | (z[1] & 0xFF)) % 31 != 0) {
            return null;
        }
        List<Integer> lengths = new ArrayList<>();
        int pos = 2;
        boolean last = false;
        while (!last) {
            if (z.length - pos < 5 + 4 || (z[pos] & 0xFE) != 0) { // BFINAL, BTYPE 00, padding zero
                return null;
            }
            last = z[pos] == 1;
            int len = (z[pos + 1] & 0xFF) | (z[pos + 2] & 0xFF) << 8;
            int nlen = (z[pos + 3] & 0xFF) | (z[pos + 4] & 0xFF) << 8;
            if ((len ^ nlen) != 0xFFFF || len > z.length - pos - 5 - 4) {
                return null;
            }
            lengths.add(len);
            pos += 5 + len;
        }
        if (pos + 4 != z.length) {
            return null;
        }
        return lengths.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A zlib stream of {@code data} in stored blocks of the given lengths, the last one final. */
    private static byte[] storedStream(byte[] zlibHeader, int[] lengths, byte[] data) throws CorruptedInputException {
        long total = 0;
        for (int length : lengths) {
            total += length;
        }
        if (total != data.length) {
            throw new CorruptedInputException("corrupted input: stored deflate blocks of " + total + " bytes for " + data.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 5 * lengths.length + 6);
        out.write(zlibHeader, 0, 2);
        int at = 0;
        for (int i = 0; i < lengths.length; i++) {
            int len = lengths[i];
            out.write(i == lengths.length - 1 ? 1 : 0);
            out.write(len);
            out.write(len >> 8);
            out.write(~len);
            out.write(~len >> 8);
            out.write(data, at, len);
            at += len;
        }
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(data);
        int a = (int) adler.getValue();
        out.write(a >>> 24);
        out.write(a >>> 16);
        out.write(a >>> 8);
        out.write(a);
        return out.toByteArray();
    }

    /** The settings with which JZlib writes {@code z} from {@code data}; the likely ones are tried first. */
    static Settings findSettings(byte[] data, byte[] z) throws NotRebuildableException {
        if (z.length < 2 || (z[0] & 0x0F) != 8 || (z[1] & 0x20) != 0) {
            throw new NotRebuildableException("PNG image data is not a plain zlib stream");
        }
        int windowBits = ((z[0] & 0xFF) >> 4) + 8;
        if (windowBits > 15) {
            throw new NotRebuildableException("PNG image data has an invalid zlib window");
        }
        int hint = (z[1] & 0xFF) >> 6; // FLEVEL: 0 = level 1, 1 = 2…5, 2 = 6, 3 = 7…9 (levels 0 and 1 write 0)
        int[][] levelsByHint = {{1, 0}, {2, 3, 4, 5}, {6}, {9, 7, 8}};
        List<Integer> levels = new ArrayList<>();
        for (int l : levelsByHint[hint]) {
            levels.add(l);
        }
        for (int l = 0; l <= 9; l++) {
            if (!levels.contains(l)) {
                levels.add(l);
            }
        }
        int[] memLevels = {8, 9, 7, 6, 5, 4, 3, 2, 1};
        for (int level : levels) {
            for (int memLevel : memLevels) {
                for (int strategy = 0; strategy <= 2; strategy++) {
                    Settings s = new Settings(level, memLevel, strategy, windowBits);
                    if (reproduces(data, z, s)) {
                        return s;
                    }
                }
            }
        }
        throw new NotRebuildableException("its deflate stream was not written by zlib's algorithm at any level, memLevel and"
                + " strategy (another deflater)");
    }

    private static Deflater deflater(Settings s) throws CorruptedInputException {
        if (s.level > 9 || s.memLevel < 1 || s.memLevel > 9 || s.strategy > 2 || s.windowBits < 8 || s.windowBits > 15) {
            throw new CorruptedInputException("corrupted input: zlib settings " + s);
        }
        try {
            Deflater d = new Deflater(s.level, s.windowBits, s.memLevel);
            if (d.params(s.level, s.strategy) != JZlib.Z_OK) {
                throw new CorruptedInputException("corrupted input: zlib settings " + s);
            }
            return d;
        } catch (GZIPException e) {
            throw new CorruptedInputException("corrupted input: zlib settings " + s + ": " + e.getMessage());
        }
    }

    /** JZlib's zlib stream of {@code data}, in one pass without flushes. */
    static byte[] deflate(byte[] data, Settings s) throws CorruptedInputException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        run(data, s, (b, n) -> {
            out.write(b, 0, n);
            return true;
        });
        return out.toByteArray();
    }

    /** True when JZlib writes exactly {@code z} from {@code data}; stops at the first byte that differs. */
    private static boolean reproduces(byte[] data, byte[] z, Settings s) {
        int[] at = {0};
        try {
            boolean whole = run(data, s, (b, n) -> {
                if (n > z.length - at[0] || !java.util.Arrays.equals(b, 0, n, z, at[0], at[0] + n)) {
                    return false;
                }
                at[0] += n;
                return true;
            });
            return whole && at[0] == z.length;
        } catch (CorruptedInputException e) {
            return false;
        }
    }

    private interface Sink {
        /** Takes the next {@code n} output bytes; false stops the deflater. */
        boolean take(byte[] b, int n);
    }

    /**
     * Deflates {@code data}, fed in 64 KiB pieces (zlib's output does not depend on how its input is
     * cut), handing output to {@code sink} as it comes; false when the sink stopped it.
     */
    private static boolean run(byte[] data, Settings s, Sink sink) throws CorruptedInputException {
        Deflater d = deflater(s);
        try {
            byte[] buf = new byte[1 << 16];
            int fed = 0;
            while (true) {
                int piece = Math.min(1 << 16, data.length - fed);
                d.setInput(data, fed, piece, false);
                fed += piece;
                int flush = fed == data.length ? JZlib.Z_FINISH : JZlib.Z_NO_FLUSH;
                while (true) {
                    d.setOutput(buf, 0, buf.length);
                    int r = d.deflate(flush);
                    int n = buf.length - d.getAvailOut();
                    if (n > 0 && !sink.take(buf, n)) {
                        return false;
                    }
                    if (r == JZlib.Z_STREAM_END) {
                        return true;
                    }
                    if (r != JZlib.Z_OK && r != JZlib.Z_BUF_ERROR) {
                        throw new CorruptedInputException("corrupted input: deflate failed (" + r + ")");
                    }
                    if (d.getAvailOut() != 0 && d.getAvailIn() == 0 && flush != JZlib.Z_FINISH) {
                        break; // needs more input
                    }
                }
            }
        } finally {
            d.end();
        }
    }

    /** The PLTE chunk's data of a file (empty when it has none). */
    private static byte[] palette(byte[] file, List<Chunk> chunks) {
        for (Chunk c : chunks) {
            if (c.type.equals("PLTE")) {
                return java.util.Arrays.copyOfRange(file, c.start + 8, c.start + 8 + c.length);
            }
        }
        return new byte[0];
    }

    /** The PLTE chunk's data among the kept chunks of a decoded form (each length, type, data, CRC). */
    private static byte[] keptPalette(List<byte[]> kept) {
        for (byte[] c : kept) {
            if (c.length >= 12 && c[4] == 'P' && c[5] == 'L' && c[6] == 'T' && c[7] == 'E') {
                return java.util.Arrays.copyOfRange(c, 8, c.length - 4);
            }
        }
        return new byte[0];
    }

    /**
     * The number a palette index gets in the decoded form: entries ranked by brightness (299 R + 587 G
     * + 114 B, ties by index), so that neighbouring numbers look alike to the image model; an index
     * without an entry keeps its number. A permutation of 0…255.
     */
    static int[] paletteOrder(byte[] plte) {
        int n = Math.min(256, plte.length / 3);
        Integer[] byBrightness = new Integer[n];
        int[] luma = new int[n];
        for (int i = 0; i < n; i++) {
            byBrightness[i] = i;
            luma[i] = 299 * (plte[3 * i] & 0xFF) + 587 * (plte[3 * i + 1] & 0xFF) + 114 * (plte[3 * i + 2] & 0xFF);
        }
        java.util.Arrays.sort(byBrightness, (a, b) -> luma[a] != luma[b] ? Integer.compare(luma[a], luma[b]) : Integer.compare(a, b));
        int[] order = new int[256];
        for (int i = 0; i < 256; i++) {
            order[i] = i;
        }
        for (int rank = 0; rank < n; rank++) {
            order[byBrightness[rank]] = rank;
        }
        return order;
    }

    private static void renumber(byte[] samples, int from, int to, int[] map) {
        for (int i = from; i < to; i++) {
            samples[i] = (byte) map[samples[i] & 0xFF];
        }
    }

    /**
     * Samples per pixel for a colour type and bit depth lmzip decodes: 8-bit grey, RGB, grey + alpha,
     * RGBA and palette, and 1/2/4-bit grey and palette (one sample per pixel, its index or level); -1 otherwise.
     */
    private static int channels(int colourType, int depth) {
        boolean packable = colourType == 0 || colourType == 3;
        if (depth != 8 && !(packable && (depth == 1 || depth == 2 || depth == 4))) {
            return -1;
        }
        return switch (colourType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> -1;
        };
    }

    private static int be32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
