"""Calendar arithmetic and TIMEX3 value formatting, safe at the edges of Python's date range.

Every function returns None rather than raising when a date would fall outside years 1–9999, so a
strange input gives a null value, never an exception.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_ISO_DATE = re.compile(r"\s*([+-]?\d{4,})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*$")
_ISO_YEAR = re.compile(r"\s*(\d{4})\s*$")


def parse_reference(ref: str | date | None) -> date | None:
    """The calendar day of a publication date: an ISO 8601 date or datetime (any offset, a space or
    'T' before the time, a trailing Z), a date, or a datetime. The local wall-clock day is kept:
    an article filed at 23:30+03:30 belongs to that day in its own time zone. None when unparsable."""
    if ref is None:
        return None
    if isinstance(ref, datetime):
        return ref.date()
    if isinstance(ref, date):
        return ref
    if not isinstance(ref, str):
        return None
    m = _ISO_DATE.match(ref)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        from dateutil import parser as dateparser

        return dateparser.parse(ref, default=datetime(2000, 1, 1)).date() if ref.strip() else None
    except (ValueError, OverflowError, TypeError):
        return None


def make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except (ValueError, OverflowError):
        return None


def add_days(d: date, n: int) -> date | None:
    try:
        return d + timedelta(days=n)
    except OverflowError:
        return None


def add_months(y: int, m: int, n: int) -> tuple[int, int] | None:
    """(year, month) n months after (y, m)."""
    k = y * 12 + (m - 1) + n
    y2, m2 = divmod(k, 12)
    return (y2, m2 + 1) if 1 <= y2 <= 9999 else None


def fmt_year(y: int) -> str | None:
    return f"{y:04d}" if 0 <= y <= 9999 else None


def fmt_month(y: int, m: int) -> str | None:
    return f"{y:04d}-{m:02d}" if 0 <= y <= 9999 and 1 <= m <= 12 else None


def fmt_day(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def week_shift(d: date, n: int) -> str | None:
    moved = add_days(d, 7 * n)
    return iso_week(moved) if moved else None


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def weekday_on_or_before(ref: date, iso_wd: int, include_ref: bool = True) -> date | None:
    """The latest day with that ISO weekday on or before ref (strictly before if not include_ref)."""
    back = (ref.isoweekday() - iso_wd) % 7
    if back == 0 and not include_ref:
        back = 7
    return add_days(ref, -back)


def weekday_on_or_after(ref: date, iso_wd: int, include_ref: bool = True) -> date | None:
    ahead = (iso_wd - ref.isoweekday()) % 7
    if ahead == 0 and not include_ref:
        ahead = 7
    return add_days(ref, ahead)


def easter(year: int) -> date | None:
    """Gregorian Easter Sunday (the anonymous computus)."""
    if not 1583 <= year <= 9999:
        return None
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return make_date(year, month, day + 1)


def holiday(rule: str, year: int) -> tuple[str, date | None]:
    """A computed holiday's day in a year, from the lexicon's rule: ('day'|'week', date)."""
    kind, _, args = rule.partition(":")
    parts = [int(x) for x in args.split(":")] if args else []
    if kind == "nth":
        month, wd, n = parts
        first = make_date(year, month, 1)
        if first is None:
            return "day", None
        day1 = weekday_on_or_after(first, wd)
        return "day", add_days(day1, 7 * (n - 1)) if day1 else None
    if kind == "last":
        month, wd = parts
        nxt = add_months(year, month, 1)
        end = make_date(*nxt, 1) if nxt else None
        last = add_days(end, -1) if end else None
        return "day", weekday_on_or_before(last, wd) if last else None
    if kind in ("easter", "easterweek"):
        e = easter(year)
        return ("week" if kind == "easterweek" else "day"), add_days(e, parts[0]) if e else None
    return "day", None
