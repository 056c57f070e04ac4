#!/usr/bin/env python3
"""Rebuilds a Hugging Face checkpoint directory from what tools/gpu-run.sh brought back: config.json from
results.json, the bf16 safetensors file(s) (with model.safetensors.index.json when sharded) and the run's
tokenizer.json; then `lmzip model import OUT_DIR -o MODEL.lmzm` reads it.
Usage: gpu-import.py RESULTS_DIR NAME TOKENIZER_JSON OUT_DIR
"""
import json
import os
import shutil
import sys

src, name, tokenizer, out = sys.argv[1:5]
run = next(r for r in json.load(open(os.path.join(src, 'results.json'))) if r['name'] == name)
if not run.get('files'):
    sys.exit(f'{name}: no weights were saved in this run')
os.makedirs(out, exist_ok=True)
json.dump(run['config'], open(os.path.join(out, 'config.json'), 'w'), indent=1)
shutil.copy(tokenizer, os.path.join(out, 'tokenizer.json'))
if len(run['files']) == 1:
    shutil.copy(os.path.join(src, run['files'][0]), os.path.join(out, 'model.safetensors'))
else:
    weight_map = {}
    for f in run['files']:
        target = f.replace(name, 'model', 1)
        shutil.copy(os.path.join(src, f), os.path.join(out, target))
        with open(os.path.join(src, f), 'rb') as fh:
            n = int.from_bytes(fh.read(8), 'little')
            header = json.loads(fh.read(n))
        weight_map.update({k: target for k in header if k != '__metadata__'})
    json.dump({'metadata': {}, 'weight_map': weight_map}, open(os.path.join(out, 'model.safetensors.index.json'), 'w'),
              indent=1)
print(f"{out}: {name}, {run['params']:,} parameters, validation {run['val_bpb']:.4f} bits/byte")
