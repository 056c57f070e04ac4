package dev.lmzip.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The GPT-2 byte-to-unicode table used by byte-level BPE vocabularies: the 188 printable bytes
 * {@code '!'..'~'}, {@code 0xA1..0xAC} and {@code 0xAE..0xFF} stand for themselves; the other 68
 * bytes (controls, space, DEL, 0x80..0xA0, soft hyphen 0xAD) are given the code points 256, 257,
 * ... in increasing byte order.
 */
final class ByteLevel {
    /** byte value to the code point that represents it in vocabulary strings. */
    static final char[] BYTE_TO_CHAR = new char[256];
    /** code point (below 512) to byte value, or -1. */
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {}

    /** Byte-level string of the given bytes (each byte becomes one char). */
    static String encode(byte[] bytes, int off, int len) {
        char[] cs = new char[len];
        for (int i = 0; i < len; i++) cs[i] = BYTE_TO_CHAR[bytes[off + i] & 0xff];
        return new String(cs);
    }

    static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    /**
     * Bytes a vocabulary string stands for: each char mapped back through the table; if any char
     * is outside the table, the UTF-8 encoding of the whole string (what Hugging Face's ByteLevel
     * decoder does).
     */
    static byte[] decode(String token) {
        byte[] out = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            int b = c < 512 ? CHAR_TO_BYTE[c] : -1;
            if (b < 0) return token.getBytes(StandardCharsets.UTF_8);
            out[i] = (byte) b;
        }
        return out;
    }

    /** True if every char of {@code token} is in the table. */
    static boolean isByteLevel(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= 512 || CHAR_TO_BYTE[c] < 0) return false;
        }
        return true;
    }
}
