"""What turns a list of raw paragraphs into a clean body: furniture out, dateline and subheadings apart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dateline.extract.boilerplate import is_furniture, is_related_header
from dateline.extract.dateline import split_dateline

_CLOSING_QUOTES = "\"'”’»"
_SENTENCE_END = ".!?…;:,"
MAX_HEADING_WORDS = 20
MAX_HEADING_CHARS = 160
#: An item of a "related" list is a short line; a longer paragraph means the article goes on.
MAX_RELATED_ITEM_WORDS = 20
#: Text that a heading element holds under its heading line is a paragraph of the article from this
#: length on, even above the first paragraph (a deck or a date line is shorter).
MIN_UNDER_HEADING_WORDS = 30


@dataclass
class Block:
    """A paragraph of the page; `heading` when the page marks it so (an <h2>, say)."""

    text: str
    heading: bool = False
    #: Text of a heading element that is not the heading line itself (a deck under the headline).
    under_heading: bool = False


@dataclass
class Body:
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    dateline: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def looks_like_heading(paragraph: str, marked: bool = False) -> bool:
    """A short single line without a sentence's closing punctuation, like a subheading.

    A line the page marks as a heading may start in any case; an unmarked one must start like a title.
    """
    if "\n" in paragraph or len(paragraph) > MAX_HEADING_CHARS or len(paragraph.split()) > MAX_HEADING_WORDS:
        return False
    s = paragraph.strip()
    if not s or not (marked or s[0].isupper() or s[0].isdigit() or s[0] in "\"'“‘«"):
        return False
    end = s.rstrip(_CLOSING_QUOTES)
    return bool(end) and end[-1] not in _SENTENCE_END and s[-1] not in _SENTENCE_END


def clean_body(blocks: list[Block], guess_headings: bool) -> Body:
    """The article body from a page's blocks, in order.

    Furniture lines and "related" lists are dropped; a heading counts as a subheading only when
    article text follows it (headings after the last paragraph are links to other stories); the
    dateline is split off the first paragraph. With `guess_headings` (plain text, where nothing
    marks them), short lines without closing punctuation between paragraphs are taken as headings.
    """
    kept: list[Block] = []
    in_related = False
    for block in _split_headings(blocks):
        text = block.text.strip()
        if not text:
            continue
        if is_related_header(text):
            in_related = True
            continue
        if in_related:
            if len(text.split()) <= MAX_RELATED_ITEM_WORDS and not text.rstrip(_CLOSING_QUOTES).endswith("."):
                continue
            in_related = False
        if is_furniture(text):
            continue
        if block.heading or block.under_heading:
            # Heading elements above the first paragraph: the headline again, a kicker or a deck.
            if not any(not k.heading for k in kept) and not _is_paragraph_under_heading(block):
                continue
            heading = block.heading and looks_like_heading(text, marked=True)
        else:
            # A short all-capitals line between paragraphs is read as a heading that the page did not
            # mark: "WHO IS THE FRONT-RUNNER?" heads a section as often as a story link sits there.
            unmarked = guess_headings or _is_capitals_line(text)
            heading = unmarked and bool(kept) and looks_like_heading(text)
        kept.append(Block(text, heading))

    body = Body()
    pending: list[str] = []
    for block in kept:
        if block.heading:
            if body.paragraphs:
                pending.append(block.text)
            continue
        body.subheadings.extend(pending)
        pending = []
        if not body.paragraphs:
            place, offset = split_dateline(block.text)
            if place is not None:
                body.dateline = place
                rest = block.text[offset:].strip()
                if not rest:
                    continue
                block = Block(rest)
            elif _is_bare_place(block.text):
                body.dateline = block.text.strip(" —–-:")
                continue
        body.paragraphs.append(block.text)
    return body


def _is_paragraph_under_heading(block: Block) -> bool:
    """Text a heading element holds after its heading line, long enough to be the article's."""
    return block.under_heading and len(block.text.split()) >= MIN_UNDER_HEADING_WORDS


def _is_capitals_line(text: str) -> bool:
    """A single short line in capitals (a list of capitalised codes or names is not one).

    Its letters are capitals nearly all: a line in a script without case (Thai, Chinese) that
    carries one acronym is not in capitals, though `str.isupper` says it is.
    """
    letters = [c for c in text if c.isalpha()]
    return (
        "\n" not in text
        and text.isupper()
        and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
        and len(text) >= 16
        and len(text.split()) <= MAX_HEADING_WORDS
        and not text.rstrip(_CLOSING_QUOTES).endswith(".")
    )


def _split_headings(blocks: list[Block]) -> list[Block]:
    """A page's heading element can hold the paragraph after it too: split them."""
    out: list[Block] = []
    for block in blocks:
        if block.heading and "\n" in block.text.strip():
            first, rest = block.text.strip().split("\n", 1)
            out.append(Block(first.strip(), heading=True))
            out.append(Block(rest.strip(), under_heading=True))
        else:
            out.append(block)
    return out


def _is_bare_place(text: str) -> bool:
    """A dateline that a page puts in an element of its own: "MADRID —", "BAAR, SWITZERLAND"."""
    s = text.strip()
    place = s.split(",")[0]
    return (
        len(s) <= 40
        and len(place.split()) <= 3
        and bool(re.fullmatch(r"[A-Z][A-Z.'’ -]+(?:, [A-Z][A-Za-z.' ]+)?\s*(?:\([^)]{1,30}\))?\s*[—–-]?", s))
        and sum(c.isalpha() for c in s) >= 3
    )
