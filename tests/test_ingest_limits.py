"""Hostile local input: limits that hold while reading, non-regular files, fields against the contract.

Each test is of the readers alone (no spaCy); every input is generated here.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest

from dateline import ingest
from dateline.config import Settings
from dateline.ingest import jsonl, read
from dateline.ingest.url import Fetched
from dateline.records import ErrorRecord, RawDocument

MB = 2**20
PAGE = (
    "<html><body><article>"
    + "<p>A paragraph long enough to be kept as text.</p>" * 6
    + "</article></body></html>"
)


def items(*sources: str, **kw):
    return list(read(sources, **kw))


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 1 MB of gzip that inflates to 256 MB of one line with no newline."""
    c = zlib.compressobj(1, zlib.DEFLATED, 31)
    chunk = b"x" * MB
    return b"".join([c.compress(chunk) for _ in range(256)] + [c.flush()])


def peak_while(fn):
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", ["page.html.gz", "story.txt.gz"])
def test_gzip_bomb_file_is_refused_within_the_cap(tmp_path, bomb, name):
    p = tmp_path / name
    p.write_bytes(bomb)
    got, peak = peak_while(lambda: items(str(p), settings=Settings(max_bytes=MB)))
    assert len(got) == 1 and isinstance(got[0], ErrorRecord)
    assert got[0].error == f"file larger than the cap of {MB} bytes" and got[0].source == str(p)
    assert peak < 8 * MB, peak


def test_gzip_bomb_line_in_jsonl_is_one_error_and_the_next_line_is_read(tmp_path, bomb):
    p = tmp_path / "records.jsonl.gz"
    tail = gzip.compress(b"\n" + json.dumps({"id": "after", "text": "Still read."}).encode() + b"\n")
    p.write_bytes(bomb + tail)  # two gzip members: one endless line, then a good record
    got, peak = peak_while(lambda: items(str(p), settings=Settings(max_bytes=MB)))
    assert [type(g).__name__ for g in got] == ["ErrorRecord", "RawDocument"]
    assert got[0].error == f"record larger than the cap of {MB} bytes" and got[0].source == f"{p}:1"
    assert got[1].id == "after" and got[1].source == f"{p}:2"
    assert peak < 8 * MB, peak


def test_over_long_jsonl_line_from_a_plain_file_is_not_read_whole(tmp_path):
    p = tmp_path / "records.jsonl"
    with p.open("wb") as f:
        f.write(json.dumps({"id": "a", "text": "First."}).encode() + b"\n")
        f.write(b'{"id": "long", "text": "' + b"y" * (8 * MB) + b'"}\n')
        f.write(json.dumps({"id": "c", "text": "Third."}).encode() + b"\n")
    got, peak = peak_while(lambda: items(str(p), settings=Settings(max_bytes=MB)))
    assert [g.id for g in got] == ["a", None, "c"]
    assert (
        isinstance(got[1], ErrorRecord)
        and got[1].source == f"{p}:2"
        and "larger than the cap" in got[1].error
    )
    assert peak < 4 * MB, peak


def test_jsonl_line_exactly_at_the_cap_is_read():
    line = json.dumps({"id": "a", "text": "x" * 100}).encode()
    (doc,) = jsonl.records(io.BytesIO(line + b"\n"), "s", len(line))
    assert isinstance(doc, RawDocument)
    (err,) = jsonl.records(io.BytesIO(line + b"\n"), "s", len(line) - 1)
    assert isinstance(err, ErrorRecord)


def test_broken_gzip_is_one_error(tmp_path):
    p = tmp_path / "page.html.gz"
    p.write_bytes(gzip.compress(PAGE.encode())[:-30])
    (err,) = items(str(p))
    assert isinstance(err, ErrorRecord) and err.error.startswith("broken gzip file")
    q = tmp_path / "records.jsonl.gz"
    q.write_bytes(b"not gzip at all")
    (err,) = items(str(q))
    assert isinstance(err, ErrorRecord) and err.error.startswith("broken gzip file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("name", ["pipe.txt", "pipe.jsonl", "pipe.warc.gz", "pipe.html.gz"])
def test_fifo_is_refused_at_once(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)  # nobody ever writes to it: opening it to read would wait forever
    good = tmp_path / "good.txt"
    good.write_text("A title\n\nSome text of the article.\n", encoding="utf-8")
    got = items(str(fifo), str(good))
    assert isinstance(got[0], ErrorRecord) and got[0].error == "not a regular file (a FIFO)"
    assert got[0].source == str(fifo) and isinstance(got[1], RawDocument)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_device_is_refused():
    (err,) = items("/dev/null")
    assert isinstance(err, ErrorRecord) and err.error == "not a regular file (a device)"


def test_missing_file_error_names_the_path():
    (err,) = items("/no/such/file.txt")
    assert err.to_dict() == {"id": None, "error": "no such file or folder", "source": "/no/such/file.txt"}


# --- JSON Lines fields ------------------------------------------------------------------------------


def records_of(*lines: str | bytes, fetch_page=None):
    data = b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines)
    return list(jsonl.records(io.BytesIO(data), "in.jsonl", MB, fetch_page))


def test_lone_surrogates_and_nul_are_replaced_with_a_warning():
    text = "He said \\ud800 then \\u0000 and \\udfff."
    (doc,) = records_of('{"id": "s", "title": "T\\ud83d", "text": "' + text + '", "authors": ["A\\u0000B"]}')
    assert isinstance(doc, RawDocument)
    assert doc.text == "He said \ufffd then \ufffd and \ufffd." and doc.title == "T\ufffd"
    assert doc.authors == ["A\ufffdB"]
    assert doc.warnings == [
        "title: 1 lone surrogate(s) or NUL character(s) replaced by U+FFFD",
        "authors: 1 lone surrogate(s) or NUL character(s) replaced by U+FFFD",
        "text: 3 lone surrogate(s) or NUL character(s) replaced by U+FFFD",
    ]
    # One character for one: offsets into the cleaned text are offsets into the input text.
    assert len(doc.text) == len(json.loads('"' + text + '"'))
    # A proper pair is one character, not a surrogate.
    (pair,) = records_of('{"id": "p", "text": "smile \\ud83d\\ude00"}')
    assert pair.text == "smile \U0001f600" and pair.warnings == []


@pytest.mark.parametrize("value", ["not a date", "9999-99-99", "2020-13", "2020-02-30", 20200101, ["2020"]])
def test_published_that_is_not_iso_8601_is_dropped_with_a_warning(value):
    (doc,) = records_of(json.dumps({"id": "d", "text": "Text.", "published": value}))
    assert doc.published is None
    assert (
        len(doc.warnings) == 1 and doc.warnings[0].startswith("published: ") and "dropped" in doc.warnings[0]
    )


@pytest.mark.parametrize(
    "value",
    ["2020-12-08", "2020-12-08T10:15:00+03:30", "2020-12-08T10:15:00Z", "2020-12", "2020", "20201208"],
)
def test_iso_8601_published_is_kept(value):
    (doc,) = records_of(json.dumps({"id": "d", "text": "Text.", "published": value}))
    assert doc.published == value and doc.warnings == []


def test_authors_string_is_one_author_not_letters():
    (doc,) = records_of(json.dumps({"id": "a", "text": "Text.", "authors": "Jane Doe"}))
    assert doc.authors == ["Jane Doe"]
    (doc,) = records_of(json.dumps({"id": "a", "text": "Text.", "authors": ["Jane", 3, None, " "]}))
    assert doc.authors == ["Jane"] and doc.warnings == ["authors: entries that are not strings dropped"]
    (doc,) = records_of(json.dumps({"id": "a", "text": "Text.", "authors": {"name": "x"}}))
    assert doc.authors == [] and doc.warnings == ["authors: an object is not a list of strings; dropped"]


def test_ids_numbers_become_strings_other_types_and_long_ids_are_refused():
    got = records_of(
        json.dumps({"id": 17, "text": "Text."}),
        json.dumps({"id": True, "text": "Text."}),
        json.dumps({"id": {"a": 1}, "text": "Text."}),
        json.dumps({"id": "x" * (jsonl.MAX_ID + 1), "text": "Text."}),
        json.dumps({"id": "x" * jsonl.MAX_ID, "text": "Text."}),
        '{"id": 1' + "0" * 5000 + ', "text": "Text."}',
    )
    assert isinstance(got[0], RawDocument) and got[0].id == "17"
    assert [(g.id, g.error) for g in got[1:4]] == [
        (None, "id must be a string or an integer, not a boolean"),
        (None, "id must be a string or an integer, not an object"),
        (None, f"id longer than {jsonl.MAX_ID} characters"),
    ]
    assert isinstance(got[4], RawDocument)
    assert (
        isinstance(got[5], ErrorRecord)
        and got[5].error.startswith("not JSON")
        and got[5].source == "in.jsonl:6"
    )


def test_title_and_url_of_the_wrong_type_are_dropped_with_a_warning():
    (doc,) = records_of(json.dumps({"id": "t", "text": "Text.", "title": ["x"], "url": 5}))
    assert doc.title is None and doc.url == "5"
    (doc,) = records_of(json.dumps({"id": "t", "text": "Text.", "url": {"x": 1}}))
    assert doc.url is None and doc.warnings == ["url: an object is not a string; dropped"]


def test_url_only_record_is_fetched_from_a_file_as_from_stdin(tmp_path, monkeypatch):
    asked: list[str] = []

    def fake_fetch(url, settings, session=None):
        asked.append(url)
        return Fetched(url + "?final", PAGE.encode(), "text/html; charset=utf-8")

    monkeypatch.setattr(ingest, "fetch", fake_fetch)
    monkeypatch.setattr(ingest, "http_client", lambda settings: _NoClient())
    line = json.dumps({"id": "u", "url": "https://news.example/story"}) + "\n"
    p = tmp_path / "urls.jsonl"
    p.write_text(line, encoding="utf-8")
    (from_file,) = items(str(p))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(line.encode())))
    (from_stdin,) = items("-", jsonl_input=True)
    for doc in (from_file, from_stdin):
        assert (
            isinstance(doc, RawDocument)
            and doc.html == PAGE
            and doc.url == "https://news.example/story?final"
        )
    assert asked == ["https://news.example/story"] * 2


class _NoClient:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# --- WARC -------------------------------------------------------------------------------------------


def warc_record(url: str, body: bytes, content_type: str = "text/html", kind: str = "response", rid: int = 0):
    block = b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n" + body
    if kind != "response":
        block = body
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{rid:032d}>\r\n"
        f"Content-Type: {'application/http; msgtype=response' if kind == 'response' else 'text/plain'}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def test_warc_skips_other_records_keeps_duplicates_and_refuses_a_truncated_one(tmp_path):
    page = PAGE.encode()
    members = [
        warc_record("https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n", kind="request", rid=1),
        warc_record("https://news.example/a", page, rid=2),
        warc_record("https://news.example/a", page, rid=3),  # the same page again
        warc_record("https://news.example/logo.jpg", b"\xff\xd8\xff\xe0" + bytes(200), "image/jpeg", rid=4),
        warc_record("https://news.example/a", b"fetchTimeMs: 12\r\n", kind="metadata", rid=5),
        warc_record("https://news.example/cut", page, rid=6),
    ]
    data = b"".join(gzip.compress(m) for m in members[:-1])
    last = members[-1]
    data += gzip.compress(last[: len(last) - 120])  # the payload stops 116 bytes short
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(data)
    got = items(str(p))
    assert [type(g).__name__ for g in got] == ["RawDocument", "RawDocument", "ErrorRecord"]
    assert got[0].url == got[1].url == "https://news.example/a" and got[0].html == PAGE
    err = got[2]
    assert err.id == "https://news.example/cut" and err.source == f"{p}: https://news.example/cut"
    assert err.error.startswith("truncated record (") and err.error.endswith(f"of {len(page)} bytes)")


def test_warc_record_larger_than_the_cap_is_an_error_named_by_its_uri(tmp_path):
    p = tmp_path / "big.warc"
    p.write_bytes(
        warc_record("https://news.example/big", PAGE.encode() * 40)
        + warc_record("https://x/b", PAGE.encode())
    )
    got = items(str(p), settings=Settings(max_bytes=len(PAGE) * 10))
    assert isinstance(got[0], ErrorRecord) and got[0].source == f"{p}: https://news.example/big"
    assert isinstance(got[1], RawDocument) and got[1].url == "https://x/b"


def test_warc_gzip_bomb_is_refused_without_inflating_it_into_memory(tmp_path):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    size = 256 * MB
    warc_head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\n"
        f"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(head) + size}\r\n\r\n"
    ).encode()
    c = zlib.compressobj(1, zlib.DEFLATED, 31)
    parts = [c.compress(warc_head + head)] + [c.compress(b"<p>" * (MB // 3)) for _ in range(size // MB)]
    parts.append(c.compress(b"<p>" * ((size - (MB // 3) * 3 * (size // MB)) // 3)))
    p = tmp_path / "bomb.warc.gz"
    p.write_bytes(b"".join(parts) + c.flush())
    got, peak = peak_while(lambda: items(str(p), settings=Settings(max_bytes=MB)))
    assert isinstance(got[0], ErrorRecord) and "larger than the cap" in got[0].error
    assert peak < 8 * MB, peak


@pytest.mark.parametrize("content", [b"\xff\xfe", b"\xef\xbb\xbf  \n", " \n".encode("utf-16")])
def test_a_file_of_a_byte_order_mark_and_spaces_is_empty(tmp_path, content):
    p = tmp_path / "bom.txt"
    p.write_bytes(content)
    (err,) = items(str(p))
    assert isinstance(err, ErrorRecord) and err.error == "empty file"


def test_nul_past_the_binary_sniff_in_a_text_file_is_replaced_with_a_warning(tmp_path):
    p = tmp_path / "story.txt"
    p.write_bytes(b"A title\n\n" + b"Some words of the story. " * 400 + b"A NUL \x00 here.\n")
    (doc,) = items(str(p))
    assert isinstance(doc, RawDocument) and "\x00" not in doc.text and "A NUL \ufffd here." in doc.text
    assert doc.warnings == ["text: 1 lone surrogate(s) or NUL character(s) replaced by U+FFFD"]
