"""The event typer: a multinomial logistic regression over sparse features of a trigger and its clause and
dense ones, spaCy's own token vectors (`doc.tensor`, the tok2vec output the parser already made). Where the
fine-tuned sentence classifier is installed (`dateline.events.encoder`), the events stage blends its reading
of the whole sentence into this one's (`blend`).

The weights ship in data/ (a few hundred kB of float16, with their feature vocabulary). A candidate costs a
few dictionary look-ups and two small matrix-vector products. `dateline.events.train` fits them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from io import BytesIO
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dateline.events.detect import Candidate

WEIGHTS = "typer.npz"
#: Words too common to say anything about an event's type.
STOP = frozenset(
    [
        'the', 'a', 'an', 'of', 'and', 'or', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from',
        'that', 'this', 'its', 'his', 'her', 'their', 'it', 'he', 'she', 'they', 'be', 'have', 'do',
        'say', 'said', ',', '.', "'", '"', '’', '“', '”', '-', '(', ')',
    ]
)  # fmt: skip


def context(cands: Sequence[Candidate], sent: Span) -> list[str]:
    """Features of a whole sentence, shared by each of its candidates: its other candidates and the shape of
    its verbs ("said it would attack", "condemned the attack", "filed a lawsuit against") weigh on how to
    read one trigger."""
    out = [] if cands else ["s_none"]
    for c in cands:
        out += [f"s_lex={c.type}", f"s_cs={c.type}:{c.status}", f"s_trig={c.trigger.lemma_.lower()}"]
    for t in sent:
        if t.dep_ in ("ROOT", "xcomp", "ccomp", "conj") and t.pos_ in ("VERB", "NOUN"):
            out.append(f"s_v={t.lemma_.lower()}")
        if t.pos_ == "VERB":
            lemma = t.lemma_.lower()
            out += [
                f"s_vc={lemma}:{ch.dep_}:{ch.lemma_.lower()}" for ch in t.children if ch.dep_ in SHAPE_DEPS
            ]
    return out


#: The dependents of a verb that tell what kind of act it is ("take over", "call for", "not attack").
SHAPE_DEPS = frozenset({"dobj", "prep", "prt", "xcomp", "neg", "aux", "auxpass", "nsubjpass"})


def features(c: Candidate, sent: Span, shared: Sequence[str] = ()) -> list[str]:
    """The names of the features that fire for a candidate: its trigger, the words around it, its clause's
    shape and, more weakly, the sentence's words and its other candidates (`context`)."""
    t = c.trigger
    lemma = t.lemma_.lower()
    f = [
        f"lex={c.entry.type}",
        f"lexmode={c.entry.type}:{c.entry.mode}",
        f"trig={lemma}",
        f"key={c.entry.key}",
        f"pos={'N' if c.nominal else 'V'}",
        f"status={c.status}",
        f"head={t.head.lemma_.lower()}",
        f"dep={t.dep_}",
        f"tag={t.tag_}",  # "provide" against "provided", "has provided": a habit is told in the present
    ]
    f.extend(f"aux={ch.lemma_.lower()}" for ch in t.children if ch.dep_ in ("aux", "auxpass"))
    if c.passive:
        f.append("passive")
        f.append(f"passive={lemma}")
    if not c.actors:
        f.append("no_actor")
    if not c.recipients:
        f.append("no_recipient")
    for ch in t.children:
        if ch.dep_ in (
            "dobj",
            "prep",
            "prt",
            "xcomp",
            "ccomp",
            "nsubjpass",
            "compound",
            "amod",
            "attr",
            "acomp",
        ):
            cl = ch.lemma_.lower()
            f.append(f"ch={ch.dep_}:{cl}")
            f.append(f"tc={lemma}:{cl}")
            if ch.dep_ in ("xcomp", "ccomp", "prep"):
                for g in ch.children:
                    if g.dep_ in ("dobj", "pobj", "xcomp", "prep"):
                        f.append(f"gc={cl}:{g.lemma_.lower()}")
    doc = t.doc
    lo, hi = max(sent.start, t.i - 3), min(sent.end, t.i + 4)
    for i in range(lo, hi):
        w = doc[i].lemma_.lower()
        if w not in STOP and i != t.i:
            f.append(f"win={w}")
    for tok in sent:
        if tok.is_alpha and not tok.is_stop and tok.pos_ in ("VERB", "NOUN", "ADJ"):
            f.append(f"w={tok.lemma_.lower()}")
    f.extend(shared)
    return f


#: Width of spaCy's token vectors in the small English pipeline; other widths give no dense features.
WIDTH = 96


def _vec(tokens: list[Token]) -> np.ndarray:
    if not tokens:
        return np.zeros(WIDTH, dtype=np.float32)
    tensor = tokens[0].doc.tensor
    if tensor is None or getattr(tensor, "ndim", 0) != 2 or tensor.shape[1] != WIDTH:
        return np.zeros(WIDTH, dtype=np.float32)
    return np.asarray(tensor[[t.i for t in tokens]].mean(axis=0), dtype=np.float32)


def vector(trigger: Token, sent: Span) -> np.ndarray:
    """Dense features: the trigger's token vector, its head's and the sentence's mean."""
    return np.concatenate([_vec([trigger]), _vec([trigger.head]), _vec(list(sent))])


def blend(
    probs: dict[str, float], sentence: dict[str, float], power: float = 1.0, eventness: bool = True
) -> dict[str, float]:
    """The typer's reading of a trigger reweighed by the sentence classifier's reading of it (a product of
    the two, the classifier's raised to `power`). Without `eventness`, how likely the trigger tells of no
    event at all (NONE) stays the typer's and only the types are reweighed."""
    keep_none = not (eventness and "NONE" in sentence) and "NONE" in probs
    joint = {k: v * max(sentence.get(k, 0.0), 1e-4) ** power for k, v in probs.items()
             if not (keep_none and k == "NONE")}  # fmt: skip
    total = sum(joint.values())
    if total <= 0:
        return dict(probs)
    share = 1.0 - probs["NONE"] if keep_none else 1.0
    out = {k: share * v / total for k, v in joint.items()}
    if keep_none:
        out["NONE"] = probs["NONE"]
    return out


def marked(c: Candidate, sent: Span) -> str:
    """A sentence's text with a candidate's trigger marked, as the sentence classifier reads it."""
    from dateline.events import encoder

    return encoder.mark(sent.text, c.trigger.idx - sent.start_char, len(c.trigger.text))


@dataclass
class Model:
    labels: list[str]
    vocab: dict[str, int]
    weights: np.ndarray  # (features + 1 bias row, labels)
    #: Dense weights (dims, labels) over standardised vectors, with the training mean and spread.
    dense: np.ndarray | None = None
    mu: np.ndarray | None = None
    sd: np.ndarray | None = None

    def scores(self, feats: list[str], vec: np.ndarray | None = None) -> np.ndarray:
        idx = [self.vocab[x] for x in dict.fromkeys(feats) if x in self.vocab]
        z = self.weights[-1].astype(np.float32)
        if idx:
            z = z + self.weights[idx].astype(np.float32).sum(axis=0)
        extra = self.dense_scores(vec)
        if extra is not None:
            z = z + extra
        z = z - z.max()
        e = np.exp(z)
        return np.asarray(e / e.sum())

    def dense_scores(self, vec: np.ndarray | None) -> np.ndarray | None:
        """The dense block's scores for a vector of the trained width, else None."""
        if vec is None or self.dense is None or self.mu is None or self.sd is None:
            return None
        if len(vec) != len(self.dense):
            return None
        return np.asarray(((vec - self.mu) / self.sd) @ self.dense, dtype=np.float32)

    def predict(self, feats: list[str], vec: np.ndarray | None = None) -> dict[str, float]:
        """Probability of each label."""
        p = self.scores(feats, vec)
        return {lab: float(p[i]) for i, lab in enumerate(self.labels)}

    def dumps(self) -> bytes:
        buf = BytesIO()
        meta = json.dumps({"labels": self.labels, "vocab": sorted(self.vocab, key=lambda k: self.vocab[k])})
        arrays = {"weights": self.weights.astype(np.float16), "meta": np.frombuffer(meta.encode(), np.uint8)}
        if self.dense is not None and self.mu is not None and self.sd is not None:
            arrays.update(dense=self.dense.astype(np.float16), mu=self.mu, sd=self.sd)
        np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]
        return buf.getvalue()

    @classmethod
    def loads(cls, data: bytes) -> Model:
        z = np.load(BytesIO(data))
        meta = json.loads(bytes(z["meta"]).decode())
        vocab = {w: i for i, w in enumerate(meta["vocab"])}
        model = cls(meta["labels"], vocab, z["weights"].astype(np.float32))
        if "dense" in z.files:
            model.dense = z["dense"].astype(np.float32)
            model.mu, model.sd = z["mu"].astype(np.float32), z["sd"].astype(np.float32)
        return model


_lock = threading.Lock()
_models: dict[str, Model | None] = {}
#: A model set by training or cross-validation, used instead of the shipped one.
_override: Model | None = None


def use(model: Model | None) -> None:
    """Type events with this model (None: the shipped one again) — for cross-validation and tests."""
    global _override
    _override = model


def _shipped(name: str) -> Model | None:
    if name not in _models:
        with _lock:
            if name not in _models:
                res = resources.files("dateline.events").joinpath("data", name)
                _models[name] = Model.loads(res.read_bytes()) if res.is_file() else None
    return _models[name]


def load() -> Model | None:
    """The typer, or None when the package has no weights (then the lexicon types alone)."""
    if _override is not None:
        return _override
    return _shipped(WEIGHTS)
