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
#: The measured precision on VOA-20 when the floor was last raised (see the events report).
VOA_PRECISION_FLOOR = 0.53

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
#: training: 0.747 and 0.735 (2026-12-04: more noun triggers, counted and hyphenated nouns, a thousand
#: actor nouns; they were 0.729 and 0.723). Before the typer learnt NONE from news sentences they were 0.726
#: and 0.739, with VOA precision at 0.257 (now 0.537): the macro F1 floor stays below that, a trade for
#: precision on news, stated in that session's note.
PLV_ACCURACY_FLOOR = 0.74
PLV_MACRO_F1_FLOOR = 0.73
ROOT = Path(__file__).resolve().parents[1]


def test_events_plv_cross_validation_holds_its_floor() -> None:
    """scripts/cv_events.py: train on four folds, run the whole pipeline on the fifth, score with the shared
    scorer; the folds' mean must not fall below the floor."""
    pytest.importorskip("torch")
    res = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cv_events.py"),
         str(SHARED / "eval" / "events" / "plv-train.jsonl"), "--scorer", str(SHARED / "eval" / "score.py"),
         "--labels", str(ROOT / "training" / "events-voa-labels.jsonl"),
         "--corpus", str(SHARED / "corpus" / "voa.jsonl")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    mean = res.stdout.strip().splitlines()[-1]
    figures = dict(part.split("=") for part in mean.split()[1:3])
    assert float(figures["accuracy"]) >= PLV_ACCURACY_FLOOR, mean
    assert float(figures["macro_f1"]) >= PLV_MACRO_F1_FLOOR, mean
