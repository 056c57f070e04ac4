#!/bin/sh
# Builds the host emulator libcuda.so.1 (fakecuda.cpp + engine.cu compiled for the CPU) into
# model/target/emu. Then run the GPU tests against it:
#   LD_LIBRARY_PATH=$PWD/model/target/emu ./mvnw -pl model test -Dtest='GpuEngineTest,GpuRoundTripTest'
# SANITIZE=1 adds -fsanitize=undefined (signed overflow, shifts out of range in the kernels).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/../../../.." && pwd)
out=$module/target/emu
mkdir -p "$out"
# dynamic shared memory becomes a host buffer
sed 's/extern __shared__ i64 dyn\[\];/i64* dyn = (i64*)emu_dynamic_shared;/' "$module/src/main/cuda/engine.cu" > "$out/engine_host.inc"
# every other driver function JCuda links against answers CUDA_ERROR_NOT_SUPPORTED
jar=$(ls "$HOME"/.m2/repository/org/jcuda/jcuda-natives/*/jcuda-natives-*-linux-x86_64.jar | tail -1)
tmp=$(mktemp -d)
(cd "$tmp" && unzip -q -o "$jar" 'lib/libJCudaDriver-*')
nm -D --undefined-only "$tmp"/lib/libJCudaDriver-*.so | awk '{print $2}' | grep '^cu' | sort -u > "$out/symbols.txt"
rm -rf "$tmp"
grep -o 'CUresult cu[A-Za-z0-9_]*' "$here/fakecuda.cpp" | awk '{print $2}' | sort -u > "$out/implemented.txt"
{
    echo 'extern "C" {'
    comm -23 "$out/symbols.txt" "$out/implemented.txt" | while read -r s; do echo "int $s() { return 801; }"; done
    echo '}'
} > "$out/stubs.cpp"
flags="-O1 -g -std=c++17 -fPIC -shared"
if [ "${SANITIZE:-0}" = 1 ]; then
    flags="$flags -fsanitize=undefined -fno-sanitize-recover=undefined"
fi
g++ $flags -I"$here" -I"$out" -o "$out/libcuda.so.1" "$here/fakecuda.cpp" "$out/stubs.cpp"
echo "$out/libcuda.so.1"
