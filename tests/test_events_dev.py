"""Gates on the development data when /work/shared is present: the seed's required events and the hand-
annotated VOA articles (tests/data/events-voa-dev.jsonl). Floors only go up, save where a measured trade
says why (the PLV floors below)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = Path(__file__).resolve().parent / "data" / "events-voa-dev.jsonl"
#: The measured precision on VOA-20 (scripts/eval_events_voa.py). It was 0.537 with the frozen-embedding
#: typer; the fine-tuned sentence classifier made it 0.512 (2 of 80 events: it has learnt PLV's habits, such
#: as SUPPORT for a signed agreement, where the VOA labels follow the PLOVER manual) for 2.6 points of PLV
#: accuracy and 3.2 of macro F1 (2026-12-04): a trade, so the floor went down. Rules for mixed quotes'
#: paraphrase, predicate adjectives under speech verbs and retrained models made it 0.623 (2026-12-05);
#: background dating, habits, advice to the public and events told again made it 0.812 (2026-12-07).
VOA_PRECISION_FLOOR = 0.78

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED.is_dir(), reason="the shared dev data is not here"),
]


def test_events_seed_required_events_are_all_found() -> None:
    gold = SHARED / "seed" / "tehran-times-2020-12-08.gold.json"
    res = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), "run", "seed", "--gold", str(gold), "--json",
         "--cmd", f"{sys.executable} -m dateline analyze"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    events = json.loads(res.stdout)["sections"]["events"]
    assert events["required_found"] == events["required_total"], json.loads(res.stdout)["missed_required"]


def test_events_voa_precision_holds_its_floor() -> None:
    from dateline.events.evaluate import score
    from dateline.pipeline import analyze
    from dateline.records import Article

    gold = {r["id"]: r["events"] for r in map(json.loads, DATA.read_text(encoding="utf-8").splitlines())}
    rows = [json.loads(x) for x in (SHARED / "corpus" / "voa.jsonl").read_text(encoding="utf-8").splitlines()]
    arts = [
        Article(id=r["id"], text=r["text"], published=r.get("published")) for r in rows if r["id"] in gold
    ]
    assert len(arts) == 20
    res = score(analyze(arts), gold)
    assert res["precision"] >= VOA_PRECISION_FLOOR


#: The 5-fold cross-validated typing figures on PLV, with the hand-labelled news candidates in every fold's
#: training. The typer alone (--no-encoder) measured 0.745 and 0.730 on 2026-12-04; with the fine-tuned
#: sentence classifier the folds' mean is 0.773 and 0.767 (scripts/cv_events.py fine-tunes it five times:
#: about 25 minutes, too long for CI, so CI runs the typer alone on all folds and the whole typer on fold 0).
PLV_ACCURACY_FLOOR = 0.74
PLV_MACRO_F1_FLOOR = 0.72
#: Fold 0 with the sentence classifier measured 0.789 and 0.779 (the typer alone: 0.761 and 0.740); on
#: 2026-12-05, with three training seeds (cv_events.py --train-seed 0/1/2), 0.804/0.829, 0.794/0.833 and
#: 0.794/0.831: training noise is about a point of accuracy, so the floors keep that margin. Later that day,
#: with the rules and triggers of session 9, fold 0 measured 0.804/0.835 (all five folds: 0.796/0.783).
#: On 2026-12-07 fresh fold models measured 0.804/0.835 for that code and 0.828/0.857 with the rules of
#: session 10 (all five folds: 0.795/0.781 before, 0.803/0.790 after). Fold models trained again on
#: 2026-12-07 (session 11) gave folds 0, 1 to the digit and folds 2-4 within half a point: 0.803/0.791.
#: On a new machine (session 12), folds 0, 1 and 4 came out to the digit, fold 2 at 0.756/0.740 and fold 3
#: at 0.818/0.759: mean 0.804/0.790. Fold 0 stayed 0.828/0.857 on every machine so far.
PLV_FOLD0_ACCURACY_FLOOR = 0.80
PLV_FOLD0_MACRO_F1_FLOOR = 0.82
ROOT = Path(__file__).resolve().parents[1]


def _cross_validate(*extra: str) -> dict[str, float]:
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cv_events.py"),
         str(SHARED / "eval" / "events" / "plv-train.jsonl"), "--scorer", str(SHARED / "eval" / "score.py"),
         "--labels", str(ROOT / "training" / "events-voa-labels.jsonl"),
         "--corpus", str(SHARED / "corpus" / "voa.jsonl"), *extra],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    mean = res.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in (part.split("=") for part in mean.split()[1:3])}


def test_events_plv_cross_validation_of_the_typer_alone_holds_its_floor() -> None:
    """scripts/cv_events.py: train on four folds, run the whole pipeline on the fifth, score with the shared
    scorer; the folds' mean must not fall below the floor."""
    figures = _cross_validate("--no-encoder")
    assert figures["accuracy"] >= PLV_ACCURACY_FLOOR, figures
    assert figures["macro_f1"] >= PLV_MACRO_F1_FLOOR, figures


def test_events_plv_fold_with_the_sentence_classifier_holds_its_floor() -> None:
    """The typer as shipped, sentence classifier included, fine-tuned on four folds and run on fold 0."""
    pytest.importorskip("torch")
    figures = _cross_validate("--fold", "0")
    assert figures["accuracy"] >= PLV_FOLD0_ACCURACY_FLOOR, figures
    assert figures["macro_f1"] >= PLV_FOLD0_MACRO_F1_FLOOR, figures
