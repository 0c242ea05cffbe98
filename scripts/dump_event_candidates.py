"""List the event candidates the typer reads in a corpus, for labelling by hand.

python scripts/dump_event_candidates.py CORPUS.jsonl OUT.jsonl [--skip-ids tests/data/events-voa-dev.jsonl]

One line a candidate: the article id, the trigger's character offset in the article text and its word, the
sentence with the trigger marked [[so]], the sentence before it, and an empty "type" to fill in (a PLOVER
type, or NONE). Only what the typer reads is listed: told-as-done ("ok") triggers, and a trigger-less
sentence's main verb. The system's own reading is not shown, so that the labels do not follow it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dateline.events.train import typer_inputs
from dateline.records import Article


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    corpus, out = Path(args[0]), Path(args[1])
    skip: set[str] = set()
    if "--skip-ids" in sys.argv:
        path = Path(sys.argv[sys.argv.index("--skip-ids") + 1])
        skip = {json.loads(x)["id"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()}
        args = [a for a in args if Path(a) != path]
    rows = [json.loads(x) for x in corpus.read_text(encoding="utf-8").splitlines() if x.strip()]
    arts = [Article(id=r["id"], text=r["text"], title=r.get("title"), published=r.get("published"))
            for r in rows if r["id"] not in skip]  # fmt: skip
    found = []
    for art, sent, c, _ in typer_inputs(arts):
        t = c.trigger
        a, b = t.idx - sent.start_char, t.idx - sent.start_char + len(t.text)
        s = sent.text
        before = art.text[: sent.start_char].rstrip().rsplit("\n", 1)[-1][-300:]
        found.append({"id": art.id, "start": t.idx, "trigger": t.text,
                      "sentence": f"{s[:a]}[[{s[a:b]}]]{s[b:]}", "before": before, "type": ""})  # fmt: skip
    with out.open("w", encoding="utf-8") as fh:
        for f in found:
            fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    print(f"{len(arts)} articles, {len(found)} candidates -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
