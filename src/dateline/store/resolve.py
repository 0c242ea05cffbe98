"""Cross-article actor resolution, the pure part: is this article's entity that stored actor?

"Faisal al-Mekdad", "Faisal Mekdad" and "Fayssal Mekdad" are one man when role and country agree;
two men called Ali Shamkhani with conflicting countries or sectors are two. Names are compared
token by token on a transliteration skeleton (vowels and doubled letters gone, q/k and the like
folded), which absorbs the spelling variants of names written from Arabic, Persian or Russian.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

#: Name particles that come and go between spellings ("al-Mekdad", "Mekdad").
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "bin",
        "ibn",
        "bint",
        "abu",
        "abd",
        "de",
        "da",
        "di",
        "du",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
    ]
)
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "lord",
        "lady",
        "sheikh",
        "shaykh",
        "prof",
        "gen",
        "president",
        "minister",
    ]
)
#: Sectors of the state: a minister who becomes a general stays the same person.
STATE = frozenset({"GOV", "MIL", "LEG", "JUD", "POL"})
PERSON = "PERSON"
#: The least score that links an entity to an existing actor.
THRESHOLD = 0.8


def fold(name: str) -> str:
    """Lower case, no accents, no punctuation: "Fayṣal al-Miqdād" -> "faysal al miqdad"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[^\W_]+", text))


def tokens(name: str, type_: str) -> list[str]:
    words = fold(name).split()
    if type_ == PERSON:
        words = [w for w in words if w not in PARTICLES and w not in HONORIFICS] or words
    return words


def key(name: str, type_: str) -> str:
    """The actor's folded name: equal keys are the same name."""
    return " ".join(tokens(name, type_))


# Letters that transliterations of one sound swap: q/k/g/gh/kh (Arabic qaf), z/s, j/y, ph/f, th/t.
_SKELETON_RULES = [
    ("ph", "f"),
    ("kh", "k"),
    ("gh", "k"),
    ("q", "k"),
    ("g", "k"),
    ("ck", "k"),
    ("c", "k"),
    ("dh", "d"),
    ("th", "t"),
    ("ou", "u"),
    ("j", "y"),
    ("z", "s"),
    ("x", "ks"),
]


def skeleton(word: str) -> str:
    """A spelling-free form of a name word: consonants only, repeats collapsed, q/k/gh/kh alike."""
    w = word
    for a, b in _SKELETON_RULES:
        w = w.replace(a, b)
    if not w:
        return w
    head, rest = w[0], re.sub(r"[aeiouyhw]", "", w[1:])
    out = head if head not in "aeiouyhw" else "a"
    for c in rest:
        if c != out[-1]:
            out += c
    return out


def surname(name: str, type_: str) -> str | None:
    """The skeleton of a person's last name: actors are looked up by it."""
    if type_ != PERSON:
        return None
    words = tokens(name, type_)
    return skeleton(words[-1]) if words else None


def _similar_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 3:
        return False
    return skeleton(a) == skeleton(b) or SequenceMatcher(None, a, b).ratio() >= 0.85


@dataclass
class Profile:
    """What resolution knows of an entity or an actor."""

    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    roles: list[str] = field(default_factory=list)


def name_score(a: Profile, b: Profile) -> float:
    """1.0 for the same name, less for variants; 0.0 for names that cannot be one person's or body's."""
    ta, tb = tokens(a.name, a.type), tokens(b.name, b.type)
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    if a.type != PERSON:
        if len(ta) != len(tb):
            return 0.0
        return 0.9 if all(_similar_word(x, y) for x, y in zip(ta, tb, strict=True)) else 0.0
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == 1:
        # A surname alone (or one word of a compound surname): it needs role or country to agree.
        return 0.7 if any(_similar_word(short[0], w) for w in long_[1:] or long_) else 0.0
    if not (_similar_word(short[-1], long_[-1]) or (len(long_) > 2 and _similar_word(short[-1], long_[-2]))):
        return 0.0
    if not _subsequence(short, long_):
        return 0.0
    if _similar_word(short[0], long_[0]):
        exact = all(w in long_ for w in short)
        return 0.95 if exact else 0.9
    return 0.85  # an initial, or a given name that the longer form puts second ("Tayyip Erdogan")


def _subsequence(short: list[str], long_: list[str]) -> bool:
    """Every word of the shorter name in the longer one, in order; an initial matches its name."""
    i = 0
    for word in short:
        while i < len(long_) and not (
            _similar_word(word, long_[i]) or (len(word) == 1 and long_[i].startswith(word))
        ):
            i += 1
        if i == len(long_):
            return False
        i += 1
    return True


def conflicts(a: Profile, b: Profile) -> list[str]:
    """Reasons the two cannot be one actor, whatever their names."""
    out = []
    if a.type != b.type:
        out.append(f"type {a.type} vs {b.type}")
    if a.country and b.country and a.country != b.country:
        out.append(f"country {a.country} vs {b.country}")
    if a.sector and b.sector and a.sector != b.sector and not (a.sector in STATE and b.sector in STATE):
        out.append(f"sector {a.sector} vs {b.sector}")
    return out


def _role_words(roles: list[str]) -> set[str]:
    return {w for r in roles for w in fold(r).split() if len(w) > 2}


def match(entity: Profile, actor: Profile) -> tuple[float, dict[str, Any]]:
    """(score, evidence) for linking an article's entity to a stored actor; score 0 means no."""
    evidence: dict[str, Any] = {"entity": entity.name, "actor": actor.name}
    problems = conflicts(entity, actor)
    if problems:
        evidence["conflicts"] = problems
        return 0.0, evidence
    score = name_score(entity, actor)
    evidence["name"] = round(score, 2)
    if score == 0.0:
        return 0.0, evidence
    if entity.country and entity.country == actor.country:
        evidence["country"] = entity.country
        score += 0.1
    shared_roles = _role_words(entity.roles) & _role_words(actor.roles)
    if shared_roles:
        evidence["roles"] = sorted(shared_roles)
        score += 0.1
    if entity.sector and entity.sector == actor.sector:
        evidence["sector"] = entity.sector
        score += 0.05
    return min(score, 1.0), evidence


def best_match(
    entity: Profile, candidates: list[tuple[int, Profile]]
) -> tuple[int | None, float, dict[str, Any]]:
    """The candidate the entity belongs to: the best score over THRESHOLD, and clearly the best."""
    scored = sorted(((*match(entity, p), aid) for aid, p in candidates), key=lambda x: -x[0])
    if not scored or scored[0][0] < THRESHOLD:
        return None, 0.0, scored[0][1] if scored else {}
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.02 and scored[0][0] < 1.0:
        evidence = dict(scored[0][1], ambiguous=[s[2] for s in scored[:3]])
        return None, 0.0, evidence
    score, evidence, aid = scored[0]
    return aid, score, evidence
