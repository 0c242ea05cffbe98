"""Precision of the events stage on the hand-annotated VOA articles (tests/data/events-voa-dev.jsonl).

python scripts/eval_events_voa.py [/work/shared/corpus/voa.jsonl] [-v]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dateline.events.evaluate import score
from dateline.pipeline import analyze
from dateline.records import Article

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else
                  ROOT.parent / "shared" / "corpus" / "voa.jsonl")  # fmt: skip
    gold = {}
    for line in (ROOT / "tests" / "data" / "events-voa-dev.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        gold[rec["id"]] = rec["events"]
    rows = [json.loads(x) for x in corpus.read_text(encoding="utf-8").splitlines() if x.strip()]
    arts = [Article(id=r["id"], text=r["text"], title=r.get("title"), published=r.get("published"))
            for r in rows if r["id"] in gold]  # fmt: skip
    res = score(analyze(arts), gold)
    print(
        f"articles={len(arts)} predicted={res['predicted']} precision={res['precision']:.3f} "
        f"required={res['required']} recall={res['recall']:.3f}"
    )
    if "-v" in sys.argv:
        print("wrong:", *res["wrong"], sep="\n  ")
        print("missed:", *res["missed"], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
