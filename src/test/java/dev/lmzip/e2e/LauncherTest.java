package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The {@code ./lmzip} launcher script at the root of the repository. */
class LauncherTest {
    @Test
    void launcherPrintsTheVersion() throws Exception {
        String root = System.getProperty("lmzip.root");
        assumeTrue(root != null, "lmzip.root is not set");
        Path script = Path.of(root, "lmzip");
        assumeTrue(Files.isExecutable(script), "no launcher at " + script);

        Process p = new ProcessBuilder(script.toString(), "--version")
                .directory(new File(root))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .start();
        // the launcher may build the jar first when sources are newer than it
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("./lmzip --version did not end");
        }
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("lmzip \\S+ \\(\\.lmz format version 2\\)")), out);
    }
}
