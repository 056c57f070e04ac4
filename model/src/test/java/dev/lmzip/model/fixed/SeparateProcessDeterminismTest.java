package dev.lmzip.model.fixed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same tables in separate JVMs with every kernel and vector width this CPU offers, forced both
 * by lmzip's property and by HotSpot's own limits ({@code -XX:MaxVectorSize=16} and {@code =8},
 * {@code -XX:UseAVX=2}).
 */
class SeparateProcessDeterminismTest {
    static String run(String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + "/bin/java");
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DigestMain.class.getName());
        cmd.add(jvmArgs.length % 2 == 0 ? "1" : "2");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void everyWidthAndProcessAgrees() throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        results.put("scalar", run("-Dlmzip.kernels=scalar"));
        results.put("auto", run());
        results.put("512", run("-Dlmzip.kernels=512", "-XX:+UnlockDiagnosticVMOptions"));
        results.put("256", run("-Dlmzip.kernels=256"));
        results.put("128", run("-Dlmzip.kernels=128"));
        results.put("MaxVectorSize=16", run("-XX:MaxVectorSize=16"));
        results.put("UseAVX=2", run("-XX:UseAVX=2"));
        // vectors narrower than 128 bits: scalar kernels, and the Vector API's 128-bit fallback elsewhere
        results.put("MaxVectorSize=8", run("-XX:MaxVectorSize=8"));
        String digest = results.get("scalar").split(" ")[1];
        for (Map.Entry<String, String> e : results.entrySet()) {
            System.out.println(e.getKey() + " -> " + e.getValue());
            assertEquals(digest, e.getValue().split(" ")[1], e.getKey() + " differs: " + results);
        }
    }
}
