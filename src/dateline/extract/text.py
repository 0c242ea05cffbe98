"""Plain-text articles: a title line, an optional date line, then the body."""

from __future__ import annotations

import re

from dateline.extract.dates import parse_date_line
from dateline.extract.paragraphs import Block, Body, clean_body


def split_plain_text(text: str, header: bool = True) -> tuple[str | None, str | None, Body]:
    """(title, published, body) of a plain-text article; without `header`, all of it is body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    index = 0
    title = published = None
    while index < len(lines) and not lines[index].strip():
        index += 1
    if header and index < len(lines):
        title = " ".join(lines[index].split())
        index += 1
    look = index
    while look < len(lines) and not lines[look].strip():
        look += 1
    if header and look < len(lines):
        published = parse_date_line(lines[look])
        if published:
            index = look + 1
    rest = "\n".join(lines[index:])
    # Paragraphs are blocks between blank lines; a text without blank lines has one per line.
    chunks = re.split(r"\n\s*\n", rest) if re.search(r"\n\s*\n", rest) else rest.split("\n")
    blocks = [Block(" ".join(chunk.split())) for chunk in chunks if chunk.strip()]
    return title, published, clean_body(blocks, guess_headings=True)
