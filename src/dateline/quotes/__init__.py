"""Quotes: direct, indirect and mixed, with the speaker resolved through the actors stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline import nlp
from dateline.quotes.attribution import Found, attribute
from dateline.quotes.headlines import headline_quotes
from dateline.quotes.speakers import Resolver
from dateline.records import Article, Entity, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_quotes", "quotes_in_doc"]


def quotes_in_doc(doc: Doc, entities: list[Entity] | None = None) -> list[Quote]:
    """The quotes of one body text, speakers resolved against the entities' mentions."""
    found = attribute(doc)
    resolver = Resolver(doc, entities or [])
    text = nlp.text(doc)
    return [_quote(text, f, resolver) for f in found]


def find_quotes(article: Article, doc: Doc, entities: list[Entity]) -> list[Quote]:
    """The article's quotes: the body's (offsets into `article.text`), then the headline's and the
    subheadings' (offsets into that string, `where` naming it)."""
    resolver = Resolver(doc, entities)
    text = nlp.text(doc)
    out = [_quote(text, f, resolver) for f in attribute(doc)]
    out.extend(headline_quotes(article, resolver))
    return out


def _quote(text: str, f: Found, resolver: Resolver) -> Quote:
    speaker_text = text[f.speaker[0] : f.speaker[1]] if f.speaker else None
    entity = resolver.resolve(f) if f.speaker else None
    return Quote(
        text=text[f.start : f.end],
        start=f.start,
        end=f.end,
        kind=f.kind,
        speaker=entity[1] if entity else None,
        speaker_entity=entity[0] if entity else None,
        speaker_text=speaker_text,
        cue=f.cue,
    )
