"""Property tests of the readers: whatever a line or a file holds, one item comes out for it, no exception.

The readers alone (no spaCy), so that a hundred examples take seconds; an end-to-end run of
`dateline analyze --jsonl` over adversarial lines is in test_cli_adversarial.py.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest import jsonl, read
from dateline.ingest.jsonl import is_iso8601
from dateline.records import ErrorRecord, RawDocument

PAGE = "<html><body><p>A page fetched for a record that has only a url.</p></body></html>"
FIELDS = ["id", "text", "html", "title", "published", "authors", "author", "url"]

#: Text that JSON escapes into lone surrogates, NULs and controls, besides any other character.
nasty_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(["\ud800", "\udfff", "\x00", "\x1b", "\u202e", "a", " ", "\n"])),
    st.sampled_from(
        ["", " ", "not a date", "9999-99-99", "2020-12-08", "2020-12-08T10:00:00Z", "http://[::1/"]
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**300), max_value=10**300),
    st.floats(allow_nan=True, allow_infinity=True),
    nasty_text,
)
junk = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)
records = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), junk, max_size=8)
#: Raw lines JSON cannot make: numbers past Python's digit limit, deep nesting, broken JSON.
raw_lines = st.sampled_from(
    [
        b'{"id": 1' + b"0" * 5000 + b', "text": "x"}',
        b'{"id": "n", "text": "x", "published": 1e99999}',
        b'{"id": NaN, "text": "x"}',
        b"[" * 100_000,
        b'{"id": "a", "text": "unterminated',
        b'{"id": "a", "text": "\\ud800\\udc00\\ud800"}',
        b"\xff\xfe\x00binary\x00",
        b'"just a string"',
        b"null",
        b"{}",
    ]
)


def as_line(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    return json.dumps(value, ensure_ascii=len(repr(value)) % 2 == 0, allow_nan=True).encode(
        "utf-8", "surrogatepass"
    )


lines = st.lists(
    st.one_of(
        records,
        junk,
        st.binary(max_size=300),
        raw_lines,
        st.text().map(lambda s: s.encode("utf-8", "surrogatepass")),
    ).map(as_line),
    min_size=1,
    max_size=12,
).map(lambda ls: [line.replace(b"\n", b" ") for line in ls if line.replace(b"\n", b" ").strip()])


def fetch_page(url: str) -> tuple[str, str]:
    if len(url) % 2:
        raise BadInput(f"cannot fetch {url}")
    return url, PAGE


def strings_of(doc: RawDocument) -> list[str]:
    values = [doc.id, doc.url, doc.html, doc.text, doc.title, doc.published, *doc.authors, *doc.warnings]
    return [v for v in values if v is not None]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_jsonl_reader_gives_one_item_per_line_and_only_clean_text(lines):
    data = b"".join(line + b"\n" for line in lines)
    got = list(jsonl.records(io.BytesIO(data), "fuzz.jsonl", 1 << 20, fetch_page))
    assert len(got) == len(lines)
    for number, item in enumerate(got, 1):
        assert isinstance(item, (RawDocument, ErrorRecord))
        assert item.source == f"fuzz.jsonl:{number}"
        if isinstance(item, ErrorRecord):
            assert item.error and "\n" not in item.error
            json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")  # printable as it is
            continue
        for value in strings_of(item):
            value.encode("utf-8")  # no lone surrogate reaches the pipeline
            assert "\x00" not in value
        assert item.published is None or is_iso8601(item.published)
        assert all(isinstance(a, str) and a for a in item.authors)
        assert item.text or item.html


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.text().map(lambda s: f"<html><body><p>{s}</p></body></html>".encode("utf-8", "surrogatepass")),
        st.text().map(lambda s: s.encode("utf-16")),
    ),
    st.sampled_from(["page.html", "page.htm", "page.html.gz", "story.txt", "story.txt.gz"]),
    st.booleans(),
)
def test_html_and_text_file_reader_gives_one_item_per_file(content, name, compress):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(gzip.compress(content) if compress and name.endswith(".gz") else content)
        got = list(read([str(path)], settings=Settings(max_bytes=1000)))
    assert len(got) == 1
    (item,) = got
    assert isinstance(item, (RawDocument, ErrorRecord)) and item.source == str(path)
    if isinstance(item, RawDocument):
        body = item.html if item.html is not None else item.text
        assert body is not None and body.strip()
        body.encode("utf-8")
