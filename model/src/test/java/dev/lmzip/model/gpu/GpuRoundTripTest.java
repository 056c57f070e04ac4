package dev.lmzip.model.gpu;

import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.predict.LmPredictor;
import dev.lmzip.tokenizer.Tokenizer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Files compressed on the CPU decompress on the GPU and back, byte for byte, across lane counts (skipped without a GPU). */
class GpuRoundTripTest {
    static final byte[] FP = new byte[32];

    static byte[] compress(byte[] raw, LmPredictor p, int lanes) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (LmzOutputStream out = new LmzOutputStream(bo, LmzOptions.defaults().predictor(p).frameSizeLog(10).lanes(lanes))) {
            out.write(raw);
        }
        return bo.toByteArray();
    }

    static byte[] decompress(byte[] lmz, LmPredictor p) throws IOException {
        try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz), (id, fp, params) -> p, 1)) {
            return in.readAllBytes();
        }
    }

    static byte[] sample() {
        StringBuilder sb = new StringBuilder();
        SplittableRandom r = new SplittableRandom(7);
        String[] words = {"The", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "\n", "é", "日本", "  "};
        while (sb.length() < 6000) {
            sb.append(words[r.nextInt(words.length)]).append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cpuAndGpuFilesAreInterchangeable() throws IOException {
        CudaDevice.Probe probe = CudaDevice.probe();
        Assumptions.assumeTrue(probe.usable(), () -> "no usable CUDA device: " + probe.reason());
        Path tok = Path.of(System.getProperty("lmzip.shared", "../../shared"), "tokenizers/gpt-neox-20b/tokenizer.json");
        Assumptions.assumeTrue(Files.exists(tok), "GPT-NeoX tokenizer not present");
        Tokenizer tokenizer = Tokenizer.load(tok);
        QuantizedModel model = QuantizedModel.random(ModelShape.stablelm(50304, 128, 2, 4, 320, 256), 11);
        byte[] raw = sample();
        for (int lanes : new int[] {1, 4, 16}) {
            // window 96: segments slide, so prefixes of 47 rows are fed at once
            LmPredictor cpu = new LmPredictor(new Engine(model, Int8Kernels.select(), 2), tokenizer, FP, 96, lanes);
            LmPredictor gpu = new LmPredictor(GpuEngine.create(model, 32), tokenizer, FP, 96, lanes);
            byte[] fromCpu = compress(raw, cpu, lanes);
            byte[] fromGpu = compress(raw, gpu, lanes);
            assertArrayEquals(fromCpu, fromGpu, lanes + " lanes: the same file on both devices");
            assertArrayEquals(raw, decompress(fromCpu, gpu), lanes + " lanes: CPU file, GPU decoder");
            assertArrayEquals(raw, decompress(fromGpu, cpu), lanes + " lanes: GPU file, CPU decoder");
            cpu.engine().close();
            gpu.engine().close();
        }
    }
}
