"""Accuracy gate of the actors stage on the hand-labelled VOA dev set (tests/data/actors-dev.jsonl).

The labels were made by reading the articles, before the stage was run on them; the texts stay in the
shared corpus (the `shared` folder beside the repository), and the test skips when it is absent.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

DEV = Path(__file__).resolve().parent / "data" / "actors-dev.jsonl"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "voa.jsonl"
#: Floors for the share of labelled actors whose country, sector and canonical name the stage gets right
#: (an actor the stage does not find counts as wrong on all three). Raise as the stage improves.
FLOORS = {"country": 0.9, "sector": 0.9, "name": 0.9}


def folded(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", str(s or "").replace("’", "'"))
    return " ".join(re.findall(r"[^\W_]+", "".join(c for c in s if not unicodedata.combining(c)).casefold()))


def match(gold: dict[str, Any], entities: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The predicted entity for a gold actor: its name (or an accepted variant), else, for a person,
    an entity whose name ends in the same surname; the best-typed and most mentioned one on a tie."""
    names = {folded(gold["name"]), *(folded(n) for n in gold.get("name_also_ok", []))}
    last = folded(gold["name"]).split()[-1]

    def rank(e: dict[str, Any]) -> int:
        n = folded(e["name"])
        if n in names:
            return 2
        return 1 if gold["type"] == "PERSON" and n.split()[-1:] == [last] else 0

    best = max(entities, default=None, key=lambda e: (rank(e), e["type"] == gold["type"], len(e["mentions"])))
    return best if best is not None and rank(best) else None


def score(records: list[dict[str, Any]], predicted: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    n = found = 0
    right = {"country": 0, "sector": 0, "name": 0}
    misses: list[str] = []
    for rec in records:
        for gold in rec["actors"]:
            n += 1
            e = match(gold, predicted.get(rec["id"], []))
            if e is None:
                misses.append(f"{rec['id']} {gold['name']}: not found")
                continue
            found += 1
            names = {folded(gold["name"]), *(folded(x) for x in gold.get("name_also_ok", []))}
            checks = {
                "country": e["country"] == gold["country"],
                "sector": e["sector"] == gold["sector"],
                "name": folded(e["name"]) in names,
            }
            for k, ok in checks.items():
                right[k] += ok
                if not ok:
                    misses.append(f"{rec['id']} {gold['name']}: {k} {gold.get(k, gold['name'])} (got {e[k]})")
    return {"n": n, "found": found, **{k: v / n for k, v in right.items()}, "misses": misses}


def run_stage(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    from dataclasses import asdict

    from dateline import nlp
    from dateline.actors import find_entities
    from dateline.records import Article

    wanted = {r["id"] for r in records}
    texts = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if str(d["id"]) in wanted:
            texts[str(d["id"])] = d
    ids = sorted(texts)
    out = {}
    for i, doc in zip(ids, nlp.pipe(texts[i]["text"] for i in ids), strict=True):
        d = texts[i]
        article = Article(id=i, text=d["text"], title=d.get("title"), published=d.get("published"))
        out[i] = [asdict(e) for e in find_entities(article, doc)]
    return out


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside the repository")
def test_actors_dev_set_accuracy_meets_floors() -> None:
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = score(records, run_stage(records))
    report = {k: round(v, 3) if isinstance(v, float) else v for k, v in result.items() if k != "misses"}
    for k, floor in FLOORS.items():
        assert result[k] >= floor, f"{k} accuracy {result[k]:.3f} < {floor}: {report}\n" + "\n".join(
            result["misses"]
        )


if __name__ == "__main__":  # python tests/test_actors_dev.py: print the figures and every miss
    recs = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    res = score(recs, run_stage(recs))
    print("\n".join(res.pop("misses")))
    print(json.dumps(res))
