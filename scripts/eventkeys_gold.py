#!/usr/bin/env python3
"""Join the hand-coded event keys (training/eventkeys/keys.jsonl: ids and offsets, no article text)
with the article texts in ../shared to write gold JSON Lines in the format of
shared/eval/events/KEYS.md, for `python ../shared/eval/score.py run eventkeys --gold OUT`.

    python scripts/eventkeys_gold.py --split tune --out /tmp/keys-tune.jsonl
    python scripts/eventkeys_gold.py --split frozen --collection voa --out /tmp/keys-frozen-voa.jsonl
    python scripts/eventkeys_gold.py --sample            # print the sampled ids (protocol rule)

The protocol (training/eventkeys-protocol.md) says how the articles were sampled, split and coded.
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KEYS = REPO / "training" / "eventkeys" / "keys.jsonl"
TUNED = REPO / "training" / "events-voa-labels.jsonl"

# collection -> (files under the shared folder, field holding the text)
COLLECTIONS = {
    "voa": (["corpus/voa.jsonl"], "text"),
    "polnear": (["eval/quotes/polnear-dev.jsonl", "eval/quotes/polnear-train.jsonl"], "text"),
    "tempeval": (["eval/time/tempeval3-train.jsonl"], "text"),
    "scrapinghub": (["eval/extraction/scrapinghub.jsonl"], "body"),
}
PER_COLLECTION = 20
MIN_WORDS, MAX_WORDS = 50, 600


def sha(s):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def split_of(position):
    """By an article's position in its collection's sample (sha1 order): even -> tune, odd -> frozen."""
    return "tune" if position % 2 == 0 else "frozen"


def clean(v):
    return None if v in (None, "", "None") else v


def load_collection(shared, name):
    """id -> {"id", "title", "text", "published"} for one collection (first record of an id wins)."""
    files, field = COLLECTIONS[name]
    out = {}
    for f in files:
        with open(Path(shared) / f, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                r = json.loads(line)
                if r["id"] in out:
                    continue
                out[r["id"]] = {
                    "id": r["id"],
                    "title": clean(r.get("title")),
                    "text": r.get(field) or "",
                    "published": clean(r.get("published")),
                }
    return out


def sample(shared):
    """The protocol's rule: per collection, ids sorted by sha1(id), skipping the VOA ids in
    training/events-voa-labels.jsonl (tuned on) and texts outside 50..600 words; first 20."""
    tuned = {json.loads(x)["id"] for x in Path(TUNED).read_text(encoding="utf-8").splitlines() if x.strip()}
    picked = {}
    for name in COLLECTIONS:
        arts = load_collection(shared, name)
        ids = [
            i
            for i in sorted(arts, key=sha)
            if i not in tuned and MIN_WORDS <= len(arts[i]["text"].split()) <= MAX_WORDS
        ]
        picked[name] = ids[:PER_COLLECTION]
    return picked


def build(key, art):
    text, title = art["text"], art["title"] or ""
    events = []
    for e in key["events"]:
        src = title if e.get("in") == "title" else text
        s, t = e["evidence_start"], e["evidence_end"]
        if not (0 <= s < t <= len(src)):
            raise SystemExit(f"{key['id']}: evidence offsets {s}:{t} out of range")
        g = {k: v for k, v in e.items() if k not in ("evidence_start", "evidence_end", "in")}
        g["evidence"] = src[s:t]
        events.append(g)
    rec = {"id": key["id"]}
    if art["title"] is not None:
        rec["title"] = art["title"]
    rec["text"] = text
    if art["published"] is not None:
        rec["published"] = art["published"]
    rec.update(
        {
            "collection": key["collection"],
            "split": key["split"],
            "political": key["political"],
            "actors": key["actors"],
            "events": events,
        }
    )
    return rec


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--shared", default=str(REPO.parent / "shared"), help="the shared folder (default ../shared)"
    )
    ap.add_argument("--keys", default=str(KEYS), help="keys file (default training/eventkeys/keys.jsonl)")
    ap.add_argument("--split", choices=["tune", "frozen", "all"], default="all")
    ap.add_argument(
        "--collection",
        choices=sorted(COLLECTIONS),
        action="append",
        help="only these collections (repeatable; default all)",
    )
    ap.add_argument("--out", help="gold JSON Lines to write (outside the repository)")
    ap.add_argument("--sample", action="store_true", help="print the sampled ids by the protocol's rule")
    a = ap.parse_args(argv)
    if a.sample:
        for name, ids in sample(a.shared).items():
            for pos, i in enumerate(ids):
                print(name, split_of(pos), i)
        return 0
    if not a.out:
        ap.error("--out is required")
    if Path(a.out).resolve().is_relative_to(REPO):
        ap.error("write the gold outside the repository (it carries article text)")
    texts = {}
    n = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for line in Path(a.keys).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            key = json.loads(line)
            if a.split != "all" and key["split"] != a.split:
                continue
            if a.collection and key["collection"] not in a.collection:
                continue
            if key["collection"] not in texts:
                texts[key["collection"]] = load_collection(a.shared, key["collection"])
            art = texts[key["collection"]].get(key["id"])
            if art is None:
                raise SystemExit(f"{key['id']}: not found in collection {key['collection']}")
            out.write(json.dumps(build(key, art), ensure_ascii=False) + "\n")
            n += 1
    print(f"wrote {n} articles to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
