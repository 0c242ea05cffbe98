"""Speaker resolution: from the speaker as written to a canonical actor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dateline.quotes.attribution import Found


class Resolver:
    def __init__(self, doc: Doc, entities: list[Entity]):
        self.doc = doc
        self.entities = entities

    def resolve(self, f: Found) -> tuple[str | None, str] | None:
        return None
