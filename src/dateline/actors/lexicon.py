"""The knowledge the actors stage reads: gazetteers and lexicons from data/, loaded once on first use.

Everything here is data, not code: countries and places come from packages (see
scripts/build_actor_gazetteers.py), demonyms, epithets, titles and sector words are small curated files.
Their sources and licences are in data/README.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

_WORD = re.compile(r"[^\W_]+")
#: Name particles that do not tell two people apart ("al-Mekdad" and "Mekdad" are one name).
PARTICLES = frozenset(
    {
        "al", "el", "al'", "bin", "ibn", "bint", "abu", "de", "da", "di", "du", "del", "della", "van", "von",
        "der", "den", "le", "la", "ul", "ud",
    }
)  # fmt: skip


FUNCTION_WORDS = frozenset(["the", "of", "a", "an", "and", "for", "to", "in", "on", "at"])


def fold(text: str) -> str:
    """Lower case, accents off, curly apostrophes straight: the key every lookup uses."""
    s = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()


def name_words(text: str) -> tuple[str, ...]:
    """The words that identify a name, particles dropped, for matching short forms to full ones."""
    words = [w for w in _WORD.findall(fold(text)) if w not in PARTICLES]
    return tuple(words)


@dataclass(frozen=True)
class Title:
    """A title from titles.tsv: its sector ("*" = from the body it belongs to), class and gender."""

    text: str
    sector: str | None
    cls: str
    gender: str | None


@dataclass(frozen=True)
class Org:
    name: str
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class Epithet:
    phrase: str
    country: str
    kind: str  # "country" or "body"
    type: str
    sector: str | None


@dataclass
class Lexicon:
    #: folded alias -> ISO3 for country names; the case-sensitive forms (acronyms) in country_exact.
    country_by_alias: dict[str, str] = field(default_factory=dict)
    country_exact: dict[str, str] = field(default_factory=dict)
    country_name: dict[str, str] = field(default_factory=dict)
    capital_of: dict[str, str] = field(default_factory=dict)
    #: folded place name -> (ISO3, kind) for capitals, large cities, states and provinces.
    places: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: folded demonym (adjective or plural) -> (ISO3 or None, is_plural)
    demonyms: dict[str, tuple[str | None, bool]] = field(default_factory=dict)
    demonym_plural: dict[str, str] = field(default_factory=dict)
    epithets: dict[str, Epithet] = field(default_factory=dict)
    #: folded org alias -> Org; acronyms and other case-sensitive forms in org_exact.
    orgs: dict[str, Org] = field(default_factory=dict)
    org_exact: dict[str, Org] = field(default_factory=dict)
    titles: dict[str, Title] = field(default_factory=dict)
    #: words that can be part of a title, and those that can end one.
    title_words: set[str] = field(default_factory=set)
    title_heads: set[str] = field(default_factory=set)
    honorifics: dict[str, str | None] = field(default_factory=dict)
    sector_words: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: every multi-word or exact phrase the matcher should find, with what it is.
    phrases: dict[str, tuple[str, str]] = field(default_factory=dict)

    def country_of_name(self, text: str) -> str | None:
        """ISO3 when text names a country (any of its usual names), else None."""
        t = text.strip()
        if t.startswith(("the ", "The ")):
            t = t[4:]
        if t in self.country_exact:
            return self.country_exact[t]
        key = fold(t)
        if key in self.country_by_alias and (len(key) > 3 or not t.isupper()):
            return self.country_by_alias[key]
        return None

    def place(self, text: str) -> tuple[str, str] | None:
        return self.places.get(fold(text))

    def org(self, text: str) -> Org | None:
        t = text.strip()
        if t in self.org_exact:
            return self.org_exact[t]
        key = fold(t[4:] if t.startswith(("the ", "The ")) else t)
        return self.orgs.get(key)

    def epithet(self, text: str) -> Epithet | None:
        t = text.strip()
        key = fold(t[4:] if t.startswith(("the ", "The ")) else t)
        return self.epithets.get(key)

    def demonym(self, text: str) -> tuple[str | None, bool] | None:
        return self.demonyms.get(fold(text))


def _rows(name: str) -> list[list[str]]:
    """The rows of a TSV data file, comments and the header skipped."""
    text = resources.files("dateline.actors").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


def _none(value: str) -> str | None:
    return None if value in ("", "-") else value


def _build() -> Lexicon:
    lex = Lexicon()
    org_phrases: dict[str, str] = {}
    country_phrases: dict[str, str] = {}
    for iso3, _iso2, name, aliases, capital in _rows("countries.tsv"):
        lex.country_name[iso3] = name
        for alias in aliases.split("|"):
            lex.country_by_alias.setdefault(fold(alias), iso3)
            country_phrases.setdefault(alias, iso3)
        if capital:
            lex.capital_of[fold(capital)] = iso3
    for iso3, name, aliases in _rows("country_aliases.tsv"):
        lex.country_name[iso3] = name
        for alias in aliases.split("|"):
            alias = alias[4:] if alias.startswith("the ") else alias
            country_phrases[alias] = iso3
            if alias.isupper() or "." in alias:
                lex.country_exact[alias] = iso3
            else:
                lex.country_by_alias[fold(alias)] = iso3
    for name, iso3, kind, _pop in _rows("places.tsv"):
        lex.places.setdefault(fold(name), ("" if iso3 == "-" else iso3, kind))
    for adjective, plural, iso3 in _rows("demonyms.tsv"):
        code = _none(iso3)
        lex.demonyms.setdefault(fold(adjective), (code, False))
        lex.demonyms.setdefault(fold(plural), (code, True))
        lex.demonym_plural[fold(adjective)] = plural
    for phrase, iso3, kind, type_, sector in _rows("epithets.tsv"):
        lex.epithets[fold(phrase)] = Epithet(phrase, iso3, kind, type_, _none(sector))
    for name, aliases, iso3, sector in _rows("orgs.tsv"):
        org = Org(name, _none(iso3), _none(sector))
        for alias in [name, *filter(None, aliases.split("|"))]:
            alias = alias[4:] if alias.startswith("the ") else alias
            org_phrases[alias] = org.name
            if alias.isupper() and len(alias) <= 5:
                lex.org_exact[alias] = org
            else:
                lex.orgs.setdefault(fold(alias), org)
    for text, sector, cls, gender in _rows("titles.tsv"):
        title = Title(text, None if sector == "-" else sector, cls, _none(gender))
        lex.titles[text] = title
        words = text.split()
        lex.title_words.update(w for w in words if w not in FUNCTION_WORDS)
        lex.title_heads.add(words[-1])
    for word, gender in _rows("honorifics.tsv"):
        lex.honorifics[word] = _none(gender)
    for word, sector, where in _rows("sector_words.tsv"):
        lex.sector_words[word] = (sector, where)
    # The phrases the matcher looks for in running text (NER finds most names; these are the ones it misses
    # or mislabels): country names and aliases, epithets and well-known organisations.
    for alias, iso3 in country_phrases.items():
        lex.phrases[alias] = ("country", iso3)
    for ep in lex.epithets.values():
        lex.phrases[ep.phrase] = ("epithet", ep.phrase)
    for alias, org_name in org_phrases.items():
        lex.phrases.setdefault(alias, ("org", org_name))
    return lex


@cache
def lexicon() -> Lexicon:
    """The one Lexicon of the process, read from the data files on first use."""
    return _build()
