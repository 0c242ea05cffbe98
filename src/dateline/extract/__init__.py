"""Extraction: a clean Article (title, published, dateline, authors, subheadings, body) from a RawDocument."""

from __future__ import annotations

from dateline.config import Settings
from dateline.extract.dateline import split_dateline
from dateline.extract.dates import normalize_date
from dateline.extract.html import NoArticle, extract_html
from dateline.extract.linear import extract_linear, too_big
from dateline.extract.text import split_plain_text
from dateline.records import Article, RawDocument, stable_id

__all__ = ["NoArticle", "extract"]


def extract(raw: RawDocument, settings: Settings | None = None) -> Article:
    """The clean article in a raw document; raises NoArticle (a ValueError) when there is none.

    Verbatim text (a JSON Lines record's "text") is kept to the character, so that offsets into it
    stay valid; only the dateline is read from it. Other text is parsed as a plain-text article.
    A page over the size limits of `settings` is read by the linear extractor, with a warning.
    """
    warnings = list(raw.warnings)
    title, published, authors = raw.title, normalize_date(raw.published) or raw.published, list(raw.authors)
    if raw.text is not None and raw.verbatim:
        if not raw.text.strip():
            raise NoArticle("record has no text")
        place, _ = split_dateline(raw.text[:200])
        return Article(
            id=raw.id or stable_id(raw.url, raw.text),
            text=raw.text,
            url=raw.url,
            title=title,
            published=published,
            dateline=place,
            authors=authors,
            source=raw.source,
            warnings=warnings,
        )
    if raw.html is not None:
        settings = settings or Settings()
        why = too_big(raw.html, settings.max_html_bytes, settings.max_html_elements)
        if why:
            warnings.append(f"{why}: read by the linear extractor instead of trafilatura")
            meta, body = extract_linear(raw.html, settings.max_text_chars)
        else:
            meta, body = extract_html(raw.html, url=raw.url)
        title = title or meta["title"]
        published = published or meta["published"]
        authors = authors or meta["authors"]
    elif raw.text is not None:
        found_title, found_published, body = split_plain_text(raw.text, header=raw.text_has_header)
        title, published = title or found_title, published or found_published
    else:
        raise NoArticle("record has no text")
    if not body.paragraphs:
        raise NoArticle("no article text found")
    text = body.text
    return Article(
        id=raw.id or stable_id(raw.url, text),
        text=text,
        url=raw.url,
        title=title,
        published=published,
        dateline=body.dateline,
        authors=authors,
        subheadings=body.subheadings,
        source=raw.source,
        warnings=warnings,
    )
