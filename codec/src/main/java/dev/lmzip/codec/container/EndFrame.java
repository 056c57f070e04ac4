package dev.lmzip.codec.container;

import java.io.IOException;
import java.io.OutputStream;

/** The last structure of a file: frame count, total raw length and whole-content checksum. */
public record EndFrame(long frameCount, long totalLength, long contentChecksum) {
    public static final int SIZE = 21;

    public void write(OutputStream out) throws IOException {
        byte[] h = new byte[SIZE];
        h[0] = (byte) Method.END.code;
        Wire.putU32(h, 1, frameCount);
        Wire.putU64(h, 5, totalLength);
        Wire.putU32(h, 13, contentChecksum);
        Wire.putU32(h, 17, Wire.crc32c(h, 0, 17));
        out.write(h);
    }
}
