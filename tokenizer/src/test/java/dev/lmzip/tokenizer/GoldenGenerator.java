package dev.lmzip.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Writes the golden files (not part of the suite). Run on purpose with
 * {@code ./mvnw -pl tokenizer test -Dtest=GoldenGenerator}, then review and commit.
 */
class GoldenGenerator {
    static final String[] EXTRA = {
        "The quick brown fox jumps over the lazy dog.",
        "Alice was beginning to get very tired of sitting by her sister on the bank,",
        "def main():\n    print(\"Hello, world!\")\n\n\nif __name__ == \"__main__\":\n    main()\n",
        "public static void main(String[] args) {\n\tSystem.out.println(\"hi\");\n}\n",
        "<html>\n  <body>\n    <p class=\"x\">Text&nbsp;here</p>\n  </body>\n</html>\n",
        "吾輩は猫である。名前はまだ無い。", "Преступление и наказание", "Hwæt! We Gardena in geardagum",
    };

    static final String[] BYTES = {
        "ff", "c0af", "eda080", "edbfbf", "f4908080", "e282", "f09f98", "80", "00", "000000", "cafe", "48656c6c6fff",
        "48656c6c6f20e9", "2020ff2020", "3c7c656e646f66746578747cfe3e", "efbbbf6869", "c3", "c3a9", "41c342",
        "f5f6f7f8f9fafbfcfdfeff", "89504e470d0a1a0a0000000d49484452",
    };

    @Test
    void generate() throws Exception {
        HuggingFaceTokenizer hf = TestData.neoxOracle();
        Tokenizer t = TestData.neox();
        Path dir = Paths.get("src/test/resources/dev/lmzip/tokenizer");
        StringBuilder sb = new StringBuilder();
        java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of(ParityTest.TRICKY));
        texts.addAll(java.util.List.of(EXTRA));
        for (String s : texts) {
            String nfc = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC);
            int[] ids = TestData.oracleIds(hf, nfc);
            assertArrayEquals(ids, t.encode(nfc.getBytes(StandardCharsets.UTF_8)));
            sb.append('[');
            Json.quote(sb, nfc);
            sb.append(", ").append(java.util.Arrays.toString(ids)).append("]\n");
        }
        Files.writeString(dir.resolve("neox-golden-hf.jsonl"), sb.toString(), StandardCharsets.UTF_8);
        sb.setLength(0);
        for (String h : BYTES) {
            int[] ids = t.encode(HexFormat.of().parseHex(h));
            sb.append("[\"").append(h).append("\", ").append(java.util.Arrays.toString(ids)).append("]\n");
        }
        Files.writeString(dir.resolve("neox-golden-bytes.jsonl"), sb.toString(), StandardCharsets.UTF_8);
    }
}
