"""Export: analysed articles as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from dateline.records import AnalyzedArticle

FORMATS = ("jsonl", "csv", "parquet")
#: The article's own fields; derived lists go in as counts (CSV) or JSON text (Parquet).
ARTICLE_COLUMNS = ("id", "url", "title", "published", "dateline", "authors", "subheadings", "text")
DERIVED = ("entities", "quotes", "timexes", "events")


def write(items: Iterable[AnalyzedArticle], fmt: str, output: str | None) -> int:
    """Write articles to a file (or stdout for jsonl/csv when output is None or '-'); returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not output or output == "-":
            raise ValueError("parquet needs --output FILE")
        return _parquet(items, Path(output))
    if not output or output == "-":
        return _text(items, fmt, sys.stdout)
    with open(output, "w", encoding="utf-8", newline="") as stream:
        return _text(items, fmt, stream)


def _text(items: Iterable[AnalyzedArticle], fmt: str, stream: IO[str]) -> int:
    n = 0
    if fmt == "jsonl":
        for item in items:
            stream.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            n += 1
        return n
    writer = csv.writer(stream)
    writer.writerow([*ARTICLE_COLUMNS, *DERIVED])
    for item in items:
        d = item.to_dict()
        writer.writerow([_cell(d[c]) for c in ARTICLE_COLUMNS] + [len(d[k]) for k in DERIVED])
        n += 1
    return n


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return "" if value is None else value


def _parquet(items: Iterable[AnalyzedArticle], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [item.to_dict() for item in items]
    schema = pa.schema(
        [
            (c, pa.list_(pa.string()) if c in ("authors", "subheadings") else pa.string())
            for c in ARTICLE_COLUMNS
        ]
        + [(k, pa.string()) for k in DERIVED]
    )
    columns = {c: [r[c] for r in rows] for c in ARTICLE_COLUMNS}
    columns.update({k: [json.dumps(r[k], ensure_ascii=False) for r in rows] for k in DERIVED})
    pq.write_table(pa.table(columns, schema=schema), path)
    return len(rows)
