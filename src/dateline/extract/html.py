"""Saved web pages: trafilatura finds the main text; dateline adds metadata, structure and cleaning."""

from __future__ import annotations

import json
import re
from typing import Any

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from dateline.extract.dates import normalize_date
from dateline.extract.paragraphs import Block, Body, clean_body

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "blogposting",
        "report",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "liveblogposting",
        "webpage",
        "scholarlyarticle",
    }
)
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dc.date.created",
    "date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "original-publish-date",
)
_TITLE_META = ("og:title", "twitter:title", "dc.title", "headline", "title")
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "byline",
)


class NoArticle(ValueError):
    """The page has no main text to extract."""


#: A body shorter than this from trafilatura's fast path is tried again with its fallback extractors.
MIN_FAST_WORDS = 80


def extract_html(html: str, url: str | None = None) -> tuple[dict[str, Any], Body]:
    """(metadata, body) of a page: metadata has title, published, authors.

    trafilatura runs first without its fallback extractors (jusText, readability), a third faster;
    only a page where that finds little main text pays for the full comparison.
    """
    tree = load_html(html)
    if tree is None:
        raise NoArticle("not an HTML page")
    meta = page_metadata(tree)
    blocks = _blocks(tree, url, fast=True)
    if sum(len(b.text.split()) for b in blocks) < MIN_FAST_WORDS or _is_link_list(blocks):
        blocks = _blocks(tree, url, fast=False)
    body = clean_body(blocks, guess_headings=False)
    if not body.paragraphs:
        raise NoArticle("no article text found in the page")
    return meta, body


#: A line this short (in characters) is a menu item or a link rather than a sentence.
SHORT_LINE_CHARS = 30
#: Main text whose characters lie mostly in short lines, over at least this many lines, is a menu.
MIN_LIST_LINES = 20


def _is_link_list(blocks: list[Block]) -> bool:
    """Main text that reads as a page's menus (many short lines carrying most of the text).

    trafilatura's fast path can take a whole navigation tree for the article where its fallback
    comparison would not; an article's text sits mostly in lines of sentence length, in any script.
    """
    lengths = [len(line.strip()) for block in blocks for line in block.text.split("\n") if line.strip()]
    if len(lengths) < MIN_LIST_LINES:
        return False
    return sum(n for n in lengths if n < SHORT_LINE_CHARS) > sum(lengths) / 2


def _blocks(tree: HtmlElement, url: str | None, fast: bool) -> list[Block]:
    """trafilatura's main text as blocks, headings marked (it works on a copy: the tree stays whole)."""
    document = bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        as_dict=False,
        fast=fast,
    )
    body_element = getattr(document, "body", None)
    if body_element is None:
        return []
    blocks = []
    for element in body_element:
        text = xmltotxt(element, False).strip()
        if text:
            blocks.append(Block(text, heading=element.tag == "head"))
    return blocks


def page_metadata(tree: HtmlElement) -> dict[str, Any]:
    """Title, publication datetime and authors from meta tags, JSON-LD and the page's own markup."""
    metas: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (
            (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        )
        content = (element.get("content") or element.get("datetime") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    linked = _json_ld_article(tree)

    title = _text(linked.get("headline")) or next((metas[k] for k in _TITLE_META if metas.get(k)), None)
    if not title:
        h1 = tree.find(".//h1")
        title = " ".join(h1.text_content().split()) if h1 is not None else None
    if not title:
        element = tree.find(".//title")
        title = _strip_site_name(" ".join(element.text_content().split())) if element is not None else None

    published = normalize_date(_text(linked.get("datePublished")))
    for key in _DATE_META:
        if published:
            break
        published = normalize_date(metas.get(key))
    if not published:
        published = _time_element_date(tree)
    if not published:
        published = _htmldate(tree)

    authors = _authors(linked.get("author"))
    if not authors:
        for key in _AUTHOR_META:
            value = metas.get(key)
            if value and not re.match(r"https?://", value):
                authors = _split_authors(value)
                break
    return {"title": title or None, "published": published, "authors": authors}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _json_ld_article(tree: HtmlElement) -> dict[str, Any]:
    """The first schema.org article object of the page's JSON-LD, if any."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        source = script.text or ""
        if "headline" not in source and "datePublished" not in source:
            continue
        try:
            data = json.loads(source)
        except (json.JSONDecodeError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds) and (
                    item.get("headline") or item.get("datePublished")
                ):
                    return item
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "mainEntityOfPage"))
    return {}


def _authors(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not re.match(r"https?://", name.strip()):
            names.extend(_split_authors(name))
    return list(dict.fromkeys(names))


def _split_authors(value: str) -> list[str]:
    value = re.sub(r"^\s*by\s+", "", " ".join(value.split()), flags=re.I)
    parts = re.split(r"\s*(?:,|;|\band\b|&|\|)\s*", value)
    return [p for p in parts if p and len(p.split()) <= 6]


def _strip_site_name(title: str) -> str:
    """'Headline | Site' -> 'Headline'."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 3:
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


def _time_element_date(tree: HtmlElement) -> str | None:
    for element in tree.iterfind(".//time[@datetime]"):
        marks = " ".join(
            filter(None, (element.get("itemprop"), element.get("class"), element.get("pubdate")))
        )
        if not marks or re.search(r"publish|pubdate|datePublished|posted|created", marks, re.I):
            value = normalize_date(element.get("datetime"))
            if value:
                return value
    return None


def _htmldate(tree: HtmlElement) -> str | None:
    """htmldate's quick search, for pages whose date is only in the visible text (it copies the tree
    before it prunes it, so the page is left as it was)."""
    from htmldate import find_date

    try:
        found = find_date(tree, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on odd markup; a missing date is not an error
        return None
    return normalize_date(found) if found else None
