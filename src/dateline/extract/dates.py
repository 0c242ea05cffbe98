"""Publication dates: from page metadata or a date line, to ISO 8601 with the offset where known."""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime

from dateutil import parser as dateparser
from dateutil.parser import UnknownTimezoneWarning

_MONTHS = "january february march april may june july august september october november december"
_MONTH_WORDS = frozenset(_MONTHS.split()) | {m[:3] for m in _MONTHS.split()} | {"sept"}
#: Words a date line may carry besides the date itself.
_DATE_LINE_WORDS = frozenset(
    [
        "published",
        "updated",
        "posted",
        "last",
        "on",
        "at",
        "by",
        "date",
        "-",
        "|",
        ",",
        ".",
        ":",
        "gmt",
        "utc",
        "et",
        "est",
        "edt",
        "pst",
        "pdt",
        "am",
        "pm",
        "a.m.",
        "p.m.",
    ]
) | frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ]
)
#: Zone abbreviations news pages print; dateutil knows only UTC/GMT by itself (hours east of UTC).
_ZONES = {
    name: int(hours * 3600)
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
        "IRST": 3.5,
        "JST": 9,
        "KST": 9,
        "AEST": 10,
        "AEDT": 11,
    }.items()
}
_SEPARATORS = re.compile(r"\s+[-|–—•]\s+|\s+at\s+|,\s*(?=\d{1,2}:\d\d)")


def _parse(text: str) -> datetime:
    """dateutil's parse; an unknown zone name is dropped (a naive time) rather than warned about."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownTimezoneWarning)
        return dateparser.parse(text, default=datetime(1, 1, 1), tzinfos=_ZONES)


def _iso(dt: datetime, has_time: bool) -> str:
    if not has_time:
        return dt.date().isoformat()
    return dt.isoformat(timespec="seconds" if dt.second else "minutes")


def parse_date_line(line: str) -> str | None:
    """ISO date or datetime for a line that is only a date ("December 8, 2020 - 16:12"), else None."""
    s = " ".join(line.split())
    if not s or len(s) > 80 or not re.search(r"\d", s):
        return None
    words = re.findall(r"[A-Za-z.]+", s.casefold())
    has_month = any(w.strip(".") in _MONTH_WORDS for w in words)
    if not has_month and not re.search(r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{4}\b", s):
        return None
    if any(
        w.strip(".") not in _MONTH_WORDS
        and w not in _DATE_LINE_WORDS
        and w.strip(".") not in _DATE_LINE_WORDS
        for w in words
    ):
        return None
    cleaned = _SEPARATORS.sub(" ", s)
    cleaned = re.sub(r"(?i)\b(published|updated|posted|last|on|date)\b:?", " ", cleaned)
    try:
        dt = _parse(cleaned)
    except (ValueError, OverflowError, dateparser.ParserError):
        return None
    if dt.year == 1:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d\d|\b\d{1,2}\s*[ap]\.?m\b", s, re.I))
    return _iso(dt, has_time)


def normalize_date(value: str | None) -> str | None:
    """A date from page metadata as ISO 8601, keeping its offset; None when it is no date."""
    if not value:
        return None
    s = value.strip()
    # A year, or a year and month, is ISO 8601 at its own precision: a parser would add a first day.
    reduced = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", s)
    if reduced:
        year, month = int(reduced[1]), int(reduced[2] or 1)
        return s if 1900 <= year <= 9999 and 1 <= month <= 12 else None
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
        # CMS placeholders ("0001-01-01T00:00:00") are no publication date.
        return _iso(dt, "T" in s or " " in s.strip()) if dt.year >= 1900 else None
    except ValueError:
        pass
    try:
        dt = _parse(s)
    except (ValueError, OverflowError, dateparser.ParserError):
        return None
    if dt is None or dt.year < 1900:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d\d", s))
    return _iso(dt, has_time)


def reference_date(published: str | None) -> date | None:
    """The calendar day an article was published, for resolving relative times."""
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.strip().replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(published.strip()[:10])
        except ValueError:
            return None
