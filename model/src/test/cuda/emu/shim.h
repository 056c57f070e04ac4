// Host stand-ins for the CUDA built-ins engine.cu uses, so the same kernel source runs on the CPU
// inside fakecuda.cpp: each block's threads are fibers (ucontext) switched at __syncthreads, one
// block at a time, so __shared__ (static) memory has the semantics of one block.
#pragma once
#include <cstdint>
#include <ucontext.h>

#define __global__
#define __device__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __shared__ static
#define __launch_bounds__(x)

struct emu_dim3 {
    unsigned x, y, z;
};
extern emu_dim3 blockIdx, blockDim, gridDim, threadIdx;
extern unsigned char emu_dynamic_shared[];

void __syncthreads();

inline int __dp4a(int a, int b, int c) {
    int64_t s = c;
    for (int i = 0; i < 4; i++) {
        s += (int64_t)(int8_t)(a >> (8 * i)) * (int8_t)(b >> (8 * i));
    }
    return (int)(uint32_t)(uint64_t)s; // modulo 2^32, as the hardware
}

inline long long __mul64hi(long long a, long long b) {
    return (long long)(((__int128)a * (__int128)b) >> 64);
}

inline int __clzll(long long x) {
    return x == 0 ? 64 : __builtin_clzll((unsigned long long)x);
}

extern long long emu_shfl_slot[1024];

// the kernels call it with every thread of the block, as blockSum/blockMax do
template <typename T>
T __shfl_down_sync(unsigned, T v, int o) {
    unsigned t = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    unsigned n = blockDim.x * blockDim.y * blockDim.z;
    emu_shfl_slot[t] = (long long)v;
    __syncthreads();
    T r = ((t & 31) + o < 32 && t + o < n) ? (T)emu_shfl_slot[t + o] : v;
    __syncthreads();
    return r;
}
