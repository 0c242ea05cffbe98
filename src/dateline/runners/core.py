"""The one function every runner calls: a batch of input rows in, a batch of output rows out.

Rows are plain dicts of plain values, so that they pickle to a worker process, travel as Arrow through
Ray's object store, and are written as Parquet with the same code whichever runner made them.

An input row is a raw document (RawDocument's fields, `meta` as a JSON string) or a read error (`id`,
`error`, `source`), with `unit` (the index of the input it came from in the expanded input list) and
`pos` (its position in that input): together they give every record its place in the input order.

An output row is the contract's article object with `source`, `unit` and `pos` beside it, or an error
row: `{"unit", "pos", "id", "error", "source"}`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from typing import Any

from dateline import nlp
from dateline.config import Settings
from dateline.records import AnalyzedArticle, Article, ErrorRecord, RawDocument

__all__ = ["Process", "analyze_rows", "input_row", "is_error", "row_item"]

#: pipeline.process's shape: raw documents (or read errors), a batch size and Settings in; analysed articles
#: (or errors) out, one for each, in order.
Process = Callable[
    [Iterable[RawDocument | Article | ErrorRecord], int, Settings | None],
    Iterator[AnalyzedArticle | ErrorRecord],
]


def input_row(item: RawDocument | ErrorRecord, unit: int, pos: int) -> dict[str, Any]:
    """The row of one record read from an input."""
    if isinstance(item, ErrorRecord):
        return {"unit": unit, "pos": pos, "id": item.id, "error": item.error, "source": item.source}
    row = asdict(item)
    row["meta"] = json.dumps(item.meta, ensure_ascii=False, sort_keys=True, default=str)
    return {"unit": unit, "pos": pos, "error": None, **row}


def row_item(row: dict[str, Any]) -> RawDocument | ErrorRecord:
    """The record an input row stands for (the inverse of input_row)."""
    if row.get("error") is not None:
        return ErrorRecord(row.get("id"), row["error"], row.get("source"))
    fields = {k: row[k] for k in RawDocument.__dataclass_fields__ if k in row}
    fields["meta"] = json.loads(fields.get("meta") or "{}")
    fields["authors"] = list(fields.get("authors") or [])
    return RawDocument(**fields)


def is_error(row: dict[str, Any]) -> bool:
    return row.get("error") is not None


def analyze_rows(
    rows: Sequence[dict[str, Any]],
    batch_size: int = nlp.BATCH_SIZE,
    process: Process | None = None,
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """The output rows of a batch of input rows, one for each, in order: extraction and every NLP stage
    (`dateline.pipeline.process` with `settings`, or `process` where a runner is given another); a bad record
    becomes an error row."""
    if process is None:
        from dateline.pipeline import process as pipeline_process

        process = pipeline_process
    out = []
    results = process((row_item(r) for r in rows), batch_size, settings)
    for row, result in zip(rows, results, strict=True):
        place = {"unit": row["unit"], "pos": row["pos"]}
        if isinstance(result, ErrorRecord):
            out.append({**place, "id": result.id, "error": result.error, "source": result.source})
        else:
            out.append({**place, **result.to_dict(), "source": result.article.source})
    return out
