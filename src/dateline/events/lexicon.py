"""The events stage's data: trigger words, cue lists and the place gazetteer, read once from data/.

Everything that says which word means which PLOVER type or mode lives in data files (see data/README.md), so
the lexicon can grow without touching the code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
#: The cooperative types (PLOVER quads 1 and 2): an intention to do one of them is an AGREE.
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})


@dataclass(frozen=True)
class Trigger:
    """One row of triggers.tsv: a word (with an optional child word) that announces an event type."""

    key: str
    lemma: str
    child: str | None
    object_only: bool
    pos: str
    type: str
    mode: str | None


@dataclass(frozen=True)
class Gazetteer:
    """Folded place name -> (name as written in the source, ISO3, lat, lon)."""

    places: dict[str, tuple[str, str, float, float]]


@dataclass
class Lexicon:
    single: dict[str, list[Trigger]] = field(default_factory=dict)
    #: lemma -> child lemma -> trigger, for "call on", "hunger strike" and "impose>sanction".
    paired: dict[str, dict[str, Trigger]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()
    cues: dict[str, Any] = field(default_factory=dict)
    negators: frozenset[str] = frozenset()
    negating_heads: frozenset[str] = frozenset()
    modals: frozenset[str] = frozenset()
    intending_heads: frozenset[str] = frozenset()
    #: Heads that make their complement a possibility, not anyone's act or intention ("is expected to meet").
    uncertain_heads: frozenset[str] = frozenset()
    #: Adverbs that make a clause a habit rather than one happening ("frequently conducts bombings").
    habitual_adverbs: frozenset[str] = frozenset()
    #: Verbs of opinion: what they report of someone else is the speaker's view ("critics suggest Europe
    #: can't afford to defend Ukraine"), not that one's act.
    opinion_verbs: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    accusation_words: frozenset[str] = frozenset()
    symmetric: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    suffer_verbs: frozenset[str] = frozenset()
    recipient_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    place_preps: frozenset[str] = frozenset()
    mode_words: dict[str, dict[str, str]] = field(default_factory=dict)
    actor_nouns: frozenset[str] = frozenset()
    container_nouns: frozenset[str] = frozenset()
    silence_verbs: frozenset[str] = frozenset()
    topic_verbs: frozenset[str] = frozenset()
    enacting_verbs: frozenset[str] = frozenset()
    #: Happenings no one does: a death "in the crash" or "in the floods" is no attack.
    mishap_nouns: frozenset[str] = frozenset()
    #: Words that make a deployment assistance (PLOVER AID: "military and police assistance including ...
    #: personnel"): "sent troops on a peacekeeping mission".
    aid_missions: frozenset[str] = frozenset()
    #: People under arms a deployment moves: "sent troops" mobilises them.
    force_nouns: frozenset[str] = frozenset()
    #: The public at large: advice to it ("experts urged people to get tested") is no request to a party.
    public_nouns: frozenset[str] = frozenset()
    #: Honours: awarding one is praise (SUPPORT), not the assistance an award of money is.
    honours: frozenset[str] = frozenset()
    #: Verbs whose complement, once decided in the past, is done: "Japan has decided to lift sanctions".
    deciding_verbs: frozenset[str] = frozenset()


def _text(name: str) -> str:
    return resources.files("dateline.events").joinpath("data", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[list[str]]:
    lines = [line for line in _text(name).splitlines() if line and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


def _build() -> Lexicon:
    lex = Lexicon()
    words: set[str] = set()
    for key, pos, type_, mode in _rows("triggers.tsv"):
        m = None if mode == "-" else mode
        if ">" in key:
            lemma, child = key.split(">", 1)
            t = Trigger(key, lemma, child, True, pos, type_, m)
            lex.paired.setdefault(lemma, {})[child] = t
        elif " " in key:
            first, second = key.split(" ", 1)
            # "hunger strike": the head is the last word; "call on": the head is the first.
            if pos == "N":
                t = Trigger(key, second, first, False, pos, type_, m)
                lex.paired.setdefault(second, {})[first] = t
                lemma = second
            else:
                t = Trigger(key, first, second, False, pos, type_, m)
                lex.paired.setdefault(first, {})[second] = t
                lemma = first
        else:
            lemma = key
            lex.single.setdefault(key, []).append(Trigger(key, key, None, False, pos, type_, m))
        words.add(lemma)
    lex.words = frozenset(words)
    cues = json.loads(_text("cues.json"))
    lex.cues = cues
    for name in (
        "negators", "negating_heads", "modals", "intending_heads", "conditional_marks", "speech_verbs",
        "accusation_words", "symmetric", "place_preps", "light_verbs", "suffer_verbs", "uncertain_heads",
        "habitual_adverbs", "opinion_verbs", "container_nouns",
        "silence_verbs", "topic_verbs", "enacting_verbs", "mishap_nouns", "aid_missions", "force_nouns",
        "public_nouns", "honours", "deciding_verbs",
    ):  # fmt: skip
        setattr(lex, name, frozenset(cues[name]))
    lex.recipient_preps = {k: frozenset(v) for k, v in cues["recipient_preps"].items()}
    lex.mode_words = cues["mode_words"]
    lex.actor_nouns = frozenset(
        w.strip() for w in _text("actor_nouns.txt").splitlines() if w.strip() and not w.startswith("#")
    )
    return lex


def _build_gazetteer() -> Gazetteer:
    places: dict[str, tuple[str, str, float, float]] = {}
    for name, iso3, lat, lon, _pop in _rows("places.tsv"):
        places.setdefault(name.casefold(), (name, iso3, float(lat), float(lon)))
    return Gazetteer(places)


@cache
def lexicon() -> Lexicon:
    """The process's one events Lexicon, read on first use."""
    return _build()


@cache
def gazetteer() -> Gazetteer:
    """The place coordinates, read only when an event needs a place."""
    return _build_gazetteer()
