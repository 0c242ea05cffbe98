"""The store's tables (SQLAlchemy Core): articles and what the NLP stages derived from them."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(40), index=True),
    Column("dateline", String(200)),
    Column("authors", JSON, nullable=False),
    Column("subheadings", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("source", Text),
    #: sha1 of the whitespace-collapsed text: the same article from two sources is stored once.
    Column("content_hash", String(40), nullable=False, unique=True),
    Column("schema", String(40), nullable=False),
    Column("ingested_at", String(40), nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("article_id", String(200), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(50), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("country", String(3)),
    Column("sector", String(10)),
    Column("roles", JSON, nullable=False),
    Column("mentions", JSON, nullable=False),
    Index("ix_entities_name", "name"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("article_id", String(200), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("in", String(30), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("speaker", Text),
    Column("speaker_entity", String(50)),
    Column("speaker_text", Text),
    Column("cue", Text),
)

timexes = Table(
    "timexes",
    metadata,
    Column("article_id", String(200), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("type", String(10), nullable=False),
    Column("value", String(60)),
    Column("mod", String(20)),
)

events = Table(
    "events",
    metadata,
    Column("article_id", String(200), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String(50), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("mode", String(30)),
    Column("actor", JSON, nullable=False),
    Column("recipient", JSON, nullable=False),
    Column("date", String(20), index=True),
    Column("date_text", Text),
    Column("place", JSON),
    Column("sentence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
)

#: Tables that hang off an article, deleted and rewritten with it.
CHILDREN = (entities, quotes, timexes, events)
