"""Rows to the terminal or to other programs: the same --format choices on every query command."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import IO, Any

from dateline.export.safe import csv_cell, terminal_text

FORMATS = ("table", "json", "jsonl", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v.get("name") if isinstance(v, dict) and "name" in v else v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:.2f}"
    return " ".join(str(value).split())


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    stream: IO[str] | None = None,
    width: int = 48,
) -> None:
    """Write rows as an aligned table (cells cut at `width`), JSON, JSON Lines or CSV.

    Article text is untrusted: the table drops escapes, control characters and bidi overrides, and
    CSV cells that would run as spreadsheet formulas get a leading `'` (see dateline.export.safe)."""
    out = stream or sys.stdout
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(cols)
        for row in rows:
            writer.writerow([csv_cell(_cell(row.get(c))) for c in cols])
    elif fmt == "table":
        cells = [[terminal_text(_cell(row.get(c))) for c in cols] for row in rows]
        cells = [[v if len(v) <= width else v[: width - 1] + "…" for v in line] for line in cells]
        widths = [max([len(c), *(len(line[i]) for line in cells)]) for i, c in enumerate(cols)]
        out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip() + "\n")
        for line in cells:
            out.write("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
