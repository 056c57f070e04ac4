package dev.lmzip.codec.media.rebuild;

import java.util.Arrays;

/** MSB-first bit reading and writing for FLAC frames, and FLAC's CRC-8 and CRC-16. */
final class FlacBits {
    private FlacBits() {
    }

    /** A malformed or unsupported FLAC frame (unchecked inside the parser; the callers map it). */
    static final class FormatException extends RuntimeException {
        FormatException(String message) {
            super(message, null, false, false);
        }
    }

    static final class Reader {
        private final byte[] b;
        private long bit;

        Reader(byte[] b, int bytePos) {
            this.b = b;
            this.bit = (long) bytePos * 8;
        }

        /** {@code n ≤ 32} bits as an unsigned number. */
        long bits(int n) {
            if (bit + n > (long) b.length * 8) {
                throw new FormatException("FLAC frame runs past the end of the file");
            }
            long v = 0;
            for (int i = 0; i < n; i++, bit++) {
                v = v << 1 | (b[(int) (bit >>> 3)] >> (7 - (bit & 7)) & 1);
            }
            return v;
        }

        /** {@code n} bits as a two's-complement number ({@code 1 ≤ n ≤ 32}). */
        long signed(int n) {
            long v = bits(n);
            return v << (64 - n) >> (64 - n);
        }

        /** Zeros up to the next one bit, which is consumed. */
        long unary() {
            long start = bit;
            while (bits(1) == 0) {
                if (bit - start > 1 << 20) {
                    throw new FormatException("FLAC Rice code too long");
                }
            }
            return bit - start - 1;
        }

        boolean aligned() {
            return (bit & 7) == 0;
        }

        int bytePos() {
            return (int) (bit >>> 3);
        }
    }

    static final class Writer {
        private byte[] b = new byte[1 << 12];
        private long bit;

        /** The low {@code n ≤ 32} bits of {@code v}. */
        void bits(long v, int n) {
            if (((bit + n) >>> 3) + 1 >= b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, (int) ((bit + n) >>> 3) + 16));
            }
            for (int i = n - 1; i >= 0; i--, bit++) {
                if ((v >>> i & 1) != 0) {
                    b[(int) (bit >>> 3)] |= (byte) (0x80 >>> (bit & 7));
                }
            }
        }

        void unary(long zeros) {
            for (long i = 0; i < zeros; i++) {
                bits(0, 1);
            }
            bits(1, 1);
        }

        void bytes(byte[] src) {
            for (byte x : src) {
                bits(x & 0xFF, 8);
            }
        }

        /** Zero bits up to the next byte boundary. */
        void align() {
            bit = (bit + 7) & ~7L;
        }

        int bytePos() {
            return (int) (bit >>> 3);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(b, bytePos());
        }

        byte[] buffer() {
            return b;
        }
    }

    /** FLAC's CRC-8 (polynomial x^8 + x^2 + x + 1, initial 0) of {@code b[from, to)}. */
    static int crc8(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x07) & 0xFF : crc << 1 & 0xFF;
            }
        }
        return crc;
    }

    /** FLAC's CRC-16 (polynomial x^16 + x^15 + x^2 + 1, initial 0) of {@code b[from, to)}. */
    static int crc16(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (b[i] & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1 ^ 0x8005) & 0xFFFF : crc << 1 & 0xFFFF;
            }
        }
        return crc;
    }
}
