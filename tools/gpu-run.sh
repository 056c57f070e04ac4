#!/usr/bin/env bash
# One device run (issue 6): trains the house-model candidates and a larger variant side by side on one GPU with
# tools/gpu-train.py, checks the committed house model against transformers, and leaves in $OUT the chosen
# weights (bf16 safetensors, <= 16 MB a file), results.json and log.txt.
# Needs .gpu/ (carried): train.u16.xz, val.u16, token_bytes.u16, meta.properties from
# `Trainer --dump-tokens work/train/house DIR`, and house-ref.* from tools/RefLogits.java.
set -u
D=.gpu
R=/tmp/run
mkdir -p "$R" "${OUT:=/tmp/out}"
export PYTHONUNBUFFERED=1
python3 -c "import lzma; open('$D/train.u16', 'wb').write(lzma.decompress(open('$D/train.u16.xz', 'rb').read()))"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv > "$R/gpu.txt" 2>&1
python3 tools/hf-check.py models/house "$D/house-ref" > "$R/hf-house.txt" 2>&1 &
DL=$(( $(date +%s) + ${TRAIN_SECONDS:-420} ))
run() {
  local name=$1
  shift
  timeout "${PROC_TIMEOUT:-520}" python3 tools/gpu-train.py --data "$D" --out "$R/$name" --name "$name" \
    --deadline "$DL" "$@" > "$R/$name.out" 2>&1 &
}
run h4c512 --layers 4 --context 512 --save
run h4r512 --layers 4 --context 512 --ramp 0.5
run h6c512 --layers 6 --context 512 --save
run h8c512 --layers 8 --context 512 --save
run b8x512 --layers 8 --hidden 512 --intermediate 1376 --context 512 --lr 1e-3
wait
cp "$R"/*.safetensors "$OUT"/ 2>/dev/null
python3 - "$R" "$OUT/results.json" <<'PY'
import glob, json, sys
json.dump([json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + '/*.json'))], open(sys.argv[2], 'w'), indent=1)
PY
cat "$R/gpu.txt" "$R/hf-house.txt" "$R"/*.out > "$OUT/log.txt"
tail -c 6000 "$OUT/log.txt"
