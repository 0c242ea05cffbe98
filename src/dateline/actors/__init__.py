"""Actors: entities with canonical names, roles, country and sector, and every mention."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.records import Article, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_entities(article: Article, doc: Doc) -> list[Entity]:
    """The article's actors. Filled in by the actors stage (issue 3)."""
    return []
