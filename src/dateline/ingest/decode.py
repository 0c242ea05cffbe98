"""Bytes to text: BOM, UTF-8, the declared charset, then a guess; binary and empty input refused."""

from __future__ import annotations

import codecs
import re

from dateline.errors import BadInput

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
#: Browsers read these labels as windows-1252 (WHATWG Encoding): its 0x80-0x9F are printable there.
_AS_CP1252 = frozenset(
    {
        "latin-1",
        "latin1",
        "iso-8859-1",
        "iso8859-1",
        "iso_8859-1",
        "l1",
        "ascii",
        "us-ascii",
        "windows-1252",
        "cp1252",
        "x-cp1252",
    }
)


#: What no text may carry on into the pipeline and the store: NUL, and lone surrogates (from JSON escapes).
UNSAFE = re.compile("[\x00\ud800-\udfff]")


def scrub(value: str, field: str, warnings: list[str]) -> str:
    """The string with each NUL and lone surrogate replaced by U+FFFD, one character for one (offsets
    hold), and a line in warnings when any was."""
    cleaned, count = UNSAFE.subn("\ufffd", value)
    if count:
        warnings.append(f"{field}: {count} lone surrogate(s) or NUL character(s) replaced by U+FFFD")
    return cleaned


def is_binary(data: bytes) -> bool:
    """NUL bytes or many control characters near the start: not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 50)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset an HTTP header or the page's own <meta> names."""
    if content_type:
        header = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
        if header:
            return _codec(header.group(1))
    meta = _META_CHARSET.search(data[:4096])
    return _codec(meta.group(1).decode("ascii", "ignore")) if meta else None


def decode(data: bytes, content_type: str | None = None, what: str = "file") -> str:
    """Text of bytes from a file or server; BadInput for empty or binary data."""
    if not data.strip():
        raise BadInput(f"empty {what}")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(codec, "replace")
            if not text.strip():  # a byte order mark and nothing, or only spaces, after it
                raise BadInput(f"empty {what}")
            return text
    if is_binary(data):
        raise BadInput(f"binary {what}, not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, content_type)
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    guess = _codec(best.encoding) if best is not None else None
    # Western pages that are not UTF-8 are nearly always windows-1252; a guess of another
    # single-byte code page for them is usually wrong, so it only wins for multi-byte scripts.
    codec = (
        guess if guess and guess not in ("cp1250", "cp1251", "cp1253", "iso8859-2", "mac-roman") else "cp1252"
    )
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")
