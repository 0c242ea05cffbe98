"""`dateline load`: a batch's Parquet output into the store, through the same Store.add as `ingest`.

Rows are streamed from the shards and written in batches, one transaction each; an article stored
already (by id or by text) is skipped, so loading the same folder twice, or again after an
interruption, changes nothing; an id stored already with another text is reported and skipped. Two
loaders at once (PostgreSQL) may race on the same article: the batch that loses is written again
article by article, and the article the other loader stored is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from dateline.records import AnalyzedArticle, ErrorRecord
from dateline.runners import parquet
from dateline.runners.progress import bar as progress_bar


def article(row: dict[str, Any]) -> AnalyzedArticle:
    """The analysed article of an output row, its source kept."""
    analyzed = AnalyzedArticle.from_dict(row)
    analyzed.article.source = row.get("source")
    return analyzed


def _add(
    store: Any, batch: list[AnalyzedArticle], replace: bool, on_error: Callable[[ErrorRecord], None]
) -> int:
    """The batch in one transaction; where that fails (another loader stored one of its articles first, or
    an id is stored with another text), article by article, each refused one reported."""
    try:
        added: int = store.add(batch, replace)
        return added
    except (IntegrityError, OperationalError, ValueError):
        pass
    added = 0
    for one in batch:
        try:
            added += store.add([one], replace)
        except (IntegrityError, OperationalError, ValueError) as e:
            on_error(ErrorRecord(one.id, str(e).splitlines()[0], one.article.source))
    return added


def load(
    store: Any,
    folder: Path,
    batch_size: int = 64,
    replace: bool = False,
    progress: bool | None = None,
    on_error: Callable[[ErrorRecord], None] = lambda e: None,
) -> tuple[int, int]:
    """(articles added, articles read) from every Parquet file under `folder`."""
    added = seen = 0
    batch: list[AnalyzedArticle] = []
    with progress_bar(progress, desc="loaded") as bar:
        for row in parquet.read_rows(folder):
            batch.append(article(row))
            seen += 1
            if len(batch) >= batch_size:
                added += _add(store, batch, replace, on_error)
                bar.update(len(batch))
                batch = []
        added += _add(store, batch, replace, on_error)
        bar.update(len(batch))
    return added, seen
