"""The store: SQLite by default (a file), PostgreSQL by URL; one copy of an article however often ingested."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url

from dateline.config import db_url
from dateline.records import SCHEMA, AnalyzedArticle, Article
from dateline.store.schema import CHILDREN, articles, entities, events, metadata, quotes, timexes

__all__ = ["Store", "content_hash"]


def content_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


class Store:
    """A database of analysed articles. Writes go in batches, one transaction each, so an
    interrupted ingest keeps every finished batch and the next run skips what is there."""

    def __init__(self, db: str | None = None) -> None:
        self.url = db_url(db)
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def known(self, ids: Iterable[str]) -> set[str]:
        """The ids among these that are stored already."""
        ids = list(ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                found.update(conn.scalars(select(articles.c.id).where(articles.c.id.in_(chunk))))
        return found

    def has(self, article: Article) -> bool:
        """True when this article (by id or by text) is stored already."""
        digest = content_hash(article.text)
        with self.engine.connect() as conn:
            stmt = select(articles.c.id).where(
                (articles.c.id == article.id) | (articles.c.content_hash == digest)
            )
            return conn.execute(stmt.limit(1)).first() is not None

    def add(self, batch: list[AnalyzedArticle], replace: bool = False) -> int:
        """Store a batch in one transaction; returns how many were new. An article whose id or text is
        stored already is skipped, unless `replace`, which rewrites it and everything derived from it."""
        if not batch:
            return 0
        now = datetime.now(UTC).isoformat(timespec="seconds")
        added = 0
        with self.engine.begin() as conn:
            for analyzed in batch:
                a = analyzed.article
                digest = content_hash(a.text)
                same = (
                    conn.execute(
                        select(articles.c.id).where(
                            (articles.c.id == a.id) | (articles.c.content_hash == digest)
                        )
                    )
                    .scalars()
                    .all()
                )
                if same and not replace:
                    continue
                for old in same:
                    for table in CHILDREN:
                        conn.execute(table.delete().where(table.c.article_id == old))
                    conn.execute(articles.delete().where(articles.c.id == old))
                conn.execute(
                    articles.insert().values(
                        id=a.id,
                        url=a.url,
                        title=a.title,
                        published=a.published,
                        dateline=a.dateline,
                        authors=list(a.authors),
                        subheadings=list(a.subheadings),
                        text=a.text,
                        source=a.source,
                        content_hash=digest,
                        schema=SCHEMA,
                        ingested_at=now,
                    )
                )
                _insert_children(conn, analyzed)
                added += 1
        return added

    def count(self) -> int:
        with self.engine.connect() as conn:
            return len(conn.execute(select(articles.c.id)).all())

    def iter_articles(self) -> Iterator[AnalyzedArticle]:
        """Every stored article with what was derived from it, in id order."""
        with self.engine.connect() as conn:
            for row in conn.execute(select(articles).order_by(articles.c.id)).mappings():
                yield self._load(conn, dict(row))

    def _load(self, conn: Any, row: dict[str, Any]) -> AnalyzedArticle:
        aid = row["id"]

        def rows(table: Any, order: Any) -> list[dict[str, Any]]:
            stmt = select(table).where(table.c.article_id == aid).order_by(order)
            return [{k: v for k, v in r.items() if k != "article_id"} for r in conn.execute(stmt).mappings()]

        ents = [
            {**{k: v for k, v in r.items() if k != "entity_id"}, "id": r["entity_id"]}
            for r in rows(entities, entities.c.entity_id)
        ]
        qs = [{k: v for k, v in r.items() if k != "seq"} for r in rows(quotes, quotes.c.seq)]
        ts = [{k: v for k, v in r.items() if k != "seq"} for r in rows(timexes, timexes.c.seq)]
        evs = [
            {**{k: v for k, v in r.items() if k != "event_id"}, "id": r["event_id"]}
            for r in rows(events, events.c.event_id)
        ]
        return AnalyzedArticle.from_dict(
            {**row, "entities": ents, "quotes": qs, "timexes": ts, "events": evs}
        )


def _insert_children(conn: Any, analyzed: AnalyzedArticle) -> None:
    aid = analyzed.article.id
    d = analyzed.to_dict()
    if d["entities"]:
        conn.execute(
            entities.insert(), [{"article_id": aid, "entity_id": e.pop("id"), **e} for e in d["entities"]]
        )
    if d["quotes"]:
        conn.execute(quotes.insert(), [{"article_id": aid, "seq": i, **q} for i, q in enumerate(d["quotes"])])
    if d["timexes"]:
        conn.execute(
            timexes.insert(), [{"article_id": aid, "seq": i, **t} for i, t in enumerate(d["timexes"])]
        )
    if analyzed.events:
        conn.execute(
            events.insert(),
            [
                {"article_id": aid, "event_id": e.id, **{k: v for k, v in asdict(e).items() if k != "id"}}
                for e in analyzed.events
            ],
        )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
