"""JSON Lines records: {"id", "text" | "html" | "url", "title"?, "published"?, "authors"?}, one a line.

Every non-blank line gives exactly one item: a raw document, or an error record named by
`SOURCE:LINE`. Fields are checked against the contract: an invalid optional field is dropped
with a warning on the record; lone surrogates and NUL characters are replaced by U+FFFD (one
character for one, so offsets into the text stay right), with a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, BinaryIO

from dateline.errors import BadInput
from dateline.ingest.decode import UNSAFE, scrub
from dateline.ingest.limits import lines
from dateline.records import ErrorRecord, RawDocument

FetchPage = Callable[[str], tuple[str, str]]

#: The longest id a record may carry (characters); longer ones are refused, not cut.
MAX_ID = 512
_REDUCED_ISO = re.compile(r"\d{4}(-\d{2})?")


def records(
    stream: BinaryIO, source: str, max_bytes: int, fetch_page: FetchPage | None = None
) -> Iterator[RawDocument | ErrorRecord]:
    """A raw document per good line and an error record per bad one; blank lines are skipped.

    Lines are read with a bounded readline: one longer than max_bytes is an error record and is
    never held in memory whole. A record with only a "url" is fetched with fetch_page.
    """
    for number, raw in enumerate(lines(stream, max_bytes), 1):
        where = f"{source}:{number}"
        if raw is None:
            yield ErrorRecord(None, f"record larger than the cap of {max_bytes} bytes", where)
            continue
        if not raw.strip():
            continue
        rid: str | None = None
        try:
            record = _parse(raw)
            rid = _id(record)
            yield _document(record, rid, where, fetch_page)
        except BadInput as e:
            yield ErrorRecord(rid, str(e), where)


def _parse(raw: bytes) -> dict[str, Any]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput("not UTF-8 (binary data?)") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise BadInput(f"not JSON ({e.msg} at column {e.colno})") from None
    except RecursionError:
        raise BadInput("not JSON (nested too deeply)") from None
    except ValueError:  # an integer of more digits than Python converts (4300 by default)
        raise BadInput("not JSON (a number with too many digits)") from None
    if not isinstance(record, dict):
        raise BadInput("not a JSON object")
    return record


def _id(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise BadInput(f"id must be a string or an integer, not {_json_type(value)}")
    if len(value) > MAX_ID:
        raise BadInput(f"id longer than {MAX_ID} characters")
    return UNSAFE.sub("\ufffd", value)


def _document(
    record: dict[str, Any], rid: str | None, where: str, fetch_page: FetchPage | None
) -> RawDocument:
    warnings: list[str] = []
    if isinstance(record.get("id"), str) and UNSAFE.search(record["id"]):
        warnings.append("id: lone surrogates or NUL characters replaced by U+FFFD")
    title = _string(record, "title", warnings)
    url = _string(record, "url", warnings)
    common: dict[str, Any] = {
        "id": rid,
        "url": url,
        "title": title,
        "published": _published(record, warnings),
        "source": where,
        "authors": _authors(record, warnings),
        "warnings": warnings,
    }
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return RawDocument(text=scrub(text, "text", warnings), verbatim=True, **common)
    if isinstance(html, str) and html.strip():
        return RawDocument(html=scrub(html, "html", warnings), **common)
    if url and fetch_page is not None and text is None and html is None:
        final_url, page = fetch_page(url)
        return RawDocument(html=page, **{**common, "url": final_url})
    raise BadInput("record has no text")


def _string(record: dict[str, Any], key: str, warnings: list[str]) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        warnings.append(f"{key}: {_json_type(value)} is not a string; dropped")
        return None
    return scrub(str(value).strip(), key, warnings) or None


def _published(record: dict[str, Any], warnings: list[str]) -> str | None:
    """The record's "published" if it is ISO 8601, else None with a warning (never passed on)."""
    value = record.get("published")
    if value is None:
        return None
    if not isinstance(value, str):
        warnings.append(f"published: {_json_type(value)} is not an ISO 8601 date; dropped")
        return None
    s = value.strip()
    if not s:
        return None
    if not is_iso8601(s):
        shown = UNSAFE.sub("\ufffd", s[:40])
        warnings.append(f"published: {shown!r} is not an ISO 8601 date; dropped")
        return None
    return s


def is_iso8601(s: str) -> bool:
    """A date or datetime in ISO 8601 ("2020-12-08", "2020-12-08T10:00:00+03:30", "2020-12", "2020")."""
    if _REDUCED_ISO.fullmatch(s):
        return len(s) == 4 or 1 <= int(s[5:]) <= 12
    try:
        datetime.fromisoformat(s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s)
    except ValueError:
        return False
    return True


def _authors(record: dict[str, Any], warnings: list[str]) -> list[str]:
    value = record["authors"] if record.get("authors") is not None else record.get("author")
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        warnings.append(f"authors: {_json_type(value)} is not a list of strings; dropped")
        return []
    names = [scrub(a.strip(), "authors", warnings) for a in value if isinstance(a, str) and a.strip()]
    if any(not isinstance(a, str) for a in value):
        warnings.append("authors: entries that are not strings dropped")
    return names


def _json_type(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)
