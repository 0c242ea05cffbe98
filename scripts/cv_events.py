"""5-fold cross-validation of the events stage on a labelled set (PLV JSON Lines).

Per fold: train the typer and fine-tune the sentence classifier on the other folds, run the whole
pipeline over the held-out sentences with them, write the predictions and score them with the shared
scorer. Prints each fold's figures and their mean. Each sentence is parsed once; the folds reuse the
parses (the stages after spaCy run afresh per fold).

    python scripts/cv_events.py /work/shared/eval/events/plv-train.jsonl [--folds 5] [--out DIR] [--fold K]
        [--labels training/events-voa-labels.jsonl --corpus /work/shared/corpus/voa.jsonl ...] [--no-encoder]
        [--models DIR] [--train-seed N] [--news-weight W]

--labels may be given several times, each followed by its --corpus (or as LABELS:CORPUS).

--models DIR keeps each fold's trained typer and classifier there and reuses them on the next run, so a
change to the stage after typing is measured in a minute instead of 25; empty the folder when training
changes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from dateline import nlp
from dateline.events import encoder
from dateline.events import model as typing_model
from dateline.events.train import (
    examples,
    fit,
    fold_of,
    label_pairs,
    labelled_candidates,
    labelled_examples,
    labelled_sentences,
    read_rows,
    sample_weights,
    sentence_examples,
    tune_encoder,
)
from dateline.pipeline import analyze_doc
from dateline.records import Article


def kept(
    folder: str | None, fold: int, no_encoder: bool
) -> tuple[typing_model.Model | None, encoder.Tuned | None]:
    """A fold's typer and classifier saved by an earlier run, where there are."""
    if folder is None:
        return None, None
    t, e = Path(folder) / f"fold{fold}.typer.npz", Path(folder) / f"fold{fold}.encoder.npz"
    typer = typing_model.Model.loads(t.read_bytes()) if t.exists() else None
    tuned = encoder.Tuned.loads(e.read_bytes()) if e.exists() and not no_encoder else None
    return typer, tuned


def keep(folder: str | None, name: str, data: bytes) -> None:
    if folder is not None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(data)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0, help="seed of the folds and of training")
    ap.add_argument(
        "--train-seed", type=int, default=None, help="seed of training alone (same folds): training noise"
    )
    ap.add_argument("--fold", type=int, default=None, help="run this fold alone (the mean is its figures)")
    ap.add_argument("--no-encoder", action="store_true", help="the typer without the sentence classifier")
    ap.add_argument("--out", default=None, help="folder for fold gold and predictions (default: a temp dir)")
    ap.add_argument(
        "--labels",
        action="append",
        default=[],
        help="hand labels of a corpus's candidates, added to every fold; repeatable, each followed by its "
        "--corpus or written LABELS:CORPUS",
    )
    ap.add_argument("--corpus", action="append", default=[], help="the corpus the labels before it refer to")
    ap.add_argument(
        "--news-weight",
        type=float,
        default=None,
        help="weight of typed news candidates (default NEWS_WEIGHT)",
    )
    ap.add_argument("--models", default=None, help="folder to keep and reuse the folds' trained models")
    ap.add_argument("--scorer", default=str(Path(__file__).resolve().parents[2] / "shared/eval/score.py"))
    args = ap.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="cv-events-"))
    out.mkdir(parents=True, exist_ok=True)
    results = []
    every = read_rows(args.gold)
    docs = list(nlp.pipe([r["text"] for r in every]))
    where = fold_of(every, args.folds, args.seed)
    found = [x for labels, corpus in label_pairs(args.labels, args.corpus)
             for x in labelled_candidates(labels, corpus)]  # fmt: skip
    extra, extra_pairs = labelled_examples(found), labelled_sentences(found)
    train_seed = args.seed if args.train_seed is None else args.train_seed
    for fold in range(args.folds) if args.fold is None else [args.fold]:
        train_idx = [i for i, f in enumerate(where) if f != fold]
        test_idx = [i for i, f in enumerate(where) if f == fold]
        rows, parsed = [every[i] for i in train_idx], [docs[i] for i in train_idx]
        typer, tuned = kept(args.models, fold, args.no_encoder)
        if typer is None:
            data = examples(rows, docs=parsed) + extra
            typer = fit(
                data, seed=train_seed, sample_weight=sample_weights(data, len(train_idx), args.news_weight)
            )
            keep(args.models, f"fold{fold}.typer.npz", typer.dumps())
        typing_model.use(typer)
        if tuned is None and not args.no_encoder:
            tuned = tune_encoder(sentence_examples(rows, parsed) + extra_pairs, train_seed)
            stored = tuned.dumps()
            keep(args.models, f"fold{fold}.encoder.npz", stored)
            tuned = encoder.Tuned.loads(stored)  # scored as it ships: through its storage
        encoder.use(tuned)
        if args.no_encoder:
            os.environ["DATELINE_ENCODER"] = "0"
        rows = [every[i] for i in test_idx]
        gold_path, pred_path = out / f"fold{fold}.gold.jsonl", out / f"fold{fold}.pred.jsonl"
        gold_path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        with pred_path.open("w", encoding="utf-8") as fh:
            for i in test_idx:
                a = analyze_doc(Article(id=every[i]["id"], text=every[i]["text"]), docs[i])
                fh.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
        res = subprocess.run(
            [
                sys.executable,
                args.scorer,
                "events",
                "--gold",
                str(gold_path),
                "--pred",
                str(pred_path),
                "--json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        fig = json.loads(res.stdout)
        results.append(fig)
        print(
            f"fold {fold}: n={len(rows)} accuracy={fig['accuracy']:.3f} macro_f1={fig['macro_f1']:.3f} "
            f"coverage={fig['coverage']:.3f} actor={fig['actor_match']:.3f} "
            f"recipient={fig['recipient_match']:.3f}"
        )
    typing_model.use(None)
    encoder.use(None)
    acc = sum(f["accuracy"] for f in results) / len(results)
    mf1 = sum(f["macro_f1"] for f in results) / len(results)
    print(f"mean: accuracy={acc:.3f} macro_f1={mf1:.3f}  (predictions in {out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
