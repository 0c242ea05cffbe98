#!/usr/bin/env python
"""How fast the web app answers on a large store: fills a store with synthetic articles, actors and
events (100,000 by default, written straight into the tables), then asks every page and the main API
calls through the in-process test client and prints the median and 95th percentile per page.

    python scripts/bench_web.py                                   # SQLite in a temporary folder
    python scripts/bench_web.py --db postgresql://postgres@127.0.0.1:5432/bench --events 100000
    python scripts/bench_web.py --db bench.sqlite --reuse         # measure a store filled before
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dateline.events.lexicon import TYPES as EVENT_TYPES

PLOVER = list(EVENT_TYPES)
COUNTRIES = ["KEN", "ETH", "FRA", "USA", "IRN", "SYR", "CHL", "ARG", "PHL", "ARM", "AZE", "DEU"]
WORDS = [
    "border",
    "talks",
    "ceasefire",
    "trade",
    "minister",
    "water",
    "deal",
    "protest",
    "fuel",
    "prices",
    "sanctions",
    "aid",
    "troops",
]


def fill(db: str, n_events: int, seed: int = 0) -> None:
    from sqlalchemy import insert

    from dateline.store import Store
    from dateline.store.schema import (
        actor_links,
        actors,
        article_entities,
        articles,
        event_participants,
        event_reports,
        events,
        quotes,
    )

    rng = random.Random(seed)
    n_actors = max(50, n_events // 100)
    per_article = 5
    n_articles = n_events // per_article
    now = "2026-01-01T00:00:00+00:00"
    with Store(db) as store, store.engine.begin() as conn:
        actor_rows = [
            {
                "id": i,
                "name": f"Person{i} Name{i % 97}",
                "key": f"person{i} name{i % 97}",
                "surname": f"name{i % 97}",
                "type": "PERSON",
                "country": rng.choice(COUNTRIES),
                "sector": rng.choice(["GOV", "MIL", "CVL"]),
                "first_seen": "2020-01-01",
                "last_seen": "2024-12-31",
            }
            for i in range(1, n_actors + 1)
        ]
        conn.execute(insert(actors), actor_rows)
        arts, ents, links, evs, parts, reps, qs = [], [], [], [], [], [], []
        event_id = 0
        for a in range(n_articles):
            aid = f"a{a}"
            day = f"{2020 + a % 5}-{1 + a % 12:02d}-{1 + a % 28:02d}"
            cast = rng.sample(range(1, n_actors + 1), 4)
            sentences = []
            for k in range(per_article):
                who, whom = cast[k % 4], cast[(k + 1) % 4]
                sentences.append(f"Person{who} met Person{whom} to discuss {rng.choice(WORDS)} on {day}. ")
            text = "".join(sentences)
            arts.append(
                {
                    "id": aid,
                    "url": f"https://news.example/{a}",
                    "title": f"Story {a} about {rng.choice(WORDS)}",
                    "published": day,
                    "day": day,
                    "dateline": "CITY",
                    "authors": [],
                    "subheadings": [],
                    "text": text,
                    "source": "bench",
                    "content_hash": f"{a:040d}",
                    "schema": "dateline.article/1",
                    "ingested_at": now,
                    "analyzed_at": now,
                }
            )
            for j, actor_id in enumerate(cast):
                ents.append(
                    {
                        "article_id": aid,
                        "entity_id": f"e{j}",
                        "seq": j,
                        "actor_id": actor_id,
                        "name": actor_rows[actor_id - 1]["name"],
                        "type": "PERSON",
                        "country": None,
                        "sector": None,
                        "roles": [],
                    }
                )
                links.append(
                    {
                        "article_id": aid,
                        "entity_id": f"e{j}",
                        "actor_id": actor_id,
                        "method": "exact",
                        "score": 1.0,
                        "evidence": {},
                        "created_at": now,
                    }
                )
            offset = 0
            for k, sentence in enumerate(sentences):
                event_id += 1
                who, whom = cast[k % 4], cast[(k + 1) % 4]
                type_ = rng.choice(PLOVER)
                evs.append(
                    {
                        "id": event_id,
                        "type": type_,
                        "mode": None,
                        "date": day,
                        "day_from": day,
                        "day_to": day,
                        "place_name": "City",
                        "place_country": None,
                        "lat": None,
                        "lon": None,
                        "actor_key": str(who),
                        "recipient_key": str(whom),
                        "confidence": 0.8,
                        "reports": 1,
                    }
                )
                parts += [
                    {"event_id": event_id, "actor_id": who, "side": "actor"},
                    {"event_id": event_id, "actor_id": whom, "side": "recipient"},
                ]
                reps.append(
                    {
                        "article_id": aid,
                        "local_id": f"v{k}",
                        "seq": k,
                        "event_id": event_id,
                        "type": type_,
                        "mode": None,
                        "actor": [{"name": f"Person{who}"}],
                        "recipient": [{"name": f"Person{whom}"}],
                        "date": day,
                        "date_text": day,
                        "place": None,
                        "sentence": sentence,
                        "start": offset,
                        "end": offset + len(sentence),
                        "confidence": 0.8,
                    }
                )
                if k < 2:
                    qs.append(
                        {
                            "article_id": aid,
                            "seq": k,
                            "text": f"We talked about {rng.choice(WORDS)}",
                            "start": offset,
                            "end": offset + 10,
                            "in": "body",
                            "kind": "direct",
                            "speaker": actor_rows[who - 1]["name"],
                            "speaker_entity": "e0",
                            "speaker_actor_id": who,
                            "speaker_text": None,
                            "cue": "said",
                            "day": day,
                        }
                    )
                offset += len(sentence)
            if len(arts) >= 2000 or a == n_articles - 1:
                for table, rows in (
                    (articles, arts),
                    (article_entities, ents),
                    (actor_links, links),
                    (events, evs),
                    (event_participants, parts),
                    (event_reports, reps),
                    (quotes, qs),
                ):
                    if rows:
                        conn.execute(insert(table), rows)
                arts, ents, links, evs, parts, reps, qs = [], [], [], [], [], [], []
                print(f"  {a + 1} articles, {event_id} events", file=sys.stderr)
        if store.dialect == "postgresql":
            from sqlalchemy import text

            for table in ("actors", "events", "quotes", "actor_links"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT max(id) FROM {table}))"
                    )
                )
            conn.execute(text("ANALYZE"))
        else:
            from sqlalchemy import text

            conn.execute(text("ANALYZE"))


def pages(n_actors: int, rng: random.Random) -> dict[str, Any]:
    """Each page as a function of the request number: a different actor, event or word each time."""
    return {
        "home /": lambda i: "/",
        "articles": lambda i: f"/articles?page={1 + i % 5}",
        "article": lambda i: f"/articles/a{rng.randrange(1000)}",
        "actors": lambda i: "/actors",
        "actor": lambda i: f"/actors/{rng.randrange(1, n_actors)}",
        "timeline": lambda i: "/events",
        "timeline actor": lambda i: f"/events?actor={rng.randrange(1, n_actors)}",
        "timeline type+dates": lambda i: (
            f"/events?type={rng.choice(PLOVER)}&since=2022-01-01&until=2022-06-30"
        ),
        "event": lambda i: f"/events/{rng.randrange(1, 90000)}",
        "network": lambda i: f"/network?type={rng.choice(PLOVER)}",
        "network all": lambda i: "/network",
        "quotes": lambda i: "/quotes",
        "quotes search": lambda i: f"/quotes?q={rng.choice(WORDS)}",
        "search": lambda i: f"/search?q={rng.choice(WORDS)}",
        "review log": lambda i: "/corrections",
        "api events": lambda i: f"/api/v1/events?page={1 + i % 3}&limit=100",
        "api events actor": lambda i: f"/api/v1/events?actor={rng.randrange(1, n_actors)}",
        "api article": lambda i: f"/api/v1/articles/a{rng.randrange(1000)}",
        "api quotes search": lambda i: f"/api/v1/quotes?q={rng.choice(WORDS)}",
        "api search": lambda i: f"/api/v1/search?q={rng.choice(WORDS)}",
    }


def measure(db: str, repeat: int, n_actors: int) -> list[tuple[str, float, float, float]]:
    from fastapi.testclient import TestClient

    from dateline.web import create_app

    rng = random.Random(1)
    out = []
    with TestClient(create_app(db)) as client:
        for name, make in pages(n_actors, rng).items():
            client.get(make(0))  # warm caches and templates
            times = []
            for i in range(repeat):
                url = make(i)
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code >= 400 and response.status_code != 404:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            out.append((name, statistics.median(times), p95, max(times)))
            print(
                f"{name:22} median {out[-1][1]:7.1f} ms   p95 {p95:7.1f} ms   max {out[-1][3]:7.1f} ms",
                flush=True,
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="store path or URL (default: a new SQLite file in a temporary folder)")
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events to write [100000]")
    parser.add_argument("--repeat", type=int, default=40, help="requests per page [40]")
    parser.add_argument("--reuse", action="store_true", help="measure the store as it is, without filling it")
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp()) / "bench.sqlite")
    if not args.reuse:
        started = time.perf_counter()
        fill(db, args.events)
        print(
            f"filled {db} with {args.events} events in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
    n_actors = max(50, args.events // 100)
    results = measure(db, args.repeat, n_actors)
    slow = [r for r in results if r[2] > 300]
    print(
        f"{len(results) - len(slow)} of {len(results)} pages under 300 ms at the 95th percentile"
        + (f"; over: {', '.join(r[0] for r in slow)}" if slow else "")
    )


if __name__ == "__main__":
    main()
