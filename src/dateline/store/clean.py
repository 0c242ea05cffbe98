"""Text at the door of the store: what neither backend can hold is replaced, and the article says so.

PostgreSQL refuses NUL in text, and a lone surrogate (a half of a UTF-16 pair, which JSON input may
carry as "\\ud800") cannot be encoded as UTF-8 for either backend. Each becomes U+FFFD, one
character for one, so that every offset into the text still points where it did.

Names, role titles and entity ids are indexed (actors are found by their folded name), and a
PostgreSQL index entry holds at most about 2,700 bytes: those longer than MAX_NAME characters,
which no real name is, are cut to it.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

from dateline.records import AnalyzedArticle

log = logging.getLogger(__name__)

#: NUL and the surrogate code points (a str holds them only when they are not a valid pair).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"
#: The longest name, role title or entity id kept whole (characters).
MAX_NAME = 300


def clean_text(value: str) -> str:
    """The text with NUL and lone surrogates replaced by U+FFFD."""
    return UNSTORABLE.sub(REPLACEMENT, value)


def clean(analyzed: AnalyzedArticle) -> AnalyzedArticle:
    """The record as the store keeps it: unchanged when it holds nothing unstorable, else a copy with
    each such character replaced and a warning that names the fields and the count."""
    found: dict[str, int] = {}
    cleaned = _walk(analyzed, "", found)
    notes = []
    if found:
        fields = ", ".join(sorted(found))
        notes.append(
            f"the store replaced {sum(found.values())} NUL or lone surrogate character(s) "
            f"with U+FFFD in: {fields}"
        )
    cut = _cut_names(cleaned)
    if cut:
        notes.append(f"the store cut {cut} name(s), title(s) or entity id(s) to {MAX_NAME} characters")
    if not notes:
        return analyzed
    for note in notes:
        log.warning("%.80s: %s", cleaned.article.id, note)
    cleaned.article.warnings = [*cleaned.article.warnings, *notes]
    return cleaned


def _cut_names(analyzed: AnalyzedArticle) -> int:
    """Cut the indexed names of a record (a copy made by _walk) to MAX_NAME; how many were cut."""
    n = 0

    def cut(value: str | None) -> str | None:
        nonlocal n
        if value is None or len(value) <= MAX_NAME:
            return value
        n += 1
        return value[:MAX_NAME]

    for e in analyzed.entities:
        e.id, e.name = cut(e.id) or "", cut(e.name) or ""
        e.roles = [{**r, "title": cut(r.get("title"))} for r in e.roles]
    for q in analyzed.quotes:
        q.speaker_entity = cut(q.speaker_entity)
    for ev in analyzed.events:
        ev.id = cut(ev.id) or ""
        for p in (*ev.actor, *ev.recipient):
            p.name, p.entity = cut(p.name) or "", cut(p.entity)
    return n


def _walk(value: Any, path: str, found: dict[str, int]) -> Any:
    if isinstance(value, str):
        n = len(UNSTORABLE.findall(value))
        if not n:
            return value
        name = path.removeprefix("article.") or "value"
        found[name] = found.get(name, 0) + n
        return clean_text(value)
    if isinstance(value, list):
        return [_walk(v, path, found) for v in value]
    if isinstance(value, dict):
        return {_walk(k, path, found): _walk(v, f"{path}.{k}", found) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _walk(getattr(value, f.name), f"{path}.{f.name}".lstrip("."), found)
            for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value
