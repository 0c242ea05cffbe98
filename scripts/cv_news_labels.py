"""Cross-validated typing of the hand-labelled news candidates (training/events-voa-labels.jsonl), to tune
how the events stage weighs the typer's reading against the trigger word's own type (LEXICON_WEIGHT) and
when it finds no event (EVENTNESS_MIN) on news rather than on PLV.

Folds group candidates by article; each fold's typer trains on PLV and the other folds' labels.

    python scripts/cv_news_labels.py PLV.jsonl LABELS.jsonl CORPUS.jsonl
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter

from dateline.events.model import features, vector
from dateline.events.train import (
    examples,
    fit,
    read_labels,
    read_rows,
    sample_weights,
    typer_inputs,
)
from dateline.records import Article


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("plv")
    ap.add_argument("labels")
    ap.add_argument("corpus")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    want = read_labels(args.labels)
    ids = sorted({k[0] for k in want})
    random.Random(0).shuffle(ids)
    fold = {a: i % args.folds for i, a in enumerate(ids)}
    rows = [r for r in read_rows(args.corpus) if r.get("id") in fold]
    arts = [
        Article(id=r["id"], text=r["text"], title=r.get("title"), published=r.get("published")) for r in rows
    ]
    items = [(a.id, sent, c, shared, want[(a.id, c.trigger.idx)]) for a, sent, c, shared in typer_inputs(arts)
             if (a.id, c.trigger.idx) in want]  # fmt: skip
    data = []
    for _, sent, c, shared, y in items:
        vec = vector(c.trigger, sent)
        data.append((features(c, sent, shared), vec, "YIELD" if y in ("CONCEDE", "RETREAT") else y))
    base = examples(read_rows(args.plv))
    preds: list[tuple[dict[str, float], str, str]] = []  # (probs, gold, lexicon type)
    for f in range(args.folds):
        train = base + [d for d, it in zip(data, items, strict=True) if fold[it[0]] != f]
        model = fit(train, sample_weight=sample_weights(train, len(base)))
        for d, it in zip(data, items, strict=True):
            if fold[it[0]] == f:
                own = it[2].type
                preds.append(
                    (model.predict(d[0], d[1]), d[2], "YIELD" if own in ("CONCEDE", "RETREAT") else own)
                )
    print(f"{len(preds)} candidates: {Counter(g for _, g, _ in preds).most_common(5)} ...")
    for weight in (1.0, 2.0, 4.0, 10.0):
        for ev_min in (0.3, 0.5, 0.7):
            tp = fp = fn = 0
            for probs, gold, own in preds:
                p = dict(probs)
                ev = 1 - p.pop("NONE", 0.0)
                if own in p:
                    p[own] *= weight
                label = "NONE" if ev < ev_min else max(p, key=lambda k: p[k])
                if label != "NONE":
                    tp += label == gold
                    fp += label != gold
                fn += gold != "NONE" and label != gold
            prec = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            print(
                f"lexicon x{weight:<4} eventness>={ev_min}: "
                f"precision {prec:.3f} recall {rec:.3f} ({tp + fp} coded)"
            )
    lex_tp = sum(own == g for _, g, own in preds if g != "NONE")
    print(
        f"trigger word's type alone on the labelled events: {lex_tp}/{sum(g != 'NONE' for _, g, _ in preds)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
