"""full-text search: FTS5 on SQLite, tsvector on PostgreSQL, over quotes and articles

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    # Quotes have an integer key, so the index reads their text from the table itself.
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN"
    " INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN"
    " INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN"
    " INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);"
    " INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
    # Articles are keyed by text ids: the index keeps its own copy, with the id beside it.
    "CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text,"
    " tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
    " INSERT INTO articles_fts(article_id, title, text)"
    " VALUES (new.id, coalesce(new.title, ''), new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
    " DELETE FROM articles_fts WHERE article_id = old.id; END",
]
SQLITE_DOWN = [
    "DROP TRIGGER articles_fts_delete",
    "DROP TRIGGER articles_fts_insert",
    "DROP TABLE articles_fts",
    "DROP TRIGGER quotes_fts_update",
    "DROP TRIGGER quotes_fts_delete",
    "DROP TRIGGER quotes_fts_insert",
    "DROP TABLE quotes_fts",
]
POSTGRES_UP = [
    "ALTER TABLE quotes ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX ix_quotes_tsv ON quotes USING gin (tsv)",
    "ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS"
    " (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX ix_articles_tsv ON articles USING gin (tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX ix_articles_tsv",
    "ALTER TABLE articles DROP COLUMN tsv",
    "DROP INDEX ix_quotes_tsv",
    "ALTER TABLE quotes DROP COLUMN tsv",
]


def _run(statements: list[str]) -> None:
    for sql in statements:
        op.execute(sql)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UP)
    elif dialect == "postgresql":
        _run(POSTGRES_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(POSTGRES_DOWN)
