#!/usr/bin/env bash
# One device run (issue 6) of tools/gpu-train.py, several trainings side by side on one GPU; leaves in $OUT the
# weights worth importing (bf16 safetensors, <= 16 MB a file), results.json and log.txt.
#   tools/gpu-run.sh shapes   house-model candidates (4, 6, 8 layers; context ramp) and a larger variant, 8k
#                             vocabulary, plus the check of models/house against transformers
#   tools/gpu-run.sh vocab    the 4-layer, 512-token shape on 4k and 16k vocabularies (8k comes from `shapes`)
#   tools/gpu-run.sh longer   the house shape (4 layers, 512 tokens, 16k vocabulary) trained 8 and 12 epochs
#                             instead of 4: the same engine cost, so the same speed, if it predicts better
# Needs .gpu/ (carried): vNNNN/{train.u16.xz,val.u16,token_bytes.u16,meta.properties} from
# `Trainer --dump-tokens RUN DIR` (xz the train.u16), and for `shapes` house-ref.* from tools/RefLogits.java.
set -u
case "${1:-shapes}" in
  shapes|vocab|longer) ;;
  *) echo "usage: tools/gpu-run.sh shapes|vocab|longer" >&2; exit 2 ;;
esac
R=/tmp/run
mkdir -p "$R" "${OUT:=/tmp/out}"
export PYTHONUNBUFFERED=1
for d in .gpu/v*; do
  [ -f "$d/train.u16.xz" ] && python3 -c "import lzma; open('$d/train.u16', 'wb').write(lzma.decompress(open('$d/train.u16.xz', 'rb').read()))"
done
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$R/gpu.txt" 2>&1
DL=$(( $(date +%s) + ${TRAIN_SECONDS:-420} ))
run() {
  local name=$1 data=$2
  shift 2
  timeout "${PROC_TIMEOUT:-520}" python3 tools/gpu-train.py --data "$data" --out "$R/$name" --name "$name" \
    --deadline "$DL" "$@" > "$R/$name.out" 2>&1 &
}
case "${1:-shapes}" in
  shapes)
    python3 tools/hf-check.py models/house .gpu/house-ref > "$R/hf-house.txt" 2>&1 &
    run h4c512 .gpu/v8192 --layers 4 --context 512 --save
    run h4r512 .gpu/v8192 --layers 4 --context 512 --ramp 0.5
    run h6c512 .gpu/v8192 --layers 6 --context 512 --save
    run h8c512 .gpu/v8192 --layers 8 --context 512 --save
    run b8x512 .gpu/v8192 --layers 8 --hidden 512 --intermediate 1376 --context 512 --lr 1e-3 ;;
  vocab)
    run h4c512v4k .gpu/v4096 --layers 4 --context 512 --save
    run h4c512v16k .gpu/v16384 --layers 4 --context 512 --save ;;
  longer)
    run h4c512v16ke8 .gpu/v16384 --layers 4 --context 512 --epochs 8 --save
    run h4c512v16ke12 .gpu/v16384 --layers 4 --context 512 --epochs 12 --save ;;
esac
wait
cp "$R"/*.safetensors "$OUT"/ 2>/dev/null
python3 - "$R" "$OUT/results.json" <<'PY'
import glob, json, sys
json.dump([json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + '/*.json'))], open(sys.argv[2], 'w'), indent=1)
PY
cat "$R/gpu.txt" "$R"/hf-*.txt "$R"/*.out > "$OUT/log.txt" 2>/dev/null
tail -c 6000 "$OUT/log.txt"
