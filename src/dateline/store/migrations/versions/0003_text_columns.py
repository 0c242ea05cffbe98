"""derived values as TEXT on both backends, and the articles' warnings

PostgreSQL enforces VARCHAR(n) where SQLite does not: an entity id built from a long name, a
`published` as the page wrote it or a long record id stopped an ingest on PostgreSQL only. Every
column that holds what the pipeline derives from input becomes TEXT; columns the store computes
itself (days, hashes, timestamps, link methods) keep their lengths.

On SQLite a column's type can only change by copying the table (Alembic's batch mode). The
copies drop the full-text triggers of `articles` and `quotes`, which are made again here; the
caller (migrate.upgrade) turns foreign keys off for the copy, so that dropping an old table does
not cascade.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: table -> (column, its former length)
WIDENED: dict[str, list[tuple[str, int]]] = {
    "articles": [("id", 200), ("published", 40), ("dateline", 200)],
    "actors": [("type", 20), ("country", 3), ("sector", 10)],
    "actor_roles": [("country", 3)],
    "article_entities": [
        ("article_id", 200),
        ("entity_id", 50),
        ("type", 20),
        ("country", 3),
        ("sector", 10),
    ],
    "actor_links": [("article_id", 200), ("entity_id", 50)],
    "mentions": [("article_id", 200), ("entity_id", 50)],
    "quotes": [("article_id", 200), ("in", 30), ("kind", 10), ("speaker_entity", 50)],
    "timexes": [("article_id", 200), ("type", 10), ("value", 60), ("mod", 20)],
    "events": [("type", 20), ("mode", 30), ("date", 10), ("place_country", 3)],
    "event_reports": [("article_id", 200), ("local_id", 50), ("type", 20), ("mode", 30), ("date", 10)],
}

#: The full-text triggers of migration 0002, dropped with the tables SQLite copies.
SQLITE_TRIGGERS = [
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN"
    " INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN"
    " INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN"
    " INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
    " INSERT INTO articles_fts(article_id, title, text)"
    " VALUES (new.id, coalesce(new.title, ''), new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
    " DELETE FROM articles_fts WHERE article_id = old.id; END",
]
TRIGGER_NAMES = [
    "quotes_fts_insert",
    "quotes_fts_delete",
    "quotes_fts_update",
    "articles_fts_insert",
    "articles_fts_delete",
]


def _retype(to_text: bool) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name in TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table, columns in WIDENED.items():
        with op.batch_alter_table(table) as batch:
            for column, length in columns:
                new, old = (sa.Text(), sa.String(length)) if to_text else (sa.String(length), sa.Text())
                batch.alter_column(column, type_=new, existing_type=old)
    if sqlite:
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)


def upgrade() -> None:
    _retype(to_text=True)
    op.add_column("articles", sa.Column("warnings", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("warnings")
    _retype(to_text=False)
