package dev.lmzip.e2e;

import dev.lmzip.model.gpu.CudaDevice;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --device auto|cpu|gpu} on a machine without a usable CUDA device (docs/gpu.md, "Selection"). */
class DeviceTest {
    @TempDir
    Path dir;

    static void assumeNoGpu() {
        Assumptions.assumeFalse(CudaDevice.probe().usable(), "a usable CUDA device is present");
    }

    @Test
    void gpuWithoutADeviceFailsClearly() throws IOException {
        assumeNoGpu();
        Data.write(dir.resolve("a.txt"), Data.text(1, 2000));
        Lmzip.Result r = Lmzip.run(dir, null, "--device", "gpu", "-m", "bytes", "a.txt");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.stderr());
        assertTrue(r.stderr().startsWith("lmzip: --device gpu: no usable CUDA device ("), r.stderr());
        assertTrue(r.stderr().endsWith(")"), r.stderr());
        assertFalse(Files.exists(dir.resolve("a.txt.lmz")), "nothing written");
        Lmzip.Result sub = Lmzip.run(dir, null, "decompress", "--device", "gpu", "a.txt.lmz");
        assertEquals(1, sub.exit(), sub.toString());
        assertTrue(sub.stderr().startsWith("lmzip: --device gpu: no usable CUDA device ("), sub.stderr());
    }

    @Test
    void unknownDeviceIsAUsageError() {
        Lmzip.Result r = Lmzip.run(dir, null, "--device", "tpu", "-c", "-");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("--device must be auto, cpu or gpu"), r.stderr());
    }

    @Test
    void autoIsSilentForTheByteModel() throws IOException {
        assumeNoGpu();
        byte[] text = Data.text(2, 5000);
        Lmzip.Result c = Lmzip.run(dir, text, "--device", "auto", "-m", "bytes", "-c");
        assertEquals(0, c.exit(), c.toString());
        assertEquals("", c.stderr());
        Lmzip.Result d = Lmzip.run(dir, c.stdout(), "-d", "--device", "cpu", "-c");
        assertEquals(0, d.exit(), d.toString());
        assertEquals("", d.stderr());
        assertArrayEquals(text, d.stdout());
    }

    @Test
    void autoFallsBackToTheCpuWithANoticeForALanguageModel() throws IOException {
        assumeNoGpu();
        Path tok = LanguageModelTest.tokenizer();
        Lmzip.Result m = Lmzip.run(dir, null, "model", "random", "--shape", "tiny", "--tokenizer", tok.toString(),
                "-o", "tiny.lmzm");
        assertEquals(0, m.exit(), m.toString());
        byte[] text = Data.text(3, 3000);
        Lmzip.Result quiet = Lmzip.run(dir, text, "-m", "tiny.lmzm", "-T", "2", "-c");
        assertEquals(0, quiet.exit(), quiet.toString());
        assertEquals("", quiet.stderr(), "the fallback is silent without -v");
        Lmzip.Result auto = Lmzip.run(dir, text, "-m", "tiny.lmzm", "-T", "2", "-c", "-v");
        assertEquals(0, auto.exit(), auto.toString());
        assertEquals(2, auto.errLines().size(), auto.stderr());
        assertTrue(auto.stderr().startsWith("lmzip: no usable CUDA device ("), auto.stderr());
        assertTrue(auto.errLines().get(0).endsWith("; the language model runs on the CPU"), auto.stderr());
        Lmzip.Result cpu = Lmzip.run(dir, text, "-m", "tiny.lmzm", "-T", "1", "--device", "cpu", "-c");
        assertEquals(0, cpu.exit(), cpu.toString());
        assertEquals("", cpu.stderr(), "--device cpu: no detection, no notice");
        assertArrayEquals(auto.stdout(), cpu.stdout(), "the same file either way");
        Lmzip.Result d = Lmzip.run(dir, cpu.stdout(), "-d", "-m", "tiny.lmzm", "--device", "cpu", "-c");
        assertEquals(0, d.exit(), d.toString());
        assertArrayEquals(text, d.stdout());
        Lmzip.Result gpu = Lmzip.run(dir, cpu.stdout(), "-d", "-m", "tiny.lmzm", "--device", "gpu", "-c");
        assertEquals(1, gpu.exit(), gpu.toString());
        Lmzip.Result info = Lmzip.run(dir, null, "model", "info", "tiny.lmzm");
        assertEquals(0, info.exit(), info.toString());
        assertTrue(info.out().contains("GPU memory     : weights "), info.out());
    }
}
