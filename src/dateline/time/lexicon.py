"""The time stage's word lists, read once from data/lexicon.json (see data/README.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague_numbers: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    seasons: dict[str, str]
    timezones: tuple[str, ...]
    holidays_fixed: dict[str, str]
    holidays_computed: dict[str, str]
    holidays_unresolvable: frozenset[str]
    event_nouns: frozenset[str]
    electoral_events: frozenset[str]
    fuzzy: dict[str, str]


@cache
def load() -> Lexicon:
    """The lexicon, parsed once per process."""
    raw: dict[str, Any] = json.loads(
        resources.files("dateline.time").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    )
    return Lexicon(
        months=dict(raw["months"]),
        ambiguous_months=frozenset(raw["ambiguous_months"]),
        weekdays=dict(raw["weekdays"]),
        numbers={k: float(v) for k, v in raw["numbers"].items()},
        vague_numbers=frozenset(raw["vague_numbers"]),
        ordinals=dict(raw["ordinals"]),
        units=dict(raw["units"]),
        parts_of_day=dict(raw["parts_of_day"]),
        clock_words=dict(raw["clock_words"]),
        seasons=dict(raw["seasons"]),
        timezones=tuple(raw["timezones"]),
        holidays_fixed=dict(raw["holidays_fixed"]),
        holidays_computed=dict(raw["holidays_computed"]),
        holidays_unresolvable=frozenset(raw["holidays_unresolvable"]),
        event_nouns=frozenset(raw["event_nouns"]),
        electoral_events=frozenset(raw["electoral_events"]),
        fuzzy=dict(raw["fuzzy"]),
    )


def alternation(words: list[str] | set[str] | frozenset[str] | tuple[str, ...]) -> str:
    """A regex alternation of phrases, longest first so that the longer phrase wins; spaces match any
    run of whitespace and a hyphen matches a hyphen or whitespace."""
    parts = []
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        esc = re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]+")
        parts.append(esc)
    return "(?:" + "|".join(parts) + ")"
