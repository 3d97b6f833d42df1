#!/usr/bin/python3
"""Writes the parity fixtures used by packages/lm/test/parity.test.ts.

Two tiny random models (config.json + model.safetensors) and the logits they produce for fixed,
partly left-padded inputs: a Qwen2-style one (grouped-query attention, q/k/v bias, untied head)
and a LLaMA-style one (multi-head attention, no bias, tied head). The forward pass below is
written from the published Qwen2/LLaMA architecture (pre-norm decoder, RMSNorm, rotary
embeddings with rope_theta, attention, SwiGLU MLP); it uses PyTorch tensors only, not the
transformers library, and runs in float64 so the reference is more exact than the float32 model
under test.

Run with Debian's python3-torch:
    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 packages/lm/scripts/make-parity-fixture.py packages/lm/test/fixtures
"""
import json
import math
import os
import sys

import torch

from safetensors_writer import write_safetensors

CONFIG = {
    "architectures": ["Qwen2ForCausalLM"],
    "model_type": "qwen2",
    "vocab_size": 64,
    "hidden_size": 32,
    "intermediate_size": 48,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "max_position_embeddings": 128,
    "rope_theta": 1000000.0,
    "rms_norm_eps": 1e-6,
    "tie_word_embeddings": False,
    "hidden_act": "silu",
    "torch_dtype": "float32",
}
LLAMA_CONFIG = {
    **CONFIG,
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "num_key_value_heads": 4,
    "rope_theta": 500000.0,
    "rms_norm_eps": 1e-5,
    "tie_word_embeddings": True,
    "attention_bias": False,
}
INPUT_IDS = [[0, 0, 17, 5, 42, 9, 33], [3, 60, 7, 7, 21, 1, 12]]
ATTENTION_MASK = [[0, 0, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1]]


def make_weights(config, generator):
    hidden, inter = config["hidden_size"], config["intermediate_size"]
    head = hidden // config["num_attention_heads"]
    kv = config["num_key_value_heads"] * head

    def normal(*shape, std=0.2):
        return torch.randn(*shape, generator=generator, dtype=torch.float32) * std

    bias = config["model_type"] == "qwen2" or config.get("attention_bias", False)
    weights = {"model.embed_tokens.weight": normal(config["vocab_size"], hidden, std=1.0)}
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}"
        weights[f"{p}.input_layernorm.weight"] = 1 + normal(hidden, std=0.1)
        weights[f"{p}.self_attn.q_proj.weight"] = normal(hidden, hidden)
        if bias:
            weights[f"{p}.self_attn.q_proj.bias"] = normal(hidden, std=0.1)
        weights[f"{p}.self_attn.k_proj.weight"] = normal(kv, hidden)
        if bias:
            weights[f"{p}.self_attn.k_proj.bias"] = normal(kv, std=0.1)
        weights[f"{p}.self_attn.v_proj.weight"] = normal(kv, hidden)
        if bias:
            weights[f"{p}.self_attn.v_proj.bias"] = normal(kv, std=0.1)
        weights[f"{p}.self_attn.o_proj.weight"] = normal(hidden, hidden)
        weights[f"{p}.post_attention_layernorm.weight"] = 1 + normal(hidden, std=0.1)
        weights[f"{p}.mlp.gate_proj.weight"] = normal(inter, hidden)
        weights[f"{p}.mlp.up_proj.weight"] = normal(inter, hidden)
        weights[f"{p}.mlp.down_proj.weight"] = normal(hidden, inter)
    weights["model.norm.weight"] = 1 + normal(hidden, std=0.1)
    if not config["tie_word_embeddings"]:
        weights["lm_head.weight"] = normal(config["vocab_size"], hidden)
    return weights


def rms_norm(x, weight, eps):
    return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def forward(config, w, input_ids, mask):
    """Qwen2 forward in float64; returns [batch, time, vocab] logits."""
    w = {k: v.double() for k, v in w.items()}
    batch, time = input_ids.shape
    heads, kv_heads = config["num_attention_heads"], config["num_key_value_heads"]
    head = config["hidden_size"] // heads
    eps = config["rms_norm_eps"]
    positions = (mask.cumsum(-1) - 1).clamp(min=0).double()
    inv_freq = 1.0 / (config["rope_theta"] ** (torch.arange(0, head, 2, dtype=torch.float64) / head))
    freqs = positions[..., None] * inv_freq
    emb = torch.cat((freqs, freqs), dim=-1)[:, None]  # [batch, 1, time, head]
    cos, sin = emb.cos(), emb.sin()
    allowed = torch.tril(torch.ones(time, time, dtype=torch.bool))[None, None] & mask.bool()[:, None, None, :]
    bias = torch.where(allowed, 0.0, -1e9).double()
    h = w["model.embed_tokens.weight"][input_ids]
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}"
        x = rms_norm(h, w[f"{p}.input_layernorm.weight"], eps)

        def proj(name, n):
            y = x @ w[f"{p}.self_attn.{name}.weight"].T
            if f"{p}.self_attn.{name}.bias" in w:
                y = y + w[f"{p}.self_attn.{name}.bias"]
            return y.view(batch, time, n, head).transpose(1, 2)

        q, k, v = proj("q_proj", heads), proj("k_proj", kv_heads), proj("v_proj", kv_heads)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(heads // kv_heads, dim=1)
        v = v.repeat_interleave(heads // kv_heads, dim=1)
        scores = q @ k.transpose(-1, -2) / math.sqrt(head) + bias
        attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, time, heads * head)
        h = h + attended @ w[f"{p}.self_attn.o_proj.weight"].T
        y = rms_norm(h, w[f"{p}.post_attention_layernorm.weight"], eps)
        gate = y @ w[f"{p}.mlp.gate_proj.weight"].T
        up = y @ w[f"{p}.mlp.up_proj.weight"].T
        h = h + (torch.nn.functional.silu(gate) * up) @ w[f"{p}.mlp.down_proj.weight"].T
    head = w["model.embed_tokens.weight"] if config["tie_word_embeddings"] else w["lm_head.weight"]
    return rms_norm(h, w["model.norm.weight"], eps) @ head.T


def write_fixture(out, config, seed):
    os.makedirs(out, exist_ok=True)
    weights = make_weights(config, torch.Generator().manual_seed(seed))
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    write_safetensors(os.path.join(out, "model.safetensors"), weights)
    logits = forward(config, weights, torch.tensor(INPUT_IDS), torch.tensor(ATTENTION_MASK))
    expected = {
        "input_ids": INPUT_IDS,
        "attention_mask": ATTENTION_MASK,
        "logits": [[[round(float(x), 7) for x in row] for row in seq] for seq in logits],
    }
    with open(os.path.join(out, "expected-logits.json"), "w") as f:
        json.dump(expected, f)
    print(f"wrote {out}: logits {tuple(logits.shape)}, |logits| max {logits.abs().max().item():.3f}")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "packages/lm/test/fixtures"
    write_fixture(os.path.join(root, "tiny-qwen2"), CONFIG, 20260101)
    write_fixture(os.path.join(root, "tiny-llama"), LLAMA_CONFIG, 20260102)


if __name__ == "__main__":
    main()
