"""Faults in a long ingest: a kill -9 in the middle, then the same command again, ends with the same
database as an uninterrupted run; ingesting everything twice leaves one copy of everything."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import SHARED

pytestmark = pytest.mark.slow

EXAMPLE = """{title}

March {day}, 2023

NAIROBI — Kenyan Foreign Minister Amina Wanjiru met Ethiopian Foreign Minister Dawit Bekele in Nairobi on
Tuesday to discuss trade number {n}.

"We agreed on a lot today," Wanjiru said. Bekele said his government would send officials on Friday.
"""


def corpus(tmp_path: Path) -> Path:
    """The VOA corpus where shared/ is here, else a synthetic one of the same shape."""
    voa = SHARED / "corpus" / "voa.jsonl"
    if voa.exists():
        return voa
    path = tmp_path / "synthetic.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(80):
            text = EXAMPLE.format(title=f"Talks {n}", day=1 + n % 28, n=n)
            out.write(
                json.dumps({"id": f"s{n}", "text": text.split("\n", 4)[-1], "published": "2023-03-14"}) + "\n"
            )
    return path


def ingest(source: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dateline", "ingest", str(source), "--db", str(db), "--batch-size", "8"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def snapshot(db: Path) -> dict[str, object]:
    """The database's content, without row ids or timestamps."""
    with sqlite3.connect(db) as conn:
        q = conn.execute
        return {
            "articles": sorted(
                q("SELECT id, content_hash, title, published, dateline FROM articles").fetchall()
            ),
            "actors": Counter(
                q("SELECT name, type, country, sector, first_seen, last_seen FROM actors").fetchall()
            ),
            "links": Counter(
                q(
                    "SELECT a.name, l.article_id, l.entity_id, l.method FROM actor_links l "
                    "JOIN actors a ON a.id = l.actor_id"
                ).fetchall()
            ),
            "events": Counter(q("SELECT type, mode, date, place_name, reports FROM events").fetchall()),
            "reports": sorted(q("SELECT article_id, local_id, type, date FROM event_reports").fetchall()),
            "quotes": sorted(q("SELECT article_id, seq, text, speaker FROM quotes").fetchall()),
            "timexes": q("SELECT count(*) FROM timexes").fetchone(),
        }


def test_kill_nine_in_the_middle_then_resume_gives_the_same_database(tmp_path):
    source = corpus(tmp_path)
    total = sum(1 for line in source.read_text(encoding="utf-8").splitlines() if line.strip())

    whole = tmp_path / "whole.sqlite"
    assert ingest(source, whole).wait(timeout=900) == 0

    cut = tmp_path / "cut.sqlite"
    run = ingest(source, cut)
    deadline = time.monotonic() + 600
    while count(cut) < 16 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the ingest finished before it could be killed"
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    assert 16 <= count(cut) < total

    assert ingest(source, cut).wait(timeout=900) == 0
    assert snapshot(cut) == snapshot(whole)


def test_ingesting_the_corpus_and_the_seed_twice_keeps_one_copy(tmp_path):
    source = corpus(tmp_path)
    seed = SHARED / "seed" / "tehran-times-2020-12-08.txt"
    sources = [source, seed] if seed.exists() else [source]
    db = tmp_path / "twice.sqlite"
    snapshots = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "dateline", "ingest", *map(str, sources), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        snapshots.append(snapshot(db))
    assert snapshots[0] == snapshots[1]
    assert "0 new article(s)" in done.stderr
    if seed.exists():
        assert_store_holds_the_seed(db, tmp_path)


def assert_store_holds_the_seed(db: Path, tmp_path: Path) -> None:
    """The seed article as the store gives it back has the answer key's required quotes and events."""
    from test_gates import scorer

    out = subprocess.run(
        [sys.executable, "-m", "dateline", "export", "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stored = next(
        json.loads(line) for line in out.splitlines() if json.loads(line)["title"].startswith("Rouhani:")
    )
    pred = tmp_path / "seed.json"
    pred.write_text(json.dumps(stored), encoding="utf-8")
    gold = SHARED / "seed" / "tehran-times-2020-12-08.gold.json"
    figures, _ = scorer().evaluate("seed", str(gold), pred_path=str(pred))
    for section in ("quotes", "events"):
        got = figures["sections"][section]
        assert got["required_found"] == got["required_total"], (
            section,
            figures["missed_required"].get(section),
        )
