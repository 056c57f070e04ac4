package dev.lmzip.codec.container;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.NotLmzFormatException;
import dev.lmzip.codec.TruncatedInputException;
import dev.lmzip.codec.UnsupportedVersionException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** The file header of docs/format.md. */
public record FileHeader(int precisionBits, int frameSizeLog, String predictorId, byte[] fingerprint, byte[] params,
                         int version) {
    public static final byte[] MAGIC = {(byte) 0x89, 'L', 'M', 'Z'};
    /** The version this code writes: 2 adds the optional frame index after the end frame. */
    public static final int VERSION = 2;
    /** The oldest version this code reads. */
    public static final int OLDEST_VERSION = 1;
    public static final int MIN_FRAME_SIZE_LOG = 10;
    public static final int MAX_FRAME_SIZE_LOG = 30;
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_PARAMS_LENGTH = 4096;
    public static final int FINGERPRINT_LENGTH = 32;
    /** Bytes of the header besides the id and params. */
    public static final int FIXED_SIZE = 4 + 1 + 1 + 1 + 1 + 1 + FINGERPRINT_LENGTH + 2 + 4;

    /** A header of the current {@link #VERSION}. */
    public FileHeader(int precisionBits, int frameSizeLog, String predictorId, byte[] fingerprint, byte[] params) {
        this(precisionBits, frameSizeLog, predictorId, fingerprint, params, VERSION);
    }

    public FileHeader {
        if (version < OLDEST_VERSION || version > VERSION) {
            throw new IllegalArgumentException("format version " + version);
        }
        if (precisionBits < 1 || precisionBits > 30) {
            throw new IllegalArgumentException("precision " + precisionBits);
        }
        if (frameSizeLog < MIN_FRAME_SIZE_LOG || frameSizeLog > MAX_FRAME_SIZE_LOG) {
            throw new IllegalArgumentException("frame size 2^" + frameSizeLog);
        }
        byte[] id = predictorId.getBytes(StandardCharsets.US_ASCII);
        if (id.length < 1 || id.length > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("predictor id '" + predictorId + "'");
        }
        if (fingerprint.length != FINGERPRINT_LENGTH) {
            throw new IllegalArgumentException("fingerprint must be 32 bytes");
        }
        if (params.length > MAX_PARAMS_LENGTH) {
            throw new IllegalArgumentException("params too long");
        }
        fingerprint = fingerprint.clone();
        params = params.clone();
    }

    public int frameSize() {
        return 1 << frameSizeLog;
    }

    public int size() {
        return FIXED_SIZE + predictorId.length() + params.length;
    }

    public byte[] toBytes() {
        byte[] id = predictorId.getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[size()];
        System.arraycopy(MAGIC, 0, b, 0, 4);
        b[4] = (byte) version;
        b[5] = 0;
        b[6] = (byte) precisionBits;
        b[7] = (byte) frameSizeLog;
        b[8] = (byte) id.length;
        int p = 9;
        System.arraycopy(id, 0, b, p, id.length);
        p += id.length;
        System.arraycopy(fingerprint, 0, b, p, FINGERPRINT_LENGTH);
        p += FINGERPRINT_LENGTH;
        Wire.putU16(b, p, params.length);
        p += 2;
        System.arraycopy(params, 0, b, p, params.length);
        p += params.length;
        Wire.putU32(b, p, Wire.crc32c(b, 0, p));
        return b;
    }

    public void write(OutputStream out) throws IOException {
        out.write(toBytes());
    }

    public static FileHeader read(InputStream in) throws IOException {
        byte[] head = in.readNBytes(9);
        if (head.length < 4 || !Arrays.equals(head, 0, 4, MAGIC, 0, 4)) {
            if (head.length < 4 && Arrays.equals(head, 0, head.length, MAGIC, 0, head.length) && head.length > 0) {
                throw new TruncatedInputException("truncated input: file ends inside the magic bytes");
            }
            throw new NotLmzFormatException("not an lmz file (bad magic bytes)");
        }
        if (head.length < 5) {
            throw new TruncatedInputException("truncated input: file ends inside the header");
        }
        int version = head[4] & 0xFF;
        if (version < OLDEST_VERSION || version > VERSION) {
            throw new UnsupportedVersionException("unsupported lmz format version " + version
                    + " (this lmzip reads versions " + OLDEST_VERSION + " to " + VERSION + ")");
        }
        if (head.length < 9) {
            throw new TruncatedInputException("truncated input: file ends inside the header");
        }
        int idLength = head[8] & 0xFF;
        if (head[5] != 0) {
            throw new CorruptedInputException("corrupted header: reserved flags " + (head[5] & 0xFF));
        }
        if (idLength < 1 || idLength > MAX_ID_LENGTH) {
            throw new CorruptedInputException("corrupted header: predictor id length " + idLength);
        }
        byte[] mid = Wire.readExactly(in, idLength + FINGERPRINT_LENGTH + 2, "header");
        int paramsLength = Wire.u16(mid, idLength + FINGERPRINT_LENGTH);
        if (paramsLength > MAX_PARAMS_LENGTH) {
            throw new CorruptedInputException("corrupted header: params length " + paramsLength);
        }
        byte[] tail = Wire.readExactly(in, paramsLength + 4, "header");
        byte[] all = new byte[9 + mid.length + paramsLength];
        System.arraycopy(head, 0, all, 0, 9);
        System.arraycopy(mid, 0, all, 9, mid.length);
        System.arraycopy(tail, 0, all, 9 + mid.length, paramsLength);
        long crc = Wire.u32(tail, paramsLength);
        if (crc != Wire.crc32c(all, 0, all.length)) {
            throw new CorruptedInputException("corrupted header: checksum mismatch");
        }
        int precision = head[6] & 0xFF;
        int frameSizeLog = head[7] & 0xFF;
        if (precision < 1 || precision > 30) {
            throw new CorruptedInputException("corrupted header: precision " + precision);
        }
        if (frameSizeLog < MIN_FRAME_SIZE_LOG || frameSizeLog > MAX_FRAME_SIZE_LOG) {
            throw new CorruptedInputException("corrupted header: frame size 2^" + frameSizeLog);
        }
        String id = new String(mid, 0, idLength, StandardCharsets.US_ASCII);
        for (int i = 0; i < idLength; i++) {
            if (mid[i] < 0x21 || mid[i] > 0x7E) {
                throw new CorruptedInputException("corrupted header: predictor id is not printable ASCII");
            }
        }
        byte[] fp = Arrays.copyOfRange(mid, idLength, idLength + FINGERPRINT_LENGTH);
        byte[] params = Arrays.copyOf(tail, paramsLength);
        return new FileHeader(precision, frameSizeLog, id, fp, params, version);
    }

    /** True when this version may carry a frame index after the end frame. */
    public boolean mayHaveIndex() {
        return version >= 2;
    }

    public String fingerprintHex() {
        return HexFormat.of().formatHex(fingerprint);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileHeader h && h.precisionBits == precisionBits && h.frameSizeLog == frameSizeLog
                && h.predictorId.equals(predictorId) && Arrays.equals(h.fingerprint, fingerprint)
                && Arrays.equals(h.params, params) && h.version == version;
    }

    @Override
    public int hashCode() {
        return predictorId.hashCode() * 31 + Arrays.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return "FileHeader[version=" + version + ", predictor=" + predictorId + ", fingerprint=" + fingerprintHex()
                + ", precision=" + precisionBits + ", frameSize=2^" + frameSizeLog + ", params="
                + new String(params, StandardCharsets.UTF_8).replace('\n', ';') + "]";
    }
}
