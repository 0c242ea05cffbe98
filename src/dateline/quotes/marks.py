"""Quotation-mark spans: one linear pass over the marks, paragraph by paragraph.

Marks are paired within a paragraph, so an unbalanced mark can never swallow more than its own
paragraph. A paragraph that opens a quote and never closes it continues into the next paragraph
when that one opens with a mark again (the newswire convention for long quotes); each paragraph
of such a run is its own span, linked by `group`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Every character (or pair) that can open or close a quotation.
_MARK = re.compile(r"``|''|[\"“”„‟«»‹›‘’‚']")
_PARA = re.compile(r"[^\n]+")
_OPEN_DOUBLE = frozenset("“„‟«") | {"``"}
_CLOSE_DOUBLE = frozenset("”»")
#: Marks that open or close by context: straight double quotes and the typewriter pair ''.
_EITHER_DOUBLE = frozenset({'"', "''"})
#: Markup left in a text (<tweet author="…">): marks inside a tag are not quotation marks.
_TAG = re.compile(r"<[A-Za-z/][^<>\n]{0,300}>")
_OPEN_SINGLE = frozenset("‘‚‹")
_CLOSE_SINGLE = frozenset("’›")
_QUOTE_CHARS = frozenset("\"“”„‟«»‹›‘’‚'`")
#: An unclosed quote longer than this in its paragraph ends at its first sentence instead.
MAX_UNCLOSED = 400
_SENTENCE_END = re.compile(r"[.!?](?=\s)")


@dataclass
class Marked:
    """Text inside quotation marks: `start`/`end` exclude the marks, `open`/`close` include them."""

    start: int
    end: int
    open: int
    close: int
    closed: bool = True
    double: bool = True
    #: Spans of one multi-paragraph quotation share a group (the index of its first span).
    group: int = -1
    #: Set when the span lies inside another (a quotation within a quotation).
    nested: bool = False


def _is_word(c: str) -> bool:
    return c.isalnum()


def _classify(text: str, i: int, m: str) -> str | None:
    """'open', 'close', 'either' or None (an apostrophe) for the mark `m` at `i`."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + len(m)] if i + len(m) < len(text) else " "
    if m in _OPEN_DOUBLE:
        return "open"
    if m in _CLOSE_DOUBLE:
        return "close"
    if m in _EITHER_DOUBLE:
        if prev.isspace() or prev in "([{—–-/":
            return "open" if not nxt.isspace() else None
        if nxt.isspace() or not _is_word(nxt):
            return "close"
        return "either"
    # Single marks double as apostrophes: don’t, Syria’s, ’90s, rock ’n’ roll.
    if _is_word(prev) and _is_word(nxt):
        return None
    if m in _OPEN_SINGLE or m == "'":
        if (prev.isspace() or prev in '([{—–-/"“') and (_is_word(nxt) or nxt in '“"$£€'):
            if nxt.isdigit() and re.match(r"\d\ds\b", text[i + 1 : i + 4]):
                return None  # '90s
            return "open"
        if m == "'" and not _is_word(nxt):
            return "close"
        return None if m == "'" else "open"
    if m in _CLOSE_SINGLE:
        return "close" if not _is_word(nxt) else None
    return None


def find_marked(text: str) -> list[Marked]:
    """Spans inside quotation marks, in text order; double and single marks, curly and straight."""
    paragraphs = [(p.start(), p.end()) for p in _PARA.finditer(text)]
    out: list[Marked] = []
    pending_group: int | None = None  # a quote left open at the end of the previous paragraph
    for p_start, p_end in paragraphs:
        para = text[p_start:p_end]
        if not any(c in _QUOTE_CHARS for c in para):
            pending_group = None
            continue
        first = len(para) - len(para.lstrip())
        opens_para = para[first : first + 1] in _QUOTE_CHARS or para[first : first + 2] == "``"
        continues = pending_group is not None and opens_para
        pending_group = None
        tags = [(t.start(), t.end()) for t in _TAG.finditer(text, p_start, p_end)] if "<" in para else []
        dbl_open: int | None = None
        dbl_at = 0
        sgl_open: int | None = None
        para_spans: list[Marked] = []
        for mm in _MARK.finditer(text, p_start, p_end):
            i, m = mm.start(), mm.group()
            kind = _classify(text, i, m)
            if kind is None:
                continue
            if tags and any(a <= i < b for a, b in tags):
                continue
            double = m in _OPEN_DOUBLE or m in _CLOSE_DOUBLE or m in _EITHER_DOUBLE
            if double:
                if dbl_open is None:
                    if kind in ("open", "either"):
                        dbl_open, dbl_at = i + len(m), i
                        sgl_open = None
                    continue
                if (
                    kind == "open"
                    and m not in _EITHER_DOUBLE
                    and not (text[i - 1 : i].isalnum() or text[i - 1 : i] in ",.?!")
                ):
                    dbl_open, dbl_at = i + len(m), i  # a fresh opening: the earlier one was never closed
                    continue
                para_spans.append(Marked(dbl_open, i, dbl_at, i + len(m)))
                dbl_open = None
            elif dbl_open is None:
                if sgl_open is None:
                    if kind == "open":
                        sgl_open = i + len(m)
                    continue
                if kind == "close" or m == "'":
                    para_spans.append(Marked(sgl_open, i, sgl_open - 1, i + len(m), double=False))
                    sgl_open = None
        if dbl_open is not None:
            end = p_end
            nxt_para = text[p_end:].lstrip()
            goes_on = bool(nxt_para) and nxt_para[0] in "“\"«‘'`"
            if not goes_on and end - dbl_open > MAX_UNCLOSED:
                stop = _SENTENCE_END.search(text, dbl_open, p_end)
                end = stop.end() if stop else p_end
            para_spans.append(Marked(dbl_open, end, dbl_at, end, closed=False))
            if goes_on:
                pending_group = len(out) + len(para_spans) - 1
        if continues and para_spans and para_spans[0].open - p_start <= first:
            prev = out[-1]
            if prev.group < 0:
                prev.group = len(out) - 1
            para_spans[0].group = prev.group
        out.extend(para_spans)
    for s in out:
        s.start, s.end = _trim(text, s.start, s.end)
    out = [s for s in out if s.end > s.start]
    _mark_nested(out)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _mark_nested(spans: list[Marked]) -> None:
    outer_end = -1
    for s in spans:
        if s.close <= outer_end:
            s.nested = True
        else:
            outer_end = s.close
