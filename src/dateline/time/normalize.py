"""From a matched expression to its TIMEX3 type, value and mod, against the reference date.

Conventions (TimeML, and news habits measured on TempEval-3):
- a bare weekday is the most recent one, the reference day included; a clause about the future
  ("will", "is due to", "next") turns it forward;
- a year-less month or day that would lie after the reference belongs to the previous year
  unless the clause is about the future;
- "that day", "the next day", "a year earlier" lean on the last date the text mentioned;
  without one they are null rather than a guess;
- expressions that need world knowledge (a lunar holiday, "the day after the vote") are null.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dateline.time import calendar as cal
from dateline.time.grammar import FULL_MONTHS, PRE, QUANT, TEENS, L
from dateline.time.lexicon import alternation
from dateline.time.tense import TenseReader

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Result:
    type: str
    value: str | None
    mod: str | None = None
    #: False for values derived from another date ("a year earlier"): they anchor nothing.
    anchor: bool = True
    #: A narrower span than the match, where TimeML leaves a word out ("three days [later]").
    span: tuple[int, int] | None = None


_WS = re.compile(r"\s+")
_PRE_RE = re.compile(PRE, re.I)
_QUANT_RE = re.compile(QUANT + r"\s+", re.I)
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+(?:[.,/]\d+)*", re.I)
_YEAR_IN = re.compile(r"(?<![\d'’])(1\d{3}|2\d{3})(?!\d)")
_DAY_IN = re.compile(r"(?<![\d:])(3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])")
_SENT_BREAK = re.compile(r"[.!?][\"'”’)]*\s|\n")
_ENDED = re.compile(r"\s+(?:that\s+)?(?:ended|ending|ends|through)\s+([A-Za-z]{3,9})\.?\s+(\d{1,2})\b")
_POD_END = re.compile(r"(?:^|\s)(" + alternation(list(L.parts_of_day)) + r")$")
_VALUE_GRAIN = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q([1-4])|-W(\d\d)|-H([12]))?(?:T|$)")

#: How much farther a date after the reference counts when the clause is not about the future, and
#: one before it when the clause is: a year-less "Nov. 20" in a past-tense clause written on Nov. 2
#: is still the coming one ("extended the offer to Nov. 20"), but "in March" written in December is
#: the last one.
FORWARD_PENALTY = 3.0
BACKWARD_PENALTY = 3.0

PRE_MODS = {
    "early": "START",
    "earlier": "START",
    "beginning": "START",
    "start": "START",
    "dawn": "START",
    "first half": "START",
    "early part": "START",
    "first part": "START",
    "first day": "START",
    "first days": "START",
    "turn": "START",
    "late": "END",
    "later": "END",
    "end": "END",
    "close": "END",
    "second half": "END",
    "last half": "END",
    "latter half": "END",
    "latter part": "END",
    "rest": "END",
    "remainder": "END",
    "balance": "END",
    "last day": "END",
    "last days": "END",
    "final day": "END",
    "final days": "END",
    "mid": "MID",
    "middle": "MID",
}
QUANT_MODS = {
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
    "nearly": "APPROX",
    "almost": "LESS_THAN",
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "less than": "LESS_THAN",
    "under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
    "no less than": "EQUAL_OR_MORE",
    "not more than": "EQUAL_OR_LESS",
    "within": "EQUAL_OR_LESS",
    "fewer than": "LESS_THAN",
    "a little over": "MORE_THAN",
    "a little more than": "MORE_THAN",
    "well over": "MORE_THAN",
    "upwards of": "MORE_THAN",
    "close to": "APPROX",
    "the better part of": "APPROX",
    "the best part of": "APPROX",
}
DURATION_UNITS = {
    "S": ("T", "S", 1),
    "MIN": ("T", "M", 1),
    "H": ("T", "H", 1),
    "D": ("", "D", 1),
    "W": ("", "W", 1),
    "FN": ("", "W", 2),
    "M": ("", "M", 1),
    "Q": ("", "Q", 1),
    "Y": ("", "Y", 1),
    "DE": ("", "Y", 10),
    "CE": ("", "Y", 100),
    "MIL": ("", "Y", 1000),
    "WE": ("", "D", 2),
    "SE": ("", "M", 3),
}
PREV_DETS = {
    "last",
    "past",
    "previous",
    "preceding",
    "the past",
    "the last",
    "the previous",
    "this past",
    "the prior",
    "the preceding",
    "the latest",
    "prior",
}
NEXT_DETS = {"next", "coming", "the coming", "the next", "this coming", "following", "the following"}
CUR_DETS = {
    "this",
    "current",
    "the current",
    "the present",
    "the full",
    "the entire",
    "the whole",
    "its",
    "their",
}
SAME_DETS = {"that", "same", "the same", "the very same"}
PREP_BEFORE_YEAR = frozenset(
    [
        "for",
        "in",
        "since",
        "by",
        "until",
        "till",
        "of",
        "from",
        "to",
        "before",
        "after",
        "during",
        "through",
        "throughout",
        "circa",
        "year",
        "early",
        "late",
        "mid",
        "and",
        "or",
        "between",
        "around",
        "about",
        "ending",
        "end",
        "beginning",
        "start",
        "spring",
        "summer",
        "fall",
        "autumn",
        "winter",
    ]
)
NOT_YEAR_BEFORE = frozenset(
    [
        "no",
        "number",
        "route",
        "flight",
        "room",
        "page",
        "highway",
        "interstate",
        "section",
        "article",
        "rule",
        "resolution",
        "boeing",
        "airbus",
        "model",
        "code",
        "channel",
        "pier",
        "gate",
        "suite",
        "apartment",
        "lot",
        "unit",
        "cell",
        "form",
        "vol",
        "volume",
        "chapter",
        "bus",
        "line",
        "paragraph",
        "item",
        "hr",
        "h.r.",
        "s.",
        "bill",
        "act",
    ]
)
#: Time words that also name newspapers and shows ("USA Today", "Daily Mail", "Meet the Press Today").
NAME_PRONE = frozenset({"today", "tonight", "tomorrow", "yesterday", "daily", "weekly", "monthly", "now"})
COUNT_NOUNS = frozenset(["people", "troops", "men", "women", "children", "police", "soldiers", "workers"])
TIME_NOUNS = frozenset(
    [
        "period",
        "quarter",
        "quarters",
        "season",
        "seasons",
        "year",
        "years",
        "levels",
        "level",
        "figure",
        "figures",
        "census",
        "budget",
        "model",
        "models",
        "election",
        "elections",
        "vote",
        "campaign",
        "summer",
        "winter",
        "spring",
        "fall",
        "autumn",
        "session",
        "cycle",
        "fiscal",
        "calendar",
        "term",
        "end",
        "start",
        "first",
        "second",
        "third",
        "fourth",
        "half",
        "ceiling",
    ]
)


def norm(s: str) -> str:
    return _WS.sub(" ", s.strip().lower()).replace("’", "'")


def strip_pre(s: str) -> tuple[str | None, str]:
    """The mod of a leading "late in"/"the end of"/"mid-" and the rest of the expression."""
    m = _PRE_RE.match(s)
    if not m:
        return None, s
    words = norm(m.group(0)).replace("-", " ").split()
    words = [w for w in words if w not in ("the", "very", "of", "in", "on", "during")]
    key = " ".join(words)
    return PRE_MODS.get(key) or PRE_MODS.get(words[0] if words else ""), s[m.end() :]


def strip_quant(s: str) -> tuple[str | None, str]:
    m = _QUANT_RE.match(s)
    if not m:
        return None, s
    return QUANT_MODS.get(norm(m.group(0))), s[m.end() :]


def parse_number(s: str) -> float | None:
    """A count written in digits or words ("2 1/2", "twenty four", "a couple of"); None if vague."""
    s = norm(s).replace(",", "")
    if s in L.vague_numbers or s in ("few", "several"):
        return None
    if s in L.numbers:
        return L.numbers[s]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(\d)/(\d))?", s)
    if m:
        v = float(m.group(1))
        if m.group(2) and int(m.group(3)):
            v += int(m.group(2)) / int(m.group(3))
        return v
    total = 0.0
    cur = 0.0
    seen = False
    for w in re.split(r"[\s-]+", s):
        if w in ("and", "of"):
            continue
        if w in ("a", "an") and not seen:
            cur += 1
        elif w == "half":
            cur += 0.5
        elif w == "hundred":
            cur = (cur or 1) * 100
        elif w == "thousand":
            total += (cur or 1) * 1000
            cur = 0
        elif w == "dozen":
            cur = (cur or 1) * 12
        elif w in L.numbers:
            cur += L.numbers[w]
        else:
            return None
        seen = True
    v = total + cur
    return v if seen and v > 0 else None


def duration(n: float | None, unit: str) -> str:
    """A TIMEX3 duration: P3Y, PT4H, PXD, P1.5Y written as P18M."""
    t, letter, mult = DURATION_UNITS.get(unit, ("", "X", 1))
    if n is None:
        return f"P{t}X{letter}"
    v = n * mult
    if v != int(v):
        finer = {
            "Y": ("M", 12),
            "M": ("D", 30),
            "W": ("D", 7),
            "D": ("H", 24),
            "H": ("M", 60),
            "MIN": ("S", 60),
        }
        key = "MIN" if (t, letter) == ("T", "M") else letter
        if key in finer:
            small, k = finer[key]
            whole, part = int(v), round((v - int(v)) * k, 6)
            if part == int(part):
                sep = "T" if small in ("H",) and not t else ""
                head = f"{whole}{letter}" if whole else ""
                return f"P{t}{head}{sep}{int(part)}{small}"
    num = str(int(v)) if v == int(v) else f"{v:g}"
    return f"P{t}{num}{letter}"


def ref_shift(ref: date, unit: str, n: int) -> str | None:
    """The period n units after ref (n < 0: before), at the unit's granularity."""
    if unit in ("Y",):
        return cal.fmt_year(ref.year + n)
    if unit == "DE":
        return cal.fmt_year(ref.year + 10 * n)
    if unit == "CE":
        y = ref.year + 100 * n
        return f"{(y - 1) // 100:02d}" if y > 0 else None
    if unit in ("M", "SE"):
        ym = cal.add_months(ref.year, ref.month, n * (3 if unit == "SE" else 1))
        return cal.fmt_month(*ym) if ym else None
    if unit == "Q":
        ym = cal.add_months(ref.year, ref.month, 3 * n)
        return f"{ym[0]:04d}-Q{(ym[1] - 1) // 3 + 1}" if ym else None
    if unit in ("W", "FN", "WE"):
        return cal.week_shift(ref, n * (2 if unit == "FN" else 1))
    if unit == "D":
        return cal.fmt_day(cal.add_days(ref, n))
    return ref.isoformat()  # hours, minutes, seconds: the day is what is known


def shift_value(value: str, unit: str, n: int) -> str | None:
    """A date value moved by n units at its own granularity ("1989-Q3" minus a year is "1988-Q3");
    None when the unit does not fit the granularity."""
    m = _VALUE_GRAIN.match(value)
    if not m:
        return None
    y = int(m.group(1))
    months = {"Y": 12, "M": 1, "Q": 3, "DE": 120}.get(unit)
    if m.group(3):
        d = cal.make_date(y, int(m.group(2)), int(m.group(3)))
        if d is None:
            return None
        if unit in ("D", "W"):
            return cal.fmt_day(cal.add_days(d, n * (7 if unit == "W" else 1)))
        if months:
            ym = cal.add_months(d.year, d.month, n * months)
            if not ym:
                return None
            day = min(d.day, 28) if (ym[1] == 2 and d.day > 28) else d.day
            out = cal.make_date(ym[0], ym[1], day) or cal.make_date(ym[0], ym[1], 28)
            return cal.fmt_day(out)
        return None
    if m.group(2):
        if not months:
            return None
        ym = cal.add_months(y, int(m.group(2)), n * months)
        return cal.fmt_month(*ym) if ym else None
    if m.group(4):
        q = int(m.group(4))
        if unit in ("Y", "DE"):
            return f"{y + n * (10 if unit == 'DE' else 1):04d}-Q{q}"
        if unit == "Q":
            k = y * 4 + (q - 1) + n
            return f"{k // 4:04d}-Q{k % 4 + 1}"
        return None
    if m.group(5):
        if unit == "W":
            d = cal.make_date(y, 1, 4)
            monday = d and cal.add_days(d, 7 * (int(m.group(5)) - 1) - (d.isoweekday() - 1) + 7 * n)
            return cal.iso_week(monday) if monday else None
        return None
    if m.group(6):
        return f"{y + n:04d}-H{m.group(6)}" if unit == "Y" else None
    if unit in ("Y", "DE"):
        return cal.fmt_year(y + n * (10 if unit == "DE" else 1))
    return None


def grain(value: str | None) -> str | None:
    """'D', 'M', 'Q', 'W', 'H', 'Y' for a date value, else None."""
    if not value:
        return None
    m = _VALUE_GRAIN.match(value)
    if not m:
        return None
    for g, i in (("D", 3), ("M", 2), ("Q", 4), ("W", 5), ("H", 6)):
        if m.group(i):
            return g
    return "Y"


class Resolver:
    """Normalises the expressions of one text in order, keeping the anchors that anaphoric
    expressions ("that day", "a year earlier") refer to."""

    def __init__(self, text: str, ref: date | None, doc: Doc | None = None) -> None:
        self.text = text
        self.ref = ref
        self.tenses = TenseReader(text, doc)
        self.doc = self.tenses.doc
        self.anchor: str | None = None
        self.anchor_end = -1
        self.quarter: str | None = None

    # ------------------------------------------------------------------ context

    def tense(self, start: int, end: int) -> str | None:
        return self.tenses.tense(start, end)

    def local_anchor(self, start: int) -> str | None:
        """The last date mentioned in the same sentence, before start."""
        if self.anchor is None or self.anchor_end < 0 or start - self.anchor_end > 250:
            return None
        if _SENT_BREAK.search(self.text, self.anchor_end, start):
            return None
        return self.anchor

    def note(self, res: Result, end: int) -> None:
        """Remember a resolved date as the anchor of later anaphoric expressions."""
        v = res.value
        if res.anchor and res.type in ("DATE", "TIME") and v and grain(v):
            self.anchor = v
            self.anchor_end = end
            if grain(v) == "Q":
                self.quarter = v[:7]

    def prev_word(self, start: int, n: int = 1) -> str:
        words = _WORD.findall(self.text[max(0, start - 40) : start])
        return " ".join(words[-n:]).lower() if words else ""

    def next_word(self, end: int) -> str:
        m = _WORD.search(self.text, end, end + 40)
        return m.group(0) if m and not self.text[end : m.start()].strip(" \t") else ""

    def pick_year(self, month: int, day: int | None, start: int, end: int) -> int | None:
        """The year of a year-less month (and day): the nearest occurrence, a later one counting
        as farther unless the clause is about the future (and an earlier one counting as farther
        when it is)."""
        ref = self.ref
        if ref is None:
            return None
        tense = self.tense(start, end)
        here = ref.year * 372 + (ref.month - 1) * 31 + (ref.day - 1 if day else 0)
        years = (ref.year - 1, ref.year, ref.year + 1)
        return nearest(
            years, lambda y: y * 372 + (month - 1) * 31 + ((day or 1) - 1 if day else 0) - here, tense
        )

    # ------------------------------------------------------------------ dispatch

    def in_name(self, start: int, end: int) -> bool:
        """Whether a capitalised one-word expression inside a sentence is part of a name ("USA Today",
        "Morning News Daily", "the Daily Mail")."""
        word = self.text[start:end]
        if not word[:1].isupper() or " " in word or start == 0:
            return False
        before = self.text[max(0, start - 3) : start].rstrip()
        if not before or before[-1] in ".!?:\"“”'‘’(\n—–-" or self.text[start - 1] == "\n":
            return False
        prev = self.prev_word(start)
        raw_prev = self.text[max(0, start - 40) : start].split()
        prev_cap = (
            bool(raw_prev) and raw_prev[-1][:1].isupper() and prev not in ("on", "by", "until", "since")
        )
        nxt = self.next_word(end)
        next_cap = nxt[:1].isupper() and nxt.lower() not in L.months and nxt.lower() not in L.weekdays
        return prev_cap or next_cap

    def resolve(self, kind: str, start: int, end: int) -> Result | None:
        s = self.text[start:end]
        if kind in ("deictic", "set", "fuzzy") and norm(s) in NAME_PRONE and self.in_name(start, end):
            return None
        handler = getattr(self, "_" + kind)
        res: Result | None = handler(s, start, end)
        if res is not None:
            self.note(res, end)
        return res

    # ------------------------------------------------------------------ absolute dates

    def _month_of(self, word: str, raw: str) -> int | None:
        w = word.lower().rstrip(".")
        if w not in L.months:
            return None
        if w in L.ambiguous_months and raw[:1].islower():
            return None
        return L.months[w]

    def _absdate(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        words = _WORD.findall(rest)
        month = wd = day = year = None
        for w in words:
            lw = w.lower()
            if month is None and lw.rstrip(".") in L.months:
                month = self._month_of(w, w)
                if month is None:
                    return None
            elif wd is None and lw in L.weekdays:
                wd = L.weekdays[lw]
        ym = _YEAR_IN.search(rest)
        spoken = None
        if ym:
            year = int(ym.group(1))
            body = rest[: ym.start()]
        else:
            spoken = re.search(r"(?:nineteen|eighteen|twenty|two\s+thousand)[\w\s-]*$", rest, re.I)
            if spoken:
                year = spoken_year(spoken.group(0))
                body = rest[: spoken.start()]
            else:
                body = rest
        dm = _DAY_IN.search(re.sub(r"^\s*\w+day\b", "", body, flags=re.I))
        if dm:
            day = int(dm.group(1))
        else:
            for w in re.findall(r"[a-z]+(?:-[a-z]+)?", body.lower()):
                if w in L.ordinals:
                    day = L.ordinals[w]
        if month is None or day is None:
            return None
        if year is None:
            year = self._year_from_weekday(month, day, wd) or self.pick_year(month, day, start, end)
        if year is None:
            return Result("DATE", None, mod)
        d = cal.make_date(year, month, day)
        if d is None and (month, day) == (2, 29) and not ym and not spoken:
            # a year-less 29 February: the nearest leap year in the same direction
            step = 1 if self.ref is not None and year > self.ref.year else -1
            for k in range(1, 8):
                d = cal.make_date(year + step * k, 2, 29)
                if d is not None:
                    break
        return Result("DATE", cal.fmt_day(d), mod)

    def _year_from_weekday(self, month: int, day: int, wd: int | None) -> int | None:
        if wd is None or self.ref is None:
            return None
        best = None
        for y in (self.ref.year, self.ref.year - 1, self.ref.year + 1):
            d = cal.make_date(y, month, day)
            if d and d.isoweekday() == wd and (best is None or abs((d - self.ref).days) < best[0]):
                best = (abs((d - self.ref).days), y)
        return best[1] if best else None

    def _isodate(self, s: str, start: int, end: int) -> Result | None:
        m = re.match(r"(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d))?", s)
        if not m:
            return None
        d = cal.make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d is None:
            return Result("DATE", None)
        if m.group(4):
            return Result("TIME", f"{d.isoformat()}T{m.group(4)}:{m.group(5)}")
        return Result("DATE", d.isoformat())

    def _slashdate(self, s: str, start: int, end: int) -> Result | None:
        a, b, c = (int(x) for x in s.split("/"))
        if c < 100:
            base = self.ref.year if self.ref else 2000
            c = c + 100 * (base // 100)
            if c > base + 20:
                c -= 100
        month, day = (a, b) if a <= 12 else (b, a)
        d = cal.make_date(c, month, day)
        return Result("DATE", cal.fmt_day(d)) if d else None

    def _month(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest)
        words = _WORD.findall(rest)
        month = None
        for w in words:
            if w.lower().rstrip(".") in L.months:
                month = self._month_of(w, w)
                break
        if month is None:
            return None
        det = None
        for d in DETERMINERS:
            if r.startswith(d + " "):
                det = d
                break
        ym = _YEAR_IN.search(rest)
        year: int | None = None
        if ym:
            year = int(ym.group(1))
        elif re.search(r"['’]\d\d\b", rest):
            yy = int(re.search(r"['’](\d\d)", rest).group(1))  # type: ignore[union-attr]
            base = self.ref.year if self.ref else 1950
            year = yy + 100 * (base // 100)
            if year > base + 10:
                year -= 100
        elif re.search(r"(?:nineteen|eighteen|twenty|two thousand)", r):
            year = spoken_year(r[re.search(r"(?:nineteen|eighteen|twenty|two thousand)", r).start() :])  # type: ignore[union-attr]
        if year is None:
            abbr = words[0].rstrip(".").lower() if words else ""
            bare = det is None and mod is None and not re.search(r"\b(?:this|last|next) year", r)
            if bare and abbr not in [m for m in L.months if len(m) > 4 or m in ("may", "june", "july")]:
                return None  # a bare abbreviation ("Dec") is not enough
            if bare and abbr in ("may", "march") and self.prev_word(start) not in PREP_BEFORE_YEAR:
                return None
            if bare and self.next_word(end)[:1].isupper() and abbr in ("may", "march", "june", "august"):
                return None  # "June Carter", "August Wilson"
            if self.ref is None:
                return Result("DATE", None, mod)
            ref = self.ref
            if re.search(r"\bthis year", r):
                year = ref.year
            elif re.search(r"\blast year", r):
                year = ref.year - 1
            elif re.search(r"\bnext year", r):
                year = ref.year + 1
            elif det in ("last", "this past", "the past", "past", "the previous"):
                year = ref.year if month < ref.month else ref.year - 1
            elif det in ("next", "coming", "this coming", "the coming", "the following", "the next"):
                year = ref.year if month > ref.month else ref.year + 1
            elif det == "this":
                year = ref.year
            else:
                year = self.pick_year(month, None, start, end)
        if year is None:
            return Result("DATE", None, mod)
        return Result("DATE", cal.fmt_month(year, month), mod)

    # ------------------------------------------------------------------ days and times of day

    def _det(self, r: str) -> str | None:
        for d in sorted(PREV_DETS | NEXT_DETS | CUR_DETS | SAME_DETS | {"the"}, key=len, reverse=True):
            if r == d or r.startswith(d + " "):
                return d
        return None

    def _weekday_date(self, wd: int, det: str | None, start: int, end: int) -> date | None:
        ref = self.ref
        if det in ("the previous", "the following", "the next"):
            a = self._anchor_day()
            if a is not None:
                if det == "the previous":
                    return cal.weekday_on_or_before(a, wd, include_ref=False)
                return cal.weekday_on_or_after(a, wd, include_ref=False)
        if ref is None:
            return None
        if det in PREV_DETS:
            return cal.weekday_on_or_before(ref, wd, include_ref=False)
        if det in NEXT_DETS:
            return cal.weekday_on_or_after(ref, wd, include_ref=False)
        tense = self.tense(start, end)
        if det == "this":
            if tense == "past":
                return cal.weekday_on_or_before(ref, wd)
            return cal.weekday_on_or_after(ref, wd)
        if tense == "future":
            return cal.weekday_on_or_after(ref, wd)
        return cal.weekday_on_or_before(ref, wd)

    def _pod(self, r: str) -> str | None:
        """The TIMEX3 part-of-day code of an expression that ends in one ("Sunday evening": EV)."""
        m = _POD_END.search(r)
        return L.parts_of_day[_WS.sub(" ", m.group(1))] if m else None

    def _weekday(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest)
        wd = None
        for w in re.findall(r"[a-z]+", r):
            if w in L.weekdays:
                wd = L.weekdays[w]
                break
        if wd is None:
            return None
        det = self._det(r)
        if det == "the":
            det = None
        pod = self._pod(r.replace("'s", ""))
        d = self._weekday_date(wd, det, start, end)
        if d is None:
            return Result("TIME" if pod else "DATE", None, mod)
        if pod:
            return Result("TIME", f"{d.isoformat()}T{pod}", mod)
        return Result("DATE", d.isoformat(), mod)

    def _deictic(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest).replace("'s", "")
        offset = 0
        if "today" in r:
            offset = 0
        elif "tomorrow" in r:
            offset = 1
        elif "yesterday" in r:
            offset = -1
        if r.startswith("the day before"):
            offset -= 1
        elif r.startswith("the day after"):
            offset += 1
        pod = self._pod(r)
        if "tonight" in r:
            pod = pod or "NI"
        if self.ref is None:
            return Result("TIME" if pod else "DATE", None, mod)
        d = cal.add_days(self.ref, offset)
        if d is None:
            return Result("DATE", None, mod)
        if pod:
            return Result("TIME", f"{d.isoformat()}T{pod}", mod)
        return Result("DATE", d.isoformat(), mod)

    def _anchor_day(self) -> date | None:
        if self.anchor and grain(self.anchor) == "D":
            return cal.make_date(int(self.anchor[:4]), int(self.anchor[5:7]), int(self.anchor[8:10]))
        return None

    def _partofday(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest)
        pod = self._pod(r) or ("NI" if "overnight" in r else None)
        if pod is None:
            return None
        ref = self.ref
        d: date | None
        if r.startswith(("this ", "tonight")):
            d = ref
        elif r.startswith("last "):
            d = ref and cal.add_days(ref, -1)
            if d is not None and pod != "NI" and pod != "EV":
                d = ref and cal.add_days(ref, -1)
        elif r.startswith("tomorrow"):
            d = ref and cal.add_days(ref, 1)
        elif r.startswith("yesterday"):
            d = ref and cal.add_days(ref, -1)
        elif r.startswith(("that ", "the same ")):
            d = self._anchor_day()
        elif r.startswith(("the next ", "the following ")):
            a = self._anchor_day()
            d = a and cal.add_days(a, 1)
        elif r.startswith("the previous "):
            a = self._anchor_day()
            d = a and cal.add_days(a, -1)
        elif r == "overnight":
            d = ref and cal.add_days(ref, -1)
        else:  # "the morning", "early morning": the day being told about, else the reference day
            if r.startswith(("early", "late")) and self.next_word(end).lower() in ("show", "shows", "talk"):
                return None
            if r.startswith("the ") and self.prev_word(start) not in (
                "in",
                "during",
                "on",
                "by",
                "until",
                "that",
            ):
                return None
            d = self._anchor_day() if self.local_anchor(start) else ref
        if d is None:
            return Result("TIME", None, mod)
        return Result("TIME", f"{d.isoformat()}T{pod}", mod)

    def _clock(self, s: str, start: int, end: int) -> Result | None:
        r = norm(s)
        mod = None
        qm = re.match(
            r"(about|around|approximately|roughly|shortly (?:before|after)|just (?:before|after)) ", r
        )
        if qm:
            mod = "APPROX"
            r = r[qm.end() :]
        hh: int | None = None
        mm = 0
        rest = r
        if r.startswith("noon"):
            hh, rest = 12, r[4:]
        elif r.startswith("midnight"):
            hh, rest = 24, r[8:]
        else:
            m = re.match(r"(\d{1,2})(?::(\d\d))?\s*(a\.\s?m\.?|p\.\s?m\.?|am|pm|o'clock|in the (\w+))?", r)
            if not m:
                return None
            hh, mm = int(m.group(1)), int(m.group(2) or 0)
            suffix = (m.group(3) or "").replace(" ", "")
            if not suffix and m.group(2) is None:
                return None
            if suffix.startswith("p") or (m.group(4) in ("afternoon", "evening", "night") and hh < 12):
                if hh < 12:
                    hh += 12
            elif suffix.startswith("a") and hh == 12:
                hh = 0
            rest = r[m.end() :]
        if hh is None or hh > 24 or mm > 59:
            return None
        if re.match(r"\d{1,2}(?::\d\d)?\s*[ap]", r) and not 1 <= int(re.match(r"\d+", r).group(0)) <= 12:  # type: ignore[union-attr]
            return None  # "13 p.m." is no time
        day: date | None = None
        rest = rest.strip(" ,")
        for tz in L.timezones:
            if rest.startswith(tz):
                rest = rest[len(tz) :].strip(" ,")
                break
        rest = re.sub(r"^on\s+", "", rest)
        if rest:
            sub_start = end - len(rest)
            sub = self.text[sub_start:end]
            part: Result | None = None
            if re.search(r"\d", sub):
                part = self._absdate(sub, sub_start, end)
            elif norm(sub) in ("today", "tomorrow", "yesterday", "tonight"):
                part = self._deictic(sub, sub_start, end)
            else:
                part = self._weekday(sub, sub_start, end)
            if part is not None and part.value and grain(part.value) == "D":
                day = cal.make_date(int(part.value[:4]), int(part.value[5:7]), int(part.value[8:10]))
            elif part is None or part.value is None:
                return Result("TIME", None, mod)
        else:
            day = self._anchor_day() if self.local_anchor(start) else self.ref
        if day is None:
            return Result("TIME", None, mod)
        return Result("TIME", f"{day.isoformat()}T{hh:02d}:{mm:02d}", mod)

    # ------------------------------------------------------------------ calendar units

    def _relunit(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest).replace("-", " ")
        m = re.search(
            r"(fiscal year|calendar year|financial year|school year|weekend|week|month|year|quarter|decade|"
            r"century|day)$",
            r,
        )
        if not m:
            return None
        unit = m.group(1)
        det = r[: m.start()].strip() or None
        if det and det.endswith("'s"):
            det = det  # "this year's" etc. only before quarters
        if unit.endswith("year"):
            unit = "year"
        if unit == "quarter":
            return self._quarter(s, start, end)
        ref = self.ref
        nxt = self.next_word(end).lower()
        if det == "the" and unit == "weekend" and ref is not None:
            return Result("DATE", self._weekend(ref, 0, start, end), mod)
        if det in ("the", "its", "their", None) and mod is None:
            # "the week", "the year": a bare unit is a period being talked about, not a date
            if unit == "year" and det == "the":
                if nxt == "of" or nxt == "'s":
                    return None
                return Result("DURATION", "P1Y")
            if unit == "week" and det == "the" and nxt not in ("of", "that", "when", "after", "before"):
                return Result("DATE", cal.iso_week(ref) if ref else None)
            return None
        if unit == "day" and nxt == "of":
            return None
        if (
            det in SAME_DETS
            or det in ("the following", "following", "the preceding", "preceding")
            or (unit == "day" and det in ("the next", "the previous", "the prior", "the last"))
        ):
            step = 0
            if det in ("the following", "following", "the next"):
                step = 1
            elif det in ("the preceding", "preceding", "the previous", "the prior"):
                step = -1
            if det == "the last" and unit == "day":
                return None
            code = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "weekend": "W"}.get(
                unit
            )
            if code is None:
                return None
            base = self.anchor
            if base is None:
                if unit == "day" or det in SAME_DETS:
                    return Result("DATE", None, mod)
                if ref is None:
                    return Result("DATE", None, mod)
                v = ref_shift(ref, code, step)
                return Result("DATE", v, mod)
            v = _at_grain(base, code)
            if v is not None and step:
                v = shift_value(v, code, step)
            return Result("DATE", v, mod, anchor=False)
        if ref is None:
            return Result("DATE", None, mod)
        step = 0
        if det in PREV_DETS:
            step = -1
        elif det in NEXT_DETS:
            step = 1
        elif det in CUR_DETS or det is None or det == "the":
            step = 0
        else:
            return None
        if unit == "day":
            if det in CUR_DETS:
                return Result("DATE", ref.isoformat(), mod)
            if det in ("the past", "past", "the last"):
                return Result("DURATION", "P1D", mod)
            return None
        if unit == "week":
            if det in ("the past", "past") and mod is None:
                return Result("DURATION", "P1W")
            return Result("DATE", cal.week_shift(ref, step), mod)
        if unit == "weekend":
            return Result("DATE", self._weekend(ref, step, start, end, this=det == "this"), mod)
        if unit == "month":
            ym = cal.add_months(ref.year, ref.month, step)
            return Result("DATE", cal.fmt_month(*ym) if ym else None, mod)
        if unit == "year":
            return Result("DATE", cal.fmt_year(ref.year + step), mod)
        if unit == "decade":
            if step and det and det.startswith("the"):
                return Result("DURATION", "P10Y", mod)
            y = ref.year + 10 * step
            return Result("DATE", f"{y // 10:03d}" if 0 <= y <= 9999 else None, mod)
        if unit == "century":
            y = ref.year + 100 * step
            return Result("DATE", f"{(y - 1) // 100:02d}" if 0 < y <= 9999 else None, mod)
        return None

    def _weekend(self, ref: date, step: int, start: int, end: int, this: bool = False) -> str | None:
        wd = ref.isoweekday()
        if step == 0:
            if wd >= 6:
                return f"{cal.iso_week(ref)}-WE"
            # "over the weekend" in news is the one just past, "this weekend" the coming one, unless
            # the clause says otherwise
            tense = self.tense(start, end)
            ahead = tense in ("future", "present") or (this and tense != "past")
            if ahead:
                return f"{cal.iso_week(ref)}-WE"
            step = -1
        if step < 0:
            w = cal.week_shift(ref, -1)
            return f"{w}-WE" if w else None
        w = cal.week_shift(ref, 1)
        return f"{w}-WE" if w else None

    def _yearend(self, s: str, start: int, end: int) -> Result | None:
        """The last day of the year under discussion: this one, or the last one after "since"."""
        base = self.anchor if self.anchor and self.local_anchor(start) else None
        if base:
            return Result("DATE", f"{base[:4]}-12-31", anchor=False)
        if self.ref is None:
            return Result("DATE", None)
        y = self.ref.year - (1 if self.prev_word(start) in ("since", "from") else 0)
        return Result("DATE", f"{y:04d}-12-31", anchor=False)

    # ------------------------------------------------------------------ counted and vague units

    def _unit_of(self, word: str) -> str | None:
        w = word.lower().replace("'", "")
        if w in L.units:
            return L.units[w]
        if w.endswith("ies") and w[:-3] + "y" in L.units:
            return L.units[w[:-3] + "y"]
        if w.endswith("s") and w[:-1] in L.units:
            return L.units[w[:-1]]
        return L.units.get(w[:-1]) if w.endswith("s") else None

    def _count(self, s: str, start: int, end: int) -> Result | None:
        qmod, rest = strip_quant(s)
        r = norm(rest)
        tail = None
        tm = re.search(
            r"[\s-](ago|earlier|later|before|after|from now|hence|previously|back|prior|old|long|ahead|on|"
            r"in the future)$",
            r,
        )
        if tm:
            tail = tm.group(1)
            r = r[: tm.start()]
        r = re.sub(
            r"\s+(?:and a half|or so|or more|or longer)$",
            lambda m: " +half" if "half" in m.group(0) else "",
            r,
        )
        half = r.endswith(" +half")
        r = r.removesuffix(" +half")
        um = re.search(r"([a-z]+)$", r)
        if not um:
            return None
        unit = self._unit_of(um.group(1))
        if unit is None:
            return None
        head = r[: um.start()].rstrip(" -")
        head = re.sub(
            r"\s+(?:more|additional|full|straight|consecutive|long|trading|business|working|calendar|extra|"
            r"further|fiscal|successive|years'|school)$",
            "",
            head,
        )
        det = None
        dm = re.match(
            r"(?:the )?(last|past|next|first|coming|previous|latest|final|recent|initial|following|remaining|"
            r"entire|whole|full|same|other|additional|further|another|ensuing|preceding|subsequent) ",
            head,
        )
        if dm:
            det = dm.group(1)
            head = head[dm.end() :]
        elif head.startswith("the "):
            det = "the"
            head = head[4:]
        nm = re.match(r"(.+?)\s+(or|to|and|-)\s+(.+)$", head)
        n = parse_number(nm.group(1) if nm and parse_number(nm.group(1)) is not None else head)
        if nm and n is not None and nm.group(2) == "and" and nm.group(3) in ("a half", "half"):
            n += 0.5
        vague = n is None and (head in L.vague_numbers or head in ("few", "several", "some", "many"))
        if n is None and not vague:
            return None
        if n is not None and half:
            n += 0.5
        nxt = self.next_word(end).lower()
        if (
            unit == "Q"
            and nxt == "of"
            and not re.match(r"\s+of\s+(?:\d{4}|fiscal|this|last|next)", self.text[end : end + 20])
        ):
            return None  # "three quarters of the vote"
        if unit == "S" and n is not None and head in ("a", "an") and tail is None and det is None:
            return None  # "a second" is an ordinal more often than a duration
        if (
            tail == "old"
            or self.text[end : end + 4].lower() == "-old"
            or (tail is None and nxt == "old" and unit in ("Y", "M", "W", "D"))
        ):
            return None  # ages: "a 6-year-old boy", "52 years old"
        raw_head = s.strip().lower()
        if unit == "D" and raw_head.startswith(("one day", "one night")) and tail is None and det is None:
            pw = self.prev_word(start)
            if pw in ("will", "would", "could", "might", "may", "can", "should", "must", "'ll"):
                return Result("DATE", "FUTURE_REF")
            if self.text[end : end + 1] == "," or pw in ("", "and", "but", "then", "until", "that"):
                return Result("DATE", None)
        # "a year" after an amount, "once a week": a frequency
        if tail is None and det is None and head in ("a", "an", "per"):
            pw = self.prev_word(start)
            before = self.text[max(0, start - 24) : start]
            if pw in ("once", "twice", "times", "per") or re.search(r"[\d$£€%]\S*\s*(?:\w+\s+)?$", before):
                return Result("SET", duration(1, unit))
        small = unit in ("D", "W", "H", "MIN", "S", "FN", "WE")
        # "the two days", "the eight-year plan": the article is not part of a bare count
        lead = start + 4 if det == "the" and s[:4].lower() == "the " else start
        if tail in ("later", "after", "on") or (tail in ("earlier", "before") and small):
            # "three days later": TimeML marks the distance; its anchor is an event, not a date
            if unit == "WE":
                return None
            cut = end - len(tail or "")
            while cut > lead and not self.text[cut - 1].isalnum():
                cut -= 1
            return Result("DURATION", duration(n, unit), qmod, span=(lead, cut))
        if tail in (
            "ago",
            "back",
            "previously",
            "prior",
            "earlier",
            "before",
            "from now",
            "hence",
            "ahead",
            "in the future",
        ):
            past = tail in ("ago", "back", "previously", "prior", "earlier", "before")
            if n is None:
                return Result("DATE", "PAST_REF" if past else "FUTURE_REF", qmod)
            k = int(n) if n == int(n) else None
            if k is None:
                return Result("DATE", None, qmod)
            k_signed = -k if past else k
            local = self.local_anchor(start)
            if unit in ("Y", "DE") and local and grain(local) == "Q":
                return Result("DATE", shift_value(local, unit, k_signed), qmod, anchor=False)
            if unit == "Y" and self.quarter and past:
                # financial copy compares the quarter it reports with the same quarter a year before
                return Result("DATE", shift_value(self.quarter, unit, k_signed), qmod, anchor=False)
            if tail in ("earlier", "before") and self.anchor:
                v = shift_value(_at_grain(self.anchor, unit) or self.anchor, unit, k_signed)
                if v:
                    return Result("DATE", v, qmod, anchor=False)
            if self.ref is None:
                return Result("DATE", None, qmod)
            return Result("DATE", ref_shift(self.ref, unit, k_signed), qmod, anchor=False)
        if unit == "WE":
            return None
        return Result("DURATION", duration(n, unit), qmod, span=(lead, end) if lead != start else None)

    def _vague(self, s: str, start: int, end: int) -> Result | None:
        qmod, rest = strip_quant(s)
        r = norm(rest)
        if r in L.fuzzy:
            return Result("DATE", L.fuzzy[r], qmod)
        tm = re.search(r"[\s-](ago|earlier|later|to come|ahead|long|old|before|after)$", r)
        tail = tm.group(1) if tm else None
        if tail == "old" or self.text[end : end + 4].lower() == "-old":
            return None
        if tm:
            r = r[: tm.start()]
        um = re.search(r"([a-z]+)$", r)
        unit = self._unit_of(um.group(1)) if um else None
        if unit is None or unit in ("WE", "SE"):
            return None
        head = r[: um.start()].strip() if um else ""
        if tail == "ago":
            return Result("DATE", "PAST_REF", qmod)
        if tail in ("to come", "ahead"):
            return Result("DATE", "FUTURE_REF", qmod)
        if tail in ("earlier", "before", "later", "after"):
            # "days later": the distance from an event, as for counted units
            cut = end - len(tail)
            while cut > start and not self.text[cut - 1].isalnum():
                cut -= 1
            return Result("DURATION", duration(None, unit), qmod, span=(start, cut))
        if self.next_word(end).lower() == "of" and head in ("the", ""):
            return None  # "the hours of darkness", "months of talks" are not expressions of their own
        if head in ("recent", "the recent") and unit in ("Y", "DE", "CE"):
            return Result("DATE", "PAST_REF", qmod)
        if head in ("recent", "the recent", "the past", "past", "the last", "last"):
            return Result("DURATION", duration(None, unit), qmod)
        if head in ("coming", "the coming"):
            return Result("DATE", "FUTURE_REF", qmod)
        if head in ("early", "later", "the early", "the later"):
            return None
        if not head:
            pw = self.prev_word(start)
            if unit in ("D", "Q") and pw not in (
                "for",
                "in",
                "within",
                "over",
                "after",
                "took",
                "take",
                "lasted",
            ):
                return None
            if um and um.group(1) in ("nights", "seconds"):
                return None
            if pw in ("the", "those", "these", "his", "her", "their", "its", "our", "my", "your"):
                return None
        if unit in ("DE", "CE") and tail is None and not head:
            return Result("DURATION", "PXY" if unit == "DE" else "PXCE", qmod)
        return Result("DURATION", duration(None, unit), qmod)

    # ------------------------------------------------------------------ quarters, years, decades

    def _quarter_year(self, q: int, per_year: int, start: int, end: int) -> int | None:
        """The year of an ordinal quarter (or half) given without one."""
        ref = self.ref
        if ref is None:
            return None
        cur = (ref.month - 1) // (12 // per_year) + 1
        tense = self.tense(start, end)
        best: tuple[float, int] | None = None
        for y in (ref.year - 1, ref.year, ref.year + 1):
            gap = (y - ref.year) * per_year + (q - cur)
            if gap > 0:
                cost = gap * (1.0 if tense in ("future", "present") else FORWARD_PENALTY)
            else:
                cost = -gap * (BACKWARD_PENALTY if tense == "future" else 1.0)
            if best is None or cost < best[0]:
                best = (cost, y)
        return best[1] if best else None

    def _quarter(self, s: str, start: int, end: int) -> Result | None:
        r = norm(s).replace("’", "'")
        ago = bool(re.search(r"year[- ](?:ago|earlier)|a year (?:ago|earlier)$", r))
        year: int | None = None
        ym = _YEAR_IN.search(r)
        if ym:
            year = int(ym.group(1))
        q = None
        half = None
        qm = re.search(
            r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?(quarter|half)", r
        )
        if qm:
            q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}[
                qm.group(1)
            ]
            if qm.group(2) == "half":
                if q > 2:
                    return None
                half, q = q, None
        cm = re.match(r"([qh])([1-4])", r)
        if cm:
            if cm.group(1) == "q":
                q = int(cm.group(2))
            elif int(cm.group(2)) <= 2:
                half = int(cm.group(2))
            else:
                return None
        if re.search(r"\b(?:last|final|latter|second)[\s-]+half\b", r) and half is None:
            half = 2
        if re.search(r"(?:nine|six) months", r):
            return Result("DURATION", "P9M" if "nine" in r else "P6M")
        ref_year = self.ref.year if self.ref else None
        if "this year's" in r:
            year = ref_year
        elif "last year's" in r:
            year = ref_year - 1 if ref_year else None
        elif "next year's" in r:
            year = ref_year + 1 if ref_year else None
        elif re.search(r"\b(?:this|last|next) year$", r):
            year = ref_year + {"this": 0, "last": -1, "next": 1}[r.split()[-2]] if ref_year else None
        if r.endswith("quarters") or r.endswith("halves"):
            return None
        if q is None and half is None:
            if re.fullmatch(r"(?:the |its |their |a )?quarter", r) and not r.startswith(
                ("the", "its", "their")
            ):
                return None
            if "period" in r and not re.search(
                r"year[- ]ago|year[- ]earlier|latest|comparable|same|\d{4}|recent|just", r
            ):
                return None
            if year is not None and ("period" in r or re.search(r"\d{4} quarter$", r)):
                if self.quarter:
                    return Result("DATE", f"{year:04d}-Q{self.quarter[-1]}", anchor=False)
                return Result("DATE", cal.fmt_year(year))
            if r.startswith("a "):
                return None
            # "the quarter", "the latest quarter", "the year-ago period": the quarter under discussion
            ref = self.ref
            current = f"{ref.year:04d}-Q{cal.quarter_of(ref)}" if ref else None
            base: str | None
            ended = _ENDED.match(self.text, end)
            month_ended = L.months.get(ended.group(1).lower()) if ended else None
            if month_ended and self.ref:
                # "the quarter ended Sept. 30": the quarter that the date closes
                y = self.pick_year(month_ended, int(ended.group(2)), end, end) if ended else None
                base = f"{y or self.ref.year:04d}-Q{(month_ended - 1) // 3 + 1}"
            elif re.search(r"\b(?:current|this)\b", r) and not re.search(r"this year's", r):
                base = current
            elif re.search(r"\b(?:previous|prior|last)\b", r) and not ago:
                base = current and shift_value(current, "Q", -1)
            elif self.quarter:
                base = self.quarter
            else:
                base = current and shift_value(current, "Q", -1)
            if base and ago:
                base = shift_value(base, "Y", -1)
            if base and r in ("year-earlier", "year-ago") and not self.quarter:
                base = base[:4]
            return Result("DATE", base, anchor=False)
        if year is None:
            year = self._quarter_year(q or half or 1, 4 if q else 2, start, end)
            if ago and year is not None:
                year -= 1
        elif ago:
            year -= 1
        if year is None:
            return Result("DATE", None)
        return Result("DATE", f"{year:04d}-Q{q}" if q else f"{year:04d}-H{half}", anchor=not ago)

    def _year(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest)
        ym = _YEAR_IN.search(r)
        if not ym:
            return None
        y = int(ym.group(1))
        prefix = r[: ym.start()].strip(" -")
        suffix = r[ym.end() :].strip()
        if prefix in ("the late", "late"):
            mod = mod or "END"
        elif prefix in ("the early", "early"):
            mod = mod or "START"
        elif prefix == "mid":
            mod = mod or "MID"
        elif prefix == "post":
            mod = "AFTER"
        elif prefix == "pre":
            mod = "BEFORE"
        if suffix in ("or later", "and beyond", "onward", "onwards"):
            mod = "ON_OR_AFTER"
        elif suffix in ("or earlier", "and before"):
            mod = "ON_OR_BEFORE"
        if not prefix and mod is None and not self._looks_like_year(y, start, end):
            return None
        return Result("DATE", cal.fmt_year(y), mod)

    def _looks_like_year(self, y: int, start: int, end: int) -> bool:
        """A bare four-digit number is a year unless its neighbours make it a quantity or a label."""
        text = self.text
        if start >= 2 and text[start - 1] in ",.:+" and text[start - 2].isdigit():
            return False
        pw = self.prev_word(start)
        if pw in NOT_YEAR_BEFORE or text[max(0, start - 2) : start].strip() in ("#", "$", "£", "€"):
            return False
        nw = self.next_word(end)
        nwl = nw.lower()
        after = text[end : end + 12]
        if re.match(r"\s*(?:%|percent|per\b|[-–]\s*\d{1,3}\b(?!\d))", after) and not re.match(
            r"[-–]\d{2,4}\b", after
        ):
            return False
        if re.match(r"\s*(?:to|and|or)\s+\d", after) and pw in ("between", "from") and not 1800 <= y <= 2100:
            return False
        if (
            pw
            in (
                "about",
                "around",
                "some",
                "nearly",
                "approximately",
                "than",
                "over",
                "under",
                "only",
                "least",
                "almost",
                "roughly",
                "estimated",
                "additional",
                "another",
                "of",
                "the",
            )
            and (nwl.endswith("s") or nwl in COUNT_NOUNS)
            and nw[:1].islower()
            and (y % 10 == 0 or not 1900 <= y <= 2100)
        ):
            return False
        # "2000 people", "1500 troops": round numbers before a plural noun are counts; "1992 protests"
        # is a year
        if (
            nw[:1].islower()
            and (nwl.endswith("s") or nwl in COUNT_NOUNS)
            and nwl not in TIME_NOUNS
            and len(nwl) > 3
            and (y % 10 == 0 or not 1900 <= y <= 2100)
            and pw not in ("the", "in", "its", "his", "her", "their", "since", "of")
        ):
            return False
        if nwl in COUNT_NOUNS and pw not in ("the", "in", "its", "his", "her", "their", "since"):
            return False
        if 1900 <= y <= 2100:
            return True
        return pw in PREP_BEFORE_YEAR or nwl in ("bc", "ad", "bce", "ce", "b.c.", "a.d.")

    def _spokenyear(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest)
        has_year_word = r.startswith("the year")
        body = r[9:] if has_year_word else r
        if (
            body.startswith("two thousand")
            and not has_year_word
            and self.prev_word(start) not in ("in", "since", "by", "until", "of", "from", "before", "after")
        ):
            return None
        nw = self.next_word(end).lower()
        if nw.endswith("s") and not has_year_word and nw not in TIME_NOUNS:
            return None
        y = spoken_year(body)
        return Result("DATE", cal.fmt_year(y) if y else None, mod) if y else None

    def _decade(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest)
        pw = self.prev_word(start)
        if pw in ("his", "her", "their", "its", "my", "your", "our") or re.search(
            r"\b(?:his|her|their|my|your|our)\s+(?:early|mid|late)?\s*$",
            self.text[max(0, start - 20) : start].lower(),
        ):
            return None
        em = re.search(r"\b(early|mid|late)\b", r)
        if em:
            mod = mod or {"early": "START", "mid": "MID", "late": "END"}[em.group(1)]
        m = re.search(r"(\d{3})0s", r)
        if m:
            if m.group(1).endswith("0") and int(m.group(1)) < 200:
                return Result("DATE", m.group(1)[:2], mod)  # "the 1800s" is a century
            return Result("DATE", m.group(1), mod)
        words = {
            "twenties": 2,
            "thirties": 3,
            "forties": 4,
            "fifties": 5,
            "sixties": 6,
            "seventies": 7,
            "eighties": 8,
            "nineties": 9,
        }
        m2 = re.search(r"['’](\d)0s", r)
        d = int(m2.group(1)) if m2 else next((v for k, v in words.items() if k in r), None)
        if d is None:
            return None
        base = self.ref.year if self.ref else 1999
        century = base // 100
        if century * 100 + d * 10 > base:
            century -= 1
        return Result("DATE", f"{century:02d}{d}", mod)

    def _century(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest)
        em = re.search(r"\b(early|mid|late)\b", r)
        if em:
            mod = mod or {"early": "START", "mid": "MID", "late": "END"}[em.group(1)]
        m = re.search(r"(\d{1,2})(?:st|nd|rd|th)", r)
        n = int(m.group(1)) if m else None
        if n is None:
            for w in re.findall(r"[a-z]+(?:-[a-z]+)?", r):
                if w in L.ordinals:
                    n = L.ordinals[w]
        if not n:
            return None
        return Result("DATE", f"{n - 1:02d}", mod)

    def _season(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest)
        code = None
        name = ""
        for k, v in L.seasons.items():
            if re.search(r"\b" + k + r"\b", r):
                code, name = v, k
        if code is None:
            return None
        det = r[: r.index(name)].strip(" -") or None
        ym = _YEAR_IN.search(r)
        year: int | None = int(ym.group(1)) if ym else None
        if year is None and re.search(r"(?:nineteen|eighteen|twenty|two thousand)", r):
            year = spoken_year(r[re.search(r"(?:nineteen|eighteen|twenty|two thousand)", r).start() :])  # type: ignore[union-attr]
        if det in ("early", "late", "mid"):
            mod = mod or {"early": "START", "mid": "MID", "late": "END"}[det]
            det = None
        nxt = self.next_word(end).lower()
        if year is None:
            if name in ("spring", "fall") and det is None and mod is None:
                return None
            if det == "the" and nxt == "of":
                return None
            if det is None and mod is None and name in ("spring", "fall", "summer", "winter", "autumn"):
                raw = s.strip()
                if (
                    raw[:1].isupper()
                    and self.prev_word(start)[:1].isalpha()
                    and self.text[start - 2 : start - 1].isalpha()
                ):
                    return None  # "Arab Spring"
            ref = self.ref
            if ref is None:
                return Result("DATE", None, mod)
            # seasons in order: SP, SU, FA of a year, then its WI (December to February)
            order = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
            cur_idx = ref.year * 4 + (ref.month - 3) // 3 if ref.month >= 3 else (ref.year - 1) * 4 + 3
            same = cur_idx - (cur_idx % 4) + order[code]  # this season in the current season-year
            if det in ("last", "this past", "the past", "past"):
                idx = same if same < cur_idx else same - 4
            elif det in ("next", "coming", "this coming", "the coming"):
                idx = same if same > cur_idx else same + 4
            else:
                tense = "present" if det == "this" else self.tense(start, end)
                idx = nearest((same - 4, same, same + 4), lambda cand: cand - cur_idx, tense)
            year = idx // 4
        return Result("DATE", f"{year:04d}-{code}", mod)

    def _holiday(self, s: str, start: int, end: int) -> Result | None:
        mod, rest = strip_pre(s)
        r = norm(rest)
        det = None
        for word in DETERMINERS:
            if r.startswith(word + " "):
                det = word
                r = r[len(word) + 1 :]
                break
        ym = _YEAR_IN.search(r)
        year = int(ym.group(1)) if ym else None
        name = re.sub(r"[\s,]*\d{4}$", "", r).strip()
        raw_name = rest.strip()[len(rest.strip()) - len(rest.strip().lstrip()) :]
        if det:
            raw_name = (
                re.sub(r"^\S+\s+(?:\S+\s+)?", "", raw_name)
                if " " in det
                else re.sub(r"^\S+\s+", "", raw_name)
            )
        if not raw_name[:1].isupper():
            return None
        suffix = None
        for suf in (" day", " eve", " week", " weekend"):
            if (
                name.endswith(suf)
                and name not in L.holidays_fixed
                and name not in L.holidays_computed
                and (name not in L.holidays_unresolvable)
            ):
                suffix = suf.strip()
                name = name[: -len(suf)]
        if name in L.holidays_unresolvable or (name + " day") in L.holidays_unresolvable:
            return Result("DATE", None, mod)
        ref = self.ref

        def day_in(y: int) -> tuple[str, date | None]:
            if name in L.holidays_fixed:
                mm, dd = (int(x) for x in L.holidays_fixed[name].split("-"))
                return "day", cal.make_date(y, mm, dd)
            if name in L.holidays_computed:
                return cal.holiday(L.holidays_computed[name], y)
            return "day", None

        if year is None:
            if ref is None:
                return Result("DATE", None, mod)
            _, this_d = day_in(ref.year)
            if this_d is None:
                return Result("DATE", None, mod)
            if det in ("last", "this past", "the past", "past", "the previous"):
                year = ref.year if this_d < ref else ref.year - 1
            elif det in ("next", "coming", "this coming", "the coming", "the following", "the next"):
                year = ref.year if this_d > ref else ref.year + 1
            elif det == "this":
                year = ref.year
            else:
                year = self.pick_year(this_d.month, this_d.day, start, end)
        if year is None:
            return Result("DATE", None, mod)
        kind, d = day_in(year)
        if d is None:
            return Result("DATE", None, mod)
        if suffix == "eve":
            d = cal.add_days(d, -1)
        if d is None:
            return Result("DATE", None, mod)
        if kind == "week" or suffix == "week":
            return Result("DATE", cal.iso_week(d), mod)
        if suffix == "weekend":
            return Result("DATE", f"{cal.iso_week(d)}-WE", mod)
        return Result("DATE", d.isoformat(), mod)

    # ------------------------------------------------------------------ fuzzy, sets, world knowledge

    def _fuzzy(self, s: str, start: int, end: int) -> Result | None:
        r = norm(s)
        value = L.fuzzy.get(r)
        if value is None:
            if r.endswith("past"):
                value = "PAST_REF"
            elif r.endswith("future"):
                value = "FUTURE_REF"
            else:
                return None
        nw = self.next_word(end).lower()
        if r == "now" and (nw in ("that",) or self.text[end : end + 1] == "-"):
            return None
        if r in ("current", "recent", "future") and (
            self.text[end : end + 1] == "-" or nw in ("account", "accounts", "events", "affairs", "issue")
        ):
            return None
        if r == "the past" and nw in ("tense",):
            return None
        return Result("DATE", value)

    def _set(self, s: str, start: int, end: int) -> Result | None:
        r = norm(s)
        adverbs = {
            "daily": "P1D",
            "weekly": "P1W",
            "monthly": "P1M",
            "annually": "P1Y",
            "yearly": "P1Y",
            "hourly": "PT1H",
            "nightly": "P1D",
            "quarterly": "P1Q",
            "biweekly": "P2W",
            "bimonthly": "P2M",
            "semiannually": "P6M",
            "semi-annually": "P6M",
            "fortnightly": "P2W",
            "biannually": "P6M",
        }
        if r in adverbs:
            return Result("SET", adverbs[r])
        words = re.findall(r"[a-z]+", r)
        for w in words:
            if w in L.weekdays or (w.endswith("s") and w[:-1] in L.weekdays):
                wd = L.weekdays.get(w, L.weekdays.get(w[:-1], 0))
                pod = self._pod(r.rstrip("s")) if words[-1] != w else None
                return Result("SET", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""))
        for w in words:
            if w in FULL_MONTH_NUM:
                return Result("SET", f"XXXX-{FULL_MONTH_NUM[w]:02d}")
            if w in L.seasons:
                return Result("SET", f"XXXX-{L.seasons[w]}")
        pm = self._pod(r)
        if pm and words[-1] in L.parts_of_day:
            return Result("SET", f"XXXX-XX-XXT{pm}")
        um = re.search(r"([a-z]+)$", r)
        unit = self._unit_of(um.group(1)) if um else None
        if unit is None:
            return None
        nm = re.match(r"(?:every|each)\s+(?:other\s+)?(.+?)\s+[a-z]+$", r)
        n: float | None = 1
        if nm:
            n = parse_number(nm.group(1))
        if "other" in words:
            n = 2
        return Result("SET", duration(n or 1, unit))

    def _event(self, s: str, start: int, end: int) -> Result | None:
        return Result("DATE", None)


#: Words before a month, season or holiday that place it in time, longest first ("this past" before "this").
DETERMINERS = (
    "this past", "this coming", "the coming", "the past", "the previous", "the following", "the next", "this",
    "last", "next", "coming", "past", "the",
)  # fmt: skip


def nearest(candidates: tuple[int, int, int], gap: Callable[[int], int], tense: str | None) -> int:
    """The candidate nearest the reference, a later one counting as farther unless the clause is about
    the future or present (and an earlier one counting as farther when it is about the future)."""

    def cost(c: int) -> float:
        g = gap(c)
        if g > 0:
            return g * (1.0 if tense in ("future", "present") else FORWARD_PENALTY)
        return -g * (BACKWARD_PENALTY if tense == "future" else 1.0)

    return min(candidates, key=cost)


FULL_MONTH_NUM = {m: i + 1 for i, m in enumerate(FULL_MONTHS)}


def _at_grain(value: str, unit: str) -> str | None:
    """A date value cut to a unit's granularity ("1998-10-23" at months is "1998-10")."""
    g = grain(value)
    if g is None:
        return None
    if unit in ("Y", "DE"):
        return value[:4] if g not in ("Q", "H") else value[:7]
    if unit == "M":
        return value[:7] if g in ("D", "M") else None
    if unit == "Q":
        if g == "Q":
            return value[:7]
        if g in ("D", "M"):
            return f"{value[:4]}-Q{(int(value[5:7]) - 1) // 3 + 1}"
        return None
    if unit == "W":
        if g == "W":
            return value[:8]
        if g == "D":
            d = cal.make_date(int(value[:4]), int(value[5:7]), int(value[8:10]))
            return cal.iso_week(d) if d else None
        return None
    if unit == "D":
        return value[:10] if g == "D" else None
    return None


_SPOKEN_UNITS = {
    w: i + 1 for i, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
}
_SPOKEN_TEENS = {w: i + 10 for i, w in enumerate(TEENS)}
_SPOKEN_TENS = {
    w: (i + 2) * 10
    for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
}


def spoken_year(s: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'two thousand and one' -> 2001, 'twenty twenty' -> 2020."""
    words = [w for w in re.split(r"[\s-]+", norm(s)) if w and w not in ("and", "the", "year")]
    if not words:
        return None

    def two(ws: list[str]) -> int | None:
        if not ws:
            return 0
        if ws[0] == "oh" and len(ws) == 2 and ws[1] in _SPOKEN_UNITS:
            return _SPOKEN_UNITS[ws[1]]
        if len(ws) == 1:
            w = ws[0]
            return _SPOKEN_TEENS.get(w) or _SPOKEN_TENS.get(w) or _SPOKEN_UNITS.get(w)
        if len(ws) == 2 and ws[0] in _SPOKEN_TENS and ws[1] in _SPOKEN_UNITS:
            return _SPOKEN_TENS[ws[0]] + _SPOKEN_UNITS[ws[1]]
        return None

    if words[:2] == ["two", "thousand"]:
        rest = two(words[2:])
        return 2000 + rest if rest is not None else None
    head = {"eighteen": 18, "nineteen": 19, "twenty": 20}.get(words[0])
    if head is None:
        return None
    if words[1:] == ["hundred"]:
        return head * 100
    rest = two(words[1:])
    return head * 100 + rest if rest else None
