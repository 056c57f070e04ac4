package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static dev.lmzip.e2e.RoundTripTest.assertLmz;
import static dev.lmzip.e2e.RoundTripTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** lmzip never overwrites without -f and never leaves a partial file under the final name. */
class OutputSafetyTest {
    static final byte[] PRECIOUS = "precious, do not touch\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void compressNeverOverwritesWithoutForce() {
        byte[] content = Data.text(30, 40_000);
        Data.write(dir.resolve("a.txt"), content);
        Data.write(dir.resolve("a.txt.lmz"), PRECIOUS);

        Lmzip.Result r = Lmzip.run(dir, null, "--rm", "a.txt");
        assertEquals(8, r.exit(), r::toString);
        assertEquals(List.of("lmzip: a.txt: a.txt.lmz already exists (use -f to overwrite)"), r.errLines());
        assertArrayEquals(PRECIOUS, Data.read(dir.resolve("a.txt.lmz")), "existing file untouched");
        assertArrayEquals(content, Data.read(dir.resolve("a.txt")), "--rm keeps the input after a failure");
        assertEquals(List.of("a.txt", "a.txt.lmz"), Data.names(dir), "no temporary file left behind");

        Data.write(dir.resolve("other"), PRECIOUS);
        Lmzip.Result o = Lmzip.run(dir, null, "-o", "other", "a.txt");
        assertEquals(8, o.exit(), o::toString);
        assertArrayEquals(PRECIOUS, Data.read(dir.resolve("other")), "-o does not overwrite either");

        assertOk(Lmzip.run(dir, null, "-f", "a.txt"));
        byte[] lmz = Data.read(dir.resolve("a.txt.lmz"));
        assertLmz(lmz);
        assertEquals(List.of("a.txt", "a.txt.lmz", "other"), Data.names(dir));
        Lmzip.Result back = Lmzip.run(dir, null, "-dc", "a.txt.lmz");
        assertOk(back);
        assertArrayEquals(content, back.stdout());
    }

    @Test
    void decompressNeverOverwritesWithoutForce() {
        byte[] content = Data.text(31, 40_000);
        Data.write(dir.resolve("b"), content);
        assertOk(Lmzip.run(dir, null, "b"));
        Data.write(dir.resolve("b"), PRECIOUS);

        Lmzip.Result r = Lmzip.run(dir, null, "-d", "b.lmz");
        assertEquals(8, r.exit(), r::toString);
        assertEquals(List.of("lmzip: b.lmz: b already exists (use -f to overwrite)"), r.errLines());
        assertArrayEquals(PRECIOUS, Data.read(dir.resolve("b")));
        assertEquals(List.of("b", "b.lmz"), Data.names(dir));

        assertOk(Lmzip.run(dir, null, "-d", "--force", "b.lmz"));
        assertArrayEquals(content, Data.read(dir.resolve("b")), "-f replaces the file");
        assertEquals(List.of("b", "b.lmz"), Data.names(dir));
    }

    /** Payload, checksum and end-frame corruption: exit 5, and no output or .part file remains. */
    @Test
    void corruptedFilesLeaveNoOutput() {
        byte[] content = Data.text(32, 200_000); // 4 frames of 64 KiB
        Data.write(dir.resolve("src"), content);
        assertOk(Lmzip.run(dir, null, "--frame-size", "64K", "--rm", "src"));
        byte[] lmz = Data.read(dir.resolve("src.lmz"));
        int h = Data.headerSize(lmz);
        int end = Data.endFrameOffset(lmz);

        byte[] payload = lmz.clone(); // a payload byte of the last frame: earlier frames decode fine
        payload[end - 30] ^= 0x10;
        byte[] rawCrc = lmz.clone(); // the first frame's content checksum, with a valid frame-header checksum
        rawCrc[h + 9] ^= 0x01;
        fixCrc(rawCrc, h, 13);
        byte[] frameHeader = lmz.clone(); // the first frame's header checksum itself
        frameHeader[h + 13] ^= (byte) 0x80;
        byte[] content32 = lmz.clone(); // the end frame's whole-content checksum, end-frame checksum fixed
        content32[end + 13] ^= 0x04;
        fixCrc(content32, end, 17);
        byte[] trailing = Arrays.copyOf(lmz, lmz.length + 1); // bytes after the end frame

        String[] names = {"payload.lmz", "rawcrc.lmz", "framehdr.lmz", "content.lmz", "trailing.lmz"};
        byte[][] files = {payload, rawCrc, frameHeader, content32, trailing};
        for (int i = 0; i < names.length; i++) {
            Data.write(dir.resolve(names[i]), files[i]);
        }
        List<String> before = Data.names(dir);

        Lmzip.Result d = Lmzip.run(dir, null, "-d", "--rm", names[0], names[1], names[2], names[3], names[4]);
        assertEquals(5, d.exit(), d::toString);
        assertEquals(names.length, d.errLines().size(), d::toString);
        for (int i = 0; i < names.length; i++) {
            assertTrue(d.errLines().get(i).startsWith("lmzip: " + names[i] + ": "), d::toString);
        }
        assertEquals(before, Data.names(dir), "no output, no .part file, inputs kept");

        Lmzip.Result t = Lmzip.run(dir, null, "test", names[0], names[1], names[2], names[3], names[4], "src.lmz");
        assertEquals(5, t.exit(), t::toString);
        assertEquals(names.length, t.errLines().size(), "src.lmz itself is fine: " + t);
    }

    @Test
    void truncatedFilesAreReported() {
        byte[] content = Data.text(33, 150_000);
        Data.write(dir.resolve("src"), content);
        assertOk(Lmzip.run(dir, null, "--frame-size", "64K", "src"));
        byte[] lmz = Data.read(dir.resolve("src.lmz"));
        int h = Data.headerSize(lmz);
        int e = Data.endFrameOffset(lmz); // then the frame index (docs/format.md)
        int[] cuts = {10, h, h + 5, h + 17 + 100, lmz.length / 2, e + 10, e + 21 + 9, lmz.length - 1};
        String[] args = new String[cuts.length + 1];
        args[0] = "-d";
        for (int i = 0; i < cuts.length; i++) {
            args[i + 1] = "cut" + i + ".lmz";
            Data.write(dir.resolve(args[i + 1]), Arrays.copyOf(lmz, cuts[i]));
        }
        List<String> before = Data.names(dir);

        Lmzip.Result d = Lmzip.run(dir, null, args);
        assertEquals(5, d.exit(), d::toString);
        assertEquals(cuts.length, d.errLines().size(), d::toString);
        for (String line : d.errLines()) {
            assertTrue(line.matches("lmzip: cut\\d\\.lmz: .*trunc.*"), line);
        }
        assertEquals(before, Data.names(dir), "nothing written");
    }

    /** kill -9 in the middle of a long compression: nothing carries the final name. */
    @Test
    void killedCompressionLeavesNoFileUnderTheFinalName() throws Exception {
        Process p = startLongCompression();
        try {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertFalse(Files.exists(dir.resolve("big.txt.lmz")), "no partial file under the final name");
        assertTrue(Files.exists(dir.resolve("big.txt")), "input kept");
    }

    /** SIGTERM (as Ctrl-C) in the middle of a compression: the temporary file is removed too. */
    @Test
    void terminatedCompressionCleansUp() throws Exception {
        Process p = startLongCompression();
        try {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of("big.txt"), Data.names(dir), "neither output nor .part file remains");
    }

    /** Starts {@code lmzip -T 1 big.txt} on 8 MiB and returns once it writes its temporary file. */
    private Process startLongCompression() throws Exception {
        Data.write(dir.resolve("big.txt"), Data.text(34, 8 << 20));
        Process p = Lmzip.start(dir, "-T", "1", "big.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean started = false;
        while (!started && p.isAlive() && System.nanoTime() < deadline) {
            started = Data.names(dir).stream().anyMatch(n -> n.endsWith(".part"));
            Thread.sleep(20);
        }
        Thread.sleep(300);
        if (!started || !p.isAlive()) {
            p.destroyForcibly();
            assumeTrue(false, "compression ended before it could be interrupted");
        }
        return p;
    }

    /** A reader that goes away ({@code lmzip -dc x.lmz | head -c 10}) is a write failure: exit 9. */
    @Test
    void closedPipeIs9() throws Exception {
        Data.write(dir.resolve("p.txt"), Data.text(35, 2 << 20));
        assertOk(Lmzip.run(dir, null, "p.txt"));
        ProcessBuilder pb = new ProcessBuilder(Lmzip.command("-dc", "p.txt.lmz"));
        pb.environment().put("LMZIP_MODEL", "bytes");
        Process p = pb.directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        try {
            byte[] head = p.getInputStream().readNBytes(10);
            assertArrayEquals(Arrays.copyOf(Data.read(dir.resolve("p.txt")), 10), head);
            p.getInputStream().close();
            assertTrue(p.waitFor(Lmzip.TIMEOUT_SECONDS, TimeUnit.SECONDS), "lmzip ends after its reader went away");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(9, p.exitValue());
        List<String> err = Files.readAllLines(dir.resolve("err.txt")).stream()
                .filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        assertEquals(1, err.size(), err::toString);
        assertTrue(err.get(0).startsWith("lmzip: p.txt.lmz: cannot write standard output"), err::toString);
        assertEquals(List.of("err.txt", "p.txt", "p.txt.lmz"), Data.names(dir));
    }

    /** Like gzip, outputs get the permissions of their input (a private file stays private, a script executable). */
    @Test
    void outputsKeepTheInputPermissions() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        var priv = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
        var exec = java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");
        Files.setPosixFilePermissions(Data.write(dir.resolve("private.txt"), Data.text(36, 10_000)), priv);
        Files.setPosixFilePermissions(Data.write(dir.resolve("run.sh"), Data.text(37, 10_000)), exec);

        assertOk(Lmzip.run(dir, null, "--rm", "private.txt", "run.sh"));
        assertEquals(priv, Files.getPosixFilePermissions(dir.resolve("private.txt.lmz")));
        assertEquals(exec, Files.getPosixFilePermissions(dir.resolve("run.sh.lmz")));

        assertOk(Lmzip.run(dir, null, "-d", "--rm", "private.txt.lmz", "run.sh.lmz"));
        assertEquals(priv, Files.getPosixFilePermissions(dir.resolve("private.txt")));
        assertEquals(exec, Files.getPosixFilePermissions(dir.resolve("run.sh")));
    }

    static void fixCrc(byte[] b, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, from, length);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) {
            b[from + length + i] = (byte) (v >>> (8 * i));
        }
    }
}
