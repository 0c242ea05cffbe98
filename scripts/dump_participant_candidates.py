"""List candidate participants (actor / recipient / neither) of hand-typed event triggers, for labelling.

python scripts/dump_participant_candidates.py LABELS.jsonl CORPUS.jsonl OUT.jsonl
    [--skip-ids FILE.jsonl ...] [--ids FILE.txt]

For each typed label (type != NONE) of LABELS (`training/events-*-labels.jsonl`: id, start, trigger, type),
the article of CORPUS is run through dateline's NLP and actors stage, and every candidate span of the
trigger's sentence is listed: each entity mention there (`Entity.mentions`, pronouns and titles resolved to
an entity included), and every other noun chunk headed by a noun or proper noun that overlaps no mention
(places, things, role words), so that "neither" examples exist. A chunk headed by the trigger itself is not
listed.

One line a (trigger, candidate): {"id", "trigger_start", "trigger", "type", "start", "end", "span",
"entity_name" (null for a plain noun chunk), "entity_type", "sentence"} with the trigger marked [[so]] and
the span {{so}} in the sentence. Offsets are character offsets in the article text. --skip-ids leaves out
the article ids named in the given JSON Lines files (an "id" field each); --ids keeps only the ids listed
in a text file (one a line).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from dateline import actors, nlp
from dateline.records import Article


def _ids_of(path: Path) -> set[str]:
    return {json.loads(x)["id"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()}


def _mark(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """The text with each (start, end, open, close) wrapped; marks do not overlap."""
    out, last = [], 0
    for a, b, o, c in sorted(marks):
        out += [text[last:a], o, text[a:b], c]
        last = b
    out.append(text[last:])
    return "".join(out)


def candidates(art: Article, doc, entities, label: dict) -> list[dict]:
    t0 = int(label["start"])
    tok = next((t for t in doc if t.idx <= t0 < t.idx + len(t.text)), None)
    if tok is None:
        return []
    sent = tok.sent
    s0, s1 = sent.start_char, sent.end_char
    t1 = t0 + len(label["trigger"])
    found: list[tuple[int, int, str | None, str | None]] = []
    for e in entities:
        for a, b in e.mentions:
            if s0 <= a and b <= s1 and not (a < t1 and t0 < b and (a, b) == (t0, t1)):
                found.append((a, b, e.name, e.type))
    taken = [(a, b) for a, b, _, _ in found]
    for chunk in sent.noun_chunks:
        root = chunk.root
        if root.pos_ not in ("NOUN", "PROPN") or root.idx == t0:
            continue
        a, b = chunk.start_char, chunk.end_char
        if any(a < y and x < b for x, y in taken):
            continue
        found.append((a, b, None, root.ent_type_ or None))
        taken.append((a, b))
    rows = []
    for a, b, name, etype in sorted(set(found)):
        # a span that holds the trigger is marked alone
        inside = a < t1 and t0 < b
        marks = [(a, b, "{{", "}}")] if inside else [(t0, t1, "[[", "]]"), (a, b, "{{", "}}")]
        rel = [(x - s0, y - s0, o, c) for x, y, o, c in marks]
        rows.append({"id": art.id, "trigger_start": t0, "trigger": label["trigger"], "type": label["type"],
                     "start": a, "end": b, "span": art.text[a:b], "entity_name": name,
                     "entity_type": etype, "sentence": _mark(sent.text, rel)})  # fmt: skip
    return rows


def main() -> int:
    argv = sys.argv[1:]
    skip: set[str] = set()
    keep: set[str] | None = None
    args: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] == "--skip-ids":
            skip |= _ids_of(Path(argv[i + 1]))
            i += 2
        elif argv[i] == "--ids":
            keep = {x.strip() for x in Path(argv[i + 1]).read_text().splitlines() if x.strip()}
            i += 2
        else:
            args.append(argv[i])
            i += 1
    labels_path, corpus, out = Path(args[0]), Path(args[1]), Path(args[2])
    by_id: dict[str, list[dict]] = defaultdict(list)
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            if r["type"] != "NONE" and r["id"] not in skip and (keep is None or r["id"] in keep):
                by_id[r["id"]].append(r)
    arts = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            if r["id"] in by_id:
                arts.append(Article(id=r["id"], text=r["text"], title=r.get("title"),
                                    published=r.get("published")))  # fmt: skip
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for art, doc in zip(arts, nlp.pipe([a.text for a in arts]), strict=True):
            entities = actors.find_entities(art, doc)
            for label in sorted(by_id[art.id], key=lambda r: int(r["start"])):
                for row in candidates(art, doc, entities, label):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    n += 1
    print(f"{len(arts)} articles, {sum(len(by_id[a.id]) for a in arts)} triggers, {n} candidates -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
