"""The knowledge base: an article's entities linked to cross-article actors, its events merged with
the same events reported elsewhere. Runs inside the Store's transaction for the article.

An event is one happening however many articles report it: the same type, the same actors on
each side, dates within EVENT_WINDOW_DAYS and compatible places. Counts count events, not reports.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select, update

from dateline.records import AnalyzedArticle, Entity, Event, Participant, Place
from dateline.store import resolve
from dateline.store.schema import (
    PER_ARTICLE,
    actor_links,
    actor_roles,
    actor_splits,
    actors,
    article_entities,
    articles,
    event_participants,
    event_reports,
    events,
    mentions,
    quotes,
    timexes,
)

#: Reports of one event may date it this many days apart (a "Tuesday" that one outlet files late).
EVENT_WINDOW_DAYS = 1
#: Entity types that are actors across articles (not dates, money or quantities).
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


def _inserted_id(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ------------------------------------------------------------------ attach and detach


def attach_article(conn: Connection, analyzed: AnalyzedArticle, day: str | None, dialect: str) -> None:
    """Write an article's derived records and fold them into the knowledge base."""
    aid = analyzed.article.id
    text = analyzed.article.text
    actor_of: dict[str, int] = {}
    for seq, entity in enumerate(analyzed.entities):
        actor_id = link_entity(conn, aid, entity, day) if entity.type in ACTOR_TYPES else None
        if actor_id is not None:
            _index(actor_of, entity.id, entity.name, entity.type, actor_id)
        conn.execute(
            article_entities.insert().values(
                article_id=aid,
                entity_id=entity.id,
                seq=seq,
                actor_id=actor_id,
                name=entity.name,
                type=entity.type,
                country=entity.country,
                sector=entity.sector,
                roles=list(entity.roles),
            )
        )
        spans: dict[int, int] = {}
        for start, end in entity.mentions:
            spans.setdefault(start, end)
        if spans:
            conn.execute(
                mentions.insert(),
                [
                    {"article_id": aid, "entity_id": entity.id, "start": s, "end": e, "text": text[s:e]}
                    for s, e in spans.items()
                ],
            )
    if analyzed.quotes:
        conn.execute(
            quotes.insert(),
            [
                {
                    "article_id": aid,
                    "seq": i,
                    "text": q.text,
                    "start": q.start,
                    "end": q.end,
                    "in": q.where,
                    "kind": q.kind,
                    "speaker": q.speaker,
                    "speaker_entity": q.speaker_entity,
                    "speaker_actor_id": actor_of.get(q.speaker_entity or ""),
                    "speaker_text": q.speaker_text,
                    "cue": q.cue,
                    "day": day,
                }
                for i, q in enumerate(analyzed.quotes)
            ],
        )
    if analyzed.timexes:
        conn.execute(
            timexes.insert(),
            [
                {
                    "article_id": aid,
                    "seq": i,
                    "text": t.text,
                    "start": t.start,
                    "end": t.end,
                    "type": t.type,
                    "value": t.value,
                    "mod": t.mod,
                }
                for i, t in enumerate(analyzed.timexes)
            ],
        )
    for seq, ev in enumerate(analyzed.events):
        add_report(conn, aid, seq, ev, actor_of, day)


def detach_article(conn: Connection, article_id: str, keep: frozenset[int] = frozenset()) -> None:
    """Remove an article's derived records; events and actors left with no report or link go too,
    but for the actors in `keep` (those a person linked the article to, until the links come back)."""
    event_ids = set(
        conn.scalars(select(event_reports.c.event_id).where(event_reports.c.article_id == article_id))
    )
    actor_ids = set(
        conn.scalars(select(actor_links.c.actor_id).where(actor_links.c.article_id == article_id))
    )
    for table in PER_ARTICLE:
        conn.execute(delete(table).where(table.c.article_id == article_id))
    for event_id in event_ids:
        _refresh_event(conn, event_id)
    for actor_id in actor_ids:
        live = conn.scalar(
            select(func.count())
            .select_from(actor_links)
            .where(actor_links.c.actor_id == actor_id, actor_links.c.undone_at.is_(None))
        )
        if not live and actor_id not in keep:
            _drop_actor(conn, actor_id)
        else:
            _reseen(conn, actor_id)


def _drop_actor(conn: Connection, actor_id: int) -> None:
    conn.execute(delete(event_participants).where(event_participants.c.actor_id == actor_id))
    conn.execute(delete(actors).where(actors.c.id == actor_id))


# ------------------------------------------------------------------ actors


def _profile(row: Any, roles: list[str]) -> resolve.Profile:
    return resolve.Profile(row.name, row.type, row.country, row.sector, roles)


def _titles(entity_roles: list[dict[str, Any]]) -> list[str]:
    return [str(r.get("title")) for r in entity_roles if r.get("title")]


def link_entity(conn: Connection, article_id: str, entity: Entity, day: str | None) -> int:
    """The actor this entity is: an existing one when resolution says so, else a new one."""
    profile = resolve.Profile(entity.name, entity.type, entity.country, entity.sector, _titles(entity.roles))
    name_key = resolve.key(entity.name, entity.type)
    surname = resolve.surname(entity.name, entity.type)
    where = actors.c.key == name_key
    if surname:
        where = or_(where, actors.c.surname == surname)
    rows = conn.execute(select(actors).where(and_(actors.c.type == entity.type, where))).all()
    candidates = []
    for row in rows:
        roles = list(conn.scalars(select(actor_roles.c.title).where(actor_roles.c.actor_id == row.id)))
        candidates.append((row.id, _profile(row, roles)))
    actor_id, score, evidence = resolve.best_match(profile, candidates)
    if actor_id is None:
        actor_id = _new_actor(conn, profile, day)
        method, score = "new", 1.0
    else:
        method = (
            "exact"
            if name_key == conn.scalar(select(actors.c.key).where(actors.c.id == actor_id))
            else "variant"
        )
        _grow_actor(conn, actor_id, profile, day)
    conn.execute(
        actor_links.insert().values(
            article_id=article_id,
            entity_id=entity.id,
            actor_id=actor_id,
            method=method,
            score=round(score, 3),
            evidence=evidence,
            created_at=_now(),
        )
    )
    for role in entity.roles:
        if role.get("title"):
            _add_role(conn, actor_id, str(role["title"]), role.get("country"), day)
    return actor_id


def _new_actor(conn: Connection, p: resolve.Profile, day: str | None) -> int:
    result = conn.execute(
        actors.insert().values(
            name=p.name,
            key=resolve.key(p.name, p.type),
            surname=resolve.surname(p.name, p.type),
            type=p.type,
            country=p.country,
            sector=p.sector,
            first_seen=day,
            last_seen=day,
        )
    )
    return _inserted_id(result)


def _grow_actor(conn: Connection, actor_id: int, p: resolve.Profile, day: str | None) -> None:
    """A linked entity fills what the actor lacks: the fuller name, country, sector, dates seen."""
    row = conn.execute(select(actors).where(actors.c.id == actor_id)).one()
    values: dict[str, Any] = {}
    if len(resolve.tokens(p.name, p.type)) > len(resolve.tokens(row.name, row.type)):
        values.update(name=p.name, key=resolve.key(p.name, p.type), surname=resolve.surname(p.name, p.type))
    if not row.country and p.country:
        values["country"] = p.country
    if not row.sector and p.sector:
        values["sector"] = p.sector
    if day and (not row.first_seen or day < row.first_seen):
        values["first_seen"] = day
    if day and (not row.last_seen or day > row.last_seen):
        values["last_seen"] = day
    if values:
        conn.execute(update(actors).where(actors.c.id == actor_id).values(**values))


def _reseen(conn: Connection, actor_id: int) -> None:
    """First and last seen again from the articles still linked: an article that left took its day."""
    first, last = conn.execute(
        select(func.min(articles.c.day), func.max(articles.c.day))
        .select_from(actor_links.join(articles, articles.c.id == actor_links.c.article_id))
        .where(actor_links.c.actor_id == actor_id, actor_links.c.undone_at.is_(None))
    ).one()
    conn.execute(update(actors).where(actors.c.id == actor_id).values(first_seen=first, last_seen=last))


def _add_role(conn: Connection, actor_id: int, title: str, country: Any, day: str | None) -> None:
    row = conn.execute(
        select(actor_roles).where(actor_roles.c.actor_id == actor_id, actor_roles.c.title == title)
    ).first()
    if row is None:
        conn.execute(
            actor_roles.insert().values(
                actor_id=actor_id, title=title, country=country, first_seen=day, last_seen=day
            )
        )
        return
    values: dict[str, Any] = {}
    if day and (not row.first_seen or day < row.first_seen):
        values["first_seen"] = day
    if day and (not row.last_seen or day > row.last_seen):
        values["last_seen"] = day
    if values:
        conn.execute(
            update(actor_roles)
            .where(actor_roles.c.actor_id == actor_id, actor_roles.c.title == title)
            .values(**values)
        )


def _index(actor_of: dict[str, int], entity_id: str, name: str, type_: str, actor_id: int) -> None:
    """Remember an article's entity by id, by folded name and (a person) by surname, so that an event
    participant given only as a name ("Wanjiru") finds the actor its entity was linked to."""
    actor_of[entity_id] = actor_id
    actor_of.setdefault("name:" + resolve.key(name, "PERSON"), actor_id)
    surname = resolve.surname(name, type_)
    if surname:
        key = "surname:" + surname
        actor_of[key] = actor_id if actor_of.get(key, actor_id) == actor_id else -1  # -1: two people share it


def _participant_actor(
    conn: Connection, p: Participant, actor_of: dict[str, int], article_id: str, day: str | None
) -> int:
    if p.entity and p.entity in actor_of:
        return actor_of[p.entity]
    found = actor_of.get("name:" + resolve.key(p.name, "PERSON"), -1)
    if found < 0 and len(resolve.tokens(p.name, "PERSON")) == 1:
        found = actor_of.get("surname:" + (resolve.surname(p.name, "PERSON") or ""), -1)
    if found >= 0:
        return found
    # A participant the actors stage did not list: an actor of its own, resolved by name.
    entity = Entity(
        id=p.entity or f"p:{p.name}",
        name=p.name,
        type="ORG" if p.sector else "GPE",
        country=p.country,
        sector=p.sector,
    )
    actor_id = link_entity(conn, article_id, entity, day)
    _index(actor_of, entity.id, entity.name, entity.type, actor_id)
    return actor_id


# ------------------------------------------------------------------ events


def day_range(value: str | None) -> tuple[str | None, str | None]:
    """The first and last day a YYYY-MM-DD, YYYY-MM or YYYY date may mean."""
    if not value:
        return None, None
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return d.isoformat(), d.isoformat()
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            return f"{value}-01", f"{value}-{calendar.monthrange(y, m)[1]:02d}"
        if len(value) == 4:
            return f"{value}-01-01", f"{value}-12-31"
    except ValueError:
        pass
    return None, None


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _key(ids: list[int]) -> str:
    return ",".join(str(i) for i in sorted(set(ids)))


def add_report(
    conn: Connection, article_id: str, seq: int, ev: Event, actor_of: dict[str, int], day: str | None
) -> int:
    """File an article's event under the stored event it reports, or a new one."""
    actor_ids = [_participant_actor(conn, p, actor_of, article_id, day) for p in ev.actor]
    recipient_ids = [_participant_actor(conn, p, actor_of, article_id, day) for p in ev.recipient]
    actor_key, recipient_key = _key(actor_ids), _key(recipient_ids)
    day_from, day_to = day_range(ev.date)
    place = ev.place
    event_id = _find_event(
        conn,
        ev.type,
        actor_key,
        recipient_key,
        day_from,
        day_to,
        place.name if place else None,
        place.country if place else None,
    )
    if event_id is None:
        result = conn.execute(
            events.insert().values(
                type=ev.type,
                mode=ev.mode,
                date=ev.date,
                day_from=day_from,
                day_to=day_to,
                place_name=place.name if place else None,
                place_country=place.country if place else None,
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                actor_key=actor_key,
                recipient_key=recipient_key,
                confidence=ev.confidence,
                reports=0,
            )
        )
        event_id = _inserted_id(result)
        rows = [{"event_id": event_id, "actor_id": a, "side": "actor"} for a in set(actor_ids)]
        rows += [{"event_id": event_id, "actor_id": r, "side": "recipient"} for r in set(recipient_ids)]
        if rows:
            conn.execute(event_participants.insert(), rows)
    conn.execute(
        event_reports.insert().values(
            article_id=article_id,
            local_id=ev.id,
            seq=seq,
            event_id=event_id,
            type=ev.type,
            mode=ev.mode,
            actor=[vars(p) for p in ev.actor],
            recipient=[vars(p) for p in ev.recipient],
            date=ev.date,
            date_text=ev.date_text,
            place=vars(place) if place else None,
            sentence=ev.sentence,
            start=ev.start,
            end=ev.end,
            confidence=ev.confidence,
        )
    )
    _refresh_event(conn, event_id)
    return event_id


def _find_event(
    conn: Connection,
    type_: str,
    actor_key: str,
    recipient_key: str,
    day_from: str | None,
    day_to: str | None,
    place: str | None,
    country: str | None,
) -> int | None:
    stmt = select(events).where(
        events.c.type == type_, events.c.actor_key == actor_key, events.c.recipient_key == recipient_key
    )
    if day_from and day_to:
        stmt = stmt.where(
            events.c.day_from <= _shift(day_to, EVENT_WINDOW_DAYS),
            events.c.day_to >= _shift(day_from, -EVENT_WINDOW_DAYS),
        )
    else:
        stmt = stmt.where(events.c.day_from.is_(None))
    for row in conn.execute(stmt.order_by(events.c.id)):
        if (
            place
            and row.place_name
            and place.casefold() != row.place_name.casefold()
            and not (
                country
                and row.place_country == country
                and _same_country_place(place, row.place_name, country)
            )
        ):
            continue
        return int(row.id)
    return None


def _same_country_place(a: str, b: str, country: str) -> bool:
    """Two place names in one country are compatible when one is the country itself."""
    return len({a.casefold(), b.casefold()}) == 1 or country in (a.upper(), b.upper())


def _refresh_event(conn: Connection, event_id: int) -> None:
    """Recount an event's reports; an event that lost its last report is gone."""
    n, best = conn.execute(
        select(func.count(), func.max(event_reports.c.confidence)).where(event_reports.c.event_id == event_id)
    ).one()
    if not n:
        conn.execute(delete(event_participants).where(event_participants.c.event_id == event_id))
        conn.execute(delete(events).where(events.c.id == event_id))
        return
    conn.execute(update(events).where(events.c.id == event_id).values(reports=n, confidence=best))


# ------------------------------------------------------------------ manual corrections


def unmerge(conn: Connection, link_id: int) -> int:
    """Undo one link: the entity becomes an actor of its own, kept apart from the one it left.
    Returns the new actor's id. The article's events are filed again with the new actor."""
    link = conn.execute(select(actor_links).where(actor_links.c.id == link_id)).one()
    if link.undone_at is not None:
        raise ValueError(f"link {link_id} is undone already")
    ent = conn.execute(
        select(article_entities).where(
            article_entities.c.article_id == link.article_id, article_entities.c.entity_id == link.entity_id
        )
    ).first()
    name = ent.name if ent is not None else str(link.evidence.get("entity", link.entity_id))
    profile = resolve.Profile(
        name,
        ent.type if ent is not None else "PERSON",
        ent.country if ent else None,
        ent.sector if ent else None,
    )
    day = conn.scalar(select(articles.c.day).where(articles.c.id == link.article_id))
    new_id = _new_actor(conn, profile, day)
    conn.execute(update(actor_links).where(actor_links.c.id == link_id).values(undone_at=_now()))
    conn.execute(
        actor_links.insert().values(
            article_id=link.article_id,
            entity_id=link.entity_id,
            actor_id=new_id,
            method="manual",
            score=1.0,
            evidence={"unmerged_from": link.actor_id, "link": link_id},
            created_at=_now(),
        )
    )
    conn.execute(
        actor_splits.insert().values(actor_id=min(new_id, link.actor_id), other_id=max(new_id, link.actor_id))
    )
    conn.execute(
        update(article_entities)
        .where(
            article_entities.c.article_id == link.article_id, article_entities.c.entity_id == link.entity_id
        )
        .values(actor_id=new_id)
    )
    conn.execute(
        update(quotes)
        .where(quotes.c.article_id == link.article_id, quotes.c.speaker_entity == link.entity_id)
        .values(speaker_actor_id=new_id)
    )
    _reseen(conn, link.actor_id)
    _refile_events(conn, [link.article_id])
    return new_id


def merge(conn: Connection, keep: int, other: int) -> None:
    """Make `other` part of `keep`: its links, quotes and events move over, with the evidence kept."""
    if keep == other:
        raise ValueError("an actor cannot be merged with itself")
    for id_ in (keep, other):
        if conn.execute(select(actors.c.id).where(actors.c.id == id_)).first() is None:
            raise ValueError(f"no actor {id_}")
    a, b = min(keep, other), max(keep, other)
    conn.execute(delete(actor_splits).where(actor_splits.c.actor_id == a, actor_splits.c.other_id == b))
    moved = conn.execute(
        select(actor_links).where(actor_links.c.actor_id == other, actor_links.c.undone_at.is_(None))
    ).all()
    for link in moved:
        conn.execute(update(actor_links).where(actor_links.c.id == link.id).values(undone_at=_now()))
        conn.execute(
            actor_links.insert().values(
                article_id=link.article_id,
                entity_id=link.entity_id,
                actor_id=keep,
                method="manual",
                score=1.0,
                evidence={"merged_from": other, "link": link.id},
                created_at=_now(),
            )
        )
    conn.execute(update(article_entities).where(article_entities.c.actor_id == other).values(actor_id=keep))
    conn.execute(update(quotes).where(quotes.c.speaker_actor_id == other).values(speaker_actor_id=keep))
    for role in conn.execute(select(actor_roles).where(actor_roles.c.actor_id == other)).all():
        _add_role(conn, keep, role.title, role.country, role.first_seen)
        if role.last_seen:
            _add_role(conn, keep, role.title, role.country, role.last_seen)
    _refile_events(conn, sorted({link.article_id for link in moved}))
    conn.execute(delete(event_participants).where(event_participants.c.actor_id == other))
    conn.execute(delete(actors).where(actors.c.id == other))
    _reseen(conn, keep)


def _refile_events(conn: Connection, article_ids: list[str]) -> None:
    """File these articles' event reports again, with the actors their entities now link to."""
    for article_id in article_ids:
        reports = conn.execute(
            select(event_reports)
            .where(event_reports.c.article_id == article_id)
            .order_by(event_reports.c.seq)
        ).all()
        old = {r.event_id for r in reports}
        conn.execute(delete(event_reports).where(event_reports.c.article_id == article_id))
        for event_id in old:
            _refresh_event(conn, event_id)
        actor_of: dict[str, int] = {}
        for r in conn.execute(
            select(
                actor_links.c.entity_id,
                actor_links.c.actor_id,
                article_entities.c.name,
                article_entities.c.type,
            )
            .outerjoin(
                article_entities,
                and_(
                    article_entities.c.article_id == actor_links.c.article_id,
                    article_entities.c.entity_id == actor_links.c.entity_id,
                ),
            )
            .where(actor_links.c.article_id == article_id, actor_links.c.undone_at.is_(None))
            .order_by(actor_links.c.id)
        ):
            if r.name is not None:
                _index(actor_of, r.entity_id, r.name, r.type, r.actor_id)
            else:
                actor_of[r.entity_id] = r.actor_id
        day = conn.scalar(select(articles.c.day).where(articles.c.id == article_id))
        for r in reports:
            ev = Event(
                id=r.local_id,
                type=r.type,
                sentence=r.sentence,
                start=r.start,
                end=r.end,
                confidence=r.confidence,
                mode=r.mode,
                actor=[Participant(**p) for p in r.actor],
                recipient=[Participant(**p) for p in r.recipient],
                date=r.date,
                date_text=r.date_text,
                place=Place(**r.place) if r.place else None,
            )
            add_report(conn, article_id, r.seq, ev, actor_of, day)


# ------------------------------------------------------------------ manual work across a rewrite


def manual_links(conn: Connection, article_id: str) -> list[dict[str, Any]]:
    """The article's links that hold a person's work: those a person made (merge, unmerge), and those to
    an actor a person kept apart from another or linked an entity to, with the entity's name and the
    links undone on the way. A rewrite of the article (reanalyze, --replace) puts them back: without
    them, the rewrite of an unmerged actor's first article could take its entity to the other one."""
    names = {
        r.entity_id: (r.name, r.type)
        for r in conn.execute(
            select(article_entities.c.entity_id, article_entities.c.name, article_entities.c.type).where(
                article_entities.c.article_id == article_id
            )
        )
    }
    links = [
        dict(r)
        for r in conn.execute(
            select(actor_links).where(actor_links.c.article_id == article_id).order_by(actor_links.c.id)
        ).mappings()
    ]
    worked = set(conn.scalars(select(actor_splits.c.actor_id))) | set(
        conn.scalars(select(actor_splits.c.other_id))
    )
    worked |= set(
        conn.scalars(
            select(actor_links.c.actor_id).where(
                actor_links.c.method == "manual", actor_links.c.undone_at.is_(None)
            )
        )
    )
    kept = []
    for link in links:
        if link["undone_at"] is None and (link["method"] == "manual" or link["actor_id"] in worked):
            name, type_ = names.get(link["entity_id"], (None, None))
            history = [dict(x) for x in links if x["entity_id"] == link["entity_id"] and x["undone_at"]]
            kept.append({**link, "name": name, "type": type_, "history": history})
    return kept


def restore_manual(conn: Connection, article_id: str, kept: list[dict[str, Any]]) -> None:
    """Link the rewritten article's entities as a person had linked them: the same entity (by id and
    name, else by name) goes back to the actor chosen by hand, with the links undone on the way. A
    person's choice for an entity the new analysis no longer finds is dropped with it."""
    if not kept:
        return
    entities = conn.execute(
        select(article_entities.c.entity_id, article_entities.c.name, article_entities.c.type).where(
            article_entities.c.article_id == article_id
        )
    ).all()
    changed = False
    for old in kept:
        entity_id = _same_entity(old, entities)
        if entity_id is None or not _exists_actor(conn, old["actor_id"]):
            continue
        live = conn.execute(
            select(actor_links.c.id, actor_links.c.actor_id).where(
                actor_links.c.article_id == article_id,
                actor_links.c.entity_id == entity_id,
                actor_links.c.undone_at.is_(None),
            )
        ).all()
        conn.execute(delete(actor_links).where(actor_links.c.id.in_([r.id for r in live] or [-1])))
        for undone in old["history"]:
            if _exists_actor(conn, undone["actor_id"]):
                conn.execute(actor_links.insert().values(**_link_values(undone, article_id, entity_id)))
        conn.execute(actor_links.insert().values(**_link_values(old, article_id, entity_id)))
        conn.execute(
            update(article_entities)
            .where(article_entities.c.article_id == article_id, article_entities.c.entity_id == entity_id)
            .values(actor_id=old["actor_id"])
        )
        conn.execute(
            update(quotes)
            .where(quotes.c.article_id == article_id, quotes.c.speaker_entity == entity_id)
            .values(speaker_actor_id=old["actor_id"])
        )
        for r in live:
            if r.actor_id != old["actor_id"] and not _live_links(conn, r.actor_id):
                _drop_actor(conn, r.actor_id)
            elif r.actor_id != old["actor_id"]:
                _reseen(conn, r.actor_id)
        _reseen(conn, old["actor_id"])
        changed = True
    if changed:
        _refile_events(conn, [article_id])
    for old in kept:  # an actor kept for a link that could not come back, now with no link at all
        if _exists_actor(conn, old["actor_id"]) and not _live_links(conn, old["actor_id"]):
            _drop_actor(conn, old["actor_id"])


def _same_entity(old: dict[str, Any], entities: Sequence[Any]) -> str | None:
    for e in entities:
        if e.entity_id == old["entity_id"] and (old["name"] is None or e.name == old["name"]):
            return str(e.entity_id)
    if old["name"] is not None:
        name_key = resolve.key(old["name"], old["type"] or "PERSON")
        for e in entities:
            if e.type == old["type"] and resolve.key(e.name, e.type) == name_key:
                return str(e.entity_id)
    return None


def _link_values(link: dict[str, Any], article_id: str, entity_id: str) -> dict[str, Any]:
    keep = ("actor_id", "method", "score", "evidence", "created_at", "undone_at")
    return {"article_id": article_id, "entity_id": entity_id, **{k: link[k] for k in keep}}


def _exists_actor(conn: Connection, actor_id: int) -> bool:
    return conn.execute(select(actors.c.id).where(actors.c.id == actor_id)).first() is not None


def _live_links(conn: Connection, actor_id: int) -> int:
    return int(
        conn.scalar(
            select(func.count())
            .select_from(actor_links)
            .where(actor_links.c.actor_id == actor_id, actor_links.c.undone_at.is_(None))
        )
        or 0
    )
