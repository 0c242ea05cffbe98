"""WARC and WARC.gz files (Common Crawl's CC-NEWS): the HTML of their response records.

Request, metadata and other records are skipped, and so are responses that are not HTML (images,
robots.txt). A record larger than the cap, cut short (a payload shorter than its
Content-Length) or not text is an error record named by its target URI; the records around it
are still read. fastwarc inflates .warc.gz as it streams, so a record is never held whole past
the cap.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest.decode import decode, scrub
from dateline.records import ErrorRecord, RawDocument

#: Each response that is skipped is logged here at INFO, the log record's `dateline_record` an ErrorRecord
#: that names it and says why (a runner that keeps a log of every record listens).
log = logging.getLogger("dateline.ingest.skipped")


def records(stream: BinaryIO, path: str, settings: Settings) -> Iterator[RawDocument | ErrorRecord]:
    """One raw document per HTML response; other records are skipped, a broken one is an error."""
    iterator = ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True)
    count = 0
    try:
        for record in iterator:
            count += 1
            url = record.headers.get("WARC-Target-URI") or None
            where = f"{path}: {url or f'response record {count}'}"
            content_type = (record.http_headers.get("Content-Type") or "") if record.http_headers else ""
            if "html" not in content_type.lower():
                why = f"skipped: not HTML ({content_type or 'no content type'})"
                log.info("%s: %s", where, why, extra={"dateline_record": ErrorRecord(url, why, where)})
                continue
            expected = record.content_length
            if expected > settings.max_bytes:
                yield ErrorRecord(url, f"page larger than the cap of {settings.max_bytes} bytes", where)
                continue
            payload = record.reader.read(settings.max_bytes + 1)
            if len(payload) < expected:
                yield ErrorRecord(url, f"truncated record ({len(payload)} of {expected} bytes)", where)
                continue
            try:
                html = decode(payload, content_type, "page")
            except BadInput as e:
                yield ErrorRecord(url, str(e), where)
                continue
            warnings: list[str] = []
            yield RawDocument(
                url=url,
                html=scrub(html, "html", warnings),
                source=path,
                meta={"fetched": record.headers.get("WARC-Date")},
                warnings=warnings,
            )
    except Exception as e:  # fastwarc raises plain exceptions on broken archives
        yield ErrorRecord(None, f"broken WARC after {count} records: {e}", path)
        return
    if count == 0:
        yield ErrorRecord(None, "no WARC response records", path)
