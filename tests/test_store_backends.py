"""Real news in both backends: the VOA corpus and the seed, analysed once, ingested into PostgreSQL and
into SQLite, export the same articles, actors, quotes and events."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

import dateline
from conftest import _postgres_database, shared_path
from dateline.cli import cli
from dateline.records import AnalyzedArticle
from dateline.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WHAT = ("articles", "actors", "quotes", "events")


@pytest.fixture(scope="module")
def analysed() -> list[AnalyzedArticle]:
    sources = [shared_path("corpus", "voa.jsonl"), shared_path("seed", "tehran-times-2020-12-08.txt")]
    items = list(dateline.process(dateline.read([str(s) for s in sources])))
    errors = [i for i in items if not isinstance(i, AnalyzedArticle)]
    assert errors == []
    return [i for i in items if isinstance(i, AnalyzedArticle)]


@pytest.fixture
def postgres() -> Iterator[str]:
    yield from _postgres_database()


def exports(db: str) -> dict[str, list[dict[str, object]]]:
    out = {}
    for what in WHAT:
        result = CliRunner().invoke(cli, ["export", "--db", db, "--what", what, "--format", "jsonl"])
        assert result.exit_code == 0, result.output
        out[what] = [json.loads(line) for line in result.stdout.splitlines()]
    return out


def test_the_voa_corpus_and_the_seed_give_the_same_exports_on_postgresql_and_sqlite(
    analysed, postgres, tmp_path
):
    sqlite = str(tmp_path / "news.sqlite")
    for db in (postgres, sqlite):
        with Store(db) as store:
            for i in range(0, len(analysed), 32):
                store.add(analysed[i : i + 32])
            assert store.count() == len(analysed)
    on_postgres, on_sqlite = exports(postgres), exports(sqlite)
    for what in WHAT:
        assert on_postgres[what], what
        assert on_postgres[what] == on_sqlite[what], what
