#!/usr/bin/env python3
"""Markdown training curve from a run's metrics.tsv (last record per step wins, so resumed runs read cleanly).
Usage: tools/curve.py RUN_DIR/metrics.tsv [EVERY_STEPS]"""
import sys

path = sys.argv[1]
every = int(sys.argv[2]) if len(sys.argv) > 2 else 200
train, val = {}, {}
for line in open(path):
    if line.startswith('#') or not line.strip():
        continue
    f = line.rstrip('\n').split('\t')
    step, tokens, epoch, lr, loss, gnorm, vloss, vbpb, elapsed = (f + [''] * 9)[:9]
    step = int(step)
    if loss:
        train[step] = (int(tokens), float(lr), float(loss), float(elapsed))
    if vloss:
        val[step] = (int(tokens), float(vloss), float(vbpb), float(elapsed))
print('| step | tokens | lr | train loss (nats/token, mean of last 10 steps) | val loss (nats/token) | val bits/byte | train wall time (min) |')
print('|---:|---:|---:|---:|---:|---:|---:|')
steps = sorted(set(s for s in train if s % every == 0 or s == max(train)) | set(val))
for s in steps:
    t = train.get(s)
    v = val.get(s)
    tokens = (t or v)[0]
    elapsed = (t or v)[-1]
    print(f"| {s} | {tokens:,} | {t[1]:.2e} | {t[2]:.3f} | " if t else f"| {s} | {tokens:,} | | | ", end='')
    print(f"{v[1]:.3f} | {v[2]:.3f} | {elapsed/60:.1f} |" if v else f" | | {elapsed/60:.1f} |")
