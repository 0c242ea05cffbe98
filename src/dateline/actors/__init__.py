"""Actors: entities with canonical names, roles, country and sector, and every mention.

`find_entities(article, doc)` is the stage; `entity_at(entities, start, end)` lets later stages (quotes,
events) ask which entity a span of the text ("he", "the Syrian foreign minister") refers to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.actors.lexicon import lexicon
from dateline.records import Article, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_entities(article: Article, doc: Doc) -> list[Entity]:
    """The article's actors, one per real actor, each with every mention the stage could resolve."""
    from dateline.actors.stage import find

    if len(doc) == 0:
        return []
    return find(article, doc, lexicon())


def entity_at(entities: list[Entity], start: int, end: int) -> Entity | None:
    """The entity one of whose mentions is the span [start, end) of the text, or overlaps it most.

    Exact matches win; otherwise the mention with the largest overlap, ties to the shorter mention.
    None when no mention overlaps the span (an unresolved pronoun, say)."""
    best: Entity | None = None
    best_key: tuple[int, int, int] | None = None
    for entity in entities:
        for m_start, m_end in entity.mentions:
            overlap = min(end, m_end) - max(start, m_start)
            if overlap <= 0:
                continue
            key = (int(m_start == start and m_end == end), overlap, -(m_end - m_start))
            if best_key is None or key > best_key:
                best, best_key = entity, key
    return best


__all__ = ["entity_at", "find_entities"]
