#!/usr/bin/env bash
# The house model run (models/house): start, resume or export, from a build of the model module.
# Usage: tools/house-train.sh start|resume [STEPS]|export
# Classes and jars are copied to work/train/lib so that rebuilds do not touch a running trainer.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
RUN=work/train/house
CORPUS=${CORPUS:-../shared/corpus/train}
if [ "${1:-}" = export ]; then
  rm -rf work/train/lib # no trainer runs during an export: use today's classes, not the run's copy
fi
if [ ! -d work/train/lib/model-classes ]; then
  ./mvnw -q -o install -DskipTests -pl tokenizer,codec,model
  ./mvnw -q -o -pl model dependency:build-classpath -Dmdep.outputFile=work/train/model.cp -Dmdep.includeScope=runtime
  mkdir -p work/train/lib
  tr ':' '\n' < work/train/model.cp | while read -r j; do cp "$j" work/train/lib/; done
  cp -r model/target/classes work/train/lib/model-classes
fi
CP="work/train/lib/model-classes:$(ls work/train/lib/*.jar | tr '\n' ':')"
J=("$JAVA" --add-modules jdk.incubator.vector -Xmx4g -cp "$CP" dev.lmzip.model.train.Trainer)
case "${1:-}" in
  start)
    mkdir -p "$RUN"
    nohup "${J[@]}" "$RUN" data="$CORPUS/prose:$CORPUS/encyclopedic:$CORPUS/code:$CORPUS/markup" \
      vocabSize=8192 hidden=256 layers=4 heads=8 intermediate=688 context=256 batch=8 steps=2400 warmup=100 \
      lr=2e-3 minLr=2e-4 logEvery=10 valEvery=200 valWindows=64 threads=2 checkpointMinutes=5 seed=1234 \
      >> work/train/house.log 2>&1 &
    echo $! > work/train/house.pid ;;
  resume)
    nohup "${J[@]}" --resume "$RUN" "${2:-0}" >> work/train/house.log 2>&1 &
    echo $! > work/train/house.pid ;;
  export)
    "${J[@]}" --export "$RUN" models/house BF16 ;;
  *) echo "usage: $0 start|resume [STEPS]|export" >&2; exit 2 ;;
esac
