package dev.lmzip.bench.jmh;

import dev.lmzip.bench.SyntheticDistributions;
import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.rangecoder.FrequencyTable;
import dev.lmzip.codec.rangecoder.RangeDecoder;
import dev.lmzip.codec.rangecoder.RangeEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Range coder throughput over a 50,257-symbol alphabet, in symbols per second: one peaked
 * table (a seeded LM-like distribution quantized at {@code precision} bits) and
 * {@value #SYMBOLS} symbols drawn from it. Table construction is not timed; decoding includes
 * the binary search for the symbol.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class RangeCoderBenchmark {
    static final int SYMBOLS = 262_144;

    @Param({"24"})
    public int precision;

    @Param({"1.0"})
    public double temperature;

    private FrequencyTable table;
    private int[] symbols;
    private byte[] payload;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(2024);
        int[] f = SyntheticDistributions.quantize(
                SyntheticDistributions.peaked(rnd, SyntheticDistributions.VOCAB, temperature), precision);
        table = new FrequencyTable(f.length).set(f, f.length);
        symbols = SyntheticDistributions.sample(table, SYMBOLS, rnd);
        payload = encode();
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] encode() {
        RangeEncoder enc = new RangeEncoder(SYMBOLS);
        FrequencyTable t = table;
        for (int s : symbols) {
            enc.encode(t, s);
        }
        return enc.finish();
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public int decode() throws CorruptedInputException {
        RangeDecoder dec = new RangeDecoder(payload, 0, payload.length);
        FrequencyTable t = table;
        int acc = 0;
        for (int i = 0; i < SYMBOLS; i++) {
            acc += dec.decode(t);
        }
        return acc;
    }
}
