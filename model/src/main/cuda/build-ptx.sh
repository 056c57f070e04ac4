#!/bin/sh
# Compiles the CUDA kernels to PTX, the form committed under src/main/resources and loaded at run
# time by the driver's JIT (docs/gpu.md). Run after editing a .cu file; PtxResourcesTest fails when
# the committed PTX differs from a fresh build (where nvcc exists).
#   NVCC: the compiler (default: nvcc on PATH, else /usr/local/bin/nvcc)
#   OUT:  output folder (default: the resources folder)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../resources/dev/lmzip/model/gpu}
nvcc=${NVCC:-$(command -v nvcc || echo /usr/local/bin/nvcc)}
mkdir -p "$out"
for cu in "$here"/*.cu; do
    name=$(basename "$cu" .cu)
    # integers decide every probability; still: no FMA contraction, no fast math, IEEE division
    "$nvcc" -ptx -arch=compute_75 -fmad=false -prec-div=true -prec-sqrt=true -ftz=false -O3 \
        -o "$out/$name.ptx" "$cu"
done
