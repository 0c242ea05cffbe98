"""The typed records that flow between stages, and their JSON form (see CONTRACT.md).

Stages are pure functions over these records, so any runner (CLI, web, Ray) can call them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "dateline.article/1"


def stable_id(*parts: str | None) -> str:
    """A short hash that names an article without an id of its own (by url, else by text)."""
    basis = next((p for p in parts if p), "")
    return hashlib.sha1(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass
class RawDocument:
    """What a source yields before extraction: HTML to extract, or text already clean."""

    id: str | None = None
    url: str | None = None
    html: str | None = None
    text: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    #: True when `text` is the contract's verbatim input text (JSON Lines), which must not be edited.
    verbatim: bool = False
    #: False when `text` is a body alone (a feed entry's summary), with no title or date line on top.
    text_has_header: bool = True
    authors: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    #: What was degraded on the way in (a field dropped, a text cut); carried onto the Article.
    warnings: list[str] = field(default_factory=list)


@dataclass
class ErrorRecord:
    """A record that could not be turned into an article; it travels in its place."""

    id: str | None
    error: str
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """{"id", "error"}, and "source" (the path, URL or `path:line` it came from) where known."""
        d: dict[str, Any] = {"id": self.id, "error": self.error}
        if self.source:
            d["source"] = self.source
        return d


@dataclass
class Article:
    """A clean article: the output of extraction and the input of every NLP stage."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    dateline: str | None = None
    authors: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    source: str | None = None
    #: What was degraded without failing the record (the contract's optional "warnings").
    warnings: list[str] = field(default_factory=list)


@dataclass
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    roles: list[dict[str, str | None]] = field(default_factory=list)
    mentions: list[list[int]] = field(default_factory=list)


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_entity: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    # "in" is a keyword; the JSON field is named by to_dict.
    where: str = "body"


@dataclass
class Timex:
    text: str
    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None


@dataclass
class Participant:
    name: str
    entity: str | None = None
    country: str | None = None
    sector: str | None = None


@dataclass
class Place:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Event:
    id: str
    type: str
    sentence: str
    start: int
    end: int
    confidence: float
    mode: str | None = None
    actor: list[Participant] = field(default_factory=list)
    recipient: list[Participant] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    place: Place | None = None


@dataclass
class AnalyzedArticle:
    """An article with everything the NLP stages found in it: the contract's article object."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.article.id

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        quotes = []
        for q in self.quotes:
            quote = asdict(q)
            quote["in"] = quote.pop("where")
            quotes.append(quote)
        d: dict[str, Any] = {
            "schema": SCHEMA,
            "id": a.id,
            "url": a.url,
            "title": a.title,
            "published": a.published,
            "dateline": a.dateline,
            "authors": list(a.authors),
            "subheadings": list(a.subheadings),
            "text": a.text,
            "entities": [asdict(e) for e in self.entities],
            "quotes": quotes,
            "timexes": [asdict(t) for t in self.timexes],
            "events": [asdict(e) for e in self.events],
        }
        if a.warnings:
            d["warnings"] = list(a.warnings)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AnalyzedArticle:
        """The inverse of to_dict, for records read back from the store or a file."""
        article = Article(
            id=d["id"],
            text=d.get("text") or "",
            url=d.get("url"),
            title=d.get("title"),
            published=d.get("published"),
            dateline=d.get("dateline"),
            authors=list(d.get("authors") or []),
            subheadings=list(d.get("subheadings") or []),
            warnings=list(d.get("warnings") or []),
        )
        quotes = []
        for q in d.get("quotes") or []:
            q = dict(q)
            q["where"] = q.pop("in", "body")
            quotes.append(Quote(**q))
        events = []
        for e in d.get("events") or []:
            e = dict(e)
            e["actor"] = [Participant(**p) for p in e.get("actor") or []]
            e["recipient"] = [Participant(**p) for p in e.get("recipient") or []]
            e["place"] = Place(**e["place"]) if e.get("place") else None
            events.append(Event(**e))
        return cls(
            article=article,
            entities=[Entity(**e) for e in d.get("entities") or []],
            quotes=quotes,
            timexes=[Timex(**t) for t in d.get("timexes") or []],
            events=events,
        )
