#!/usr/bin/env python3
"""Loads a Hugging Face checkpoint directory with transformers' StableLmForCausalLM (from_pretrained, the
path any HF user takes) and compares its logits with lmzip's float reference (tools/RefLogits.java output).
Usage: hf-check.py HF_DIR REF_PREFIX   (reads REF_PREFIX.tokens.u16 and REF_PREFIX.logits.f32)
"""
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F
import transformers
from transformers import StableLmForCausalLM

d, ref = sys.argv[1], sys.argv[2]
tokens = torch.from_numpy(np.fromfile(ref + '.tokens.u16', dtype='<u2').astype(np.int64))
try:
    model = StableLmForCausalLM.from_pretrained(d, dtype=torch.float32)
except TypeError:
    model = StableLmForCausalLM.from_pretrained(d, torch_dtype=torch.float32)
model.eval()
with torch.no_grad():
    hf = model(input_ids=tokens[None]).logits[0].float()
ours = torch.from_numpy(np.fromfile(ref + '.logits.f32', dtype='<f4').reshape(len(tokens), -1).copy())


def bits(logits):
    return F.cross_entropy(logits[:-1], tokens[1:]).item() / math.log(2)


rope = {k: v for k, v in model.config.to_dict().items() if 'rope' in k or 'rotary' in k}
print(f'loaded config, rotary keys: {rope}')
diff = (hf - ours).abs()
print(f'transformers {transformers.__version__}, torch {torch.__version__}: {type(model).__name__} loaded {d}; '
      f'{len(tokens)} tokens; max |logit difference| {diff.max().item():.3e} (mean {diff.mean().item():.3e}); '
      f'bits/token HF {bits(hf):.6f}, lmzip float reference {bits(ours):.6f}; '
      f'same argmax at {(hf.argmax(-1) == ours.argmax(-1)).float().mean().item() * 100:.1f}% of positions')
