"""Places: where the clause says it happened ("in Tehran", "near Tehran"), a visit's destination, or the
article's dateline; with the country and, for cities the bundled GeoNames gazetteer knows, coordinates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.events.lexicon import Lexicon, gazetteer
from dateline.events.participants import Resolver
from dateline.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Token

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


def place_named(name: str, res: Resolver) -> Place | None:
    """A Place for a name when it is a known city, region or country."""
    clean = name.strip().strip(".,")
    if clean.lower().startswith("the "):
        clean = clean[4:]
    if not clean:
        return None
    lex = res.lex
    hit = gazetteer().places.get(clean.casefold())
    country = lex.country_of_name(clean)
    if country is not None and hit is None:
        return Place(lex.country_name.get(country, clean), country, None, None)
    if hit is not None:
        return Place(hit[0], hit[1], hit[2], hit[3])
    known = lex.place(clean)
    if known is not None:
        return Place(clean, known[0] or None, None, None)
    return None


def place_at(tok: Token, res: Resolver) -> Place | None:
    """The place a prepositional object names, through the entity there when there is one."""
    start, end = tok.left_edge.idx, tok.idx + len(tok)
    ent = res.entity_at(tok.idx, tok.idx + len(tok))
    if ent is not None and ent.type in PLACE_TYPES:
        p = place_named(ent.name, res)
        if p is not None:
            return p
        return Place(ent.name, ent.country, None, None)
    if ent is not None:
        return None
    return place_named(res.text[start:end], res) if tok.pos_ == "PROPN" else None


def clause_place(
    trigger: Token, lex: Lexicon, res: Resolver, stop: set[int], args: list[Token] | None = None
) -> Place | None:
    """A place in a locative phrase of the trigger or of the verbs above it in its clause, else one the parser
    hung on a participant ("met with X in Santiago")."""
    for a in args or []:
        for c in a.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "near", "at"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        place = place_at(p, res)
                        if place is not None and place.lat is not None:
                            return place
    h = trigger
    for _ in range(3):
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in lex.place_preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        place = place_at(p, res)
                        if place is not None:
                            return place
        if h.dep_ in ("ROOT",) or h.head.i == h.i or h.head.i in stop:
            break
        if h.dep_ not in ("xcomp", "conj", "advcl", "pobj", "prep", "pcomp", "relcl", "acl"):
            break
        h = h.head
    return None


def dateline_place(dateline: str | None, res: Resolver) -> Place | None:
    if not dateline:
        return None
    first = dateline.split(",")[0].strip()
    return place_named(first.title() if first.isupper() else first, res)
