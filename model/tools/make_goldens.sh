#!/usr/bin/env bash
# Regenerates the golden checkpoints under model/src/test/resources/golden/ (see README.md in this folder):
# random checkpoints from dev.lmzip.model.hf.RandomCheckpoint, logits from reference_numpy.py.
# Run from the repository root: model/tools/make_goldens.sh
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -q -pl model -am install -DskipTests
./mvnw -q -pl model dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="model/target/classes:$(cat model/target/classpath.txt)"
G=model/src/test/resources/golden

gen() { # name, RandomCheckpoint args...
  local name=$1; shift
  rm -rf "${G:?}/$name"
  "$JAVA_HOME/bin/java" -cp "$CP" dev.lmzip.model.hf.RandomCheckpoint "$@" --tokens 24 --std 0.2 --out "$G/$name"
  python3 model/tools/reference_numpy.py "$G/$name"
}

# StableLM, stablelm-3b-4e1t switches (sequential, no biases, no qk norm, MHA), bf16
gen stablelm-default-bf16 --arch stablelm --vocab 256 --hidden 64 --intermediate 128 --layers 2 --heads 4 \
    --dtype bf16 --seed 1
# StableLM, every switch on: qkv bias, qk_layernorm, GQA (4 heads / 2 kv heads), parallel residual; f32
gen stablelm-switches-f32 --arch stablelm --vocab 256 --hidden 32 --intermediate 96 --layers 2 --heads 4 --kv-heads 2 \
    --rotary 0.5 --qkv-bias --qk-layernorm --parallel-residual true --dtype f32 --seed 2
# StableLM, sequential with qk_layernorm, multi-query (1 kv head), full rotary, theta 1000, 3 layers; bf16, 2 shards
gen stablelm-mqa-sharded-bf16 --arch stablelm --vocab 256 --hidden 32 --intermediate 64 --layers 3 --heads 4 --kv-heads 1 \
    --rotary 1.0 --theta 1000 --qk-layernorm --dtype bf16 --shards 2 --seed 5
# GPT-NeoX / Pythia switches (parallel residual, biases, exact GELU); f32, 2 shards
gen gptneox-sharded-f32 --arch gpt_neox --vocab 256 --hidden 32 --intermediate 128 --layers 2 --heads 2 \
    --dtype f32 --shards 2 --seed 3
# GPT-NeoX with sequential residual, rotary 0.5, theta 500; f16
gen gptneox-sequential-f16 --arch gpt_neox --vocab 256 --hidden 32 --intermediate 64 --layers 2 --heads 2 \
    --parallel-residual false --rotary 0.5 --theta 500 --dtype f16 --seed 4
du -sh "$G"/*
