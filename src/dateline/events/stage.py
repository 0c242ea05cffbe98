"""The events stage: candidates from the parse, typed by the trained model, resolved to participants, dated
and placed, merged so that one happening told twice in a sentence ("the assassination of X, who was killed
near Y") is one event."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline import nlp
from dateline.config import env_float
from dateline.events import encoder
from dateline.events import model as typing_model
from dateline.events.detect import (
    FIRST_PERSON,
    Arg,
    Candidate,
    agent_of,
    candidates,
    expand,
    fallback,
    is_verb,
    light_verb_mood,
    pobjs,
    recode,
    refused_purpose,
    speech_head,
    subject_of,
)
from dateline.events.lexicon import Lexicon, lexicon
from dateline.events.participants import TARGET_NOUNS, Resolver
from dateline.events.when import Anchored, Dates
from dateline.events.where import clause_place, dateline_place
from dateline.quotes.marks import find_marked
from dateline.records import Article, Entity, Event, Participant, Place, Quote, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: How sure the model must be to guess an event in a sentence whose rules coded none, and what share of
#: that certainty the guess's confidence gets (a guess ranks below a rule-found event).
GUESS_MIN = 0.3
#: The typer types a trigger alone when it is at least this sure of its reading; the sentence classifier
#: reads only the triggers it is less sure of, which keeps the stage fast.
SURE = 0.7
#: ... and, for a sentence without a trigger, only when it is at least this sure of the main verb's reading:
#: below it the sentence most likely tells of no event (most sentences of a report), and the classifier's time
#: goes where it changes what is reported.
PLAUSIBLE = 0.5
#: Whether the classifier's NONE weighs on a two-word construction's reading too ("cut ties").
CONSTRUCTION_EVENTNESS = False
#: How much more the lexicon's type of a trigger weighs than the typer's other readings.
LEXICON_WEIGHT = 2.0
#: ... and the type of a trigger whose construction the rules decoded ("called for talks", "pledged that X
#: will stand by Y"): the typer must be much surer of another reading to change it.
CONSTRUCTION_WEIGHT = 10.0
#: How often a trigger word's own type is right when the typer agrees with it, for the confidence.
LEXICON_TRUST = 0.5
#: Prepositions that make a trigger noun the frame of its clause ("said during a meeting with X").
FRAMES = frozenset({"during", "at", "after", "before", "following", "ahead"})
#: Events less sure than this are not reported ($DATELINE_MIN_EVENT_CONFIDENCE changes it): most are the
#: model's guesses in sentences that tell of no event.
MIN_CONFIDENCE = 0.4
#: A clause the typer finds less likely than this to tell of any event (1 - P(NONE)) is not coded; above it,
#: the likelihood scales the event's confidence (0.3 to 0.7 moved VOA precision by 2 points at most).
EVENTNESS_MIN = 0.5
GUESS_WEIGHT = 0.6
#: How much the sentence classifier's reading weighs against the typer's in their product (`model.blend`).
SENTENCE_POWER = 1.0
#: Whether the classifier's reading of NONE (no event) weighs on the typer's as its types do.
BLEND_EVENTNESS = True
#: The further discount of a bare guess: a reading whose clause names no party the rules accept.
BARE_WEIGHT = 0.8
GUESS_STATUSES = frozenset({"ok"})
#: Types whose saying is the doing: a stance a speaker voices for their state is theirs (`voiced_by`).
VOICED = frozenset({"SUPPORT", "ACCUSE", "REJECT", "REQUEST", "THREATEN", "AGREE", "CONCEDE"})
#: Determiners that make an event noun a mention of one told before ("his appeal", "the talks").
BACK_POINTING = frozenset({"the", "this", "that", "his", "her", "its", "their"})
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
    #: The clause's status and whether the trigger is a noun, for the confidence.
    status: str = "ok"
    nominal: bool = False


def quoted_words(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """Character spans of the body's quoted words: a direct quote whole, a mixed quote only inside its marks
    (the rest is the reporter's paraphrase, as an indirect quote is)."""
    body = [q for q in quotes if q.where == "body" and q.kind != "indirect"]
    marked = find_marked(text) if any(q.kind == "mixed" for q in body) else []
    spans = [(q.start, q.end) for q in body if q.kind != "mixed"]
    spans.extend(
        (m.start, m.end) for q in body if q.kind == "mixed" for m in marked if q.start <= m.start < q.end
    )
    return sorted(spans)


def _agrees(pronoun: str, entity_type: str) -> bool:
    """Whether a third-person pronoun can stand for an entity of a type."""
    if pronoun in ("he", "she"):
        return entity_type == "PERSON"
    return entity_type != "PERSON"


def named(p: Participant) -> bool:
    """Whether a participant's words name something ("the rebel-held Ghouta region", not "blazes")."""
    return p.country is not None or any(w[:1].isupper() for w in p.name.split())


def _key(p: Participant) -> str:
    return p.entity or p.name.casefold()


def _among(ps: list[Participant], others: list[Participant]) -> bool:
    """Whether every party of `ps` is one of `others`, by entity or, where a mention was left unlinked, by
    name."""
    keys = {_key(q) for q in others} | {q.name.casefold() for q in others}
    return all(_key(p) in keys or p.name.casefold() in keys for p in ps)


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
        self.text = nlp.text(doc)
        self.lex: Lexicon = lexicon()
        self.res = Resolver(doc, entities, quotes)
        self.dates = Dates(doc, timexes, article.published, self.lex.speech_verbs)
        self.stops = {a.first for a in self.dates.items}
        for t in timexes:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None:
                self.stops.add(span.start)
        self._dateline: Place | bool | None = False
        self.model = typing_model.load()
        #: The sentence classifier's reading (label: probability) by trigger token, for the triggers the typer
        #: is unsure of.
        self.sentence_types: dict[int, dict[str, float]] = {}
        #: The sentence-wide features of each sentence's candidates (`typing_model.context`).
        self.context: dict[int, list[str]] = {}
        self.sent_starts = [s.start_char for s in self.res.sentences()]
        #: The typer's own reading of each trigger (by token) with what of the candidate its features read,
        #: reused while that stays the same: `unsure` reads every sentence's triggers before the coding does.
        self.seen: dict[int, tuple[tuple[object, ...], dict[str, float]]] = {}
        #: The main verb (`fallback`) of each trigger-less sentence, by its first token.
        self.main_verbs: dict[int, Candidate | None] = {}
        #: Whether each sentence (by index) tells of earlier times (`background_sentence`).
        self._background: dict[int, bool] = {}
        self.quoted = quoted_words(self.text, quotes)

    def dateline(self) -> Place | None:
        if self._dateline is False:
            self._dateline = dateline_place(self.article.dateline, self.res)
        return self._dateline if isinstance(self._dateline, Place) else None

    def run(self) -> list[Event]:
        drafts: list[Draft] = []
        per_sentence = self.sentence_candidates()
        if self.model is not None and encoder.available():
            asked = [(s, c) for s, cands in per_sentence for c in self.unsure(s, cands)]
            read = encoder.classify([typing_model.marked(c, s) for s, c in asked])
            if read is not None:
                labels, probs = read
                self.sentence_types = {
                    c.trigger.i: dict(zip(labels, map(float, p), strict=True))
                    for (_, c), p in zip(asked, probs, strict=True)
                }
        last: list[Draft] = []
        for sent, cands in per_sentence:
            found: list[Draft] = []
            if cands:
                found = self.code_sentence(sent, cands)
            found.extend(self.accusations(sent))
            if not found and self.model is not None:
                guess = self.guess(sent, cands)
                if guess is not None:
                    found.append(guess)
            found = [d for d in found if not self.advice(d) and not self.told_again(d, drafts, last)]
            drafts.extend(found)
            last = found
        floor = env_float("DATELINE_MIN_EVENT_CONFIDENCE", MIN_CONFIDENCE)
        drafts = [d for d in drafts if d.confidence >= floor]
        return [self.event(i, d) for i, d in enumerate(drafts)]

    def typer_inputs(self) -> list[tuple[Span, Candidate, list[str]]]:
        """What the typer reads in this article, before any coding: each sentence's told-as-done triggers, or
        a trigger-less sentence's main verb, with the sentence-wide features (for training and labelling)."""
        out: list[tuple[Span, Candidate, list[str]]] = []
        for sent, cands in self.sentence_candidates():
            pool = [c for c in cands if c.status == "ok"] or self.guess_pool(sent, cands)
            out.extend((sent, c, self.context[sent.start]) for c in pool)
        return out

    def sentence_candidates(self) -> list[tuple[Span, list[Candidate]]]:
        """Each sentence with the rules' candidates in it; their sentence-wide features go to `context`."""
        out = [
            (sent, candidates(sent, self.lex, self.stops))
            for sent in sentences(self.doc, self.res.sentences())
        ]
        for sent, cands in out:
            self.context[sent.start] = typing_model.context(cands, sent)
        return out

    def code_sentence(self, sent: Span, cands: list[Candidate]) -> list[Draft]:
        by_token = {c.trigger.i: c for c in cands}
        triggers = set(by_token)
        for c in cands:
            mood = light_verb_mood(c.trigger, self.lex) if c.status == "ok" else None
            if mood is not None:
                c.status = mood
            refused = refused_purpose(c.trigger, self.lex) if c.status == "hypothetical" else None
            if refused is not None:
                c.status, c.governor = "negated", refused
            if self.phoned(c):
                # "called the king on Saturday": "on" opens a date, so a call to whom was called (the
                # typer reads the call's type: a talk, or what the call was made to say)
                kids = list(c.trigger.children)  # a generator: read twice below
                objs = [x for x in kids if x.dep_ == "dobj"] or [x for x in kids if x.dep_ == "oprd"]
                c.recipients = [a for o in objs for a in expand(o, self.stops, sent.end)] or c.recipients
            if c.status == "ok" and c.type not in VOICED and self.described(c, sent):
                c.status = "hypothetical"  # a habit, and no guess either
            if c.status == "willing" and c.type != "CONSULT" and decided(c.governor, self.lex):
                # "has decided to lift sanctions": a decision made is done ("decided to meet" agrees to)
                c.status, c.governor = "ok", None
            head = by_token.get(c.trigger.head.i)
            if c.nominal and c.trigger.dep_ == "conj" and not c.actors and head is not None and head.nominal:
                c.actors = head.actors  # "expressed its rejection and condemnation of X": both the speaker's
        # An intention under a promise is the promise's content: "pledged that X will stand by Y".
        for c in cands:
            if c.status == "willing" and c.type not in ("AGREE",):
                for a in c.trigger.ancestors:
                    if a.i in by_token and by_token[a.i].type == "AGREE":
                        c.status, c.governor = "governed", a
                        by_token[a.i].promises = True
                        break
        # An ordered action is the action, done by whoever ordered it: "the court ordered an investigation
        # against X", "ordered the arrest of X" (but "ordered X to allow Y" stays a request).
        for c in cands:
            g = c.governor
            if (
                c.status == "governed"
                and c.nominal
                and g is not None
                and g.i in by_token
                and c.trigger.dep_ == "dobj"
                and c.trigger.head.i == g.i
                and g.lemma_.lower() in self.lex.enacting_verbs
                and by_token[g.i].status == "ok"
            ):
                c.status, c.governor = "ok", None
                c.actors = c.actors or by_token[g.i].actors
                by_token[g.i].status = "enacted"
        for c in cands:
            if c.status == "governed" and c.governor is not None and c.governor.i in by_token:
                outer = by_token[c.governor.i]
                # "called for sanctions against X": what is called for is no recipient, whom it aims at is
                if all(a.head.i == c.trigger.i for a in outer.recipients):
                    outer.recipients = c.recipients or [
                        a for a in c.actors if a.head.i not in outer_heads(outer)
                    ]
        for c in cands:
            if c.status == "governed" and c.governor is not None and c.governor.i in by_token:
                by_token[c.governor.i].governs = True
        out: list[Draft] = []
        for c in cands:
            if not recode(c, self.lex):
                continue
            out.extend(self.drafts(sent, c, triggers))
        return merge(out)

    def drafts(self, sent: Span, c: Candidate, triggers: set[int]) -> list[Draft]:
        res = self.res
        actors = [q for a in c.actors for p in [res.participant(a)] if p is not None
                  for q in self.authors(a, p, sent) or [p]]  # fmt: skip
        recips = [q for a in c.recipients for p in [res.participant(a)] if p is not None
                  for q in self.authors(a, p, sent) or [p]]  # fmt: skip
        speaker = res.speaker_at(c.trigger.idx)
        if speaker is not None:
            if any(a.head.lower_ in FIRST_PERSON for a in c.actors):
                actors = [res.from_entity(speaker)]
            if any(a.head.lower_ in FIRST_PERSON for a in c.recipients):
                recips = [res.from_entity(speaker)]
        if not actors and any(a.head.lower_ in THIRD_PERSON for a in c.actors):
            actors = self.reported_doer(c, sent, speaker)
        if not actors and not c.actors:
            if any(ch.dep_ == "auxpass" for ch in c.trigger.children):
                recips = recips or self.controller(c, sent)  # "X thanked Y after being freed": X was freed
            else:
                actors = self.controller(c, sent)
        if c.nominal and not actors and len(recips) > 1:
            # "Boko Haram's 2014 abduction of 276 schoolgirls": the owner of a happening with an object is
            # its doer.
            owner = [p for a, p in zip(c.recipients, recips, strict=False) if a.head.dep_ == "poss"
                     and a.head.head.i == c.trigger.i and not res.is_thing(p)]  # fmt: skip
            if owner and len(owner) < len(recips):
                actors = owner[:1]
                recips = [p for p in recips if p is not owner[0]]
        type_, mode, conf = self.typed(c, sent, bool(actors), bool(recips))
        if type_ == "NONE" or (type_ == "ASSAULT" and self.mishap(c.trigger)):
            return []
        # "Putin said Russia supports the plan", "X said they will not end the strike": the speaker voices it
        if (
            speaker is not None
            and type_ in VOICED
            and ((not actors and self.speaks_for_them(c)) or self.voiced_by(c.trigger, actors, speaker))
        ):
            actors = [res.from_entity(speaker)]
        if type_ == "MOBILIZE" and c.type == "MOBILIZE" and self.aid_mission(c):
            type_, mode = "AID", None  # a deployment told as peacekeeping or relief is assistance
        elif type_ == "AID" and c.type == "MOBILIZE" and self.sends_forces(c) and not self.aid_mission(c):
            type_, mode = "MOBILIZE", c.mode  # "sent troops to the region": forces, not assistance
        honour = self.honour(c)
        if type_ in ("AID", "SUPPORT") and c.type == "SUPPORT" and honour is not None:
            type_, mode = "SUPPORT", c.mode  # "awarded the Freedom Order to X": praise, not assistance
            recips = [p for p in recips if honour.text not in p.name.split()]
        if self.against_things(type_, c, recips):
            if c.type in ("NONE", "ASSAULT"):
                return []
            type_, mode = c.type, c.mode  # "seized the pumping stations": force against things is the word's
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
        parties = self.parties(type_, actors, recips)
        if parties is None:
            return []
        actors, recips = parties
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

    def told_again(self, d: Draft, earlier: list[Draft], last: list[Draft]) -> bool:
        """Whether an event was coded already: a nominal one that points back ("The envoy called for an end
        to the fighting. She issued her appeal in Geneva."), the same type, told with "the" or a possessive,
        by the same actors to no one else, on a date that does not differ; or the toll of an attack just told
        ("Gunmen attacked a police post in March. Four officers were killed.")."""
        t = self.doc[d.trigger]
        if (
            d.type == "ASSAULT"
            and not d.actor
            and any(c.dep_ == "auxpass" for c in t.children)
            and any(e.type == "ASSAULT" and e.actor and e.date == d.date for e in last)
        ):
            return True
        # "X was freed on Thursday ... X has been released on bail": done to the same parties by no one named,
        # with no time of its own, it is the happening told before
        if (
            not d.actor
            and d.recipient
            and not self.dates.in_sentence(d.sent.start, d.sent.end)
            and any(e.type == d.type and _among(d.recipient, e.recipient) for e in earlier)
        ):
            return True
        if not d.nominal or not d.actor:
            return False
        if not any(c.dep_ in ("det", "poss") and c.lower_ in BACK_POINTING for c in t.children):
            return False
        return any(
            e.type == d.type
            and not (e.date and d.date and e.date != d.date)
            and _among(d.actor, e.actor)
            and _among(d.recipient, e.actor + e.recipient)
            for e in earlier
        )

    def advice(self, d: Draft) -> bool:
        """Whether a request is advice to the public at large ("experts urge people to get tested"): all its
        recipients are such as "people" or "Africans", of no one country."""
        public = self.lex.public_nouns
        return (
            d.type == "REQUEST"
            and bool(d.recipient)
            and all(p.country is None and p.name.split()[-1].casefold() in public for p in d.recipient)
        )

    def speaks_for_them(self, c: Candidate) -> bool:
        """Whether a stance is told of a "they" no one named is, in speech reported (not quoted) of the
        speaker: in their own quoted words, "they" are others."""
        t = c.trigger
        verb = t if is_verb(t) else t.head
        they = any(a.head.lower_ in THIRD_PERSON for a in c.actors)
        return they and not self.in_quote(t.idx) and speech_head(verb, self.lex) is not None

    def phoned(self, c: Candidate) -> bool:
        """Whether a "call on" the lexicon found is a call made on a day ("called X on Tuesday")."""
        t = c.trigger
        if c.entry.key not in ("call on", "call upon") or not is_verb(t):
            return False
        ons = [x for x in t.children if x.lower_ in ("on", "upon")]
        return bool(ons) and all(
            any(o.ent_type_ in ("DATE", "TIME") or o.i in self.stops for o in x.children) for x in ons
        )

    def described(self, c: Candidate, sent: Span) -> bool:
        """Whether a deed is told in the plain present past the lead, with no time and no one reporting it
        ("Brazil gives military support to rivals of Venezuela", "the agency provides food to the camps"):
        what goes on as a rule, not a happening. The lead may tell news in the present."""
        t = c.trigger
        if c.nominal and t.dep_ == "dobj" and t.head.lemma_.lower() in self.lex.light_verbs:
            t = t.head  # "gives military support": the light verb tells the tense
        elif c.nominal:
            return False
        if t.tag_ not in ("VBZ", "VBP") or any(x.dep_ in ("aux", "auxpass") for x in t.children):
            return False
        if self.sentence_index(sent) == 0 or speech_head(t, self.lex) is not None:
            return False
        return not self.dates.in_sentence(sent.start, sent.end)

    def honour(self, c: Candidate) -> Token | None:
        """The honour a trigger confers, if its object is one ("awarded the Freedom Order")."""
        return next(
            (x for x in c.trigger.children if x.dep_ == "dobj" and x.lemma_.lower() in self.lex.honours), None
        )

    def sends_forces(self, c: Candidate) -> bool:
        """Whether what a deployment moves is people under arms ("troops", "soldiers", "police")."""
        return any(
            ch.dep_ == "dobj" and ch.lemma_.lower() in self.lex.force_nouns for ch in c.trigger.children
        )

    def aid_mission(self, c: Candidate) -> bool:
        """Whether a deployment is of peacekeepers or for relief, told in its clause or its parties."""
        words = self.lex.aid_missions
        clause = c.trigger if is_verb(c.trigger) else c.trigger.head  # "announced the deployment ... on a"
        if any(t.lower_ in words for t in clause.subtree):
            return True
        return any(t.lower_ in words for a in c.actors + c.recipients for t in self.doc[a.start : a.end])

    def voiced_by(self, t: Token, actors: list[Participant], speaker: Entity) -> bool:
        """Whether a stance told in the present is the speaker's own, voiced for the state they speak for:
        in "Putin said Russia supports the proposal" the saying is the support ("Russia had rejected it" is
        a past happening the speaker reports, and keeps its doer)."""
        if not actors or not told_now(t) or speech_head(t, self.lex) is None or speaker.country is None:
            return False
        for p in actors:
            e = self.res.by_id.get(p.entity) if p.entity else None
            if e is None or e.type != "GPE" or e.country != speaker.country or e.id == speaker.id:
                return False
        return True

    def authors(self, a: Arg, p: Participant, sent: Span) -> list[Participant]:
        """Who made a thing an event is aimed at or done by ("condemned the attack by rebels", "blamed
        restrictions by Cameroon", "missiles fired by the army struck"): the party is its author, not the
        thing."""
        # "flu-related restrictions by Kenya": a name inside the phrase does not make it a party
        words = self.doc[a.start : a.end].text
        inner = a.head.pos_ == "NOUN" and a.head.text not in p.name.split() and p.name in words
        if not self.res.is_thing(p) and not inner:
            return []
        by = [o for ch in a.head.children if ch.dep_ == "prep" and ch.lower_ == "by" for o in pobjs(ch)]
        # "the missiles fired by the Israeli military": the doer of the participle that tells the thing
        by += [o for ch in a.head.children if ch.dep_ == "acl" and ch.tag_ == "VBN"
               for o in [agent_of(ch)] if o is not None]  # fmt: skip
        found = (self.res.participant(x) for o in by for x in expand(o, self.stops, sent.end))
        return [q for q in found if q is not None and not self.res.is_thing(q)]

    def mishap(self, t: Token) -> bool:
        """Whether a death or injury is told as caused by a mishap, not by anyone: "killed in the crash",
        "died in the floods"."""
        preps = [c for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "by", "during", "from")]
        return any(
            o.lemma_.lower() in self.lex.mishap_nouns for p in preps for o in p.children if o.dep_ == "pobj"
        )

    def against_things(self, type_: str, c: Candidate, recips: list[Participant]) -> bool:
        """Whether an attack is told against only things ("battled blazes", "the fight against diabetes"):
        a figure of speech. "Died in captivity" names no object, and "seized weapons" is coercion."""
        if type_ != "ASSAULT" or not recips:
            return False
        objects = all(a.head.dep_ == "dobj" or (a.head.dep_ == "pobj" and a.head.head.lower_ == "against")
                      for a in c.recipients)  # fmt: skip
        return objects and all(
            self.res.is_thing(p) and not named(p) and p.name.split()[-1].lower() not in TARGET_NOUNS
            for p in recips
        )

    def parties(
        self, type_: str, actors: list[Participant], recips: list[Participant]
    ) -> tuple[list[Participant], list[Participant]] | None:
        """The actors and recipients an event keeps once things are set aside; None when no actor takes
        part, or when a thing is all that acts ("the car hit a roadside bomb", "the Charter calls on")."""
        res = self.res
        target = type_ == "ASSAULT" and any(p.name.split()[-1].lower() in TARGET_NOUNS for p in recips)
        if all(res.is_thing(p) for p in actors + recips) and not target:
            return None  # "the need", "their hair": no actor takes part (but "the bombing of a base" is told)
        if actors and all(res.is_thing(p) for p in actors):
            return None
        actors = [p for p in actors if not res.is_thing(p)]
        # A recipient is an actor too ("called for the creation of X", "approved a law"): a thing is no
        # recipient, save the target of an attack and what is rejected ("denied the charges").
        recips = [p for p in recips if not res.is_thing(p) or type_ == "REJECT"
                  or (target and p.name.split()[-1].lower() in TARGET_NOUNS)]  # fmt: skip
        if not actors and not recips:
            return None
        return actors, recips

    def guess(self, sent: Span, cands: list[Candidate]) -> Draft | None:
        """The model's reading of a sentence the rules coded nothing in: the told-as-done trigger (or, in a
        sentence without one, the main verb) whose reading the model is surest of, coded as the rules code a
        trigger; failing that, the bare reading with whatever parties the clause names. Its confidence is
        discounted: a guess ranks below a rule-found event, a bare one lower still."""
        pool = self.guess_pool(sent, cands)
        best: Draft | None = None
        for c in pool:
            for d in self.drafts(sent, c, {c.trigger.i}):
                if best is None or d.confidence > best.confidence:
                    best = d
        if best is None:
            best = self.bare_guess(sent, pool)
        if best is None or best.confidence < GUESS_MIN:
            return None
        best.confidence = round(GUESS_WEIGHT * best.confidence, 3)
        return best

    def guess_pool(self, sent: Span, cands: list[Candidate]) -> list[Candidate]:
        """The readings a guess may take: told-as-done triggers; or, where the sentence has no trigger at all,
        its main verb. A sentence whose triggers the rules found unreal (negated, hypothetical, merely
        requested) gets no guess: its content is not made a happening through another verb."""
        pool = [c for c in cands if c.status in GUESS_STATUSES]
        if not pool and not cands:
            if sent.start not in self.main_verbs:  # `unsure` asks before `guess` does
                self.main_verbs[sent.start] = fallback(sent, self.lex) or fallback(sent, self.lex, loose=True)
            fb = self.main_verbs[sent.start]
            pool = [fb] if fb is not None and fb.status in GUESS_STATUSES else []
        return pool

    def bare_guess(self, sent: Span, pool: list[Candidate]) -> Draft | None:
        """The model's surest reading of a trigger whose clause names no party the rules accept ("warplanes
        struck a depot"), with the parties it does name; its confidence discounted by BARE_WEIGHT."""
        top: tuple[float, str, Candidate] | None = None
        for c in pool:
            if self.in_quote(c.trigger.idx):
                continue
            probs = self.probabilities(c, sent)
            t = max(probs, key=lambda k: probs[k])
            if t == "NONE" or (t == "ASSAULT" and self.mishap(c.trigger)):
                continue
            if top is None or probs[t] > top[0]:
                top = (probs[t], t, c)
        if top is None:
            return None
        p, type_, c = top
        if type_ == "YIELD":
            type_ = "RETREAT" if c.entry.mode else "CONCEDE"
        actors = _dedupe([x for x in (self.res.participant(a) for a in c.actors) if x is not None])
        recips = _dedupe([x for x in (self.res.participant(a) for a in c.recipients) if x is not None])
        recips = [r for r in recips if _key(r) not in {_key(a) for a in actors}]
        parties = None if self.against_things(type_, c, recips) else self.parties(type_, actors, recips)
        if parties is None:
            return None
        actors, recips = parties
        if type_ == "CONSULT":
            actors, recips = actors + recips, []
        conf = BARE_WEIGHT * (0.4 * (0.55 + 0.15 * bool(actors) + 0.15 * bool(recips)) + 0.6 * p)
        d = Draft(type_, self.mode_from_words(type_, c, sent), sent, round(conf, 3), actors, recips,
                  trigger=c.trigger.i, status=c.status, nominal=c.nominal)  # fmt: skip
        self.date(d, c, sent, {c.trigger.i})
        d.place = clause_place(c.trigger, self.lex, self.res, set()) or self.default_place(c, d)
        return d

    def controller(self, c: Candidate, sent: Span) -> list[Participant]:
        """The doer of a gerund that has none, from the clause it hangs on: "X was released after
        apologizing to Y", "France responded by destroying Z"; of an intended deed, who intends it."""
        t = c.trigger
        gerund = t.tag_ == "VBG" or any(ch.dep_ == "auxpass" and ch.tag_ == "VBG" for ch in t.children)
        framed = gerund and t.dep_ == "pcomp" and t.head.dep_ == "prep"
        if c.status == "willing" and c.governor is not None and is_verb(c.governor):
            verb = c.governor  # "proposed a plan for supporting Ukraine": who proposes means to do it
        elif framed and t.head.lower_ in ("after", "before", "by", "while", "without", "upon"):
            verb = t.head.head
        else:
            return []
        if not is_verb(verb):
            return []
        s = next((x for x in verb.children if x.dep_ in ("nsubj", "nsubjpass")), None)
        if s is None:
            return []
        out = [self.res.participant(a) for a in expand(s, self.stops, sent.end)]
        return [p for p in out if p is not None and not self.res.is_thing(p)]

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
        """Type and mode from the model, which reads the lexicon's type among its features (the lexicon's
        alone without a model, or for a clause the rules recoded: refused, promised, demanded); a confidence
        for either, scaled by how likely the typer finds that the clause tells of an event at all (NONE
        when that is under EVENTNESS_MIN)."""
        type_, mode = c.type, c.mode
        conf = 0.55 + 0.15 * has_actor + 0.15 * has_recipient - 0.1 * c.nominal
        if self.model is not None and c.status == "ok" and not c.promises:
            probs = dict(self.probabilities(c, sent))  # weighed below: a copy, not the cached reading
            own = "YIELD" if type_ in ("CONCEDE", "RETREAT") else type_
            if (
                own in probs
            ):  # the lexicon's type as a prior: it stands unless the model clearly prefers another
                probs[own] *= CONSTRUCTION_WEIGHT if c.governs else LEXICON_WEIGHT
            # How likely the clause tells of an event at all: the typer's NONE, learnt from news sentences,
            # against the lexicon's reading as weighed above.
            none = probs.pop("NONE", 0.0)
            eventness = 1.0 - none / (none + sum(probs.values()))
            if eventness < EVENTNESS_MIN:
                return "NONE", None, 0.0
            total = sum(probs.values())
            probs = {k: v / total for k, v in probs.items()}
            best = max(probs, key=lambda k: probs[k])
            p = probs[best]
            if best == "YIELD":
                best = type_ if type_ in ("CONCEDE", "RETREAT") else "RETREAT" if c.entry.mode else "CONCEDE"
            lex_p = probs.get("YIELD" if type_ in ("CONCEDE", "RETREAT") else type_, 0.0)
            if c.nominal and framing(c.trigger):
                p = max(lex_p, 0.3)  # "said during a meeting with X": the noun names its event
            elif best != type_:
                type_, mode = best, None
            elif c.type != "NONE":  # the lexicon and the typer agree: two readings, either may be right
                p = 1 - (1 - p) * (1 - LEXICON_TRUST)
            conf = (0.4 * conf + 0.6 * p) * eventness
        if mode is None:
            mode = self.mode_from_words(type_, c, sent)
        return type_, mode, round(min(conf, 0.99), 3)

    def probabilities(self, c: Candidate, sent: Span) -> dict[str, float]:
        """The typer's reading of a candidate, blended with the sentence classifier's where the candidate
        was sent to it."""
        own = self.own_probabilities(c, sent)
        read = self.sentence_types.get(c.trigger.i)
        if read is None:
            return own
        # A two-word construction ("cut ties", "signed an agreement") says that something was done: the
        # classifier may retype it, not undo it.
        eventness = BLEND_EVENTNESS and (CONSTRUCTION_EVENTNESS or c.entry.child is None)
        return typing_model.blend(own, read, SENTENCE_POWER, eventness)

    def own_probabilities(self, c: Candidate, sent: Span) -> dict[str, float]:
        """The typer's reading from the trigger's features alone."""
        assert self.model is not None
        # What of the candidate the features read and the rules may change; the rest is the parse's.
        key = (c.entry, c.status, c.passive, bool(c.actors), bool(c.recipients), c.nominal)
        seen = self.seen.get(c.trigger.i)
        if seen is not None and seen[0] == key:
            return seen[1]
        feats = typing_model.features(c, sent, self.context.get(sent.start, ()))
        probs = self.model.predict(feats, typing_model.vector(c.trigger, sent))
        self.seen[c.trigger.i] = (key, probs)
        return probs

    def unsure(self, sent: Span, cands: list[Candidate]) -> list[Candidate]:
        """The triggers of a sentence the sentence classifier should read: those the typer reads and is less
        than SURE of; for a sentence without one, whose main verb only a guess reads, those it is at least
        PLAUSIBLE of too (where it is less, the sentence most likely tells of no event, and no guess is
        made)."""
        pool = [c for c in cands if c.status == "ok"]
        low = 0.0
        if not pool:
            pool, low = self.guess_pool(sent, cands), PLAUSIBLE
        out = []
        for c in pool:
            probs = self.own_probabilities(c, sent)
            if low <= max(probs.values()) < SURE:
                out.append(c)
        return out

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
        if self.background(c) or self.dates.vague_for(c.trigger, sent.start, sent.end):
            return
        k = self.sentence_index(sent)
        if self.goes_on(finite(c.trigger)) and self.background_sentence(k - 1):
            # "Since then, X has ... Those challenges were rejected.": the aside goes on, with the time it
            # was told at, if any ("began protesting late last year. They demanded reforms")
            a = self.background_date(k - 1)
            if a is not None:
                d.date, d.date_text = a.date, a.timex.text
            return
        if told_now(c.trigger) and self.dates.published:
            d.date, d.date_text = self.dates.published, None  # "farmers are pleading": now, not Monday
            return
        t = c.trigger
        head = speech_head(t, self.lex)
        if head is not None and head.tag_ in ("VBZ", "VBP") and t.tag_ == "VBD" and not c.nominal:
            return  # "She says her supplier blamed X": a past told now, at no day the report gives
        reported = t.lemma_.lower() in self.lex.speech_verbs or head is not None
        d.date, d.date_text = self.dates.context(sent.start_char, self.paragraph_start(sent), reported)

    def sentence_index(self, sent: Span) -> int:
        return bisect.bisect_right(self.sent_starts, sent.start_char) - 1

    def background_sentence(self, k: int) -> bool:
        """Whether the k-th sentence tells of earlier times with no day of the report's: its main verb in the
        past perfect or after "since then" or "earlier", a time of its own that is a year or month before
        the report, a vague one ("a few hours later"), or a plain past that goes on from such a sentence."""
        if k < 0:
            return False
        if k in self._background:
            return self._background[k]
        self._background[k] = False
        sent = self.res.sentences()[k]
        root = sent.root
        own = self.dates.in_sentence(sent.start, sent.end)
        pub = self.dates.published
        if own:
            result = pub is not None and all(len(a.date) < 10 and a.date < pub[: len(a.date)] for a in own)
        elif any(sent.start <= v.i < sent.end for v in self.dates.vague) or self.aside(root):
            result = True
        elif self.stative(sent):
            result = self.background_sentence(k - 1)
        else:
            result = self.goes_on(root) and self.background_sentence(k - 1)
        self._background[k] = result
        return result

    def background_date(self, k: int) -> Anchored | None:
        """The one time told in the background passage that the k-th sentence ends: the month or year of
        the sentence it goes on from ("launched an assault in January. Three Americans were killed."); None
        when that passage names no time, or more than one."""
        sents = self.res.sentences()
        for j in range(k, max(-1, k - 5), -1):
            if not self.background_sentence(j):
                return None
            own = self.dates.in_sentence(sents[j].start, sents[j].end)
            if own:
                return own[0] if len({a.date for a in own}) == 1 else None
            if self.stative(sents[j]):
                continue
            if not self.goes_on(sents[j].root):
                return None  # vague or an aside: no time of its own to hand on
        return None

    def stative(self, sent: Span) -> bool:
        """Whether a sentence only describes, in the present and with no time of its own ("The whereabouts of
        the men are unknown.", "The infection can cause death."): it does not bring a past passage back to
        the report's days."""
        if self.dates.in_sentence(sent.start, sent.end) or any(t.ent_type_ in ("DATE", "TIME") for t in sent):
            return False
        root = sent.root
        if root.lemma_ == "be" and root.tag_ in ("VBZ", "VBP"):
            return True
        modal = any(x.tag_ == "MD" and x.lower_ in ("can", "may") for x in root.children)
        return root.tag_ == "VB" and modal and speech_head(root, self.lex) is None

    def goes_on(self, t: Token) -> bool:
        """Whether a verb in the plain past, active or passive ("denied", "were rejected"), goes on with the
        sentence before it; a source's saying ("X said", "X told VOA") and what it reports are the report's
        own news."""
        if t.lemma_.lower() in self.lex.speech_verbs or speech_head(t, self.lex) is not None:
            return False
        auxes = [x for x in t.children if x.dep_ in ("aux", "auxpass")]
        if t.tag_ == "VBD" and not auxes:
            return True
        return t.tag_ == "VBN" and bool(auxes) and all(x.tag_ == "VBD" and x.lemma_ == "be" for x in auxes)

    def aside(self, t: Token) -> bool:
        """A clause told as earlier than the report: in the past perfect, unless reported ("X said it had
        killed" is the report's news), or with "since then", "earlier", "previously"."""
        perfect = any(x.dep_ == "aux" and x.lemma_ == "have" and x.tag_ == "VBD" for x in t.children)
        if perfect and speech_head(t, self.lex) is None:
            return True
        for x in t.children:
            if x.dep_ == "advmod" and x.lower_ in ("earlier", "previously", "formerly"):
                return True
            dated = any(x.i <= a.first <= x.right_edge.i for a in self.dates.items)
            if x.dep_ == "prep" and x.lower_ == "since" and not dated:
                return True  # "since then"
        return False

    def paragraph_start(self, sent: Span) -> int:
        """Where the sentence's paragraph starts, but no more than two sentences back (for texts that run
        their paragraphs together)."""
        starts = self.sent_starts
        i = bisect.bisect_left(starts, sent.start_char)
        window = starts[max(0, i - 2)] if starts else 0
        return max(self.text.rfind("\n", 0, sent.start_char) + 1, window)

    def background(self, c: Candidate) -> bool:
        """An aside that carries no time of its own: a nominal event not tied to the clause, or a past
        perfect ("had met"), is not dated by the report's running date."""
        t = c.trigger
        if self.aside(t) or (is_verb(t) and t.dep_ in ("xcomp", "conj") and self.aside(t.head)):
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


def decided(g: Token | None, lex: Lexicon) -> bool:
    """Whether a governing verb is a decision told as made ("has decided", "voted"), not one to come."""
    if g is None or g.lemma_.lower() not in lex.deciding_verbs or g.tag_ not in ("VBD", "VBN"):
        return False
    return not any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in lex.modals) for c in g.children)


def finite(t: Token) -> Token:
    """The finite verb a non-finite one is told under ("responded ... by destroying", "agreed to meet")."""
    for _ in range(4):
        if t.tag_ not in ("VB", "VBG"):
            break
        if t.dep_ == "xcomp":
            t = t.head
        elif t.dep_ == "pcomp" and t.head.dep_ == "prep":
            t = t.head.head
        else:
            break
    return t


def told_now(t: Token) -> bool:
    """Whether a verb tells what goes on as the article is written: the present progressive ("are
    pleading") or the plain present ("calls on"), which a paragraph's earlier date does not reach."""
    if not is_verb(t):
        return False
    auxes = [c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")]
    if t.tag_ == "VBG":
        return any(a in ("is", "are", "am", "'s", "'re") for a in auxes)
    return t.tag_ in ("VBZ", "VBP") and not auxes


def framing(t: Token) -> bool:
    """Whether a trigger noun is the occasion of its clause ("said during a meeting with X", "after talks
    with Y"): what is said there does not retype the occasion."""
    return t.dep_ == "pobj" and t.head.lower_ in FRAMES


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


def sentences(doc: Doc, sents: list[Span] | None = None) -> list[Span]:
    """spaCy's sentences (`sents`, where listed already), rejoined where the parser cut one inside a line
    without a full stop ("... Council (SNSC) | Ali Shamkhani and ..."), so that a list of names is not split
    from its verb."""
    out: list[Span] = []
    sents = list(doc.sents) if sents is None else sents
    text = nlp.text(doc)
    start = None
    for k, s in enumerate(sents):
        if start is None:
            start = s.start
        j = s.end - 1
        while j >= s.start and doc[j].is_space:
            j -= 1
        last = doc[j].text if j >= s.start else "."
        nxt = sents[k + 1] if k + 1 < len(sents) else None
        joined = (
            nxt is not None
            and last[-1] not in '.!?"”’:;'
            and not doc[s.end - 1].is_space
            and "\n" not in text[s.end_char : nxt.start_char + 1]
            and not doc[s.end - 1].text_with_ws.endswith("\n")
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
