package dev.lmzip.bench.jmh;

import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.PanelLinear;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Peak of the int8 matrix kernel: one 768x3072 weight matrix (Pythia-160M's MLP) against a batch
 * of activation rows, per thread (random weights, read as panels of {@link PanelLinear}). Score unit: multiply-accumulates per second (ops = B*N*K).
 * Run per width in separate forks, e.g. {@code -jvmArgsAppend -Dlmzip.kernels=256}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class Int8KernelBenchmark {
    static final int N = 3072;
    static final int K = 768;
    static final int B = 16;

    @Param({"auto", "scalar"})
    String kernels;

    private Int8Kernels impl;
    private byte[] a;
    private MemorySegment w;
    private int[] out;

    @Setup
    public void setup() {
        System.setProperty(Int8Kernels.PROPERTY, kernels);
        impl = Int8Kernels.select();
        SplittableRandom r = new SplittableRandom(1);
        a = new byte[B * K];
        byte[] wb = new byte[N * K];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (r.nextInt(255) - 127);
        }
        for (int i = 0; i < wb.length; i++) {
            wb[i] = (byte) (r.nextInt(255) - 127);
        }
        w = MemorySegment.ofArray(wb);
        out = new int[B * N];
    }

    @Benchmark
    @OperationsPerInvocation(B * N * K)
    public int[] batch16() {
        impl.matmul(a, B, K, w, 0, N / PanelLinear.ROWS, N, out, N);
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(N * K)
    public int[] batch1() {
        impl.matmul(a, 1, K, w, 0, N / PanelLinear.ROWS, N, out, N);
        return out;
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(B * N * K)
    public int[] batch16TwoThreads() {
        impl.matmul(a, B, K, w, 0, N / PanelLinear.ROWS, N, out, N);
        return out;
    }
}
