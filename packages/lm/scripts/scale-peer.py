#!/usr/bin/python3
"""PyTorch peer of packages/lm/bench/scale: times one piece of work on a model directory.

Reads the same Hugging Face directory as r1kit (config.json + model.safetensors, F32) and runs a
Qwen2/LLaMA forward pass written from the published architecture (pre-norm decoder, RMSNorm,
rotary embeddings with rope_theta, grouped-query attention with optional q/k/v bias, SwiGLU
MLP, tied or untied head) in PyTorch eager, float32, without the transformers library. The KV
cache concatenates keys and values every step, as Hugging Face's DynamicCache does.

Usage (one task per process, so that the peak RSS belongs to that task):
    /usr/bin/python3 packages/lm/scripts/scale-peer.py DIR decode BATCH PROMPT NEW_TOKENS
    /usr/bin/python3 packages/lm/scripts/scale-peer.py DIR train BATCH TIME full|lora STEPS [MICRO_BATCH]
MICRO_BATCH (default BATCH): rows per forward + backward pass; a step accumulates their gradients.
Prints one JSON line. Threads: R1KIT_TORCH_THREADS (default 2).
Needs: apt-get install -y python3-torch python3-numpy libopenblas0-pthread
"""
import json
import math
import os
import resource
import struct
import sys
import time

import numpy
import torch

PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + size])
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise SystemExit(f"scale-peer: {name} is {info['dtype']}; only F32 is supported")
        start, end = info["data_offsets"]
        array = numpy.frombuffer(raw, dtype="<f4", count=(end - start) // 4, offset=base + start)
        tensors[name] = torch.from_numpy(array.copy()).view(*info["shape"])
    return tensors


def project_name(layer, name):
    block = "self_attn" if name[0] in "qkvo" else "mlp"
    return f"model.layers.{layer}.{block}.{name}"


class Model:
    def __init__(self, directory, lora_rank=0):
        with open(os.path.join(directory, "config.json")) as f:
            self.config = json.load(f)
        self.w = read_safetensors(os.path.join(directory, "model.safetensors"))
        c = self.config
        self.heads, self.kv_heads = c["num_attention_heads"], c["num_key_value_heads"]
        self.head_dim = c["hidden_size"] // self.heads
        self.eps = c["rms_norm_eps"]
        self.layers = c["num_hidden_layers"]
        self.inv_freq = 1.0 / (
            c["rope_theta"] ** (torch.arange(0, self.head_dim, 2, dtype=torch.float32) / self.head_dim)
        )
        self.lora = {}
        if lora_rank > 0:
            generator = torch.Generator().manual_seed(0)
            for layer in range(self.layers):
                for name in PROJECTIONS:
                    out_features, in_features = self.w[f"{project_name(layer, name)}.weight"].shape
                    a = torch.randn(lora_rank, in_features, generator=generator) / math.sqrt(in_features)
                    b = torch.zeros(out_features, lora_rank)
                    self.lora[f"{project_name(layer, name)}"] = (
                        a.requires_grad_(True),
                        b.requires_grad_(True),
                        2.0,  # alpha 32 / rank 16
                    )

    def head(self):
        return self.w["model.embed_tokens.weight" if self.config["tie_word_embeddings"] else "lm_head.weight"]

    def parameters(self, mode):
        if mode == "lora":
            return [t for pair in self.lora.values() for t in pair[:2]]
        return list(self.w.values())

    def rms_norm(self, x, weight):
        return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))

    def linear(self, x, layer, name):
        path = project_name(layer, name)
        y = torch.nn.functional.linear(x, self.w[f"{path}.weight"], self.w.get(f"{path}.bias"))
        if path in self.lora:
            a, b, scale = self.lora[path]
            y = y + (x @ a.T @ b.T) * scale
        return y

    def forward(self, ids, past=None, start=0):
        """Hidden states after the final norm for `ids` at positions start..; returns the new cache."""
        batch, length = ids.shape
        positions = torch.arange(start, start + length, dtype=torch.float32)
        freqs = positions[:, None] * self.inv_freq
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos(), emb.sin()
        total = start + length
        bias = None
        if length > 1:
            bias = torch.full((length, total), -1e9).triu(start + 1)
        h = self.w["model.embed_tokens.weight"][ids]
        cache = []
        group = self.heads // self.kv_heads
        for i in range(self.layers):
            p = f"model.layers.{i}"
            x = self.rms_norm(h, self.w[f"{p}.input_layernorm.weight"])
            q = self.linear(x, i, "q_proj").view(batch, length, self.heads, self.head_dim).transpose(1, 2)
            k = self.linear(x, i, "k_proj").view(batch, length, self.kv_heads, self.head_dim).transpose(1, 2)
            v = self.linear(x, i, "v_proj").view(batch, length, self.kv_heads, self.head_dim).transpose(1, 2)
            q = q * cos + rotate_half(q) * sin
            k = k * cos + rotate_half(k) * sin
            if past is not None:
                k = torch.cat((past[i][0], k), dim=2)
                v = torch.cat((past[i][1], v), dim=2)
            cache.append((k, v))
            kr = k.repeat_interleave(group, dim=1)
            vr = v.repeat_interleave(group, dim=1)
            scores = q @ kr.transpose(-1, -2) / math.sqrt(self.head_dim)
            if bias is not None:
                scores = scores + bias
            attended = (scores.softmax(-1) @ vr).transpose(1, 2).reshape(batch, length, -1)
            h = h + self.linear(attended, i, "o_proj")
            y = self.rms_norm(h, self.w[f"{p}.post_attention_layernorm.weight"])
            gate = self.linear(y, i, "gate_proj")
            h = h + self.linear(torch.nn.functional.silu(gate) * self.linear(y, i, "up_proj"), i, "down_proj")
        return self.rms_norm(h, self.w["model.norm.weight"]), cache


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def prompt_ids(batch, length, vocab):
    # The same ids as bench/scale/r1kit-worker.ts.
    return torch.tensor([[(b * 131 + t * 17 + 1) % vocab for t in range(length)] for b in range(batch)])


def decode(model, batch, prompt, new_tokens):
    ids = prompt_ids(batch, prompt, model.config["vocab_size"])
    with torch.no_grad():
        started = time.perf_counter()
        hidden, cache = model.forward(ids)
        tokens = []
        for step in range(new_tokens):
            nxt = (hidden[:, -1] @ model.head().T).argmax(-1, keepdim=True)
            tokens.append(nxt)
            if step + 1 == new_tokens:
                break
            hidden, cache = model.forward(nxt, cache, prompt + step)
        seconds = time.perf_counter() - started
    out = torch.cat(tokens, dim=1)
    return {
        "tokensPerSecond": batch * new_tokens / seconds,
        "seconds": seconds,
        "firstRowIds": out[0].tolist(),
    }


def train(model, batch, length, mode, steps, micro_batch=None):
    all_ids = prompt_ids(batch, length, model.config["vocab_size"])
    completion = length // 2
    micro_batch = min(micro_batch or batch, batch)
    params = model.parameters(mode)
    for t in params:
        t.requires_grad_(True)
    times = []
    for step in range(steps + 1):
        started = time.perf_counter()
        sums = None
        for start in range(0, batch, micro_batch):
            ids = all_ids[start : start + micro_batch]
            rows = ids.shape[0]
            hidden, _ = model.forward(ids)
            states = hidden[:, length - completion - 1 : length - 1]
            logp = torch.log_softmax(states @ model.head().T, dim=-1)
            targets = ids[:, length - completion :]
            loss = -logp.gather(-1, targets[..., None]).mean() * (rows / batch)
            grads = torch.autograd.grad(loss, params)
            sums = grads if sums is None else [s + g for s, g in zip(sums, grads)]
            del grads, loss, logp, hidden, states
        del sums
        if step > 0:
            times.append(time.perf_counter() - started)
    seconds = sorted(times)[len(times) // 2]
    return {"tokensPerSecond": batch * length / seconds, "seconds": seconds}


def main():
    torch.set_num_threads(int(os.environ.get("R1KIT_TORCH_THREADS", "2")))
    directory, task = sys.argv[1], sys.argv[2]
    args = [int(a) if a.isdigit() else a for a in sys.argv[3:]]
    if task == "decode":
        model = Model(directory)
        decode(model, args[0], args[1], min(args[2], 4))  # warm-up, as on the r1kit side
        result = decode(model, *args)
    elif task == "train":
        batch, length, mode, steps = args[:4]
        micro_batch = args[4] if len(args) > 4 else batch
        model = Model(directory, 16 if mode == "lora" else 0)
        result = train(model, batch, length, mode, steps, micro_batch)
    else:
        raise SystemExit(f"scale-peer: unknown task {task!r}; expected decode or train")
    result["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["torch"] = torch.__version__
    result["threads"] = torch.get_num_threads()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
