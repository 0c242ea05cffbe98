"""Sources to raw documents: text, HTML, URLs, JSON Lines, RSS/Atom feeds and WARC files.

`read()` never raises for a bad record or source: it yields an ErrorRecord in its place, so one
broken input never stops a batch.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest import feeds, jsonl, warc
from dateline.ingest.decode import decode, scrub
from dateline.ingest.limits import gunzip, open_regular, read_capped
from dateline.ingest.url import client as http_client
from dateline.ingest.url import fetch, is_url, redact, strip_userinfo
from dateline.records import ErrorRecord, RawDocument

__all__ = ["read"]

FetchPage = Callable[[str], tuple[str, str]]

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
#: What a folder walk reads; other files in a folder (a README, images) are not articles.
_ARTICLE_SUFFIXES = (
    *_JSONL_SUFFIXES,
    *_WARC_SUFFIXES,
    *_HTML_SUFFIXES,
    ".txt",
    ".text",
    ".txt.gz",
    ".rss",
    ".atom",
    ".xml",
    ".xml.gz",
)


def read(
    sources: Iterable[str], *, jsonl_input: bool = False, settings: Settings | None = None
) -> Iterator[RawDocument | ErrorRecord]:
    """Raw documents from each source in order: paths, folders, URLs, or "-" for standard input."""
    settings = settings or Settings()
    with ExitStack() as stack:
        session: list[httpx.Client] = []

        def fetch_page(url: str) -> tuple[str, str]:
            if not session:
                session.append(stack.enter_context(http_client(settings)))
            got = fetch(url, settings, session[0])
            return got.url, decode(got.content, got.content_type, "page")

        for source in sources:
            for item in _read_one(source, jsonl_input, settings, fetch_page):
                yield _without_credentials(item)


def _without_credentials(item: RawDocument | ErrorRecord) -> RawDocument | ErrorRecord:
    """No "user:password@" of a URL reaches an output, a log or the store (nor, in an error's
    names, a control character)."""
    clean = redact if isinstance(item, ErrorRecord) else strip_userinfo
    for name in ("id", "url", "source"):
        value = getattr(item, name, None)
        if isinstance(value, str) and is_url(value):
            setattr(item, name, clean(value))
    return item


def _read_one(
    source: str, jsonl_input: bool, settings: Settings, fetch_page: FetchPage
) -> Iterator[RawDocument | ErrorRecord]:
    follow: FetchPage | None = fetch_page if settings.follow_links else None
    try:
        if source == "-":
            if jsonl_input:
                yield from jsonl.records(sys.stdin.buffer, "<stdin>", settings.max_bytes, fetch_page)
            else:
                data = read_capped(sys.stdin.buffer, settings.max_bytes, "input")
                yield from _from_bytes(data, "<stdin>", None, None, False, settings, follow, fetch_page)
            return
        if is_url(source):
            got = fetch(source, settings, typed=True)
            feed_pages = fetch_page if settings.follow_links is not False else None
            yield from _from_bytes(
                got.content, source, got.url, got.content_type, jsonl_input, settings, feed_pages, fetch_page
            )
            return
        path = Path(source)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not p.name.startswith(".") and p.name.lower().endswith(_ARTICLE_SUFFIXES)
            )
            if not files:
                # A folder with nothing to read is most often a wrong path; silence would hide it.
                raise BadInput("no article files in this folder (" + " ".join(_ARTICLE_SUFFIXES) + ")")
            for file in files:
                yield from _read_one(str(file), jsonl_input, settings, fetch_page)
            return
        if not path.exists():
            raise BadInput("no such file or folder")
        name = path.name.lower()
        with open_regular(source) as raw:
            if name.endswith(_WARC_SUFFIXES):
                yield from warc.records(raw, source, settings)
                return
            stream = gunzip(raw) if name.endswith(".gz") else raw
            if jsonl_input or name.endswith(_JSONL_SUFFIXES):
                # A record with only a url is fetched, from a file as from standard input.
                yield from jsonl.records(stream, source, settings.max_bytes, fetch_page)
                return
            data = read_capped(stream, settings.max_bytes)
        yield from _from_bytes(
            data,
            source,
            None,
            None,
            False,
            settings,
            follow,
            fetch_page,
            html_hint=name.endswith(_HTML_SUFFIXES),
        )
    except BadInput as e:
        yield ErrorRecord(None, str(e), source)
    except OSError as e:
        yield ErrorRecord(None, f"cannot read: {e.strerror or e}", source)


def _from_bytes(
    data: bytes,
    source: str,
    url: str | None,
    content_type: str | None,
    jsonl_input: bool,
    settings: Settings,
    feed_pages: FetchPage | None,
    fetch_page: FetchPage | None,
    html_hint: bool = False,
) -> Iterator[RawDocument | ErrorRecord]:
    """Sniff what the bytes are (feed, JSON Lines, HTML, plain text) and read them as that.

    feed_pages fetches a feed entry's page (None: use its summary); fetch_page, a JSON Lines
    record's url.
    """
    if feeds.looks_like_feed(data) or "rss" in (content_type or "") or "atom" in (content_type or ""):
        yield from feeds.entries(data, source, feed_pages)
        return
    if jsonl_input:
        yield from jsonl.records(io.BytesIO(data), source, settings.max_bytes, fetch_page)
        return
    text = decode(data, content_type, "page" if url else "file")
    head = text[:2048].lstrip().lower()
    is_html = (
        html_hint
        or "html" in (content_type or "")
        or head.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml"))
        or "<html" in head
        or "<body" in head
    )
    warnings: list[str] = []
    text = scrub(text, "html" if is_html else "text", warnings)
    if is_html:
        yield RawDocument(url=url, html=text, source=source, warnings=warnings)
    else:
        yield RawDocument(url=url, text=text, source=source, warnings=warnings)
