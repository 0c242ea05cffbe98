#!/usr/bin/env python3
"""People gold (issue 23, deliverable 6): join the hand-labelled keys in training/people/
(ids, offsets, names and labels; no article text) with the article texts in ../shared, and
score `dateline analyze` output for actors.

    # quotes with resolved speakers, in the PolNeAR dev shape, for shared/eval/score.py quotes
    python scripts/people_gold.py speakers --split frozen --out /tmp/people-speakers-frozen.jsonl
    python ../shared/eval/score.py quotes --gold /tmp/people-speakers-frozen.jsonl --pred PRED.jsonl

    # actor lists
    python scripts/people_gold.py actors --split frozen --out /tmp/people-actors-frozen.jsonl
    python scripts/people_gold.py score-actors --split frozen --pred PRED.jsonl [--json] [--list]

    # input records for dateline (id, title, text, published), all the labelled articles
    python scripts/people_gold.py inputs --out /tmp/people-inputs.jsonl

    # the sample (protocol rule) and which of it is labelled
    python scripts/people_gold.py sample

Options: --split tune|frozen|all (default all), --collection polnear-dev|voa|tempeval3-train
(repeatable; default all three), --shared DIR (default ../shared next to the repository).
--out must lie outside the repository (article text never goes into it).

Speaker labels in the keys: a canonical name, "UNKNOWN" (the text does not say), or
"ANONYMOUS: <description>" (an unnamed source). In the gold written for score.py, UNKNOWN
becomes speaker null (the quote still counts for quote F1, not for speaker accuracy) and
ANONYMOUS becomes the description ("a justice official"), whose last word score.py looks for
in the predicted speaker; the full label is kept in "speaker_label".

The protocol is training/people-protocol.md; counts and hard cases in training/people/README.md.
"""

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KEYS = REPO / "training" / "people"
COLLECTIONS = {
    "polnear-dev": "eval/quotes/polnear-dev.jsonl",
    "voa": "corpus/voa.jsonl",
    "tempeval3-train": "eval/time/tempeval3-train.jsonl",
}
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
MAX_WORDS = 900
STOP = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "s",
        "its",
        "his",
        "her",
        "their",
    }
)


# ------------------------------------------------------------------------------ helpers


def fold(s):
    """Lower-cased, accent-free word tokens (as shared/eval/score.py folds names)."""
    s = unicodedata.normalize("NFKD", str(s or ""))
    return re.findall(r"[^\W_]+", "".join(c for c in s if not unicodedata.combining(c)).casefold())


def folded(s):
    return " ".join(fold(s))


def clean(v):
    return None if v in (None, "", "None") else v


def iso(published):
    """VOA writes '2025-03-14 20:30:26Z'; the contract wants ISO 8601."""
    p = clean(published)
    return p.replace(" ", "T", 1) if isinstance(p, str) and re.match(r"\d{4}-\d\d-\d\d \d", p) else p


def read_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_texts(shared, collection):
    out = {}
    for r in read_jsonl(Path(shared) / COLLECTIONS[collection]):
        out.setdefault(
            r["id"],
            {
                "id": r["id"],
                "title": clean(r.get("title")),
                "text": r.get("text") or "",
                "published": iso(r.get("published")),
            },
        )
    return out


def load_keys(name, splits, collections):
    return [
        k
        for k in read_jsonl(KEYS / name)
        if k["collection"] in collections and (splits == {"all"} or k["split"] in splits)
    ]


def outside_repo(path):
    p = Path(path).resolve()
    if p == REPO or REPO in p.parents:
        sys.exit(f"refusing to write inside the repository: {p} (article text stays out of it)")
    return p


def write_jsonl(path, records):
    p = outside_repo(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return p


class Texts:
    def __init__(self, shared):
        self.shared, self.cache = shared, {}

    def __call__(self, collection, id_):
        if collection not in self.cache:
            self.cache[collection] = load_texts(self.shared, collection)
        return self.cache[collection][id_]


def sample(shared, collection):
    """The protocol's order: ids sorted by sha1 (hex), texts over MAX_WORDS whitespace words dropped;
    position even -> tune, odd -> frozen. Returns [(position, id, split)]."""
    recs = sorted(
        load_texts(shared, collection).values(), key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest()
    )
    recs = [r for r in recs if len(r["text"].split()) <= MAX_WORDS]
    return [(i, r["id"], "tune" if i % 2 == 0 else "frozen") for i, r in enumerate(recs)]


# ------------------------------------------------------------------------------ speakers


def speaker_for_scorer(label):
    if label is None or label == "UNKNOWN":
        return None
    if label.startswith("ANONYMOUS:"):
        return label.split(":", 1)[1].strip()
    return label


def speakers_gold(keys, texts):
    out = []
    for k in keys:
        art = texts(k["collection"], k["id"])
        quotes = []
        for q in k["quotes"]:
            where = q.get("in") or "body"
            s = art["title"] if where == "title" else art["text"]
            quotes.append(
                {
                    "text": (s or "")[q["start"] : q["end"]],
                    "start": q["start"],
                    "end": q["end"],
                    "in": where,
                    "kind": q["kind"],
                    "speaker": speaker_for_scorer(q["speaker"]),
                    "speaker_label": q["speaker"],
                    "speaker_entity_type": q.get("speaker_entity_type"),
                    "speaker_text": None,
                }
            )
        out.append(
            {
                "id": k["id"],
                "collection": k["collection"],
                "split": k["split"],
                "title": art["title"],
                "text": art["text"],
                "published": art["published"],
                "quotes": quotes,
            }
        )
    return out


# ------------------------------------------------------------------------------ actors


def actors_gold(keys, texts):
    out = []
    for k in keys:
        art = texts(k["collection"], k["id"])
        actors = []
        for a in k["actors"]:
            a = dict(a)
            fm = a.get("first_mention")
            if fm:
                src = art["title"] if a.get("first_mention_in") == "title" else art["text"]
                a["first_mention_text"] = (src or "")[fm[0] : fm[1]]
            actors.append(a)
        out.append(
            {
                "id": k["id"],
                "collection": k["collection"],
                "split": k["split"],
                "title": art["title"],
                "text": art["text"],
                "published": art["published"],
                "actors": actors,
            }
        )
    return out


def _names(actor):
    return {folded(n) for n in [actor["name"], *actor.get("aliases", [])] if folded(n)}


def _span_hit(actor, entity):
    fm = actor.get("first_mention")
    if not fm or actor.get("first_mention_in") == "title":
        return False
    for m in entity.get("mentions") or []:
        if isinstance(m, list) and len(m) == 2 and m[0] < fm[1] and fm[0] < m[1]:
            return True
    return False


def match_entity(entity, actors):
    """The gold actor a predicted entity stands for: same folded name or alias, else a mention that
    overlaps the actor's first mention; None when it is no gold actor."""
    n = folded(entity.get("name"))
    for i, a in enumerate(actors):
        if n and n in _names(a):
            return i
    for i, a in enumerate(actors):
        if _span_hit(a, entity):
            return i
    return None


def name_ok(actor, entity):
    """The predicted name is the canonical one, or contains all its words ("President Hassan Rouhani")."""
    g, p = fold(actor["name"]), fold(entity.get("name"))
    return bool(g) and (g == p or set(g) <= set(p))


def country_ok(actor, entity):
    if not actor.get("country_determined", True):
        return True
    return (entity.get("country") or None) == (actor.get("country") or None)


def roles_ok(actor, entity):
    gold = [set(fold(r.get("title"))) - STOP for r in actor.get("roles") or []]
    gold = [g for g in gold if g]
    if not gold:
        return True
    pred = [set(fold(r.get("title") if isinstance(r, dict) else r)) - STOP for r in entity.get("roles") or []]
    return any(g & p for g in gold for p in pred)


def div(a, b):
    return a / b if b else 0.0


def score_actors(gold, preds, gpe="lenient"):
    """gold: actors-gold records; preds: id -> dateline article object.

    precision: predicted entities of an actor type (PERSON ORG GPE NORP) that are a gold actor of
    the same type / all such predictions. With gpe="lenient" an unmatched GPE (a place named as a
    place, which the keys do not list) is left out of the denominator; "strict" counts it.
    country: matched gold actors whose country the text determines, with the predicted country equal.
    all_right: gold actors found with name, country and role all right / all gold actors (and / found).
    """
    c = {
        k: 0
        for k in (
            "pred",
            "pred_ok",
            "pred_wrong_type",
            "pred_not_actor",
            "gpe_unmatched",
            "gold",
            "found",
            "country_n",
            "country_ok",
            "name_ok",
            "role_ok",
            "all_ok",
        )
    }
    misses, false_pos = [], []
    for g in gold:
        p = preds.get(g["id"]) or {}
        actors = g["actors"]
        best = {}
        for e in p.get("entities") or []:
            if not isinstance(e, dict) or e.get("type") not in ACTOR_TYPES:
                continue
            i = match_entity(e, actors)
            if i is None:
                if e.get("type") == "GPE" and gpe == "lenient":
                    c["gpe_unmatched"] += 1
                    continue
                c["pred"] += 1
                c["pred_not_actor"] += 1
                false_pos.append(f"{g['id']}: {e.get('name')!r} ({e.get('type')}) is no actor of the key")
                continue
            c["pred"] += 1
            if e.get("type") == actors[i]["type"]:
                c["pred_ok"] += 1
            else:
                c["pred_wrong_type"] += 1
                false_pos.append(
                    f"{g['id']}: {e.get('name')!r} typed {e.get('type')}, key {actors[i]['type']}"
                )
            # the fullest-named prediction of an actor is the one judged on name, country and role
            if i not in best or len(fold(e.get("name"))) > len(fold(best[i].get("name"))):
                best[i] = e
        for i, a in enumerate(actors):
            c["gold"] += 1
            e = best.get(i)
            if e is None:
                misses.append(f"{g['id']}: {a['name']} ({a['type']}) not found")
                continue
            c["found"] += 1
            if a.get("country_determined", True):
                c["country_n"] += 1
                c["country_ok"] += country_ok(a, e)
            n_ok, co_ok, r_ok = name_ok(a, e), country_ok(a, e), roles_ok(a, e)
            c["name_ok"] += n_ok
            c["role_ok"] += r_ok
            c["all_ok"] += n_ok and co_ok and r_ok
            if not (n_ok and co_ok and r_ok):
                got = [r.get("title") if isinstance(r, dict) else r for r in e.get("roles") or []]
                misses.append(
                    f"{g['id']}: {a['name']} -> {e.get('name')!r} country {e.get('country')} "
                    f"(key {a.get('country')}) roles {got} "
                    f"(key {[r['title'] for r in a.get('roles') or []]})"
                )
    res = {
        "articles": len(gold),
        "gold_actors": c["gold"],
        "predicted_actors": c["pred"],
        "precision": div(c["pred_ok"], c["pred"]),
        "precision_detail": {
            "right_type": c["pred_ok"],
            "wrong_type": c["pred_wrong_type"],
            "not_an_actor": c["pred_not_actor"],
            "unmatched_gpe_left_out": c["gpe_unmatched"],
        },
        "recall": div(c["found"], c["gold"]),
        "country_accuracy": div(c["country_ok"], c["country_n"]),
        "country_n": c["country_n"],
        "name_accuracy": div(c["name_ok"], c["found"]),
        "role_accuracy": div(c["role_ok"], c["found"]),
        "all_right": div(c["all_ok"], c["gold"]),
        "all_right_of_found": div(c["all_ok"], c["found"]),
    }
    return res, misses, false_pos


# ------------------------------------------------------------------------------ command line


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    ap.add_argument("command", choices=["speakers", "actors", "inputs", "score-actors", "sample"])
    ap.add_argument("--split", choices=["tune", "frozen", "all"], default="all")
    ap.add_argument("--collection", action="append", choices=sorted(COLLECTIONS))
    ap.add_argument(
        "--shared", default=str(REPO.parent / "shared"), help="the shared folder (default ../shared)"
    )
    ap.add_argument("--out", help="output JSONL (outside the repository)")
    ap.add_argument("--pred", help="score-actors: `dateline analyze` output (JSON Lines) on these articles")
    ap.add_argument("--gpe", choices=["lenient", "strict"], default="lenient")
    ap.add_argument("--json", action="store_true", help="score-actors: print one JSON object")
    ap.add_argument("--list", action="store_true", help="score-actors: list misses and false positives")
    a = ap.parse_args(argv)
    splits, colls = {a.split}, set(a.collection or COLLECTIONS)
    texts = Texts(a.shared)
    if a.command in ("speakers", "actors", "inputs") and not a.out:
        ap.error("--out is required")
    if a.command == "sample":
        labelled = {
            (k["collection"], k["id"])
            for name in ("speakers.jsonl", "actors.jsonl")
            for k in load_keys(name, {"all"}, colls)
        }
        for c in sorted(colls):
            for i, id_, split in sample(a.shared, c):
                print(f"{c}\t{i}\t{id_}\t{split}\t{'labelled' if (c, id_) in labelled else '-'}")
        return 0
    if a.command == "speakers":
        recs = speakers_gold(load_keys("speakers.jsonl", splits, colls), texts)
        p = write_jsonl(a.out, recs)
        print(f"{len(recs)} articles, {sum(len(r['quotes']) for r in recs)} quotes -> {p}", file=sys.stderr)
    elif a.command == "actors":
        recs = actors_gold(load_keys("actors.jsonl", splits, colls), texts)
        p = write_jsonl(a.out, recs)
        print(f"{len(recs)} articles, {sum(len(r['actors']) for r in recs)} actors -> {p}", file=sys.stderr)
    elif a.command == "inputs":
        seen, recs = set(), []
        for name in ("speakers.jsonl", "actors.jsonl"):
            for k in load_keys(name, splits, colls):
                if (k["collection"], k["id"]) not in seen:
                    seen.add((k["collection"], k["id"]))
                    art = texts(k["collection"], k["id"])
                    recs.append(
                        {
                            key: art[key]
                            for key in ("id", "title", "text", "published")
                            if art[key] is not None
                        }
                    )
        p = write_jsonl(a.out, recs)
        print(f"{len(recs)} input records -> {p}", file=sys.stderr)
    else:
        if not a.pred:
            ap.error("score-actors needs --pred")
        gold = actors_gold(load_keys("actors.jsonl", splits, colls), texts)
        preds = {}
        for r in read_jsonl(a.pred):
            preds.setdefault(str(r.get("id")), r)
        res, misses, false_pos = score_actors(gold, preds, a.gpe)
        if a.json:
            print(json.dumps(res, indent=1))
        else:
            for k, v in res.items():
                print(f"{k:22} {v:.3f}" if isinstance(v, float) else f"{k:22} {v}")
        if a.list:
            print("\n".join(["", "# false positives", *false_pos, "", "# misses / wrong", *misses]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
