"""The people gold keys (training/people/, issue 23): well-formed, text-free, on the protocol's sample,
and their offsets land on the texts in ../shared (skipped without it)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from conftest import SHARED, shared_path

REPO = Path(__file__).resolve().parents[1]
KEYS = REPO / "training" / "people"
TYPES = {"PERSON", "ORG", "GPE", "NORP"}
SECTORS = {
    None,
    "GOV",
    "MIL",
    "LEG",
    "JUD",
    "POL",
    "REB",
    "IGO",
    "NGO",
    "MED",
    "BUS",
    "CVL",
    "EDU",
    "REL",
    "CRM",
}


def _load(name):
    lines = (KEYS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _script():
    spec = importlib.util.spec_from_file_location("people_gold", REPO / "scripts" / "people_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_keys_are_well_formed_and_hold_no_text():
    speakers, actors = _load("speakers.jsonl"), _load("actors.jsonl")
    assert sum(len(r["quotes"]) for r in speakers) >= 800
    assert len(speakers) >= 50 and len({r["collection"] for r in speakers}) == 3
    assert len(actors) >= 40 and len({r["collection"] for r in actors}) == 3
    for r in speakers:
        assert set(r) == {"id", "collection", "split", "quotes"}
        for q in r["quotes"]:
            assert set(q) == {"start", "end", "in", "kind", "speaker", "speaker_entity_type"}
            assert 0 <= q["start"] < q["end"] and q["in"] in ("body", "title")
            assert q["kind"] in ("direct", "indirect", "mixed")
            assert q["speaker"] and (q["speaker"] == "UNKNOWN") == (q["speaker_entity_type"] is None)
    for r in actors:
        names = [a["name"] for a in r["actors"]]
        assert len(names) == len(set(names)), r["id"]
        for a in r["actors"]:
            assert a["type"] in TYPES and a["sector"] in SECTORS, a
            assert a["country"] is None or re.fullmatch(r"[A-Z]{3}", a["country"]), a
            assert isinstance(a["country_determined"], bool) and isinstance(a["roles"], list)
            assert len(a["first_mention"]) == 2


def test_keys_follow_the_sample_and_land_on_the_texts():
    shared_path("eval", "quotes", "polnear-dev.jsonl")
    pg = _script()
    for name in ("speakers.jsonl", "actors.jsonl"):
        keys = _load(name)
        for coll in pg.COLLECTIONS:
            order = pg.sample(SHARED, coll)
            split = {id_: s for _, id_, s in order}
            pos = {id_: i for i, id_, _ in order}
            mine = sorted(pos[k["id"]] for k in keys if k["collection"] == coll)
            assert mine == list(range(len(mine))), f"{name} {coll}: not a prefix of the sample"
            for k in keys:
                if k["collection"] == coll:
                    assert k["split"] == split[k["id"]]
    texts = pg.Texts(SHARED)
    for r in pg.actors_gold(_load("actors.jsonl"), texts):
        for a in r["actors"]:
            forms = {a["name"], *a["aliases"]}
            assert a["first_mention_text"].replace("\xa0", " ") in forms, (r["id"], a["name"])
    for r in pg.speakers_gold(_load("speakers.jsonl"), texts):
        for q in r["quotes"]:
            src = r["title"] if q["in"] == "title" else r["text"]
            assert q["end"] <= len(src) and q["text"].strip()


def test_actor_scorer_on_a_perfect_and_an_empty_prediction():
    pg = _script()
    gold = [
        {
            "id": "a",
            "actors": [
                {
                    "name": "Hassan Rouhani",
                    "aliases": ["Rouhani"],
                    "type": "PERSON",
                    "country": "IRN",
                    "country_determined": True,
                    "sector": "GOV",
                    "roles": [{"title": "President", "country": "IRN"}],
                    "first_mention": [10, 24],
                },
                {
                    "name": "Zhao Lijian",
                    "aliases": [],
                    "type": "PERSON",
                    "country": "CHN",
                    "country_determined": True,
                    "sector": "GOV",
                    "roles": [{"title": "spokesperson", "country": "CHN"}],
                    "first_mention": [40, 51],
                },
            ],
        }
    ]
    good = {
        "a": {
            "entities": [
                {
                    "name": "Hassan Rouhani",
                    "type": "PERSON",
                    "country": "IRN",
                    "roles": [{"title": "President"}],
                    "mentions": [[10, 24]],
                },
                {
                    "name": "Zhao Lijian",
                    "type": "PERSON",
                    "country": "CHN",
                    "roles": [{"title": "foreign ministry spokesperson"}],
                    "mentions": [[40, 51]],
                },
                {"name": "Tehran", "type": "GPE", "country": "IRN", "roles": [], "mentions": [[0, 6]]},
            ]
        }
    }
    res, _, _ = pg.score_actors(gold, good)
    assert res["precision"] == 1.0 and res["all_right"] == 1.0 and res["country_accuracy"] == 1.0
    bad = {
        "a": {
            "entities": [
                {
                    "name": "Zhao Lijian",
                    "type": "PERSON",
                    "country": "IRN",
                    "roles": [],
                    "mentions": [[40, 51]],
                },
                {"name": "accusation", "type": "ORG", "country": None, "roles": [], "mentions": [[60, 70]]},
            ]
        }
    }
    res, _misses, false_pos = pg.score_actors(gold, bad)
    assert res["precision"] == 0.5 and res["country_accuracy"] == 0.0 and res["all_right"] == 0.0
    assert res["recall"] == 0.5 and false_pos
    assert pg.score_actors(gold, {})[0]["recall"] == 0.0


def test_out_inside_the_repository_is_refused(tmp_path):
    pg = _script()
    with pytest.raises(SystemExit):
        pg.outside_repo(REPO / "training" / "x.jsonl")
    assert pg.outside_repo(tmp_path / "x.jsonl") == (tmp_path / "x.jsonl").resolve()
