package dev.lmzip.tokenizer;

import java.util.SplittableRandom;

/** Seeded generators of Unicode text and byte strings of many shapes. */
final class RandomText {
    private RandomText() {}

    private static final String[] PIECES = {
        "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'VE", "'M", "'LL", "'D", "' s", "''",
        " ", "  ", "   ", "    ", "\t", "\t\t", "\n", "\n\n", "\r\n", " \n", "\n ", "  \n", "\u00a0", "\u3000",
        "\u2028", "\u0085", "\u000b", "\u000c", "the", "The", " of", "ing", "don", "DON", "123", "2024", "0", "3.14",
        "1,000", "٣", "Ⅻ", "½", "²", "!", "?", "...", "--", "\"", "(", ")", "<", ">", "<|endoftext|>", "<|padding|>",
        "<|", "|>", "e\u0301", "\u0301", "ß", "İ", "日本", "語", "テキスト", "한국어", "中文", "Привет", "мир",
        "Ελληνικά", "עברית", "العربية", "हिन्दी", "ไทย", "😀", "👍🏽", "👩‍👩‍👧", "🇩🇪", "❤️", "\u200d", "\u200b",
        "\ufeff", "\ud83d\ude00", "𝔘𝔫𝔦", "\u0000", "\u007f", "\u0080", "\u00ad", "Ā", "ſ",
    };

    /** Random text: mixture of tricky pieces, random code points of all planes and ASCII. */
    static String unicode(SplittableRandom r, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            int k = r.nextInt(10);
            if (k < 4) {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            } else if (k < 7) {
                int n = 1 + r.nextInt(6);
                for (int j = 0; j < n; j++) sb.append((char) (0x20 + r.nextInt(0x5f)));
            } else if (k < 9) {
                sb.appendCodePoint(randomCodePoint(r));
            } else {
                int n = 1 + r.nextInt(30);
                for (int j = 0; j < n; j++) sb.append(' ');
            }
        }
        return sb.toString();
    }

    /** A random scalar value (no surrogates), biased towards assigned and lower planes. */
    static int randomCodePoint(SplittableRandom r) {
        while (true) {
            int cp;
            switch (r.nextInt(5)) {
                case 0 -> cp = r.nextInt(0x80, 0x800);
                case 1 -> cp = r.nextInt(0x800, 0x10000);
                case 2 -> cp = r.nextInt(0x10000, 0x30000);
                case 3 -> cp = r.nextInt(0x1F000, 0x1FB00);
                default -> cp = r.nextInt(0, 0x110000);
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            if (r.nextInt(4) != 0 && !Character.isDefined(cp)) continue;
            return cp;
        }
    }
}
