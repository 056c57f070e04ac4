package dev.lmzip.model.gpu;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Detection: a reason when there is no device, never an exception; the same answer on every call. */
class CudaDeviceTest {
    static boolean driverPresent() {
        return Files.exists(Path.of("/dev/nvidia0")) || Files.exists(Path.of("/dev/nvidiactl"));
    }

    @Test
    void probeAnswersOnceWithAReason() {
        CudaDevice.Probe p = CudaDevice.probe();
        assertSame(p, CudaDevice.probe(), "detected once per process");
        if (!p.usable()) {
            assertNotNull(p.reason());
            assertFalse(p.reason().isBlank());
            assertFalse(p.reason().contains("\n"), "one line: " + p.reason());
            assertTrue(p.describe().startsWith("unavailable: "));
        } else {
            assertTrue(p.totalMemory() > 0);
            assertNotNull(p.name());
        }
        if (!driverPresent()) {
            assertFalse(p.usable(), "no /dev/nvidia*: " + p.describe());
            System.out.println("CUDA device: " + p.describe());
        }
    }

    @Test
    void propertyTurnsTheGpuOff() {
        String old = System.getProperty(CudaDevice.PROPERTY);
        System.setProperty(CudaDevice.PROPERTY, "off");
        try {
            CudaDevice.Probe p = CudaDevice.detect();
            assertFalse(p.usable());
            assertTrue(p.reason().contains("lmzip.gpu=off"), p.reason());
        } finally {
            if (old == null) {
                System.clearProperty(CudaDevice.PROPERTY);
            } else {
                System.setProperty(CudaDevice.PROPERTY, old);
            }
        }
    }

    @Test
    void engineRefusesWithoutADevice() {
        if (CudaDevice.probe().usable()) {
            return;
        }
        var model = dev.lmzip.model.fixed.QuantizedModel.random(
                dev.lmzip.model.fixed.ModelShape.stablelm(64, 32, 1, 2, 48, 16), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GpuEngine.create(model, 8));
        assertTrue(e.getMessage().startsWith("no usable CUDA device ("), e.getMessage());
    }
}
