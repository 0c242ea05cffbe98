"""An article's text with its actors, quotes, time expressions and events marked: each stretch of text
becomes a span listing every annotation over it, with a hover title that explains them. Everything
from the article is escaped here; the result is Markup for the templates."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape

from dateline.export import QUAD

#: PLOVER quad classes as words: what the colours of events, timeline items and network edges mean.
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def quad(event_type: str | None) -> int:
    return QUAD.get((event_type or "").upper(), 0)


def tone(event_type: str | None) -> str:
    """coop, conflict or neutral: the colour class of an event type."""
    q = quad(event_type)
    return "coop" if q in (1, 2) else "conflict" if q in (3, 4) else "neutral"


def names(participants: list[dict[str, Any]]) -> str:
    return ", ".join(str(p.get("name")) for p in participants) or "—"


def marks_of(article: dict[str, Any]) -> list[dict[str, Any]]:
    """Every mark over the body text: {key, kind, start, end, title, ...} (key unique in the article)."""
    marks: list[dict[str, Any]] = []
    for i, e in enumerate(article["entities"]):
        where = e.get("country") or "country unknown"
        roles = "; ".join(str(r.get("title")) for r in e.get("roles") or [] if r.get("title"))
        title = f"{e['name']} ({e['type']}, {where}, sector {e.get('sector') or '?'})"
        if roles:
            title += f" — {roles}"
        for start, end in e.get("mentions") or []:
            marks.append(
                {
                    "key": f"ent:{e['id']}",
                    "kind": "ent",
                    "start": start,
                    "end": end,
                    "title": title,
                    "colour": i % 8,
                }
            )
    for i, q in enumerate(article["quotes"]):
        if q.get("in", "body") != "body":
            continue
        who = q.get("speaker") or "unknown speaker"
        said = f" (as “{q['speaker_text']}”)" if q.get("speaker_text") else ""
        title = f"{q['kind']} quote by {who}{said}, cue “{q.get('cue') or '-'}”"
        marks.append(
            {"key": f"quote:{i}", "kind": "quote", "start": q["start"], "end": q["end"], "title": title}
        )
    for i, t in enumerate(article["timexes"]):
        value = t.get("value") or "unresolved"
        how = f"resolved against {article.get('published') or 'no reference date'}"
        title = f"{t['type']} “{t['text']}” = {value}{' (' + t['mod'] + ')' if t.get('mod') else ''}, {how}"
        marks.append(
            {"key": f"timex:{i}", "kind": "timex", "start": t["start"], "end": t["end"], "title": title}
        )
    for e in article["events"]:
        title = (
            f"{e['type']} event: {names(e['actor'])} → {names(e['recipient'])}; date {e.get('date') or '?'}"
            f"{' from “' + e['date_text'] + '”' if e.get('date_text') else ''}; "
            f"place {(e.get('place') or {}).get('name') or '?'}; confidence {e['confidence']:.2f}"
        )
        marks.append(
            {
                "key": f"event:{e['id']}",
                "kind": "event",
                "start": e["start"],
                "end": e["end"],
                "title": title,
                "tone": tone(e["type"]),
            }
        )
    text = article["text"]
    for m in marks:  # a sentence's span may take the blank lines after it: they are not marked
        while m["end"] > m["start"] and m["end"] <= len(text) and text[m["end"] - 1].isspace():
            m["end"] -= 1
    return [m for m in marks if 0 <= m["start"] < m["end"] <= len(text)]


def marked_text(text: str, marks: list[dict[str, Any]]) -> Markup:
    """The text as spans: each stretch carries the classes and keys of every mark that covers it."""
    cuts = sorted({0, len(text), *(m["start"] for m in marks), *(m["end"] for m in marks)})
    out: list[str] = []
    for a, b in pairwise(cuts):
        over = [m for m in marks if m["start"] <= a and b <= m["end"]]
        piece = escape(text[a:b])
        if not over:
            out.append(str(piece))
            continue
        classes = sorted({m["kind"] for m in over})
        classes += [f"c{m['colour']}" for m in over if m["kind"] == "ent"][:1]
        classes += [m["tone"] for m in over if m["kind"] == "event"][:1]
        keys = " ".join(dict.fromkeys(m["key"] for m in over))
        title = "\n".join(dict.fromkeys(m["title"] for m in over))
        out.append(
            f'<span class="{escape(" ".join(classes))}" data-keys="{escape(keys)}" '
            f'title="{escape(title)}" tabindex="0">{piece}</span>'
        )
    return Markup("".join(out))
