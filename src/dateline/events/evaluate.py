"""Event precision against hand annotations of whole articles (tests/data/events-voa-dev.jsonl).

An annotation lists an article's events: type (and types also acceptable), actor and recipient names, date
(and dates also acceptable, null included), and a short evidence string from the sentence. A predicted event
is right when an annotation of its sentence has its type, its participants (each annotated name shares a
word with a predicted participant on the same side, or names the same state: "U.S." and "United States";
either side for a symmetric event) and its date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from dateline.records import AnalyzedArticle, Event, Participant

_STOP = frozenset(
    ["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "s", "its"]
)


_GOVERNMENT = frozenset(["government", "authorities", "administration", "regime"])


def words(s: str | None) -> set[str]:
    t = unicodedata.normalize("NFKD", str(s or ""))
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    return set(re.findall(r"[^\W_]+", t)) - _STOP


def _squash(s: str) -> str:
    return " ".join(s.replace("’", "'").replace("“", '"').replace("”", '"').split()).casefold()


def state(name: str | None) -> str | None:
    """The country a name stands for as a state: its name or alias ("U.S.", "the United States") or its
    capital ("Beijing" for China's government) or its government ("the Nigerian government"), else None."""
    from dateline.actors.lexicon import fold, lexicon

    if not name:
        return None
    lex = lexicon()
    code = lex.country_of_name(name) or lex.capital_of.get(fold(name))
    words = name.split()
    if code is None and len(words) >= 2 and words[-1].casefold() in _GOVERNMENT:
        # "the Nigerian government", "Sudanese authorities": the state by its government
        rest = " ".join(w for w in words[:-1] if w.casefold() != "the")
        d = lex.demonym(rest)
        code = (d[0] if d else None) or lex.country_of_name(rest)
    return code


def _same(name: str, p: Participant) -> bool:
    """Whether an annotated name is a predicted participant: a word in common, or the same state however
    named ("U.S." and "United States" share no word once "s" is dropped; "Mogadishu" acts for Somalia)."""
    if words(name) & words(p.name):
        return True
    code = state(name)
    return code is not None and code == state(p.name)


def _has(names: list[str], parts: list[Participant]) -> bool:
    return all(any(_same(n, p) for p in parts) for n in names)


def matches(e: Event, g: dict[str, Any]) -> bool:
    """Whether a predicted event is the annotated one: sentence, type, participants and date."""
    if _squash(g["evidence"]) not in _squash(e.sentence):
        return False
    if e.type not in {g["type"], *g.get("type_also_ok", [])}:
        return False
    actor, recipient = list(e.actor), list(e.recipient)
    if g.get("symmetric") or (not e.recipient and len(e.actor) >= 2):
        both = actor + recipient
        if not _has(g["actor"] + g["recipient"], both):
            return False
    else:
        if not _has(g["actor"], actor):
            return False
        if not g.get("recipient_optional") and not _has(g["recipient"], recipient):
            return False
    return e.date in [g["date"], *g.get("date_also_ok", [])]


def score(analyzed: Iterable[AnalyzedArticle], gold: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Precision of the predicted events and recall of the required annotated ones, with the misses."""
    n_pred = right = req = found = 0
    wrong: list[str] = []
    missed: list[str] = []
    for a in analyzed:
        anns = gold.get(a.id)
        if anns is None:
            continue
        hit: set[int] = set()
        for e in a.events:
            n_pred += 1
            ok = [i for i, g in enumerate(anns) if matches(e, g)]
            if ok:
                right += 1
                hit.update(ok)
            else:
                parts = ([p.name for p in e.actor], [p.name for p in e.recipient])
                wrong.append(f"{a.id} {e.type} {parts} {e.date} | {e.sentence[:90]}")
        for i, g in enumerate(anns):
            if g.get("required", True):
                req += 1
                found += i in hit
                if i not in hit:
                    missed.append(
                        f"{a.id} {g['type']} {g['actor']}->{g['recipient']} {g['date']} | {g['evidence']}"
                    )
    return {
        "predicted": n_pred,
        "precision": right / n_pred if n_pred else 0.0,
        "required": req,
        "recall": found / req if req else 0.0,
        "wrong": wrong,
        "missed": missed,
    }
