"""Review and correction: stored with who, when, old and new; shown by the queries; made again after the
articles are rewritten (as `dateline reanalyze` does); exported as labelled sentences."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.store import Store
from dateline.store import corrections as review
from dateline.store.query import Database
from web_helpers import SEED_ID, examples, fill


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return str(tmp_path / "store.sqlite")


def _event(db: Database, actor: str, type_: str) -> dict:
    return next(e for e in db.events(actor=actor) if e["type"] == type_)


def _rewrite(store: Store) -> None:
    """What reanalyze does to the store: every article and all it gave written again."""
    store.add(examples(), replace=True)


def test_corrections_event_fields_are_applied_and_recorded(db_url):
    fill(db_url, hostile=False)
    with Database(db_url) as db, db.store.engine.begin() as conn:
        e = _event(db, "Wanjiru", "CONSULT")
        assert review.correct_event(conn, e["id"], "type", "agree", "ana")
        assert review.correct_event(conn, e["id"], "date", "2023-03-15", "ana")
        assert review.correct_event(conn, e["id"], "place", "Addis Ababa", "ana")
        assert review.correct_event(conn, e["id"], "verdict", "right", "ben")
        assert review.correct_event(conn, e["id"], "type", "AGREE", "ana") is None  # no change, no row
        with pytest.raises(review.CorrectionError):
            review.correct_event(conn, e["id"], "type", "MEET", "ana")
        with pytest.raises(review.CorrectionError):
            review.correct_event(conn, e["id"], "date", "Tuesday", "ana")
        log = review.history(conn, "event", e["id"])
    assert [c["field"] for c in log] == ["verdict", "place", "date", "type"]
    assert (
        log[-1]["old_value"] == "CONSULT" and log[-1]["new_value"] == "AGREE" and log[-1]["author"] == "ana"
    )
    assert log[-1]["created_at"]
    with Database(db_url) as db:
        fixed = next(x for x in db.events(actor="Wanjiru") if x["id"] == e["id"])
        assert (fixed["type"], fixed["date"], fixed["place"]) == ("AGREE", "2023-03-15", "Addis Ababa")
        assert db.events(type="AGREE", since="2023-03-15", until="2023-03-15")


def test_corrections_event_participants(sqlite_url):
    fill(sqlite_url, hostile=False)
    with Database(sqlite_url) as db, db.store.engine.begin() as conn:
        e = _event(db, "Wanjiru", "CONSULT")
        bekele = db.actors(name="Dawit Bekele")[0]["id"]
        review.correct_event(conn, e["id"], "actor", "Amina Wanjiru", "ana")
        review.correct_event(conn, e["id"], "recipient", str(bekele), "ana")
        with pytest.raises(review.CorrectionError):
            review.correct_event(conn, e["id"], "recipient", "Nobody Anywhere", "ana")
    with Database(sqlite_url) as db:
        fixed = next(x for x in db.events(actor=bekele) if x["id"] == e["id"])
        assert [p["name"] for p in fixed["actor"]] == ["Amina Wanjiru"]
        assert [p["actor_id"] for p in fixed["recipient"]] == [bekele]


def test_corrections_survive_rewriting_the_articles(db_url):
    fill(db_url, hostile=False)
    with Database(db_url) as db:
        e = _event(db, "Wanjiru", "CONSULT")
        wanjiru = db.actors(name="Amina Wanjiru")[0]
        with db.store.engine.begin() as conn:
            review.correct_event(conn, e["id"], "type", "AGREE", "ana")
            review.correct_event(conn, e["id"], "verdict", "right", "ana")
            review.correct_actor(conn, wanjiru["id"], "sector", "LEG", "ana")
            review.correct_actor(conn, wanjiru["id"], "name", "Amina N. Wanjiru", "ana")
        _rewrite(db.store)
        assert all(
            x["type"] != "AGREE" or "Wanjiru" not in str(x["actor"]) for x in db.events(actor="Wanjiru")
        )
        assert review.reapply(db.store.engine) == 4
        after = db.events(actor="Wanjiru")
        assert any(x["type"] == "AGREE" and x["sentence"] == e["sentence"] for x in after)
        actor = db.actors(name="Wanjiru")[0]
        assert (actor["name"], actor["sector"]) == ("Amina N. Wanjiru", "LEG")
        with db.store.engine.connect() as conn:
            log = review.history(conn, "event")
            assert all(c["target_id"] == log[0]["target_id"] for c in log)
            assert review.verdict(conn, log[0]["target_id"]) == "right"
        assert review.reapply(db.store.engine) == 4  # idempotent: nothing new, nothing broken
        assert len(db.actors(name="Wanjiru")) == 1


def test_corrections_merge_and_split_actors(sqlite_url):
    fill(sqlite_url, hostile=False)
    with Database(sqlite_url) as db:
        kenya = db.actors(name="Amina Wanjiru")[0]["id"]
        bekele = db.actors(name="Dawit Bekele")[0]["id"]
        with db.store.engine.begin() as conn:
            review.merge_actors(conn, kenya, bekele, "ana")
        assert not db.actors(name=str(bekele))
        links = [x for x in db.links(kenya) if not x["undone_at"]]
        with db.store.engine.begin() as conn:
            new_id = review.split_link(conn, kenya, links[-1]["id"], "ana")
            log = review.history(conn, "actor")
        assert db.actors(name=str(new_id))
        assert [c["field"] for c in log] == ["split", "merge"]


def test_corrections_export_as_labelled_sentences(tmp_path):
    db = str(tmp_path / "s.sqlite")
    fill(db, hostile=False)
    with Database(db) as q, q.store.engine.begin() as conn:
        e = _event(q, "Wanjiru", "CONSULT")
        review.correct_event(conn, e["id"], "verdict", "wrong", "ana")
    out = tmp_path / "labels.jsonl"
    result = CliRunner().invoke(cli, ["export", "--db", db, "--what", "corrections", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows == [r for r in rows if r["type"] == "NONE"] and rows[0]["text"] == e["sentence"]
    assert rows[0]["article_id"] == SEED_ID and rows[0]["reviewed_by"] == ["ana"]
    assert "source_start" in rows[0]


def test_corrections_views_for_datasette(tmp_path):
    import sqlite3

    db = str(tmp_path / "s.sqlite")
    fill(db, hostile=False)
    with Database(db) as q, q.store.engine.begin() as conn:
        e = _event(q, "Wanjiru", "CONSULT")
        review.correct_event(conn, e["id"], "verdict", "wrong", "ana")
    con = sqlite3.connect(db)
    row = con.execute(
        "SELECT actors, verdict, evidence FROM events_named WHERE id = ?", (e["id"],)
    ).fetchone()
    assert "Amina Wanjiru" in row[0] and row[1] == "wrong" and row[2] == e["sentence"]
    speaker = con.execute("SELECT speaker FROM quotes_named WHERE text LIKE '%cow%'").fetchone()[0]
    assert speaker == "Amina Wanjiru"
    for view in ("event_reports_named", "actor_roles_named", "actor_links_named"):
        assert con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0


def test_corrections_wrong_events_leave_lists_counts_and_the_network(sqlite_url):
    fill(sqlite_url, hostile=False)
    with Database(sqlite_url) as db:
        e = _event(db, "Wanjiru", "CONSULT")
        before = db.actors(name="Amina Wanjiru")[0]["events"]
        edges = len(db.network()[1])
        with db.store.engine.begin() as conn:
            review.correct_event(conn, e["id"], "verdict", "wrong", "ana")
        assert e["id"] not in [x["id"] for x in db.events(limit=None)]
        assert db.actors(name="Amina Wanjiru")[0]["events"] == before - 1
        assert len(db.network()[1]) < edges
        with db.store.engine.begin() as conn:
            review.correct_event(conn, e["id"], "verdict", "right", "ben")  # the latest verdict counts
        assert e["id"] in [x["id"] for x in db.events(limit=None)]


@pytest.mark.slow
def test_corrections_survive_dateline_reanalyze(tmp_path):
    pytest.importorskip("spacy")
    db = str(tmp_path / "s.sqlite")
    with Store(db) as store:
        store.add(examples()[:1])
    with Database(db) as q, q.store.engine.begin() as conn:
        e = _event(q, "Wanjiru", "CONSULT")
        review.correct_event(conn, e["id"], "type", "AGREE", "ana")
        review.correct_event(conn, e["id"], "place", "Mombasa", "ana")
    result = CliRunner().invoke(cli, ["reanalyze", "--db", db])
    assert result.exit_code == 0, result.output
    assert "correction(s) made again" in result.output
    with Database(db) as q:
        found = [x for x in q.events(actor="Wanjiru") if x["sentence"] == e["sentence"]]
        assert found and found[0]["type"] == "AGREE" and found[0]["place"] == "Mombasa"
        with q.store.engine.connect() as conn:
            assert {c["target_id"] for c in review.history(conn, "event")} == {found[0]["id"]}
