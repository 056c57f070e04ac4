package dev.lmzip.codec.container;

import dev.lmzip.codec.TruncatedInputException;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/** Little-endian field reading and writing with truncation reported as such. */
final class Wire {
    private Wire() {
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static void putU64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int off) {
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static long u64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static long crc32c(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return c.getValue();
    }

    /** Reads exactly n bytes or reports truncation naming {@code what}. */
    static byte[] readExactly(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n); // grows in chunks: a lying length cannot allocate more than arrives
        if (b.length != n) {
            throw new TruncatedInputException("truncated input: " + what + " ends after " + b.length + " of " + n + " bytes");
        }
        return b;
    }
}
