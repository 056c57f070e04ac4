package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without -m and $LMZIP_MODEL, lmzip uses the committed house model with online mixing. */
class DefaultModelTest {
    private static final String HOUSE_FINGERPRINT_FILE = "models/house.lmzm";

    private static int run(Path dir, Path stdout, String model, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Lmzip.command(args)).directory(dir.toFile());
        pb.environment().remove("LMZIP_MODEL");
        pb.environment().remove("LMZIP_MODELS");
        pb.environment().put("HOME", dir.toString()); // no ~/.lmzip/models of the machine
        if (model != null) {
            pb.environment().put("LMZIP_MODEL", model);
        }
        pb.redirectInput(new File("/dev/null"));
        pb.redirectOutput(stdout.toFile());
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        return pb.start().waitFor();
    }

    @Test
    void theHouseModelWithMixingIsTheDefault(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("lmzip.root", "..")).toAbsolutePath().normalize();
        if (!Files.exists(root.resolve(HOUSE_FINGERPRINT_FILE))) {
            root = Path.of("").toAbsolutePath();
        }
        assertTrue(Files.exists(root.resolve(HOUSE_FINGERPRINT_FILE)), "models/house.lmzm is committed");
        byte[] text = Data.text(3, 3000);
        Data.write(dir.resolve("in.txt"), text);
        assertEquals(0, run(dir, dir.resolve("in.lmz"), null, "-c", "in.txt"), Files.readString(dir.resolve("stderr.txt")));
        assertEquals(0, run(dir, dir.resolve("info.txt"), null, "info", "in.lmz"), Files.readString(dir.resolve("stderr.txt")));
        String info = Files.readString(dir.resolve("info.txt"));
        assertTrue(info.contains("lm-mix") && info.contains("slide=eighth"), info);
        assertTrue(info.contains("online=6"), "new files use online version 6: " + info);
        assertTrue(info.contains("frame size     : 16777216 bytes"), "the mixing predictor's default frames are 16 MiB: " + info);
        assertEquals(0, run(dir, dir.resolve("out.txt"), null, "-d", "-c", "in.lmz"), Files.readString(dir.resolve("stderr.txt")));
        assertArrayEquals(text, Files.readAllBytes(dir.resolve("out.txt")));

        assertEquals(0, run(dir, dir.resolve("b.lmz"), "bytes", "-c", "in.txt"));
        assertEquals(0, run(dir, dir.resolve("info.txt"), null, "info", "b.lmz"));
        assertTrue(Files.readString(dir.resolve("info.txt")).contains("predictor      : bytes"),
                Files.readString(dir.resolve("info.txt")));
    }

    /**
     * A file made by an earlier default model (the CPU-trained house model, step 9,600, 2026-11-26) still
     * decodes on a fresh clone: that model stays in models/ and is found by the fingerprint the file names.
     */
    @Test
    void filesOfThePreviousDefaultModelStillDecode(@TempDir Path dir) throws Exception {
        Path lmz = dir.resolve("old.lmz");
        try (var in = DefaultModelTest.class.getResourceAsStream("/golden/house-step9600.txt.lmz");
             var want = DefaultModelTest.class.getResourceAsStream("/golden/house-step9600.txt")) {
            Files.copy(in, lmz);
            assertEquals(0, run(dir, dir.resolve("out.txt"), null, "-d", "-c", "old.lmz"), Files.readString(dir.resolve("stderr.txt")));
            assertArrayEquals(want.readAllBytes(), Files.readAllBytes(dir.resolve("out.txt")));
        }
        assertEquals(0, run(dir, dir.resolve("info.txt"), null, "info", "old.lmz"));
        assertTrue(Files.readString(dir.resolve("info.txt")).contains("lm=bead7f7c1143b823"), Files.readString(dir.resolve("info.txt")));
    }
}
