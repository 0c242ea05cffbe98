"""review and correction (the corrections table) and views with names instead of keys, for Datasette

`events_named`, `event_reports_named`, `quotes_named`, `actor_roles_named` and `actor_links_named` show
actor names, article titles and evidence beside the ids, so that `datasette news.sqlite` reads as it is.
A later migration that copies one of the tables these views read (SQLite batch mode) must drop the views
first and make them again after (`drop_views()` / `create_views()` here).

Revision ID: 0004_review
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_review"
down_revision = "0003"
branch_labels = None
depends_on = None

VIEWS = {
    "events_named": """
SELECT e.id, e.date, e.type, e.mode,
  (SELECT {agg} FROM event_participants p JOIN actors a ON a.id = p.actor_id
    WHERE p.event_id = e.id AND p.side = 'actor') AS actors,
  (SELECT {agg} FROM event_participants p JOIN actors a ON a.id = p.actor_id
    WHERE p.event_id = e.id AND p.side = 'recipient') AS recipients,
  e.place_name AS place, e.place_country, e.reports, e.confidence,
  (SELECT {verdict} FROM corrections c WHERE c.target = 'event' AND c.target_id = e.id
    AND c.field = 'verdict' ORDER BY c.id DESC LIMIT 1) AS verdict,
  (SELECT r.sentence FROM event_reports r WHERE r.event_id = e.id
    ORDER BY r.confidence DESC, r.article_id LIMIT 1) AS evidence,
  (SELECT r.article_id FROM event_reports r WHERE r.event_id = e.id
    ORDER BY r.confidence DESC, r.article_id LIMIT 1) AS article_id
FROM events e""",
    "event_reports_named": """
SELECT r.event_id, r.type, r.date, r.date_text, r.sentence, r.confidence, r.article_id,
  ar.title AS article, ar.url, ar.published
FROM event_reports r JOIN articles ar ON ar.id = r.article_id""",
    "quotes_named": """
SELECT q.id, q.day, coalesce(a.name, q.speaker) AS speaker, a.country AS speaker_country, q.kind, q.text,
  q.cue, q.speaker_text, q.speaker_actor_id, ar.title AS article, ar.url, q.article_id
FROM quotes q JOIN articles ar ON ar.id = q.article_id LEFT JOIN actors a ON a.id = q.speaker_actor_id""",
    "actor_roles_named": """
SELECT a.name AS actor, r.title, r.country, r.first_seen, r.last_seen, r.actor_id
FROM actor_roles r JOIN actors a ON a.id = r.actor_id""",
    "actor_links_named": """
SELECT l.id, a.name AS actor, ae.name AS entity_name, ar.title AS article, l.method, l.score, l.created_at,
  l.undone_at, l.actor_id, l.article_id, l.entity_id
FROM actor_links l JOIN actors a ON a.id = l.actor_id JOIN articles ar ON ar.id = l.article_id
LEFT JOIN article_entities ae ON ae.article_id = l.article_id AND ae.entity_id = l.entity_id""",
}


def create_views() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    agg = "string_agg(a.name, '; ' ORDER BY a.name)" if postgres else "group_concat(a.name, '; ')"
    verdict = "c.new_value #>> '{}'" if postgres else "json_extract(c.new_value, '$')"
    for name, body in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {body.format(agg=agg, verdict=verdict).strip()}")


def drop_views() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("target", sa.String(10), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.JSON(), nullable=False),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column("old_value", sa.JSON()),
        sa.Column("new_value", sa.JSON()),
    )
    op.create_index("ix_corrections_target", "corrections", ["target", "target_id"])
    create_views()


def downgrade() -> None:
    drop_views()
    op.drop_index("ix_corrections_target", table_name="corrections")
    op.drop_table("corrections")
