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
        articles.c.id,
        articles.c.title,
        articles.c.url,
        articles.c.published,
        articles.c.day,
        articles.c.dateline,
        articles.c.source,
    )
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


def article_links(db: Database, article_id: str) -> tuple[dict[str, int], dict[str, int]]:
    """({entity id: actor id}, {event local id: event id}) of one article: where its marks lead."""
    from dateline.store.schema import article_entities, event_reports

    with db.store.engine.connect() as conn:
        ents = {
            r.entity_id: r.actor_id
            for r in conn.execute(
                select(article_entities.c.entity_id, article_entities.c.actor_id).where(
                    article_entities.c.article_id == article_id, article_entities.c.actor_id.is_not(None)
                )
            )
        }
        evs = {
            r.local_id: r.event_id
            for r in conn.execute(
                select(event_reports.c.local_id, event_reports.c.event_id).where(
                    event_reports.c.article_id == article_id
                )
            )
        }
    return ents, evs


def aliases(db: Database, actor_id: int) -> list[dict[str, Any]]:
    """Every name the actor's entities carried in articles, with how many articles used it."""
    from dateline.store.schema import article_entities

    with db.store.engine.connect() as conn:
        rows = conn.execute(
            select(article_entities.c.name, func.count().label("articles"))
            .where(article_entities.c.actor_id == actor_id)
            .group_by(article_entities.c.name)
            .order_by(func.count().desc(), article_entities.c.name)
        ).mappings()
        return [dict(r) for r in rows]


def countries_of(db: Database, actor_ids: set[int]) -> dict[int, str]:
    """{actor id: country} of these actors (those with a country)."""
    if not actor_ids:
        return {}
    with db.store.engine.connect() as conn:
        rows = conn.execute(
            select(actors.c.id, actors.c.country).where(
                actors.c.id.in_(sorted(actor_ids)), actors.c.country.is_not(None)
            )
        )
        return {r.id: r.country for r in rows}
