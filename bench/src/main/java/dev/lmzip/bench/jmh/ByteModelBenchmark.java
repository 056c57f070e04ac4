package dev.lmzip.bench.jmh;

import dev.lmzip.bench.TextSample;
import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The built-in byte context model end to end through the container, one thread: each operation
 * compresses (or decompresses) exactly 1,000,000 bytes of prose, so <b>ops/s = MB/s</b>. The
 * sample comes from {@link TextSample} ({@code -Dlmzip.shared=...}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class ByteModelBenchmark {
    static final int SAMPLE_BYTES = 1_000_000;

    private byte[] text;
    private byte[] packed;
    private ByteContextModel model;

    @Setup
    public void setup() throws IOException {
        text = TextSample.prose(SAMPLE_BYTES);
        System.err.println("sample: " + TextSample.describe(SAMPLE_BYTES));
        model = new ByteContextModel();
        packed = compress();
        if (!Arrays.equals(text, decompress())) {
            throw new IllegalStateException("byte model round trip failed");
        }
        System.err.printf("sample compresses to %,d bytes (%.3f bits/byte)%n", packed.length, 8.0 * packed.length / text.length);
    }

    @Benchmark
    public byte[] compress() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(SAMPLE_BYTES / 3);
        try (LmzOutputStream out = new LmzOutputStream(bos, LmzOptions.defaults().predictor(model).threads(1))) {
            out.write(text);
        }
        return bos.toByteArray();
    }

    @Benchmark
    public byte[] decompress() throws IOException {
        try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(packed), LmzInputStream.builtIn(), 1)) {
            return in.readAllBytes();
        }
    }
}
