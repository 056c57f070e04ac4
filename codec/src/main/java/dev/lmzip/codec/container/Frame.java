package dev.lmzip.codec.container;

import java.io.IOException;
import java.io.OutputStream;

/** One frame: its header fields and its payload (coded bytes, or the raw bytes when stored). */
public record Frame(Method method, int rawLength, byte[] payload, long rawChecksum) {
    public static final int HEADER_SIZE = 17;

    public Frame {
        if (method == Method.END) {
            throw new IllegalArgumentException("END is not a data frame");
        }
        if (rawLength < 1) {
            throw new IllegalArgumentException("empty frame");
        }
        if (method == Method.STORED ? payload.length != rawLength : payload.length < 1 || payload.length >= rawLength) {
            throw new IllegalArgumentException(method + " frame of " + rawLength + " bytes with payload " + payload.length);
        }
    }

    public int codedLength() {
        return payload.length;
    }

    public void write(OutputStream out) throws IOException {
        byte[] h = new byte[HEADER_SIZE];
        h[0] = (byte) method.code;
        Wire.putU32(h, 1, rawLength);
        Wire.putU32(h, 5, payload.length);
        Wire.putU32(h, 9, rawChecksum);
        Wire.putU32(h, 13, Wire.crc32c(h, 0, 13));
        out.write(h);
        out.write(payload);
    }
}
