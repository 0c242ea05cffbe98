"""WARC and WARC.gz files (Common Crawl's CC-NEWS): the HTML of their response records."""

from __future__ import annotations

from collections.abc import Iterator

from fastwarc.warc import ArchiveIterator, WarcRecordType

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest.decode import decode
from dateline.records import ErrorRecord, RawDocument


def records(path: str, settings: Settings) -> Iterator[RawDocument | ErrorRecord]:
    """One raw document per HTML response; other records are skipped, a broken one is an error."""
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True)
        count = 0
        try:
            for record in iterator:
                count += 1
                url = record.headers.get("WARC-Target-URI")
                content_type = (record.http_headers.get("Content-Type") or "") if record.http_headers else ""
                if "html" not in content_type.lower():
                    continue
                if record.content_length > settings.max_bytes:
                    yield ErrorRecord(url, f"page larger than the cap of {settings.max_bytes} bytes", path)
                    continue
                try:
                    html = decode(record.reader.read(), content_type, "page")
                except BadInput as e:
                    yield ErrorRecord(url, str(e), path)
                    continue
                yield RawDocument(
                    url=url, html=html, source=path, meta={"fetched": record.headers.get("WARC-Date")}
                )
        except Exception as e:  # fastwarc raises plain exceptions on broken archives
            yield ErrorRecord(None, f"broken WARC after {count} records: {e}", path)
            return
    if count == 0:
        yield ErrorRecord(None, "no WARC response records", path)
