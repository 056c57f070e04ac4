package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static dev.lmzip.e2e.RoundTripTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@code lmzip -r DIR} (zstd's {@code -r}): every regular file on its own, errors reported, a total at the end. */
class RecursiveTest {
    @TempDir
    Path dir;

    private Path tree() throws IOException {
        Path t = dir.resolve("tree");
        Data.write(t.resolve("a.txt"), Data.text(1, 30_000));
        Data.write(t.resolve("sub/b.txt"), Data.text(2, 5_000));
        Data.write(t.resolve("sub/deeper/c.bin"), Data.random(3, 2_000));
        Data.write(t.resolve("sub/deeper/empty"), new byte[0]);
        Data.write(t.resolve("old.lmz"), Data.read(lmzOf(Data.text(4, 1_000))));
        Files.createSymbolicLink(t.resolve("link-to-a"), Path.of("a.txt"));
        Files.createSymbolicLink(t.resolve("sub/dangling"), Path.of("no-such-target"));
        return t;
    }

    private Path lmzOf(byte[] content) {
        Path p = Data.write(dir.resolve("scratch/x"), content);
        assertOk(Lmzip.run(dir.resolve("scratch"), null, "-f", "x"));
        return p.resolveSibling("x.lmz");
    }

    private static final List<String> REGULAR = List.of("a.txt", "sub/b.txt", "sub/deeper/c.bin", "sub/deeper/empty");

    @Test
    void compressesEveryRegularFileSkippingLmzFilesAndSymlinks() throws IOException {
        Path t = tree();
        byte[] old = Data.read(t.resolve("old.lmz"));
        Lmzip.Result r = Lmzip.run(dir, null, "-r", "tree");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), "only the total: " + r);
        for (String f : REGULAR) {
            byte[] lmz = Data.read(t.resolve(f + ".lmz"));
            assertEquals(0, lmz[Data.endFrameOffset(lmz)], f + ": a complete file, ending with its end frame");
            assertTrue(Files.exists(t.resolve(f)), "inputs are kept");
        }
        assertArrayEquals(old, Data.read(t.resolve("old.lmz")), "an existing .lmz is left alone");
        assertFalse(Files.exists(t.resolve("old.lmz.lmz")));
        assertFalse(Files.exists(t.resolve("link-to-a.lmz")), "symbolic links are skipped");
        assertFalse(Files.exists(t.resolve("sub/dangling.lmz")));
        String last = r.errLines().getLast();
        assertTrue(last.matches("lmzip: 4 files compressed, 37000 -> \\d+ bytes \\([0-9.]+ bits/byte\\), "
                + "0 failed, 3 skipped"), r::toString);

        // and back: -d -r restores every file in place, touching only .lmz files
        for (String f : REGULAR) {
            Files.move(t.resolve(f), dir.resolve(f.replace('/', '_') + ".orig"));
        }
        Lmzip.Result d = Lmzip.run(dir, null, "-d", "-r", "tree");
        assertEquals(0, d.exit(), d::toString);
        for (String f : REGULAR) {
            assertArrayEquals(Data.read(dir.resolve(f.replace('/', '_') + ".orig")), Data.read(t.resolve(f)), f);
        }
        assertTrue(Files.exists(t.resolve("old")), "old.lmz was decompressed as well");
        assertTrue(d.errLines().getLast().matches("lmzip: 5 files decompressed, \\d+ -> 38000 bytes .*0 failed, \\d+ skipped"),
                d::toString);
    }

    /**
     * An unreadable input among good ones: a dangling symbolic link with {@code --follow-symlinks}
     * (this works as root, where permission bits do not stop reading). The rest is compressed,
     * the error is reported, and the exit code says so.
     */
    @Test
    void oneBadFileDoesNotStopTheOthers() throws IOException {
        Path t = tree();
        Lmzip.Result r = Lmzip.run(dir, null, "-r", "--follow-symlinks", "tree");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.errLines().contains("lmzip: tree/sub/dangling: no such file"), r::toString);
        for (String f : REGULAR) {
            assertTrue(Files.exists(t.resolve(f + ".lmz")), f);
        }
        assertArrayEquals(Data.read(t.resolve("a.txt.lmz")), Data.read(t.resolve("link-to-a.lmz")),
                "a followed link is compressed like its target");
        assertTrue(r.errLines().getLast().matches("lmzip: 5 files compressed, .*, 1 failed, 1 skipped"), r::toString);

        // -d -r with a corrupted file: the others are restored, exit 5
        byte[] bad = Data.read(t.resolve("sub/b.txt.lmz"));
        bad[bad.length / 2] ^= 0x40;
        Data.write(t.resolve("sub/b.txt.lmz"), bad);
        Files.delete(t.resolve("a.txt"));
        Files.delete(t.resolve("sub/b.txt"));
        Lmzip.Result d = Lmzip.run(dir, null, "-d", "-r", "-f", "tree");
        assertEquals(5, d.exit(), d::toString);
        assertTrue(d.errLines().stream().anyMatch(l -> l.startsWith("lmzip: tree/sub/b.txt.lmz: corrupted")), d::toString);
        assertArrayEquals(Data.text(1, 30_000), Data.read(t.resolve("a.txt")));
        assertFalse(Files.exists(t.resolve("sub/b.txt")), "no partial output for the corrupted file");
    }

    /** The same with permission bits; skipped as root (root reads a mode-000 file). */
    @Test
    void unreadableFileByPermissions() throws IOException {
        Path t = dir.resolve("perm");
        Data.write(t.resolve("ok.txt"), Data.text(5, 3_000));
        Path locked = Data.write(t.resolve("locked.txt"), Data.text(6, 3_000));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "running as root: permission bits do not make a file unreadable");
        Lmzip.Result r = Lmzip.run(dir, null, "-r", "perm");
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.errLines().contains("lmzip: perm/locked.txt: permission denied"), r::toString);
        assertTrue(Files.exists(t.resolve("ok.txt.lmz")));
    }

    @Test
    void nonRegularFilesAndOptionsWithoutRAreHandled() throws Exception {
        Path t = dir.resolve("fifo");
        Data.write(t.resolve("f.txt"), Data.text(7, 2_000));
        Process mk = new ProcessBuilder("mkfifo", t.resolve("pipe").toString()).start();
        boolean fifo = mk.waitFor() == 0;
        Lmzip.Result r = Lmzip.run(dir, null, "-r", "fifo");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.exists(t.resolve("f.txt.lmz")));
        assertTrue(r.errLines().getLast().endsWith("0 failed, " + (fifo ? 1 : 0) + " skipped"), r::toString);
        assertEquals(2, Lmzip.run(dir, null, "--follow-symlinks", "fifo/f.txt").exit());
    }
}
