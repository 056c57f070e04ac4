#!/usr/bin/env python3
"""Independent numpy forward pass for StableLmForCausalLM and GPTNeoXForCausalLM checkpoints.

Written from the model semantics (transformers' modeling_stablelm.py / modeling_gpt_neox.py), not from the
Java reference, so the two check each other. Reads a Hugging Face checkpoint directory (config.json plus
model.safetensors or a sharded model.safetensors.index.json), parses safetensors by hand, runs the whole
sequence at once with a causal mask in float32 (like PyTorch's eager float32 path), and writes the logits of
every position as little-endian float32, shape [T][vocab].

usage: reference_numpy.py CHECKPOINT_DIR [--tokens FILE] [--out FILE] [--dtype float32|float64]
       (defaults: CHECKPOINT_DIR/tokens.txt, CHECKPOINT_DIR/logits.f32)
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np

ITEM = {"F32": ("<f4", 4), "F16": ("<f2", 2), "BF16": (None, 2), "F64": ("<f8", 8)}


def read_safetensors(path):
    """name -> float32 ndarray."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = memoryview(blob)[8 + n:]
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        begin, end = e["data_offsets"]
        raw = data[begin:end]
        dt = e["dtype"]
        if dt == "BF16":
            u16 = np.frombuffer(raw, dtype="<u2")
            arr = (u16.astype(np.uint32) << 16).view(np.float32)
        elif dt in ITEM:
            arr = np.frombuffer(raw, dtype=ITEM[dt][0]).astype(np.float32)
        else:
            continue  # buffers such as bool masks are not weights
        out[name] = arr.reshape(e["shape"])
    return out


def read_checkpoint(d):
    idx = os.path.join(d, "model.safetensors.index.json")
    if os.path.exists(idx):
        with open(idx) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    t = {}
    for fn in files:
        t.update(read_safetensors(os.path.join(d, fn)))
    return t


def layer_norm(x, w, b, eps):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    y = (x - mu) / np.sqrt(var + eps) * w
    return y + b if b is not None else y


def rope(x, n_rot, theta):
    """x: [heads, T, hd]; rotate the first n_rot dims, halves [0,n/2) and [n/2,n) paired (rotate_half)."""
    if n_rot == 0:
        return x
    T = x.shape[1]
    inv = 1.0 / (theta ** (np.arange(0, n_rot, 2, dtype=np.float64) / n_rot))
    ang = np.outer(np.arange(T, dtype=np.float64), inv)            # [T, n_rot/2]
    cos = np.concatenate([np.cos(ang)] * 2, axis=-1).astype(x.dtype)  # [T, n_rot]
    sin = np.concatenate([np.sin(ang)] * 2, axis=-1).astype(x.dtype)
    r, rest = x[..., :n_rot], x[..., n_rot:]
    half = n_rot // 2
    rot_half = np.concatenate([-r[..., half:], r[..., :half]], axis=-1)
    return np.concatenate([r * cos + rot_half * sin, rest], axis=-1)


def attention(q, k, v, hd):
    """q: [H,T,hd], k/v: [H,T,hd] (already repeated for GQA) -> [T, H*hd]."""
    T = q.shape[1]
    s = q @ k.transpose(0, 2, 1) / np.asarray(math.sqrt(hd), dtype=q.dtype)
    s = np.where(np.tril(np.ones((T, T), dtype=bool)), s, -np.inf)
    s = s - s.max(axis=-1, keepdims=True)
    p = np.exp(s)
    p = p / p.sum(axis=-1, keepdims=True)
    o = p @ v                                                   # [H,T,hd]
    return o.transpose(1, 0, 2).reshape(T, -1)


def gelu_exact(x):
    erf = np.vectorize(math.erf, otypes=[np.float64])
    return (0.5 * x.astype(np.float64) * (1.0 + erf(x.astype(np.float64) / math.sqrt(2.0)))).astype(x.dtype)


def silu(x):
    return x / (1 + np.exp(-x))


def forward(d, tokens, dtype):
    with open(os.path.join(d, "config.json")) as f:
        cfg = json.load(f)
    W = {k: v.astype(dtype) for k, v in read_checkpoint(d).items()}
    arch = (cfg.get("architectures") or [None])[0]
    D, H = cfg["hidden_size"], cfg["num_attention_heads"]
    hd = D // H
    L = cfg["num_hidden_layers"]
    T = len(tokens)
    if arch in ("StableLmForCausalLM", "StableLMEpochForCausalLM"):
        eps = cfg.get("layer_norm_eps", cfg.get("norm_eps", 1e-5))
        KV = cfg.get("num_key_value_heads") or H
        n_rot = int(hd * cfg.get("partial_rotary_factor", cfg.get("rope_pct", 0.25)))
        theta = cfg.get("rope_theta", 10000)
        parallel = cfg.get("use_parallel_residual", False)
        x = W["model.embed_tokens.weight"][tokens]                  # [T, D]
        for i in range(L):
            p = f"model.layers.{i}."
            h = layer_norm(x, W[p + "input_layernorm.weight"], W[p + "input_layernorm.bias"], eps)
            def proj(name, inp):
                y = inp @ W[p + f"self_attn.{name}.weight"].T
                bias = W.get(p + f"self_attn.{name}.bias")
                return y + bias if bias is not None else y
            q = proj("q_proj", h).reshape(T, H, hd).transpose(1, 0, 2)
            k = proj("k_proj", h).reshape(T, KV, hd).transpose(1, 0, 2)
            v = proj("v_proj", h).reshape(T, KV, hd).transpose(1, 0, 2)
            if cfg.get("qk_layernorm", False):
                q = np.stack([layer_norm(q[j], W[p + f"self_attn.q_layernorm.norms.{j}.weight"], None, eps) for j in range(H)])
                k = np.stack([layer_norm(k[j], W[p + f"self_attn.k_layernorm.norms.{j}.weight"], None, eps) for j in range(KV)])
            q, k = rope(q, n_rot, theta), rope(k, n_rot, theta)
            k, v = np.repeat(k, H // KV, axis=0), np.repeat(v, H // KV, axis=0)
            a = attention(q, k, v, hd) @ W[p + "self_attn.o_proj.weight"].T
            def mlp(inp):
                g = inp @ W[p + "mlp.gate_proj.weight"].T
                u = inp @ W[p + "mlp.up_proj.weight"].T
                return (silu(g) * u) @ W[p + "mlp.down_proj.weight"].T
            if parallel:
                x = x + a + mlp(h)
            else:
                x = x + a
                x = x + mlp(layer_norm(x, W[p + "post_attention_layernorm.weight"], W[p + "post_attention_layernorm.bias"], eps))
        x = layer_norm(x, W["model.norm.weight"], W["model.norm.bias"], eps)
        head = W.get("lm_head.weight", W["model.embed_tokens.weight"])
        return x @ head.T
    if arch == "GPTNeoXForCausalLM":
        eps = cfg.get("layer_norm_eps", 1e-5)
        n_rot = int(hd * cfg.get("rotary_pct", 0.25))
        theta = cfg.get("rotary_emb_base", 10000)
        parallel = cfg.get("use_parallel_residual", True)
        assert cfg.get("hidden_act", "gelu") == "gelu"
        x = W["gpt_neox.embed_in.weight"][tokens]
        for i in range(L):
            p = f"gpt_neox.layers.{i}."
            def lin(name, inp):
                y = inp @ W[p + name + ".weight"].T
                b = W.get(p + name + ".bias")
                return y + b if b is not None else y
            h = layer_norm(x, W[p + "input_layernorm.weight"], W[p + "input_layernorm.bias"], eps)
            qkv = lin("attention.query_key_value", h).reshape(T, H, 3 * hd)   # per head: [q | k | v]
            q = qkv[..., :hd].transpose(1, 0, 2)
            k = qkv[..., hd:2 * hd].transpose(1, 0, 2)
            v = qkv[..., 2 * hd:].transpose(1, 0, 2)
            q, k = rope(q, n_rot, theta), rope(k, n_rot, theta)
            a = lin("attention.dense", attention(q, k, v, hd))
            def mlp(inp):
                return lin("mlp.dense_4h_to_h", gelu_exact(lin("mlp.dense_h_to_4h", inp)))
            ln2 = lambda inp: layer_norm(inp, W[p + "post_attention_layernorm.weight"], W[p + "post_attention_layernorm.bias"], eps)
            if parallel:
                x = x + a + mlp(ln2(x))
            else:
                x = x + a
                x = x + mlp(ln2(x))
        x = layer_norm(x, W["gpt_neox.final_layer_norm.weight"], W["gpt_neox.final_layer_norm.bias"], eps)
        head = W.get("embed_out.weight", W["gpt_neox.embed_in.weight"])
        return x @ head.T
    sys.exit(f"unsupported architecture {arch}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkpoint")
    ap.add_argument("--tokens")
    ap.add_argument("--out")
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    a = ap.parse_args()
    tok_path = a.tokens or os.path.join(a.checkpoint, "tokens.txt")
    with open(tok_path) as f:
        tokens = [int(t) for t in f.read().split()]
    logits = forward(a.checkpoint, np.array(tokens, dtype=np.int64), np.dtype(a.dtype))
    out = a.out or os.path.join(a.checkpoint, "logits.f32")
    logits.astype("<f4").tofile(out)
    print(f"{a.checkpoint}: {len(tokens)} tokens -> {out} {logits.shape}, max |logit| {np.abs(logits).max():.4f}")


if __name__ == "__main__":
    main()
