"""The store: SQLite by default (a file), PostgreSQL by URL; the same code and tests for both.

One copy of an article however often it is ingested (by id or by text); its entities linked to
cross-article actors; its events merged with the same events other outlets reported. Writes go
in batches, one transaction each, so an interrupted ingest keeps every finished batch and the
next run skips what is there. Text is cleaned at the door (see clean.py).

A store is made by the first writer (`Store(db)`); readers open one that exists
(`Store(db, create=False)`), and a SQLite file that cannot be written is opened read-only.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import URL, make_url

from dateline.config import db_url
from dateline.records import SCHEMA, AnalyzedArticle, Article
from dateline.store import kb
from dateline.store.clean import clean, clean_text
from dateline.store.migrate import current, head, upgrade
from dateline.store.schema import article_entities, articles, event_reports, mentions, quotes, timexes

__all__ = ["DuplicateId", "Store", "StoreNotFound", "content_hash"]


class StoreNotFound(LookupError):
    """A reader asked for a store that is not there (a mistyped path, an empty database)."""


class DuplicateId(ValueError):
    """An article whose id is stored already with another text."""


def content_hash(text: str) -> str:
    return hashlib.sha1(" ".join(clean_text(text).split()).encode("utf-8")).hexdigest()


def engine_for(db: str | None, create: bool = True) -> Engine:
    """An engine for a path or URL, with SQLite in WAL mode and PostgreSQL through psycopg 3. A SQLite
    file that is missing is made when `create`, else refused; one that cannot be written is read-only."""
    url = make_url(db_url(db))
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    read_only = False
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database).expanduser()
        if url.query.get("uri") or str(url.database).startswith("file:"):
            pass  # a SQLite URI: the caller chose its mode
        elif not path.exists():
            if not create:
                raise StoreNotFound(f"no store at {path} (dateline ingest makes one)")
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not _writable(path):
            url, read_only = _read_only(url, path), True
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas_read_only if read_only else _sqlite_pragmas)
    return engine


def _writable(path: Path) -> bool:
    return _can_write(path) and _can_write(path.parent)


def _can_write(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _read_only(url: URL, path: Path) -> URL:
    """SQLite's read-only URI. In WAL mode a reader needs the -shm file, or a folder to make it in;
    without both, the file is opened as immutable (no locks: nothing may write it meanwhile)."""
    query = {"uri": "true", "mode": "ro"}
    shm = path.with_name(path.name + "-shm")
    if not _can_write(path.parent) and not shm.exists():
        query["immutable"] = "1"
    return url.set(database=f"file:{quote(str(path.resolve()))}", query=query)


class Store:
    """A database of analysed articles and the knowledge base built from them."""

    def __init__(self, db: str | None = None, create: bool = True) -> None:
        self.engine: Engine = engine_for(db, create)
        self.url = self.engine.url.render_as_string(hide_password=True)
        try:
            if not create and current(self.engine) is None:
                raise StoreNotFound(f"no store in {self.url} (dateline ingest makes one)")
            if self.read_only and current(self.engine) != head():
                raise PermissionError(f"{self.url} is read-only and needs a schema upgrade first")
            upgrade(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def read_only(self) -> bool:
        return self.engine.url.query.get("mode") == "ro"

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
        return self.status(article) != "new"

    def status(self, article: Article) -> Literal["new", "stored", "conflict"]:
        """stored: this article is here (by id or by text); conflict: its id is, with another text."""
        with self.engine.connect() as conn:
            return _status(conn, clean_text(article.id), content_hash(article.text))

    def add(self, batch: list[AnalyzedArticle], replace: bool = False) -> int:
        """Store a batch in one transaction; returns how many were new or rewritten. An article whose id
        or text is stored already is skipped, unless `replace`, which rewrites it and all it gave; one
        whose id is stored with another text raises DuplicateId (and the batch is not stored)."""
        if not batch:
            return 0
        now = datetime.now(UTC).isoformat(timespec="seconds")
        added = 0
        with self.engine.begin() as conn:
            for analyzed in map(clean, batch):
                a = analyzed.article
                digest = content_hash(a.text)
                if not replace:
                    status = _status(conn, a.id, digest)
                    if status == "conflict":
                        raise DuplicateId(f"id {a.id!r} is stored already with another text")
                    if status == "stored":
                        continue
                same = conn.scalars(
                    select(articles.c.id).where((articles.c.id == a.id) | (articles.c.content_hash == digest))
                ).all()
                ingested = now
                manual: list[dict[str, Any]] = []
                for old in same:
                    previous = conn.scalar(select(articles.c.ingested_at).where(articles.c.id == old))
                    ingested = min(ingested, previous or now)
                    if old == a.id:  # the same article rewritten: what a person linked by hand stays
                        manual = kb.manual_links(conn, old)
                    kb.detach_article(conn, old, frozenset(m["actor_id"] for m in manual))
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
                        warnings=list(a.warnings) or None,
                    )
                )
                kb.attach_article(conn, analyzed, _day(a.published), self.dialect)
                kb.restore_manual(conn, a.id, manual)
                added += 1
        return added

    def count(self, table: str = "articles") -> int:
        from dateline.store import schema

        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(getattr(schema, table))) or 0)

    def article_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            # Sorted here: the database's collation would order text ids differently on each backend.
            return sorted(conn.scalars(select(articles.c.id)))

    def iter_articles(self, ids: list[str] | None = None) -> Iterator[AnalyzedArticle]:
        """Stored articles with what was derived from them, in id order (or the order of `ids`)."""
        with self.engine.connect() as conn:
            for aid in ids if ids is not None else self.article_ids():
                row = conn.execute(select(articles).where(articles.c.id == aid)).mappings().first()
                if row is not None:
                    yield _load(conn, dict(row))


def _status(conn: Connection, aid: str, digest: str) -> Literal["new", "stored", "conflict"]:
    rows = conn.execute(
        select(articles.c.id, articles.c.content_hash)
        .where((articles.c.id == aid) | (articles.c.content_hash == digest))
        .limit(2)
    ).all()
    if any(r.id == aid and r.content_hash != digest for r in rows):
        return "conflict"
    return "stored" if rows else "new"


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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, read_only: bool = False) -> None:
    cursor = dbapi_connection.cursor()
    # The wait first: two processes making a fresh store both switch it to WAL.
    cursor.execute("PRAGMA busy_timeout=30000")
    if not read_only:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_pragmas_read_only(dbapi_connection: Any, record: Any) -> None:
    _sqlite_pragmas(dbapi_connection, record, read_only=True)
