"""Datelines: the place (and wire agency) that opens a news story, split off the body."""

from __future__ import annotations

import re

_DASH = r"(?:—|–|--|-|:)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY = rf"{_MONTH}\s*\d{{1,2}}(?:,\s*\d{{4}})?"
_AGENCY = r"\([A-Z][\w&.' -]{0,30}\)"
# An upper-case place: "TEHRAN", "NEW YORK", "WASHINGTON, D.C.", "ST. LOUIS", "KYIV, Ukraine".
_UPPER_PLACE = (
    r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,2})?"
)
# A title-case place, only taken when a date or an agency follows: "Moscow, Dec 8 (Reuters) -".
_TITLE_PLACE = (
    r"[A-Z][a-zA-Z.'’-]+(?: [A-Z][a-zA-Z.'’-]+){0,3}(?:, [A-Z][a-zA-Z.'’-]+(?: [A-Z][a-zA-Z.'’-]+){0,2})?"
)
_DATELINE = re.compile(
    rf"^\s*(?:(?P<upper>{_UPPER_PLACE})(?:,\s*{_DAY})?\s*(?:{_AGENCY})?"
    rf"|(?P<title>{_TITLE_PLACE})(?:,\s*{_DAY}\s*(?:{_AGENCY})?|\s*{_AGENCY}))\s*{_DASH}\s*"
)
# A dateline that a page's markup glued to the first word: "AMMANThe river..." (no space, no dash).
_GLUED = re.compile(r"^\s*(?P<place>[A-Z]{3,}(?: [A-Z]{2,}){0,2})(?=[A-Z][a-z]+\b)")
#: Upper-case words that open sentences but are not places.
_NOT_PLACES = frozenset(
    {"UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "WATCH", "NOTE"}
)


def split_dateline(paragraph: str) -> tuple[str | None, int]:
    """(place, offset where the body text starts) for a first paragraph; (None, 0) without one."""
    m = _DATELINE.match(paragraph)
    if m is None:
        glued = _GLUED.match(paragraph)
        if glued and glued.group("place") not in _NOT_PLACES:
            return glued.group("place"), glued.end()
        return None, 0
    place = (m.group("upper") or m.group("title") or "").strip(" ,")
    if m.group("upper"):
        letters = [c for c in place if c.isalpha()]
        if len(letters) < 2 or place.split(",")[0].strip(" .") in _NOT_PLACES:
            return None, 0
        # A colon ends a heading like "WARNING:" as often as a dateline; only dashes are sure.
        if paragraph[m.end() - 1 : m.end()] == ":" or paragraph[: m.end()].rstrip().endswith(":"):
            return None, 0
    rest = paragraph[m.end() :]
    if not rest or rest[0].islower() or not (rest[0].isalnum() or rest[0] in "\"“‘'«("):
        return None, 0
    return place, m.end()
