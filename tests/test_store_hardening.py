"""The store takes any record the pipeline can make, on both backends, and refuses what would lose data
quietly: an id stored with another text, a store that is not there, a type that is no type. Two
writers may make a fresh store at once, a read-only file can be read, manual merges survive a
rewrite, and the machine formats give every row."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import dateline
from dateline.cli import cli
from dateline.records import AnalyzedArticle, Article, Entity, Event, Participant, Quote
from dateline.store import DuplicateId, Store, StoreNotFound, kb, migrate
from dateline.store.query import Database
from dateline.store.schema import actor_links, actors
from test_kb import article, meeting, person

LONG_NAME = "Abdul " * 40 + "Rahman"
#: A name of 600 different words: no real name, but over what a PostgreSQL index entry holds.
HUGE_NAME = " ".join(f"{chr(65 + i % 26)}{chr(97 + i // 26 % 26)}{i:04d}x" for i in range(600))


def unstorable() -> AnalyzedArticle:
    """A record as the pipeline may make one from hostile input: long ids and dates as written, NUL and
    lone surrogates in the text and in names."""
    text = "He said\x00 talks would go on \ud800 today."
    return AnalyzedArticle(
        Article(
            id="x" * 1000,
            text=text,
            title="Talks\x00",
            published="Tuesday, 8 December 2020, 10:30 in the evening, Tehran Standard Time (+03:30)",
            dateline="T" * 300,
            authors=["A\ud800B"],
        ),
        entities=[
            Entity(
                "e" * 300,
                LONG_NAME,
                "PERSON",
                "IRN",
                "GOV",
                [{"title": "envoy\x00", "country": "IRN"}],
                [[0, 2]],
            )
        ],
        quotes=[Quote("talks would go on \ud800", 16, 36, "indirect", LONG_NAME, "e" * 300, "He", "said")],
        events=[
            Event(
                "v" * 120,
                "CONSULT",
                text,
                0,
                len(text),
                0.9,
                "x" * 80,
                # A participant with no entity becomes an actor of its own, keyed by its name.
                [Participant(LONG_NAME + " the Second", None, "IRN", None)],
                [Participant(HUGE_NAME, None, None, "GOV")],
                "2020-12-08",
            )
        ],
    )


def test_any_text_the_pipeline_can_make_is_stored_on_both_backends(db_url):
    item = unstorable()
    with Store(db_url) as store:
        assert store.add([item]) == 1
        assert store.status(item.article) == "stored"
        (back,) = store.iter_articles()
    a = back.article
    assert a.id == "x" * 1000 and a.published == item.article.published and a.dateline == "T" * 300
    assert a.text == "He said\ufffd talks would go on \ufffd today." and len(a.text) == len(item.article.text)
    assert a.title == "Talks\ufffd" and a.authors == ["A\ufffdB"]
    assert back.entities[0].roles == [{"title": "envoy\ufffd", "country": "IRN"}]
    assert back.quotes[0].text.endswith("\ufffd")
    replaced, cut = a.warnings
    assert "replaced 8 NUL or lone surrogate" in replaced and "text" in replaced and "title" in replaced
    assert cut == "the store cut 1 name(s), title(s) or entity id(s) to 300 characters"
    assert back.events[0].recipient[0].name == HUGE_NAME[:300]


def test_an_id_stored_with_another_text_is_refused_unless_replaced(db_url):
    first = article("a1", "2020-12-08", [person("e1", "Hassan Rouhani", "IRN", "GOV")])
    again = article("a1", "2020-12-08", [person("e1", "Hassan Rouhani", "IRN", "GOV")])
    other = article("a1", "2020-12-08", [person("e1", "Hassan Rouhani", "IRN", "GOV")])
    other.article.text = "Another text with the same id."
    with Store(db_url) as store:
        assert store.add([first]) == 1
        assert store.add([again]) == 0  # the same article again: a silent skip (resume)
        assert store.status(other.article) == "conflict"
        with pytest.raises(DuplicateId, match="a1"):
            store.add([other])
        assert store.add([other], replace=True) == 1
        (back,) = store.iter_articles()
    assert back.article.text == "Another text with the same id."


def records(tmp_path: Path, *rows: tuple[str, str]) -> str:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": i, "text": t, "published": "2020-12-08"}) for i, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_ingest_gives_an_error_line_for_an_id_read_again_with_another_text(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "s.sqlite")
    one = "Iran's president met the Syrian foreign minister in Tehran on Tuesday."
    two = "Kenya's foreign minister visited Addis Ababa on Friday."
    same = runner.invoke(cli, ["ingest", records(tmp_path, ("a", one), ("a", one)), "--db", db])
    assert same.exit_code == 0, same.output
    clash = runner.invoke(cli, ["ingest", records(tmp_path, ("a", one), ("a", two)), "--db", db])
    assert clash.exit_code == 1
    assert "dateline: error:" in clash.stderr and "another text" in clash.stderr
    assert runner.invoke(cli, ["ingest", records(tmp_path, ("a", two)), "--db", db]).exit_code == 1
    replaced = runner.invoke(cli, ["ingest", records(tmp_path, ("a", two)), "--db", db, "--replace"])
    assert replaced.exit_code == 0, replaced.output
    with Store(db) as store:
        (back,) = store.iter_articles()
    assert back.article.text == two


def test_two_writers_making_a_fresh_store_at_once_both_succeed(db_url, monkeypatch):
    # Both look at the empty database before either migrates it: the race two processes run into.
    barrier = threading.Barrier(2, timeout=20)
    looked = threading.local()
    real = migrate.current

    def current(engine):
        found = real(engine)
        if not getattr(looked, "once", False):
            looked.once = True
            barrier.wait()
        return found

    monkeypatch.setattr(migrate, "current", current)
    failures: list[BaseException] = []

    def make() -> None:
        try:
            Store(db_url).close()
        except BaseException as e:
            failures.append(e)

    threads = [threading.Thread(target=make) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert failures == []
    monkeypatch.undo()
    with Store(db_url) as store:
        assert real(store.engine) == migrate.head()


def test_three_processes_opening_a_fresh_store_at_once_all_succeed(db_url):
    code = "import sys; from dateline.store import Store; Store(sys.argv[1]).close()"
    runs = [
        subprocess.Popen([sys.executable, "-c", code, db_url], stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    failed = [run.communicate(timeout=120)[1] for run in runs if run.wait(timeout=120) != 0]
    assert failed == []


def test_a_read_only_sqlite_store_can_be_queried(monkeypatch):
    folder = Path(tempfile.mkdtemp(prefix="dateline-ro-"))
    db = folder / "news.sqlite"
    try:
        rouhani, mekdad = (
            person("e1", "Hassan Rouhani", "IRN", "GOV"),
            person("e2", "Faisal Mekdad", "SYR", "GOV"),
        )
        with Store(str(db)) as store:
            store.add(
                [
                    article(
                        "a1", "2020-12-08", [rouhani, mekdad], [meeting("v1", "2020-12-08", rouhani, mekdad)]
                    )
                ]
            )
        db.chmod(0o444)
        folder.chmod(0o555)
        if os.geteuid() == 0:  # root writes anywhere: the store is told what the file system would say
            monkeypatch.setattr("dateline.store._can_write", lambda path: False)
        done = CliRunner().invoke(cli, ["events", "--db", str(db), "--format", "json"])
        assert done.exit_code == 0, done.output
        assert [e["type"] for e in json.loads(done.stdout)] == ["CONSULT"]
        with dateline.open(str(db)) as read:
            assert read.store.read_only and len(read.actors()) == 2
            with pytest.raises(OperationalError, match="readonly"), read.store.engine.begin() as conn:
                conn.execute(actors.delete())
        assert sorted(p.name for p in folder.iterdir()) == ["news.sqlite"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def manual_state(store: Store) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        manual = conn.scalar(
            select(func.count())
            .select_from(actor_links)
            .where(actor_links.c.method == "manual", actor_links.c.undone_at.is_(None))
        )
        n_actors = conn.scalar(select(func.count()).select_from(actors))
        undone = conn.scalar(
            select(func.count()).select_from(actor_links).where(actor_links.c.undone_at.isnot(None))
        )
    return int(manual or 0), int(n_actors or 0), int(undone or 0)


def actor_of(store: Store, aid: str) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.scalar(
                select(actor_links.c.actor_id).where(
                    actor_links.c.article_id == aid,
                    actor_links.c.entity_id == "e1",
                    actor_links.c.undone_at.is_(None),
                )
            )
        )


def test_rewriting_every_article_keeps_manual_merges_and_unmerges(db_url):
    mekdad = person("e1", "Faisal al-Mekdad", "SYR", "GOV", "Foreign Minister")
    muallem = person("e1", "Walid Muallem", "SYR", "GOV", "Foreign Minister")
    other = person("e2", "Hassan Rouhani", "IRN", "GOV", "President")
    batch = [
        article("a1", "2020-12-08", [mekdad, other]),
        article("a2", "2020-12-09", [muallem, other], [meeting("v1", "2020-12-09", muallem, other)]),
        article("a3", "2020-12-10", [person("e1", "Ali Shamkhani", "IRN", "GOV")]),
        article("a4", "2020-12-11", [person("e1", "Ali Shamkhani", "IRN", "GOV")]),
    ]
    with Store(db_url) as store:
        store.add(batch)
        assert actor_of(store, "a3") == actor_of(store, "a4") and actor_of(store, "a1") != actor_of(
            store, "a2"
        )
        with store.engine.begin() as conn:
            kb.merge(conn, actor_of(store, "a1"), actor_of(store, "a2"))
            link = conn.scalar(
                select(actor_links.c.id).where(
                    actor_links.c.article_id == "a4", actor_links.c.entity_id == "e1"
                )
            )
            kb.unmerge(conn, link)
        before = manual_state(store)
        merged, apart = actor_of(store, "a1"), (actor_of(store, "a3"), actor_of(store, "a4"))
        assert before[0] == 2

        store.add(batch, replace=True)  # what `dateline reanalyze` does with each stored article

        assert manual_state(store) == before
        assert actor_of(store, "a2") == actor_of(store, "a1") == merged
        assert (actor_of(store, "a3"), actor_of(store, "a4")) == apart
        (event,) = Database(store).events()
        assert {p["actor_id"] for p in event["actor"]} == {merged, actor_of_entity(store, "a2", "e2")}


def actor_of_entity(store: Store, aid: str, eid: str) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.scalar(
                select(actor_links.c.actor_id).where(
                    actor_links.c.article_id == aid,
                    actor_links.c.entity_id == eid,
                    actor_links.c.undone_at.is_(None),
                )
            )
        )


@pytest.mark.parametrize(
    "args",
    [
        ["events"],
        ["actors"],
        ["quotes"],
        ["search", "talks"],
        ["reports", "1"],
        ["links", "1"],
        ["export"],
        ["merge", "1", "2"],
        ["unmerge", "1"],
        ["reanalyze"],
    ],
)
def test_commands_on_a_store_refuse_one_that_is_not_there(tmp_path, args):
    db = tmp_path / "typo" / "news.sqlite"
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: no store at {db} (dateline ingest makes one)"]
    assert not (tmp_path / "typo").exists()


def test_the_library_refuses_a_store_that_is_not_there_and_makes_one_when_asked(tmp_path, db_url):
    missing = str(tmp_path / "typo" / "news.sqlite") if "://" not in db_url else db_url  # an empty database
    with pytest.raises(StoreNotFound, match="dateline ingest makes one"):
        dateline.open(missing)
    assert not (tmp_path / "typo").exists()
    with dateline.open(missing, create=True) as db:
        assert db.events() == []
    with dateline.open(missing) as db:
        assert db.events() == []


def test_types_and_countries_outside_their_vocabulary_are_refused(tmp_path, db_url):
    runner = CliRunner()
    bad = runner.invoke(cli, ["events", "--type", "FOO", "--db", str(tmp_path / "x.sqlite")])
    assert bad.exit_code == 2
    assert "not a PLOVER event type: 'FOO'; choose one of AGREE, CONSULT" in bad.stderr
    assert "choose one of FAC, GPE" in runner.invoke(cli, ["actors", "--type", "CITY"]).stderr
    assert "alpha-3" in runner.invoke(cli, ["quotes", "--country", "Iran"]).stderr
    with Store(db_url) as store:
        db = Database(store)
        with pytest.raises(ValueError, match="choose one of"):
            db.events(type="FOO")
        with pytest.raises(ValueError, match="alpha-3"):
            db.actors(country="Syria")
        assert db.events(type="consult") == []


@pytest.fixture
def sixty_events(tmp_path: Path) -> str:
    db = str(tmp_path / "many.sqlite")
    a, b = person("e1", "Hassan Rouhani", "IRN", "GOV"), person("e2", "Faisal Mekdad", "SYR", "GOV")
    days = [f"2020-{m:02d}-{d:02d}" for m in range(1, 8) for d in range(1, 28, 3)][:60]
    with Store(db) as store:
        store.add([article(f"a{i}", day, [a, b], [meeting("v1", day, a, b)]) for i, day in enumerate(days)])
    return db


def test_machine_formats_give_every_row_and_the_table_says_what_it_left_out(sixty_events):
    runner = CliRunner()

    def events(*args: str):
        result = runner.invoke(cli, ["events", "--db", sixty_events, *args])
        assert result.exit_code == 0, result.output
        return result

    assert len(list(csv.reader(io.StringIO(events("--format", "csv").stdout)))) == 61
    assert len(events("--format", "jsonl").stdout.splitlines()) == 60
    assert len(json.loads(events("--format", "json").stdout)) == 60
    assert len(events("--format", "csv", "--limit", "5").stdout.splitlines()) == 6
    assert len(events("--format", "csv", "--limit", "0").stdout.splitlines()) == 61
    table = events()
    assert len(table.stdout.splitlines()) == 51
    assert table.stderr.strip() == "… 10 more; use --limit or --format csv"
    assert events("--limit", "0").stderr == ""
    assert runner.invoke(cli, ["events", "--db", sixty_events, "--limit", "-1"]).exit_code == 2
    with dateline.open(sixty_events) as db:
        assert len(db.events()) == 60
        few = db.events(limit=7)
        assert len(few) == 7 and few.total == 60
        assert db.search("Text", limit=2).total == 60
        with pytest.raises(ValueError, match="positive"):
            db.events(limit=0)


def test_the_text_migration_keeps_data_and_search_both_ways(db_url):
    from dateline.store.migrate import downgrade, upgrade

    said = Quote("The sanctions must end now.", 0, 10, "direct", "Hassan Rouhani", "e1", "he", "said")
    first = article("a1", "2020-12-08", [person("e1", "Hassan Rouhani", "IRN", "GOV")], quotes_=[said])
    with Store(db_url) as store:
        store.add([first])
        downgrade(store.engine, "0002")
        upgrade(store.engine)
        db = Database(store)
        assert [q["article_id"] for q in db.quotes(q="sanctions")] == ["a1"]
        assert [r["id"] for r in db.search("a1")] == ["a1"]
        store.add(
            [article("a2", "2020-12-09", [person("e1", "Hassan Rouhani", "IRN", "GOV")], quotes_=[said])]
        )
        assert len(db.quotes(q="sanctions")) == 2
        store.add([article("a1", "2020-12-08", [])], replace=True)  # deletes cascade as before
        assert len(db.quotes(q="sanctions")) == 1
        assert [r["id"] for r in db.search("a2")] == ["a2"]


def test_rows_come_in_the_same_order_on_both_backends(db_url):
    rouhani = person("e1", "Hassan Rouhani", "IRN", "GOV", "President", "president")
    mekdad = person("e2", "Faisal Mekdad", "SYR", "GOV")
    undated = meeting("v1", "2020-12-08", rouhani, mekdad)
    undated.date = None
    batch = [
        article("a1", "2020-12-08", [rouhani, mekdad], [undated]),
        article("a2", "2020-12-09", [rouhani, mekdad], [meeting("v1", "2020-12-09", rouhani, mekdad)]),
    ]
    said = Quote("We will talk.", 0, 5, "direct", "Hassan Rouhani", "e1", "he", "said")
    batch.append(article("a3", None, [rouhani], quotes_=[said]))
    batch.append(article("a4", "2020-12-10", [rouhani], quotes_=[said]))
    with Store(db_url) as store:
        store.add(batch)
        db = Database(store)
        # Undated last, where PostgreSQL and SQLite would put NULL at opposite ends.
        assert [e["date"] for e in db.events()] == ["2020-12-09", None]
        assert [q["article_id"] for q in db.quotes()] == ["a4", "a3"]
        assert [q["article_id"] for q in db.quotes(q="talk")] == ["a4", "a3"]
        (actor,) = db.actors(name="Rouhani")
        assert [r["title"] for r in actor["roles"]] == ["President", "president"]


def test_dateline_reanalyze_keeps_a_merge_made_on_the_command_line(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "s.sqlite")
    source = records(
        tmp_path,
        ("a1", "Syrian Foreign Minister Faisal Mekdad arrived in Tehran on Tuesday."),
        ("a2", "Syrian Foreign Minister Walid Muallem arrived in Moscow on Friday."),
    )
    assert runner.invoke(cli, ["ingest", source, "--db", db]).exit_code == 0

    def ids() -> dict[str, int]:
        out = runner.invoke(cli, ["actors", "--db", db, "--type", "person", "--format", "json"]).stdout
        return {a["name"]: a["id"] for a in json.loads(out)}

    found = ids()
    keep, other = found["Faisal Mekdad"], found["Walid Muallem"]
    assert runner.invoke(cli, ["merge", str(keep), str(other), "--db", db]).exit_code == 0
    assert runner.invoke(cli, ["reanalyze", "--db", db]).exit_code == 0
    assert "Walid Muallem" not in ids()
    links = json.loads(runner.invoke(cli, ["links", str(keep), "--db", db, "--format", "json"]).stdout)
    assert [(x["article_id"], x["method"]) for x in links if not x["undone_at"]] == [
        ("a1", "new"),
        ("a2", "manual"),
    ]
