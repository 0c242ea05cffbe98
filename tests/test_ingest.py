"""Sources: every kind is read into raw documents, and every kind of bad input is one error record."""

from __future__ import annotations

import gzip
import json
import socket
import sys
from pathlib import Path

import pytest

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest import read
from dateline.ingest.decode import decode
from dateline.records import ErrorRecord, RawDocument

ARTICLE = "A title\n\nJune 1, 2021\n\nPARIS — The first paragraph of the story.\n"
PAGE = (
    "<html><head><title>Page title</title></head><body><article>"
    + "".join(
        f"<p>Paragraph {i} of the page says something long enough to be kept as text.</p>" for i in range(6)
    )
    + "</article></body></html>"
)


def items(*sources: str, **kw):
    return list(read(sources, **kw))


def only(*sources: str, **kw):
    got = items(*sources, **kw)
    assert len(got) == 1, got
    return got[0]


def test_plain_text_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    doc = only(str(p))
    assert isinstance(doc, RawDocument) and doc.text == ARTICLE and not doc.verbatim and doc.source == str(p)


def test_html_file_and_gzipped_html_file(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    docs = items(str(tmp_path))
    assert [d.html is not None for d in docs] == [True, True]


def test_folder_reads_article_files_only(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00")
    assert len(items(str(tmp_path))) == 1


def test_folder_with_no_article_files_is_one_error(tmp_path):
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    (got,) = items(str(tmp_path))
    assert isinstance(got, ErrorRecord)
    assert got.error.startswith("no article files in this folder")


def test_jsonl_records_good_and_bad_in_order(tmp_path):
    p = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Some text.", "published": "2020-01-02", "title": "T"}),
        "{not json",
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "f", "text": "bin\x00ary"}),
        "",
        json.dumps({"id": "g", "html": PAGE}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = items(str(p))
    assert [type(g).__name__ for g in got] == ["RawDocument"] + ["ErrorRecord"] * 4 + ["RawDocument"] * 2
    first = got[0]
    assert (
        first.verbatim
        and first.text == "Some text."
        and first.published == "2020-01-02"
        and first.title == "T"
        and first.source == f"{p}:1"
    )
    errors = [(g.id, g.error, g.source) for g in got if isinstance(g, ErrorRecord)]
    assert errors == [
        (None, "not JSON (Expecting property name enclosed in double quotes at column 2)", f"{p}:2"),
        ("c", "record has no text", f"{p}:3"),
        ("d", "record has no text", f"{p}:4"),
        (None, "not a JSON object", f"{p}:5"),
    ]
    nul = got[5]
    assert nul.text == "bin\ufffdary" and nul.warnings == [
        "text: 1 lone surrogate(s) or NUL character(s) replaced by U+FFFD"
    ]
    assert got[6].source == f"{p}:8"


def test_jsonl_flag_reads_any_file_as_records(tmp_path):
    p = tmp_path / "records.txt"
    p.write_text(json.dumps({"id": "x", "text": "Hello there."}) + "\n", encoding="utf-8")
    assert only(str(p), jsonl_input=True).id == "x"


def test_jsonl_line_with_invalid_utf8_is_an_error(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(
        b'{"id": "a", "text": "caf\xe9"}\n' + json.dumps({"id": "b", "text": "ok"}).encode() + b"\n"
    )
    got = items(str(p))
    assert isinstance(got[0], ErrorRecord) and isinstance(got[1], RawDocument)


def test_empty_file_is_an_error(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    err = only(str(p))
    assert isinstance(err, ErrorRecord) and err.error == "empty file"


def test_binary_file_is_an_error(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 10)
    err = only(str(p))
    assert isinstance(err, ErrorRecord) and "binary" in err.error


def test_missing_file_is_an_error():
    err = only("/no/such/file.txt")
    assert isinstance(err, ErrorRecord) and "no such file" in err.error


def test_file_larger_than_the_cap_is_an_error(tmp_path):
    p = tmp_path / "big.html"
    p.write_text(PAGE * 50, encoding="utf-8")
    err = only(str(p), settings=Settings(max_bytes=1000))
    assert isinstance(err, ErrorRecord) and "larger than the cap" in err.error


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_cp1252_and_latin1_pages_are_decoded_right(tmp_path, codec):
    text = "Café, naïve señor — “quoted” 50 €" if codec == "cp1252" else "Café, naïve señor, Zürich"
    html = (
        f'<html><head><meta charset="{"windows-1252" if codec == "cp1252" else "iso-8859-1"}"></head>'
        f"<body><p>{text}</p></body></html>"
    )
    p = tmp_path / "page.html"
    p.write_bytes(html.encode(codec))
    doc = only(str(p))
    assert text in doc.html and "Ã" not in doc.html


def test_undeclared_cp1252_text_is_not_mojibake():
    assert (
        decode("Ministers met in Zürich — “finally”".encode("cp1252"))
        == "Ministers met in Zürich — “finally”"
    )


def test_decode_refuses_empty_and_binary():
    with pytest.raises(BadInput):
        decode(b"   \n")
    with pytest.raises(BadInput):
        decode(b"\x00\x01\x02\x03" * 100)


def test_stdin_jsonl(monkeypatch):
    data = json.dumps({"id": "s", "text": "From stdin."}).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": __import__("io").BytesIO(data)})())
    assert only("-", jsonl_input=True).text == "From stdin."


# --- URLs, served from a local server on loopback ---------------------------------------------


@pytest.mark.network
def test_url_page(site):
    url = site.add("/story", PAGE)
    doc = only(url)
    assert doc.html == PAGE and doc.url == url


@pytest.mark.network
def test_url_page_in_cp1252_uses_the_http_charset(site):
    url = site.add(
        "/old",
        "<html><body><p>Zürich – “news”</p></body></html>".encode("cp1252"),
        "text/html; charset=windows-1252",
    )
    assert "Zürich – “news”" in only(url).html


@pytest.mark.network
def test_url_that_times_out_is_an_error(site):
    url = site.add("/slow", PAGE, delay=2.0)
    err = only(url, settings=Settings(timeout=0.3))
    assert isinstance(err, ErrorRecord) and "timed out" in err.error


def test_url_that_is_refused_is_an_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    err = only(f"http://127.0.0.1:{port}/x")
    assert isinstance(err, ErrorRecord) and "cannot connect" in err.error


@pytest.mark.network
def test_url_larger_than_the_cap_is_an_error(site):
    url = site.add("/big", PAGE * 100)
    err = only(url, settings=Settings(max_bytes=2000))
    assert isinstance(err, ErrorRecord) and "larger than the cap" in err.error


@pytest.mark.network
def test_url_not_found_is_an_error(site):
    err = only(site.base + "/missing")
    assert isinstance(err, ErrorRecord) and "HTTP 404" in err.error


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.html"])
def test_file_and_ftp_urls_are_refused(url):
    err = only(url)
    assert isinstance(err, ErrorRecord) and "only http and https" in err.error


@pytest.mark.network
def test_bad_url_does_not_stop_the_others(site, tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    got = items("ftp://example.org/x", str(good), site.base + "/missing")
    assert [type(g).__name__ for g in got] == ["ErrorRecord", "RawDocument", "ErrorRecord"]


# --- feeds --------------------------------------------------------------------------------------

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Desk</title>
<item><title>First story</title><link>{base}/one</link><guid>one</guid>
<pubDate>Mon, 02 Sep 2024 09:30:00 GMT</pubDate>
<description><![CDATA[<p>ROME — The first summary paragraph.</p><p>A second one.</p>]]></description></item>
<item><title>Second story</title><link>{base}/two</link><guid>two</guid>
<description>Plain summary text.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
<entry><title>Atom story</title><id>urn:a</id><link href="https://x.example/a"/>
<updated>2024-09-01T10:00:00Z</updated><summary>An atom summary.</summary></entry></feed>"""


def test_rss_file_gives_entry_summaries(tmp_path):
    p = tmp_path / "feed.rss"
    p.write_text(FEED.format(base="https://x.example"), encoding="utf-8")
    first, second = items(str(p))
    assert first.title == "First story" and first.published == "2024-09-02T09:30+00:00" and first.id == "one"
    assert first.text == "ROME — The first summary paragraph.\n\nA second one." and not first.text_has_header
    assert second.text == "Plain summary text."


def test_atom_file(tmp_path):
    p = tmp_path / "feed.atom"
    p.write_text(ATOM, encoding="utf-8")
    doc = only(str(p))
    assert doc.title == "Atom story" and doc.text == "An atom summary." and doc.url == "https://x.example/a"


@pytest.mark.network
def test_feed_url_fetches_each_entry_page_and_a_page_that_fails_is_an_error(site):
    site.add("/one", PAGE)
    feed_url = site.add("/feed.xml", FEED.format(base=site.base), "application/rss+xml")
    first, second = items(feed_url, settings=Settings(allow_private=True))  # its links are on loopback
    assert first.html == PAGE and first.title == "First story"
    assert isinstance(second, ErrorRecord) and "HTTP 404" in second.error  # not its summary in its place


def test_feed_without_entries_is_an_error(tmp_path):
    p = tmp_path / "empty.rss"
    p.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    err = only(str(p))
    assert isinstance(err, ErrorRecord) and "no entries" in err.error


# --- WARC -----------------------------------------------------------------------------------------


def warc_record(
    url: str, body: bytes, content_type: str = "text/html; charset=utf-8", kind: str = "response"
):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n" + body
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032d}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def make_warc(path: Path, compress: bool) -> None:
    records = [
        warc_record("https://news.example/a", PAGE.encode()),
        warc_record("https://news.example/robots.txt", b"User-agent: *", "text/plain"),
        warc_record(
            "https://news.example/b",
            PAGE.replace("Paragraph", "Line").encode("cp1252"),
            "text/html; charset=windows-1252",
        ),
    ]
    if compress:  # one gzip member per record, as Common Crawl writes them
        path.write_bytes(b"".join(gzip.compress(r) for r in records))
    else:
        path.write_bytes(b"".join(records))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_gives_html_responses(tmp_path, name):
    p = tmp_path / name
    make_warc(p, name.endswith(".gz"))
    docs = items(str(p))
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b"]
    assert all(isinstance(d, RawDocument) and d.html for d in docs)


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path):
    p = tmp_path / "cut.warc.gz"
    make_warc(p, True)
    p.write_bytes(p.read_bytes()[:-40])
    got = items(str(p))
    assert got[0].url == "https://news.example/a" and got[0].html == PAGE


def test_file_that_is_not_a_warc_is_one_error(tmp_path):
    p = tmp_path / "junk.warc"
    p.write_bytes(b"this is not a web archive\n" * 10)
    err = only(str(p))
    assert isinstance(err, ErrorRecord) and "broken WARC" in err.error
