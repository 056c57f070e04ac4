package dev.lmzip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoaderTest {

    static String small() {
        return SmallTokenizer.result().json();
    }

    static TokenizerFormatException refuse(String json) {
        return assertThrows(TokenizerFormatException.class,
                () -> Tokenizer.fromJson(json.getBytes(StandardCharsets.UTF_8)));
    }

    static void unsupported(String json, String... mentions) {
        TokenizerFormatException e = refuse(json);
        assertInstanceOf(UnsupportedTokenizerException.class, e, e.getMessage());
        for (String m : mentions) assertTrue(e.getMessage().contains(m), e.getMessage() + " should mention " + m);
    }

    @Test
    void refusesUnsupportedKinds() throws Exception {
        String j = small();
        unsupported(j.replace("\"type\": \"BPE\"", "\"type\": \"WordPiece\""), "model type WordPiece");
        unsupported(j.replace("\"type\": \"BPE\"", "\"type\": \"Unigram\""), "Unigram");
        unsupported(j.replace("\"normalizer\": null", "\"normalizer\": {\"type\": \"Lowercase\"}"), "normalizer",
                "Lowercase");
        unsupported(j.replace("\"normalizer\": null", "\"normalizer\": {\"type\": \"NFKC\"}"), "NFKC");
        unsupported(j.replace("\"pre_tokenizer\": {\"type\": \"ByteLevel\"", "\"pre_tokenizer\": {\"type\": \"Whitespace\""),
                "pre_tokenizer", "Whitespace");
        unsupported(j.replace("\"pre_tokenizer\": null", "x").replaceFirst("\"add_prefix_space\": false",
                "\"add_prefix_space\": true"), "add_prefix_space");
        unsupported(j.replaceFirst("\"use_regex\": true", "\"use_regex\": false"), "use_regex");
        unsupported(j.replace("\"lstrip\": false", "\"lstrip\": true"), "lstrip");
        unsupported(j.replace("\"dropout\": null", "\"dropout\": 0.1"), "dropout");
        unsupported(j.replace("\"continuing_subword_prefix\": null", "\"continuing_subword_prefix\": \"##\""),
                "continuing_subword_prefix");
        unsupported(j.replace("\"decoder\": {\"type\": \"ByteLevel\"", "\"decoder\": {\"type\": \"WordPiece\""),
                "decoder", "WordPiece");
        unsupported(j.replace("\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, "
                + "\"trim_offsets\": true, \"use_regex\": true}", "\"pre_tokenizer\": {\"type\": \"Sequence\", "
                + "\"pretokenizers\": [{\"type\": \"Split\"}, {\"type\": \"ByteLevel\", \"add_prefix_space\": false}]}"),
                "Sequence");
        // accepted variants: NFC normalizer, a one-element Sequence, merges as arrays
        Tokenizer nfc = Tokenizer.fromJson(j.replace("\"normalizer\": null", "\"normalizer\": {\"type\": \"NFC\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(SmallTokenizer.get().fingerprint(), nfc.fingerprint());
    }

    @Test
    void refusesMalformedFiles() {
        String j = small();
        TokenizerFormatException e = refuse(j.substring(0, j.length() / 2));
        assertTrue(e.getMessage().startsWith("JSON:"), e.getMessage());
        assertEquals(TokenizerFormatException.class, e.getClass());
        assertEquals(TokenizerFormatException.class, refuse("[1, 2]").getClass());
        assertInstanceOf(UnsupportedTokenizerException.class, refuse("{\"model\": {\"type\": \"BPE\"}}"));
        TokenizerFormatException noVocab = refuse("{\"model\": {\"type\": \"BPE\"}, \"pre_tokenizer\": "
                + "{\"type\": \"ByteLevel\", \"add_prefix_space\": false}}");
        assertEquals(TokenizerFormatException.class, noVocab.getClass());
        assertTrue(noVocab.getMessage().contains("model.vocab"), noVocab.getMessage());
        TokenizerFormatException m = refuse(j.replaceFirst("\"merges\": \\[\n      \"", "\"merges\": [\n      \"zzz"));
        assertTrue(m.getMessage().contains("merge 0"), m.getMessage());
        assertThrows(TokenizerFormatException.class, () -> Tokenizer.fromJson(new byte[] {'{', (byte) 0xFF, '}'}));
    }

    @Test
    void mergesAsArraysLoadTheSame() throws Exception {
        String j = small();
        // rewrite "a b" merges as ["a", "b"]
        StringBuilder sb = new StringBuilder();
        int at = j.indexOf("\"merges\": [");
        sb.append(j, 0, at);
        Map<?, ?> root = (Map<?, ?>) Json.parse(j);
        List<?> merges = (List<?>) ((Map<?, ?>) root.get("model")).get("merges");
        sb.append("\"merges\": [");
        for (int i = 0; i < merges.size(); i++) {
            String m = (String) merges.get(i);
            int sp = m.indexOf(' ');
            sb.append(i == 0 ? "" : ",").append('[');
            Json.quote(sb, m.substring(0, sp));
            sb.append(',');
            Json.quote(sb, m.substring(sp + 1));
            sb.append(']');
        }
        sb.append("]}}");
        Tokenizer t = Tokenizer.fromJson(sb.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(SmallTokenizer.get().fingerprint(), t.fingerprint());
    }

    @Test
    void neoxMetadata() {
        Tokenizer t = TestData.neox();
        assertEquals(50277, t.baseVocabSize());
        assertEquals(50290, t.vocabSize());
        assertEquals(0, t.endOfTextId());
        assertArrayEquals("<|endoftext|>".getBytes(StandardCharsets.US_ASCII), t.tokenBytes(0));
        assertArrayEquals("<|padding|>".getBytes(StandardCharsets.US_ASCII), t.tokenBytes(1));
        assertArrayEquals(" ".repeat(24).getBytes(StandardCharsets.US_ASCII), t.tokenBytes(50254));
        assertArrayEquals("  ".getBytes(StandardCharsets.US_ASCII), t.tokenBytes(50276));
        assertArrayEquals(" the".getBytes(StandardCharsets.US_ASCII), t.tokenBytes(t.idOf("Ġthe")));
        assertEquals(4, t.tokenLength(t.idOf("Ġthe")));
        byte[] dst = new byte[8];
        assertEquals(4, t.copyTokenBytes(t.idOf("Ġthe"), dst, 2));
        assertThrows(IllegalArgumentException.class, () -> t.tokenBytes(50290));
        assertThrows(IllegalArgumentException.class, () -> t.tokenBytes(-1));
        assertEquals(64, t.fingerprint().length());
        assertEquals(32, t.sha256().length);
        assertNotEquals(t.fingerprint(), SmallTokenizer.get().fingerprint());
    }

    @Test
    void jsonParser() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5e2, true, false, null, \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"],"
                + " \"b\": {}, \"c\": []} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2L, a.get(1));
        assertEquals(350.0, a.get(2));
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(null, a.get(5));
        assertEquals("x\"\\/\b\f\n\r\t\u00e9\ud83d\ude00", a.get(6));
        for (String bad : new String[] {"{", "[1,]", "{\"a\" 1}", "\"\\x\"", "tru", "{\"a\":1,\"a\":2}", "1 2",
            "\"\u0001\"", "[\"\\u12\"]"}) {
            assertThrows(TokenizerFormatException.class, () -> Json.parse(bad), bad);
        }
        StringBuilder sb = new StringBuilder();
        Json.quote(sb, "a\"\\\n\u0000\u007f\ud800é");
        assertEquals("a\"\\\n\u0000\u007f\ud800é", Json.parse(sb.toString()));
    }
}
