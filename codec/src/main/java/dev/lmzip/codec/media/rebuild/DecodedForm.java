package dev.lmzip.codec.media.rebuild;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.media.MediaLayout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The decoded form of a PNG or FLAC file (docs/media.md, "Decoded PNG and FLAC"): a header that
 * says how to write the file again, then its pixels or samples, which the media model codes far
 * better than the file's deflate or Rice data. {@link #of} builds it and rebuilds the file once to
 * prove the form exact; {@link #rebuild} is what a reader runs.
 *
 * @param layout  the media layout of the content ({@code offset} = header length, {@code source} = PNG or FLAC)
 * @param content header then samples: the bytes the container codes
 */
public record DecodedForm(MediaLayout layout, byte[] content) {

    /**
     * True when {@code head} starts like a PNG or FLAC file. Given a file's first bytes only, an ID3v2
     * tag longer than them counts (a FLAC stream may follow it); given the whole file, the answer is exact.
     */
    public static boolean recognizes(byte[] head, int length) {
        return PngForm.recognizes(head, length) || FlacForm.recognizes(head, length);
    }

    /**
     * The decoded form of a PNG or FLAC file, checked by rebuilding the file from it.
     *
     * @throws NotRebuildableException when the file is neither, or is a kind lmzip cannot rebuild exactly
     */
    public static DecodedForm of(byte[] file) throws NotRebuildableException {
        DecodedForm form;
        if (PngForm.recognizes(file, file.length)) {
            form = PngForm.decode(file);
        } else if (FlacForm.recognizes(file, file.length)) {
            form = FlacForm.decode(file);
        } else {
            throw new NotRebuildableException("neither a PNG nor a FLAC file");
        }
        byte[] again;
        try {
            again = rebuild(form.layout, form.content);
        } catch (CorruptedInputException e) {
            throw new NotRebuildableException("its decoded form does not rebuild it: " + e.getMessage());
        }
        if (!Arrays.equals(again, file)) {
            throw new NotRebuildableException("its decoded form does not rebuild it byte for byte");
        }
        return form;
    }

    /**
     * The original file, from a decoded form; its length and CRC32C are checked against the header's.
     *
     * @throws CorruptedInputException when the form is malformed or the rebuilt file is not the one recorded
     */
    public static byte[] rebuild(MediaLayout layout, byte[] content) throws CorruptedInputException {
        if (layout.offset() > content.length) {
            throw new CorruptedInputException("corrupted input: decoded form shorter than its header");
        }
        byte[] file;
        long length;
        int checksum;
        try {
            DataInputStream header = new DataInputStream(new ByteArrayInputStream(content, 0, layout.offset()));
            length = header.readLong();
            checksum = header.readInt();
            file = switch (layout.source()) {
                case PNG -> PngForm.rebuild(layout, header, content);
                case FLAC -> FlacForm.rebuild(layout, header, content);
                case RAW -> throw new IllegalArgumentException("not a decoded form: " + layout);
            };
            if (header.available() != 0) {
                throw new CorruptedInputException("corrupted input: " + header.available() + " unused bytes in the decoded form's header");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptedInputException c) {
                throw c;
            }
            if (e instanceof IllegalArgumentException && layout.source() == MediaLayout.Source.RAW) {
                throw (IllegalArgumentException) e;
            }
            throw new CorruptedInputException("corrupted input: malformed decoded " + layout.source().name() + " form (" + e + ")");
        }
        if (file.length != length || crc32c(file) != checksum) {
            throw new CorruptedInputException("corrupted input: the rebuilt " + layout.source().name() + " file is not the original (length or checksum)");
        }
        return file;
    }

    /** Writes the common start of a form's header: the file's length and CRC32C. */
    static DataOutputStream startHeader(ByteArrayOutputStream header, byte[] file) throws IOException {
        DataOutputStream out = new DataOutputStream(header);
        out.writeLong(file.length);
        out.writeInt(crc32c(file));
        return out;
    }

    /** Header then samples, as one content array. */
    static byte[] join(ByteArrayOutputStream header, byte[] samples) {
        byte[] h = header.toByteArray();
        byte[] c = Arrays.copyOf(h, h.length + samples.length);
        System.arraycopy(samples, 0, c, h.length, samples.length);
        return c;
    }

    static int crc32c(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return (int) c.getValue();
    }

    /** Reads exactly {@code n} bytes, refusing lengths beyond what the stream holds before allocating. */
    static byte[] readBytes(DataInputStream in, long n) throws IOException {
        if (n < 0 || n > in.available()) {
            throw new CorruptedInputException("corrupted input: decoded form field of " + n + " bytes runs past its header");
        }
        byte[] b = new byte[(int) n];
        in.readFully(b);
        return b;
    }
}
