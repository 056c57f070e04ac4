package dev.lmzip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scanner against two oracles: Hugging Face's ByteLevel pre-tokenizer (through a
 * WordLevel tokenizer whose only entry is [UNK], so every pre-token becomes one token and the
 * token spans are the pre-token boundaries) and java.util.regex with UNICODE_CHARACTER_CLASS.
 */
class PreTokenizerTest {
    static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    static final Pattern REGEX = Pattern.compile(GPT2, Pattern.UNICODE_CHARACTER_CLASS);

    private static Path wordLevelJson;
    private static HuggingFaceTokenizer hf;

    @BeforeAll
    static void setUp() throws IOException {
        wordLevelJson = Files.createTempFile("lmzip-wordlevel", ".json");
        Files.writeString(wordLevelJson, "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],"
                + "\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"ByteLevel\",\"add_prefix_space\":false,"
                + "\"trim_offsets\":false,\"use_regex\":true},\"post_processor\":null,\"decoder\":null,"
                + "\"model\":{\"type\":\"WordLevel\",\"vocab\":{\"[UNK]\":0},\"unk_token\":\"[UNK]\"}}");
        hf = TestData.oracle(wordLevelJson);
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (hf != null) hf.close();
        Files.deleteIfExists(wordLevelJson);
    }

    /** Pre-token ends in code points, from our scanner. */
    static int[] ours(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] ends = Tokenizer.preTokenEnds(b, 0, b.length);
        String prefix;
        int[] r = new int[ends.length];
        for (int i = 0; i < ends.length; i++) {
            prefix = new String(b, 0, ends[i], StandardCharsets.UTF_8);
            r[i] = prefix.codePointCount(0, prefix.length());
        }
        return r;
    }

    /** Same, but fast for long strings: converts byte offsets incrementally. */
    static int[] oursFast(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] ends = Tokenizer.preTokenEnds(b, 0, b.length);
        int[] r = new int[ends.length];
        int cps = 0;
        int pos = 0;
        for (int i = 0; i < ends.length; i++) {
            while (pos < ends[i]) {
                if ((b[pos] & 0xC0) != 0x80) cps++;
                pos++;
            }
            r[i] = cps;
        }
        return r;
    }

    static int[] hfEnds(String s) {
        CharSpan[] spans = hf.encode(s, false, false).getCharTokenSpans();
        int[] r = new int[spans.length];
        for (int i = 0; i < spans.length; i++) r[i] = spans[i].getEnd();
        return r;
    }

    static int[] regexEnds(String s) {
        Matcher m = REGEX.matcher(s);
        List<Integer> ends = new ArrayList<>();
        int expect = 0;
        while (m.find()) {
            assertEquals(expect, m.start(), "regex left a gap in " + s);
            ends.add(s.codePointCount(0, m.end()));
            expect = m.end();
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A snippet in which the class of {@code cp} decides several boundaries. */
    static void snippet(StringBuilder sb, int cp) {
        String x = Character.toString(cp);
        sb.append('a').append(x).append('1').append(x).append('!').append(x).append('\t').append(x)
                .append(' ').append(x).append('\'').append(x).append(x).append('\n');
    }

    static boolean overridden(int cp) {
        for (int[] o : PreTokenizer.OVERRIDES) {
            if (cp >= o[0] && cp <= o[1]) return true;
        }
        return false;
    }

    @Test
    void everyCodePointAgainstHuggingFace() {
        List<Integer> bad = new ArrayList<>();
        final int batch = 4096;
        for (int base = 0; base < 0x110000; base += batch) {
            StringBuilder sb = new StringBuilder();
            for (int cp = base; cp < base + batch; cp++) {
                if (cp < 0xD800 || cp > 0xDFFF) snippet(sb, cp);
            }
            String s = sb.toString();
            if (java.util.Arrays.equals(oursFast(s), hfEnds(s))) continue;
            for (int cp = base; cp < base + batch; cp++) {
                if (cp >= 0xD800 && cp <= 0xDFFF) continue;
                StringBuilder one = new StringBuilder();
                snippet(one, cp);
                if (!java.util.Arrays.equals(ours(one.toString()), hfEnds(one.toString()))) bad.add(cp);
            }
        }
        assertTrue(bad.isEmpty(), "scanner and Hugging Face disagree on " + bad.size() + " code points: "
                + ranges(bad));
    }

    @Test
    void everyCodePointAgainstJavaRegex() {
        List<Integer> bad = new ArrayList<>();
        for (int cp = 0; cp < 0x110000; cp++) {
            if ((cp >= 0xD800 && cp <= 0xDFFF) || overridden(cp)) continue;
            StringBuilder one = new StringBuilder();
            snippet(one, cp);
            String s = one.toString();
            if (!java.util.Arrays.equals(oursFast(s), regexEnds(s))) bad.add(cp);
        }
        assertTrue(bad.isEmpty(), "scanner and java.util.regex disagree on " + bad.size() + " code points: "
                + ranges(bad));
    }

    static final String[] TRICKY = {
        "", " ", "  ", "   ", "a", " a", "  a", "   a", "a ", "a  ", "a  \n", "a \n b", "\n", "\n\n\n", " \n", "\n ",
        "\t", "\t\t", "\tx", "\t x", "x\t\ty", "\r\n", "a\r\nb", " \r\n ", "don't", "DON'T", "I'm", "you're", "we've",
        "they'll", "he'd", "it's", "'s", "''s", "x's'", "'sx", "' s", "'re'", "12345", " 12345", "1,234.56", "3.14e-10",
        "hello world", "  hello", "hello  world", "trailing   \nnext", "\u00a0x", "\u3000x", "x\u2028y", "\u0085",
        "e\u0301", " e\u0301", "\u0301", "日本語のテキスト", " 日本", "😀😀", " 😀", "👩‍👩‍👧‍👦", "🇩🇪", "x!!!y", " !!! ",
        "a1b2c3", "١٢٣", " Ⅻ", "½", "ß", "İ", "ǅ", "ʰ", "\u200b", "\u200d", "\ufeff", "<|endoftext|>", "a<|endoftext|>b",
    };

    @Test
    void trickyCasesAgainstBothOracles() {
        for (String s : TRICKY) {
            assertArrayEquals(hfEnds(s), ours(s), () -> "HF: " + escape(s));
            assertArrayEquals(regexEnds(s), ours(s), () -> "regex: " + escape(s));
        }
    }

    @Test
    void randomStringsAgainstBothOracles() {
        SplittableRandom r = new SplittableRandom(20240601L);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            String s = RandomText.unicode(r, 1 + r.nextInt(60));
            assertArrayEquals(regexEnds(s), oursFast(s), () -> "regex: " + escape(s));
            all.append(s);
            if (all.length() > 20000 || i == 2999) {
                String t = all.toString();
                assertArrayEquals(hfEnds(t), oursFast(t), () -> "HF: " + escape(t));
                all.setLength(0);
            }
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) sb.appendCodePoint(cp);
            else sb.append(String.format("\\u{%X}", cp));
        });
        return sb.toString();
    }

    static String ranges(List<Integer> cps) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int shown = 0;
        while (i < cps.size() && shown < 200) {
            int j = i;
            while (j + 1 < cps.size() && cps.get(j + 1) == cps.get(j) + 1) j++;
            int cp = cps.get(i);
            sb.append(String.format("%04X", cp));
            if (j > i) sb.append(String.format("-%04X", cps.get(j)));
            sb.append("(jdk=").append(PreTokenizer.jdkClass(cp)).append(") ");
            shown++;
            i = j + 1;
        }
        return sb.toString();
    }
}
