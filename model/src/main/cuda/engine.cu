// lmzip fixed-point engine on CUDA: every step of docs/model-format.md, "Arithmetic", written to
// give the same integers as dev.lmzip.model.fixed.Engine on the CPU, bit for bit.
//
// Rules (docs/gpu.md):
// - integers only for everything that decides a probability; no floating point at all;
// - Java's long arithmetic wraps modulo 2^64 where C++ signed overflow is undefined, so every
//   product or sum that Java could wrap is done on unsigned 64-bit values (wmul, wadd, wneg);
//   Java's shift counts are masked (& 63 for long, & 31 for int) and so are ours;
// - 128-bit products as Fixed.mulShr/mulShrRound: __mul64hi mirrors Math.multiplyHigh;
// - reductions are integer sums and maxima, exact in any order; no atomics.
// Compiled to PTX by build-ptx.sh (nvcc -ptx -arch=compute_75 -fmad=false); the PTX is committed.

typedef long long i64;
typedef unsigned long long u64;

#define ACT_FRAC 12
#define Q8 127

__device__ __forceinline__ i64 wmul(i64 a, i64 b) { return (i64)((u64)a * (u64)b); }
__device__ __forceinline__ i64 wadd(i64 a, i64 b) { return (i64)((u64)a + (u64)b); }
__device__ __forceinline__ i64 wneg(i64 a) { return (i64)(0ULL - (u64)a); }
// Java's << and >> and >>> on long: the count is taken modulo 64
__device__ __forceinline__ i64 jshl(i64 a, int s) { return (i64)((u64)a << (s & 63)); }
__device__ __forceinline__ i64 jsar(i64 a, int s) { return a >> (s & 63); }
__device__ __forceinline__ i64 jshr(i64 a, int s) { return (i64)((u64)a >> (s & 63)); }
__device__ __forceinline__ int bitlen(i64 x) { return 64 - __clzll(x); }

// Fixed.roundDiv: round(n / d), halves away from zero; d > 0
__device__ __forceinline__ i64 roundDiv(i64 n, i64 d) {
    return n >= 0 ? wadd(n, d >> 1) / d : wneg(wadd(wneg(n), d >> 1) / d);
}

// Fixed.mulShr: floor(a * b / 2^s) on 128 bits, 0 <= s <= 126
__device__ __forceinline__ i64 mulShr(i64 a, i64 b, int s) {
    i64 hi = __mul64hi(a, b);
    i64 lo = wmul(a, b);
    if (s == 0) {
        return lo;
    }
    if (s < 64) {
        return jshl(hi, 64 - s) | jshr(lo, s);
    }
    return jsar(hi, s - 64);
}

// Fixed.mulShrRound: round(a * b / 2^s), halves up, 1 <= s <= 126
__device__ __forceinline__ i64 mulShrRound(i64 a, i64 b, int s) {
    i64 hi = __mul64hi(a, b);
    i64 lo = wmul(a, b);
    i64 add = s - 1 < 64 ? jshl(1, s - 1) : 0;
    i64 addHi = s - 1 < 64 ? 0 : jshl(1, s - 1 - 64);
    i64 nlo = wadd(lo, add);
    i64 carry = (u64)nlo < (u64)lo ? 1 : 0;
    i64 nhi = wadd(wadd(hi, addHi), carry);
    if (s < 64) {
        return jshl(nhi, 64 - s) | jshr(nlo, s);
    }
    return jsar(nhi, s - 64);
}

// Fixed.isqrt: floor(sqrt(x)), x >= 0
__device__ i64 isqrt64(i64 x) {
    i64 r = 0;
    i64 bit = 1LL << 62;
    while (bit > x) {
        bit >>= 2;
    }
    while (bit != 0) {
        if (x >= r + bit) {
            x -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}

__device__ __forceinline__ int saturate(i64 v) {
    return v > 2147483647LL ? 2147483647 : v < -2147483648LL ? (int)0x80000000 : (int)v;
}

__device__ __forceinline__ int clamp127(i64 v) {
    return (int)(v > Q8 ? Q8 : v < -Q8 ? -Q8 : v);
}

// Tables.expQ30 for x <= 0 (Q12 in, Q30 out)
__device__ __forceinline__ int expQ30(i64 x, const int* __restrict__ exp2, i64 log2eQ24) {
    i64 u = jsar(wmul(wneg(x), log2eQ24), 24);
    i64 n = jsar(u, 12);
    if (n >= 31) {
        return 0;
    }
    return exp2[(int)(u & 4095)] >> ((int)n & 31);
}

// Tables.silu / Tables.gelu: table over [-16, 16) in Q12, identity above, zero below
__device__ __forceinline__ int actTable(int x, const int* __restrict__ t) {
    const int off = 16 << ACT_FRAC;
    if (x >= off) {
        return x;
    }
    if (x < -off) {
        return 0;
    }
    return t[x + off];
}

// ---- block reductions (integer: exact whatever the order) ---------------------------------------

__device__ i64 blockSum(i64 v, i64* red) {
    for (int o = 16; o > 0; o >>= 1) {
        v += __shfl_down_sync(0xffffffffu, v, o);
    }
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    __syncthreads();
    if (lane == 0) {
        red[warp] = v;
    }
    __syncthreads();
    i64 s = 0;
    int warps = (blockDim.x + 31) >> 5;
    for (int w = 0; w < warps; w++) {
        s += red[w];
    }
    return s;
}

__device__ i64 blockMax(i64 v, i64* red) {
    for (int o = 16; o > 0; o >>= 1) {
        i64 other = __shfl_down_sync(0xffffffffu, v, o);
        v = other > v ? other : v;
    }
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    __syncthreads();
    if (lane == 0) {
        red[warp] = v;
    }
    __syncthreads();
    i64 m = red[0];
    int warps = (blockDim.x + 31) >> 5;
    for (int w = 1; w < warps; w++) {
        m = red[w] > m ? red[w] : m;
    }
    return m;
}

// Engine.quantizeSpan: amax = min(max(1, max|x|), limit); q = clamp(round(127 x / amax), 127).
// The whole block works on one span; bytes [len, stride) of q are zeroed (padding for dp4a).
__device__ int quantizeSpan(const int* __restrict__ x, int len, int limit, signed char* q, int stride, i64* red) {
    i64 m = 1;
    for (int i = threadIdx.x; i < len; i += blockDim.x) {
        i64 a = x[i];
        a = a < 0 ? -a : a;
        m = a > m ? a : m;
    }
    i64 amax = blockMax(m, red);
    amax = amax < limit ? amax : limit;
    for (int i = threadIdx.x; i < len; i += blockDim.x) {
        q[i] = (signed char)clamp127(roundDiv((i64)x[i] * Q8, amax));
    }
    for (int i = len + threadIdx.x; i < stride; i += blockDim.x) {
        q[i] = 0;
    }
    return (int)amax;
}

// ---- kernels -----------------------------------------------------------------------------------

// The address of a device buffer, for tables of per-row pointers.
extern "C" __global__ void address_of(const char* p, u64* out) {
    *out = (u64)p;
}

// Step 1, embedding: h = round(q * m_r / 2^(e_r - 12)). grid (ceil(d / block), n)
extern "C" __global__ void embed(const int* __restrict__ tokens, int d, const signed char* __restrict__ w,
                                 const int* __restrict__ mult, const int* __restrict__ shift, int* __restrict__ h) {
    int i = blockIdx.y;
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= d) {
        return;
    }
    int tok = tokens[i];
    i64 q = w[(i64)tok * d + c];
    i64 m = mult[tok];
    int sh = shift[tok] - ACT_FRAC;
    i64 v = sh >= 1 ? mulShrRound(q, m, sh) : jshl(wmul(q, m), -sh);
    h[(i64)i * d + c] = saturate(v);
}

// Step 2, Engine.layerNorm on segments of length len: block b works on row b / segs, segment
// b % segs, at x + row * rowStride + seg * len, with gamma/beta + seg * len (beta may be null).
// out may alias x. grid (rows * segs), block 256.
extern "C" __global__ void layer_norm(const int* x, int rowStride, int len, int segs, const int* __restrict__ gamma,
                                      const int* __restrict__ beta, i64 epsQ40, int* out) {
    __shared__ i64 red[32];
    int row = blockIdx.x / segs;
    int seg = blockIdx.x % segs;
    const int* xr = x + (i64)row * rowStride + (i64)seg * len;
    int* yr = out + (i64)row * rowStride + (i64)seg * len;
    const int* g = gamma + (i64)seg * len;
    const int* b = beta == 0 ? 0 : beta + (i64)seg * len;

    i64 s = 0;
    for (int i = threadIdx.x; i < len; i += blockDim.x) {
        s += xr[i];
    }
    i64 sum = blockSum(s, red);
    i64 mean = roundDiv(sum, len);
    i64 m = 0;
    for (int i = threadIdx.x; i < len; i += blockDim.x) {
        i64 c = xr[i] - mean;
        c = c < 0 ? -c : c;
        m = c > m ? c : m;
    }
    i64 maxAbs = blockMax(m, red);
    int sh = 0;
    while (jsar(maxAbs, sh) > 0 && 2 * bitlen(jsar(maxAbs, sh)) + bitlen(len) > 61) {
        sh++;
    }
    i64 q = 0;
    for (int i = threadIdx.x; i < len; i += blockDim.x) {
        i64 c = jsar(xr[i] - mean, sh);
        q += c * c;
    }
    i64 ss = blockSum(q, red);
    i64 var = ss / len;
    int varFrac = 2 * ACT_FRAC - 2 * sh;
    i64 eps = jsar(epsQ40, 40 - varFrac);
    i64 v = var + (eps > 1 ? eps : 1);
    int k = (61 - bitlen(v)) / 2;
    k = k > 0 ? k : 0;
    i64 root = isqrt64(jshl(v, 2 * k));
    i64 inv = 9223372036854775807LL / root;
    int stdFrac = ACT_FRAC - sh + k;
    int zShift = 63 - stdFrac;
    for (int i = threadIdx.x; i < len; i += blockDim.x) {
        i64 c = xr[i] - mean;
        i64 z = zShift >= 1 ? mulShrRound(c, inv, zShift) : wmul(c, inv);
        i64 y = wadd(roundDiv(wmul(z, g[i]), 1 << ACT_FRAC), b == 0 ? 0 : b[i]);
        yr[i] = saturate(y);
    }
}

// Step 3 for matrix inputs: quantize rows of x (row stride xStride ints, length len) to int8
// rows of stride qStride bytes (zero padded), scale in amax[row]. grid (rows), block 256.
extern "C" __global__ void quantize_rows(const int* __restrict__ x, int xStride, int len, int limit,
                                         signed char* __restrict__ q, int qStride, int* __restrict__ amax) {
    __shared__ i64 red[32];
    int row = blockIdx.x;
    int m = quantizeSpan(x + (i64)row * xStride, len, limit, q + (i64)row * qStride, qStride, red);
    if (threadIdx.x == 0) {
        amax[row] = m;
    }
}

// Step 4, Engine.linear: acc = sum q_x q_w (dp4a, int32, exact); t = floor(acc amax m_r / 2^(e_r - 8));
// y = round(t / (127 * 256)) + bias. Weights [rows][kp] and inputs [B][kp], kp a multiple of 64,
// zero padded. Tile: 64 weight rows x 16 input rows per block of 256 threads.
// grid (ceil(rows / 64), ceil(B / 16)).
#define TM 64
#define TB 16
#define TKW 16
extern "C" __global__ void __launch_bounds__(256) linear_i8(
        const signed char* __restrict__ x8, const int* __restrict__ xMax, int B,
        const signed char* __restrict__ w, int kp, int rows,
        const int* __restrict__ mult, const int* __restrict__ shift, const int* __restrict__ bias,
        int* __restrict__ out, int outStride) {
    __shared__ int ws[TM][TKW + 1];
    __shared__ int xs[TB][TKW];
    int t = threadIdx.x;
    int r0 = blockIdx.x * TM;
    int b0 = blockIdx.y * TB;
    int myRow = t & (TM - 1);
    int myB = (t >> 6) * 4;
    int acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
    int kw = kp >> 2;
    const int* w32 = (const int*)w;
    const int* x32 = (const int*)x8;
    for (int k0 = 0; k0 < kw; k0 += TKW) {
#pragma unroll
        for (int m = 0; m < 4; m++) {
            int idx = t + 256 * m;
            int rr = idx >> 4;
            int cc = idx & 15;
            int gr = r0 + rr;
            ws[rr][cc] = gr < rows ? w32[(i64)gr * kw + k0 + cc] : 0;
        }
        {
            int rr = t >> 4;
            int cc = t & 15;
            int gb = b0 + rr;
            xs[rr][cc] = gb < B ? x32[(i64)gb * kw + k0 + cc] : 0;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < TKW; kk++) {
            int wv = ws[myRow][kk];
            acc0 = __dp4a(wv, xs[myB][kk], acc0);
            acc1 = __dp4a(wv, xs[myB + 1][kk], acc1);
            acc2 = __dp4a(wv, xs[myB + 2][kk], acc2);
            acc3 = __dp4a(wv, xs[myB + 3][kk], acc3);
        }
        __syncthreads();
    }
    int r = r0 + myRow;
    if (r >= rows) {
        return;
    }
    i64 mr = mult[r];
    int sr = shift[r] - 8;
    i64 br = bias == 0 ? 0 : bias[r];
    int accs[4] = {acc0, acc1, acc2, acc3};
#pragma unroll
    for (int j = 0; j < 4; j++) {
        int b = b0 + myB + j;
        if (b < B) {
            i64 tt = mulShr(wmul(accs[j], xMax[b]), mr, sr);
            i64 y = wadd(roundDiv(tt, 127LL * 256LL), br);
            out[(i64)b * outStride + r] = saturate(y);
        }
    }
}

// Step 5, rotary on the first 2 * half dims of each head: row i at x + i * rowStride, heads of
// headDim, position pos[i]; Q14 tables [pos][half]. grid (n * heads), block >= half.
extern "C" __global__ void rotary(int* x, int rowStride, int heads, int headDim, int half,
                                  const int* __restrict__ pos, const int* __restrict__ cosT, const int* __restrict__ sinT) {
    int i = blockIdx.x / heads;
    int head = blockIdx.x % heads;
    int e = threadIdx.x;
    if (e >= half) {
        return;
    }
    int* h = x + (i64)i * rowStride + (i64)head * headDim;
    i64 base = (i64)pos[i] * half;
    i64 x1 = h[e];
    i64 x2 = h[e + half];
    i64 c = cosT[base + e];
    i64 s = sinT[base + e];
    h[e] = saturate(roundDiv(wadd(wmul(x1, c), wneg(wmul(x2, s))), 1LL << 14));
    h[e + half] = saturate(roundDiv(wadd(wmul(x2, c), wmul(x1, s)), 1LL << 14));
}

// A segment's cache, one device allocation: k8 [layers][cap][kvDim], v8 likewise, then
// kMax [layers][cap][kvHeads] and vMax likewise (int32, at 16-byte aligned offsets).
__device__ __forceinline__ i64 alignUp16(i64 v) { return (v + 15) & ~15LL; }

struct CacheView {
    signed char* k8;
    signed char* v8;
    int* kMax;
    int* vMax;
};

__device__ __forceinline__ CacheView cacheView(u64 base, int cap, int layers, int layer, int kvDim, int kvHeads) {
    i64 plane = (i64)layers * cap * kvDim;
    i64 scales = alignUp16(2 * plane);
    i64 scalePlane = (i64)layers * cap * kvHeads * 4;
    char* p = (char*)base;
    CacheView v;
    v.k8 = (signed char*)(p) + (i64)layer * cap * kvDim;
    v.v8 = (signed char*)(p + plane) + (i64)layer * cap * kvDim;
    v.kMax = (int*)(p + scales) + (i64)layer * cap * kvHeads;
    v.vMax = (int*)(p + scales + alignUp16(scalePlane)) + (i64)layer * cap * kvHeads;
    return v;
}

// Step 6, store: k and v of row i, kv head h, quantized per (position, head) with Q12 maxima
// saturated at qkvMax. grid (n * kvHeads), block 128.
extern "C" __global__ void kv_store(const int* __restrict__ k, const int* __restrict__ v, int n, int kvHeads, int headDim,
                                    const u64* __restrict__ caches, const int* __restrict__ caps, const int* __restrict__ pos,
                                    int layers, int layer, int qkvMax) {
    __shared__ i64 red[32];
    int i = blockIdx.x / kvHeads;
    int head = blockIdx.x % kvHeads;
    int kvDim = kvHeads * headDim;
    CacheView c = cacheView(caches[i], caps[i], layers, layer, kvDim, kvHeads);
    i64 at = (i64)pos[i] * kvDim + (i64)head * headDim;
    i64 scaleAt = (i64)pos[i] * kvHeads + head;
    int km = quantizeSpan(k + (i64)i * kvDim + (i64)head * headDim, headDim, qkvMax, c.k8 + at, headDim, red);
    int vm = quantizeSpan(v + (i64)i * kvDim + (i64)head * headDim, headDim, qkvMax, c.v8 + at, headDim, red);
    if (threadIdx.x == 0) {
        c.kMax[scaleAt] = km;
        c.vMax[scaleAt] = vm;
    }
}

// Step 6, Engine.attendOne: one query head of one row against positions [0, pos] of its cache.
// grid (n * heads), block 128, dynamic shared memory (pos_max + 1) * 8 + headDim bytes (rounded).
extern "C" __global__ void attention(const int* __restrict__ q, int heads, int kvHeads, int headDim,
                                     const u64* __restrict__ caches, const int* __restrict__ caps, const int* __restrict__ pos,
                                     int layers, int layer, int qkvMax, i64 invSqrtQ30,
                                     const int* __restrict__ exp2, i64 log2eQ24, int* __restrict__ out) {
    extern __shared__ i64 dyn[];
    __shared__ i64 red[32];
    int i = blockIdx.x / heads;
    int head = blockIdx.x % heads;
    int kvHead = head / (heads / kvHeads);
    int d = heads * headDim;
    int kvDim = kvHeads * headDim;
    int len = pos[i] + 1;
    i64* score = dyn;
    signed char* q8 = (signed char*)(dyn + len);
    CacheView c = cacheView(caches[i], caps[i], layers, layer, kvDim, kvHeads);

    int qMax = quantizeSpan(q + (i64)i * d + (i64)head * headDim, headDim, qkvMax, q8, headDim, red);
    __syncthreads();
    i64 aq = mulShrRound(qMax, invSqrtQ30, 30);
    i64 m = (i64)0x8000000000000000ULL;
    for (int j = threadIdx.x; j < len; j += blockDim.x) {
        const signed char* kr = c.k8 + (i64)j * kvDim + (i64)kvHead * headDim;
        int dot = 0;
        for (int e = 0; e < headDim; e++) {
            dot += (int)q8[e] * (int)kr[e];
        }
        i64 kMax = c.kMax[(i64)j * kvHeads + kvHead];
        i64 sc = roundDiv(mulShr(wmul(dot, aq), kMax, ACT_FRAC), 127LL * 127LL);
        score[j] = sc;
        m = sc > m ? sc : m;
    }
    i64 max = blockMax(m, red);
    i64 s = 0;
    for (int j = threadIdx.x; j < len; j += blockDim.x) {
        i64 x = score[j] - max;
        x = x > -(1LL << 40) ? x : -(1LL << 40);
        i64 e = expQ30(x, exp2, log2eQ24) >> 15;
        score[j] = e * c.vMax[(i64)j * kvHeads + kvHead]; // coef, <= 2^15 * 2^22
        s += e;
    }
    i64 sum = blockSum(s, red); // ends with __syncthreads: every coef is visible
    i64 denom = sum * 127;
    for (int x = threadIdx.x; x < headDim; x += blockDim.x) {
        i64 acc = 0;
        const signed char* vr = c.v8 + (i64)kvHead * headDim + x;
        for (int j = 0; j < len; j++) {
            acc += score[j] * vr[(i64)j * kvDim];
        }
        out[(i64)i * d + (i64)head * headDim + x] = (int)roundDiv(acc, denom);
    }
}

// Residual: h = saturate(h + delta), over count ints.
extern "C" __global__ void add_saturate(int* __restrict__ h, const int* __restrict__ delta, i64 count) {
    i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) {
        h[i] = saturate((i64)h[i] + delta[i]);
    }
}

// Step 7, SwiGLU: a = saturate(round(silu(g) * u / 4096)).
extern "C" __global__ void swiglu(const int* __restrict__ gate, const int* __restrict__ up, const int* __restrict__ silu,
                                  int* __restrict__ act, i64 count) {
    i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) {
        act[i] = saturate(roundDiv((i64)actTable(gate[i], silu) * up[i], 1 << ACT_FRAC));
    }
}

// Step 7, GELU in place: a = gelu(x).
extern "C" __global__ void gelu(int* __restrict__ x, const int* __restrict__ table, i64 count) {
    i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) {
        x[i] = actTable(x[i], table);
    }
}

// Copies rows which[j] of src (width ints) to row j of dst. grid (ceil(width / block), count).
extern "C" __global__ void gather_rows(const int* __restrict__ src, const int* __restrict__ which, int width,
                                       int* __restrict__ dst) {
    int j = blockIdx.y;
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c < width) {
        dst[(i64)j * width + c] = src[(i64)which[j] * width + c];
    }
}

// Step 9: w_i = exp(logit_i - max) in Q30 for each row of logits. grid (rows), block 1024.
extern "C" __global__ void softmax_weights(const int* __restrict__ logits, int len, const int* __restrict__ exp2,
                                          i64 log2eQ24, int* __restrict__ out) {
    __shared__ i64 red[32];
    const int* l = logits + (i64)blockIdx.x * len;
    int* o = out + (i64)blockIdx.x * len;
    i64 m = -2147483648LL;
    for (int i = threadIdx.x; i < len; i += blockDim.x) {
        m = l[i] > m ? l[i] : m;
    }
    i64 max = blockMax(m, red);
    for (int i = threadIdx.x; i < len; i += blockDim.x) {
        o[i] = expQ30((i64)l[i] - max, exp2, log2eQ24);
    }
}
