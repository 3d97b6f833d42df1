#!/usr/bin/python3
"""Writes the parity fixtures of packages/lm/test/parity-families.test.ts.

Tiny random models of the newer families, each a Hugging Face directory (config.json +
model.safetensors), a PEFT LoRA adapter (adapter/) for the three main families, and the logits
the published architectures give for a 40-token, partly left-padded batch
(expected-logits.safetensors: `logits`, and `lora_logits` of the base with the adapter MERGED
into its weights, W + alpha / r * B A):

- tiny-qwen3: Qwen3 (q_norm/k_norm per head before RoPE, head_dim 6 != hidden / heads,
  attention_bias on q/k/v/o, untied head, sliding window 8 on layers >= max_window_layers 1);
- tiny-llama3: Llama 3.x (rope_scaling llama3 with original_max_position_embeddings 16, so the
  prompt's positions 16..39 are scaled; head_dim 16 from the config; tied head);
- tiny-gemma3: Gemma 3 text (embedding * sqrt(hidden) rounded to float32, RMSNorm (1 + weight),
  q/k norms, sandwich norms, gelu_pytorch_tanh, query_pre_attn_scalar, sliding layer 0 with
  rope_local_base_freq and global layer 1 with rope_theta + linear rope_scaling, attention and
  final logit soft-capping);
- tiny-qwen2-sliding: Qwen2 with use_sliding_window (window 8 from layer 1);
- tiny-llama-linear / -dynamic / -yarn: one-layer LLaMA models with those rope_scaling types.

Everything below is written from the published architectures with PyTorch tensors only (no
transformers library) and runs in float64, so the reference is more exact than the float32
model under test. Run with Debian's python3-torch:
    apt-get install -y python3-torch python3-numpy libopenblas0-pthread
    /usr/bin/python3 packages/lm/scripts/make-family-fixtures.py packages/lm/test/fixtures
"""
import json
import math
import os
import sys

import torch

from safetensors_writer import write_safetensors

torch.set_num_threads(2)

BASE = {
    "vocab_size": 48,
    "hidden_size": 16,
    "intermediate_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "max_position_embeddings": 64,
    "rms_norm_eps": 1e-6,
    "torch_dtype": "float32",
}
QWEN3 = {
    **BASE,
    "architectures": ["Qwen3ForCausalLM"],
    "model_type": "qwen3",
    "head_dim": 6,
    "hidden_act": "silu",
    "rope_theta": 1000000.0,
    "attention_bias": True,
    "tie_word_embeddings": False,
    "use_sliding_window": True,
    "sliding_window": 8,
    "max_window_layers": 1,
}
LLAMA3 = {
    **BASE,
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "num_attention_heads": 2,
    "num_key_value_heads": 1,
    "head_dim": 16,
    "hidden_act": "silu",
    "rope_theta": 10000.0,
    "rms_norm_eps": 1e-5,
    "tie_word_embeddings": True,
    "rope_scaling": {
        "rope_type": "llama3",
        "factor": 4.0,
        "low_freq_factor": 0.5,
        "high_freq_factor": 2.0,
        "original_max_position_embeddings": 16,
    },
}
GEMMA3 = {
    **BASE,
    "architectures": ["Gemma3ForCausalLM"],
    "model_type": "gemma3_text",
    "head_dim": 8,
    "hidden_activation": "gelu_pytorch_tanh",
    "rope_theta": 1000000.0,
    "rope_local_base_freq": 10000.0,
    "rope_scaling": {"rope_type": "linear", "factor": 2.0},
    "query_pre_attn_scalar": 12,
    "sliding_window": 8,
    "sliding_window_pattern": 2,
    "attn_logit_softcapping": 3.0,
    "final_logit_softcapping": 10.0,
    "tie_word_embeddings": True,
}
QWEN2_SLIDING = {
    **BASE,
    "architectures": ["Qwen2ForCausalLM"],
    "model_type": "qwen2",
    "hidden_act": "silu",
    "rope_theta": 1000000.0,
    "tie_word_embeddings": False,
    "use_sliding_window": True,
    "sliding_window": 8,
    "max_window_layers": 1,
}
ROPE_LLAMA = {**LLAMA3, "num_hidden_layers": 1, "tie_word_embeddings": False}
ROPE_VARIANTS = {
    "tiny-llama-linear": {**ROPE_LLAMA, "rope_scaling": {"type": "linear", "factor": 3.0}},
    "tiny-llama-dynamic": {
        **ROPE_LLAMA,
        "max_position_embeddings": 16,
        "rope_scaling": {"rope_type": "dynamic", "factor": 2.0},
    },
    "tiny-llama-yarn": {
        **ROPE_LLAMA,
        "rope_scaling": {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 16},
    },
}
LORA = {"r": 2, "lora_alpha": 4}
PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
TIME = 40
PADDING = 5


def inputs(generator):
    ids = torch.randint(1, BASE["vocab_size"], (2, TIME), generator=generator)
    mask = torch.ones(2, TIME, dtype=torch.int64)
    mask[0, :PADDING] = 0
    ids[0, :PADDING] = 0
    return ids, mask


def head_dim(config):
    return config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]


def is_gemma(config):
    return config["model_type"] == "gemma3_text"


def has_qk_norm(config):
    return config["model_type"] in ("qwen3", "gemma3_text")


def layer_types(config):
    n = config["num_hidden_layers"]
    if is_gemma(config):
        pattern = config["sliding_window_pattern"]
        return ["full" if (i + 1) % pattern == 0 else "sliding" for i in range(n)]
    if config.get("use_sliding_window"):
        return ["sliding" if i >= config["max_window_layers"] else "full" for i in range(n)]
    return ["full"] * n


def make_weights(config, generator):
    hidden, inter, head = config["hidden_size"], config["intermediate_size"], head_dim(config)
    q_out, kv_out = config["num_attention_heads"] * head, config["num_key_value_heads"] * head

    def normal(*shape, std=0.3):
        return torch.randn(*shape, generator=generator, dtype=torch.float32) * std

    def gain(n):  # Gemma stores w of (1 + w); the others store the gain itself
        return normal(n, std=0.1) if is_gemma(config) else 1 + normal(n, std=0.1)

    qkv_bias = config["model_type"] == "qwen2" or config.get("attention_bias", False)
    o_bias = config.get("attention_bias", False) and config["model_type"] != "qwen2"
    shapes = {
        "q_proj": (q_out, hidden), "k_proj": (kv_out, hidden), "v_proj": (kv_out, hidden),
        "o_proj": (hidden, q_out), "gate_proj": (inter, hidden), "up_proj": (inter, hidden),
        "down_proj": (hidden, inter),
    }
    w = {"model.embed_tokens.weight": normal(config["vocab_size"], hidden, std=1.0)}
    for i in range(config["num_hidden_layers"]):
        p = f"model.layers.{i}"
        w[f"{p}.input_layernorm.weight"] = gain(hidden)
        w[f"{p}.post_attention_layernorm.weight"] = gain(hidden)
        if is_gemma(config):
            w[f"{p}.pre_feedforward_layernorm.weight"] = gain(hidden)
            w[f"{p}.post_feedforward_layernorm.weight"] = gain(hidden)
        if has_qk_norm(config):
            w[f"{p}.self_attn.q_norm.weight"] = gain(head)
            w[f"{p}.self_attn.k_norm.weight"] = gain(head)
        for name in PROJECTIONS:
            block = "self_attn" if name[0] in "qkvo" else "mlp"
            w[f"{p}.{block}.{name}.weight"] = normal(*shapes[name], std=1 / math.sqrt(shapes[name][1]))
            if (name in ("q_proj", "k_proj", "v_proj") and qkv_bias) or (name == "o_proj" and o_bias):
                w[f"{p}.{block}.{name}.bias"] = normal(shapes[name][0], std=0.1)
    w["model.norm.weight"] = gain(hidden)
    if not config["tie_word_embeddings"]:
        w["lm_head.weight"] = normal(config["vocab_size"], hidden, std=1 / math.sqrt(hidden))
    return w


def make_lora(config, weights, generator):
    """PEFT factors for every projection: lora_A [r, in], lora_B [out, r] (both random)."""
    factors = {}
    for i in range(config["num_hidden_layers"]):
        for name in PROJECTIONS:
            block = "self_attn" if name[0] in "qkvo" else "mlp"
            out, inp = weights[f"model.layers.{i}.{block}.{name}.weight"].shape
            key = f"base_model.model.model.layers.{i}.{block}.{name}"
            factors[f"{key}.lora_A.weight"] = torch.randn(LORA["r"], inp, generator=generator) * 0.15
            factors[f"{key}.lora_B.weight"] = torch.randn(out, LORA["r"], generator=generator) * 0.15
    return factors


def merge_lora(weights, factors):
    merged = dict(weights)
    scale = LORA["lora_alpha"] / LORA["r"]
    prefix = "base_model.model."
    for name, a in factors.items():
        if ".lora_A." not in name:
            continue
        b = factors[name.replace("lora_A", "lora_B")]
        target = name[len(prefix):].replace(".lora_A.weight", ".weight")
        merged[target] = (weights[target].double() + scale * b.double() @ a.double())
    return merged


def inverse_frequencies(config, theta, scaling, seq_len):
    """inv_freq and the cos/sin factor of one rotary table, from the published formulas."""
    dim = head_dim(config)
    if scaling is not None and (scaling.get("rope_type") or scaling.get("type")) == "dynamic":
        max_pos = config["max_position_embeddings"]
        length = max(seq_len, max_pos)
        theta = theta * ((scaling["factor"] * length / max_pos) - (scaling["factor"] - 1)) ** (dim / (dim - 2))
    inv = 1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
    kind = None if scaling is None else scaling.get("rope_type") or scaling.get("type")
    if kind == "linear":
        return inv / scaling["factor"], 1.0
    if kind == "llama3":
        factor, low, high = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
        original = scaling["original_max_position_embeddings"]
        wavelength = 2 * math.pi / inv
        smooth = (original / wavelength - low) / (high - low)
        blended = (1 - smooth) * inv / factor + smooth * inv
        out = torch.where(wavelength > original / low, inv / factor, inv)
        medium = (wavelength >= original / high) & (wavelength <= original / low)
        return torch.where(medium, blended, out), 1.0
    if kind == "yarn":
        original = scaling["original_max_position_embeddings"]
        factor = config["max_position_embeddings"] / original
        def correction(rotations):
            return dim * math.log(original / (rotations * 2 * math.pi)) / (2 * math.log(theta))
        low = max(math.floor(correction(scaling.get("beta_fast", 32))), 0)
        high = min(math.ceil(correction(scaling.get("beta_slow", 1))), dim - 1)
        if low == high:
            high += 0.001
        ramp = ((torch.arange(dim // 2, dtype=torch.float64) - low) / (high - low)).clamp(0, 1)
        extrapolation = 1 - ramp
        inv = (inv / factor) * (1 - extrapolation) + inv * extrapolation
        return inv, 0.1 * math.log(factor) + 1.0
    return inv, 1.0


def rms_norm(x, weight, eps, gemma):
    normed = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)
    return normed * (1 + weight) if gemma else normed * weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def gelu_tanh(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3))))


def forward(config, weights, input_ids, mask):
    """The family's forward pass in float64; returns [batch, time, vocab] logits."""
    w = {k: v.double() for k, v in weights.items()}
    gemma = is_gemma(config)
    batch, time = input_ids.shape
    heads, kv_heads, head = config["num_attention_heads"], config["num_key_value_heads"], head_dim(config)
    eps = config["rms_norm_eps"]
    positions = (mask.cumsum(-1) - 1).clamp(min=0).double()
    seq_len = int(positions.max().item()) + 1

    def tables(theta, scaling):
        inv, factor = inverse_frequencies(config, theta, scaling, seq_len)
        emb = torch.cat([positions[..., None] * inv] * 2, dim=-1)[:, None]
        return emb.cos() * factor, emb.sin() * factor

    global_tables = tables(config["rope_theta"], config.get("rope_scaling"))
    local_tables = tables(config["rope_local_base_freq"], None) if gemma else global_tables
    column = torch.arange(time)
    causal = column[None, :] <= column[:, None]
    window = column[None, :] > column[:, None] - config.get("sliding_window", time + 1)
    padding = mask.bool()[:, None, None, :]
    full_bias = torch.where(causal[None, None] & padding, 0.0, -1e9).double()
    sliding_bias = torch.where((causal & window)[None, None] & padding, 0.0, -1e9).double()
    scale = (config.get("query_pre_attn_scalar") or head) ** -0.5
    h = w["model.embed_tokens.weight"][input_ids]
    if gemma:  # Gemma3TextScaledWordEmbedding: the factor in the weights' dtype (float32)
        h = h * float(torch.tensor(config["hidden_size"] ** 0.5, dtype=torch.float32))
    for i, kind in enumerate(layer_types(config)):
        p = f"model.layers.{i}"
        cos, sin = local_tables if kind == "sliding" else global_tables
        bias = sliding_bias if kind == "sliding" else full_bias
        x = rms_norm(h, w[f"{p}.input_layernorm.weight"], eps, gemma)

        def linear(name, y):
            block = "self_attn" if name[0] in "qkvo" else "mlp"
            out = y @ w[f"{p}.{block}.{name}.weight"].T
            if f"{p}.{block}.{name}.bias" in w:
                out = out + w[f"{p}.{block}.{name}.bias"]
            return out

        def heads_of(name, n):
            return linear(name, x).view(batch, time, n, head).transpose(1, 2)

        q, k, v = heads_of("q_proj", heads), heads_of("k_proj", kv_heads), heads_of("v_proj", kv_heads)
        if has_qk_norm(config):
            q = rms_norm(q, w[f"{p}.self_attn.q_norm.weight"], eps, gemma)
            k = rms_norm(k, w[f"{p}.self_attn.k_norm.weight"], eps, gemma)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(heads // kv_heads, dim=1)
        v = v.repeat_interleave(heads // kv_heads, dim=1)
        scores = q @ k.transpose(-1, -2) * scale
        if config.get("attn_logit_softcapping"):
            cap = config["attn_logit_softcapping"]
            scores = torch.tanh(scores / cap) * cap
        attended = ((scores + bias).softmax(-1) @ v).transpose(1, 2).reshape(batch, time, heads * head)
        out = linear("o_proj", attended)
        if gemma:
            out = rms_norm(out, w[f"{p}.post_attention_layernorm.weight"], eps, gemma)
        h = h + out
        norm = "pre_feedforward_layernorm" if gemma else "post_attention_layernorm"
        y = rms_norm(h, w[f"{p}.{norm}.weight"], eps, gemma)
        gate = linear("gate_proj", y)
        activated = gelu_tanh(gate) if gemma else torch.nn.functional.silu(gate)
        mlp = linear("down_proj", activated * linear("up_proj", y))
        if gemma:
            mlp = rms_norm(mlp, w[f"{p}.post_feedforward_layernorm.weight"], eps, gemma)
        h = h + mlp
    head_weight = w["model.embed_tokens.weight"] if config["tie_word_embeddings"] else w["lm_head.weight"]
    logits = rms_norm(h, w["model.norm.weight"], eps, gemma) @ head_weight.T
    if config.get("final_logit_softcapping"):
        cap = config["final_logit_softcapping"]
        logits = torch.tanh(logits / cap) * cap
    return logits


def write_fixture(out, config, seed, lora):
    os.makedirs(out, exist_ok=True)
    generator = torch.Generator().manual_seed(seed)
    weights = make_weights(config, generator)
    ids, mask = inputs(generator)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    write_safetensors(os.path.join(out, "model.safetensors"), weights)
    expected = {"logits": forward(config, weights, ids, mask)}
    if lora:
        factors = make_lora(config, weights, generator)
        os.makedirs(os.path.join(out, "adapter"), exist_ok=True)
        adapter_config = {
            "peft_type": "LORA", "task_type": "CAUSAL_LM", "r": LORA["r"], "lora_alpha": LORA["lora_alpha"],
            "lora_dropout": 0.0, "bias": "none", "fan_in_fan_out": False, "target_modules": PROJECTIONS,
        }
        with open(os.path.join(out, "adapter", "adapter_config.json"), "w") as f:
            json.dump(adapter_config, f, indent=2)
        write_safetensors(os.path.join(out, "adapter", "adapter_model.safetensors"), factors)
        expected["lora_logits"] = forward(config, merge_lora(weights, factors), ids, mask)
    write_safetensors(os.path.join(out, "expected-logits.safetensors"), expected)
    with open(os.path.join(out, "inputs.json"), "w") as f:
        json.dump({"input_ids": ids.tolist(), "attention_mask": mask.tolist()}, f)
    print(f"wrote {out}: logits {tuple(expected['logits'].shape)}, |logits| max {expected['logits'].abs().max().item():.3f}")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "packages/lm/test/fixtures"
    write_fixture(os.path.join(root, "tiny-qwen3"), QWEN3, 20260301, True)
    write_fixture(os.path.join(root, "tiny-llama3"), LLAMA3, 20260302, True)
    write_fixture(os.path.join(root, "tiny-gemma3"), GEMMA3, 20260303, True)
    write_fixture(os.path.join(root, "tiny-qwen2-sliding"), QWEN2_SLIDING, 20260304, False)
    for seed, (name, config) in enumerate(ROPE_VARIANTS.items()):
        write_fixture(os.path.join(root, name), config, 20260310 + seed, False)


if __name__ == "__main__":
    main()
