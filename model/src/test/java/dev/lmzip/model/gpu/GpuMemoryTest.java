package dev.lmzip.model.gpu;

import dev.lmzip.model.fixed.KvCache;
import dev.lmzip.model.fixed.ModelShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory formula of docs/gpu.md for the StableLM-3B-4E1T shape. */
class GpuMemoryTest {
    static final ModelShape STABLELM_3B = new ModelShape(ModelShape.Architecture.STABLELM, 50304, 2560, 32, 32, 32,
            6912, 20, 10000, ModelShape.epsQ40(1e-5), false, false, false, 4096);

    @Test
    void stableLm3b() {
        GpuMemory m = GpuMemory.of(STABLELM_3B, 1024, 8, GpuEngine.DEFAULT_ROWS);
        // int8 matrices ~2.8 GB: 2,795,443,200 parameters plus scales, norms and tables
        assertTrue(m.weights() > 2_795_000_000L && m.weights() < 2_830_000_000L, m.describe());
        // 32 layers x 1024 positions x (2 x 2560 + 8 x 32) bytes
        assertEquals(32L * 1024 * (2 * 2560 + 8 * 32), m.kvPerSegment());
        assertEquals(KvCache.bytesPerPosition(STABLELM_3B) * 1024, m.kvPerSegment(), "same bytes as the CPU cache");
        assertEquals(8 * m.kvPerSegment(), m.kvCache());
        assertTrue(m.fits(80L << 30), m.describe());
        assertFalse(m.fits(3L << 30), "does not fit a 3 GiB card: " + m.describe());
        assertTrue(m.maxSegments(80L << 30) > 400, "an 80 GB card holds hundreds of 1024-token segments");
        assertEquals(0, m.maxSegments(1L << 30));
        assertTrue(m.describe().contains("KV cache 8 x 168.0 MiB"), m.describe());
    }

    @Test
    void paddingToSixtyFour() {
        assertEquals(64, GpuMemory.padded(1));
        assertEquals(2560, GpuMemory.padded(2560));
        assertEquals(192, GpuMemory.padded(136));
    }
}
