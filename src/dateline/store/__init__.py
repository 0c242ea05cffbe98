"""The store: SQLite by default (a file), PostgreSQL by URL; the same code and tests for both.

One copy of an article however often it is ingested (by id or by text); its entities linked to
cross-article actors; its events merged with the same events other outlets reported. Writes go
in batches, one transaction each, so an interrupted ingest keeps every finished batch and the
next run skips what is there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url

from dateline.config import db_url
from dateline.records import SCHEMA, AnalyzedArticle, Article
from dateline.store import kb
from dateline.store.migrate import upgrade
from dateline.store.schema import article_entities, articles, event_reports, mentions, quotes, timexes

__all__ = ["Store", "content_hash"]


def content_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


def engine_for(db: str | None) -> Engine:
    """An engine for a path or URL, with SQLite in WAL mode and PostgreSQL through psycopg 3."""
    url = make_url(db_url(db))
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    """A database of analysed articles and the knowledge base built from them."""

    def __init__(self, db: str | None = None) -> None:
        self.engine: Engine = engine_for(db)
        self.url = self.engine.url.render_as_string(hide_password=True)
        upgrade(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, article: Article) -> bool:
        """True when this article (by id or by text) is stored already."""
        digest = content_hash(article.text)
        with self.engine.connect() as conn:
            stmt = select(articles.c.id).where(
                (articles.c.id == article.id) | (articles.c.content_hash == digest)
            )
            return conn.execute(stmt.limit(1)).first() is not None

    def add(self, batch: list[AnalyzedArticle], replace: bool = False) -> int:
        """Store a batch in one transaction; returns how many were new or rewritten. An article whose id
        or text is stored already is skipped, unless `replace`, which rewrites it and all it gave."""
        if not batch:
            return 0
        now = datetime.now(UTC).isoformat(timespec="seconds")
        added = 0
        with self.engine.begin() as conn:
            for analyzed in batch:
                a = analyzed.article
                digest = content_hash(a.text)
                same = conn.scalars(
                    select(articles.c.id).where((articles.c.id == a.id) | (articles.c.content_hash == digest))
                ).all()
                if same and not replace:
                    continue
                ingested = now
                for old in same:
                    previous = conn.scalar(select(articles.c.ingested_at).where(articles.c.id == old))
                    ingested = min(ingested, previous or now)
                    kb.detach_article(conn, old)
                    conn.execute(articles.delete().where(articles.c.id == old))
                conn.execute(
                    articles.insert().values(
                        id=a.id,
                        url=a.url,
                        title=a.title,
                        published=a.published,
                        day=_day(a.published),
                        dateline=a.dateline,
                        authors=list(a.authors),
                        subheadings=list(a.subheadings),
                        text=a.text,
                        source=a.source,
                        content_hash=digest,
                        schema=SCHEMA,
                        ingested_at=ingested,
                        analyzed_at=now,
                    )
                )
                kb.attach_article(conn, analyzed, _day(a.published), self.dialect)
                added += 1
        return added

    def count(self, table: str = "articles") -> int:
        from dateline.store import schema

        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(getattr(schema, table))) or 0)

    def article_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.scalars(select(articles.c.id).order_by(articles.c.id)))

    def iter_articles(self, ids: list[str] | None = None) -> Iterator[AnalyzedArticle]:
        """Stored articles with what was derived from them, in id order (or the order of `ids`)."""
        with self.engine.connect() as conn:
            for aid in ids if ids is not None else self.article_ids():
                row = conn.execute(select(articles).where(articles.c.id == aid)).mappings().first()
                if row is not None:
                    yield _load(conn, dict(row))


def _day(published: str | None) -> str | None:
    from dateline.extract.dates import reference_date

    day = reference_date(published)
    return day.isoformat() if day else None


def _load(conn: Connection, row: dict[str, Any]) -> AnalyzedArticle:
    aid = row["id"]
    spans: dict[str, list[list[int]]] = {}
    for m in conn.execute(
        select(mentions.c.entity_id, mentions.c.start, mentions.c.end)
        .where(mentions.c.article_id == aid)
        .order_by(mentions.c.start)
    ):
        spans.setdefault(m.entity_id, []).append([m.start, m.end])
    ents = [
        {
            "id": r.entity_id,
            "name": r.name,
            "type": r.type,
            "country": r.country,
            "sector": r.sector,
            "roles": r.roles,
            "mentions": spans.get(r.entity_id, []),
        }
        for r in conn.execute(
            select(article_entities)
            .where(article_entities.c.article_id == aid)
            .order_by(article_entities.c.seq)
        )
    ]
    qs = [
        {
            k: r[k]
            for k in (
                "text",
                "start",
                "end",
                "in",
                "kind",
                "speaker",
                "speaker_entity",
                "speaker_text",
                "cue",
            )
        }
        for r in conn.execute(
            select(quotes).where(quotes.c.article_id == aid).order_by(quotes.c.seq)
        ).mappings()
    ]
    ts = [
        {k: r[k] for k in ("text", "start", "end", "type", "value", "mod")}
        for r in conn.execute(
            select(timexes).where(timexes.c.article_id == aid).order_by(timexes.c.seq)
        ).mappings()
    ]
    evs = [
        {
            "id": r["local_id"],
            **{
                k: r[k]
                for k in (
                    "type",
                    "mode",
                    "actor",
                    "recipient",
                    "date",
                    "date_text",
                    "place",
                    "sentence",
                    "start",
                    "end",
                    "confidence",
                )
            },
        }
        for r in conn.execute(
            select(event_reports).where(event_reports.c.article_id == aid).order_by(event_reports.c.seq)
        ).mappings()
    ]
    return AnalyzedArticle.from_dict({**row, "entities": ents, "quotes": qs, "timexes": ts, "events": evs})


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
