"""Query speed on a big store: 100,000 synthetic events, their actors, reports and quotes.

    python scripts/bench_store.py [--db PATH_OR_URL] [--events 100000]

Times (median of 20) one actor's events in a date range and a full-text quote search through
dateline's query API. A benchmark to run by hand, not a timed test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

import dateline
from dateline.store import Store
from dateline.store.schema import actors, articles, event_participants, event_reports, events, quotes

TYPES = [
    "CONSULT",
    "ACCUSE",
    "SUPPORT",
    "ASSAULT",
    "AGREE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "AID",
    "SANCTION",
]
WORDS = [
    "sanctions",
    "oil",
    "talks",
    "border",
    "ceasefire",
    "nuclear",
    "deal",
    "aid",
    "troops",
    "election",
    "protest",
    "minister",
    "security",
    "trade",
    "water",
    "attack",
    "peace",
    "region",
    "president",
    "agreement",
    "crisis",
    "refugees",
    "economy",
    "vote",
    "army",
]
#: A vocabulary with a news-like (Zipf) spread: a few words everywhere, most words rare.
VOCABULARY = WORDS + [f"word{k}" for k in range(20_000)]
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def fill(store: Store, n_events: int, n_actors: int = 5000, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    n_articles = n_events // 2
    with store.engine.begin() as conn:
        conn.execute(
            insert(actors),
            [
                {
                    "id": i,
                    "name": f"Person{i} Name{i}",
                    "key": f"person{i} name{i}",
                    "surname": f"nm{i}",
                    "type": "PERSON",
                    "country": rng.choice(["IRN", "SYR", "USA", "RUS", "TUR"]),
                    "sector": "GOV",
                }
                for i in range(1, n_actors + 1)
            ],
        )
        for lo in range(0, n_articles, 5000):
            conn.execute(
                insert(articles),
                [
                    {
                        "id": f"a{i}",
                        "title": f"Article {i}",
                        "published": (start + timedelta(days=i % 3650)).isoformat(),
                        "day": (start + timedelta(days=i % 3650)).isoformat(),
                        "authors": [],
                        "subheadings": [],
                        "text": " ".join(rng.choices(VOCABULARY, WEIGHTS, k=60)),
                        "content_hash": f"h{i}",
                        "schema": "x",
                        "ingested_at": "",
                        "analyzed_at": "",
                    }
                    for i in range(lo, min(lo + 5000, n_articles))
                ],
            )
        for lo in range(0, n_events, 5000):
            rows, parts, reports, said = [], [], [], []
            for i in range(lo, min(lo + 5000, n_events)):
                day = (start + timedelta(days=rng.randrange(3650))).isoformat()
                a, b = rng.sample(range(1, n_actors + 1), 2)
                rows.append(
                    {
                        "id": i + 1,
                        "type": rng.choice(TYPES),
                        "date": day,
                        "day_from": day,
                        "day_to": day,
                        "actor_key": str(a),
                        "recipient_key": str(b),
                        "confidence": 0.9,
                        "reports": 1,
                    }
                )
                parts += [
                    {"event_id": i + 1, "actor_id": a, "side": "actor"},
                    {"event_id": i + 1, "actor_id": b, "side": "recipient"},
                ]
                reports.append(
                    {
                        "article_id": f"a{i // 2}",
                        "local_id": f"v{i}",
                        "seq": i % 2,
                        "event_id": i + 1,
                        "type": "X",
                        "actor": [],
                        "recipient": [],
                        "sentence": "s",
                        "start": 0,
                        "end": 1,
                        "confidence": 0.9,
                    }
                )
                said.append(
                    {
                        "article_id": f"a{i // 2}",
                        "seq": i % 2,
                        "text": " ".join(rng.choices(VOCABULARY, WEIGHTS, k=25)),
                        "start": 0,
                        "end": 1,
                        "in": "body",
                        "kind": "direct",
                        "speaker_actor_id": a,
                        "day": day,
                    }
                )
            conn.execute(insert(events), rows)
            conn.execute(insert(event_participants), parts)
            conn.execute(insert(event_reports), reports)
            conn.execute(insert(quotes), said)


def timed(fn, runs: int = 20) -> float:  # type: ignore[no-untyped-def]
    fn()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="path or URL (default: a new SQLite file in a temporary folder)")
    ap.add_argument("--events", type=int, default=100_000)
    args = ap.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.sqlite")
    store = Store(db)
    t = time.perf_counter()
    fill(store, args.events)
    print(
        f"filled {store.url} with {store.count('events')} events, {store.count('quotes')} quotes, "
        f"{store.count('actors')} actors in {time.perf_counter() - t:.1f} s"
    )
    q = dateline.open(store)
    by_id = timed(lambda: q.events(actor=42, since="2017-01-01", until="2018-12-31"))
    by_name = timed(lambda: q.events(actor="Person42 Name42", since="2017-01-01", until="2018-12-31"))
    text = timed(lambda: q.quotes(q="nuclear ceasefire", limit=50))
    hits = len(q.quotes(q="nuclear ceasefire", limit=10**6))
    n = len(q.events(actor=42, since="2017-01-01", until="2018-12-31"))
    print(f"one actor's events in a date range ({n} events): {by_id:.1f} ms by id, {by_name:.1f} ms by name")
    print(
        f"full-text quote search ('nuclear ceasefire': {hits} of {store.count('quotes')} quotes match, "
        f"50 shown): {text:.1f} ms  [median of 20]"
    )
    store.close()


if __name__ == "__main__":
    main()
