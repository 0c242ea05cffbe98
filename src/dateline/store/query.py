"""Questions across articles: events, actors and quotes with filters, and full-text search.

    db = dateline.open("news.sqlite")
    db.events(actor="Mekdad", since="2020-01-01", until="2020-12-31", type="CONSULT")
    db.quotes(speaker="Shamkhani", q="United States").to_pandas()

Every query returns Results: a list of plain dicts, with .to_arrow() and .to_pandas(), and
.total, how many rows matched before `limit` (all rows unless a limit is given). Counts count
events (a meeting five outlets reported is one row with reports=5), not reports. Undated rows come
last, on both backends (PostgreSQL and SQLite put NULL at opposite ends). Filters on a
closed vocabulary (PLOVER types, actor types, ISO alpha-3 countries) refuse a value outside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, exists, func, literal_column, or_, select, text
from sqlalchemy.engine import Connection

from dateline.events.lexicon import TYPES as EVENT_TYPES
from dateline.store import Store, resolve
from dateline.store.corrections import wrong_events
from dateline.store.kb import ACTOR_TYPES
from dateline.store.schema import (
    actor_links,
    actor_roles,
    actors,
    articles,
    event_participants,
    event_reports,
    events,
    quotes,
)


class Results(list[dict[str, Any]]):
    """Rows of a query, as dicts; tables for analysis on demand. `total` counts the rows that matched
    before the limit (equal to len() when nothing was left out)."""

    def __init__(self, rows: Iterable[dict[str, Any]] = (), total: int | None = None) -> None:
        super().__init__(rows)
        self.total = len(self) if total is None else total

    def with_total(self, total: int) -> Results:
        self.total = total
        return self

    def to_arrow(self) -> Any:
        import pyarrow as pa

        return pa.Table.from_pylist(list(self))

    def to_pandas(self) -> Any:
        try:
            import pandas  # noqa: F401
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas") from e
        return self.to_arrow().to_pandas()


def day(value: str | None) -> str | None:
    """A date bound as the store keeps days (YYYY-MM-DD), from any ISO 8601 calendar date: a bound that
    is not a date would compare as text and quietly filter the wrong rows."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None


def check_limit(limit: int | None) -> int | None:
    """None (every row) or a positive number of rows."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError(f"limit must be a positive number of rows, or None for all: {limit!r}")
    return limit


def event_type(value: str | None) -> str | None:
    """A PLOVER event type, upper-cased; anything else is refused with the list of the 16."""
    if not value:
        return None
    if value.strip().upper() not in EVENT_TYPES:
        raise ValueError(f"not a PLOVER event type: {value!r}; choose one of {', '.join(EVENT_TYPES)}")
    return value.strip().upper()


def actor_type(value: str | None) -> str | None:
    """An actor's entity type (actors are people, organisations, places and groups)."""
    if not value:
        return None
    if value.strip().upper() not in ACTOR_TYPES:
        raise ValueError(f"not an actor type: {value!r}; choose one of {', '.join(sorted(ACTOR_TYPES))}")
    return value.strip().upper()


def country_code(value: str | None) -> str | None:
    """An ISO 3166-1 alpha-3 country code, upper-cased."""
    if not value:
        return None
    if not re.fullmatch(r"[A-Za-z]{3}", value.strip()):
        raise ValueError(f"not an ISO 3166-1 alpha-3 country code (IRN, USA, ...): {value!r}")
    return value.strip().upper()


def _page(conn: Connection, stmt: Select[Any], limit: int | None) -> tuple[list[Any], int]:
    """The rows of `stmt` up to `limit`, and how many there are without it."""
    rows = list(conn.execute(stmt if limit is None else stmt.limit(limit)).mappings())
    if limit is None or len(rows) < limit:
        return rows, len(rows)
    total = conn.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return rows, int(total or 0)


def _exists(conn: Connection, table: Any, id_: int) -> bool:
    return conn.execute(select(table.c.id).where(table.c.id == id_)).first() is not None


def fts5_query(q: str) -> str:
    """A user's search words as a safe FTS5 query: words and "quoted phrases", all required."""
    terms = [f'"{p}"' for p in re.findall(r'"([^"]+)"', q)]
    rest = re.sub(r'"[^"]*"', " ", q)
    terms += [f'"{w}"' for w in re.findall(r"[^\W_]+", rest)]
    return " ".join(terms)


class Database:
    """Read access to a store: the library's query API."""

    def __init__(self, db: str | Store | None = None, create: bool = False) -> None:
        """The store at `db`; one that does not exist is refused (StoreNotFound) unless `create`."""
        self.store = db if isinstance(db, Store) else Store(db, create=create)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def _postgres(self) -> bool:
        return self.store.dialect == "postgresql"

    # -------------------------------------------------------------- actors

    def actor_ids(self, conn: Connection, actor: int | str) -> list[int]:
        """Actors a user means by an id or a name, variants of the name included."""
        if isinstance(actor, int) or (isinstance(actor, str) and actor.isdigit()):
            return [int(actor)]
        name = str(actor)
        words = resolve.tokens(name, resolve.PERSON)
        if not words:
            return []
        name_key = " ".join(words)
        skeleton = resolve.skeleton(words[-1])
        rows = conn.execute(
            select(actors.c.id, actors.c.name, actors.c.type).where(
                or_(
                    actors.c.key == name_key, actors.c.surname == skeleton, actors.c.key.like(f"%{name_key}%")
                )
            )
        ).all()
        probe = resolve.Profile(name, resolve.PERSON)
        return [
            r.id
            for r in rows
            if r.type != resolve.PERSON
            or resolve.name_score(probe, resolve.Profile(r.name, r.type)) > 0
            or name_key in resolve.key(r.name, r.type)
        ]

    def actors(
        self,
        name: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        type: str | None = None,
        limit: int | None = None,
    ) -> Results:
        """Actors with their roles over time and how many events they took part in."""
        type, country, limit = actor_type(type), country_code(country), check_limit(limit)
        with self.store.engine.connect() as conn:
            stmt = select(actors)
            if name:
                ids = self.actor_ids(conn, name)
                stmt = stmt.where(actors.c.id.in_(ids or [-1]))
            stmt = _filters(stmt, actors.c.country, country, actors.c.sector, sector)
            if type:
                stmt = stmt.where(actors.c.type == type)
            n_events = (
                select(func.count(func.distinct(event_participants.c.event_id)))
                .where(
                    event_participants.c.actor_id == actors.c.id,
                    event_participants.c.event_id.not_in(wrong_events()),
                )
                .scalar_subquery()
            )
            n_articles = (
                select(func.count(func.distinct(actor_links.c.article_id)))
                .where(actor_links.c.actor_id == actors.c.id, actor_links.c.undone_at.is_(None))
                .scalar_subquery()
            )
            stmt = stmt.add_columns(n_events.label("events"), n_articles.label("articles"))
            rows, total = _page(conn, stmt.order_by(n_articles.desc(), actors.c.id), limit)
            roles = _by(conn, actor_roles, actor_roles.c.actor_id, [r["id"] for r in rows])
            return Results(
                {
                    **{
                        k: r[k]
                        for k in ("id", "name", "type", "country", "sector", "first_seen", "last_seen")
                    },
                    "roles": [
                        {k: x[k] for k in ("title", "country", "first_seen", "last_seen")}
                        for x in sorted(roles.get(r["id"], []), key=_role_order)
                    ],
                    "articles": r["articles"],
                    "events": r["events"],
                }
                for r in rows
            ).with_total(total)

    def links(self, actor: int) -> Results:
        """Why each article's entity belongs to an actor: method, score and evidence of every link."""
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(actor_links).where(actor_links.c.actor_id == actor).order_by(actor_links.c.id)
            ).mappings()
            found = Results(dict(r) for r in rows)
            if not found and not _exists(conn, actors, actor):
                raise LookupError(f"no actor {actor}")
            return found

    # -------------------------------------------------------------- events

    def events(
        self,
        actor: int | str | None = None,
        country: str | None = None,
        sector: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> Results:
        """Events (not reports), earliest first, each with its participants and number of reports."""
        since, until = day(since), day(until)
        type, country, limit = event_type(type), country_code(country), check_limit(limit)
        with self.store.engine.connect() as conn:
            # Events a reviewer marked wrong are left out (store/corrections.py).
            stmt = select(events).where(events.c.id.not_in(wrong_events()))
            if actor is not None:
                ids = self.actor_ids(conn, actor)
                stmt = stmt.where(
                    # IN over the participants' index, not a correlated EXISTS: SQLite would scan every
                    # event in date order testing each one (100 ms on 100,000 events; this takes 1 ms).
                    events.c.id.in_(
                        select(event_participants.c.event_id).where(
                            event_participants.c.actor_id.in_(ids or [-1])
                        )
                    )
                )
            if country or sector:
                stmt = stmt.where(
                    exists()
                    .where(
                        event_participants.c.event_id == events.c.id,
                        event_participants.c.actor_id == actors.c.id,
                    )
                    .where(*_conditions(actors.c.country, country, actors.c.sector, sector))
                )
            if type:
                stmt = stmt.where(events.c.type == type)
            if since:
                stmt = stmt.where(events.c.day_to >= since)
            if until:
                stmt = stmt.where(events.c.day_from <= until)
            if source:
                like = f"%{source}%"
                stmt = stmt.where(
                    exists()
                    .where(
                        event_reports.c.event_id == events.c.id, event_reports.c.article_id == articles.c.id
                    )
                    .where(or_(articles.c.url.like(like), articles.c.source.like(like)))
                )
            rows, total = _page(conn, stmt.order_by(events.c.day_from.nulls_last(), events.c.id), limit)
            ids = [r["id"] for r in rows]
            parts: dict[int, dict[str, list[dict[str, Any]]]] = {
                i: {"actor": [], "recipient": []} for i in ids
            }
            if ids:
                for p in conn.execute(
                    select(event_participants.c.event_id, event_participants.c.side, actors)
                    .join(actors, actors.c.id == event_participants.c.actor_id)
                    .where(event_participants.c.event_id.in_(ids))
                    .order_by(actors.c.id)
                ).mappings():
                    parts[p["event_id"]][p["side"]].append(
                        {
                            "actor_id": p["id"],
                            "name": p["name"],
                            "country": p["country"],
                            "sector": p["sector"],
                        }
                    )
            evidence = _first_report(conn, ids)
            return Results(
                {
                    "id": r["id"],
                    "type": r["type"],
                    "mode": r["mode"],
                    "date": r["date"],
                    "actor": parts[r["id"]]["actor"],
                    "recipient": parts[r["id"]]["recipient"],
                    "place": r["place_name"],
                    "place_country": r["place_country"],
                    "lat": r["lat"],
                    "lon": r["lon"],
                    "reports": r["reports"],
                    "confidence": r["confidence"],
                    "sentence": evidence.get(r["id"], {}).get("sentence"),
                    "article_id": evidence.get(r["id"], {}).get("article_id"),
                }
                for r in rows
            ).with_total(total)

    def reports(self, event_id: int) -> Results:
        """Every article's report of one event: the sentence that proves it, in each outlet."""
        with self.store.engine.connect() as conn:
            stmt = (
                select(event_reports, articles.c.url, articles.c.title, articles.c.published)
                .join(articles, articles.c.id == event_reports.c.article_id)
                .where(event_reports.c.event_id == event_id)
                .order_by(articles.c.published.nulls_last(), articles.c.id)
            )
            found = Results(dict(r) for r in conn.execute(stmt).mappings())
            if not found and not _exists(conn, events, event_id):
                raise LookupError(f"no event {event_id}")
            return found

    # -------------------------------------------------------------- quotes and search

    def quotes(
        self,
        speaker: int | str | None = None,
        q: str | None = None,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> Results:
        """Quotes, newest first, with full-text search over their words and filters on speaker and source."""
        since, until = day(since), day(until)
        country, limit = country_code(country), check_limit(limit)
        with self.store.engine.connect() as conn:
            stmt = select(quotes, articles.c.url, articles.c.title).join(
                articles, articles.c.id == quotes.c.article_id
            )
            order: list[Any] = [quotes.c.day.nulls_last(), quotes.c.id]
            if q:
                stmt, order = self._quote_text(stmt, q)
            if speaker is not None:
                ids = self.actor_ids(conn, speaker)
                stmt = stmt.where(quotes.c.speaker_actor_id.in_(ids or [-1]))
            if country:
                stmt = stmt.join(actors, actors.c.id == quotes.c.speaker_actor_id).where(
                    actors.c.country == country
                )
            if since:
                stmt = stmt.where(quotes.c.day >= since)
            if until:
                stmt = stmt.where(quotes.c.day <= until)
            if source:
                stmt = stmt.where(
                    or_(articles.c.url.like(f"%{source}%"), articles.c.source.like(f"%{source}%"))
                )
            rows, total = _page(conn, stmt.order_by(*order), limit)
            keep = (
                "id",
                "article_id",
                "text",
                "kind",
                "speaker",
                "speaker_actor_id",
                "speaker_text",
                "cue",
                "in",
                "day",
                "title",
                "url",
            )
            return Results(({k: r[k] for k in keep} for r in rows), total)

    def _quote_text(self, stmt: Select[Any], q: str) -> tuple[Select[Any], list[Any]]:
        if self._postgres:
            query = func.websearch_to_tsquery("english", q)
            tsv: Any = literal_column("quotes.tsv")
            # Newest first, as on SQLite: ranking every match costs more than it tells on news quotes.
            return stmt.where(tsv.op("@@")(query)), [quotes.c.day.desc().nulls_last(), quotes.c.id]
        match = text("quotes.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fts)").bindparams(
            fts=fts5_query(q) or '""'
        )
        return stmt.where(match), [quotes.c.day.desc().nulls_last(), quotes.c.id]

    def search(
        self,
        q: str,
        actor: int | str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> Results:
        """Articles whose title or text match the words, best first, with a snippet; filtered by an
        actor they mention, a date range and a source."""
        since, until = day(since), day(until)
        limit = check_limit(limit)
        with self.store.engine.connect() as conn:
            params: dict[str, Any] = {"since": since, "until": until, "limit": limit}
            if self._postgres:
                columns = (
                    "a.id, a.title, a.url, a.published, a.day,"
                    " ts_headline('english', a.text, websearch_to_tsquery('english', :q),"
                    " 'MaxWords=30, MinWords=10') AS snippet"
                )
                found = " FROM articles a WHERE a.tsv @@ websearch_to_tsquery('english', :q){filters}"
                order = " ORDER BY ts_rank(a.tsv, websearch_to_tsquery('english', :q)) DESC"
                params["q"] = q
            else:
                columns = "a.id, a.title, a.url, a.published, a.day,"
                columns += " snippet(articles_fts, 2, '[', ']', ' … ', 20) AS snippet"
                found = (
                    " FROM articles_fts JOIN articles a ON a.id = articles_fts.article_id"
                    " WHERE articles_fts MATCH :q{filters}"
                )
                order = " ORDER BY rank"
                params["q"] = fts5_query(q) or '""'
            filters = ""
            if since:
                filters += " AND a.day >= :since"
            if until:
                filters += " AND a.day <= :until"
            if source:
                filters += " AND (a.url LIKE :source OR a.source LIKE :source)"
                params["source"] = f"%{source}%"
            if actor is not None:
                ids = self.actor_ids(conn, actor) or [-1]
                filters += (
                    " AND EXISTS (SELECT 1 FROM actor_links l"
                    " WHERE l.article_id = a.id AND l.undone_at IS NULL"
                    f" AND l.actor_id IN ({', '.join(str(int(i)) for i in ids)}))"
                )
            found = found.replace("{filters}", filters)
            sql = f"SELECT {columns}{found}{order}" + (" LIMIT :limit" if limit is not None else "")
            rows = [dict(r) for r in conn.execute(text(sql), params).mappings()]
            total = len(rows)
            if limit is not None and total >= limit:
                total = int(conn.scalar(text(f"SELECT count(*){found}"), params) or 0)
            return Results(rows, total)

    def network(self, types: Sequence[str] | None = None) -> tuple[Results, Results]:
        """(nodes, edges) of the actor network: who met, accused, ... whom; edge weight = events."""
        with self.store.engine.connect() as conn:
            a = event_participants.alias("a")
            b = event_participants.alias("b")
            stmt = (
                select(
                    a.c.actor_id.label("source"),
                    b.c.actor_id.label("target"),
                    events.c.type,
                    func.count(func.distinct(events.c.id)).label("events"),
                )
                .join(b, and_(b.c.event_id == a.c.event_id, b.c.actor_id != a.c.actor_id))
                .join(events, events.c.id == a.c.event_id)
                .where(
                    or_(
                        and_(a.c.side == "actor", b.c.side == "recipient"),
                        and_(a.c.side == "actor", b.c.side == "actor", a.c.actor_id < b.c.actor_id),
                    ),
                    events.c.id.not_in(wrong_events()),
                )
                .group_by(a.c.actor_id, b.c.actor_id, events.c.type)
                .order_by(a.c.actor_id, b.c.actor_id, events.c.type)
            )
            if types:
                stmt = stmt.where(events.c.type.in_([event_type(t) for t in types]))
            edges = Results(dict(r) for r in conn.execute(stmt).mappings())
            ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
            nodes = Results(
                dict(r)
                for r in conn.execute(
                    select(actors.c.id, actors.c.name, actors.c.type, actors.c.country, actors.c.sector)
                    .where(actors.c.id.in_(ids or [-1]))
                    .order_by(actors.c.id)
                ).mappings()
            )
            return nodes, edges


def _conditions(country_col: Any, country: str | None, sector_col: Any, sector: str | None) -> list[Any]:
    out = []
    if country:
        out.append(country_col == country.upper())
    if sector:
        out.append(sector_col == sector.upper())
    return out


def _filters(
    stmt: Select[Any], country_col: Any, country: str | None, sector_col: Any, sector: str | None
) -> Any:
    conditions = _conditions(country_col, country, sector_col, sector)
    return stmt.where(*conditions) if conditions else stmt


def _by(conn: Connection, table: Any, column: Any, ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    ids = list(ids)
    if ids:
        for r in conn.execute(select(table).where(column.in_(ids))).mappings():
            out.setdefault(r[column.name], []).append(dict(r))
    return out


def _role_order(role: dict[str, Any]) -> tuple[str, str]:
    """Roles as first seen, then by title: the same order on every backend (a table has none of its own)."""
    return (role["first_seen"] or "", role["title"])


def _first_report(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The most confident report of each event: its sentence is the evidence shown."""
    out: dict[int, dict[str, Any]] = {}
    if ids:
        stmt = (
            select(
                event_reports.c.event_id,
                event_reports.c.sentence,
                event_reports.c.article_id,
                event_reports.c.confidence,
            )
            .where(event_reports.c.event_id.in_(ids))
            .order_by(event_reports.c.event_id, event_reports.c.confidence.desc(), event_reports.c.article_id)
        )
        for r in conn.execute(stmt).mappings():
            out.setdefault(r["event_id"], dict(r))
    return out


def open(db: str | None = None, create: bool = False) -> Database:
    """The store at a path or URL (default: $DATELINE_DB or the user data folder), for queries. A store
    that does not exist raises StoreNotFound, and nothing is made, unless `create`."""
    return Database(db, create=create)
