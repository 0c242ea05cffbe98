"""Page furniture: comment forms, captchas, share bars, newsletter and "related" lines."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

#: Furniture lines are short (a credit line with many names runs to 40 words); longer is article text.
MAX_WORDS = 40


@cache
def _pattern() -> re.Pattern[str]:
    lines = files("dateline.extract").joinpath("data/furniture.txt").read_text(encoding="utf-8").splitlines()
    alternatives = [line for line in lines if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def is_furniture(paragraph: str) -> bool:
    """True for a paragraph that belongs to the page's frame rather than to the article."""
    squashed = " ".join(paragraph.split())
    if not squashed or len(squashed.split()) > MAX_WORDS:
        return False
    return _pattern().match(squashed.lstrip("-•*· ")) is not None


def is_related_header(paragraph: str) -> bool:
    """A header that introduces a list of links to other articles."""
    squashed = " ".join(paragraph.split()).rstrip(":…. ").casefold()
    return squashed in _RELATED_HEADERS


_RELATED_HEADERS = frozenset(
    {
        "related",
        "related articles",
        "related stories",
        "related posts",
        "related content",
        "related coverage",
        "related links",
        "read more",
        "read also",
        "see also",
        "also read",
        "more",
        "more stories",
        "see more",
        "don't miss",
        "don’t miss",
        "recommended",
        "you may also like",
        "you might also like",
        "most read",
        "most popular",
        "trending",
    }
)
