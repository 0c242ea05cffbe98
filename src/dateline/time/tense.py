"""Whether the clause around a time expression looks forward or back.

News resolves a bare weekday or a year-less month to the most recent one, unless the clause is
about the future ("will meet on Friday", "is due to arrive on Monday", "plans to visit in March").
With a parsed Doc the verb that governs the expression decides; without one, cue words in the
same sentence do.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Tense = Literal["past", "future", "present"] | None

FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "’ll", "going", "gonna"})
MODAL_FORWARD = frozenset({"would", "should", "might", "may", "must", "can", "ca"})
#: Verbs that put their object ahead in time even in the past tense ("scheduled a meeting Thursday").
SCHEDULE_VERBS = frozenset({"schedule", "plan", "set", "slate", "reschedule", "postpone", "delay"})
PAST_AUX = frozenset({"had", "did", "was", "were"})
PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re", "’s", "’re"})
#: Verbs whose infinitive complement lies ahead ("expected to sign on Friday").
FORWARD_VERBS = frozenset(
    {
        "plan",
        "expect",
        "schedule",
        "set",
        "due",
        "intend",
        "hope",
        "aim",
        "prepare",
        "promise",
        "vow",
        "pledge",
        "threaten",
        "agree",
        "decide",
        "want",
        "seek",
        "try",
        "propose",
        "offer",
        "like",
        "wish",
        "begin",
        "start",
        "continue",
        "need",
        "have",
        "go",
        "slate",
        "poise",
    }
)

_SENT_END = re.compile(r"[.!?\n]")
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|won't|wo n't|going\s+to|is\s+to|are\s+to|scheduled|expected\s+to|plans?\s+to|"
    r"planned|due\s+to|set\s+to|intends?\s+to|upcoming|next|would)\b|'ll\b|’ll\b",
    re.I,
)
_PAST_CUE = re.compile(r"\b(?:was|were|had|did|said|told|ago|last|yesterday)\b|\b\w{3,}ed\b", re.I)


class TenseReader:
    """Reads the tense around character spans of one text, with or without its spaCy Doc."""

    def __init__(self, text: str, doc: Doc | None) -> None:
        self.text = text
        self.doc = doc if doc is not None and doc_matches(doc, text) else None
        self._starts: Any = None

    def token_at(self, char: int) -> Token | None:
        """The token that covers (or last starts before) a character offset."""
        if self.doc is None:
            return None
        if self._starts is None:
            self._starts = self.doc.to_array("IDX")
        i = int(self._starts.searchsorted(char, side="right")) - 1
        return self.doc[i] if 0 <= i < len(self.doc) else None

    def tense(self, start: int, end: int) -> Tense:
        """'future', 'past', 'present' or None (no clue) for the span [start, end)."""
        if self.doc is not None:
            got = self._doc_tense(start, end)
            if got is not None:
                return got
        return self._cue_tense(start, end)

    def _doc_tense(self, start: int, end: int) -> Tense:
        tok = self.token_at(max(start, end - 1))
        hops = 0
        while tok is not None and hops < 6:
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux":
                return _verb_tense(tok)
            if tok.head is tok:
                break
            tok = tok.head
            hops += 1
        return None

    def _cue_tense(self, start: int, end: int) -> Tense:
        text = self.text
        lo = max(0, start - 200)
        left = text[lo:start]
        cut = max((m.end() for m in _SENT_END.finditer(left)), default=0)
        left = left[cut:]
        right = text[end : end + 120]
        m = _SENT_END.search(right)
        right = right[: m.start()] if m else right
        window = left + " " + right
        if _FUTURE_CUE.search(window):
            return "future"
        if _PAST_CUE.search(window):
            return "past"
        return None


def doc_matches(doc: Doc, text: str) -> bool:
    """Whether a Doc was made from this text (checked cheaply: doc.text would rebuild the string)."""
    if len(doc) == 0:
        return not text.strip()
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(text) and text.startswith(doc[0].text, doc[0].idx)


def _verb_tense(verb: Token) -> Tense:
    """The tense of a clause from its head verb and that verb's auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = [a.lower_ for a in auxes]
    if any(a in FUTURE_AUX for a in lowers):
        return "future"
    if verb.lemma_.lower() in SCHEDULE_VERBS:
        return "future"
    if "to" in lowers or any(a.tag_ == "TO" for a in auxes):
        gov = verb.head
        if gov is not verb and gov.lemma_.lower() in FORWARD_VERBS:
            return "future"
        if gov is not verb and gov.tag_ in ("VBD", "VBN"):
            return "past"
        return "future"
    if any(a in MODAL_FORWARD for a in lowers):
        return "future"
    if any(a in PAST_AUX for a in lowers) or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if any(a in ("has", "have", "'ve", "’ve") for a in lowers):
        return "past"
    if verb.tag_ in ("VBD",):
        return "past"
    if verb.tag_ == "VBN":
        return "past"
    if verb.tag_ == "VBG" and any(a in PRESENT_BE for a in lowers):
        return "future"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ == "VB":
        return "future" if verb.dep_ in ("xcomp", "advcl", "ROOT") and not lowers else None
    return None
