package dev.lmzip.model.gpu;

import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.ForwardEngine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.PanelLinear;
import dev.lmzip.model.fixed.QLinear;
import dev.lmzip.model.fixed.QNorm;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.fixed.SequenceCache;
import dev.lmzip.model.fixed.Tables;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuFuncSetAttribute;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

/**
 * The fixed-point forward pass on a CUDA device: the kernels of {@code src/main/cuda/engine.cu}
 * follow {@link Engine} step by step (docs/model-format.md, "Arithmetic"), so the weights it
 * returns are bit-identical to the CPU's. Weights, tables and every segment's KV cache live on the
 * device; per step only token ids, positions and cache addresses go up and only the next-token
 * weights come back. Rows are processed in chunks of at most {@link #rowsPerStep()} (each row is
 * independent but for the cache, and chunks keep the rows' order, so chunking changes nothing).
 * Not thread-safe: one caller at a time (LmPredictor does not run batches concurrently).
 */
public final class GpuEngine implements ForwardEngine {
    /** Default rows per device step. */
    public static final int DEFAULT_ROWS = 256;
    private static final int INT = 4;

    private final ModelShape s;
    private final QuantizedModel model;
    /** The CPU engine that runs {@link #headWeights} (made on first use): the same arithmetic as on any machine. */
    private Engine cpuHead;
    private final CudaDevice.Probe device;
    private final CUdevice dev = new CUdevice();
    private final CUcontext ctx = new CUcontext();
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final List<CUdeviceptr> allocations = new ArrayList<>();
    private final Set<GpuCache> caches = Collections.newSetFromMap(new IdentityHashMap<>());
    private final int rows;
    private final int sharedOptIn;
    private int attentionShared = 48 << 10;
    private final long invSqrtQ30;
    private final long log2e = Tables.log2eQ24();
    private boolean closed;

    // weights and tables
    private final DLinear embed;
    private final DLayer[] layers;
    private final DNorm finalNorm;
    private final DLinear lmHead;
    private final CUdeviceptr exp2;
    private final CUdeviceptr silu;
    private final CUdeviceptr gelu;
    private final CUdeviceptr cos;
    private final CUdeviceptr sin;
    private final int half;
    private final int kpMax;

    // activations, rows × …
    private final CUdeviceptr h, x1, x2, q, k, v, att, proj, mlpOut, gathered, gate, up, act, x8, xMax, logits, weights;
    private final CUdeviceptr tokensD, posD, capsD, whichD, cacheAddrD;
    private final int[] hostWeights;

    record DLinear(int rows, int cols, int kp, CUdeviceptr w, CUdeviceptr mult, CUdeviceptr shift, CUdeviceptr bias) {
    }

    record DNorm(CUdeviceptr gamma, CUdeviceptr beta) {
    }

    record DLayer(DNorm norm1, DNorm norm2, DLinear q, DLinear k, DLinear v, DLinear o, DNorm qNorm, DNorm kNorm,
                  DLinear gate, DLinear up, DLinear down) {
    }

    /**
     * Uploads {@code model} to the device {@link CudaDevice#probe()} found.
     *
     * @param rowsPerStep rows per device step (activation memory grows with it)
     * @throws IllegalStateException when no device is usable or the model does not fit its memory
     */
    public static GpuEngine create(QuantizedModel model, int rowsPerStep) {
        CudaDevice.Probe p = CudaDevice.probe();
        if (!p.usable()) {
            throw new IllegalStateException("no usable CUDA device (" + p.reason() + ")");
        }
        return new GpuEngine(model, p, rowsPerStep);
    }

    private GpuEngine(QuantizedModel model, CudaDevice.Probe device, int rowsPerStep) {
        this.s = model.shape();
        this.model = model;
        this.device = device;
        this.rows = rowsPerStep;
        if (rowsPerStep < 1) {
            throw new IllegalArgumentException("rows per step " + rowsPerStep);
        }
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
        cuDeviceGet(dev, device.ordinal());
        cuDevicePrimaryCtxRetain(ctx, dev);
        cuCtxSetCurrent(ctx);
        int[] optin = {0};
        cuDeviceGetAttribute(optin, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, dev);
        sharedOptIn = Math.max(48 << 10, optin[0]);
        long[] free = {0};
        long[] total = {0};
        cuMemGetInfo(free, total);
        GpuMemory need = GpuMemory.of(s, 1, 0, rows);
        if (!need.fits(free[0])) {
            throw new IllegalStateException("GPU memory: the model needs " + need.describe() + ", only "
                    + GpuMemory.mib(free[0]) + " MiB free on " + device.name());
        }
        cuModuleLoadData(module, Ptx.image(Ptx.load(Ptx.ENGINE)));
        invSqrtQ30 = Engine.invSqrtHeadDimQ30(s.headDim());
        try {
            exp2 = upload(Tables.exp2Table());
            silu = upload(Tables.siluTable());
            gelu = upload(Tables.geluTable());
            Tables.Rotary rot = Tables.Rotary.of(s.maxPositions(), s.rotaryDims(), s.ropeTheta());
            half = rot.half();
            cos = upload(rot.cos().length == 0 ? new int[1] : rot.cos());
            sin = upload(rot.sin().length == 0 ? new int[1] : rot.sin());
            embed = linear(model.embedding(), false);
            layers = new DLayer[s.layers()];
            int kp = GpuMemory.padded(s.hidden());
            for (int l = 0; l < layers.length; l++) {
                QuantizedModel.Layer w = model.layers()[l];
                layers[l] = new DLayer(norm(w.norm1()), w.norm2() == null ? null : norm(w.norm2()),
                        linear(w.q(), true), linear(w.k(), true), linear(w.v(), true), linear(w.o(), true),
                        s.qkLayerNorm() ? norms(w.qNorms()) : null, s.qkLayerNorm() ? norms(w.kNorms()) : null,
                        w.mlpGate() == null ? null : linear(w.mlpGate(), true), linear(w.mlpUp(), true),
                        linear(w.mlpDown(), true));
                kp = Math.max(kp, layers[l].down().kp());
            }
            finalNorm = norm(model.finalNorm());
            lmHead = linear(model.lmHead(), true);
            kpMax = Math.max(kp, GpuMemory.padded(s.intermediate()));
            long d = s.hidden();
            long kv = s.kvDim();
            long m = s.intermediate();
            h = alloc(rows * d * INT);
            x1 = alloc(rows * d * INT);
            x2 = alloc(rows * d * INT);
            q = alloc(rows * d * INT);
            att = alloc(rows * d * INT);
            proj = alloc(rows * d * INT);
            mlpOut = alloc(rows * d * INT);
            gathered = alloc(rows * d * INT);
            k = alloc(rows * kv * INT);
            v = alloc(rows * kv * INT);
            gate = alloc(rows * m * INT);
            up = alloc(rows * m * INT);
            act = alloc(rows * m * INT);
            x8 = alloc((long) rows * kpMax);
            xMax = alloc((long) rows * INT);
            logits = alloc((long) rows * s.vocab() * INT);
            weights = alloc((long) rows * s.vocab() * INT);
            tokensD = alloc((long) rows * INT);
            posD = alloc((long) rows * INT);
            capsD = alloc((long) rows * INT);
            whichD = alloc((long) rows * INT);
            cacheAddrD = alloc((long) rows * 8);
            hostWeights = new int[rows * s.vocab()];
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    public CudaDevice.Probe device() {
        return device;
    }

    public int rowsPerStep() {
        return rows;
    }

    @Override
    public ModelShape shape() {
        return s;
    }

    @Override
    public String kernelName() {
        return "cuda " + device.name();
    }

    /** Device memory this engine holds now (weights, activations and the open caches). */
    public GpuMemory memory() {
        return new GpuMemory(GpuMemory.weightBytes(s), caches.isEmpty() ? 0 : caches.iterator().next().bytes,
                caches.size(), GpuMemory.activationBytes(s, rows), rows);
    }

    @Override
    public GpuCache newCache(int capacity) {
        checkOpen();
        if (capacity < 1 || capacity > s.maxPositions()) {
            throw new IllegalArgumentException("cache capacity " + capacity + " outside [1, " + s.maxPositions() + "]");
        }
        long shared = attentionSharedBytes(capacity);
        if (shared > sharedOptIn - 1024) {
            throw new IllegalArgumentException("a context of " + capacity + " positions needs " + shared
                    + " bytes of shared memory per attention block; " + device.name() + " has " + sharedOptIn);
        }
        cuCtxSetCurrent(ctx);
        long bytes = GpuMemory.kvBytes(s, capacity);
        long[] free = {0};
        long[] total = {0};
        cuMemGetInfo(free, total);
        if (bytes + GpuMemory.RESERVE > free[0]) {
            throw new IllegalStateException("GPU memory: a KV cache of " + capacity + " positions needs "
                    + GpuMemory.mib(bytes) + " MiB, only " + GpuMemory.mib(free[0]) + " MiB free on " + device.name()
                    + " (" + caches.size() + " segments open); use fewer segments per batch or a shorter context");
        }
        CUdeviceptr p = new CUdeviceptr();
        cuMemAlloc(p, bytes);
        cuMemsetD8(p, (byte) 0, bytes);
        launch("address_of", 1, 1, 1, 0, p, cacheAddrD);
        long[] addr = {0};
        cuMemcpyDtoH(Pointer.to(addr), cacheAddrD, 8);
        GpuCache c = new GpuCache(this, p, addr[0], capacity, bytes);
        caches.add(c);
        return c;
    }

    void free(GpuCache c) {
        if (caches.remove(c) && !closed) {
            cuCtxSetCurrent(ctx);
            cuMemFree(c.memory);
        }
    }

    private long attentionSharedBytes(int positions) {
        return (long) positions * 8 + ((s.headDim() + 15) & ~15);
    }

    @Override
    public void forward(SequenceCache[] cachesIn, int[] tokens, int n, int[][] weightsOut) {
        run(cachesIn, tokens, n, weightsOut, false);
    }

    @Override
    public void forwardHidden(SequenceCache[] cachesIn, int[] tokens, int n, int[][] hiddenOut) {
        run(cachesIn, tokens, n, hiddenOut, true);
    }

    @Override
    public PanelLinear lmHead() {
        return cpuHead().lmHead();
    }

    @Override
    public void headWeights(PanelLinear head, int[] hidden, int[] weightsOut) {
        checkOpen();
        cpuHead().headWeights(head, hidden, weightsOut);
    }

    private Engine cpuHead() {
        if (cpuHead == null) {
            cpuHead = new Engine(model, Int8Kernels.select(), 1);
        }
        return cpuHead;
    }

    private void run(SequenceCache[] cachesIn, int[] tokens, int n, int[][] out, boolean hidden) {
        checkOpen();
        GpuCache[] cs = new GpuCache[n];
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            GpuCache c = (GpuCache) cachesIn[i];
            if (c.engine != this) {
                throw new IllegalArgumentException("cache of another engine");
            }
            cs[i] = c;
            pos[i] = c.length;
            c.length++;
            if (c.length > c.capacity) {
                throw new IllegalStateException("KV cache full at " + c.capacity + " positions");
            }
            if (tokens[i] < 0 || tokens[i] >= s.vocab()) {
                throw new IllegalArgumentException("token " + tokens[i] + " outside the vocabulary of " + s.vocab());
            }
        }
        cuCtxSetCurrent(ctx);
        for (int from = 0; from < n; from += rows) {
            int to = Math.min(n, from + rows);
            chunk(cs, pos, tokens, out, hidden, from, to);
        }
    }

    private void chunk(GpuCache[] cs, int[] pos, int[] tokens, int[][] weightsOut, boolean hidden, int from, int to) {
        int n = to - from;
        int d = s.hidden();
        int[] tok = new int[n];
        int[] ps = new int[n];
        int[] caps = new int[n];
        long[] addr = new long[n];
        int maxPos = 0;
        for (int i = 0; i < n; i++) {
            tok[i] = tokens[from + i];
            ps[i] = pos[from + i];
            caps[i] = cs[from + i].capacity;
            addr[i] = cs[from + i].address;
            maxPos = Math.max(maxPos, ps[i]);
        }
        cuMemcpyHtoD(tokensD, Pointer.to(tok), (long) n * INT);
        cuMemcpyHtoD(posD, Pointer.to(ps), (long) n * INT);
        cuMemcpyHtoD(capsD, Pointer.to(caps), (long) n * INT);
        cuMemcpyHtoD(cacheAddrD, Pointer.to(addr), (long) n * 8);
        launch("embed", ceil(d, 256), n, 256, 0, tokensD, d, embed.w(), embed.mult(), embed.shift(), h);
        for (int l = 0; l < layers.length; l++) {
            layer(l, layers[l], n, maxPos);
        }
        int want = 0;
        int[] which = new int[n];
        for (int i = 0; i < n; i++) {
            if (weightsOut[from + i] != null) {
                which[want++] = i;
            }
        }
        if (want == 0) {
            return;
        }
        int vocab = s.vocab();
        cuMemcpyHtoD(whichD, Pointer.to(which), (long) want * INT);
        launch("gather_rows", ceil(d, 256), want, 256, 0, h, whichD, d, gathered);
        layerNorm(gathered, d, d, 1, want, finalNorm, x2);
        if (hidden) {
            // the final norm's rows, for a predictor with its own output layer
            int[] host = new int[want * d];
            cuMemcpyDtoH(Pointer.to(host), x2, (long) want * d * INT);
            for (int j = 0; j < want; j++) {
                System.arraycopy(host, j * d, weightsOut[from + which[j]], 0, d);
            }
            return;
        }
        linearFromQ12(lmHead, x2, d, want, logits, vocab);
        launch("softmax_weights", want, 1, 1024, 0, logits, vocab, exp2, log2e, weights);
        cuMemcpyDtoH(Pointer.to(hostWeights), weights, (long) want * vocab * INT);
        for (int j = 0; j < want; j++) {
            System.arraycopy(hostWeights, j * vocab, weightsOut[from + which[j]], 0, vocab);
        }
    }

    private void layer(int l, DLayer w, int n, int maxPos) {
        int d = s.hidden();
        long count = (long) n * d;
        layerNorm(h, d, d, 1, n, w.norm1(), x1);
        attention(l, w, n, maxPos);
        if (!s.parallelResidual()) {
            launch("add_saturate", ceil(count, 256), 1, 256, 0, h, proj, count);
            layerNorm(h, d, d, 1, n, w.norm2(), x2);
            mlp(w, x2, n);
            launch("add_saturate", ceil(count, 256), 1, 256, 0, h, mlpOut, count);
            return;
        }
        CUdeviceptr mlpIn = x1;
        if (s.architecture() == ModelShape.Architecture.GPT_NEOX) {
            layerNorm(h, d, d, 1, n, w.norm2(), x2);
            mlpIn = x2;
        }
        mlp(w, mlpIn, n);
        launch("add_saturate", ceil(count, 256), 1, 256, 0, h, proj, count);
        launch("add_saturate", ceil(count, 256), 1, 256, 0, h, mlpOut, count);
    }

    private void attention(int l, DLayer w, int n, int maxPos) {
        int d = s.hidden();
        int hd = s.headDim();
        int kvDim = s.kvDim();
        quantize(x1, d, d, n, Integer.MAX_VALUE, w.q().kp());
        gemm(w.q(), n, q, d);
        gemm(w.k(), n, k, kvDim);
        gemm(w.v(), n, v, kvDim);
        if (s.qkLayerNorm()) {
            layerNorm(q, d, hd, s.heads(), n, w.qNorm(), q);
            layerNorm(k, kvDim, hd, s.kvHeads(), n, w.kNorm(), k);
        }
        if (half > 0) {
            int block = Math.min(1024, ceil(half, 32) * 32);
            launch("rotary", n * s.heads(), 1, block, 0, q, d, s.heads(), hd, half, posD, cos, sin);
            launch("rotary", n * s.kvHeads(), 1, block, 0, k, kvDim, s.kvHeads(), hd, half, posD, cos, sin);
        }
        launch("kv_store", n * s.kvHeads(), 1, 128, 0, k, v, n, s.kvHeads(), hd, cacheAddrD, capsD, posD,
                s.layers(), l, Engine.QKV_MAX);
        int shared = (int) attentionSharedBytes(maxPos + 1);
        if (shared > attentionShared) {
            cuFuncSetAttribute(function("attention"), CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                    sharedOptIn - 1024);
            attentionShared = sharedOptIn - 1024;
        }
        launch("attention", n * s.heads(), 1, 128, shared, q, s.heads(), s.kvHeads(), hd, cacheAddrD, capsD, posD,
                s.layers(), l, Engine.QKV_MAX, invSqrtQ30, exp2, log2e, att);
        linearFromQ12(w.o(), att, d, n, proj, d);
    }

    private void mlp(DLayer w, CUdeviceptr in, int n) {
        int d = s.hidden();
        int m = s.intermediate();
        long count = (long) n * m;
        quantize(in, d, d, n, Integer.MAX_VALUE, w.up().kp());
        if (w.gate() != null) {
            gemm(w.gate(), n, gate, m);
            gemm(w.up(), n, up, m);
            launch("swiglu", ceil(count, 256), 1, 256, 0, gate, up, silu, act, count);
        } else {
            gemm(w.up(), n, act, m);
            launch("gelu", ceil(count, 256), 1, 256, 0, act, gelu, count);
        }
        linearFromQ12(w.down(), act, m, n, mlpOut, d);
    }

    private void linearFromQ12(DLinear lin, CUdeviceptr in, int inStride, int n, CUdeviceptr out, int outStride) {
        quantize(in, inStride, lin.cols(), n, Integer.MAX_VALUE, lin.kp());
        gemm(lin, n, out, outStride);
    }

    private void quantize(CUdeviceptr in, int stride, int len, int n, int limit, int kp) {
        launch("quantize_rows", n, 1, 256, 0, in, stride, len, limit, x8, kp, xMax);
    }

    private void gemm(DLinear lin, int n, CUdeviceptr out, int outStride) {
        launch("linear_i8", ceil(lin.rows(), 64), ceil(n, 16), 256, 0, x8, xMax, n, lin.w(), lin.kp(), lin.rows(),
                lin.mult(), lin.shift(), lin.bias() == null ? new CUdeviceptr() : lin.bias(), out, outStride);
    }

    private void layerNorm(CUdeviceptr in, int rowStride, int len, int segs, int n, DNorm p, CUdeviceptr out) {
        launch("layer_norm", n * segs, 1, 256, 0, in, rowStride, len, segs, p.gamma(),
                p.beta() == null ? new CUdeviceptr() : p.beta(), s.epsQ40(), out);
    }

    // ---- plumbing -----------------------------------------------------------------------------

    private static int ceil(long a, int b) {
        return (int) ((a + b - 1) / b);
    }

    private CUfunction function(String name) {
        return functions.computeIfAbsent(name, f -> {
            CUfunction fn = new CUfunction();
            cuModuleGetFunction(fn, module, f);
            return fn;
        });
    }

    /** Launches a kernel; arguments are device pointers, Integers or Longs, in the kernel's order. */
    private void launch(String name, int gx, int gy, int block, int shared, Object... args) {
        Pointer[] ps = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            ps[i] = switch (a) {
                case CUdeviceptr p -> Pointer.to(p);
                case Integer x -> Pointer.to(new int[] {x});
                case Long x -> Pointer.to(new long[] {x});
                default -> throw new IllegalArgumentException("kernel argument " + a);
            };
        }
        cuLaunchKernel(function(name), gx, gy, 1, block, 1, 1, shared, null, Pointer.to(ps), null);
    }

    private CUdeviceptr alloc(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        cuMemAlloc(p, Math.max(bytes, 16));
        allocations.add(p);
        cuMemsetD8(p, (byte) 0, Math.max(bytes, 16));
        return p;
    }

    private CUdeviceptr upload(int[] a) {
        CUdeviceptr p = alloc((long) a.length * INT);
        cuMemcpyHtoD(p, Pointer.to(a), (long) a.length * INT);
        return p;
    }

    private DNorm norm(QNorm n) {
        return new DNorm(upload(n.gamma()), n.beta() == null ? null : upload(n.beta()));
    }

    /** Per-head norms, concatenated [head][headDim]; the betas must all be present or all absent. */
    private DNorm norms(QNorm[] ns) {
        int hd = s.headDim();
        int[] g = new int[ns.length * hd];
        boolean withBeta = ns[0].beta() != null;
        int[] b = withBeta ? new int[ns.length * hd] : null;
        for (int i = 0; i < ns.length; i++) {
            System.arraycopy(ns[i].gamma(), 0, g, i * hd, hd);
            if ((ns[i].beta() != null) != withBeta) {
                throw new IllegalArgumentException("per-head norms mix present and absent biases");
            }
            if (withBeta) {
                System.arraycopy(ns[i].beta(), 0, b, i * hd, hd);
            }
        }
        return new DNorm(upload(g), b == null ? null : upload(b));
    }

    /** Uploads a linear layer; {@code pad}: rows padded to a multiple of 64 bytes for linear_i8. */
    private DLinear linear(QLinear lin, boolean pad) {
        int kp = pad ? GpuMemory.padded(lin.cols()) : lin.cols();
        CUdeviceptr w = alloc((long) lin.rows() * kp);
        MemorySegment src = lin.weights();
        int chunkRows = Math.max(1, (64 << 20) / kp);
        for (int r0 = 0; r0 < lin.rows(); r0 += chunkRows) {
            int r1 = Math.min(lin.rows(), r0 + chunkRows);
            byte[] buf = new byte[(r1 - r0) * kp];
            for (int r = r0; r < r1; r++) {
                MemorySegment.copy(src, ValueLayout.JAVA_BYTE, (long) r * lin.cols(), buf, (r - r0) * kp, lin.cols());
            }
            cuMemcpyHtoD(w.withByteOffset((long) r0 * kp), Pointer.to(buf), buf.length);
        }
        int[] shift = new int[lin.rows()];
        for (int r = 0; r < shift.length; r++) {
            shift[r] = lin.shift()[r];
        }
        return new DLinear(lin.rows(), lin.cols(), kp, w, upload(lin.mult()), upload(shift),
                lin.bias() == null ? null : upload(lin.bias()));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("GPU engine closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cpuHead != null) {
            cpuHead.close();
        }
        try {
            cuCtxSetCurrent(ctx);
            for (GpuCache c : caches) {
                cuMemFree(c.memory);
            }
            caches.clear();
            for (CUdeviceptr p : allocations) {
                cuMemFree(p);
            }
            allocations.clear();
            cuModuleUnload(module);
        } finally {
            cuDevicePrimaryCtxRelease(dev);
        }
    }
}
