package dev.lmzip.model.gpu;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed PTX: present on the class path, the declared ISA and target, every kernel, no floats, up to date. */
class PtxResourcesTest {
    static final List<String> KERNELS = List.of("address_of", "embed", "layer_norm", "quantize_rows", "linear_i8",
            "rotary", "kv_store", "attention", "add_saturate", "swiglu", "gelu", "gather_rows", "softmax_weights");

    @Test
    void loadsWithVersionTargetAndKernels() {
        String ptx = Ptx.load(Ptx.ENGINE);
        assertEquals(Ptx.ISA_VERSION, Ptx.version(ptx));
        assertEquals(Ptx.TARGET, Ptx.target(ptx));
        assertTrue(ptx.contains(".address_size 64"));
        for (String k : KERNELS) {
            assertTrue(ptx.contains(".visible .entry " + k + "("), "kernel " + k);
        }
        assertTrue(ptx.contains("dp4a.s32.s32"), "int8 GEMM by dp4a");
        byte[] image = Ptx.image(ptx);
        assertEquals(0, image[image.length - 1], "NUL-terminated for cuModuleLoadData");
    }

    @Test
    void noFloatingPointInstructions() {
        String ptx = Ptx.load(Ptx.ENGINE);
        for (String op : List.of(".f16", ".f32", ".f64", "fma.")) {
            assertFalse(ptx.contains(op), "PTX uses " + op + ": only integer arithmetic decides a probability");
        }
    }

    /** src/main/cuda/build-ptx.sh run into a temporary folder gives the committed bytes (skipped without nvcc). */
    @Test
    void committedPtxMatchesAFreshBuild() throws IOException, InterruptedException {
        Path nvcc = Path.of(System.getenv().getOrDefault("NVCC", "/usr/local/bin/nvcc"));
        Assumptions.assumeTrue(Files.isExecutable(nvcc), "nvcc not installed");
        Path module = Path.of(System.getProperty("lmzip.root", "..")).resolve("model");
        if (!Files.isDirectory(module.resolve("src/main/cuda"))) {
            module = Path.of("").toAbsolutePath();
        }
        Path script = module.resolve("src/main/cuda/build-ptx.sh");
        Assumptions.assumeTrue(Files.exists(script), "CUDA sources not found from " + module);
        Path out = Files.createTempDirectory("ptx");
        ProcessBuilder pb = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        pb.environment().put("OUT", out.toString());
        pb.environment().put("NVCC", nvcc.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc took over 2 minutes");
        assertEquals(0, p.exitValue(), log);
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
                Path committed = module.resolve("src/main/resources/dev/lmzip/model/gpu").resolve(f.getFileName());
                assertTrue(Files.exists(committed), f.getFileName() + " is built but not committed");
                assertEquals(Files.readString(committed), Files.readString(f),
                        committed + " is stale: run model/src/main/cuda/build-ptx.sh and commit the result");
                Files.delete(f);
            }
        }
        Files.delete(out);
    }
}
