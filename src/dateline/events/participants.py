"""Participants: an argument span resolved to the actors stage's entity, with country and sector.

An argument that names no entity ("the Syrian people and government") keeps its words as the name and takes
its country from a demonym or country name inside it and its sector from its head noun, using the actors
stage's lexicon, so every participant carries what the text says about it.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from dateline import nlp
from dateline.actors.lexicon import Lexicon as ActorLexicon
from dateline.actors.lexicon import lexicon as actor_lexicon
from dateline.events.detect import Arg, expand
from dateline.records import Entity, Participant, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Heads that count the actors their "of" names ("thousands of people", "dozens of protesters").
QUANTITIES = frozenset({"thousands", "hundreds", "dozens", "scores", "millions", "tens", "handful", "crowds"})
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PRIORITY = {"PERSON": 3, "ORG": 2, "GPE": 1, "NORP": 1}
#: Places an attack is told against with no one named ("the bombing of a French military base").
TARGET_NOUNS = frozenset({"base", "hotel", "building", "camp", "market", "vehicle", "car", "bus", "convoy",
                          "checkpoint", "station", "embassy", "office", "compound", "village", "town",
                          "mosque", "church", "school", "hospital", "prison", "airport", "port", "depot",
                          "airbase", "barracks", "headquarters", "outpost", "ship", "tanker",
                          "warehouse", "facility", "refinery", "bridge"})  # fmt: skip
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "i", "us",
                      "our", "my", "me", "who", "that", "which"})  # fmt: skip


#: Generic nouns that stand for an organisation named before ("the group", "the organization").
GENERIC_ORG_NOUNS = frozenset({"organization", "organisation", "group", "alliance", "movement", "militia"})
#: Nouns of documents and happenings, which take no part even when capitalised ("the Charter") or
#: qualified by a country ("the 1998 bombing of a Dutch naval base").
THING_NOUNS = frozenset({
    "charter", "treaty", "law", "act", "bill", "report", "resolution", "declaration", "constitution",
    "statement", "study", "agreement", "accord", "plan", "convention", "program", "programme", "strategy",
    "summit", "conference", "award", "prize", "bombing", "attack", "assault", "raid", "explosion", "blast",
    "crash", "fire", "war", "conflict", "violence", "election", "vote", "car", "vehicle", "plane", "aircraft",
    "base", "building", "hotel", "camp", "market", "flight", "flights", "import",
    "imports", "export", "exports", "role", "stability", "need", "end", "evidence", "case",
    "cases", "action", "selection", "creation", "proposal", "request", "demand", "demands",
})  # fmt: skip

#: Possessive pronouns, which the actors stage links to their owner.
POSSESSIVES = frozenset({"his", "her", "hers", "its", "their", "theirs"})


class Resolver:
    """Entity lookups by character offset for one article."""

    def __init__(self, doc: Doc, entities: list[Entity], quotes: list[Quote]) -> None:
        self.doc = doc
        self.text = nlp.text(doc)
        self._sentences: list[Span] | None = None
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
            if not contains and self.text[s:e].lower() in POSSESSIVES:
                continue  # "his supporters" are not him: a possessive only qualifies the head
            key = (PRIORITY.get(ent.type, 0) if not contains or ent.type == "PERSON" else 3, int(contains), s)
            if ent.type == "PERSON":
                key = (4, int(contains), s)
            if best_key is None or key > best_key:
                best, best_key = ent, key
        if best is None or (best.type != "PERSON" and best_key is not None and not best_key[1]):
            lead = self.delayed_name(head)
            if lead is not None:
                return self.from_entity(lead)
        named = self.appositive(head) if best is None or best.type != "PERSON" or not best_key else None
        if named is not None and (self.names_actor(head) or head.lower_ in self.lex.titles):
            return self.from_entity(named)  # "the court's president, Judge Joan Donoghue"
        if best is not None and best_key is not None and not best_key[1] and head.pos_ in ("NOUN", "PROPN"):
            # "Ghana's cocoa farmers", "Zambia's Supreme Court": the name only qualifies the head noun; when
            # that noun names an actor, the participant is the group, with the name's country.
            p = self.described(doc[arg.start : arg.end], head)
            if p is not None and (self.names_actor(head) or head.lemma_.lower() in TARGET_NOUNS):
                # ... and "a joint Peru-U.S. naval base" is the base, where an attack is told against it
                return Participant(p.name, None, p.country or best.country, p.sector or best.sector)
        if best is not None:
            return self.from_entity(best)
        if head.lower_ in PRONOUNS or head.pos_ == "PRON":
            return self.antecedent(head)
        other = self.generic_antecedent(head)
        if other is not None:
            return self.from_entity(other)
        p = self.described(doc[arg.start : arg.end], head)
        if p is not None and not self.actor_like(p, head):
            return self.thing(p)
        return p

    def thing(self, p: Participant) -> Participant:
        """Marks a participant as naming a thing or an idea."""
        self.things.add(id(p))
        self._things.append(p)
        return p

    def appositive(self, head: Token) -> Entity | None:
        """The person an appositive names for a description ("the court's president, Judge Joan
        Donoghue")."""
        for c in head.children:
            if c.dep_ != "appos":
                continue
            ent = self.entity_at(c.idx, c.idx + len(c))
            if ent is not None and ent.type == "PERSON":
                return ent
        return None

    def sentences(self) -> list[Span]:
        """The document's sentences, listed once (spaCy walks every token each time it is asked)."""
        if self._sentences is None:
            self._sentences = list(self.doc.sents)
        return self._sentences

    def antecedent(self, pron: Token) -> Participant | None:
        """A person pronoun the actors stage left unlinked, when one person only is named before it in its
        sentence ("the army removed Dlamini and jailed him"); a sentence-opening "they", the group the
        sentence before is about ("Thousands of Sudanese began protesting. They demanded reforms.")."""
        if pron.lower_ == "they":
            return self.group_before(pron)
        if pron.lower_ not in ("he", "him", "she") and not (
            pron.lower_ == "her" and pron.dep_ in ("dobj", "pobj")
        ):
            return None
        sent = pron.sent
        people = {
            e.id: e
            for s, _e, e in self.mentions_in(sent.start_char, pron.idx)
            if e.type == "PERSON" and s >= sent.start_char
        }
        if len(people) != 1:
            return None
        return self.from_entity(next(iter(people.values())))

    def group_before(self, pron: Token) -> Participant | None:
        """The plural subject of the sentence before, for "they" as the subject of a sentence's main verb;
        None when that subject is no group of actors (a thing, a pronoun, two parties)."""
        if pron.dep_ != "nsubj" or pron.head.dep_ != "ROOT":
            return None
        sents = self.sentences()
        k = next((i for i, s in enumerate(sents) if s.start <= pron.i < s.end), 0)
        if k == 0:
            return None
        root = sents[k - 1].root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            return None
        if not (subj.tag_ in ("NNS", "NNPS") or subj.lower_ in QUANTITIES or subj.like_num):
            return None
        args = expand(subj, set(), sents[k - 1].end)
        if len(args) != 1:
            return None  # "A and B ... They": two parties, not one group
        found = self.participant(args[0])
        return found if found is not None and not self.is_thing(found) else None

    def generic_antecedent(self, head: Token) -> Entity | None:
        """The organisation a definite generic noun stands for ("the organization", "the group", "his
        organization"): the one named last in the three sentences before."""
        if head.lower_ not in GENERIC_ORG_NOUNS:
            return None
        dets = [c for c in head.children if c.dep_ in ("det", "poss")]
        if not dets or dets[0].lower_ not in ("the", "this", "his", "her", "its", "their"):
            return None
        if any(
            c.dep_ in ("compound", "nmod", "nummod") or (c.dep_ == "prep" and c.lower_ == "of")
            for c in head.children
        ):
            return None
        sents = self.sentences()
        k = next((i for i, s in enumerate(sents) if s.start <= head.i < s.end), 0)
        lo = sents[max(0, k - 3)].start_char
        last = None
        for s, _e, ent in self.mentions_in(lo, head.idx):
            if (
                s >= lo
                and s < head.idx
                and ent.type == "ORG"
                and ent.sector != "GOV"
                and not self.lex.place(ent.name)
            ):
                last = ent
        return last

    def delayed_name(self, head: Token) -> Entity | None:
        """The person a lead's definite title stands for when the next sentence names them as its subject
        for the first time ("The U.N. special envoy for Syria is calling for ... Geir Pedersen issued his
        appeal Friday")."""
        if head.pos_ != "NOUN" or not (
            head.lower_ in self.lex.titles or head.lemma_.lower() in self.lex.title_heads
        ):
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        sents = self.sentences()
        if len(sents) < 2 or not (sents[0].start <= head.i < sents[0].end):
            return None
        nxt = sents[1]
        subj = next((t for t in nxt if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
        if subj is None:
            return None
        ent = self.entity_at(subj.idx, subj.idx + len(subj))
        if ent is None or ent.type != "PERSON" or min(m[0] for m in ent.mentions) < nxt.start_char:
            return None
        return ent

    def is_thing(self, p: Participant) -> bool:
        """Whether a participant names a thing or an idea rather than an actor."""
        return id(p) in self.things

    def actor_like(self, p: Participant, head: Token) -> bool:
        """Whether a participant that is no entity names an actor ("the police", "Syrian farmers"), not a
        thing or an idea ("the need", "their hair")."""
        lemma, low = head.lemma_.lower(), head.lower_
        if lemma in THING_NOUNS or low in THING_NOUNS:
            return False  # "the Charter", "the 1998 bombing": documents and happenings
        if p.country or p.sector:
            return True
        if head.pos_ == "PROPN" or self.name_like(head):
            return True
        from dateline.events.lexicon import lexicon

        nouns = lexicon().actor_nouns
        if low in QUANTITIES or lemma in QUANTITIES or head.like_num:  # "thousands of people": the people
            return any(
                o.lower_ in nouns or o.lemma_.lower() in nouns
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for o in c.children
                if o.dep_ == "pobj"
            )
        return low in nouns or lemma in nouns or low in self.lex.titles or lemma in self.lex.title_heads

    @staticmethod
    def name_like(head: Token) -> bool:
        """Whether a word the tagger took for a common noun is written as a name: an acronym ("ICE returned
        the paintings") or the first word of a capitalised name ("Jurisdiction for Peace ordered")."""
        text = head.text
        if text.isalpha() and text.isupper() and 2 <= len(text) <= 6:
            return True
        if not text[:1].isupper() or (head.i != head.sent.start and head.pos_ != "NOUN"):
            return False
        words = [t for t in head.subtree if t.is_alpha and not t.is_stop]
        return (
            len(words) >= 2
            and all(t.text[:1].isupper() for t in words)
            and any(t.i != head.sent.start for t in words)
        )

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
        while toks and (
            toks[0].is_quote
            or toks[0].lower_ in ("the", "a", "an", "some", "two", "three", "several", "many")
        ):
            toks = toks[1:]
        if not toks:
            return None
        # Quotation marks set off a word ("the \"illegal\" government"); they are no part of the name.
        text = " ".join("".join(t.whitespace_ if t.is_quote else t.text_with_ws for t in toks).split())
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
