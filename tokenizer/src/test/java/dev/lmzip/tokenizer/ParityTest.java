package dev.lmzip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Token ids equal Hugging Face tokenizers' (via DJL) for NFC-normalized valid UTF-8 text, with the
 * GPT-NeoX tokenizer.json.
 */
class ParityTest {
    /** Known tricky inputs. */
    static final String[] TRICKY = {
        "  hello", "hello  world", "trailing spaces   \nnext line", "line  \n", "\n\n\n", "\n \n", " \n\n ",
        "don't", "DON'T", "Don'T", "I'm I'M you're YOU'RE we've WE'VE they'll THEY'LL he'd HE'D it's IT'S",
        "'s's's", "''''", "' s", "rock 'n' roll", "12345", "1234567890123", " 3.14159", "1,000,000", "x2y3",
        "١٢٣٤ ٥", "Ⅻ ½ ² ³", "e\u0301", "naïve café", "Ångström", "日本語のテキストです。", "中文 测试",
        "한국어 텍스트", "Привет, мир!", "Ελληνικά", "שלום עולם", "مرحبا بالعالم", "नमस्ते दुनिया", "สวัสดี",
        "😀", " 😀😀", "👩‍👩‍👧‍👦 family", "🇩🇪🇫🇷", "👍🏽", "❤️", "a\u200db", "\ufeffBOM", "\r\n", "a\r\nb\r\n",
        "\r", "\t", "\tindented", "\t\tx", "x\t\t", "if (x) {\n\treturn 1;\n}", "    four spaces",
        " ".repeat(23), " ".repeat(24), " ".repeat(25), " ".repeat(49), " ".repeat(100) + "x",
        "a" + " ".repeat(30) + "b", "<|endoftext|>", "text<|endoftext|>more", " <|endoftext|> ",
        "<|endoftext|><|endoftext|>", "<|padding|>", "<|endoftext", "endoftext|>", "<|EndOfText|>",
        "  <|endoftext|>  ", "\u00a0", "\u00a0\u00a0x", "x\u3000y", "\u2028\u2029", "\u0085", "\u000b\u000c",
        "a\u0000b", "\u0001\u001f", "\u007f", "ſ", "ﬁ", "Ǆ ǅ ǆ", "ß SS", "İı", "Hello, World! How's it going?",
        "https://example.com/path?q=1&r=2#frag", "email@example.com", "#include <stdio.h>", "$x = $y + 1;",
        "~!@#$%^&*()_+", "...", "—–-", "«guillemets» “quotes” ‘single’", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝟘𝟙𝟚", "\uD800\uDC00",
        "", " ", "a",
    };

    static void assertParity(HuggingFaceTokenizer hf, Tokenizer t, String text, String where) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        int[] expected = TestData.oracleIds(hf, nfc);
        int[] actual = t.encode(nfc.getBytes(StandardCharsets.UTF_8));
        if (!Arrays.equals(expected, actual)) {
            int i = Arrays.mismatch(expected, actual);
            int from = Math.max(0, i - 5);
            fail(where + ": ids differ at token " + i + "; HF " + Arrays.toString(Arrays.copyOfRange(expected, from,
                    Math.min(expected.length, i + 6))) + " vs ours " + Arrays.toString(Arrays.copyOfRange(actual,
                    from, Math.min(actual.length, i + 6))) + " near \"" + PreTokenizerTest.escape(
                    new String(t.decode(Arrays.copyOfRange(actual, from, Math.min(actual.length, i + 6))),
                            StandardCharsets.UTF_8)) + "\"");
        }
    }

    @Test
    void trickyCases() {
        HuggingFaceTokenizer hf = TestData.neoxOracle();
        Tokenizer t = TestData.neox();
        for (String s : TRICKY) assertParity(hf, t, s, "tricky \"" + PreTokenizerTest.escape(s) + "\"");
        // and all of them concatenated, and each pair glued together
        assertParity(hf, t, String.join("", TRICKY), "tricky concatenated");
        for (int i = 0; i + 1 < TRICKY.length; i++) {
            assertParity(hf, t, TRICKY[i] + TRICKY[i + 1], "tricky pair " + i);
        }
    }

    static final String[] TEXT_FILES = {
        "canterbury/alice29.txt", "canterbury/asyoulik.txt", "canterbury/cp.html", "canterbury/fields.c",
        "canterbury/grammar.lsp", "canterbury/lcet10.txt", "canterbury/plrabn12.txt", "canterbury/xargs.1",
        "calgary/bib", "calgary/book1", "calgary/book2", "calgary/news", "calgary/paper1", "calgary/paper2",
        "calgary/paper3", "calgary/paper4", "calgary/paper5", "calgary/paper6", "calgary/progc", "calgary/progl",
        "calgary/progp", "calgary/trans", "large/bible.txt", "large/world192.txt", "enwik/enwik8_small",
        "multilingual/kokoro.txt", "multilingual/crime_and_punishment.txt", "multilingual/beowulf.txt",
    };

    /** Every text file of the bench corpus, cut into 8 KB pieces; large files are sampled. */
    @Test
    void benchCorpusPieces() throws IOException {
        HuggingFaceTokenizer hf = TestData.neoxOracle();
        Tokenizer t = TestData.neox();
        Path bench = TestData.shared().resolve("corpus/bench");
        SplittableRandom r = new SplittableRandom(2024);
        List<String> missing = new ArrayList<>();
        long checked = 0;
        for (String f : TEXT_FILES) {
            Path p = bench.resolve(f);
            if (!Files.isRegularFile(p)) {
                missing.add(f);
                continue;
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(Files.readAllBytes(p)))
                    .toString();
            int piece = 8192;
            int pieces = (text.length() + piece - 1) / piece;
            // at most ~1 MB of each file: all pieces of small files, a seeded sample of large ones
            double keep = Math.min(1.0, 128.0 / pieces);
            for (int k = 0; k < pieces; k++) {
                if (keep < 1.0 && r.nextDouble() >= keep) continue;
                int from = k * piece;
                int to = Math.min(text.length(), from + piece);
                if (from > 0 && Character.isLowSurrogate(text.charAt(from))) from++;
                if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) to--;
                assertParity(hf, t, text.substring(from, to), f + " piece " + k);
                checked += to - from;
            }
        }
        assertTrue(missing.isEmpty(), "bench files missing: " + missing);
        assertTrue(checked > 5_000_000, "checked " + checked + " chars");
    }

    /** Whole files in one call each (pre-tokens that span piece boundaries, long inputs). */
    @Test
    void wholeFiles() throws IOException {
        HuggingFaceTokenizer hf = TestData.neoxOracle();
        Tokenizer t = TestData.neox();
        Path bench = TestData.shared().resolve("corpus/bench");
        for (String f : new String[] {"canterbury/alice29.txt", "multilingual/kokoro.txt", "calgary/progc"}) {
            String text = new String(Files.readAllBytes(bench.resolve(f)), StandardCharsets.UTF_8);
            assertParity(hf, t, text, f);
        }
    }

    @Test
    void seededRandomUnicode() {
        HuggingFaceTokenizer hf = TestData.neoxOracle();
        Tokenizer t = TestData.neox();
        SplittableRandom r = new SplittableRandom(31337);
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            String s = RandomText.unicode(r, 1 + r.nextInt(30));
            if (i < 2000) assertParity(hf, t, s, "random #" + i + " \"" + PreTokenizerTest.escape(s) + "\"");
            batch.append(s);
            if (batch.length() > 50_000) {
                assertParity(hf, t, batch.toString(), "random batch ending at #" + i);
                batch.setLength(0);
            }
        }
    }

    @Test
    void everyCodePointInContext() {
        // each NFC-stable scalar value, glued to letters, digits, spaces and punctuation
        HuggingFaceTokenizer hf = TestData.neoxOracle();
        Tokenizer t = TestData.neox();
        StringBuilder sb = new StringBuilder();
        int chunks = 0;
        for (int cp = 0; cp < 0x110000; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            if (!Character.isDefined(cp) && (cp & 0xFF) != 0x37) continue; // sample unassigned ones
            String x = Character.toString(cp);
            if (!Normalizer.isNormalized(x, Normalizer.Form.NFC)) continue;
            sb.append(" a").append(x).append("1").append(x).append(' ').append(x).append(x).append("!\n");
            if (sb.length() > 200_000) {
                assertParity(hf, t, sb.toString(), "code point chunk " + chunks++);
                sb.setLength(0);
            }
        }
        assertParity(hf, t, sb.toString(), "code point chunk " + chunks);
        assertEquals(true, chunks > 5);
    }
}
