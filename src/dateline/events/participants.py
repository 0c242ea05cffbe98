"""Participants: an argument span resolved to the actors stage's entity, with country and sector.

An argument that names no entity ("the Syrian people and government") keeps its words as the name and takes
its country from a demonym or country name inside it and its sector from its head noun, using the actors
stage's lexicon, so every participant carries what the text says about it.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from dateline.actors.lexicon import Lexicon as ActorLexicon
from dateline.actors.lexicon import lexicon as actor_lexicon
from dateline.events.detect import Arg
from dateline.records import Entity, Participant, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PRIORITY = {"PERSON": 3, "ORG": 2, "GPE": 1, "NORP": 1}
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "i", "us",
                      "our", "my", "me", "who", "that", "which"})  # fmt: skip
FIRST_PERSON = frozenset({"we", "i", "us", "our", "my", "me"})


#: Possessive pronouns, which the actors stage links to their owner.
POSSESSIVES = frozenset({"his", "her", "hers", "its", "their", "theirs"})


class Resolver:
    """Entity lookups by character offset for one article."""

    def __init__(self, doc: Doc, entities: list[Entity], quotes: list[Quote]) -> None:
        self.doc = doc
        self.lex: ActorLexicon = actor_lexicon()
        spans = []
        for e in entities:
            if e.type not in ACTOR_TYPES:
                continue
            for m in e.mentions:
                spans.append((m[0], m[1], e))
        spans.sort(key=lambda x: (x[0], x[1]))
        self.mentions = spans
        self.starts = [s[0] for s in spans]
        self.by_id = {e.id: e for e in entities}
        # Participants that name things, by id; the list keeps them alive so that no id is reused
        # by a later participant while this resolver lives (that made the output depend on memory).
        self.things: set[int] = set()
        self._things: list[Participant] = []
        self.quotes = sorted(
            ((q.start, q.end, q) for q in quotes if q.where == "body" and q.speaker_entity),
            key=lambda x: x[0],
        )

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        i = bisect.bisect_left(self.starts, start - 200)
        out = []
        while i < len(self.mentions) and self.mentions[i][0] < end:
            m = self.mentions[i]
            if m[1] > start:
                out.append(m)
            i += 1
        return out

    def entity_at(self, start: int, end: int) -> Entity | None:
        ms = self.mentions_in(start, end)
        if not ms:
            return None
        return max(ms, key=lambda m: (min(end, m[1]) - max(start, m[0]), -(m[1] - m[0])))[2]

    def speaker_at(self, char: int) -> Entity | None:
        """The speaker of the quote a character lies in, when the quotes stage resolved one."""
        for s, e, q in self.quotes:
            if s <= char < e and q.speaker_entity:
                return self.by_id.get(q.speaker_entity)
            if s > char:
                break
        return None

    def from_entity(self, e: Entity) -> Participant:
        return Participant(e.name, e.id, e.country, e.sector)

    def participant(self, arg: Arg) -> Participant | None:
        """The participant an argument names, or None for an unresolved pronoun or an empty span."""
        doc = self.doc
        head = arg.head
        start, end = doc[arg.start].idx, doc[arg.end - 1].idx + len(doc[arg.end - 1])
        ms = self.mentions_in(start, end)
        hs, he = head.idx, head.idx + len(head)
        best = None
        best_key: tuple[int, int, int] | None = None
        for s, e, ent in ms:
            if s < start - 0 and e <= start:
                continue
            contains = s <= hs and he <= e
            if not contains and doc.text[s:e].lower() in POSSESSIVES:
                continue  # "his supporters" are not him: a possessive only qualifies the head
            key = (PRIORITY.get(ent.type, 0) if not contains or ent.type == "PERSON" else 3, int(contains), s)
            if ent.type == "PERSON":
                key = (4, int(contains), s)
            if best_key is None or key > best_key:
                best, best_key = ent, key
        if best is not None and best_key is not None and not best_key[1] and head.pos_ == "NOUN":
            # "Cameroon's chicken sellers", "Kenya's High Court": the name only qualifies the head noun; when
            # that noun names an actor, the participant is the group, with the name's country.
            p = self.described(doc[arg.start : arg.end], head)
            if p is not None and self.names_actor(head):
                return Participant(p.name, None, p.country or best.country, p.sector or best.sector)
        if best is not None:
            return self.from_entity(best)
        if head.lower_ in PRONOUNS or head.pos_ == "PRON":
            return None
        p = self.described(doc[arg.start : arg.end], head)
        if p is not None and not self.actor_like(p, head):
            self.things.add(id(p))
            self._things.append(p)
        return p

    def is_thing(self, p: Participant) -> bool:
        """Whether a participant names a thing or an idea rather than an actor."""
        return id(p) in self.things

    def actor_like(self, p: Participant, head: Token) -> bool:
        """Whether a participant that is no entity names an actor ("the police", "Syrian farmers"), not a
        thing or an idea ("the need", "their hair")."""
        if p.country or p.sector or head.pos_ == "PROPN":
            return True
        from dateline.events.lexicon import lexicon

        lemma, low = head.lemma_.lower(), head.lower_
        nouns = lexicon().actor_nouns
        return low in nouns or lemma in nouns or low in self.lex.titles or lemma in self.lex.title_heads

    def names_actor(self, head: Token) -> bool:
        """Whether a common noun itself names an actor (sellers, court, lawyers, authorities), whatever
        qualifies it."""
        from dateline.events.lexicon import lexicon

        lemma, low = head.lemma_.lower(), head.lower_
        nouns = lexicon().actor_nouns
        words = (low, lemma)
        return any(w in nouns or w in self.lex.titles or w in self.lex.title_heads for w in words) or bool(
            self.lex.sector_words.get(lemma) or self.lex.sector_words.get(low)
        )

    def described(self, span: object, head: Token) -> Participant | None:
        """A participant that is no entity: its words, and the country and sector they give."""
        toks = list(span)  # type: ignore[call-overload]
        while toks and toks[0].lower_ in ("the", "a", "an", "some", "two", "three", "several", "many"):
            toks = toks[1:]
        if not toks:
            return None
        text = "".join(t.text_with_ws for t in toks).strip()
        if len(toks) > 12 or not any(t.is_alpha for t in toks):
            return None
        country = None
        for t in toks:
            d = self.lex.demonym(t.text)
            code = d[0] if d else self.lex.country_of_name(t.text)
            if code:
                country = code
                break
        sector = None
        sw = self.lex.sector_words.get(head.lemma_.lower()) or self.lex.sector_words.get(head.lower_)
        if sw:
            sector = sw[0]
        return Participant(text, None, country, sector)

    def country_participant(self, iso3: str) -> Participant:
        """A country as a participant (a visit's host), named as the article names it when it does."""
        name = self.lex.country_name.get(iso3, iso3)
        for _, _, e in self.mentions:
            if e.type == "GPE" and e.country == iso3 and self.lex.country_of_name(e.name) == iso3:
                return self.from_entity(e)
        return Participant(name, None, iso3, None)
