package dev.lmzip.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.lmzip.e2e.RoundTripTest.assertLmz;
import static dev.lmzip.e2e.RoundTripTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Each documented exit code (README, "Exit codes"), with one {@code lmzip: …} line on stderr. */
class ExitCodeTest {
    @TempDir
    Path dir;

    byte[] content;

    @BeforeEach
    void input() {
        content = Data.text(40, 30_000);
        Data.write(dir.resolve("a.txt"), content);
    }

    /** A valid .lmz of {@link #content}, made by the CLI itself. */
    private byte[] lmz() {
        Lmzip.Result c = Lmzip.run(dir, null, "-c", "a.txt");
        assertOk(c);
        return c.stdout();
    }

    private static void assertError(Lmzip.Result r, int exit, String prefix) {
        assertEquals(exit, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), () -> "one error line: " + r);
        assertTrue(r.stderr().startsWith(prefix), () -> "expected '" + prefix + "…': " + r);
        assertEquals(0, r.stdout().length, "nothing on stdout");
    }

    @Test
    void missingInputIs3AndTheOtherFilesAreStillProcessed() {
        Lmzip.Result r = Lmzip.run(dir, null, "nope.txt", "a.txt");
        assertError(r, 3, "lmzip: nope.txt: no such file");
        assertLmz(Data.read(dir.resolve("a.txt.lmz")));
        assertEquals(List.of("a.txt", "a.txt.lmz"), Data.names(dir));
    }

    @Test
    void notAnLmzFileIs4() {
        Data.write(dir.resolve("plain.lmz"), content);
        assertError(Lmzip.run(dir, null, "-d", "plain.lmz"), 4, "lmzip: plain.lmz: not an lmz file");
        assertEquals(List.of("a.txt", "plain.lmz"), Data.names(dir), "nothing written");
    }

    @Test
    void unsupportedVersionIs6() {
        byte[] v3 = lmz();
        v3[Data.VERSION_OFFSET] = 3; // the version is checked before the header checksum
        Data.write(dir.resolve("v3.lmz"), v3);
        Lmzip.Result r = Lmzip.run(dir, null, "-d", "v3.lmz");
        assertError(r, 6, "lmzip: v3.lmz: ");
        assertTrue(r.stderr().contains("version 3"), r::toString);
        assertEquals(List.of("a.txt", "v3.lmz"), Data.names(dir));
    }

    @Test
    void wrongModelIs7AndPrintsBothFingerprints() {
        byte[] good = lmz();
        byte[] other = good.clone();
        other[Data.fingerprintOffset(other) + 7] ^= 0x5A;
        Data.fixHeaderChecksum(other);
        Data.write(dir.resolve("m.lmz"), other);
        Lmzip.Result r = Lmzip.run(dir, null, "-d", "m.lmz");
        assertError(r, 7, "lmzip: m.lmz: ");
        String needed = Data.fingerprintHex(other);
        String available = Data.fingerprintHex(good);
        assertNotEquals(needed, available);
        assertTrue(r.stderr().contains(needed), () -> "the file's fingerprint: " + r);
        assertTrue(r.stderr().contains(available), () -> "the available model's fingerprint: " + r);
        assertEquals(List.of("a.txt", "m.lmz"), Data.names(dir));
    }

    @Test
    void unknownModelIs7() {
        assertError(Lmzip.run(dir, null, "-m", "no-such-model", "a.txt"), 7, "lmzip: a.txt: unknown model 'no-such-model'");
        assertEquals(List.of("a.txt"), Data.names(dir));
    }

    @Test
    void cannotWriteOutputIs9() {
        File full = new File("/dev/full");
        assumeTrue(full.exists(), "/dev/full is needed");
        Lmzip.Result r = Lmzip.run(dir, null, full, "-c", "a.txt");
        assertError(r, 9, "lmzip: a.txt: cannot write");

        Lmzip.Result o = Lmzip.run(dir, null, "-o", "no/such/dir/a.lmz", "a.txt");
        assertError(o, 9, "lmzip: a.txt: cannot ");
        assertEquals(List.of("a.txt"), Data.names(dir));
    }

    @Test
    void badCommandLinesAre2() {
        Lmzip.Result unknown = Lmzip.run(dir, null, "--bogus", "a.txt");
        assertEquals(2, unknown.exit(), unknown::toString);
        assertTrue(unknown.errLines().get(0).startsWith("lmzip: ") && unknown.stderr().contains("--bogus"),
                unknown::toString);

        assertError(Lmzip.run(dir, null, "--frame-size", "3000", "a.txt"), 2, "lmzip: --frame-size");
        assertError(Lmzip.run(dir, null, "-d", "-t", "a.txt"), 2, "lmzip: choose one of");
        Data.write(dir.resolve("b.txt"), content);
        assertError(Lmzip.run(dir, null, "-o", "out.lmz", "a.txt", "b.txt"), 2, "lmzip: -o needs exactly one input");
        assertEquals(List.of("a.txt", "b.txt"), Data.names(dir), "a bad command line writes nothing");
    }

    @Test
    void directoryInputIsSkippedAndTheOthersAreProcessed() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        Data.write(dir.resolve("b.txt"), content);
        Lmzip.Result r = Lmzip.run(dir, null, "a.txt", "sub", "b.txt");
        assertNotEquals(0, r.exit(), r::toString);
        assertError(r, r.exit(), "lmzip: sub: ");
        assertTrue(r.stderr().contains("directory"), r::toString);
        assertEquals(List.of("a.txt", "a.txt.lmz", "b.txt", "b.txt.lmz", "sub"), Data.names(dir));
        assertEquals(List.of(), Data.names(dir.resolve("sub")));
        Lmzip.Result back = Lmzip.run(dir, null, "-dc", "b.txt.lmz");
        assertOk(back);
        assertArrayEquals(content, back.stdout());
    }

    @Test
    void unknownSuffixAndDoubleSuffixAreRefused() {
        assertError(Lmzip.run(dir, null, "-d", "a.txt"), 1, "lmzip: a.txt: unknown suffix");
        assertEquals(List.of("a.txt"), Data.names(dir));

        Data.write(dir.resolve("z.lmz"), content);
        assertError(Lmzip.run(dir, null, "z.lmz"), 1, "lmzip: z.lmz: already has the .lmz suffix");
        assertEquals(List.of("a.txt", "z.lmz"), Data.names(dir));
    }

    @Test
    void differentFailuresInOneCallGive1() {
        Data.write(dir.resolve("plain.lmz"), content);
        Lmzip.Result r = Lmzip.run(dir, null, "-t", "missing.lmz", "plain.lmz");
        assertEquals(1, r.exit(), r::toString);
        assertEquals(List.of("lmzip: missing.lmz: no such file", "lmzip: plain.lmz: not an lmz file (bad magic bytes)"),
                r.errLines());
    }
}
