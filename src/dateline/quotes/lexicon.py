"""The cue lexicons under data/, read once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    #: Reporting-verb lemmas.
    verbs: frozenset[str]
    #: Verbs whose content only counts inside quotation marks ("read").
    marked_only: frozenset[str]
    #: Speech nouns ("statement", "interview").
    nouns: frozenset[str]
    #: Headline labels that are not speakers ("the latest").
    labels: frozenset[str]


def _lines(name: str) -> list[str]:
    text = resources.files("dateline.quotes").joinpath("data", name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicons, loaded on first use."""
    verbs = _lines("cue_verbs.txt")
    return Lexicon(
        verbs=frozenset(v.rstrip("!") for v in verbs),
        marked_only=frozenset(v.rstrip("!") for v in verbs if v.endswith("!")),
        nouns=frozenset(_lines("speech_nouns.txt")),
        labels=frozenset(_lines("headline_labels.txt")),
    )
