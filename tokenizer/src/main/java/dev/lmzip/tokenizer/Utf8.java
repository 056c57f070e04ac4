package dev.lmzip.tokenizer;

/** Well-formed UTF-8 per Unicode Table 3-7 (no overlongs, no surrogates, nothing above U+10FFFF). */
final class Utf8 {
    private Utf8() {}

    /**
     * Length (1..4) of the well-formed UTF-8 sequence starting at {@code i}, or 0 if none starts
     * there (the byte at {@code i} is then an "invalid byte"). Only bytes before {@code end} are
     * looked at.
     */
    static int unitLength(byte[] b, int i, int end) {
        int b0 = b[i] & 0xff;
        if (b0 < 0x80) return 1;
        if (b0 < 0xC2) return 0;
        if (b0 < 0xE0) {
            return (i + 1 < end && (b[i + 1] & 0xC0) == 0x80) ? 2 : 0;
        }
        if (b0 < 0xF0) {
            if (i + 2 >= end) return 0;
            int b1 = b[i + 1] & 0xff;
            int lo = b0 == 0xE0 ? 0xA0 : 0x80;
            int hi = b0 == 0xED ? 0x9F : 0xBF;
            if (b1 < lo || b1 > hi) return 0;
            return (b[i + 2] & 0xC0) == 0x80 ? 3 : 0;
        }
        if (b0 < 0xF5) {
            if (i + 3 >= end) return 0;
            int b1 = b[i + 1] & 0xff;
            int lo = b0 == 0xF0 ? 0x90 : 0x80;
            int hi = b0 == 0xF4 ? 0x8F : 0xBF;
            if (b1 < lo || b1 > hi) return 0;
            return ((b[i + 2] & 0xC0) == 0x80 && (b[i + 3] & 0xC0) == 0x80) ? 4 : 0;
        }
        return 0;
    }

    /** End of the maximal run of well-formed sequences starting at {@code i} (may be {@code i}). */
    static int validRunEnd(byte[] b, int i, int end) {
        while (i < end) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int n = unitLength(b, i, end);
            if (n == 0) return i;
            i += n;
        }
        return i;
    }
}
