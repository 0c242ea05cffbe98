"""Time: TIMEX3 expressions found and resolved against the publication date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.records import Article, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_timexes(article: Article, doc: Doc) -> list[Timex]:
    """The article's time expressions. Filled in by the time stage (issue 5)."""
    return []
