"""Events: PLOVER event coding with actor, recipient, date, place and evidence.

`find_events` is the pipeline stage. Rules over the dependency parse find each event's trigger, its clause's
status (told as done, negated, hypothetical, requested) and its participants; a small linear model trained on
labelled sentences (`dateline train events`) types it; the actors and time stages' output gives participants,
dates and places.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.records import Article, Entity, Event, Quote, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_events"]


def find_events(
    article: Article, doc: Doc, entities: list[Entity], timexes: list[Timex], quotes: list[Quote]
) -> list[Event]:
    """The article's events, each tied to the sentence that tells it."""
    from dateline.events.stage import code

    if len(doc) == 0:
        return []
    return code(article, doc, entities, timexes, quotes)
