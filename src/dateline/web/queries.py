"""The few reads the pages need that the library's query API does not offer: a page of articles and
one event by id. Everything else goes through dateline.store.query.Database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from dateline.store.query import Database, Results, day
from dateline.store.schema import actors, articles, event_participants, events


def articles_page(
    db: Database,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Results:
    """Articles, newest first, without their text."""
    since, until = day(since), day(until)
    stmt = select(
        articles.c.id, articles.c.title, articles.c.url, articles.c.published, articles.c.day,
        articles.c.dateline, articles.c.source,
    )  # fmt: skip
    if since:
        stmt = stmt.where(articles.c.day >= since)
    if until:
        stmt = stmt.where(articles.c.day <= until)
    if source:
        like = f"%{source}%"
        stmt = stmt.where(or_(articles.c.url.like(like), articles.c.source.like(like)))
    stmt = stmt.order_by(articles.c.day.desc(), articles.c.id).limit(limit).offset(offset)
    with db.store.engine.connect() as conn:
        return Results(dict(r) for r in conn.execute(stmt).mappings())


def event(db: Database, event_id: int) -> dict[str, Any] | None:
    """One event with its participants, as Database.events() gives each row (without the evidence)."""
    with db.store.engine.connect() as conn:
        row = conn.execute(select(events).where(events.c.id == event_id)).mappings().first()
        if row is None:
            return None
        sides: dict[str, list[dict[str, Any]]] = {"actor": [], "recipient": []}
        for p in conn.execute(
            select(event_participants.c.side, actors.c.id, actors.c.name, actors.c.country, actors.c.sector)
            .join(actors, actors.c.id == event_participants.c.actor_id)
            .where(event_participants.c.event_id == event_id)
            .order_by(actors.c.id)
        ).mappings():
            sides[p["side"]].append(
                {"actor_id": p["id"], "name": p["name"], "country": p["country"], "sector": p["sector"]}
            )
        return {
            "id": row["id"],
            "type": row["type"],
            "mode": row["mode"],
            "date": row["date"],
            "actor": sides["actor"],
            "recipient": sides["recipient"],
            "place": row["place_name"],
            "place_country": row["place_country"],
            "lat": row["lat"],
            "lon": row["lon"],
            "reports": row["reports"],
            "confidence": row["confidence"],
        }


def counts(db: Database) -> dict[str, int]:
    """How many articles, actors, events and quotes the store holds."""
    from dateline.store.schema import quotes

    with db.store.engine.connect() as conn:
        return {
            t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
            for t in (articles, actors, events, quotes)
        }
