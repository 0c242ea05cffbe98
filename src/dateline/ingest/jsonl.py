"""JSON Lines records: {"id", "text" | "html" | "url", "title"?, "published"?}, one a line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from dateline.errors import BadInput
from dateline.records import ErrorRecord, RawDocument


def records(
    lines: Iterable[bytes],
    source: str,
    max_bytes: int,
    fetch_page: Callable[[str], tuple[str, str]] | None = None,
) -> Iterator[RawDocument | ErrorRecord]:
    """A raw document per good line and an error record per bad one; blank lines are skipped."""
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            yield parse_record(raw, number, max_bytes, source, fetch_page)
        except BadInput as e:
            yield ErrorRecord(_id_of(raw), f"line {number}: {e}", source)


def _id_of(raw: bytes) -> str | None:
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return None
    value = record.get("id") if isinstance(record, dict) else None
    return str(value) if value is not None else None


def parse_record(
    raw: bytes, number: int, max_bytes: int, source: str, fetch_page: Callable[[str], tuple[str, str]] | None
) -> RawDocument:
    if len(raw) > max_bytes:
        raise BadInput(f"record larger than the cap of {max_bytes} bytes")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput("not UTF-8 (binary data?)") from None
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as e:
        raise BadInput(f"not JSON ({e.msg} at column {e.colno})") from None
    except RecursionError:
        raise BadInput("not JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise BadInput("not a JSON object")
    rid = record.get("id")
    rid = str(rid) if rid is not None else None
    title, published, url = (_str(record, k) for k in ("title", "published", "url"))
    authors = record.get("authors") or ([record["author"]] if isinstance(record.get("author"), str) else [])
    common: dict[str, Any] = {
        "id": rid,
        "url": url,
        "title": title,
        "published": published,
        "source": source,
        "authors": [a for a in authors if isinstance(a, str) and a.strip()],
    }
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        if "\x00" in text:
            raise BadInput("text holds binary data")
        return RawDocument(text=text, verbatim=True, **common)
    if isinstance(html, str) and html.strip():
        return RawDocument(html=html, **common)
    if url and fetch_page is not None and text is None and html is None:
        final_url, page = fetch_page(url)
        return RawDocument(html=page, **{**common, "url": final_url})
    raise BadInput("record has no text")


def _str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return value.strip() or None if isinstance(value, str) else str(value)
