"""A batch's inputs as an ordered list of units (files, URLs, standard input), and the records of each.

Folders and glob patterns are expanded here, in sorted order, so that every runner sees the same units
in the same order and gives each record the same place (`unit`, `pos`). Object storage (`s3://`,
`gs://`, any fsspec protocol) is read through fsspec where it is installed: each remote file is copied
to a temporary local file (disk, not memory) and read from there with its remote name as the source.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest import _ARTICLE_SUFFIXES, read
from dateline.ingest.url import is_url
from dateline.records import ErrorRecord, RawDocument

_GLOB = ("*", "?", "[")


def is_remote(source: str) -> bool:
    """True for object-storage URLs (s3://, gs://, ...): what fsspec reads, not http(s) or a local path."""
    scheme = source.split("://", 1)[0].lower() if "://" in source else ""
    return scheme not in ("", "http", "https", "file")


def _filesystem(url: str) -> Any:
    try:
        import fsspec
    except ImportError:
        raise BadInput("reading object storage needs fsspec (pip install fsspec s3fs gcsfs)") from None
    try:
        fs, _ = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as e:
        raise BadInput(f"cannot read {url.split('://')[0]}:// URLs here ({e})") from None
    return fs


def _is_article(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(".") and base.lower().endswith(_ARTICLE_SUFFIXES)


def expand(inputs: Sequence[str]) -> list[str]:
    """The units of a batch: folders walked and globs matched (sorted), everything else as given. A folder
    or pattern with nothing to read stays a unit of its own, so that reading it reports the error."""
    units: list[str] = []
    for source in inputs:
        found: list[str] = []
        if is_remote(source):
            try:
                fs = _filesystem(source)
                if any(c in source for c in _GLOB):
                    paths = fs.glob(source)
                elif fs.isdir(source):
                    paths = fs.find(source)
                else:
                    paths = []
                found = sorted(fs.unstrip_protocol(p) for p in paths if _is_article(p))
            except BadInput:
                found = []
        elif source != "-" and not is_url(source):
            if any(c in source for c in _GLOB):
                found = sorted(p for p in glob.glob(source, recursive=True) if os.path.isfile(p))
            elif Path(source).is_dir():
                found = sorted(str(p) for p in Path(source).rglob("*") if p.is_file() and _is_article(str(p)))
        units.extend(found or [source])
    return units


class _Skipped(logging.Handler):
    """Gathers the records a reader skips and logs (see dateline.ingest.warc), as error records."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[ErrorRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        item = getattr(record, "dateline_record", None)
        if isinstance(item, ErrorRecord):
            self.records.append(item)


def read_unit(
    unit: str, settings: Settings | None = None, jsonl_input: bool = False
) -> Iterator[RawDocument | ErrorRecord]:
    """The records of one unit in order, through dateline.ingest.read (a remote file through a local
    copy). A record the reader skips (a WARC's non-HTML response) comes as an error record in its place,
    and so does a record that repeats an earlier one of the same unit (same URL and content)."""
    skipped = _Skipped()
    logger = logging.getLogger("dateline.ingest.skipped")
    level = logger.level
    logger.addHandler(skipped)
    logger.setLevel(logging.INFO)
    seen: dict[bytes, int] = {}
    pos = 0
    try:
        for item in _read_unit(unit, settings, jsonl_input):
            for skip in skipped.records:
                yield skip
                pos += 1
            skipped.records.clear()
            if isinstance(item, RawDocument):
                content = item.html if item.html is not None else item.text
                key = hashlib.sha1(f"{item.url}\0{content}".encode("utf-8", "surrogatepass")).digest()
                if key in seen:
                    why = f"duplicate of record {seen[key]} of this input (same URL and content)"
                    item = ErrorRecord(item.id or item.url, why, item.source)
                else:
                    seen[key] = pos
            yield item
            pos += 1
        yield from skipped.records
    finally:
        logger.removeHandler(skipped)
        logger.setLevel(level)


def _read_unit(
    unit: str, settings: Settings | None, jsonl_input: bool
) -> Iterator[RawDocument | ErrorRecord]:
    if not is_remote(unit):
        yield from read([unit], jsonl_input=jsonl_input, settings=settings)
        return
    with tempfile.TemporaryDirectory(prefix="dateline-") as tmp:
        local = os.path.join(tmp, unit.rsplit("/", 1)[-1] or "input")
        try:
            _filesystem(unit).get(unit, local)
        except BadInput as e:
            yield ErrorRecord(None, str(e), unit)
            return
        except Exception as e:  # each object store raises its own errors; the record names the input
            yield ErrorRecord(None, f"cannot read: {type(e).__name__}: {e}", unit)
            return
        for item in read([local], jsonl_input=jsonl_input, settings=settings):
            if item.source is not None and item.source.startswith(local):
                item.source = unit + item.source[len(local) :]
            yield item
