#!/usr/bin/env bash
# Regenerates BENCHMARKS.md, BENCHMARKS.csv and BENCHMARKS.png at the repository root from scratch.
#
#   bench/report.sh                 # the default model (the house model once installed, else bytes)
#   bench/report.sh -m house        # any extra arguments go to `lmzip bench`
#   RELIABILITY=1 bench/report.sh   # also re-measure the reliability figures first (long: see bench/README.md)
#
# LIMIT (bytes of each whole file), SAMPLE (chunks/patches per file) and SEED choose the subset; the
# report states them. The shared corpus is expected at ../shared/corpus/bench (CORPUS overrides).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
LIMIT="${LIMIT:-131072}"
SAMPLE="${SAMPLE:-24}"
SEED="${SEED:-20261125}"
CORPUS="${CORPUS:-../shared/corpus/bench}"
if [ "${RELIABILITY:-0}" = 1 ]; then
  ./lmzip bench --reliability --stream-bytes "${STREAM_BYTES:-64M}" --fuzz-cases "${FUZZ_CASES:-100000}" \
    --kill-trials "${KILL_TRIALS:-5}"
fi
./lmzip bench --report BENCHMARKS.md --corpus "$CORPUS" --limit "$LIMIT" --sample "$SAMPLE" --seed "$SEED" "$@"
