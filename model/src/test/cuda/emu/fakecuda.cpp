// A stand-in libcuda.so.1 for verifying the GPU engine without a GPU: the subset of the driver API
// GpuEngine calls, with "device" memory in host memory and kernels from engine.cu compiled for the
// host (shim.h). JCuda loads it through LD_LIBRARY_PATH; GpuEngineTest then compares the real Java
// GpuEngine, running these kernels, with the CPU Engine. Not a performance model, and not proof of
// what the PTX JIT does: it checks the integer arithmetic and the orchestration (docs/gpu.md).
#include "shim.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

emu_dim3 blockIdx, blockDim, gridDim, threadIdx;
alignas(16) unsigned char emu_dynamic_shared[256 * 1024];
long long emu_shfl_slot[1024];

#include "engine_host.inc"

namespace {
struct Fiber {
    ucontext_t ctx;
    bool done;
};
ucontext_t scheduler;
std::vector<Fiber> fibers(1024);
std::vector<char*> stacks;
const size_t STACK = 256 * 1024;
int current;
std::function<void()> body;

void trampoline() {
    body();
    fibers[current].done = true;
}

typedef std::function<void(void**)> Kernel;

template <typename... A, size_t... I>
void invoke(void (*f)(A...), void** p, std::index_sequence<I...>) {
    f(*static_cast<std::remove_cv_t<std::remove_reference_t<A>>*>(p[I])...);
}

template <typename... A>
Kernel wrap(void (*f)(A...)) {
    return [f](void** p) { invoke(f, p, std::index_sequence_for<A...>{}); };
}

std::map<std::string, Kernel>& kernels() {
    static std::map<std::string, Kernel> k = {
        {"address_of", wrap(address_of)}, {"embed", wrap(embed)}, {"layer_norm", wrap(layer_norm)},
        {"quantize_rows", wrap(quantize_rows)}, {"linear_i8", wrap(linear_i8)}, {"rotary", wrap(rotary)},
        {"kv_store", wrap(kv_store)}, {"attention", wrap(attention)}, {"add_saturate", wrap(add_saturate)},
        {"swiglu", wrap(swiglu)}, {"gelu", wrap(gelu)}, {"gather_rows", wrap(gather_rows)},
        {"softmax_weights", wrap(softmax_weights)}};
    return k;
}

void runBlock(unsigned threads) {
    for (unsigned t = 0; t < threads; t++) {
        getcontext(&fibers[t].ctx);
        fibers[t].ctx.uc_stack.ss_sp = stacks[t];
        fibers[t].ctx.uc_stack.ss_size = STACK;
        fibers[t].ctx.uc_link = &scheduler;
        makecontext(&fibers[t].ctx, trampoline, 0);
        fibers[t].done = false;
    }
    bool left = true;
    while (left) {
        left = false;
        for (unsigned t = 0; t < threads; t++) {
            if (fibers[t].done) {
                continue;
            }
            current = (int)t;
            threadIdx = {t % blockDim.x, (t / blockDim.x) % blockDim.y, t / (blockDim.x * blockDim.y)};
            swapcontext(&scheduler, &fibers[t].ctx);
            left |= !fibers[t].done;
        }
    }
}
} // namespace

void __syncthreads() {
    swapcontext(&fibers[current].ctx, &scheduler);
}

typedef int CUresult;
typedef unsigned long long CUdeviceptr;
#define OK 0
#define NOT_SUPPORTED 801

extern "C" {
CUresult cuInit(unsigned) { return OK; }
CUresult cuDriverGetVersion(int* v) { *v = 13000; return OK; }
CUresult cuDeviceGetCount(int* c) { *c = 1; return OK; }
CUresult cuDeviceGet(int* d, int ordinal) { *d = ordinal; return ordinal == 0 ? OK : 101; }
CUresult cuDeviceGetName(char* name, int len, int) { snprintf(name, len, "lmzip host emulator"); return OK; }
CUresult cuDeviceTotalMem_v2(size_t* b, int) { *b = 8ULL << 30; return OK; }
CUresult cuDeviceGetAttribute(int* v, int attr, int) {
    *v = attr == 75 ? 7 : attr == 76 ? 5 : attr == 97 ? 227 * 1024 : 0;
    return OK;
}
CUresult cuDevicePrimaryCtxRetain(void** ctx, int) { *ctx = (void*)1; return OK; }
CUresult cuDevicePrimaryCtxRelease_v2(int) { return OK; }
CUresult cuCtxSetCurrent(void*) { return OK; }
CUresult cuCtxSynchronize() { return OK; }
CUresult cuModuleLoadData(void** m, const void* image) {
    if (strstr((const char*)image, ".version") == nullptr) {
        return 218; // CUDA_ERROR_INVALID_PTX
    }
    *m = (void*)2;
    return OK;
}
CUresult cuModuleUnload(void*) { return OK; }
CUresult cuModuleGetFunction(void** f, void*, const char* name) {
    auto it = kernels().find(name);
    if (it == kernels().end()) {
        return 500; // CUDA_ERROR_NOT_FOUND
    }
    *f = (void*)&it->second;
    return OK;
}
CUresult cuFuncSetAttribute(void*, int, int) { return OK; }
CUresult cuMemGetInfo_v2(size_t* free, size_t* total) { *free = 6ULL << 30; *total = 8ULL << 30; return OK; }
CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t n) {
    void* m = aligned_alloc(256, (n + 255) / 256 * 256);
    if (m == nullptr) {
        return 2; // CUDA_ERROR_OUT_OF_MEMORY
    }
    memset(m, 0xA5, n); // garbage, as fresh device memory may hold
    *p = (CUdeviceptr)m;
    return OK;
}
CUresult cuMemFree_v2(CUdeviceptr p) { free((void*)p); return OK; }
CUresult cuMemcpyHtoD_v2(CUdeviceptr d, const void* s, size_t n) { memcpy((void*)d, s, n); return OK; }
CUresult cuMemcpyDtoH_v2(void* d, CUdeviceptr s, size_t n) { memcpy(d, (const void*)s, n); return OK; }
CUresult cuMemsetD8_v2(CUdeviceptr d, unsigned char v, size_t n) { memset((void*)d, v, n); return OK; }
CUresult cuGetErrorName(CUresult, const char** s) { *s = "CUDA_ERROR_EMULATOR"; return OK; }
CUresult cuGetErrorString(CUresult, const char** s) { *s = "error in the host emulator"; return OK; }

CUresult cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, void*, void** params, void**) {
    unsigned threads = bx * by * bz;
    if (threads == 0 || threads > 1024 || shared > sizeof(emu_dynamic_shared)) {
        return 1; // CUDA_ERROR_INVALID_VALUE
    }
    if (stacks.empty()) {
        for (int i = 0; i < 1024; i++) {
            stacks.push_back((char*)malloc(STACK));
        }
    }
    Kernel& k = *(Kernel*)f;
    gridDim = {gx, gy, gz};
    blockDim = {bx, by, bz};
    body = [&k, params]() { k(params); };
    for (unsigned z = 0; z < gz; z++) {
        for (unsigned y = 0; y < gy; y++) {
            for (unsigned x = 0; x < gx; x++) {
                blockIdx = {x, y, z};
                runBlock(threads);
            }
        }
    }
    return OK;
}
}
