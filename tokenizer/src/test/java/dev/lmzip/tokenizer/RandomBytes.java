package dev.lmzip.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Byte strings of many shapes, for losslessness properties. */
final class RandomBytes {
    private RandomBytes() {}

    private static final byte[][] NASTY = {
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // encoded high surrogate
        {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, // encoded low surrogate
        {(byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80}, // CESU-8 emoji
        {(byte) 0xC0, (byte) 0x80}, // overlong NUL
        {(byte) 0xC1, (byte) 0xBF}, // overlong
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/'
        {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, // overlong
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // 5-byte form
        {(byte) 0xE2, (byte) 0x82}, // truncated euro
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, // truncated emoji
        {(byte) 0xC3}, // lone lead
        {(byte) 0x80}, {(byte) 0xBF}, // stray continuation
        {(byte) 0xFE}, {(byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, // BOMs
        {0}, {0, 0, 0}, {(byte) 0xE9}, // Latin-1 é
        " ".getBytes(StandardCharsets.UTF_8), "  ".getBytes(StandardCharsets.UTF_8),
        "<|endoftext|>".getBytes(StandardCharsets.UTF_8), "<|endo".getBytes(StandardCharsets.UTF_8),
        "\r\n".getBytes(StandardCharsets.UTF_8), "'s".getBytes(StandardCharsets.UTF_8),
    };

    /** A random byte string of one of several shapes. */
    static byte[] any(SplittableRandom r) {
        int shape = r.nextInt(8);
        int n = r.nextInt(r.nextInt(10) == 0 ? 2000 : 80);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (shape) {
            case 0 -> { // uniform random bytes
                for (int i = 0; i < n; i++) out.write(r.nextInt(256));
            }
            case 1 -> out.writeBytes(RandomText.unicode(r, 1 + n / 4).getBytes(StandardCharsets.UTF_8));
            case 2 -> { // valid UTF-8 of all planes
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n / 2; i++) sb.appendCodePoint(RandomText.randomCodePoint(r));
                out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> { // text with corruptions
                byte[] t = RandomText.unicode(r, 1 + n / 4).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < t.length; i++) if (r.nextInt(12) == 0) t[i] = (byte) r.nextInt(256);
                out.writeBytes(t);
            }
            case 4 -> { // nasty pieces and text mixed
                for (int i = 0; i < n / 4 + 1; i++) {
                    if (r.nextBoolean()) out.writeBytes(NASTY[r.nextInt(NASTY.length)]);
                    else out.writeBytes(RandomText.unicode(r, 1 + r.nextInt(3)).getBytes(StandardCharsets.UTF_8));
                }
            }
            case 5 -> { // truncated multi-byte sequences at random cut points
                byte[] t = RandomText.unicode(r, 1 + n / 4).getBytes(StandardCharsets.UTF_8);
                int from = t.length == 0 ? 0 : r.nextInt(t.length);
                int to = from + (t.length == from ? 0 : r.nextInt(t.length - from + 1));
                out.write(t, from, to - from);
            }
            case 6 -> { // binary-ish: small alphabet incl. NUL and high bytes
                int[] alpha = {0, 0, 0, 1, 0xFF, 0x80, 0x20, 0x0A, 'A', 0xC3, 0xE2};
                for (int i = 0; i < n; i++) out.write(alpha[r.nextInt(alpha.length)]);
            }
            default -> { // ASCII with runs of whitespace
                String ws = " \t\n\r\u000b\u000c";
                for (int i = 0; i < n; i++) {
                    if (r.nextInt(3) == 0) out.write(ws.charAt(r.nextInt(ws.length())));
                    else out.write(0x20 + r.nextInt(0x5f));
                }
            }
        }
        return out.toByteArray();
    }
}
