"""Speaker resolution: from the speaker as written ("he", "the president", "Rouhani") to an actor.

The actors stage knows best: its entities carry every mention, pronouns and titles included, so
the entity whose mention overlaps the speaker's head word wins. Without one, a light fallback that
only answers when the text makes it clear: a name is matched to the fullest name the article gives
it, "he"/"she" to the person last named as the subject of a sentence before the quote, "the
minister" to the person last named with that title. Otherwise the speaker stays unknown.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from dateline import nlp
from dateline.records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from dateline.quotes.attribution import Found

_POSSESSIVE = re.compile(r"[’']s?$")
_RANK_WORDS = frozenset(["top", "the", "a", "an", "senior", "former", "chief"])
_PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
_TITLE_WORDS = re.compile(r"[A-Za-z][A-Za-z-]+")
#: Head nouns too vague to pick a person by ("official", "source"): they need the actors stage.
_VAGUE = frozenset(
    [
        "official",
        "officials",
        "source",
        "sources",
        "person",
        "people",
        "man",
        "woman",
        "spokesman",
        "spokeswoman",
    ]
)


class Resolver:
    """Resolves speakers of one text (the article body), with the article's entities."""

    def __init__(self, doc: Doc, entities: list[Entity]):
        self.doc = doc
        self.text = nlp.text(doc)
        self.entities = entities
        # Sorted by span alone: two entities can share a mention, and Entities do not compare.
        self._mentions: list[tuple[int, int, Entity]] = sorted(
            ((m[0], m[1], e) for e in entities for m in e.mentions if len(m) == 2), key=lambda m: (m[0], m[1])
        )
        self._mention_starts = [m[0] for m in self._mentions]
        self._persons: list[Span] | None = None
        self._starts: list[int] | None = None
        self._entity_at = _actors_entity_at()

    # ------------------------------------------------------------------ body speakers

    def resolve(self, f: Found) -> tuple[str | None, str] | None:
        """(entity id or None, canonical name) for an attributed span's speaker, or None."""
        if f.speaker is None or f.speaker_head is None:
            return None
        head = self.text[f.speaker_head[0] : f.speaker_head[1]]
        low = head.lower()
        if low in _PERSON_PRONOUNS:
            # "he said" after "The Syrian foreign minister described …": the subject chain of the
            # text is firmer evidence for a quote than the nearest name, so it is asked first.
            found = self._last_subject_person(f.speaker_head[0])
            if found is not None:
                return found
        for span in (f.speaker_head, f.speaker):
            e = self.entity_at(*span)
            if e is not None:
                return e.id, e.name
        phrase = self.text[f.speaker[0] : f.speaker[1]]
        if head[:1].isupper() and low not in ("i", "we", "they", "it"):
            name = self.canonical_name(head)
            if name is not None:
                return name
            if self._is_name(f.speaker_head):
                return None, self._name_phrase(f.speaker_head)
        if low.isalpha() and low not in _VAGUE and phrase.lower().startswith("the "):
            return self._by_title(phrase, f.speaker[0])
        return None

    def _is_name(self, span: tuple[int, int]) -> bool:
        k = bisect.bisect_left(self._tok_starts(), span[0])
        t = self.doc[k] if k < len(self.doc) else None
        return t is not None and t.pos_ == "PROPN" and t.ent_type_ in ("PERSON", "")

    def _name_phrase(self, span: tuple[int, int]) -> str:
        """A name as written at the quote, with the first names before it ("Ali Shamkhani")."""
        k = bisect.bisect_left(self._tok_starts(), span[0])
        t = self.doc[k]
        left = t.i
        while left > 0 and self.doc[left - 1].dep_ == "compound" and self.doc[left - 1].pos_ == "PROPN":
            left -= 1
        return self.doc[left : t.i + 1].text

    def entity_at(self, start: int, end: int) -> Entity | None:
        if not self.entities:
            return None
        if self._entity_at is not None:
            try:
                e = self._entity_at(self.entities, start, end)
            except Exception:  # the actors stage is another team's code; never let it sink a quote
                e = None
            if e is not None:
                return e
        k = bisect.bisect_left(self._mention_starts, end)
        best: Entity | None = None
        for s, e_, ent in reversed(self._mentions[max(0, k - 50) : k]):
            if s < end and start < e_ and (best is None or _type_rank(ent) > _type_rank(best)):
                best = ent
        return best

    # ------------------------------------------------------------------ fallbacks

    def persons(self) -> list[Span]:
        """PERSON names of the doc, in order (from the parse: the fallback has no other source)."""
        if self._persons is None:
            self._persons = [e for e in self.doc.ents if e.label_ == "PERSON"]
        return self._persons

    def canonical_name(self, name: str, persons_only: bool = False) -> tuple[str | None, str] | None:
        """An entity, or the fullest PERSON name in the text, that ends with the same word."""
        words = _POSSESSIVE.sub("", name).split()
        last = words[-1].lower() if words else ""
        if not last:
            return None
        for e in self.entities:
            if e.type == "PERSON" and e.name.split() and _same_last(e.name.split()[-1], last):
                return e.id, e.name
        for e in self.entities:
            if e.name.lower() == name.lower() and (e.type == "PERSON" or not persons_only):
                return e.id, e.name
        best = None
        for p in self.persons():
            words = _POSSESSIVE.sub("", p.text).split()
            if words and _same_last(words[-1], last) and (best is None or len(p.text) > len(best)):
                best = p.text
        return (None, best) if best else None

    def _last_subject_person(self, before: int) -> tuple[str | None, str] | None:
        """The person last named as the subject of a clause before `before`: in news copy "he said"
        continues the person the paragraph is about. Subjects that are titles ("the minister") count
        through the person last named with that title; other nouns and pronouns are passed over."""
        doc = self.doc
        if not len(doc):
            return None
        k = min(len(doc) - 1, bisect.bisect_left(self._tok_starts(), before))
        sent = doc[k].sent
        for _ in range(6):
            subjects = [
                t
                for t in doc[sent.start : min(sent.end, k)]
                if t.dep_ in ("nsubj", "nsubjpass") and t.idx < before and t.head.pos_ in ("VERB", "AUX")
            ]
            for t in reversed(subjects):
                if t.pos_ == "PROPN":
                    name = self.canonical_name(t.text, persons_only=True)
                    if name is not None:
                        return name
                elif t.pos_ == "NOUN" and t.lower_ not in _VAGUE:
                    phrase = doc[t.left_edge.i : t.i + 1].text
                    if phrase.lower().startswith("the "):
                        found = self._by_title(phrase, t.idx)
                        if found is not None:
                            return found
            if sent.start == 0:
                break
            k = sent.start
            sent = doc[sent.start - 1].sent
        return None

    def _tok_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = nlp.token_starts(self.doc)
        return self._starts

    def _by_title(self, phrase: str, before: int) -> tuple[str | None, str] | None:
        """A title as speaker ("the president", "the Syrian foreign minister"): the person last
        named with that title."""
        words = [w.lower() for w in _TITLE_WORDS.findall(phrase)]
        words = [w for w in words if w not in ("the", "a", "an", "for", "his", "her", "part")]
        if not words:
            return None
        head = words[-1]
        for p in reversed([p for p in self.persons() if p.start_char < before]):
            titles = {t.lower_ for t in self._title_before(p)} | {t.lower_ for t in p}
            if head in titles and (len(words) < 2 or words[-2] in titles):
                return self.canonical_name(p.text) or (None, p.text)
        return None

    def _title_before(self, p: Span) -> list[Token]:
        """The words of the title phrase right before a name ("secretary of Iran's Supreme National
        Security Council Ali Shamkhani"), stopping at a verb or clause punctuation."""
        out: list[Token] = []
        k = p.start - 1
        while k >= max(0, p.start - 12):
            t = self.doc[k]
            if t.pos_ in ("VERB", "AUX") or t.text in (",", ".", ";", ":", "“", "”", '"', "—", "\n\n"):
                break
            out.append(t)
            k -= 1
        return out

    # ------------------------------------------------------------------ headline speakers

    def resolve_phrase(self, phrase: str) -> tuple[str | None, str] | None:
        """A speaker written in a headline: a name, or a description ("top security official")
        matched to the person the body names with most of its words."""
        words = phrase.split()
        if not words:
            return None
        if words[-1][:1].isupper():
            return self.canonical_name(words[-1])
        want = {w.lower() for w in _TITLE_WORDS.findall(phrase)} - _RANK_WORDS - _VAGUE
        if not want:
            return None
        best, score = None, 0
        for p in self.persons():
            n = len(want & {t.lower_ for t in self._title_before(p)})
            if n > score:
                best, score = p, n
        if best is None:
            return None
        return self.canonical_name(best.text) or (None, best.text)


def _same_last(word: str, last: str) -> bool:
    """Whether a name's last word is the surname: "al-Mekdad" ends in "Mekdad"."""
    w = word.lower()
    return w == last or w.endswith("-" + last)


def _type_rank(e: Entity) -> int:
    return {"PERSON": 3, "ORG": 2, "NORP": 1}.get(e.type, 0)


def _actors_entity_at() -> Callable[[list[Entity], int, int], Entity | None] | None:
    """The actors stage's `entity_at(entities, start, end)`, when it has one."""
    try:
        from dateline import actors
    except ImportError:  # pragma: no cover
        return None
    return getattr(actors, "entity_at", None)
