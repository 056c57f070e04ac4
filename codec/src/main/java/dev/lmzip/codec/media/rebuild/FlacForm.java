package dev.lmzip.codec.media.rebuild;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.media.MediaLayout;
import dev.lmzip.codec.media.rebuild.FlacBits.FormatException;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The decoded form of a FLAC file: its samples, plus the metadata, each frame's header and every
 * choice its encoder made (subframe types, predictors, Rice parameters), with which each frame is
 * written again exactly (docs/media.md, {@code source=flac}). Nothing is searched: given those
 * choices a FLAC frame is a function of its samples.
 */
final class FlacForm {
    private static final int[] SAMPLE_BITS = {0, 8, 12, -1, 16, 20, 24, 32};
    /** The decoded form is one frame of at most 1 GiB. */
    private static final int MAX_SAMPLE_BYTES = (1 << 30) - (1 << 21);

    private FlacForm() {
    }

    static boolean recognizes(byte[] head, int length) {
        return start(head, length) >= 0;
    }

    /**
     * Where {@code fLaC} is: at 0, or after an ID3v2 tag (which some taggers put before it; its size is
     * in its 10-byte header); -1 when neither. {@code head} may be the file's first bytes only.
     */
    private static int start(byte[] b, int length) {
        int at = 0;
        if (length >= 10 && b[0] == 'I' && b[1] == 'D' && b[2] == '3' && ((b[6] | b[7] | b[8] | b[9]) & 0x80) == 0) {
            int size = (b[6] & 0x7F) << 21 | (b[7] & 0x7F) << 14 | (b[8] & 0x7F) << 7 | (b[9] & 0x7F);
            at = 10 + size + ((b[5] & 0x10) != 0 ? 10 : 0); // a footer when flagged
        }
        if (at > length - 4) {
            // a tag longer than the head read: recognized by its ID3 header, checked again on the whole file
            return at == 0 ? -1 : length >= 10 && length < at + 4 ? at : -1;
        }
        return b[at] == 'f' && b[at + 1] == 'L' && b[at + 2] == 'a' && b[at + 3] == 'C' ? at : -1;
    }

    /** What a frame header says about the frame (the header itself is kept verbatim). */
    private record FrameHeader(int length, int blockSize, int assignment, int channels, int bits) {
        /** True when channel {@code c} holds a difference of two channels (one bit more). */
        boolean isSide(int c) {
            return (assignment == 8 || assignment == 10) && c == 1 || assignment == 9 && c == 0;
        }
    }

    static DecodedForm decode(byte[] file) throws NotRebuildableException {
        try {
            return decodeFrames(file);
        } catch (FormatException e) {
            throw new NotRebuildableException(e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory streams do not fail
        }
    }

    private static DecodedForm decodeFrames(byte[] file) throws IOException, NotRebuildableException {
        int start = start(file, file.length);
        if (start < 0 || file.length - start < 4) {
            throw new FormatException("no FLAC stream after the ID3 tag");
        }
        int pos = start + 4;
        boolean last = false;
        int bits = 0;
        int channels = 0;
        while (!last) {
            if (file.length - pos < 4) {
                throw new FormatException("truncated FLAC metadata");
            }
            last = (file[pos] & 0x80) != 0;
            int type = file[pos] & 0x7F;
            int length = (file[pos + 1] & 0xFF) << 16 | (file[pos + 2] & 0xFF) << 8 | (file[pos + 3] & 0xFF);
            if (length > file.length - pos - 4) {
                throw new FormatException("truncated FLAC metadata");
            }
            if (type == 0 && length >= 34 && channels == 0) {
                FlacBits.Reader info = new FlacBits.Reader(file, pos + 4 + 10); // after block sizes and frame sizes
                info.bits(20); // sample rate
                channels = (int) info.bits(3) + 1;
                bits = (int) info.bits(5) + 1;
            }
            pos += 4 + length;
        }
        if (channels == 0) {
            throw new FormatException("FLAC file without STREAMINFO");
        }
        if (bits != 8 && bits != 16) {
            throw new NotRebuildableException("only 8- and 16-bit FLAC is decoded (this one: " + bits + "-bit)");
        }
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        DataOutputStream header = DecodedForm.startHeader(headerBytes, file);
        header.writeInt(pos);
        header.write(file, 0, pos);
        ByteArrayOutputStream frameBytes = new ByteArrayOutputStream();
        DataOutputStream frames = new DataOutputStream(frameBytes);
        ByteArrayOutputStream samples = new ByteArrayOutputStream(file.length * 3);
        int frameCount = 0;
        while (file.length - pos >= 2 && (file[pos] & 0xFF) == 0xFF && (file[pos + 1] & 0xFE) == 0xF8) {
            pos = decodeFrame(file, pos, bits, channels, frames, samples);
            frameCount++;
            if (samples.size() > MAX_SAMPLE_BYTES) { // constant subframes cost a few bits per 65,536 samples
                throw new NotRebuildableException("FLAC file of more than 1 GiB of samples");
            }
        }
        header.writeInt(frameCount);
        frameBytes.writeTo(header);
        header.writeInt(file.length - pos);
        header.write(file, pos, file.length - pos);
        if (headerBytes.size() > 1 << 20) {
            throw new NotRebuildableException("the FLAC file's metadata and frame choices exceed 1 MiB");
        }
        MediaLayout layout = MediaLayout.audio(bits, channels, headerBytes.size()).from(MediaLayout.Source.FLAC);
        return new DecodedForm(layout, DecodedForm.join(headerBytes, samples.toByteArray()));
    }

    private static FrameHeader frameHeader(byte[] b, int pos, int streamBits, int streamChannels) {
        FlacBits.Reader r = new FlacBits.Reader(b, pos);
        if (r.bits(15) != 0x7FFC) {
            throw new FormatException("FLAC frame without a sync code");
        }
        r.bits(1); // blocking strategy
        int sizeCode = (int) r.bits(4);
        int rateCode = (int) r.bits(4);
        int assignment = (int) r.bits(4);
        int bitsCode = (int) r.bits(3);
        if (r.bits(1) != 0 || sizeCode == 0 || rateCode == 15 || assignment > 10 || SAMPLE_BITS[bitsCode] < 0) {
            throw new FormatException("invalid FLAC frame header");
        }
        long first = r.bits(8); // frame or sample number, UTF-8 style
        int extra = first < 0x80 ? 0 : first >= 0xC0 && first < 0xFE ? Integer.numberOfLeadingZeros((int) (~first & 0xFF)) - 25 : -1;
        if (extra < 0) {
            throw new FormatException("invalid FLAC frame number");
        }
        for (int i = 0; i < extra; i++) {
            if (r.bits(2) != 2) {
                throw new FormatException("invalid FLAC frame number");
            }
            r.bits(6);
        }
        int blockSize = switch (sizeCode) {
            case 1 -> 192;
            case 2, 3, 4, 5 -> 576 << (sizeCode - 2);
            case 6 -> (int) r.bits(8) + 1;
            case 7 -> (int) r.bits(16) + 1;
            default -> 256 << (sizeCode - 8);
        };
        if (rateCode == 12) {
            r.bits(8);
        } else if (rateCode == 13 || rateCode == 14) {
            r.bits(16);
        }
        int crcAt = r.bytePos();
        if (r.bits(8) != FlacBits.crc8(b, pos, crcAt)) {
            throw new FormatException("FLAC frame header CRC mismatch");
        }
        int channels = assignment <= 7 ? assignment + 1 : 2;
        int bits = bitsCode == 0 ? streamBits : SAMPLE_BITS[bitsCode];
        if (channels != streamChannels || bits != streamBits) {
            throw new FormatException("FLAC frame of " + channels + " channels, " + bits + " bits in a stream of "
                    + streamChannels + ", " + streamBits);
        }
        return new FrameHeader(r.bytePos() - pos, blockSize, assignment, channels, bits);
    }

    /** Decodes the frame at {@code pos}: its choices to {@code out}, its samples to {@code samples}; returns where it ends. */
    private static int decodeFrame(byte[] file, int pos, int bits, int channels, DataOutputStream out,
                                   ByteArrayOutputStream samples) throws IOException {
        FrameHeader h = frameHeader(file, pos, bits, channels);
        out.writeByte(h.length);
        out.write(file, pos, h.length);
        FlacBits.Reader r = new FlacBits.Reader(file, pos + h.length);
        long[][] signal = new long[channels][];
        for (int c = 0; c < channels; c++) {
            signal[c] = decodeSubframe(r, h.blockSize, h.bits + (h.isSide(c) ? 1 : 0), out);
        }
        while (!r.aligned()) {
            if (r.bits(1) != 0) {
                throw new FormatException("FLAC frame padding is not zero");
            }
        }
        int end = r.bytePos();
        if (r.bits(16) != FlacBits.crc16(file, pos, end)) {
            throw new FormatException("FLAC frame CRC mismatch");
        }
        long[][] pcm = toChannels(signal, h.assignment);
        for (int i = 0; i < h.blockSize; i++) {
            for (int c = 0; c < channels; c++) {
                long v = pcm[c][i];
                if (v < -(1L << (bits - 1)) || v >= 1L << (bits - 1)) {
                    throw new FormatException("FLAC sample outside " + bits + " bits");
                }
                samples.write((int) v);
                if (bits == 16) {
                    samples.write((int) (v >> 8));
                }
            }
        }
        return end + 2;
    }

    private static long[] decodeSubframe(FlacBits.Reader r, int blockSize, int bits, DataOutputStream out) throws IOException {
        int head = (int) r.bits(8);
        out.writeByte(head);
        int type = head >> 1 & 0x3F;
        int wasted = 0;
        if ((head & 0x80) != 0) {
            throw new FormatException("invalid FLAC subframe header");
        }
        if ((head & 1) != 0) {
            wasted = (int) r.unary() + 1;
            if (wasted >= bits) {
                throw new FormatException("invalid FLAC wasted bits");
            }
            out.writeByte(wasted);
        }
        int b = bits - wasted;
        long[] x = new long[blockSize];
        if (type == 0) {
            java.util.Arrays.fill(x, r.signed(b));
        } else if (type == 1) {
            for (int i = 0; i < blockSize; i++) {
                x[i] = r.signed(b);
            }
        } else if (type >= 8 && type <= 12) {
            int order = type - 8;
            for (int i = 0; i < order; i++) {
                x[i] = r.signed(b);
            }
            readResidual(r, x, order, out);
            for (int i = order; i < blockSize; i++) {
                x[i] += fixedPrediction(x, i, order);
            }
        } else if (type >= 32) {
            int order = type - 31;
            for (int i = 0; i < order && i < blockSize; i++) {
                x[i] = r.signed(b);
            }
            int precision = (int) r.bits(4) + 1;
            int shift = (int) r.signed(5);
            if (precision == 16 || shift < 0) {
                throw new FormatException("invalid FLAC LPC precision or shift");
            }
            long[] coef = new long[order];
            for (int j = 0; j < order; j++) {
                coef[j] = r.signed(precision);
            }
            out.writeByte(precision - 1);
            out.writeByte(shift);
            for (long c : coef) {
                out.writeShort((int) c);
            }
            readResidual(r, x, order, out);
            for (int i = order; i < blockSize; i++) {
                x[i] += lpcPrediction(x, i, coef, shift);
            }
        } else {
            throw new FormatException("reserved FLAC subframe type " + type);
        }
        if (wasted > 0) {
            for (int i = 0; i < blockSize; i++) {
                x[i] <<= wasted;
            }
        }
        return x;
    }

    private static void readResidual(FlacBits.Reader r, long[] x, int order, DataOutputStream out) throws IOException {
        int method = (int) r.bits(2);
        int partitionOrder = (int) r.bits(4);
        int blockSize = x.length;
        if (method > 1 || blockSize % (1 << partitionOrder) != 0 || (blockSize >> partitionOrder) < order) {
            throw new FormatException("invalid FLAC residual coding");
        }
        out.writeByte(method);
        out.writeByte(partitionOrder);
        int parameterBits = method == 0 ? 4 : 5;
        int escape = (1 << parameterBits) - 1;
        int i = order;
        for (int p = 0; p < 1 << partitionOrder; p++) {
            int n = (blockSize >> partitionOrder) - (p == 0 ? order : 0);
            int k = (int) r.bits(parameterBits);
            out.writeByte(k);
            if (k == escape) {
                int raw = (int) r.bits(5);
                out.writeByte(raw);
                for (int j = 0; j < n; j++) {
                    x[i++] = raw == 0 ? 0 : r.signed(raw);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    long u = r.unary() << k | r.bits(k);
                    x[i++] = u >>> 1 ^ -(u & 1);
                }
            }
        }
    }

    private static long fixedPrediction(long[] x, int i, int order) {
        return switch (order) {
            case 0 -> 0;
            case 1 -> x[i - 1];
            case 2 -> 2 * x[i - 1] - x[i - 2];
            case 3 -> 3 * x[i - 1] - 3 * x[i - 2] + x[i - 3];
            default -> 4 * x[i - 1] - 6 * x[i - 2] + 4 * x[i - 3] - x[i - 4];
        };
    }

    private static long lpcPrediction(long[] x, int i, long[] coef, int shift) {
        long sum = 0;
        for (int j = 0; j < coef.length; j++) {
            sum += coef[j] * x[i - 1 - j];
        }
        return sum >> shift;
    }

    /** Left and right (or the independent channels) from a frame's coded channels. */
    private static long[][] toChannels(long[][] s, int assignment) {
        if (assignment <= 7) {
            return s;
        }
        int n = s[0].length;
        long[] left = new long[n];
        long[] right = new long[n];
        for (int i = 0; i < n; i++) {
            switch (assignment) {
                case 8 -> {
                    left[i] = s[0][i];
                    right[i] = s[0][i] - s[1][i];
                }
                case 9 -> {
                    right[i] = s[1][i];
                    left[i] = s[0][i] + s[1][i];
                }
                default -> {
                    long mid = s[0][i] << 1 | (s[1][i] & 1);
                    left[i] = mid + s[1][i] >> 1;
                    right[i] = mid - s[1][i] >> 1;
                }
            }
        }
        return new long[][] {left, right};
    }

    /** The coded channels of a frame from left and right (or the independent channels). */
    private static long[][] fromChannels(long[][] pcm, int assignment) {
        if (assignment <= 7) {
            return pcm;
        }
        int n = pcm[0].length;
        long[] a = new long[n];
        long[] b = new long[n];
        for (int i = 0; i < n; i++) {
            long l = pcm[0][i];
            long r = pcm[1][i];
            switch (assignment) {
                case 8 -> {
                    a[i] = l;
                    b[i] = l - r;
                }
                case 9 -> {
                    a[i] = l - r;
                    b[i] = r;
                }
                default -> {
                    a[i] = l + r >> 1;
                    b[i] = l - r;
                }
            }
        }
        return new long[][] {a, b};
    }

    static byte[] rebuild(MediaLayout layout, DataInputStream header, byte[] content) throws IOException {
        try {
            return rebuildFrames(layout, header, content);
        } catch (FormatException e) {
            throw new CorruptedInputException("corrupted input: decoded FLAC form: " + e.getMessage());
        }
    }

    private static byte[] rebuildFrames(MediaLayout layout, DataInputStream header, byte[] content) throws IOException {
        byte[] metadata = DecodedForm.readBytes(header, header.readInt() & 0xFFFFFFFFL);
        int frameCount = header.readInt();
        if (frameCount < 0 || frameCount > header.available()) {
            throw new CorruptedInputException("corrupted input: " + frameCount + " FLAC frames");
        }
        int bits = layout.bits();
        int channels = layout.channels();
        int bytesPerSample = bits / 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length);
        out.write(metadata);
        int at = layout.offset();
        for (int f = 0; f < frameCount; f++) {
            byte[] frameHead = DecodedForm.readBytes(header, header.readUnsignedByte());
            FrameHeader h = frameHeader(frameHead, 0, bits, channels);
            if (h.length != frameHead.length) {
                throw new CorruptedInputException("corrupted input: FLAC frame header of " + frameHead.length + " bytes");
            }
            if ((long) h.blockSize * channels * bytesPerSample > content.length - at) {
                throw new CorruptedInputException("corrupted input: FLAC frames hold more samples than the decoded form");
            }
            long[][] pcm = new long[channels][h.blockSize];
            for (int i = 0; i < h.blockSize; i++) {
                for (int c = 0; c < channels; c++) {
                    pcm[c][i] = bits == 16 ? (short) ((content[at + 1] << 8) | (content[at] & 0xFF)) : content[at];
                    at += bytesPerSample;
                }
            }
            long[][] signal = fromChannels(pcm, h.assignment);
            FlacBits.Writer w = new FlacBits.Writer();
            w.bytes(frameHead);
            for (int c = 0; c < channels; c++) {
                encodeSubframe(w, signal[c], h.bits + (h.isSide(c) ? 1 : 0), header);
            }
            w.align();
            int end = w.bytePos();
            w.bits(FlacBits.crc16(w.buffer(), 0, end), 16);
            out.write(w.toByteArray());
        }
        if (at != content.length) {
            throw new CorruptedInputException("corrupted input: the decoded form holds samples after the last FLAC frame");
        }
        out.write(DecodedForm.readBytes(header, header.readInt() & 0xFFFFFFFFL));
        return out.toByteArray();
    }

    private static void encodeSubframe(FlacBits.Writer w, long[] signal, int bits, DataInputStream in) throws IOException {
        int head = in.readUnsignedByte();
        w.bits(head, 8);
        int type = head >> 1 & 0x3F;
        int wasted = 0;
        if ((head & 1) != 0) {
            wasted = in.readUnsignedByte();
            if (wasted < 1 || wasted >= bits) {
                throw new FormatException("wasted bits " + wasted);
            }
            w.unary(wasted - 1);
        }
        int b = bits - wasted;
        int n = signal.length;
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = signal[i] >> wasted;
        }
        if (type == 0) {
            w.bits(x[0], b);
        } else if (type == 1) {
            for (long v : x) {
                w.bits(v, b);
            }
        } else if (type >= 8 && type <= 12) {
            int order = type - 8;
            for (int i = 0; i < order; i++) {
                w.bits(x[i], b);
            }
            long[] residual = new long[n];
            for (int i = order; i < n; i++) {
                residual[i] = x[i] - fixedPrediction(x, i, order);
            }
            writeResidual(w, residual, order, in);
        } else if (type >= 32) {
            int order = type - 31;
            if (order > n) {
                throw new FormatException("LPC order " + order + " above the block size");
            }
            for (int i = 0; i < order; i++) {
                w.bits(x[i], b);
            }
            int precision = in.readUnsignedByte() + 1;
            int shift = in.readUnsignedByte();
            if (precision > 15 || shift > 15) {
                throw new FormatException("LPC precision " + precision + ", shift " + shift);
            }
            w.bits(precision - 1, 4);
            w.bits(shift, 5);
            long[] coef = new long[order];
            for (int j = 0; j < order; j++) {
                coef[j] = in.readShort();
                w.bits(coef[j], precision);
            }
            long[] residual = new long[n];
            for (int i = order; i < n; i++) {
                residual[i] = x[i] - lpcPrediction(x, i, coef, shift);
            }
            writeResidual(w, residual, order, in);
        } else {
            throw new FormatException("reserved subframe type " + type);
        }
    }

    private static void writeResidual(FlacBits.Writer w, long[] residual, int order, DataInputStream in) throws IOException {
        int method = in.readUnsignedByte();
        int partitionOrder = in.readUnsignedByte();
        int n = residual.length;
        if (method > 1 || partitionOrder > 15 || n % (1 << partitionOrder) != 0 || (n >> partitionOrder) < order) {
            throw new FormatException("residual coding " + method + "/" + partitionOrder);
        }
        w.bits(method, 2);
        w.bits(partitionOrder, 4);
        int parameterBits = method == 0 ? 4 : 5;
        int escape = (1 << parameterBits) - 1;
        int i = order;
        for (int p = 0; p < 1 << partitionOrder; p++) {
            int count = (n >> partitionOrder) - (p == 0 ? order : 0);
            int k = in.readUnsignedByte();
            if (k > escape) {
                throw new FormatException("Rice parameter " + k);
            }
            w.bits(k, parameterBits);
            if (k == escape) {
                int raw = in.readUnsignedByte();
                if (raw > 31) {
                    throw new FormatException("escape width " + raw);
                }
                w.bits(raw, 5);
                for (int j = 0; j < count; j++, i++) {
                    if (raw > 0) {
                        w.bits(residual[i], raw);
                    }
                }
            } else {
                for (int j = 0; j < count; j++, i++) {
                    long u = residual[i] >= 0 ? residual[i] << 1 : (-residual[i] << 1) - 1;
                    if (u >>> k > 1 << 24) {
                        throw new FormatException("residual too large for its Rice parameter");
                    }
                    w.unary(u >>> k);
                    w.bits(u, k);
                }
            }
        }
    }
}
