"""Attributions in one parsed text: who says what, through which cue.

Two passes over a Doc. The first takes each span in quotation marks and looks for its cue right
after the closing mark (`"…," he said`, `"…," said X`) or right before the opening one
(`X said: "…"`); spans of one multi-paragraph quotation share their cue, and a paragraph that is
only a quotation with no cue of its own goes to the speaker of the quotation just before it.
The second takes every reporting verb that is left and reports its complement clause
(`X said (that) …`, `…, X said.`, `saying …`, `X pledged to …`, `describing X as …`,
`according to X, …`); a clause that embeds marked words is a mixed quote. Between them, a
paragraph that opens with a short name and a colon is a transcript turn (`CLINTON: …`).

The marks are found in one linear pass over the text; the parse is read only around the marks and
at reporting verbs, so the cost grows with the text, never with its square.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline import nlp
from dateline.quotes.lexicon import lexicon
from dateline.quotes.marks import _TAG, Marked, find_marked

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CONTENT = ("ccomp",)
_CLIMB = ("advcl", "conj", "xcomp", "dep", "pcomp")
_XCOMP_VERBS = frozenset(
    [
        "promise",
        "pledge",
        "vow",
        "urge",
        "ask",
        "tell",
        "warn",
        "threaten",
        "demand",
        "plead",
        "advise",
        "caution",
        "vow",
        "agree",
    ]
)
#: Verbs whose noun-phrase object is itself the statement ("announced his candidacy").
_NP_VERBS = frozenset(
    [
        "announce",
        "deny",
        "confirm",
        "reveal",
        "acknowledge",
        "admit",
        "repeat",
        "reiterate",
        "predict",
        "disclose",
        "tweet",
        "post",
        "report",
    ]
)
_REL_PRONOUNS = frozenset(["who", "which", "that", "whom"])
_NEGATION = frozenset(["not", "n't", "never"])
#: Words between a quotation and its cue that do not stop the search ("he later said", "has said").
_GAP_POS = frozenset(["PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "ADV", "PUNCT", "PART", "SPACE"])
_GAP_WORDS = frozenset(
    [
        "of",
        "'s",
        "’s",
        "has",
        "have",
        "had",
        "also",
        "would",
        "will",
        "later",
        "then",
        "once",
        "again",
        ",",
        "the",
    ]
)
#: A transcript turn: a paragraph opening with one to four capitalised words and a colon.
_TURN = re.compile(
    r"^[ \t]*(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}):[ \t]+(?P<body>\S[^\n]*)", re.M
)
#: Words that open a reported attribution besides the cue verbs: "described X as ...", "according to X".
DESCRIBE, ACCORDING = "describe", "according"
_NOT_SPEAKERS = frozenset(
    ["note", "editor's note", "editor’s note", "related", "source", "sources", "photo", "read more"]
)
_GAP_AUX = frozenset(["have", "will", "would", "do"])
_MAX_GAP = 12


#: A speaker phrase and its head word, as character spans.
Speaker = tuple[tuple[int, int], tuple[int, int]]
#: A cue: its token index, its speaker (when the parse gives one) and its text.
Cue = tuple[int, Speaker | None, str]


@dataclass
class Found:
    """One attributed content span (a fragment when the content is discontinuous)."""

    start: int
    end: int
    kind: str
    cue: str | None
    #: The speaker phrase as written, and its head word (the span the actors stage is asked about).
    speaker: tuple[int, int] | None = None
    speaker_head: tuple[int, int] | None = None
    floating: bool = False
    #: Fragments of one attribution share an id.
    attribution: int = -1
    #: Token index of the cue, for ordering and de-duplication.
    cue_i: int = -1


class _Context:
    """A Doc with its marked spans and the lookups the passes share."""

    def __init__(self, doc: Doc, marked: list[Marked] | None = None):
        self.doc = doc
        self.text = nlp.text(doc)
        self.marked = [m for m in (find_marked(self.text) if marked is None else marked) if not m.nested]
        self.marked_opens = [m.open for m in self.marked]
        self.tok_starts = nlp.token_starts(doc)
        self.lex = lexicon()
        self.used_cues: set[int] = set()
        #: Tokens that may start an attribution of their own (cut out of another's content).
        self.candidates: set[int] = set()
        self.attributed: list[Marked] = []
        self.next_id = 0
        #: Markup left in the text (<tweet author="…">): no cue inside it.
        self.tags = [(t.start(), t.end()) for t in _TAG.finditer(self.text)] if "<" in self.text else []

    def tok_at(self, char: int) -> int:
        """Index of the token that holds (or first follows) a character offset."""
        i = bisect.bisect_right(self.tok_starts, char) - 1
        if i < 0:
            return 0
        t = self.doc[i]
        if char >= t.idx + len(t.text) and i + 1 < len(self.doc):
            return i + 1
        return i

    def is_cue(self, t: Token) -> bool:
        """A reporting verb; a bare past participle ("the plan announced Monday") only with a subject."""
        if t.pos_ not in ("VERB", "AUX") or t.lemma_.lower() not in self.lex.verbs:
            return False
        return t.tag_ != "VBN" or _has_subject(t)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


def _has_subject(t: Token) -> bool:
    return any(c.dep_ in _SUBJ for c in t.children)


def _negated(t: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in _NEGATION for c in t.children)


def _speaker_of(v: Token) -> Speaker | None:
    """The subject phrase of a cue verb and its head word, climbing from "saying"/"adding" to the verb
    they hang on; the agent of a passive; the noun a relative clause hangs on."""
    t: Token | None = v
    for _ in range(4):
        if t is None:
            break
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and t.tag_ != "VBN":
            if subj.lower_ in _REL_PRONOUNS and t.dep_ == "relcl":
                head = t.head
                return _phrase(head, stop_at=t), (head.idx, head.idx + len(head.text))
            if subj.dep_ == "nsubjpass":
                agent = next((c for c in t.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                if pobj is None:
                    return None
                subj = pobj
            return _phrase(subj), (subj.idx, subj.idx + len(subj.text))
        if subj is not None:
            return _phrase(subj), (subj.idx, subj.idx + len(subj.text))
        if t.dep_ in _CLIMB and t.head is not t:
            # ", saying …" / ", adding …" hangs on the clause it follows; when that clause is the
            # content of a cue ("pledged that X will …, describing …"), the speaker is the cue's.
            if t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.dep_ == "ccomp" and t.head.head is not t.head:
                t = t.head.head
                continue
            t = t.head
        else:
            break
    return None


def _phrase(head: Token, stop_at: Token | None = None) -> tuple[int, int]:
    """The character span of a noun phrase: its subtree, cut before a clause hanging on it."""
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    if stop_at is not None:
        right = min(right, stop_at.left_edge.i - 1)
    for c in head.rights:
        if c.dep_ in ("relcl", "acl") or (c.dep_ == "punct" and c.text in '“"‘('):
            right = min(right, c.left_edge.i - 1)
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


class _Passes:
    def __init__(self, ctx: _Context):
        self.c = ctx
        self.found: list[Found] = []

    # ------------------------------------------------------------------ direct quotes

    def direct(self) -> None:
        c = self.c
        groups: dict[int, list[Marked]] = {}
        order: list[list[Marked]] = []
        for m in c.marked:
            if m.group >= 0:
                if m.group not in groups:
                    groups[m.group] = []
                    order.append(groups[m.group])
                groups[m.group].append(m)
            else:
                order.append([m])
        last: Found | None = None
        last_para_end = -1
        last_close = -1
        for run in order:
            cue = self._cue_after(run[-1]) or self._cue_before(run[0])
            if cue is None and len(run) > 1:
                cue = self._cue_after(run[0])
            if cue is None and last is not None and last.cue is not None:
                cue = self._same_speaker_goes_on(run[0], last, last_close)
            speaker: Speaker | None
            cue_text: str | None
            if cue is None:
                speaker = self._floating(run[0], last, last_para_end)
                if speaker is None:
                    continue
                cue_i, cue_text = -1, None
            else:
                cue_i, speaker, cue_text = cue
                c.used_cues.add(cue_i)
            aid = c.new_id()
            for m in run:
                f = Found(m.start, m.end, "direct", cue_text, attribution=aid, cue_i=cue_i)
                if speaker is not None:
                    f.speaker, f.speaker_head = speaker
                f.floating = cue is None
                self.found.append(f)
                c.attributed.append(m)
                last = f
            last_para_end = _para_end(c.text, run[-1].close)
            last_close = run[-1].close

    def _same_speaker_goes_on(self, m: Marked, last: Found, last_close: int) -> Cue | None:
        """`"A," he said. "B."`: a quotation that follows, in the same paragraph, the cue sentence of
        the one before goes on with its speaker."""
        text, doc = self.c.text, self.c.doc
        between = text[last_close : m.open]
        if not (0 < len(between) <= 200) or "\n" in between or last.cue_i < 0:
            return None
        if not re.search(r"[.,:;!?]\s*$", between) or not (last_close <= doc[last.cue_i].idx < m.open):
            return None
        speaker = (last.speaker, last.speaker_head) if last.speaker and last.speaker_head else None
        return last.cue_i, speaker, last.cue or ""

    def _floating(self, m: Marked, last: Found | None, last_para_end: int) -> Speaker | None:
        """A paragraph that is nothing but a quotation, right after a paragraph that ended in an
        attributed quotation with a known speaker, continues that speaker."""
        if last is None or last.speaker is None or last_para_end < 0 or not m.double:
            return None
        text = self.c.text
        p_start = _para_start(text, m.open)
        if text[p_start : m.open].strip() or text[last_para_end:p_start].strip():
            return None
        if text[m.close : _para_end(text, m.close)].strip(" \t,.;:!?\"”’'"):
            return None
        if m.close - m.open < 20:
            return None
        assert last.speaker_head is not None
        return last.speaker, last.speaker_head

    def _cue_after(self, m: Marked) -> Cue | None:
        """`"…," he said` / `"…," said X` / `"…" X added.`: a cue verb after the closing mark with
        only its subject (and adverbs) in between, whose own complement is not outside the marks."""
        c, doc = self.c, self.c.doc
        if not m.closed:
            return None
        i = c.tok_at(m.close)
        ended_sentence = c.text[m.end - 1 : m.end] in ".!?" if m.end > m.start else False
        n = 0
        j = i
        while j < len(doc) and n < _MAX_GAP:
            t = doc[j]
            if t.idx >= m.close and t.text in ("“", '"', "‘", "«") and j > i:
                return None
            if t.text in (".", ";", ":", "?", "!") and t.idx >= m.close:
                return None
            if c.is_cue(t) and not _negated(t):
                first = doc[i]
                if (
                    ended_sentence
                    and j > i
                    and first.is_title
                    and first.pos_ != "PROPN"
                    and first.lower_ != "he"
                ):
                    return None  # "…." The next sentence is a new one, not this quote's cue
                if self._own_content_outside(t, m) or self._fragment(m, t):
                    return None
                if t.lemma_.lower() == "ask" and _passive(t):
                    return None
                return t.i, _speaker_of(t), t.text
            gap_word = t.pos_ in _GAP_POS or t.lower_ in _GAP_WORDS
            if t.idx >= m.close and not gap_word and not (t.pos_ == "AUX" and t.lemma_ in _GAP_AUX):
                return None
            if t.idx >= m.close:
                n += 1
            j += 1
        return None

    def _own_content_outside(self, v: Token, m: Marked) -> bool:
        """The cue verb has a complement of its own outside the quotation (`“…” He said the …`);
        a complement inside another quotation (a parse that ran on into it) does not count."""
        inside = later = False
        for ch in v.children:
            if ch.dep_ not in ("ccomp", "xcomp"):
                continue
            if ch.idx < m.open or (ch.idx >= m.close and not self._in_marked(ch.idx)):
                return True
            inside = inside or m.open <= ch.idx < m.close
            later = later or ch.idx >= m.close
        # `“…”, adding, “…”`: a cue whose only complement is the next quotation introduces that one.
        return later and not inside

    def _in_marked(self, char: int) -> bool:
        k = bisect.bisect_right(self.c.marked_opens, char) - 1
        return k >= 0 and char < self.c.marked[k].close

    def _cue_before(self, m: Marked) -> Cue | None:
        """`X said: "…"`, `X told reporters, "…"`, `adding, "…"`, and a paragraph ending in a colon
        right before a paragraph that is a quotation."""
        c, doc, text = self.c, self.c.doc, self.c.text
        i = c.tok_at(m.open)
        if i >= len(doc):
            return None
        j = i - 1  # token i holds the opening mark
        p_start = _para_start(text, m.open)
        if not text[p_start : m.open].strip():
            # A quotation that opens its paragraph: the previous paragraph may end with "… said:".
            prev_end = p_start
            while prev_end > 0 and text[prev_end - 1].isspace():
                prev_end -= 1
            if prev_end > 0 and text[prev_end - 1] == ":":
                k = c.tok_at(prev_end - 1)
                return self._colon_cue(k, stop=_para_start(text, prev_end - 1))
            return None
        n = 0
        seen_colon = False
        sent_start = doc[i].sent.start if i < len(doc) else 0
        while j >= sent_start and j >= 0 and n < _MAX_GAP:
            t = doc[j]
            if t.idx < p_start:
                return None
            if any(mk.open <= t.idx < mk.close for mk in self.c.attributed[-3:]):
                j -= 1
                continue
            if t.text == ":":
                seen_colon = True
            if c.is_cue(t) and not _negated(t):
                if (t.lemma_.lower() == "ask" and _passive(t)) or self._fragment(m, t):
                    return None
                return t.i, _speaker_of(t), t.text
            if t.head.i > i and t.head.idx < m.close and not t.is_punct:
                return None  # a word of a phrase that runs into the quotation: a fragment, not a quote
            if t.pos_ in ("VERB", "AUX") or t.lower_ in ("that", "as", "if", "whether"):
                if seen_colon:
                    return self._colon_cue(j + 1 if doc[j + 1].text == ":" else j, stop=p_start)
                return None
            n += 1
            j -= 1
        if seen_colon:
            return self._colon_cue(c.tok_at(text.rfind(":", p_start, m.open)), stop=p_start)
        return None

    def _fragment(self, m: Marked, v: Token) -> bool:
        """The marked words are a phrase of the sentence around them (a title, a scare-quoted noun:
        `said on "Meet the Press"`, `Clinton's "judgment" and "honesty" are …`), not a quotation:
        their root hangs on a preposition, or is a short noun phrase that is not the cue's object."""
        doc, c = self.c.doc, self.c
        a, b = c.tok_at(m.start), c.tok_at(max(m.start, m.end - 1))
        words = sum(1 for t in doc[a : b + 1] if not t.is_punct)
        for k in range(a, min(b + 1, a + 60)):
            t = doc[k]
            if m.start <= t.head.idx < m.end or t.is_punct:
                continue
            if t.dep_ in ("pobj", "pcomp"):
                return True
            if t.head.i == v.i or t.dep_ in ("ROOT", "ccomp", "parataxis", "intj", "advcl", "xcomp"):
                return False
            if t.head.idx < m.open and t.head.sent == t.sent and not self._in_marked(t.head.idx):
                return True  # the words finish a clause begun before the quotation
            return words < 6 and t.pos_ not in ("VERB", "AUX")
        return False

    def _colon_cue(self, k: int, stop: int) -> Cue | None:
        """A colon before a quotation: the reporting verb of its clause, or a short name alone
        ("PENCE:")."""
        doc = self.c.doc
        if k >= len(doc) or doc[k].text != ":":
            return None
        sent = doc[k].sent
        for t in reversed(doc[sent.start : k]):
            if t.idx < stop:
                break
            if self.c.is_cue(t) and not _negated(t):
                return t.i, _speaker_of(t), t.text + ":"
        words = [t for t in doc[max(sent.start, 0) : k] if t.idx >= stop and not t.is_punct]
        if (
            0 < len(words) <= 4
            and any(t.pos_ == "PROPN" for t in words)
            and not any(t.pos_ in ("VERB", "AUX") for t in words)
        ):
            s, e = words[0].idx, words[-1].idx + len(words[-1].text)
            return k, ((s, e), (words[-1].idx, e)), ":"
        return None

    # ------------------------------------------------------------------ transcripts

    def transcript(self) -> None:
        """`CLINTON: Honestly, I …` / `Q: …` / `Matthews: …`: a paragraph that opens with a short name
        and a colon is that person's turn in a transcript or interview."""
        c = self.c
        taken = sorted((f.start, f.end) for f in self.found)
        for p in _TURN.finditer(c.text):
            name, start, end = p.group("name"), p.start("body"), p.end("body")
            if name.lower() in c.lex.labels or name.lower() in _NOT_SPEAKERS:
                continue
            toks = [t for t in c.doc[c.tok_at(p.start("name")) : c.tok_at(p.end("name") - 1) + 1]]
            if not (name.isupper() or all(t.pos_ == "PROPN" for t in toks)) or any(
                t.ent_type_ in ("GPE", "LOC", "NORP") for t in toks
            ):
                continue
            body = c.doc[c.tok_at(start) : c.tok_at(max(start, end - 1)) + 1]
            if len(body) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in body[:12]):
                continue  # a list or a label ("Ohio: Ann Lee, Bob Marsh, …"), not a turn
            k = bisect.bisect_left(taken, (start, 0))
            if (k < len(taken) and taken[k][0] < end) or (k > 0 and taken[k - 1][1] > start):
                continue
            s, e = _trim_chars(c.text, start, end)
            if e - s < 3:
                continue
            kind, s, e = self._kind(s, e)
            n_start = p.start("name")
            f = Found(s, e, kind, ":", attribution=c.new_id())
            f.speaker = f.speaker_head = (n_start, n_start + len(name))
            self.found.append(f)

    # ------------------------------------------------------------------ reported speech

    def reported(self) -> None:
        c, doc = self.c, self.c.doc
        quoted = sorted([(m.open, m.close) for m in c.attributed] + c.tags)
        tokens = [doc[i] for i in nlp.verb_indices(doc, also=(ACCORDING,))]
        c.candidates = {
            t.i
            for t in tokens
            if t.pos_ in ("VERB", "AUX")
            and (t.lemma_.lower() in c.lex.verbs or t.lemma_.lower() == DESCRIBE)
            and any(ch.dep_ in ("ccomp", "xcomp", "dobj", "prep") for ch in t.children)
        }
        starts = [a for a, _ in quoted]
        for t in tokens:
            if t.i in c.used_cues:
                continue
            k = bisect.bisect_right(starts, t.idx) - 1
            if k >= 0 and t.idx < quoted[k][1]:
                continue  # speech reported inside somebody's quotation is theirs, not the article's
            lemma = t.lemma_.lower()
            if t.lower_ == ACCORDING and t.dep_ == "prep":
                self._according(t)
                continue
            if t.pos_ not in ("VERB", "AUX") or _negated(t):
                continue
            if lemma == DESCRIBE:
                self._describe(t)
                continue
            if lemma not in c.lex.verbs:
                continue
            if lemma == "ask" and (_passive(t) or any(ch.lower_ == "about" for ch in t.children)):
                continue
            if t.tag_ == "VBN" and not _has_subject(t) and t.dep_ not in ("conj",):
                continue
            self._clause(t)

    def _clause(self, v: Token) -> None:
        c = self.c
        content = [ch for ch in v.children if ch.dep_ in _CONTENT]
        lemma = v.lemma_.lower()
        spans: list[tuple[int, int]] = []
        if content:
            after = [ch for ch in content if ch.i > v.i]
            ch = after[0] if after else content[0]
            if lemma == "explain" and ch.left_edge.tag_ in ("WRB", "WP", "WDT"):
                return  # "explained why …" names a topic, not a statement
            spans = [(ch.left_edge.i, ch.right_edge.i)]
            if ch.i > v.i:
                spans = [(max(ch.left_edge.i, v.i + 1), ch.right_edge.i)]
        elif v.dep_ == "parataxis" and _has_subject(v):
            head = v.head
            left, right = head.left_edge.i, head.right_edge.i
            vl, vr = v.left_edge.i, v.right_edge.i
            spans = [(left, vl - 1), (vr + 1, right)]
        elif lemma in _XCOMP_VERBS:
            x = next((ch for ch in v.children if ch.dep_ == "xcomp" and ch.i > v.i), None)
            if x is None:
                return
            obj = next((ch for ch in v.children if ch.dep_ == "dobj" and ch.i < x.i and ch.i > v.i), None)
            start = obj.left_edge.i if obj is not None and lemma not in ("tell", "ask") else x.left_edge.i
            spans = [(start, x.right_edge.i)]
        elif lemma in _NP_VERBS:
            obj = next((ch for ch in v.children if ch.dep_ == "dobj" and ch.i > v.i), None)
            if obj is None or (obj.pos_ == "PRON" and obj.lower_ not in ("this", "that")):
                return
            if (
                not any(ch.dep_ in ("nsubj", "nsubjpass") and ch.i < v.i for ch in v.children)
                and v.dep_ != "conj"
            ):
                return  # ", reported the Examiner": the object is the speaker, inverted
            spans = [(obj.left_edge.i, obj.right_edge.i)]
        else:
            return
        if lemma in c.lex.marked_only and not any(self._has_marks(a, b) for a, b in spans):
            return
        self._emit(v, spans, v.text)

    def _describe(self, v: Token) -> None:
        obj = next((ch for ch in v.children if ch.dep_ == "dobj"), None)
        as_ = next((ch for ch in v.children if ch.dep_ == "prep" and ch.lower_ == "as"), None)
        if obj is None or as_ is None:
            if obj is not None:
                as_ = next((ch for ch in obj.children if ch.dep_ == "prep" and ch.lower_ == "as"), None)
            if obj is None or as_ is None:
                return
        if self._has_marks(obj.left_edge.i, as_.right_edge.i):
            self._emit(v, [(obj.left_edge.i, as_.right_edge.i)], v.text)

    def _according(self, t: Token) -> None:
        """`according to X, …`, kept when X is a person: for organisations and polls it is a
        source, not a statement."""
        to = next((ch for ch in t.children if ch.lower_ == "to"), None)
        pobj = next((ch for ch in to.children if ch.dep_ == "pobj"), None) if to is not None else None
        if pobj is None or not (pobj.ent_type_ == "PERSON" or pobj.pos_ == "PRON"):
            return
        head = t.head
        if head.i == t.i:
            return
        left, right = head.left_edge.i, head.right_edge.i
        al, ar = t.left_edge.i, t.right_edge.i
        spans = [(left, al - 1), (ar + 1, right)]
        speaker = (_phrase(pobj), (pobj.idx, pobj.idx + len(pobj.text)))
        self._emit(t, spans, "according to", speaker=speaker)

    def _has_marks(self, a: int, b: int) -> bool:
        doc = self.c.doc
        s, e = doc[a].idx, doc[b].idx + len(doc[b].text)
        return any(m.start < e and s < m.end for m in self.c.marked)

    def _emit(
        self,
        v: Token,
        spans: list[tuple[int, int]],
        cue: str,
        speaker: Speaker | None = None,
    ) -> None:
        c, doc = self.c, self.c.doc
        if speaker is None:
            speaker = _speaker_of(v)
        pieces: list[tuple[int, int]] = []
        p_start, p_end = _para_start(c.text, v.idx), _para_end(c.text, v.idx)
        for a, b in spans:
            a, b = self._cut(v, a, b)
            if a > b:
                continue
            s, e = doc[a].idx, doc[b].idx + len(doc[b].text)
            s, e = _trim_chars(c.text, max(s, p_start), min(e, p_end))
            if e - s < 2 or not any(ch.isalnum() for ch in c.text[s:e]):
                continue
            # Content already taken by a direct quotation stays with it.
            if any(m.start <= s and e <= m.end + 1 for m in c.attributed):
                continue
            pieces.append((s, e))
        if not pieces:
            return
        aid = c.new_id()
        c.used_cues.add(v.i)
        for s, e in pieces:
            kind, s, e = self._kind(s, e)
            f = Found(s, e, kind, cue, attribution=aid, cue_i=v.i)
            if speaker is not None:
                f.speaker, f.speaker_head = speaker
            self.found.append(f)

    def _cut(self, v: Token, a: int, b: int) -> tuple[int, int]:
        """Cut a content token range before another attribution inside it (", adding …") and trim
        punctuation and joining words off its ends."""
        doc, c = self.c.doc, self.c
        for k in range(a, b + 1):
            t = doc[k]
            if (
                k != v.i
                and k > a
                and (
                    k in c.used_cues
                    or (k in c.candidates and t.dep_ in ("advcl", "conj") and t.head.i != v.i)
                )
            ):
                b = min(b, t.left_edge.i - 1) if t.left_edge.i > a else k - 1
                break
            for m in c.attributed:
                if m.open <= t.idx < m.close and k > a:
                    b = min(b, k - 1)
                    break
        if a <= v.i <= b:
            b = v.i - 1
        while b >= a and (
            (doc[b].is_punct and doc[b].text not in ("”", "’", '"', "'", ")"))
            or doc[b].lower_ in ("and", "but", "or", "while")
        ):
            b -= 1
        while a <= b and doc[a].is_punct and doc[a].text not in ("“", "‘", '"', "'", "("):
            a += 1
        return a, b

    def _kind(self, s: int, e: int) -> tuple[str, int, int]:
        """direct when every word is inside quotation marks (the span then loses the marks), mixed
        when some are, indirect when none are."""
        text = self.c.text
        inside = [m for m in self.c.marked if m.start < e and s < m.end]
        if not inside:
            return "indirect", s, e
        covered = 0
        for m in inside:
            covered += _words(text[max(s, m.start) : min(e, m.end)])
        words = _words(text[s:e])
        if words and covered >= words and len(inside) == 1:
            m = inside[0]
            return "direct", max(s, m.start), min(max(e, m.end), m.end)
        return "mixed", s, e


def _words(s: str) -> int:
    return sum(1 for w in s.split() if any(ch.isalnum() for ch in w))


def _passive(t: Token) -> bool:
    return any(ch.dep_ in ("auxpass", "nsubjpass") for ch in t.children)


def _trim_chars(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    if e > s and text[e - 1] == "." and not (e - 2 >= s and text[e - 2].isupper()):
        e -= 1
    # A closing mark without its opening one in the span is punctuation, not part of the content.
    if e > s and text[e - 1] in "”’\"'" and not any(ch in text[s : e - 1] for ch in "“‘\"'"):
        e -= 1
        while e > s and text[e - 1] in ",.;: ":
            e -= 1
    return s, e


def _para_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _para_end(text: str, i: int) -> int:
    e = text.find("\n", i)
    return len(text) if e < 0 else e


def attribute(doc: Doc) -> list[Found]:
    """Every attribution in the Doc, in text order."""
    ctx = _Context(doc)
    passes = _Passes(ctx)
    passes.direct()
    passes.transcript()
    passes.reported()
    return sorted(passes.found, key=lambda f: (f.start, f.end))
