"""Stores for the web app's tests, made from records without running the pipeline (fast)."""

from __future__ import annotations

import json
from pathlib import Path

from dateline.records import AnalyzedArticle
from dateline.store import Store

EXAMPLES = Path(__file__).parent / "data" / "web" / "examples.jsonl"
SEED_ID = "12bbf68d280207b6"

#: Markup in every field that reaches a page: none of it may run.
XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
XSS_LINK = '<a href="javascript:window.__xss=3">click</a>'


def xss_article() -> AnalyzedArticle:
    text = f"{XSS} Mallory {XSS_LINK} met Trent in Paris on Monday. “{XSS}” Mallory said."
    m, t = text.index("Mallory"), text.index("Trent")
    q = text.index("“") + 1
    s = text.index(" Mallory said") + 1
    return AnalyzedArticle.from_dict(
        {
            "id": "xss-1",
            "url": "javascript:window.__xss=4",
            "title": f"Hostile {XSS}",
            "published": "2024-01-02",
            "dateline": XSS,
            "authors": [XSS],
            "subheadings": [XSS_LINK],
            "text": text,
            "entities": [
                {
                    "id": "e1",
                    "name": f"Mallory {XSS}",
                    "type": "PERSON",
                    "country": "FRA",
                    "sector": "GOV",
                    "roles": [{"title": XSS, "country": "FRA"}],
                    "mentions": [[m, m + 7], [s, s + 7]],
                },
                {
                    "id": "e2",
                    "name": "Trent",
                    "type": "PERSON",
                    "country": None,
                    "sector": None,
                    "roles": [],
                    "mentions": [[t, t + 5]],
                },
            ],
            "quotes": [
                {
                    "text": XSS,
                    "start": q,
                    "end": q + len(XSS),
                    "in": "body",
                    "kind": "direct",
                    "speaker": f"Mallory {XSS}",
                    "speaker_entity": "e1",
                    "speaker_text": "Mallory",
                    "cue": "said",
                }
            ],
            "timexes": [
                {
                    "text": "Monday",
                    "start": text.index("Monday"),
                    "end": text.index("Monday") + 6,
                    "type": "DATE",
                    "value": "2024-01-01",
                    "mod": None,
                }
            ],
            "events": [
                {
                    "id": "v1",
                    "type": "CONSULT",
                    "mode": None,
                    "actor": [
                        {"name": f"Mallory {XSS}", "entity": "e1", "country": "FRA", "sector": "GOV"},
                        {"name": "Trent", "entity": "e2", "country": None, "sector": None},
                    ],
                    "recipient": [],
                    "date": "2024-01-01",
                    "date_text": "on Monday",
                    "place": {"name": XSS, "country": "FRA", "lat": None, "lon": None},
                    "sentence": text[: text.index("Monday") + 7],
                    "start": 0,
                    "end": text.index("Monday") + 7,
                    "confidence": 0.9,
                }
            ],
        }
    )


def examples() -> list[AnalyzedArticle]:
    with EXAMPLES.open(encoding="utf-8") as f:
        return [AnalyzedArticle.from_dict(json.loads(line)) for line in f if line.strip()]


def fill(db: str, hostile: bool = True) -> None:
    """The bundled examples (analysed once, kept as records) and, unless told not to, the hostile one."""
    with Store(db) as store:
        store.add(examples())
        if hostile:
            store.add([xss_article()])
