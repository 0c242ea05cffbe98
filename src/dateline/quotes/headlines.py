"""Headline and subheading attributions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.records import Article, Quote

if TYPE_CHECKING:
    from dateline.quotes.speakers import Resolver


def headline_quotes(article: Article, resolver: Resolver) -> list[Quote]:
    return []
