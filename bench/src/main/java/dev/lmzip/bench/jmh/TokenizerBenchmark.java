package dev.lmzip.bench.jmh;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.lmzip.tokenizer.Tokenizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * lmzip's tokenizer against Hugging Face's Rust tokenizer (through DJL) on the same English text,
 * single-threaded, in one run. Score: encodes of the whole file per second; MB/s = score × size.
 * Reads {@code <lmzip.shared>/corpus/bench/canterbury/alice29.txt} and the GPT-NeoX tokenizer.json.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenizerBenchmark {
    private Tokenizer ours;
    private HuggingFaceTokenizer hf;
    private byte[] bytes;
    private String text;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Path shared = Path.of(System.getProperty("lmzip.shared", "../shared"));
        Path json = shared.resolve("tokenizers/gpt-neox-20b/tokenizer.json");
        bytes = Files.readAllBytes(shared.resolve("corpus/bench/canterbury/alice29.txt"));
        text = new String(bytes, StandardCharsets.UTF_8);
        ours = Tokenizer.load(json);
        hf = HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "false", "maxLength", "1000000",
                "addSpecialTokens", "false"));
        if (ours.encode(bytes).length != hf.encode(text).getIds().length) {
            throw new IllegalStateException("the two tokenizers disagree on the benchmark text");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        hf.close();
    }

    @Benchmark
    public int[] lmzip() {
        return ours.encode(bytes);
    }

    @Benchmark
    public long[] huggingFace() {
        return hf.encode(text).getIds();
    }
}
