"""The store's tables (SQLAlchemy Core). Alembic migrations in `migrations/` create and change them;
a test checks that the migrated database and these definitions agree.

Per-article tables (article_entities, mentions, quotes, timexes, event_reports) hang off an
article and are rewritten with it. Cross-article tables (actors, actor_roles, actor_links,
events, event_participants) hold what the knowledge base concluded from all articles.

Columns that hold what the pipeline derives from input (ids, names, dates as written) are TEXT on
both backends: a VARCHAR(n) would refuse on PostgreSQL what SQLite takes.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True),
    Column("url", Text),
    Column("title", Text),
    Column("published", Text),
    #: The publication day (YYYY-MM-DD) for range filters; published keeps time and offset.
    Column("day", String(10), index=True),
    Column("dateline", Text),
    Column("authors", JSON, nullable=False),
    Column("subheadings", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("source", Text),
    #: sha1 of the whitespace-collapsed text: the same article from two sources is stored once.
    Column("content_hash", String(40), nullable=False, unique=True),
    Column("schema", String(40), nullable=False),
    Column("ingested_at", String(40), nullable=False),
    Column("analyzed_at", String(40), nullable=False),
    #: What was degraded without failing the record (the contract's `warnings`), the store's cleaning too.
    Column("warnings", JSON),
)

actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    #: Folded name (accents, case, particles and punctuation gone): the first test of a match.
    Column("key", Text, nullable=False, index=True),
    #: Folded last word of a person's name: where name variants are looked for.
    Column("surname", Text, index=True),
    Column("type", Text, nullable=False),
    Column("country", Text, index=True),
    Column("sector", Text, index=True),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
)

actor_roles = Table(
    "actor_roles",
    metadata,
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("title", Text, primary_key=True),
    Column("country", Text),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
)

article_entities = Table(
    "article_entities",
    metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", Text, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="SET NULL"), index=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("country", Text),
    Column("sector", Text),
    Column("roles", JSON, nullable=False),
)

#: Why an article's entity belongs to an actor: every merge keeps its evidence and can be undone.
actor_links = Table(
    "actor_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), nullable=False, index=True),
    #: new (the entity founded the actor), exact, variant, manual
    Column("method", String(20), nullable=False),
    Column("score", Float, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("undone_at", String(40)),
    Index("ix_actor_links_entity", "article_id", "entity_id"),
)

#: Pairs a person said are different: resolution never merges them again.
actor_splits = Table(
    "actor_splits",
    metadata,
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("other_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", Text, primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("in", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("speaker", Text),
    Column("speaker_entity", Text),
    Column("speaker_actor_id", Integer, ForeignKey("actors.id", ondelete="SET NULL"), index=True),
    Column("speaker_text", Text),
    Column("cue", Text),
    Column("day", String(10), index=True),
    Index("ix_quotes_article", "article_id", "seq", unique=True),
)

timexes = Table(
    "timexes",
    metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("type", Text, nullable=False),
    Column("value", Text),
    Column("mod", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    #: YYYY-MM-DD, YYYY-MM or YYYY; `day_from`/`day_to` are the days it may fall on, for range queries.
    Column("date", Text),
    Column("day_from", String(10)),
    Column("day_to", String(10)),
    Column("place_name", Text),
    Column("place_country", Text),
    Column("lat", Float),
    Column("lon", Float),
    #: Sorted actor ids of each side, joined by commas: the first test of a duplicate.
    Column("actor_key", Text, nullable=False),
    Column("recipient_key", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("reports", Integer, nullable=False),
    Index("ix_events_type_day", "type", "day_from"),
)

event_participants = Table(
    "event_participants",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("side", String(10), primary_key=True),
    Index("ix_event_participants_actor", "actor_id", "event_id"),
)

event_reports = Table(
    "event_reports",
    metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("local_id", Text, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("actor", JSON, nullable=False),
    Column("recipient", JSON, nullable=False),
    Column("date", Text),
    Column("date_text", Text),
    Column("place", JSON),
    Column("sentence", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
)

#: Review and correction (store/corrections.py): who changed what, when, from which value to which; the
#: anchor finds the target again after reanalysis (an event by its report's sentence, an actor by its key).
corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(40), nullable=False),
    Column("author", Text, nullable=False),
    #: event or actor
    Column("target", String(10), nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("anchor", JSON, nullable=False),
    #: verdict, type, actor, recipient, date, place (events); name, country, sector, merge, split (actors)
    Column("field", String(20), nullable=False),
    Column("old_value", JSON),
    Column("new_value", JSON),
    Index("ix_corrections_target", "target", "target_id"),
)

#: The per-article tables, deleted and rewritten with their article (children before parents).
PER_ARTICLE = (event_reports, timexes, quotes, mentions, actor_links, article_entities)

__all__ = [
    "PER_ARTICLE",
    "actor_links",
    "actor_roles",
    "actor_splits",
    "actors",
    "article_entities",
    "articles",
    "corrections",
    "event_participants",
    "event_reports",
    "events",
    "mentions",
    "metadata",
    "quotes",
    "timexes",
]
