#!/usr/bin/env python3
"""Trains a StableLM-architecture model on a GPU with PyTorch, from lmzip's token dump, and exports it in the
Hugging Face layout that `lmzip model import` reads (issue 6, "a larger variant on a GPU").

The recipe is the one of `lmzip train` (model/.../train/Trainer.java): documents packed as `EOT, tokens...`,
windows of context+1 tokens (overlapping by one) in a seeded per-epoch order, positions and attention reset at
every EOT; AdamW (0.9, 0.95, weight decay 0.1 on matrices and the output layer), linear warm-up then cosine
decay to lr/10, global-norm clipping at 1.0, 4 epochs unless --epochs says otherwise; bf16 autocast with
float32 master weights.

Input (from `Trainer --dump-tokens RUN DIR`): train.u16[.xz], val.u16, token_bytes.u16 (little-endian).
A wall-clock deadline caps the schedule: after timing the first steps the run picks the number of steps that
fits (never more than --epochs), so the cosine schedule always completes.

After training it reports validation bits per byte (every validation window at the model's context, and the
64 windows of 256 tokens that `lmzip train` uses), then loads the export with transformers'
StableLmForCausalLM and compares its logits with this module's (the check that the export means what the
HF classes mean).
"""
import argparse
import json
import lzma
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_u16(path):
    data = open(path, 'rb').read()
    if path.endswith('.xz'):
        data = lzma.decompress(data)
    return np.frombuffer(data, dtype='<u2').astype(np.int64)


# ----------------------------------------------------------------------------- the model (HF StableLM names)

class Attention(nn.Module):
    def __init__(self, hidden, heads, rotary_dims):
        super().__init__()
        self.heads, self.head_dim, self.rot = heads, hidden // heads, rotary_dims
        self.q_proj = nn.Linear(hidden, hidden, bias=False)
        self.k_proj = nn.Linear(hidden, hidden, bias=False)
        self.v_proj = nn.Linear(hidden, hidden, bias=False)
        self.o_proj = nn.Linear(hidden, hidden, bias=False)

    def rope(self, x, cos, sin):
        # HF StableLM: rotate_half over the first `rot` dims of each head, the rest pass through
        r, p = x[..., :self.rot], x[..., self.rot:]
        h = self.rot // 2
        rotated = torch.cat((-r[..., h:], r[..., :h]), dim=-1)
        return torch.cat((r * cos + rotated * sin, p), dim=-1)

    def forward(self, x, cos, sin, mask):
        B, S, _ = x.shape
        q = self.q_proj(x).view(B, S, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(B, S, self.heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(B, S, self.heads, self.head_dim).transpose(1, 2)
        q, k = self.rope(q, cos, sin), self.rope(k, cos, sin)
        if hasattr(F, 'scaled_dot_product_attention'):
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        else:  # torch 1.x (the CPU check here)
            s = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim)
            y = torch.softmax(s.masked_fill(~mask, float('-inf')), dim=-1) @ v
        return self.o_proj(y.transpose(1, 2).reshape(B, S, -1))


class Mlp(nn.Module):
    def __init__(self, hidden, inter):
        super().__init__()
        self.gate_proj = nn.Linear(hidden, inter, bias=False)
        self.up_proj = nn.Linear(hidden, inter, bias=False)
        self.down_proj = nn.Linear(inter, hidden, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        H = c['hidden_size']
        self.input_layernorm = nn.LayerNorm(H, eps=c['layer_norm_eps'])
        self.self_attn = Attention(H, c['num_attention_heads'], rotary_dims(c))
        self.post_attention_layernorm = nn.LayerNorm(H, eps=c['layer_norm_eps'])
        self.mlp = Mlp(H, c['intermediate_size'])

    def forward(self, x, cos, sin, mask):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, mask)
        return x + self.mlp(self.post_attention_layernorm(x))


class Body(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(c['vocab_size'], c['hidden_size'])
        self.layers = nn.ModuleList([Layer(c) for _ in range(c['num_hidden_layers'])])
        self.norm = nn.LayerNorm(c['hidden_size'], eps=c['layer_norm_eps'])


def rotary_dims(c):
    return int(c['hidden_size'] // c['num_attention_heads'] * c['partial_rotary_factor'])


class StableLm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.model = Body(c)
        self.lm_head = nn.Linear(c['hidden_size'], c['vocab_size'], bias=False)
        rot = rotary_dims(c)
        inv = 1.0 / (c['rope_theta'] ** (torch.arange(0, rot, 2, dtype=torch.float32) / rot))
        self.register_buffer('inv_freq', inv, persistent=False)

    def forward(self, ids, pos, seg):
        """ids, pos, seg: [B, S]; attention only within a segment and causal."""
        S = ids.shape[1]
        f = pos.float()[..., None] * self.inv_freq  # [B, S, rot/2]
        emb = torch.cat((f, f), dim=-1)[:, None]  # [B, 1, S, rot]
        cos, sin = emb.cos(), emb.sin()
        causal = torch.ones(S, S, dtype=torch.bool, device=ids.device).tril()
        mask = (seg[:, :, None] == seg[:, None, :]) & causal
        mask = mask[:, None]
        x = self.model.embed_tokens(ids)
        for layer in self.model.layers:
            x = layer(x, cos, sin, mask)
        return self.lm_head(self.model.norm(x))


def init_weights(m, layers, std=0.02):
    resid = std / math.sqrt(2 * layers)  # as TrainModel.initialize
    for name, p in m.named_parameters():
        if p.dim() == 2:
            nn.init.normal_(p, 0.0, resid if ('o_proj' in name or 'down_proj' in name) else std)
        elif name.endswith('weight'):
            nn.init.ones_(p)
        else:
            nn.init.zeros_(p)


def hf_config(a, vocab, eot):
    return {
        'architectures': ['StableLmForCausalLM'], 'model_type': 'stablelm', 'vocab_size': vocab,
        'hidden_size': a.hidden, 'intermediate_size': a.intermediate, 'num_hidden_layers': a.layers,
        'num_attention_heads': a.heads, 'num_key_value_heads': a.heads, 'layer_norm_eps': 1e-5,
        'use_parallel_residual': False, 'tie_word_embeddings': False, 'max_position_embeddings': a.context,
        'bos_token_id': eot, 'eos_token_id': eot, 'rope_scaling': None, 'torch_dtype': 'bfloat16',
        'hidden_act': 'silu', 'partial_rotary_factor': 0.25, 'rope_theta': 10000.0, 'use_qkv_bias': False,
        'qk_layernorm': False,
    }


# ----------------------------------------------------------------------------- data

def segments(ids, eot):
    """seg (id of the segment, counting EOTs) and pos (position within it, reset at EOT) of each token."""
    S = ids.shape[1]
    idx = torch.arange(S, device=ids.device).expand_as(ids)
    start = torch.where(ids == eot, idx, torch.zeros_like(idx))
    start = torch.cummax(start, dim=1).values
    return start, idx - start  # the segment's start identifies it


def windows_batch(stream, starts, S):
    offs = starts[:, None] + torch.arange(S + 1, device=stream.device)
    w = stream[offs]
    return w[:, :-1], w[:, 1:]


@torch.no_grad()
def evaluate(model, stream, token_bytes, starts, S, eot, batch, device):
    nats, nbytes, ntok = 0.0, 0, 0
    for i in range(0, len(starts), batch):
        ids, tgt = windows_batch(stream, starts[i:i + batch], S)
        seg, pos = segments(ids, eot)
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == 'cuda'):
            logits = model(ids, pos, seg)
        nats += F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), tgt.reshape(-1), reduction='sum').item()
        nbytes += int(token_bytes[tgt].sum().item())
        ntok += tgt.numel()
    return nats / ntok, nats / math.log(2) / nbytes


# ----------------------------------------------------------------------------- export and check

def write_safetensors(tensors, path):
    """The safetensors layout (8-byte header length, JSON header, data), bf16 only; no library needed."""
    header, off, blobs = {'__metadata__': {'format': 'pt'}}, 0, []
    for k, t in tensors.items():
        b = t.view(torch.int16).numpy().astype('<i2').tobytes()
        header[k] = {'dtype': 'BF16', 'shape': list(t.shape), 'data_offsets': [off, off + len(b)]}
        off += len(b)
        blobs.append(b)
    h = json.dumps(header).encode()
    h += b' ' * (-len(h) % 8)
    with open(path + '.tmp', 'wb') as f:
        f.write(len(h).to_bytes(8, 'little'))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(path + '.tmp', path)


def save_safetensors(model, out_prefix, max_bytes):
    """bf16 tensors; one file when it fits max_bytes, else shards `PREFIX-0000i-of-0000n.safetensors`."""
    tensors = {k: v.detach().to(torch.bfloat16).contiguous().cpu() for k, v in model.state_dict().items()
               if k != 'inv_freq'}
    total = sum(t.numel() * 2 for t in tensors.values())
    n = max(1, math.ceil(total / (max_bytes - 1_000_000)))
    names = list(tensors)
    groups, cur, size = [], [], 0
    budget = total / n
    for k in names:
        if cur and size + tensors[k].numel() * 2 > budget * 1.02 and len(groups) < n - 1:
            groups.append(cur)
            cur, size = [], 0
        cur.append(k)
        size += tensors[k].numel() * 2
    groups.append(cur)
    files = []
    for i, g in enumerate(groups):
        f = out_prefix + ('.safetensors' if len(groups) == 1 else f'-{i + 1:05d}-of-{len(groups):05d}.safetensors')
        write_safetensors({k: tensors[k] for k in g}, f)
        files.append(f)
    return files


def hf_check(model, config, tokens, device, log):
    """Loads this module's weights (rounded to bf16, as exported) into transformers' StableLmForCausalLM."""
    try:
        from transformers import StableLmConfig, StableLmForCausalLM
    except ImportError as e:
        return {'transformers': 'missing: %s' % e}
    import transformers
    cfg = StableLmConfig(**{k: v for k, v in config.items() if k not in ('architectures', 'model_type', 'torch_dtype')})
    hf = StableLmForCausalLM(cfg).to(device).float().eval()
    sd = {k: v.detach().to(torch.bfloat16).float() for k, v in model.state_dict().items() if k != 'inv_freq'}
    missing, unexpected = hf.load_state_dict(sd, strict=False)
    mine = StableLm(config).to(device).float().eval()
    mine.load_state_dict(sd, strict=False)
    ids = tokens[None].to(device)
    with torch.no_grad():
        a = hf(input_ids=ids).logits.float()
        seg, pos = segments(ids, -1)
        b = mine(ids, pos, seg).float()
    ce = lambda l: F.cross_entropy(l[0, :-1], ids[0, 1:]).item() / math.log(2)
    r = {'transformers': transformers.__version__, 'missing': list(missing),
         'unexpected': [k for k in unexpected if 'rotary' not in k],
         'max_abs_logit_diff': (a - b).abs().max().item(), 'hf_bits_per_token': ce(a), 'ours_bits_per_token': ce(b)}
    log(f'HF check: {r}')
    return r


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--data', required=True)
    ap.add_argument('--out', required=True, help='output prefix for weights and results')
    ap.add_argument('--name', required=True)
    ap.add_argument('--layers', type=int, default=4)
    ap.add_argument('--hidden', type=int, default=256)
    ap.add_argument('--heads', type=int, default=8)
    ap.add_argument('--intermediate', type=int, default=688)
    ap.add_argument('--context', type=int, default=256)
    ap.add_argument('--ramp', type=float, default=0.0, help='fraction of steps at half context (twice the rows)')
    ap.add_argument('--batch-tokens', type=int, default=32768)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--warmup', type=int, default=100)
    ap.add_argument('--epochs', type=float, default=4.0)
    ap.add_argument('--deadline', type=float, default=0, help='unix time by which training must end')
    ap.add_argument('--max-steps', type=int, default=0)
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--save', action='store_true')
    ap.add_argument('--max-file-bytes', type=int, default=16_000_000)
    a = ap.parse_args()

    t_start = time.time()
    logf = open(a.out + '.log', 'a')

    def log(msg):
        line = f'[{a.name} {time.time() - t_start:7.1f}s] {msg}'
        print(line, flush=True)
        logf.write(line + '\n')
        logf.flush()

    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    torch.manual_seed(a.seed)
    if device.type == 'cuda':
        torch.backends.cuda.matmul.allow_tf32 = True
    meta = dict(l.split('=', 1) for l in open(os.path.join(a.data, 'meta.properties')).read().split('\n') if '=' in l)
    vocab, eot = int(meta['vocab']), int(meta['eot'])
    tp = os.path.join(a.data, 'train.u16')
    train = torch.from_numpy(read_u16(tp if os.path.exists(tp) else tp + '.xz')).to(device)
    val = torch.from_numpy(read_u16(os.path.join(a.data, 'val.u16'))).to(device)
    token_bytes = torch.from_numpy(read_u16(os.path.join(a.data, 'token_bytes.u16'))).to(device)
    config = hf_config(a, vocab, eot)
    model = StableLm(config).to(device)
    init_weights(model, a.layers)
    params = sum(p.numel() for p in model.parameters())
    log(f'{params / 1e6:.2f}M parameters, {a.layers}x{a.hidden} ffn {a.intermediate} context {a.context}, '
        f'{len(train)} train tokens, {len(val)} val tokens, device {device}')

    decay = [p for n, p in model.named_parameters() if p.dim() == 2 and 'embed_tokens' not in n]
    rest = [p for n, p in model.named_parameters() if not (p.dim() == 2 and 'embed_tokens' not in n)]
    kw = {'fused': True} if device.type == 'cuda' else {}
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.1}, {'params': rest, 'weight_decay': 0.0}],
                            lr=a.lr, betas=(0.9, 0.95), eps=1e-8, **kw)

    S_full = a.context
    gen = torch.Generator(device='cpu').manual_seed(a.seed)

    def epoch_starts(S):
        n = (len(train) - 1) // S
        return (torch.randperm(n, generator=gen) * S).to(device)

    tokens_per_epoch = len(train)
    max_steps = int(a.epochs * tokens_per_epoch / a.batch_tokens)
    if a.max_steps:
        max_steps = min(max_steps, a.max_steps)
    total = max_steps
    state = {'S': None, 'starts': None, 'i': 0}

    def next_batch(S):
        rows = a.batch_tokens // S
        if state['S'] != S or state['i'] + rows > len(state['starts']):  # a new epoch's order
            state['S'], state['starts'], state['i'] = S, epoch_starts(S), 0
        s = state['starts'][state['i']:state['i'] + rows]
        state['i'] += rows
        return windows_batch(train, s, S)

    step, t0, seen = 0, time.time(), 0
    timed_from = None
    model.train()
    while step < total:
        S = S_full // 2 if step < a.ramp * total else S_full
        lr = a.lr * (step + 1) / a.warmup if step < a.warmup else \
            a.lr / 10 + (a.lr - a.lr / 10) * 0.5 * (1 + math.cos(math.pi * (step - a.warmup) / max(1, total - a.warmup)))
        for g in opt.param_groups:
            g['lr'] = lr
        ids, tgt = next_batch(S)
        seg, pos = segments(ids, eot)
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == 'cuda'):
            logits = model(ids, pos, seg)
        loss = F.cross_entropy(logits.float().reshape(-1, vocab), tgt.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        seen += ids.numel()
        if step == 10:
            if device.type == 'cuda':
                torch.cuda.synchronize()
            timed_from = (time.time(), step)
        if step == 40 and a.deadline and timed_from:
            if device.type == 'cuda':
                torch.cuda.synchronize()
            per = (time.time() - timed_from[0]) / (step - timed_from[1])
            fit = step + int((a.deadline - time.time()) / per)
            if fit < total:
                log(f'{per * 1000:.1f} ms/step: {fit} steps fit before the deadline (of {total})')
                total = max(step + 1, fit)
            else:
                log(f'{per * 1000:.1f} ms/step: all {total} steps fit')
        if step % 200 == 0 or step == total:
            el = time.time() - t0
            log(f'step {step}/{total} loss {loss.item():.4f} lr {lr:.2e} |g| {gn.item():.2f} '
                f'{seen / el:.0f} tok/s epoch {seen / tokens_per_epoch:.2f}')
    train_seconds = time.time() - t0

    model.eval()
    nv = (len(val) - 1) // S_full
    full = torch.arange(nv, device=device) * S_full
    loss_full, bpb_full = evaluate(model, val, token_bytes, full, S_full, eot, 64, device)
    nv256 = (len(val) - 1) // 256
    w64 = torch.tensor([(i * nv256 // 64) * 256 for i in range(min(64, nv256))], device=device)
    loss64, bpb64 = evaluate(model, val, token_bytes, w64, 256, eot, 64, device)
    log(f'validation: {bpb_full:.4f} bits/byte over {nv} windows of {S_full}; {bpb64:.4f} on the 64 windows of 256')
    res = {'name': a.name, 'config': config, 'params': params, 'steps': step, 'tokens_seen': seen,
           'epochs': seen / tokens_per_epoch, 'train_seconds': train_seconds, 'final_loss': loss.item(),
           'val_bpb': bpb_full, 'val_loss': loss_full, 'val64_bpb': bpb64, 'val64_loss': loss64,
           'lr': a.lr, 'batch_tokens': a.batch_tokens, 'ramp': a.ramp, 'seed': a.seed}
    try:
        res['hf_check'] = hf_check(model, config, val[:S_full], device, log)
    except Exception as e:  # report, do not lose the weights
        res['hf_check'] = {'error': repr(e)}
        log(f'HF check failed: {e!r}')
    if a.save:
        res['files'] = [os.path.basename(f) for f in save_safetensors(model, a.out, a.max_file_bytes)]
    json.dump(res, open(a.out + '.json', 'w'), indent=1)
    log('done')


if __name__ == '__main__':
    main()
