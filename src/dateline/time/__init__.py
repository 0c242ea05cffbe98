"""Time: TIMEX3 expressions found and resolved against the publication date.

`find_timexes` is the pipeline stage; `resolve` and `timex_dict` serve the library call and the
`dateline time` command. The grammar (grammar.py) finds spans in one pass over the text, the
normaliser (normalize.py) turns each into a TIMEX3 type, value and mod, and the spaCy Doc, when
there is one, is consulted only for the tense of the clause around a weekday or a month.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from dateline.records import Article, Timex
from dateline.time.calendar import parse_reference
from dateline.time.grammar import COMBINED, CORE_WORDS, LEAD_WINDOW, LEAD_WORDS, RULES, TOKEN
from dateline.time.normalize import Resolver

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_timexes", "parse_reference", "resolve", "timex_dict", "timexes_in"]

#: Trailing characters never part of an expression.
_TRAIL = " \t\r\n,;:"


def timexes_in(text: str, reference: str | date | None, doc: Doc | None = None) -> list[Timex]:
    """Every time expression of a text, in order, resolved against the reference date."""
    ref = parse_reference(reference)
    resolver = Resolver(text, ref, doc)
    out: list[Timex] = []
    pos = 0
    for p in candidate_starts(text):
        if p < pos or COMBINED.match(text, p) is None:
            continue
        cands = []
        for i, rule in enumerate(RULES):
            mm = rule.regex.match(text, p)
            if mm is not None and mm.end() > p:
                cands.append((-mm.end(), i, rule.kind, mm.end()))
        cands.sort()
        for _, _, kind, end in cands:
            while end > p and text[end - 1] in _TRAIL:
                end -= 1
            res = resolver.resolve(kind, p, end)
            if res is not None:
                a, b = res.span or (p, end)
                out.append(Timex(text[a:b], a, b, res.type, res.value, res.mod))
                pos = end
                break
    return out


def candidate_starts(text: str) -> list[int]:
    """Word starts where an expression may begin: a core time word or digit, or a lead word with a
    core word close behind. A cheap filter, so that the grammar runs on a few percent of the words."""
    toks = [(m.start(), m.group().lower()) for m in TOKEN.finditer(text)]
    core = [w[0].isdigit() or w[-1].isdigit() or w[0] in "'’" or w in CORE_WORDS for _, w in toks]
    starts = []
    for i, (p, w) in enumerate(toks):
        if not core[i] and not (w in LEAD_WORDS and any(core[i + 1 : i + 1 + LEAD_WINDOW])):
            continue
        if p and (text[p - 1].isalnum() or text[p - 1] in "_$£€#@/"):
            continue
        starts.append(p)
    return starts


def find_timexes(article: Article, doc: Doc | None) -> list[Timex]:
    """The article's time expressions, resolved against its publication date (null values without one)."""
    return timexes_in(article.text or "", article.published, doc)


def resolve(expression: str, reference: str | date | None) -> Timex | None:
    """The one time expression in a short text ("late on Monday"), resolved against a reference date;
    the longest when there are several, None when there is none."""
    found = timexes_in(expression, reference)
    if not found:
        return None
    return max(found, key=lambda t: (t.end - t.start, -t.start))


def timex_dict(timex: Timex) -> dict[str, Any]:
    """The contract's JSON object of a timex (text, start, end, type, value, mod)."""
    return asdict(timex)
