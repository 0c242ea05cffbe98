"""The events stage: candidates from the parse, typed by the trained model, resolved to participants, dated
and placed, merged so that one happening told twice in a sentence ("the assassination of X, who was killed
near Y") is one event."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline.events import model as typing_model
from dateline.events.detect import (
    Candidate,
    candidates,
    expand,
    fallback,
    is_verb,
    recode,
    speech_head,
    subject_of,
)
from dateline.events.lexicon import Lexicon, lexicon
from dateline.events.participants import FIRST_PERSON, Resolver
from dateline.events.when import Dates
from dateline.events.where import clause_place, dateline_place
from dateline.records import Article, Entity, Event, Participant, Place, Quote, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: The model overrides the lexicon's type when it gives that type less than this and another more than that.
OVERRIDE_BELOW = 0.2
OVERRIDE_ABOVE = 0.5
#: How sure the model must be to guess an event in a sentence whose rules coded none, and what share of
#: that certainty the guess's confidence gets (a guess ranks below a rule-found event).
GUESS_MIN = 0.5
GUESS_WEIGHT = 0.6
#: Whether a guess needs a named doer and a named recipient (entities of the actors stage), not just nouns.
GUESS_NAMED = False
GUESS_STATUSES = frozenset({"ok", "willing"})
#: Subject pronouns that reported speech makes its speaker ("X said it had ...").
THIRD_PERSON = frozenset({"he", "she", "it", "they"})
#: Date check for a visit: the place must be abroad for the actor.
VISIT_LEMMAS = frozenset({"arrive", "visit"})


@dataclass
class Draft:
    type: str
    mode: str | None
    sent: Span
    confidence: float
    actor: list[Participant] = field(default_factory=list)
    recipient: list[Participant] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    place: Place | None = None
    trigger: int = 0
    #: Typed by the model alone, without a rule's trigger.
    guessed: bool = False
    #: The clause's status and whether the trigger is a noun, for the confidence.
    status: str = "ok"
    nominal: bool = False


def _agrees(pronoun: str, entity_type: str) -> bool:
    """Whether a third-person pronoun can stand for an entity of a type."""
    if pronoun in ("he", "she"):
        return entity_type == "PERSON"
    return entity_type != "PERSON"


def _key(p: Participant) -> str:
    return p.entity or p.name.casefold()


def _dedupe(ps: list[Participant]) -> list[Participant]:
    seen: set[str] = set()
    out = []
    for p in ps:
        k = _key(p)
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out


class Coder:
    """Codes one article's events."""

    def __init__(self, article: Article, doc: Doc, entities: list[Entity], timexes: list[Timex],
                 quotes: list[Quote]) -> None:  # fmt: skip
        self.article = article
        self.doc = doc
        self.lex: Lexicon = lexicon()
        self.res = Resolver(doc, entities, quotes)
        self.dates = Dates(doc, timexes, article.published)
        self.stops = {a.first for a in self.dates.items}
        for t in timexes:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None:
                self.stops.add(span.start)
        self._dateline: Place | bool | None = False
        self.model = typing_model.load()
        self.sent_starts = [s.start_char for s in doc.sents]
        self.quoted = sorted((q.start, q.end) for q in quotes if q.where == "body" and q.kind != "indirect")

    def dateline(self) -> Place | None:
        if self._dateline is False:
            self._dateline = dateline_place(self.article.dateline, self.res)
        return self._dateline if isinstance(self._dateline, Place) else None

    def run(self) -> list[Event]:
        drafts: list[Draft] = []
        for sent in sentences(self.doc):
            cands = candidates(sent, self.lex, self.stops)
            found: list[Draft] = []
            if cands:
                found = self.code_sentence(sent, cands)
            found.extend(self.accusations(sent))
            if not found and self.model is not None:
                guess = self.guess(sent, cands)
                if guess is not None:
                    found.append(guess)
            drafts.extend(found)
        return [self.event(i, d) for i, d in enumerate(drafts)]

    def code_sentence(self, sent: Span, cands: list[Candidate]) -> list[Draft]:
        by_token = {c.trigger.i: c for c in cands}
        triggers = set(by_token)
        # An intention under a promise is the promise's content: "pledged that X will stand by Y".
        for c in cands:
            if c.status == "willing" and c.type not in ("AGREE",):
                for a in c.trigger.ancestors:
                    if a.i in by_token and by_token[a.i].type == "AGREE":
                        c.status, c.governor = "governed", a
                        break
        for c in cands:
            if c.status == "governed" and c.governor is not None and c.governor.i in by_token:
                outer = by_token[c.governor.i]
                if not outer.recipients:
                    outer.recipients = c.recipients or [
                        a for a in c.actors if a.head.i not in outer_heads(outer)
                    ]
        out: list[Draft] = []
        for c in cands:
            if not recode(c, self.lex):
                continue
            out.extend(self.drafts(sent, c, triggers))
        return merge(out)

    def drafts(self, sent: Span, c: Candidate, triggers: set[int]) -> list[Draft]:
        res = self.res
        actors = [p for p in (res.participant(a) for a in c.actors) if p is not None]
        recips = [p for p in (res.participant(a) for a in c.recipients) if p is not None]
        speaker = res.speaker_at(c.trigger.idx)
        if speaker is not None:
            if any(a.head.lower_ in FIRST_PERSON for a in c.actors):
                actors = [res.from_entity(speaker)]
            if any(a.head.lower_ in FIRST_PERSON for a in c.recipients):
                recips = [res.from_entity(speaker)]
        if not actors and any(a.head.lower_ in THIRD_PERSON for a in c.actors):
            actors = self.reported_doer(c, sent, speaker)
        type_, mode, conf = self.typed(c, sent, bool(actors), bool(recips))
        if type_ == "NONE":
            return []
        heads = [a.head for a in c.actors + c.recipients]
        place = clause_place(c.trigger, self.lex, res, triggers - {c.trigger.i}) or clause_place(
            c.trigger, self.lex, res, triggers, heads
        )
        lemma = c.trigger.lemma_.lower()
        if type_ == "CONSULT" and mode == "visit":
            if not recips and place is not None and place.country:
                home = {p.country for p in actors}
                if place.country in home:
                    return []
                recips = [res.country_participant(place.country)]
            if lemma == "arrive" and not recips:
                return []
        if not actors and not recips:
            return []
        if all(res.is_thing(p) for p in actors + recips):
            return []  # "the need", "their hair": no actor takes part
        if self.in_quote(c.trigger.idx) and not self.named_in_quote(actors, recips, speaker, c.nominal):
            return []  # said, not told: in quoted words only a named party makes a report of a happening
        if type_ == "CONSULT" and mode != "visit" and recips:
            actors, recips = actors + recips, []
        actors = _dedupe(actors)
        recips = [r for r in _dedupe(recips) if _key(r) not in {_key(a) for a in actors}]
        if type_ == "CONSULT" and len(actors) < 2 and not recips:
            conf *= 0.6
        d = Draft(
            type_, mode, sent, conf, actors, recips, trigger=c.trigger.i, status=c.status, nominal=c.nominal
        )
        self.date(d, c, sent, triggers)
        d.place = place or self.default_place(c, d)
        if c.separately and type_ == "CONSULT" and len(actors) > 2:
            first_actor = actors[0]
            return [
                Draft(
                    type_, mode, sent, conf, [first_actor, other], [], d.date, d.date_text, d.place, d.trigger
                )
                for other in actors[1:]
            ]
        return [d]

    def guess(self, sent: Span, cands: list[Candidate]) -> Draft | None:
        """The model's reading of a sentence the rules coded nothing in: its most probable type for the
        trigger (or, without one, the main verb) with the surest reading, when a told-as-done clause has a
        named doer and someone it is done to. Its confidence is the model's, discounted."""
        assert self.model is not None
        pool = [c for c in cands if c.status in GUESS_STATUSES]
        if not pool:
            fb = fallback(sent, self.lex)
            pool = [fb] if fb is not None and fb.status in GUESS_STATUSES else []
        best: tuple[float, str, Candidate] | None = None
        for c in pool:
            probs = self.model.predict(typing_model.features(c, sent), typing_model.vector(c.trigger, sent))
            t = max(probs, key=lambda k: probs[k])
            if best is None or probs[t] > best[0]:
                best = (probs[t], t, c)
        if best is None or best[0] < GUESS_MIN:
            return None
        p, type_, c = best
        if type_ == "YIELD":
            type_ = "RETREAT" if c.entry.mode else "CONCEDE"
        res = self.res
        actors = [x for x in (res.participant(a) for a in c.actors) if x is not None]
        recips = [x for x in (res.participant(a) for a in c.recipients) if x is not None]
        if GUESS_NAMED and not (any(a.entity for a in actors) and any(r.entity for r in recips)):
            return None
        if not actors or not recips or all(res.is_thing(x) for x in actors + recips):
            return None
        if not any(a.entity for a in actors) and self.in_quote(c.trigger.idx):
            return None
        if type_ == "CONSULT":
            actors, recips = _dedupe(actors + recips), []
        d = Draft(type_, None, sent, round(GUESS_WEIGHT * p, 3), _dedupe(actors), _dedupe(recips),
                  trigger=c.trigger.i, guessed=True, status=c.status, nominal=c.nominal)  # fmt: skip
        self.date(d, c, sent, {c.trigger.i})
        d.place = clause_place(c.trigger, self.lex, res, set()) or self.default_place(c, d)
        return d

    def reported_doer(self, c: Candidate, sent: Span, speaker: Entity | None) -> list[Participant]:
        """Who "it" or "they" is in reported speech: the one who says it ("the military said it had seized
        X", "the authorities say they have opened an inquiry"), when the pronoun can stand for them."""
        pron = next(a.head.lower_ for a in c.actors if a.head.lower_ in THIRD_PERSON)
        t = c.trigger
        verb = t if is_verb(t) else t.head if t.dep_ == "dobj" else t.head.head if t.dep_ == "pobj" else t
        sh = speech_head(verb, self.lex)
        if sh is None or self.in_quote(t.idx):  # in quoted words "they" is not the speaker
            return []
        if speaker is not None and _agrees(pron, speaker.type):
            return [self.res.from_entity(speaker)]
        s = subject_of(sh)
        if s is None or s.pos_ == "PRON":
            return []
        plural = s.tag_ in ("NNS", "NNPS") or any(x.dep_ == "conj" for x in s.children)
        if pron == "they" and not plural and s.ent_type_ not in ("ORG", "GPE", "NORP"):
            return []
        doers = [self.res.participant(a) for a in expand(s, self.stops, sent.end)]
        out = [p for p in doers if p is not None and not self.res.is_thing(p)]
        ents = [self.res.by_id.get(p.entity) for p in out if p.entity]
        if any(e is not None and not _agrees(pron, e.type) for e in ents):
            return []
        return out

    @staticmethod
    def named_in_quote(
        actors: list[Participant], recips: list[Participant], speaker: Entity | None, nominal: bool
    ) -> bool:
        """Whether an event in quoted words names its doer, or, for a noun that names a happening ("the
        assassination of General X", "the sanctions we suffered"), someone it was done to; a verb's event
        done to the speaker alone is the speaker's telling ("everyone who supports me")."""
        if any(p.entity for p in actors):
            return True
        return any(p.entity and (nominal or speaker is None or p.entity != speaker.id) for p in recips)

    def in_quote(self, char: int) -> bool:
        """Whether a character lies in quoted words (a direct or mixed quote) of the article's body."""
        return any(s <= char < e for s, e in self.quoted)

    def typed(
        self, c: Candidate, sent: Span, has_actor: bool, has_recipient: bool
    ) -> tuple[str, str | None, float]:
        """Type and mode from the model (which reads the lexicon's type among its features), else the
        lexicon's; a confidence for either."""
        type_, mode = c.type, c.mode
        conf = 0.55 + 0.15 * has_actor + 0.15 * has_recipient - 0.1 * c.nominal
        if self.model is not None and c.status in ("ok", "willing"):
            probs = self.model.predict(typing_model.features(c, sent), typing_model.vector(c.trigger, sent))
            best = max(probs, key=lambda k: probs[k])
            p = probs[best]
            if best == "YIELD":
                best = type_ if type_ in ("CONCEDE", "RETREAT") else "RETREAT" if c.entry.mode else "CONCEDE"
            lex_p = probs.get("YIELD" if type_ in ("CONCEDE", "RETREAT") else type_, 0.0)
            # The lexicon's type stands unless the model finds it unlikely and is sure of another; a noun
            # ("the assassination of X") names its event outright, whatever the clause around it says.
            unlikely = lex_p < OVERRIDE_BELOW and p > OVERRIDE_ABOVE
            overridable = c.type == "NONE" or (not c.nominal and unlikely)
            if best != type_ and overridable:
                type_, mode = best, None
            else:
                p = max(lex_p, 0.3)
            conf = 0.4 * conf + 0.6 * p
        if mode is None:
            mode = self.mode_from_words(type_, c, sent)
        return type_, mode, round(min(conf, 0.99), 3)

    def mode_from_words(self, type_: str, c: Candidate, sent: Span) -> str | None:
        words = self.lex.mode_words.get(type_)
        if not words:
            return None
        near = [c.trigger, *c.trigger.children]
        for t in near:
            m = words.get(t.lemma_.lower()) or words.get(t.lower_)
            if m:
                return m
        return None

    def date(self, d: Draft, c: Candidate, sent: Span, triggers: set[int]) -> None:
        a = self.dates.for_event(c.trigger, triggers, sent.start, sent.end)
        if a is not None:
            d.date, d.date_text = a.date, a.timex.text
            return
        if self.background(c):
            return
        d.date, d.date_text = self.dates.context(sent.start_char, self.paragraph_start(sent))

    def paragraph_start(self, sent: Span) -> int:
        """Where the sentence's paragraph starts, but no more than two sentences back (for texts that run
        their paragraphs together)."""
        starts = self.sent_starts
        i = bisect.bisect_left(starts, sent.start_char)
        window = starts[max(0, i - 2)] if starts else 0
        return max(self.doc.text.rfind("\n", 0, sent.start_char) + 1, window)

    def background(self, c: Candidate) -> bool:
        """An aside that carries no time of its own: a nominal event not tied to the clause, or a past
        perfect ("had met"), is not dated by the report's running date."""
        t = c.trigger
        if any(x.dep_ == "aux" and x.lemma_ == "have" and x.tag_ == "VBD" for x in t.children):
            return True
        if c.nominal:
            anchored = (t.dep_ == "pobj" and t.head.lower_ in ("during", "at", "in")) or t.dep_ == "dobj"
            return not anchored
        return False

    def default_place(self, c: Candidate, d: Draft) -> Place | None:
        """The dateline, for events of the report's own days (not background ones)."""
        if d.date is None or self.dates.published is None:
            return None
        if len(d.date) != 10 or d.date > self.dates.published:
            return None
        if d.date < _days_before(self.dates.published, 7):
            return None
        return self.dateline()

    def accusations(self, sent: Span) -> list[Draft]:
        """Reported speech that charges a third party with a hostile act is that speaker's ACCUSE."""
        out: list[Draft] = []
        words = self.lex.accusation_words
        for tok in sent:
            if tok.lemma_.lower() not in words:
                continue
            speaker = self.res.speaker_at(tok.idx)
            if speaker is None:
                continue
            target = self.accused(sent, tok, speaker)
            if target is None:
                continue
            d = Draft("ACCUSE", "allege", sent, 0.6, [self.res.from_entity(speaker)], [target], trigger=tok.i)
            d.date, d.date_text = self.dates.context(sent.start_char, self.paragraph_start(sent))
            own = self.dates.in_sentence(sent.start, sent.end)
            if own:
                d.date, d.date_text = own[0].date, own[0].timex.text
            out.append(d)
        return merge(out)

    def accused(self, sent: Span, tok: Token, speaker: Entity) -> Participant | None:
        """The party charged: one named in the subject of the clause the hostile word sits in ("the U.S.'s
        presence is aimed at looting"), or in the object a charge is laid on ("exposed X as sponsors")."""
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return None
        zones = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(a.dep_ == "prep" and a.lower_ == "as" for a in tok.ancestors):
            zones += [c for c in verb.children if c.dep_ == "dobj"]
        for z in zones:
            start, end = z.left_edge.idx, z.right_edge.idx + len(z.right_edge)
            for _s, _e, ent in self.res.mentions_in(start, end):
                if ent.id == speaker.id or ent.type not in ("GPE", "ORG", "NORP"):
                    continue
                if ent.country is not None and ent.country == speaker.country:
                    continue
                return self.res.from_entity(ent)
        return None

    def event(self, i: int, d: Draft) -> Event:
        s = d.sent
        return Event(
            id=f"v{i + 1}", type=d.type, sentence=s.text, start=s.start_char, end=s.end_char,
            confidence=d.confidence, mode=d.mode, actor=d.actor, recipient=d.recipient, date=d.date,
            date_text=d.date_text, place=d.place,
        )  # fmt: skip


def outer_heads(c: Candidate) -> set[int]:
    return {a.head.i for a in c.actors}


def merge(drafts: list[Draft]) -> list[Draft]:
    """One event per type and set of participants in a sentence (a telling whose participants are a subset
    of another's is the same event); the parts fill each other's gaps."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda x: -len(x.actor + x.recipient)):
        keys = {_key(p) for p in d.actor + d.recipient}
        twin = next(
            (
                o
                for o in out
                if o.type == d.type and keys and keys <= {_key(p) for p in o.actor + o.recipient}
            ),
            None,
        )
        if twin is None:
            out.append(d)
            continue
        if d.date and (twin.date is None or len(d.date) > len(twin.date)):
            twin.date, twin.date_text = d.date, d.date_text
        twin.place = twin.place or d.place
        twin.mode = twin.mode or d.mode
        twin.confidence = max(twin.confidence, d.confidence)
    out.sort(key=lambda x: x.trigger)
    return out


def sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, rejoined where the parser cut one inside a line without a full stop ("... Council
    (SNSC) | Ali Shamkhani and ..."), so that a list of names is not split from its verb."""
    out: list[Span] = []
    sents = list(doc.sents)
    start = None
    for k, s in enumerate(sents):
        if start is None:
            start = s.start
        words = [t for t in s if not t.is_space]
        last = words[-1].text if words else "."
        nxt = sents[k + 1] if k + 1 < len(sents) else None
        joined = (
            nxt is not None
            and last[-1] not in '.!?"”’:;'
            and not s[-1].is_space
            and "\n" not in doc.text[s.end_char : nxt.start_char + 1]
            and not s.text_with_ws.endswith("\n")
        )
        if not joined:
            out.append(doc[start : s.end])
            start = None
    return out


def _days_before(day: str, n: int) -> str:
    from datetime import date, timedelta

    try:
        return (date.fromisoformat(day) - timedelta(days=n)).isoformat()
    except (ValueError, OverflowError):  # "0001-01-03": no week before it
        return day


def code(
    article: Article, doc: Doc, entities: list[Entity], timexes: list[Timex], quotes: list[Quote]
) -> list[Event]:
    return Coder(article, doc, entities, timexes, quotes).run()
