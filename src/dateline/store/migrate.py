"""Schema migrations with Alembic, run when a Store opens a database (and only when it is behind).

Two processes may open a fresh store at once: the one that migrates holds the database's write
lock (SQLite's BEGIN IMMEDIATE, a PostgreSQL advisory lock) from the version check to the commit,
and the other, waiting on it, finds the database at the head and does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).with_name("migrations")
#: The PostgreSQL advisory lock key that serialises dateline's migrations ("dateline" in ASCII).
LOCK_KEY = 0x646174656C696E65


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head() -> str | None:
    return ScriptDirectory.from_config(config()).get_current_head()


def current(engine: Engine | Connection) -> str | None:
    if isinstance(engine, Connection):
        return MigrationContext.configure(engine).get_current_revision()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision`; a database already there is left alone (and not written)."""
    if revision == "head" and current(engine) == head():
        return
    _run(
        engine,
        lambda cfg: command.upgrade(cfg, revision),
        lambda conn: revision == "head" and current(conn) == head(),
    )


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, lambda cfg: command.downgrade(cfg, revision), lambda conn: False)


def _run(engine: Engine, step: Callable[[Config], None], done: Callable[[Connection], bool]) -> None:
    cfg = config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # Copying a table (how SQLite changes a column) must not cascade the old one's deletion.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if sqlite:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                elif engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
                if done(conn):
                    return
                cfg.attributes["connection"] = conn
                step(cfg)
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
