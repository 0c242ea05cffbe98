"""RSS and Atom feeds: each entry's page when links are followed (an error if it fails), else its summary."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
from lxml import html as lxml_html

from dateline.errors import BadInput
from dateline.records import ErrorRecord, RawDocument


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return (head.startswith(b"<?xml") and any(m in head for m in (b"<rss", b"<feed", b"<rdf:rdf"))) or any(
        head.startswith(m) for m in (b"<rss", b"<feed", b"<rdf:rdf")
    )


def entries(
    data: bytes, source: str, fetch_page: Callable[[str], tuple[str, str]] | None
) -> Iterator[RawDocument | ErrorRecord]:
    """One item per entry: with fetch_page, the entry's linked page (an error record where it cannot be
    fetched, whatever the summary), else its summary."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise BadInput(f"no entries in the feed{': ' + str(problem).splitlines()[0] if problem else ''}")
    for entry in parsed.entries:
        link = entry.get("link")
        title = entry.get("title")
        published = _when(entry)
        authors = [a.get("name") for a in entry.get("authors", []) if isinstance(a, dict) and a.get("name")]
        summary = _summary_text(entry)
        common: dict[str, Any] = {
            "id": entry.get("id") or None,
            "url": link,
            "title": title,
            "published": published,
            "source": source,
            "authors": authors,
        }
        if fetch_page is not None and link:
            # Following links, a page that cannot be fetched is an error, never its summary in its
            # place: the summary is not the article, and once stored it would block the page.
            try:
                url, page = fetch_page(link)
            except BadInput as e:
                yield ErrorRecord(
                    common["id"] or link, f"{e} (entry not read: --no-follow reads summaries)", source
                )
                continue
            yield RawDocument(html=page, **{**common, "url": url})
            continue
        if summary:
            yield RawDocument(text=summary, text_has_header=False, **common)
        else:
            yield ErrorRecord(common["id"] or link, "feed entry has no summary or content", source)


def _when(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat(timespec="minutes")


def _summary_text(entry: Any) -> str:
    """The entry's content (or summary) as plain paragraphs."""
    contents = entry.get("content") or []
    value = contents[0].get("value") if contents else entry.get("summary", "")
    if not value or not value.strip():
        return ""
    if "<" not in value:
        return value.strip()
    try:
        root = lxml_html.fromstring(f"<div>{value}</div>")
    except Exception:  # lxml raises several types on broken fragments
        return ""
    blocks = [" ".join(p.text_content().split()) for p in root.iter("p", "li", "blockquote", "h2", "h3")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else " ".join(root.text_content().split())
