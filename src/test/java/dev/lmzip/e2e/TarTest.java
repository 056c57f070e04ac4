package dev.lmzip.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.lmzip.e2e.RoundTripTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code tar --use-compress-program=lmzip}: the real GNU tar runs lmzip as its filter (stdin to
 * stdout, {@code -d} to extract). An {@code lmzip} wrapper script on the PATH runs the CLI with
 * this test JVM's class path, so the command is exactly the README's.
 */
class TarTest {
    @TempDir
    Path dir;
    private Path bin;

    @BeforeEach
    void wrapper() throws IOException {
        assumeTrue(new File("/usr/bin/tar").canExecute() || new File("/bin/tar").canExecute(), "no tar here");
        bin = Files.createDirectories(dir.resolve("bin"));
        StringBuilder sh = new StringBuilder("#!/bin/sh\nexec");
        for (String arg : Lmzip.command()) {
            sh.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        sh.append(" \"$@\"\n");
        Path script = bin.resolve("lmzip");
        Files.writeString(script, sh.toString());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int tar(Path cwd, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of("tar")) {{
            addAll(List.of(args));
        }}).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        pb.environment().put("LMZIP_MODEL", "bytes");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(Lmzip.TIMEOUT_SECONDS, TimeUnit.SECONDS), "tar did not end");
        assertEquals(0, p.exitValue(), () -> "tar " + String.join(" ", args) + ":\n" + out);
        return p.exitValue();
    }

    @Test
    void tarCreatesAndExtractsThroughLmzip() throws Exception {
        Path src = dir.resolve("work/project");
        Data.write(src.resolve("README.txt"), Data.text(1, 40_000));
        Data.write(src.resolve("src/main.c"), Data.text(2, 150_000));
        Data.write(src.resolve("src/deep/noise.bin"), Data.random(3, 70_000));
        Data.write(src.resolve("empty"), new byte[0]);

        tar(dir.resolve("work"), "--use-compress-program=lmzip", "-cf", "x.tar.lmz", "project");
        byte[] lmz = Data.read(dir.resolve("work/x.tar.lmz"));
        assertEquals((byte) 0x89, lmz[0]);
        assertEquals('L', lmz[1]);
        // a finished stream ends with its end frame; one frame (< 1 MiB of tar) needs no index
        assertFalse(Data.hasIndex(lmz), "one frame, no index");
        assertEquals(0, lmz[Data.endFrameOffset(lmz)], "a finished stream ends with its end frame");

        // the archive is an ordinary .lmz file holding an ordinary tar
        Lmzip.Result plain = Lmzip.run(dir.resolve("work"), null, "-d", "-c", "x.tar.lmz");
        assertOk(plain);
        assertEquals(0, plain.stdout().length % 512, "a tar archive is made of 512-byte blocks");

        Path out = Files.createDirectories(dir.resolve("out"));
        tar(out, "--use-compress-program=lmzip", "-xf", dir.resolve("work/x.tar.lmz").toString());
        List<Path> expected = Data.files(src);
        List<Path> got = Data.files(out.resolve("project"));
        assertEquals(expected.size(), got.size());
        for (Path f : expected) {
            Path twin = out.resolve("project").resolve(src.relativize(f));
            assertArrayEquals(Data.read(f), Data.read(twin), twin.toString());
        }
    }
}
