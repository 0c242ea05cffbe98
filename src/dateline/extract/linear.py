"""A linear extractor for pages too big for trafilatura: the text of the page's paragraphs, in order.

trafilatura compares candidate nodes and their neighbours, which grows faster than the page does: an
8 MB page of `<p>` tags ran past 400 s. A page larger than `max_html_chars`, or with more tags than
`max_html_elements`, is read here instead, in one walk over the parsed tree, and the record says so.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from trafilatura.utils import load_html

from dateline.extract.html import NoArticle, page_metadata
from dateline.extract.paragraphs import Block, Body, clean_body

#: Elements whose content is never article text.
SKIP = (
    "head",
    "title",
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "form",
    "select",
    "button",
)
#: Elements that stay inside a paragraph; every other element starts or ends one.
INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "font",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
#: Where a page's head is looked for; metadata is read from it alone.
HEAD_CHARS = 512 * 1024
_TAG = re.compile(r"<[A-Za-z]")
_BODY = re.compile(r"<body\b", re.I)


def too_big(html: str, max_html_chars: int, max_html_elements: int) -> str | None:
    """Why the page must skip trafilatura (a warning's text), or None when it need not."""
    if max_html_chars > 0 and len(html) > max_html_chars:
        return f"page of {len(html)} characters is over max_html_bytes ({max_html_chars})"
    if max_html_elements > 0 and html.count("<") > max_html_elements:
        tags = sum(1 for _ in _TAG.finditer(html))
        if tags > max_html_elements:
            return f"page of {tags} tags is over max_html_elements ({max_html_elements})"
    return None


def extract_linear(html: str, max_text_chars: int) -> tuple[dict[str, Any], Body]:
    """(metadata, body) of a page, like extract_html, from the text of its block elements in order.

    Metadata is read from the page's head (its first HEAD_CHARS characters where it has no <body>);
    the walk over the body stops once `max_text_chars` characters of text are gathered. Time and
    memory grow with the page's size, never faster.
    """
    body_at = _BODY.search(html, 0, HEAD_CHARS)
    head = load_html(html[: body_at.start() if body_at else HEAD_CHARS] + "</html>")
    meta = page_metadata(head) if head is not None else {"title": None, "published": None, "authors": []}
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    tree = etree.fromstring(html, parser)
    if tree is None:
        raise NoArticle("not an HTML page")
    etree.strip_elements(tree, *SKIP, with_tail=False)
    body = clean_body(_blocks(tree, max_text_chars), guess_headings=False)
    if not body.paragraphs:
        raise NoArticle("no article text found in the page")
    return meta, body


def _blocks(tree: Any, max_text_chars: int) -> list[Block]:
    """The text of the tree as blocks, one per run of text between block-level tags, in one walk."""
    blocks: list[Block] = []
    parts: list[str] = []
    gathered = 0
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag
        if tag in INLINE or not isinstance(tag, str):
            text = element.text if event == "start" and isinstance(tag, str) else element.tail
        else:
            if parts:
                text = " ".join("".join(parts).split())
                parts.clear()
                if text:
                    blocks.append(Block(text, heading=event == "end" and tag in HEADINGS))
                    gathered += len(text) + 2
                    if gathered > max_text_chars > 0:
                        break
            text = element.text if event == "start" else element.tail
        if text:
            parts.append(text)
    if parts:
        text = " ".join("".join(parts).split())
        if text:
            blocks.append(Block(text))
    return blocks
