package dev.lmzip.tokenizer;

/**
 * Hand-written scanner equivalent to the GPT-2 split pattern applied by Hugging Face's ByteLevel
 * pre-tokenizer (Oniguruma, leftmost alternative wins):
 *
 * <pre>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</pre>
 *
 * It works directly on well-formed UTF-8 bytes. Code points are put in four classes: LETTER
 * (\p{L}), NUMBER (\p{N}), SPACE (\s, the Unicode White_Space property) and OTHER. The class table
 * is built from {@link Character#getType(int)} and then corrected with {@link #OVERRIDES} so that it
 * agrees with the Unicode version of the Oniguruma tables inside Hugging Face tokenizers (checked
 * over every code point by the tests).
 */
final class PreTokenizer {
    static final byte OTHER = 0;
    static final byte LETTER = 1;
    static final byte NUMBER = 2;
    static final byte SPACE = 3;

    /**
     * Code point ranges {first, last, class} where Hugging Face tokenizers (Oniguruma's Unicode
     * tables) classify differently from this JDK's {@link Character} data; found by comparing every
     * code point against the oracle (see PreTokenizerOracleTest). Applied after the JDK table.
     */
    static final int[][] OVERRIDES = {
    };

    private static final byte[] CLASS = new byte[0x110000];

    static {
        for (int cp = 0; cp < CLASS.length; cp++) {
            CLASS[cp] = jdkClass(cp);
        }
        for (int[] o : OVERRIDES) {
            for (int cp = o[0]; cp <= o[1]; cp++) CLASS[cp] = (byte) o[2];
        }
    }

    private PreTokenizer() {}

    /** Class from the JDK's Unicode data alone (no overrides). */
    static byte jdkClass(int cp) {
        if (isWhiteSpace(cp)) return SPACE;
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER:
            case Character.LOWERCASE_LETTER:
            case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
                return LETTER;
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
                return NUMBER;
            default:
                return OTHER;
        }
    }

    /** The Unicode White_Space property (stable since Unicode 6.3). */
    static boolean isWhiteSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    /** Class of a code point as used by the scanner. */
    static byte classOf(int cp) {
        return CLASS[cp];
    }

    /** Code point of the well-formed sequence at {@code i}. */
    private static int cpAt(byte[] b, int i) {
        int b0 = b[i];
        if (b0 >= 0) return b0;
        b0 &= 0xff;
        if (b0 < 0xE0) return ((b0 & 0x1F) << 6) | (b[i + 1] & 0x3F);
        if (b0 < 0xF0) return ((b0 & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
        return ((b0 & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
    }

    private static int lenAt(byte[] b, int i) {
        int b0 = b[i];
        if (b0 >= 0) return 1;
        b0 &= 0xff;
        return b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    }

    /**
     * End (exclusive) of the pre-token that starts at {@code p} in the well-formed UTF-8 segment
     * ending at {@code end}; {@code p < end}.
     */
    static int next(byte[] b, int p, int end) {
        int b0 = b[p];
        // contractions 's 't 're 've 'm 'll 'd (ASCII, case-sensitive)
        if (b0 == '\'' && p + 1 < end) {
            int c1 = b[p + 1];
            if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') return p + 2;
            if (p + 2 < end) {
                int c2 = b[p + 2];
                if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return p + 3;
            }
        }
        int q = p;
        byte cls;
        if (b0 == ' ') {
            if (p + 1 < end) {
                byte c1 = CLASS[cpAt(b, p + 1)];
                if (c1 != SPACE) {
                    // " ?\p{L}+", " ?\p{N}+" or " ?[^\s\p{L}\p{N}]+"
                    return run(b, p + 1, end, c1);
                }
            }
            cls = SPACE;
        } else {
            cls = b0 >= 0 ? CLASS[b0] : CLASS[cpAt(b, p)];
            if (cls != SPACE) return run(b, p, end, cls);
        }
        // whitespace: \s+(?!\S) | \s+
        int last = q;
        int count = 0;
        while (q < end) {
            int n;
            int cp;
            if (b[q] >= 0) {
                cp = b[q];
                n = 1;
            } else {
                cp = cpAt(b, q);
                n = lenAt(b, q);
            }
            if (CLASS[cp] != SPACE) break;
            last = q;
            q += n;
            count++;
        }
        if (q == end || count == 1) return q;
        // followed by a non-space: leave the last whitespace char for the next pre-token
        return last;
    }

    /** End of the run of code points of class {@code cls} starting at {@code q}. */
    private static int run(byte[] b, int q, int end, byte cls) {
        while (q < end) {
            int c = b[q];
            if (c >= 0) {
                if (CLASS[c] != cls) break;
                q++;
            } else {
                if (CLASS[cpAt(b, q)] != cls) break;
                q += lenAt(b, q);
            }
        }
        return q;
    }
}
