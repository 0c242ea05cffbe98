"""One article analysed on the spot, for the API and the analyse box: the same readers and pipeline as
`dateline analyze`, URLs fetched through the guard. One analysis at a time (one spaCy pipeline)."""

from __future__ import annotations

import io
import threading

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest import jsonl
from dateline.pipeline import extract_item, process
from dateline.records import AnalyzedArticle, ErrorRecord, RawDocument
from dateline.web.fetching import UrlGuard, fetch_page
from dateline.web.settings import WebSettings


def _analyse(raw: RawDocument, lock: threading.Lock) -> AnalyzedArticle:
    article = extract_item(raw)
    if isinstance(article, ErrorRecord):
        raise BadInput(article.error)
    with lock:
        result = next(iter(process([article], 1)))
    if isinstance(result, ErrorRecord):
        raise BadInput(result.error)
    return result


def _settings(web: WebSettings) -> Settings:
    settings = Settings(follow_links=False)
    settings.allow_private = web.allow_private_urls
    return settings


def analyze_record(record_json: str, web: WebSettings, lock: threading.Lock) -> AnalyzedArticle:
    """A JSON Lines record ({"id"?, "text" | "html" | "url", "title"?, "published"?}) analysed."""
    settings = _settings(web)
    guard = UrlGuard(web.allow_private_urls)
    data = io.BytesIO(record_json.encode("utf-8", "surrogatepass"))
    for raw in jsonl.records(data, "web", settings.max_bytes, lambda url: fetch_page(url, settings, guard)):
        if isinstance(raw, ErrorRecord):
            raise BadInput(raw.error.removeprefix("line 1: "))
        return _analyse(raw, lock)
    raise BadInput("record has no text")


def analyze_text(text: str, web: WebSettings, lock: threading.Lock, html: bool = False) -> AnalyzedArticle:
    """Pasted or uploaded text (title line, optional date line, body) or a saved page."""
    if not text.strip():
        raise BadInput("nothing to analyse")
    raw = RawDocument(html=text, source="web") if html else RawDocument(text=text, source="web")
    return _analyse(raw, lock)


def analyze_url(url: str, web: WebSettings, lock: threading.Lock) -> AnalyzedArticle:
    final, page = fetch_page(url, _settings(web), UrlGuard(web.allow_private_urls))
    return _analyse(RawDocument(html=page, url=final, source=final), lock)
