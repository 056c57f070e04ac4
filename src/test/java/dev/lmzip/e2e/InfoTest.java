package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.lmzip.e2e.RoundTripTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lmzip info}: what is inside an .lmz file, without decoding. */
class InfoTest {
    @TempDir
    Path dir;

    @Test
    void infoShowsVersionPredictorFingerprintFramesAndSizes() {
        int rawSize = 300_000; // 5 frames of 64 KiB (the last one partial)
        Data.write(dir.resolve("f.txt"), Data.text(20, rawSize));
        assertOk(Lmzip.run(dir, null, "--frame-size", "64K", "f.txt"));
        byte[] lmz = Data.read(dir.resolve("f.txt.lmz"));

        Lmzip.Result r = Lmzip.run(dir, null, "info", "f.txt.lmz");
        assertOk(r);
        List<String> lines = r.out().lines().toList();
        assertEquals("f.txt.lmz:", lines.get(0));
        assertTrue(lines.contains("  format version : 2"), r.out());
        assertTrue(lines.contains("  predictor      : bytes"), r.out());
        assertTrue(lines.contains("  fingerprint    : " + Data.fingerprintHex(lmz)), r.out());
        assertTrue(lines.contains("  frame size     : 65536 bytes"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("  frames {9}: 5 \\(\\d+ coded, \\d+ stored\\)")), r.out());
        assertTrue(lines.contains("  raw size       : " + rawSize + " bytes"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  file size      : " + lmz.length + " bytes")), r.out());
        assertTrue(lines.contains("  frame index    : yes (5 entries, 100 bytes)"), r.out());
    }

    @Test
    void infoVerboseListsFramesAndReportsANonLmzFile() {
        Data.write(dir.resolve("g"), Data.text(21, 5_000));
        Data.write(dir.resolve("plain.txt"), Data.text(22, 1_000));
        assertOk(Lmzip.run(dir, null, "--frame-size", "1K", "g"));

        Lmzip.Result r = Lmzip.run(dir, null, "info", "-v", "g.lmz", "plain.txt");
        assertEquals(4, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.stderr().startsWith("lmzip: plain.txt: not an lmz file"), r.stderr());
        String out = r.out();
        assertTrue(out.startsWith("g.lmz:\n"), out);
        assertTrue(out.contains("  frames         : 5 ("), out);
        assertEquals(5, out.lines().filter(l -> l.matches(" +\\d+ +(coded|stored) +\\d+ +\\d+ +[0-9.]+")).count(),
                "one line per frame with -v:\n" + out);
        assertTrue(!out.contains("plain.txt"), "nothing on stdout for the bad file");

        Lmzip.Result bad = Lmzip.run(dir, null, "info", "plain.txt");
        assertEquals(4, bad.exit(), bad::toString);
        assertEquals(List.of("lmzip: plain.txt: not an lmz file (bad magic bytes)"), bad.errLines());
        assertEquals("", bad.out());
    }
}
