"""Dates: the time expression that governs an event's clause, else the nearest one, else the context.

A timex belongs to the lowest trigger above it in the parse, so "the assassination of A earlier this year and
of B late in November" dates each killing by its own expression, and a background event with a time of its
own keeps it. An event with none takes the last day named before it (the paragraph's running date), else the
publication day, but only when it is told in the main clause of a report, not as a nominal aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.records import Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_VALUE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:$|T)")


def usable(value: str | None) -> str | None:
    """The contract's date form (YYYY-MM-DD, YYYY-MM, YYYY) of a TIMEX3 value, or None."""
    if not value:
        return None
    m = _VALUE.match(value)
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)


@dataclass
class Anchored:
    timex: Timex
    date: str
    root: Token
    first: int
    last: int
    #: Whether it dates a saying ("told reporters on Wednesday that ..."), not a happening.
    said: bool = False


class Dates:
    """The usable timexes of an article, each tied to its place in the parse."""

    def __init__(
        self, doc: Doc, timexes: list[Timex], published: str | None, speech: frozenset[str] = frozenset()
    ) -> None:
        self.items: list[Anchored] = []
        #: Time expressions that name no day, month or year ("in the last two weeks", "a few hours
        #: later", "recently"): an event they govern has no date of its own, and takes none from around it.
        self.vague: list[Token] = []
        for t in timexes:
            d = usable(t.value)
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            if d is None or t.type == "DURATION":
                if t.type == "DURATION" or (t.value or "").endswith("PAST_REF"):
                    self.vague.append(span.root)
                continue
            verb = next((h for h in span.root.ancestors if h.pos_ in ("VERB", "AUX")), None)
            said = verb is not None and verb.lemma_.lower() in speech
            self.items.append(Anchored(t, d, span.root, span.start, span.end, said))
        self.published = usable(published[:10]) if published else None

    def in_sentence(self, start: int, end: int) -> list[Anchored]:
        return [a for a in self.items if start <= a.first < end]

    def owner(self, a: Anchored, triggers: set[int]) -> Token | None:
        """The lowest trigger above a timex, or the first verb when no trigger governs it."""
        h = a.root
        verb: Token | None = None
        for _ in range(12):
            if h.head.i == h.i:
                break
            h = h.head
            if h.i in triggers:
                return h
            if verb is None and h.pos_ in ("VERB", "AUX"):
                verb = h
            if h.dep_ == "relcl":
                break  # "the miners, who were abducted last Friday": the time is the clause's own
        return verb

    def for_event(
        self, trigger: Token, triggers: set[int], sent_start: int, sent_end: int
    ) -> Anchored | None:
        """The timex that governs a trigger: its own, an ancestor's, or the nearest free one in the
        sentence."""
        items = self.in_sentence(sent_start, sent_end)
        if not items:
            return None
        depth = {t.i: k for k, t in enumerate(trigger.ancestors)}
        owned = [(a, self.owner(a, triggers)) for a in items]
        own = [a for a, o in owned if o is not None and o.i == trigger.i]
        if own:
            return own[0]
        # "has been raiding and shelling Malian posts since 2015": coordinated verbs share a time.
        shared = [a for a, o in owned if o is not None and o.dep_ == "conj" and o.head.i == trigger.i]
        if shared:
            return shared[0]
        up = [(depth[o.i], a) for a, o in owned if o is not None and o.i in depth]
        if up:
            return min(up, key=lambda x: x[0])[1]  # the time of the nearest clause above
        free = [a for a, o in owned if (o is None or o.i not in triggers) and not self.describes(a, trigger)]
        if free:
            return min(free, key=lambda a: abs(a.first - trigger.i))
        return None

    @staticmethod
    def describes(a: Anchored, trigger: Token) -> bool:
        """Whether a timex lies in a relative clause that does not hold the trigger ("the release of the
        girls, who were kidnapped last Friday"): it dates what the clause tells of its noun."""
        above = {t.i for t in trigger.ancestors} | {trigger.i}
        for h in [a.root, *a.root.ancestors]:
            if h.i in above:
                return False
            if h.dep_ in ("relcl", "acl"):
                return True
        return False

    def vague_for(self, trigger: Token, sent_start: int, sent_end: int) -> bool:
        """Whether a vague time expression governs the trigger: one of its own phrases, or one of the clause
        it is told in ("filed cases in the last two weeks", "was approved a few hours later")."""
        above = [trigger, *list(trigger.ancestors)[:2]]
        for v in self.vague:
            if not sent_start <= v.i < sent_end:
                continue
            h = v
            for _ in range(4):
                if h.head.i == h.i:
                    break
                h = h.head
                if h.pos_ in ("VERB", "AUX") or any(h.i == x.i for x in above):
                    break
            if any(h.i == x.i for x in above) and h.pos_ in ("VERB", "AUX", "NOUN"):
                return True
        return False

    def context(self, char: int, para_start: int, reported: bool = True) -> tuple[str | None, str | None]:
        """The running date before a character: a day named earlier in the same paragraph for a happening
        (for a happening not reported, not one that dates a saying: "told reporters on Wednesday"), else the
        latest day the report has named so far (its "today"), else the publication day."""
        local = None
        latest = None
        for a in self.items:
            if a.timex.start >= char:
                break
            if len(a.date) != 10 or (self.published is not None and a.date > self.published):
                continue
            if a.timex.start >= para_start and (reported or not a.said):
                local = a
            if latest is None or a.date >= latest.date:
                latest = a
        best = local or latest
        if best is not None:
            return best.date, best.timex.text
        return self.published, None
