"""Events: PLOVER event coding with actor, recipient, date, place and evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.records import Article, Entity, Event, Quote, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_events(
    article: Article, doc: Doc, entities: list[Entity], timexes: list[Timex], quotes: list[Quote]
) -> list[Event]:
    """The article's events. Filled in by the events stage (issue 6)."""
    return []
