"""Article rows as Parquet: the contract's fields as columns, one schema for every shard and runner.

Scalars are columns of their own; `authors`, `subheadings` and `warnings` are lists of strings; the
nested lists of objects (`entities`, `quotes`, `timexes`, `events`) are JSON strings, each exactly the
contract's list, so that a field the contract adds later travels without a schema change (read them
with `json.loads`, or DuckDB's `from_json`). Top-level fields this schema does not name go to `extra`
(a JSON object, null when none). `unit` and `pos` place each record in the input order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

SCALARS = ("schema", "id", "url", "title", "published", "dateline", "text", "source")
STRING_LISTS = ("authors", "subheadings", "warnings")
NESTED = ("entities", "quotes", "timexes", "events")

SCHEMA = pa.schema(
    [
        pa.field("unit", pa.int32(), nullable=False),
        pa.field("pos", pa.int64(), nullable=False),
        *(pa.field(name, pa.string()) for name in SCALARS),
        *(pa.field(name, pa.list_(pa.string())) for name in STRING_LISTS),
        *(pa.field(name, pa.string()) for name in NESTED),
        pa.field("extra", pa.string()),
    ]
)
_KNOWN = {"unit", "pos", *SCALARS, *STRING_LISTS, *NESTED}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def to_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Article rows (no error rows) as one Arrow table of SCHEMA."""
    columns: dict[str, list[Any]] = {name: [] for name in SCHEMA.names}
    for row in rows:
        for name in ("unit", "pos", *SCALARS, *STRING_LISTS):
            columns[name].append(row.get(name))
        for name in NESTED:
            columns[name].append(_dumps(row.get(name) or []))
        extra = {k: v for k, v in row.items() if k not in _KNOWN and k != "error"}
        columns["extra"].append(_dumps(extra) if extra else None)
    return pa.Table.from_pydict(columns, schema=SCHEMA)


def from_table(table: pa.Table) -> Iterator[dict[str, Any]]:
    """Rows back from a table of SCHEMA: the contract's article object (in its key order), with `source`,
    `unit` and `pos`; `warnings` only where the record had them."""
    for row in table.to_pylist():
        yield from_row(row)


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"unit": row["unit"], "pos": row["pos"]}
    for name in ("schema", "id", "url", "title", "published", "dateline", "authors", "subheadings", "text"):
        out[name] = list(row[name] or []) if name in STRING_LISTS else row[name]
    for name in NESTED:
        out[name] = json.loads(row[name] or "[]")
    if row.get("warnings") is not None:
        out["warnings"] = list(row["warnings"])
    if row.get("extra"):
        out.update(json.loads(row["extra"]))
    out["source"] = row["source"]
    return out


def write(rows: list[dict[str, Any]], path: Path) -> None:
    pq.write_table(to_table(rows), path, compression="zstd")


def parquet_files(folder: Path) -> list[Path]:
    """The Parquet files under a batch's output folder, in name order (a local run's shard order)."""
    return sorted(p for p in folder.rglob("*.parquet") if p.is_file())


def read_rows(folder: Path, batch_size: int = 1024) -> Iterator[dict[str, Any]]:
    """Every article row of a batch's output folder, streamed one row group batch at a time."""
    for path in parquet_files(folder):
        with pq.ParquetFile(path) as f:
            for batch in f.iter_batches(batch_size=batch_size):
                yield from from_table(pa.Table.from_batches([batch], schema=f.schema_arrow))
