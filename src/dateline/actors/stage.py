"""One pass over an article in reading order: names become actors, titles become roles, and
descriptions ("the Syrian foreign minister") and pronouns ("he said") join the actor they refer to.

Reading order matters: a pronoun refers back to what came before it, and a short name ("Mekdad") to
the fuller one it abbreviates (looked up ahead too, since a lead may use the surname first).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline import nlp
from dateline.actors.lexicon import Lexicon, Org, Title, fold, name_words
from dateline.actors.spans import Cand, collect, is_title_word, nominal, quote_spans, repair_persons
from dateline.records import Article, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Sectors in order of how much they say about an actor in political news; the first one found wins.
SECTOR_RANK = ("GOV", "MIL", "LEG", "JUD", "REB", "POL", "IGO", "NGO", "MED", "BUS", "EDU", "REL", "CVL")
NATIONAL = frozenset({"GOV", "MIL", "LEG", "JUD"})
#: Nouns that relate a person to another one whose role they share ("his predecessor X").
RELATIONAL = frozenset({"predecessor", "successor", "counterpart"})
#: Description classes and the role classes they can refer to.
COMPATIBLE = {
    "leader": {"leader", "president", "prime minister", "king", "queen", "emir", "crown prince"},
    "diplomat": {"diplomat"},
    "minister": {"minister", "diplomat"},
    "general": {"general", "commander", "officer", "admiral"},
    "commander": {"commander", "general"},
    "official": None,  # any national role
}
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "iobj", "dative"})
RELATIVE = frozenset({"who", "that", "whom"})
#: What may stand left of a country inside a title: "secretary of Iran's", "his French counterpart".
CONTINUE_AFTER_COUNTRY = frozenset({"of", "'s", "’s", "his", "her", "their", "its"})
#: How far back (in sentences) a pronoun or description looks for its actor.
WINDOW_SENTENCES = 3
DESCRIPTION_WINDOW = 12


@dataclass
class Role:
    title: str
    country: str | None
    sector: str | None
    cls: str
    gender: str | None = None
    #: held before ("former president", "his predecessor"); descriptions in the present do not refer to it.
    former: bool = False
    #: the country was said with the title, not inferred from the sentence or the article
    explicit: bool = True


@dataclass
class Actor:
    name: str
    type: str
    words: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None
    roles: list[Role] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None
    orgs: list[Actor] = field(default_factory=list)
    #: where the country came from: "name", "role", "org", "context"
    country_from: str | None = None
    first: int = 0

    def add_role(self, role: Role) -> None:
        key = fold(role.title)
        if all(fold(r.title) != key for r in self.roles):
            self.roles.append(role)
        if role.country and (self.country is None or (role.explicit and self.country_from != "role")):
            self.country, self.country_from = role.country, "role" if role.explicit else "context"
        if role.gender and not self.gender:
            self.gender = role.gender


@dataclass
class Zone:
    """What stands before a name or is said of it: a title, a country, bodies, a possessor."""

    title: Title | None = None
    title_text: str = ""
    country: str | None = None
    orgs: list[Cand] = field(default_factory=list)
    sector_hint: str | None = None
    possessor: Actor | None = None
    possessor_span: tuple[int, int] | None = None
    relational: bool = False
    former: bool = False
    start: int = 0  # first token of the zone
    gender: str | None = None


@dataclass
class Item:
    """One piece of what stands before a name: a word, a name span, "of", a possessive mark or pronoun."""

    kind: str
    tok: Token | None = None
    cand: Cand | None = None

    @property
    def token(self) -> Token:
        assert self.tok is not None
        return self.tok

    @property
    def span(self) -> Cand:
        assert self.cand is not None
        return self.cand


@dataclass
class Hist:
    tok: int
    sent: int
    actor: Actor
    subject: bool


class Builder:
    def __init__(self, article: Article, doc: Doc, lex: Lexicon) -> None:
        self.article, self.doc, self.lex = article, doc, lex
        self.text = nlp.text(doc)
        self.cands = repair_persons(doc, collect(doc, lex), lex)
        self.cand_at: dict[int, Cand] = {}
        for c in self.cands:
            for i in range(c.start, c.end):
                self.cand_at.setdefault(i, c)
        self.actor_of: dict[int, Actor] = {}  # id(cand) -> actor
        self.actors: list[Actor] = []
        self.by_key: dict[str, Actor] = {}
        self.persons_by_word: dict[str, list[Actor]] = {}
        self.history: list[Hist] = []
        self.quotes = quote_spans(self.text)
        self.quote_starts = [q[0] for q in self.quotes]
        self.sent_of = _sentence_index(doc)
        self.full_names = self._full_names()
        self.home = self._home_country()
        self.last_titled: tuple[int, int, str | None, Role] | None = None  # (sent, tok, country, role)
        self.pending: tuple[int, Role, tuple[int, int]] | None = None
        self.acronyms: dict[str, Actor] = {}
        self.org_actors: list[Actor] = []

    # ------------------------------------------------------------------ context

    def in_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self.quote_starts, char) - 1
        return k >= 0 and self.quotes[k][0] <= char < self.quotes[k][1]

    def _full_names(self) -> dict[str, list[tuple[int, tuple[str, ...], Cand]]]:
        """Multi-word person names by their last word, so that a surname seen first finds its full form."""
        out: dict[str, list[tuple[int, tuple[str, ...], Cand]]] = {}
        for c in self.cands:
            if c.label == "PERSON":
                words = name_words(self.doc[c.start : c.end].text)
                if len(words) > 1:
                    out.setdefault(words[-1], []).append((c.start, words, c))
        return out

    def _home_country(self) -> str | None:
        """The article's own country: its dateline's, else the one it names most (first on a tie)."""
        if self.article.dateline:
            place = self.lex.place(self.article.dateline) or None
            iso = self.lex.country_of_name(self.article.dateline.title()) or (place[0] if place else None)
            if iso:
                return iso
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for c in self.cands:
            if c.country and c.kind in ("country", "place", "demonym", "epithet"):
                counts[c.country] = counts.get(c.country, 0) + 1
                first.setdefault(c.country, c.start)
        if not counts:
            return None
        return min(counts, key=lambda k: (-counts[k], first[k]))

    # ------------------------------------------------------------------ actors

    def actor_for(self, c: Cand) -> Actor:
        lex = self.lex
        text = self.text[c.start_char : c.end_char]
        if c.kind in ("country",) or (c.kind == "epithet" and c.label == "GPE"):
            iso = c.country or ""
            return self._get(
                f"country:{iso}",
                lambda: Actor(lex.country_name.get(iso, text), "GPE", country=iso, country_from="name"),
            )
        if c.label == "PERSON":
            return self._person(c, text)
        if c.kind == "place":
            return self._get(
                f"place:{fold(text)}", lambda: Actor(text, "GPE", country=c.country, country_from="name")
            )
        if c.kind == "demonym":
            key = f"people:{c.country or fold(text)}"
            name = text if c.plural else lex.demonym_plural.get(fold(text), text)
            return self._get(key, lambda: Actor(name, "NORP", country=c.country, country_from="name"))
        if c.label == "ORG" or c.kind in ("org", "epithet"):
            return self._org(c, text)
        return self._get(f"{c.label}:{fold(text)}", lambda: Actor(text, c.label))

    def _get(self, key: str, make: Callable[[], Actor]) -> Actor:
        actor = self.by_key.get(key)
        if actor is None:
            actor = make()
            self.by_key[key] = actor
            self.actors.append(actor)
        return actor

    def _person(self, c: Cand, text: str) -> Actor:
        words = name_words(text)
        if not words:
            return self._get(f"PERSON:{fold(text)}", lambda: Actor(text, "PERSON"))
        match = self._match_person(words)
        if match is None:
            # A surname before its full form: take the full form found further on, when it is the only one.
            if len(words) == 1:
                later = {w: cc for _s, w, cc in self.full_names.get(words[-1], [])}
                if len(later) == 1:
                    full_words, full_c = next(iter(later.items()))
                    match = self._match_person(full_words)
                    if match is None:
                        full_text = self.text[full_c.start_char : full_c.end_char]
                        match = self._new_person(full_text, full_words)
            if match is None:
                match = self._new_person(text, words)
        elif len(words) > len(match.words):
            match.name, match.words = text, words
            self._index_person(match)
        return match

    def _new_person(self, text: str, words: tuple[str, ...]) -> Actor:
        actor = Actor(text, "PERSON", words=words)
        self.actors.append(actor)
        self._index_person(actor)
        return actor

    def _index_person(self, actor: Actor) -> None:
        for w in set(actor.words):
            lst = self.persons_by_word.setdefault(w, [])
            if actor not in lst:
                lst.append(actor)

    def _match_person(self, words: tuple[str, ...]) -> Actor | None:
        """The person a name form belongs to: the same words, a surname, or a part of a fuller name."""
        best: Actor | None = None
        for actor in reversed(self.persons_by_word.get(words[-1], [])):
            aw = actor.words
            same = (
                aw == words
                or (len(words) < len(aw) and _part_of(words, aw))
                or (len(aw) < len(words) and _part_of(aw, words))
            )
            if same and (best is None or self._last_seen(actor) > self._last_seen(best)):
                best = actor
        return best

    def _last_seen(self, actor: Actor) -> int:
        return actor.mentions[-1][0] if actor.mentions else -1

    def _org(self, c: Cand, text: str) -> Actor:
        if c.org is not None:
            key = f"org:{c.org.name}"
            actor = self._get(
                key,
                lambda: Actor(
                    text,
                    "ORG",
                    country=c.org.country if c.org else None,
                    sector=c.sector,
                    country_from="name",
                ),
            )
            if len(text) > len(actor.name) and not text.isupper():
                actor.name = text
            return actor
        if c.kind == "epithet":
            return self._get(
                f"org:{fold(text)}",
                lambda: Actor(text, c.label, country=c.country, sector=c.sector, country_from="name"),
            )
        words = tuple(w for w in name_words(text))
        key = f"org:{' '.join(words)}"
        if key in self.by_key:
            return self.by_key[key]
        # An acronym of an organisation already named, or a shorter form of one ("Central Command").
        for actor in reversed(self.org_actors[-300:]):
            if text.isupper() and 2 <= len(text) <= 8 and _initials(actor.name) == text:
                self.by_key[key] = actor
                return actor
            if len(words) >= 2 and _suffix(words, actor.words):
                self.by_key[key] = actor
                return actor
        actor = Actor(text, "ORG", words=words)
        self._describe_org(actor, c)
        self.by_key[key] = actor
        self.actors.append(actor)
        self.org_actors.append(actor)
        return actor

    def _describe_org(self, actor: Actor, c: Cand) -> None:
        """An unknown organisation's sector from the words of its name, its country from a demonym, a
        country or place in it, or from a possessive before it ("Somalia's National Intelligence Agency")."""
        doc, lex = self.doc, self.lex
        toks = list(doc[c.start : c.end])
        # The common noun a name stands beside counts too: "the advocacy group Somali Public Agenda".
        before: list[str] = []
        k = c.start - 1
        while k >= 0 and c.start - k <= 3 and doc[k].pos_ in ("NOUN", "ADJ") and doc[k].text.islower():
            before.insert(0, doc[k].lower_)
            k -= 1
        actor.sector = c.sector or _sector_of_words([t.lower_ for t in toks], lex)
        if actor.sector is None and before:
            actor.sector = _sector_of_words(before, lex)
        for t in toks:
            iso = lex.country_of_name(t.text) or (lex.demonym(t.text) or (None, False))[0]
            if iso:
                actor.country, actor.country_from = iso, "name"
                break
        if actor.country is None and c.start >= 2 and doc[c.start - 1].text in ("'s", "’s"):
            owner = self.cand_at.get(c.start - 2)
            if owner is not None and owner.country and owner.label != "PERSON":
                actor.country, actor.country_from = owner.country, "name"

    # ------------------------------------------------------------------ zones (titles)

    def zone_before(self, end: int, limit: int = 10) -> Zone | None:
        """The title standing right before token `end` ("Syrian Foreign Minister", "secretary of Iran's
        Supreme National Security Council (SNSC)", "his predecessor"), or None when there is none."""
        doc, lex = self.doc, self.lex
        j = end - 1
        if j >= 2 and doc[j].text == ")" and doc[j - 2].text == "(":
            j -= 3
        items: list[Item] = []
        while j >= 0 and len(items) < limit:
            tok = doc[j]
            c = self.cand_at.get(j)
            if c is not None and c.end - 1 == j and c.label != "PERSON":
                items.append(Item("span", cand=c))
                j = c.start - 1
                if j >= 1 and doc[j].text == "-" and doc[j - 1].lower_ in ("u.n.", "un"):
                    j -= 2
                # A country opens the title ("a claim Nepali foreign ministry spokesperson"), unless the
                # title goes on ("secretary of Iran's ...", "his French counterpart", "chief Syrian").
                if c.kind in ("country", "demonym", "place") and not (
                    j >= 0
                    and (
                        doc[j].lower_ in CONTINUE_AFTER_COUNTRY
                        or doc[j].pos_ == "ADJ"
                        or is_title_word(doc[j], lex)
                    )
                ):
                    break
                continue
            if c is not None and c.label == "PERSON":
                if items and items[-1].kind == "possmark":
                    items.append(Item("person", cand=c))
                break
            if tok.text in ("'s", "’s") and j >= 1:
                items.append(Item("possmark", tok))
                j -= 1
                continue
            if tok.lower_ in ("his", "her") and items:
                items.append(Item("pron", tok))
                break
            if (
                tok.lower_ == "of"
                and items
                and (
                    items[-1].kind == "span"
                    or (items[-1].kind == "word" and is_title_word(items[-1].token, lex))
                )
                and j >= 1
                and is_title_word(doc[j - 1], lex)
            ):
                items.append(Item("of", tok))
                j -= 1
                continue
            if tok.text == "-" and items and j >= 1 and not doc[j - 1].is_punct:
                items.append(Item("word", tok))
                j -= 1
                continue
            if is_title_word(tok, lex) and not tok.is_punct:
                items.append(Item("word", tok))
                j -= 1
                continue
            if (
                not tok.is_punct
                and tok.pos_ in ("ADJ", "NOUN", "PROPN", "")
                and tok.tag_ not in ("VBG", "VBN")
                and tok.lower_ not in ("the", "a", "an", "and", "or")
                and (tok.pos_ != "PROPN" or tok.text[:1].isupper())
                and tok.ent_type_
                not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")
            ):
                if tok.pos_ == "PROPN" and not is_title_word(tok, lex) and tok.text not in lex.honorifics:
                    break
                items.append(Item("word", tok))
                j -= 1
                continue
            break
        items.reverse()
        # The head: the last plain word, before any "of <body>" ("secretary of Iran's ... Council"), must be a
        # title (or a relational noun like "predecessor").
        while items and items[-1].kind == "word" and items[-1].token.text in lex.honorifics:
            items.pop()
        tail = len(items)
        if any(it.kind == "of" for it in items):
            of_at = max(k for k, it in enumerate(items) if it.kind == "of")
            if all(it.kind in ("span", "possmark") for it in items[of_at + 1 :]):
                tail = of_at
        if tail == 0 or items[tail - 1].kind != "word":
            return None
        head = items[tail - 1].token
        if not (
            head.lower_ in lex.title_heads or head.lower_.endswith("minister") or head.lower_ in RELATIONAL
        ):
            return None
        zone = Zone(start=end)
        title_words: list[str] = []
        after_of = False
        for it in items:
            if it.kind == "word":
                title_words.append(it.token.text)
                zone.start = min(zone.start, it.token.i)
            elif it.kind == "of":
                title_words.append("of")
                after_of = True
            elif it.kind == "span":
                sc = it.span
                zone.start = min(zone.start, sc.start)
                self._zone_span(zone, sc)
                if after_of and not (sc.kind in ("country", "place", "demonym") or sc.label == "GPE"):
                    title_words.append("the " + self.text[sc.start_char : sc.end_char])
            elif it.kind == "person":
                zone.possessor = self.actor_of.get(id(it.span))
                zone.start = min(zone.start, it.span.start)
            elif it.kind == "pron":
                tok = it.token
                zone.possessor = self.resolve_pronoun(tok)
                zone.possessor_span = (tok.idx, tok.idx + len(tok.text))
                zone.start = min(zone.start, tok.i)
        # Leading words that are not part of the title ("top" stays: "top nuclear scientist").
        while title_words and title_words[0].lower() in ("former", "then", "late", "outgoing", "ex"):
            title_words.pop(0)
            zone.former = True
        zone.title_text = " ".join(title_words).replace(" - ", "-")
        zone.relational = head.lower_ in RELATIONAL
        zone.former = zone.former or head.lower_ == "predecessor"
        zone.title = self._title_of(title_words)
        zone.sector_hint = _sector_of_words([w.lower() for w in title_words], lex, modifiers_only=True)
        if zone.title and zone.title.gender:
            zone.gender = zone.title.gender
        return zone

    def _zone_span(self, zone: Zone, c: Cand) -> None:
        if c.kind in ("country", "demonym", "place") or (c.kind == "epithet" and c.label == "GPE"):
            if zone.country is None and c.country:
                zone.country = c.country
        elif c.label in ("ORG", "NORP") or c.kind in ("org", "epithet"):
            zone.orgs.append(c)
            actor = self.actor_of.get(id(c))
            iso = c.country or (actor.country if actor else None)
            if zone.country is None and iso:
                zone.country = iso

    def _title_of(self, words: list[str]) -> Title | None:
        lows = [w.lower() for w in " ".join(words).split()]
        if "of" in lows:
            lows = lows[: lows.index("of")]
        for k in range(min(len(lows), 4), 0, -1):
            t = self.lex.titles.get(" ".join(lows[-k:]))
            if t:
                return t
        if lows and lows[-1].endswith("minister"):
            return self.lex.titles.get("minister")
        return None

    def role_from_zone(self, zone: Zone, sent: int, tok: int) -> Role | None:
        if zone.relational:
            owner = zone.possessor
            if owner is not None and owner.roles:
                base = owner.roles[0]
            elif self.last_titled and self.last_titled[0] == sent:
                base = self.last_titled[3]  # "X ... with his Israeli counterpart Y": X's title
            else:
                return None
            country = zone.country or base.country
            return Role(base.title, country, base.sector, base.cls, former=zone.former)
        title = zone.title
        if title is None:
            return None
        org_sectors = [self._org_sector(c) for c in zone.orgs]
        org_sector = next((s for s in org_sectors if s), None)
        sector = title.sector
        if sector == "*":
            unknown_body = any(self._org_sector(c) is None for c in zone.orgs if c.label == "ORG")
            sector = (
                org_sector
                or zone.sector_hint
                or ("GOV" if (zone.country or zone.possessor) and not unknown_body else None)
            )
        if "REB" in (org_sector, zone.sector_hint):
            sector = "REB"
        elif org_sector == "IGO" and title.sector == "*" and not zone.country:
            sector = "IGO"
        country = zone.country
        if country is None and zone.possessor is not None:
            country = zone.possessor.country
        explicit = country is not None
        national = sector in NATIONAL or (sector is None and title.sector == "*")
        if country is None and not zone.orgs and national:
            # A title with no country: the one of a titled person just before in the same list, else the
            # article's own country for a national office.
            if self.last_titled and self.last_titled[0] == sent and tok - self.last_titled[1] < 30:
                country = self.last_titled[2]
            pending = self.pending
            if (
                country is None
                and pending
                and pending[0] >= sent - 2
                and _classes_match(pending[1].cls, title.cls)
            ):
                country = pending[1].country
                self.pending = None
            if country is None:
                country = self._body_in_title(zone, sent)
            if country is None:
                country = self._subject_country(tok, sent)
            if country is None:
                country = self.home
        elif country is None:
            orgs = [self.actor_of.get(id(c)) for c in zone.orgs]
            country = next((a.country for a in orgs if a is not None and a.country), None)
            if country is None and sector in NATIONAL and all(c.org is None for c in zone.orgs):
                country = self.home
        if sector is None and title.sector == "*" and country and not zone.orgs:
            sector = "GOV"
        if not zone.title_text:
            return None
        return Role(
            zone.title_text, country, sector, title.cls, title.gender, former=zone.former, explicit=explicit
        )

    def _body_in_title(self, zone: Zone, sent: int) -> str | None:
        """The country of a body named just before whose name has the title's words: "foreign ministry
        spokesperson" after "Nepal's Ministry of Foreign Affairs"."""
        words = {w for w in name_words(zone.title_text) if w in self.lex.sector_words}
        if not words:
            return None
        for h in reversed(self.history[-40:]):
            if h.sent < sent - 3:
                break
            a = h.actor
            if a.type == "ORG" and a.country and words <= set(name_words(a.name)):
                return a.country
        return None

    def _subject_country(self, tok: int, sent: int) -> str | None:
        """The country the sentence (or the one before) is about, when its subject is a country, a capital or
        a noun with a demonym ("The Estonian delegation includes ... Defense Minister X")."""
        doc = self.doc
        root = doc[tok].sent.root if doc.has_annotation("SENT_START") else None
        roots = [root] if root is not None else []
        if root is not None and root.sent.start > 0:
            roots.append(doc[root.sent.start - 1].sent.root)
        for r in roots:
            for ch in r.children:
                if ch.dep_ not in SUBJECT_DEPS or (r is root and ch.i > tok):
                    continue
                for t in ch.subtree:
                    c = self.cand_at.get(t.i)
                    if c is None or c.label == "PERSON":
                        continue
                    if c.kind in ("country", "place", "demonym") or (
                        c.kind == "epithet" and c.label == "GPE"
                    ):
                        return c.country
                break
        return None

    def _org_sector(self, c: Cand) -> str | None:
        actor = self.actor_of.get(id(c))
        if actor is not None and actor.sector:
            return actor.sector
        return c.sector

    # ------------------------------------------------------------------ zones after a name

    def zone_after(self, c: Cand) -> Zone | None:
        """A title said of a name by apposition or copula: "X, director general of ...", "X is the
        executive director of Y", "Pakistan's envoy to the U.N., Munir Akram"."""
        doc = self.doc
        root = doc[c.start : c.end].root
        heads: list[Token] = []
        if root.dep_ == "appos" and not (c.start <= root.head.i < c.end):
            # "Chile's permanent representative to the United Nations, Ana Rojas": the parser may hang
            # the name on the body; climb to the title it belongs to.
            h, steps = root.head, 0
            while steps < 4 and not is_title_word(h, self.lex) and h.dep_ in ("pobj", "prep", "compound"):
                h, steps = h.head, steps + 1
            heads.append(h)
        for child in root.children:
            if child.dep_ == "appos" and child.i >= c.end:
                heads.append(child)
        if root.dep_ in SUBJECT_DEPS and root.head.lemma_ == "be":
            heads.extend(ch for ch in root.head.children if ch.dep_ == "attr" and ch.i > root.head.i)
        for head in heads:
            if head.i + 1 < len(doc) and abs(head.i - c.start) < 25:
                zone = self.zone_before(head.i + 1)
                if zone is not None and zone.title is not None:
                    self._zone_right(zone, head)
                    return zone
        return None

    def _zone_right(self, zone: Zone, head: Token) -> None:
        """Bodies after a title ("director of X", "representative to the United Nations")."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "to", "for", "with", "in"):
                for tok in prep.subtree:
                    c = self.cand_at.get(tok.i)
                    if c is not None and c.start == tok.i:
                        if c.label == "PERSON":
                            continue
                        self._zone_span(zone, c)
                    elif c is None:
                        hint = self.lex.sector_words.get(tok.lower_)
                        if hint and zone.sector_hint is None:
                            zone.sector_hint = hint[0]

    def affiliation(self, c: Cand) -> list[Cand]:
        """Bodies a person is "of" or "at" ("Lena Park of the Asia Policy Institute")."""
        root = self.doc[c.start : c.end].root
        out = []
        for prep in root.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "from") and prep.i == c.end:
                for tok in prep.subtree:
                    oc = self.cand_at.get(tok.i)
                    if oc is not None and oc.start == tok.i and oc.label == "ORG":
                        out.append(oc)
        return out

    # ------------------------------------------------------------------ references

    def remember(self, actor: Actor, tok: Token, char: int) -> None:
        subject = tok.dep_ in SUBJECT_DEPS and not self.in_quote(char)
        self.history.append(Hist(tok.i, self.sent_of(tok.i), actor, subject))

    def resolve_pronoun(self, tok: Token, record: bool = True) -> Actor | None:
        """He or she: the most recent person in subject position within a few sentences, else the most
        recent person; gender where the text gave it. None when nothing fits. A possessive bound by the
        subject of its clause refers to that subject (see `bound_possessor`)."""
        gender = PRONOUN_GENDER.get(tok.lower_)
        if tok.dep_ == "poss":
            bound = self.bound_possessor(tok)
            if bound is not None:
                return bound
        sent = self.sent_of(tok.i)
        fallback: Actor | None = None
        for h in reversed(self.history[-60:]):
            if h.sent < sent - WINDOW_SENTENCES + 1 or h.tok >= tok.i:
                if h.sent < sent - WINDOW_SENTENCES + 1:
                    break
                continue
            a = h.actor
            if a.type != "PERSON" or (gender and a.gender and a.gender != gender):
                continue
            if h.subject:
                return a
            if fallback is None:
                fallback = a
        return fallback

    def bound_possessor(self, tok: Token) -> Actor | None:
        """His or her bound by a subject: the person subject, before the possessive in the same sentence,
        of the nearest verb above the possessed noun ("Shamkhani said during his meeting with ..." is
        Shamkhani's meeting). Verbs whose subject is no person, or a person of the other gender, pass
        it on to the verb above them. None when no subject binds it."""
        gender = PRONOUN_GENDER.get(tok.lower_)
        sent = self.sent_of(tok.i)
        below: Token | None = None
        for v in [tok.head, *tok.head.ancestors] if tok.head.i != tok.i else []:
            if below is not None and below.dep_ == "xcomp" and any(c.dep_ in OBJECT_DEPS for c in v.children):
                # "Rahimi asked Okoro to present his plan": the object controls the clause below.
                return None
            below = v
            if v.pos_ not in ("VERB", "AUX"):
                continue
            for subj in v.children:
                if subj.dep_ not in SUBJECT_DEPS or subj.i >= tok.i:
                    continue
                # "Okoro, who led his delegation, ...": the relative stands for Okoro.
                who = v.head if subj.lower_ in RELATIVE and v.dep_ == "relcl" else subj
                actor = self._actor_at(who, sent)
                if (
                    actor is not None
                    and actor.type == "PERSON"
                    and not (gender and actor.gender and actor.gender != gender)
                ):
                    return actor
                if v.dep_ in ("relcl", "acl") and actor is None and tok.i not in (t.i for t in subj.subtree):
                    # "the parents of X, a student who died after his release": a clause describing a noun,
                    # whose subject is no one known here, does not pass the possessive to the verb above.
                    return None
        return None

    def _actor_at(self, tok: Token, sent: int) -> Actor | None:
        """The actor a token already read refers to: a name's head word, a resolved pronoun or description."""
        c = self.cand_at.get(tok.i)
        if c is not None and id(c) in self.actor_of:
            return self.actor_of[id(c)]
        for h in reversed(self.history):
            if h.sent < sent:
                break
            if h.tok == tok.i:
                return h.actor
        return None

    def description_at(self, tok: Token) -> tuple[int, Zone] | None:
        """ "The Syrian foreign minister", "the chief Syrian diplomat", "Russia's envoy": a title used
        as a name. Returns the first token of the description and its zone."""
        doc = self.doc
        if tok.tag_ in ("NNS", "NNPS") or tok.i in self.cand_at:
            return None
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.i in self.cand_at and self.cand_at[nxt.i].label == "PERSON"):
            return None
        if nxt is not None and (nxt.text[:1].isupper() and nxt.pos_ == "PROPN"):
            return None
        zone = self.zone_before(tok.i + 1, limit=6)
        if zone is None or zone.title is None:
            return None
        first = zone.start
        if zone.possessor is not None or zone.possessor_span is not None:
            return None
        if first > 0 and doc[first - 1].lower_ == "the":
            first -= 1
        elif not (
            first >= 1 and doc[first].i in self.cand_at and doc[self.cand_at[first].end].text in ("'s", "’s")
        ):
            # Without "the", only a country's possessive makes a description ("Russia's envoy").
            c0 = self.cand_at.get(first)
            if not (c0 is not None and c0.end < len(doc) and doc[c0.end].text in ("'s", "’s")):
                return None
        return first, zone

    def resolve_description(self, zone: Zone, tok: Token) -> Actor | None:
        sent = self.sent_of(tok.i)
        title = zone.title
        assert title is not None
        for h in reversed(self.history[-80:]):
            if h.sent < sent - DESCRIPTION_WINDOW:
                break
            a = h.actor
            if a.type != "PERSON" or h.tok >= tok.i:
                continue
            if zone.country and a.country and zone.country != a.country:
                continue
            if zone.country and not a.country:
                continue
            if any(
                _classes_match(title.cls, r.cls, title.sector, r.sector, zone.title_text, r.title)
                for r in a.roles
                # "the military spokesperson" is not the foreign ministry's
                if r.former == zone.former and (zone.sector_hint is None or zone.sector_hint == r.sector)
            ):
                return a
        return None

    # ------------------------------------------------------------------ the pass

    def run(self) -> list[Entity]:
        doc = self.doc
        # Names first at a token, then the words that refer back to them, all in reading order.
        names = {c.start: c for c in self.cands}
        words: dict[int, tuple[str, Token]] = {}
        for tok in doc:
            low = tok.lower_
            pronoun = low in ("he", "she") and tok.dep_ in SUBJECT_DEPS
            part = low in ("his", "her") and tok.head.lower_ == "part" and tok.head.head.lower_ == "for"
            if pronoun or part:
                words[tok.i] = ("pron", tok)
            elif low in ("his", "her") and tok.dep_ == "poss":
                words[tok.i] = ("poss", tok)
            elif (low in self.lex.title_heads or low.endswith("minister")) and tok.i not in self.cand_at:
                words[tok.i] = ("desc", tok)
            elif tok.is_upper and len(tok.text) >= 2 and tok.i not in self.cand_at:
                words[tok.i] = ("acronym", tok)
        for i in sorted(names.keys() | words.keys()):
            if i in names:
                self.on_name(names[i])
            if i in words:
                kind, tok = words[i]
                if kind == "pron":
                    self.on_pronoun(tok)
                elif kind == "poss":
                    self.on_possessive(tok)
                elif kind == "desc":
                    self.on_description(tok)
                else:
                    self.on_acronym(tok)
        return self.entities()

    def on_name(self, c: Cand) -> None:
        doc = self.doc
        if c.label == "NORP" and not nominal(doc, c):
            return
        actor = self.actor_for(c)
        self.actor_of[id(c)] = actor
        new = not actor.mentions
        actor.mentions.append((c.start_char, c.end_char))
        root = doc[c.start : c.end].root
        if actor.type == "PERSON":
            sent = self.sent_of(c.start)
            relational = False
            for zone in (self.zone_before(c.start), self.zone_after(c)):
                if zone is None:
                    continue
                relational = relational or zone.relational
                if zone.possessor_span and zone.possessor is not None:
                    zone.possessor.mentions.append(zone.possessor_span)
                role = self.role_from_zone(zone, sent, c.start)
                if role is not None:
                    actor.add_role(role)
                    self.last_titled = (sent, c.end, role.country, role)
                    for oc in zone.orgs:
                        oa = self.actor_of.get(id(oc))
                        if oa is not None and oa.type == "ORG" and oa not in actor.orgs:
                            actor.orgs.append(oa)
                if zone.gender and not actor.gender:
                    actor.gender = zone.gender
            j = c.start - 1
            if j >= 0 and doc[j].text in self.lex.honorifics and self.lex.honorifics[doc[j].text]:
                actor.gender = actor.gender or self.lex.honorifics[doc[j].text]
            for oc in self.affiliation(c):
                oa = self.actor_of.get(id(oc)) or self.actor_for(oc)
                if oa not in actor.orgs:
                    actor.orgs.append(oa)
            # "the Chilean president called his Peruvian counterpart, Dina Boluarte": a counterpart is another
            # person than the one whose role waits for its name.
            if new and not actor.roles and not relational and self.pending and self.pending[0] >= sent - 2:
                _s, role, span = self.pending
                actor.add_role(role)
                actor.mentions.append(span)
                self.pending = None
        if actor.type == "ORG":
            self._acronym_after(c, actor)
        self.remember(actor, root, c.start_char)

    def _acronym_after(self, c: Cand, actor: Actor) -> None:
        """An acronym in brackets or after "or" names the same body: "Council (SNSC)", "Agency, or NIA"."""
        doc = self.doc
        k = c.end
        # Through "in the Republic of X" to ", or MINUX".
        while (
            k < len(doc) and k - c.end < 8 and (doc[k].pos_ in ("ADP", "DET", "PROPN") and doc[k].text != "(")
        ):
            k += 1
        if k - c.end >= 8:
            k = c.end
        if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
            acr = doc[k + 1]
        elif k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ == "or":
            acr = doc[k + 2]
        else:
            return
        if not (acr.text.isupper() and 2 <= len(acr.text) <= 8):
            return
        if k > c.end and doc[k - 1].i > c.end - 1 and actor.name == self.text[c.start_char : c.end_char]:
            # The acronym stands for all of "... Mission in the Republic of X".
            actor.name = self.text[c.start_char : doc[k - 1].idx + len(doc[k - 1].text)]
        self.by_key.setdefault(f"org:{' '.join(name_words(acr.text))}", actor)
        if acr.i not in self.cand_at:
            actor.mentions.append((acr.idx, acr.idx + len(acr.text)))
            # Later uses of the acronym are mentions too; the NER does not always tag them.
            self.acronyms[acr.text] = actor

    def on_acronym(self, tok: Token) -> None:
        """A later use of an acronym the article introduced ("(SNSC)"), which the NER left untagged."""
        actor = self.acronyms.get(tok.text)
        if actor is not None:
            span = (tok.idx, tok.idx + len(tok.text))
            if span not in actor.mentions:
                actor.mentions.append(span)

    def on_pronoun(self, tok: Token) -> None:
        if self.in_quote(tok.idx):
            return
        actor = self.resolve_pronoun(tok)
        if actor is None:
            return
        actor.mentions.append((tok.idx, tok.idx + len(tok.text)))
        gender = PRONOUN_GENDER.get(tok.lower_)
        if gender and not actor.gender:
            actor.gender = gender
        subject = tok.dep_ in SUBJECT_DEPS or tok.head.lower_ == "part"
        self.history.append(Hist(tok.i, self.sent_of(tok.i), actor, subject))

    def on_possessive(self, tok: Token) -> None:
        """His or her bound by the subject of its clause is a mention of that subject; an unbound one
        is left alone here (a title after it, "his predecessor", resolves it in `zone_before`)."""
        if self.in_quote(tok.idx):
            return
        actor = self.bound_possessor(tok)
        if actor is None:
            return
        span = (tok.idx, tok.idx + len(tok.text))
        if span not in actor.mentions:
            actor.mentions.append(span)
        gender = PRONOUN_GENDER.get(tok.lower_)
        if gender and not actor.gender:
            actor.gender = gender

    def on_description(self, tok: Token) -> None:
        if self.in_quote(tok.idx):
            return
        found = self.description_at(tok)
        if found is None:
            return
        first, zone = found
        start, end = self.doc[first].idx, tok.idx + len(tok.text)
        actor = self.resolve_description(zone, tok)
        if actor is None:
            # "Chile's envoy ... Ana Rojas told": a role announced before the name it belongs to.
            if zone.country and zone.title is not None:
                role = Role(
                    zone.title_text, zone.country, _title_sector(zone), zone.title.cls, zone.title.gender
                )
                self.pending = (self.sent_of(tok.i), role, (start, end))
            return
        actor.mentions.append((start, end))
        subject = tok.dep_ in SUBJECT_DEPS
        self.history.append(Hist(tok.i, self.sent_of(tok.i), actor, subject))

    # ------------------------------------------------------------------ output

    def entities(self) -> list[Entity]:
        out: list[Entity] = []
        for actor in self.actors:
            if not actor.mentions:
                continue
            self._finish(actor)
        ordered = sorted((a for a in self.actors if a.mentions), key=lambda a: min(a.mentions))
        for n, a in enumerate(ordered, 1):
            mentions = sorted(set(a.mentions))
            roles = [{"title": r.title, "country": r.country} for r in a.roles]
            out.append(
                Entity(f"e{n}", a.name, a.type, a.country, a.sector, roles, [list(m) for m in mentions])
            )
        return out

    def _finish(self, a: Actor) -> None:
        """Country and sector from what was gathered: roles first, then the bodies the actor belongs to."""
        if (
            a.type == "ORG"
            and a.country is None
            and a.country_from is None
            and a.sector in (NATIONAL | {"REB"})
        ):
            a.country, a.country_from = self.home, "context"
        if a.type != "PERSON":
            return
        if a.country is None:
            a.country = next((r.country for r in a.roles if r.country), None)
        if a.country is None:
            a.country = next((o.country for o in a.orgs if o.country), None)
        sectors = [r.sector for r in a.roles if r.sector] + [o.sector for o in a.orgs if o.sector]
        if sectors:
            a.sector = min(
                sectors, key=lambda s: SECTOR_RANK.index(s) if s in SECTOR_RANK else len(SECTOR_RANK)
            )


def _part_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """A short name form is part of a full one: its surname, a tail, or first and last names."""
    if full[-len(short) :] == short:
        return True
    return len(short) == 2 and short[0] == full[0] and short[-1] == full[-1]


def _suffix(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return len(short) < len(full) and full[-len(short) :] == short


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isupper()]
    return "".join(w[0] for w in words)


def _sector_of_words(words: list[str], lex: Lexicon, modifiers_only: bool = False) -> str | None:
    """The sector a name's words give, its head (before "of", "for", ...) first, then leftwards."""
    cut = len(words)
    for k, w in enumerate(words):
        if w in ("of", "for", "to", "in", "on") and k > 0:
            cut = k
            break
    head_part = words[:cut]
    for strong in ("REB", "IGO"):
        if any(lex.sector_words.get(w, ("", ""))[0] == strong for w in head_part):
            return strong
    for k in range(len(head_part) - 1, -1, -1):
        hit = lex.sector_words.get(head_part[k])
        if hit is None:
            continue
        sector, where = hit
        is_head = k == len(head_part) - 1
        if (
            where == "any"
            or (where == "head" and is_head and not modifiers_only)
            or (where == "modifier" and not is_head)
        ):
            return sector
        if modifiers_only and where in ("any", "modifier", "head") and not is_head:
            return sector
    for w in words[cut:]:
        hit = lex.sector_words.get(w)
        if hit and hit[1] == "any":
            return hit[0]
    return None


def _title_sector(zone: Zone) -> str | None:
    t = zone.title
    if t is None:
        return None
    if t.sector == "*":
        return zone.sector_hint or ("GOV" if zone.country else None)
    return t.sector


def _classes_match(
    desc_cls: str,
    role_cls: str,
    desc_sector: str | None = None,
    role_sector: str | None = None,
    desc_text: str = "",
    role_text: str = "",
) -> bool:
    if desc_cls == role_cls:
        return True
    allowed = COMPATIBLE.get(desc_cls, set())
    if allowed is None:
        return role_sector in NATIONAL
    if role_cls in allowed:
        return True
    # "the foreign minister" for a foreign minister, "the minister" for any minister.
    return desc_cls == "minister" and "minister" in role_text.lower()


def _sentence_index(doc: Doc) -> Callable[[int], int]:
    """token index -> sentence number, by bisect over sentence starts (works without a parser too)."""
    starts: list[int] = []
    try:
        starts = [s.start for s in doc.sents]
    except ValueError:
        starts = [0]
    if not starts:
        starts = [0]

    def sent_of(i: int) -> int:
        return bisect.bisect_right(starts, i) - 1

    return sent_of


def find(article: Article, doc: Doc, lex: Lexicon) -> list[Entity]:
    return Builder(article, doc, lex).run()


__all__ = ["Actor", "Builder", "Org", "find"]
