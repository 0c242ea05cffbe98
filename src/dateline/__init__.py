"""dateline: who met whom, who said what, when and where, read from the news with evidence.

The public API is small: `read` sources into raw documents, `extract` clean articles, `analyze`
(or `process`, extraction included) them, keep them in a `Store`, and ask questions across them
with `open(db)` (events, actors, quotes, full-text search).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "analyze": "dateline.pipeline",
    "process": "dateline.pipeline",
    "extract": "dateline.extract",
    "read": "dateline.ingest",
    "Store": "dateline.store",
    "open": "dateline.store.query",
    "Database": "dateline.store.query",
    "AnalyzedArticle": "dateline.records",
    "Article": "dateline.records",
    "ErrorRecord": "dateline.records",
    "RawDocument": "dateline.records",
}
__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    """Import on first use, so that `dateline --help` does not load trafilatura or SQLAlchemy."""
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")
