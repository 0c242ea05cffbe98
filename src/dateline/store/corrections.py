"""Review and correction: people mark events right or wrong, fix an event's type, actors, recipients,
date or place, and rename, merge, split or place actors. Every correction is a row of `corrections`
(when, who, what, the old value and the new) and is applied to the knowledge base at once, so views
and counts show the corrected data. Each row also keeps an anchor that finds its target again by
content (an event by its report's article and sentence, an actor by its folded name), so that after
`dateline reanalyze` rewrites what was derived, `reapply` makes the same corrections again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, select, update

from dateline.events.lexicon import TYPES as EVENT_TYPES
from dateline.store import kb, resolve
from dateline.store.schema import actor_links, actors, corrections, event_participants, event_reports, events

#: PLOVER's 16 event types, the closed vocabulary of a corrected type.
PLOVER = list(EVENT_TYPES)
EVENT_FIELDS = ("verdict", "type", "actor", "recipient", "date", "place")
ACTOR_FIELDS = ("name", "country", "sector")
VERDICTS = ("right", "wrong")


class CorrectionError(ValueError):
    """A correction that cannot be made (an unknown type, a date that is none, no such actor)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _record(
    conn: Connection,
    author: str,
    target: str,
    target_id: int,
    anchor: dict[str, Any],
    field: str,
    old: Any,
    new: Any,
) -> int:
    result = conn.execute(
        corrections.insert().values(
            created_at=_now(),
            author=author or "unknown",
            target=target,
            target_id=target_id,
            anchor=anchor,
            field=field,
            old_value=old,
            new_value=new,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


# ------------------------------------------------------------------ events


def _event_row(conn: Connection, event_id: int) -> Any:
    row = conn.execute(select(events).where(events.c.id == event_id)).first()
    if row is None:
        raise LookupError(f"no event {event_id}")
    return row


def _event_anchor(conn: Connection, event_id: int) -> dict[str, Any]:
    """The most confident report: its article and sentence find the event again after reanalysis."""
    r = conn.execute(
        select(event_reports.c.article_id, event_reports.c.sentence, event_reports.c.type)
        .where(event_reports.c.event_id == event_id)
        .order_by(event_reports.c.confidence.desc(), event_reports.c.article_id)
    ).first()
    return {"article_id": r.article_id, "sentence": r.sentence, "type": r.type} if r else {}


def _side(conn: Connection, event_id: int, side: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(actors.c.id, actors.c.name, actors.c.key)
        .join(event_participants, event_participants.c.actor_id == actors.c.id)
        .where(event_participants.c.event_id == event_id, event_participants.c.side == side)
        .order_by(actors.c.id)
    )
    return [{"id": r.id, "name": r.name, "key": r.key} for r in rows]


def _event_value(conn: Connection, row: Any, field: str) -> Any:
    if field in ("actor", "recipient"):
        return _side(conn, row.id, field)
    if field == "place":
        return row.place_name
    if field == "verdict":
        return verdict(conn, row.id)
    return getattr(row, field)


def _find_actor(conn: Connection, ref: str | int | dict[str, Any]) -> dict[str, Any]:
    """An actor by id, by {"key"} (after reanalysis) or by a name (its folded form, else a variant)."""
    if isinstance(ref, dict):
        row = conn.execute(select(actors).where(actors.c.key == ref.get("key")).order_by(actors.c.id)).first()
        if row is None and ref.get("id") is not None:
            row = conn.execute(select(actors).where(actors.c.id == ref["id"])).first()
    elif isinstance(ref, int) or str(ref).strip().isdigit():
        number = int(ref)
        ok = 0 < number < 2**31
        row = conn.execute(select(actors).where(actors.c.id == number)).first() if ok else None
    else:
        name = " ".join(str(ref).split())
        row = None
        for type_ in ("PERSON", "ORG", "GPE"):
            row = conn.execute(
                select(actors).where(actors.c.key == resolve.key(name, type_)).order_by(actors.c.id)
            ).first()
            if row is not None:
                break
    if row is None:
        raise CorrectionError(f"no actor {ref.get('key') if isinstance(ref, dict) else ref!r}")
    return {"id": row.id, "name": row.name, "key": row.key}


def _apply_event(conn: Connection, event_id: int, field: str, value: Any) -> None:
    if field == "type":
        conn.execute(update(events).where(events.c.id == event_id).values(type=value))
    elif field == "date":
        day_from, day_to = kb.day_range(value)
        conn.execute(
            update(events).where(events.c.id == event_id).values(date=value, day_from=day_from, day_to=day_to)
        )
    elif field == "place":
        conn.execute(update(events).where(events.c.id == event_id).values(place_name=value))
    elif field in ("actor", "recipient"):
        ids = sorted({a["id"] for a in value})
        conn.execute(
            delete(event_participants).where(
                event_participants.c.event_id == event_id, event_participants.c.side == field
            )
        )
        if ids:
            conn.execute(
                event_participants.insert(),
                [{"event_id": event_id, "actor_id": i, "side": field} for i in ids],
            )
        key = ",".join(str(i) for i in ids)
        values = {"actor_key": key} if field == "actor" else {"recipient_key": key}
        conn.execute(update(events).where(events.c.id == event_id).values(**values))


def _event_new_value(conn: Connection, field: str, value: Any) -> Any:
    """The value as stored: checked and normalised; actors resolved to {"id", "name", "key"}."""
    if field == "verdict":
        v = str(value).strip().lower()
        if v not in VERDICTS:
            raise CorrectionError("a verdict is right or wrong")
        return v
    if field == "type":
        t = str(value).strip().upper()
        if t not in PLOVER:
            raise CorrectionError(f"not a PLOVER event type: {value!r}")
        return t
    if field == "date":
        d = str(value or "").strip() or None
        if d is not None and kb.day_range(d) == (None, None):
            raise CorrectionError(f"not a date (YYYY-MM-DD, YYYY-MM or YYYY): {value!r}")
        return d
    if field == "place":
        return " ".join(str(value or "").split())[:200] or None
    if field in ("actor", "recipient"):
        refs = value if isinstance(value, list) else [p for p in str(value or "").split(";")]
        return [
            _find_actor(conn, r if isinstance(r, int | dict) else r.strip()) for r in refs if str(r).strip()
        ]
    raise CorrectionError(f"an event has no field {field!r} to correct")


def correct_event(conn: Connection, event_id: int, field: str, value: Any, author: str) -> int | None:
    """Correct one field of an event (or give a verdict); returns the correction's id, None when the
    value is what the event has already."""
    row = _event_row(conn, event_id)
    new = _event_new_value(conn, field, value)
    old = _event_value(conn, row, field)
    same = (
        [a["id"] for a in old] == sorted(a["id"] for a in new)
        if field in ("actor", "recipient")
        else old == new
    )
    if same and field != "verdict":
        return None
    _apply_event(conn, event_id, field, new)
    return _record(conn, author, "event", event_id, _event_anchor(conn, event_id), field, old, new)


def verdict(conn: Connection, event_id: int) -> str | None:
    value = conn.scalar(
        select(corrections.c.new_value)
        .where(
            corrections.c.target == "event",
            corrections.c.target_id == event_id,
            corrections.c.field == "verdict",
        )
        .order_by(corrections.c.id.desc())
    )
    return str(value) if value else None


def verdicts(conn: Connection, event_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    if event_ids:
        for r in conn.execute(
            select(corrections.c.target_id, corrections.c.new_value)
            .where(
                corrections.c.target == "event",
                corrections.c.field == "verdict",
                corrections.c.target_id.in_(event_ids),
            )
            .order_by(corrections.c.id)
        ):
            out[r.target_id] = str(r.new_value)
    return out


# ------------------------------------------------------------------ actors


def _actor_row(conn: Connection, actor_id: int) -> Any:
    row = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
    if row is None:
        raise LookupError(f"no actor {actor_id}")
    return row


def _apply_actor(conn: Connection, actor_id: int, field: str, value: Any) -> None:
    if field == "name":
        type_ = str(conn.scalar(select(actors.c.type).where(actors.c.id == actor_id)))
        conn.execute(
            update(actors)
            .where(actors.c.id == actor_id)
            .values(name=value, key=resolve.key(value, type_), surname=resolve.surname(value, type_))
        )
    else:
        conn.execute(update(actors).where(actors.c.id == actor_id).values(**{field: value}))


def correct_actor(conn: Connection, actor_id: int, field: str, value: Any, author: str) -> int | None:
    """Rename an actor or set its country (ISO alpha-3) or sector."""
    row = _actor_row(conn, actor_id)
    if field not in ACTOR_FIELDS:
        raise CorrectionError(f"an actor has no field {field!r} to correct")
    new = " ".join(str(value or "").split()) or None
    if field == "name" and not new:
        raise CorrectionError("an actor needs a name")
    if field == "country" and new is not None:
        new = new.upper()
        if len(new) != 3 or not new.isalpha():
            raise CorrectionError(f"not an ISO 3166-1 alpha-3 code: {value!r}")
    if field == "sector" and new is not None:
        new = new.upper()[:10]
    old = getattr(row, field)
    if old == new:
        return None
    anchor = {"key": row.key, "type": row.type}
    _apply_actor(conn, actor_id, field, new)
    return _record(conn, author, "actor", actor_id, anchor, field, old, new)


def merge_actors(conn: Connection, keep: int, other: int, author: str) -> int:
    """Make `other` part of `keep` (kb.merge), recorded."""
    k, o = _actor_row(conn, keep), _actor_row(conn, other)
    anchor = {"keep_key": k.key, "other_key": o.key, "type": k.type}
    try:
        kb.merge(conn, keep, other)
    except ValueError as e:
        raise CorrectionError(str(e)) from None
    return _record(conn, author, "actor", keep, anchor, "merge", {"id": other, "name": o.name}, {"id": keep})


def split_link(conn: Connection, actor_id: int, link_id: int, author: str) -> int:
    """Take one article's entity away from this actor (kb.unmerge); returns the new actor's id."""
    link = conn.execute(
        select(actor_links).where(actor_links.c.id == link_id, actor_links.c.actor_id == actor_id)
    ).first()
    if link is None:
        raise LookupError(f"actor {actor_id} has no link {link_id}")
    key = conn.scalar(select(actors.c.key).where(actors.c.id == actor_id))
    try:
        new_id = kb.unmerge(conn, link_id)
    except ValueError as e:
        raise CorrectionError(str(e)) from None
    anchor = {"article_id": link.article_id, "entity_id": link.entity_id, "from_key": key}
    _record(conn, author, "actor", actor_id, anchor, "split", {"link": link_id}, {"actor": new_id})
    return new_id


# ------------------------------------------------------------------ reading and reapplying


def history(
    conn: Connection, target: str | None = None, target_id: int | None = None
) -> list[dict[str, Any]]:
    """Corrections, newest first; of one event or actor when given."""
    stmt = select(corrections)
    if target:
        stmt = stmt.where(corrections.c.target == target)
    if target_id is not None:
        stmt = stmt.where(corrections.c.target_id == target_id)
    return [dict(r) for r in conn.execute(stmt.order_by(corrections.c.id.desc())).mappings()]


def _refind_event(conn: Connection, anchor: dict[str, Any]) -> int | None:
    if not anchor:
        return None
    found = conn.scalar(
        select(event_reports.c.event_id)
        .where(
            and_(
                event_reports.c.article_id == anchor["article_id"],
                event_reports.c.sentence == anchor["sentence"],
            )
        )
        .order_by((event_reports.c.type == anchor.get("type")).desc(), event_reports.c.seq)
    )
    return int(found) if found is not None else None


def _refind_actor(conn: Connection, key: str | None, type_: str | None) -> int | None:
    stmt = select(actors.c.id).where(actors.c.key == key)
    if type_:
        stmt = stmt.where(actors.c.type == type_)
    found = conn.scalar(stmt.order_by(actors.c.id))
    return int(found) if found is not None else None


def _exists(conn: Connection, actor_id: int) -> bool:
    return conn.scalar(select(actors.c.id).where(actors.c.id == actor_id)) is not None


def reapply(engine: Engine) -> int:
    """Make every correction again, oldest first, on what the store holds now (after `reanalyze`):
    each finds its target by its anchor; one whose target is gone is skipped. Returns how many applied."""
    done = 0
    with engine.begin() as conn:
        for c in conn.execute(select(corrections).order_by(corrections.c.id)).mappings().all():
            a = c["anchor"] or {}
            target: int | None
            if c["target"] == "event":
                target = _refind_event(conn, a)
                if target is None:
                    continue
                new = c["new_value"]
                if c["field"] in ("actor", "recipient"):
                    try:
                        new = [_find_actor(conn, ref) for ref in new or []]
                    except CorrectionError:
                        continue
                if c["field"] != "verdict":
                    _apply_event(conn, target, c["field"], new)
            elif c["field"] == "merge":
                keep = _refind_actor(conn, a.get("keep_key"), a.get("type"))
                other = _refind_actor(conn, a.get("other_key"), a.get("type"))
                if keep is None or other is None or keep == other:
                    continue
                kb.merge(conn, keep, other)
                target = keep
            elif c["field"] == "split":
                link = conn.execute(
                    select(actor_links.c.id, actors.c.id.label("actor_id"))
                    .join(actors, actors.c.id == actor_links.c.actor_id)
                    .where(
                        actor_links.c.article_id == a.get("article_id"),
                        actor_links.c.entity_id == a.get("entity_id"),
                        actor_links.c.undone_at.is_(None),
                        actors.c.key == a.get("from_key"),
                    )
                ).first()
                if link is None:
                    continue
                kb.unmerge(conn, link.id)
                target = link.actor_id
            else:
                target = _refind_actor(conn, a.get("key"), a.get("type"))
                if target is None and _exists(conn, c["target_id"]):
                    target = c["target_id"]  # not rewritten since: the correction is in place already
                if target is None:
                    continue
                _apply_actor(conn, target, c["field"], c["new_value"])
            if target != c["target_id"]:
                conn.execute(update(corrections).where(corrections.c.id == c["id"]).values(target_id=target))
            done += 1
    return done


def examples(conn: Connection) -> list[dict[str, Any]]:
    """Labelled sentences from the reviewed events, in the PLV rows' form that `dateline train events`
    reads ({"text", "type", "source_start"...}): the corrected type, NONE for an event marked wrong."""
    reviewed: dict[int, dict[str, Any]] = {}
    for c in conn.execute(
        select(corrections).where(corrections.c.target == "event").order_by(corrections.c.id)
    ).mappings():
        reviewed.setdefault(c["target_id"], {"authors": set(), "at": None})
        reviewed[c["target_id"]]["authors"].add(c["author"])
        reviewed[c["target_id"]]["at"] = c["created_at"]
    rows = []
    for event_id, info in sorted(reviewed.items()):
        row = conn.execute(select(events).where(events.c.id == event_id)).first()
        anchor = _event_anchor(conn, event_id)
        if row is None or not anchor:
            continue
        wrong = verdict(conn, event_id) == "wrong"
        sentence = anchor["sentence"]
        out: dict[str, Any] = {
            "text": sentence,
            "type": "NONE" if wrong else row.type,
            "origin": "dateline-review",
            "event_id": event_id,
            "article_id": anchor["article_id"],
            "reviewed_by": sorted(info["authors"]),
            "reviewed_at": info["at"],
        }
        for side, prefix in (("actor", "source"), ("recipient", "target")):
            for p in _side(conn, event_id, side):
                at = sentence.find(p["name"])
                if at >= 0:
                    out[f"{prefix}_start"], out[f"{prefix}_end"] = at, at + len(p["name"])
                    out[prefix + "_text"] = p["name"]
                    break
        rows.append(out)
    return rows


def wrong_events() -> Any:
    """A subquery of the ids of events whose latest verdict is `wrong`: the queries leave them out of
    lists, counts and the network (their reports and the correction stay; the event page shows them)."""
    from sqlalchemy import Text, cast, func

    latest = corrections.alias("latest")
    newest = (
        select(func.max(latest.c.id))
        .where(
            latest.c.target == "event",
            latest.c.field == "verdict",
            latest.c.target_id == corrections.c.target_id,
        )
        .scalar_subquery()
    )
    return select(corrections.c.target_id).where(
        corrections.c.target == "event",
        corrections.c.field == "verdict",
        corrections.c.id == newest,
        cast(corrections.c.new_value, Text) == '"wrong"',
    )
