"""Fetching: malformed URLs, one total deadline, public addresses only, no credentials shown.

Servers are started here on 127.0.0.1; other host names are answered by a resolver stub, and a
connection to any address but loopback is stopped before a packet leaves (see `no_packets_out`).
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpcore
import pytest

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest import addresses, read
from dateline.ingest.url import fetch, redact
from dateline.records import ErrorRecord, RawDocument

PAGE = "<html><body><article><p>" + "A paragraph of the page. " * 20 + "</p></article></body></html>"
FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Desk</title>
{items}</channel></rss>"""
ITEM = (
    "<item><title>{title}</title><link>{link}</link><guid>{title}</guid>"
    "<description>Summary.</description></item>"
)


def feed(*links: str) -> str:
    return FEED.format(items="".join(ITEM.format(title=f"s{i}", link=link) for i, link in enumerate(links)))


class Server:
    """Routes served from memory on 127.0.0.1: path -> (status, headers, body); requests are kept."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.base = ""
        self.port = 0

    def page(self, path: str, body: str = PAGE, content_type: str = "text/html; charset=utf-8") -> str:
        self.routes[path] = (200, {"Content-Type": content_type}, body.encode())
        return self.base + path

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = (status, {"Location": location}, b"")
        return self.base + path


@pytest.fixture
def server() -> Iterator[Server]:
    site = Server()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, dict(self.headers)))
            status, headers, body = site.routes.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    site.port = httpd.server_address[1]
    site.base = f"http://127.0.0.1:{site.port}"
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def no_packets_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address dateline connects to, in order; any but loopback is refused before connecting."""
    tried: list[str] = []
    real = httpcore.SyncBackend.connect_tcp

    def connect_tcp(self: httpcore.SyncBackend, host: str, port: int, *args: object, **kw: object) -> object:
        tried.append(host)
        if host not in ("127.0.0.1", "::1"):
            raise httpcore.ConnectError(f"test stub: no connection to {host}")
        return real(self, host, port, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)
    return tried


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A resolver stub: host name -> addresses; names not in it resolve as the system says (loopback)."""
    table: dict[str, list[str]] = {}
    real = addresses.resolve

    def resolve(host: str, port: int) -> list[str]:
        return list(table[host]) if host in table else real(host, port)

    monkeypatch.setattr(addresses, "resolve", resolve)
    return table


def only(*sources: str, **kw: object) -> RawDocument | ErrorRecord:
    got = list(read(sources, **kw))  # type: ignore[arg-type]
    assert len(got) == 1, got
    return got[0]


# --- malformed URLs -------------------------------------------------------------------------------

MALFORMED = [
    "http://256.256.256.256/",
    "http://[::1/",
    "http://example.org:99999/",
    "http://example.org:-1/",
    "http://example.org:port/",
    "http://exa\x00mple.org/",
    "http://example.org/a\nb",
    "http:///no-host",
    "http://xn--/",
    "javascript://alert(1)",
    "gopher://example.org/",
]


@pytest.mark.parametrize("url", MALFORMED)
def test_fetch_malformed_url_is_an_error_naming_it(url, no_packets_out):
    err = only(url)
    assert isinstance(err, ErrorRecord) and err.source == redact(url)
    assert "malformed URL" in err.error or "only http and https" in err.error
    assert redact(url) in err.error and "\x00" not in err.error + (err.source or "")
    assert not no_packets_out


@pytest.mark.network
def test_fetch_malformed_links_in_a_feed_are_errors_and_the_batch_goes_on(server):
    good = server.page("/good")
    url = server.page(
        "/feed.xml", feed("http://[::1/", good, "http://256.256.256.256/x"), "application/rss+xml"
    )
    got = list(read([url], settings=Settings(allow_private=True)))
    assert [type(g).__name__ for g in got] == ["ErrorRecord", "RawDocument", "ErrorRecord"]
    assert "http://[::1/" in got[0].error and "256.256.256.256" in got[2].error
    assert got[1].html == PAGE


# --- one deadline for the whole fetch --------------------------------------------------------------


def trickle_server(head: bytes, body: bytes, every: float) -> tuple[str, Callable[[], None]]:
    """A server on 127.0.0.1 that sends `head` at once, then `body` a byte each `every` seconds."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(head)
                    for i in range(len(body)):
                        if stop.wait(every):
                            return
                        conn.sendall(body[i : i + 1])
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()

    def close() -> None:
        stop.set()
        listener.close()

    return f"http://127.0.0.1:{listener.getsockname()[1]}/slow", close


@pytest.mark.network
@pytest.mark.parametrize("stage", ["body", "headers"])
def test_fetch_timeout_is_a_total_deadline_for_a_server_that_trickles(stage):
    body = b"x" * 200
    response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 200\r\n\r\n"
    head, rest = (response, body) if stage == "body" else (b"", response + body)
    url, close = trickle_server(head, rest, every=0.05)  # each read waits 0.05 s, far below the timeout
    try:
        start = time.monotonic()
        with pytest.raises(BadInput, match="timed out after 1 s"):
            fetch(url, Settings(timeout=1.0), typed=True)
        elapsed = time.monotonic() - start
    finally:
        close()
    assert 0.9 < elapsed < 2.0  # the old per-read timeout took 10 s and more here


# --- which addresses may be reached ------------------------------------------------------------------

REFUSED = [
    ("127.0.0.1", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("169.254.1.1", "link-local"),
    ("fe80::1", "link-local"),
    ("169.254.169.254", "metadata"),
    ("fd00:ec2::254", "metadata"),
    ("0.0.0.0", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("100.64.0.1", "not a public"),
    ("::ffff:127.0.0.1", "loopback"),
    ("64:ff9b::a00:1", "private"),
]


@pytest.mark.parametrize(("address", "kind"), REFUSED)
def test_fetch_refuses_names_that_resolve_to_addresses_that_are_not_public(
    dns, no_packets_out, address, kind
):
    dns["news.test"] = [address]
    with pytest.raises(BadInput, match=f"refused http://news.test/a: news.test \\({address}\\) is .*{kind}"):
        fetch("http://news.test/a", Settings())
    assert not no_packets_out


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_fetch_connects_to_the_public_address_it_checked_not_to_a_new_answer(dns, monkeypatch, address):
    asked: list[str] = []
    answers = iter([[address], ["127.0.0.1"]])  # DNS rebinding: a second answer would be loopback

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return next(answers)

    monkeypatch.setattr(addresses, "resolve", resolve)
    tried: list[str] = []

    def connect_tcp(self: httpcore.SyncBackend, host: str, *args: object, **kw: object) -> None:
        tried.append(host)
        raise httpcore.ConnectError("test stub: no connection")

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)
    with pytest.raises(BadInput, match="cannot connect"):
        fetch("http://news.test/a", Settings())
    assert asked == ["news.test"] and tried == [address]


def test_fetch_refuses_a_name_with_any_address_that_is_not_public(dns, no_packets_out):
    dns["news.test"] = ["93.184.216.34", "10.0.0.1"]
    with pytest.raises(BadInput, match="private"):
        fetch("http://news.test/", Settings())
    assert not no_packets_out


@pytest.mark.parametrize(
    "url", ["http://metadata.google.internal/computeMetadata/v1/", "http://169.254.169.254/"]
)
def test_fetch_refuses_cloud_metadata_even_when_the_user_typed_it(dns, no_packets_out, url):
    dns["metadata.google.internal"] = ["169.254.169.254"]
    with pytest.raises(BadInput, match="metadata"):
        fetch(url, Settings(), typed=True)
    assert not no_packets_out


def test_fetch_allow_private_lets_private_addresses_through(dns, no_packets_out):
    dns["intranet.test"] = ["10.0.0.5"]
    with pytest.raises(BadInput, match="cannot connect"):
        fetch("http://intranet.test/", Settings(allow_private=True))
    assert no_packets_out == ["10.0.0.5"]  # stopped by the stub, after the policy let it through


def test_allow_private_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATELINE_ALLOW_PRIVATE", "1")
    assert Settings().allow_private
    monkeypatch.setenv("DATELINE_ALLOW_PRIVATE", "0")
    assert not Settings().allow_private


@pytest.mark.network
def test_fetch_a_url_the_user_typed_may_be_on_loopback_but_not_a_library_call(server):
    url = server.page("/story")
    assert fetch(url, Settings(), typed=True).content == PAGE.encode()
    with pytest.raises(BadInput, match="loopback"):
        fetch(url, Settings())  # what the web service calls: the user is not the one who typed it


@pytest.mark.network
def test_fetch_follows_redirects_on_the_typed_host_and_checks_every_other_hop(server, dns):
    final = server.page("/final")
    assert fetch(server.redirect("/a", "/final"), Settings(), typed=True).url == final
    localhost = f"http://localhost:{server.port}/final"
    with pytest.raises(BadInput, match=r"refused .*/b: localhost \(.*\) is a loopback"):
        fetch(server.redirect("/b", localhost), Settings(), typed=True)
    assert fetch(server.base + "/b", Settings(allow_private=True), typed=True).url == localhost
    dns["evil.test"] = ["127.0.0.1"]  # a public-looking name that answers loopback
    server.redirect("/c", server.redirect("/c2", f"http://evil.test:{server.port}/final"))
    with pytest.raises(BadInput, match=r"evil\.test \(127\.0\.0\.1\) is a loopback"):
        fetch(server.base + "/c", Settings(), typed=True)


@pytest.mark.network
@pytest.mark.parametrize(
    ("location", "message"),
    [("ftp://example.org/x", "only http and https"), ("http://[::1/", "cannot fetch|malformed")],
)
def test_fetch_a_redirect_to_a_bad_url_is_an_error(server, location, message, no_packets_out):
    with pytest.raises(BadInput, match=message) as caught:
        fetch(server.redirect("/r", location), Settings(), typed=True)
    assert f"{server.base}/r" in str(caught.value)
    assert set(no_packets_out) == {"127.0.0.1"}


@pytest.mark.network
def test_fetch_a_redirect_loop_stops_after_the_last_hop(server):
    server.redirect("/loop", "/loop")
    with pytest.raises(BadInput, match="more than 5 redirects"):
        fetch(server.base + "/loop", Settings(), typed=True)
    assert len(server.requests) == 6


@pytest.mark.network
def test_feed_links_and_records_urls_are_not_typed_by_the_user(server, monkeypatch, tmp_path):
    link = server.page("/one")
    url = server.page("/feed.xml", feed(link), "application/rss+xml")
    err = only(url)
    assert isinstance(err, ErrorRecord) and "loopback" in err.error and link in err.error
    assert only(url, settings=Settings(allow_private=True)).html == PAGE
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "r", "url": link}) + "\n", encoding="utf-8")
    err = only(str(records))
    assert isinstance(err, ErrorRecord) and "loopback" in err.error


# --- feed entries whose page cannot be fetched -------------------------------------------------------


@pytest.mark.network
def test_feed_entry_whose_page_fails_is_an_error_not_its_summary(server):
    url = server.page("/feed.xml", feed(server.page("/one"), server.base + "/gone"), "application/rss+xml")
    first, second = read([url], settings=Settings(allow_private=True))
    assert isinstance(first, RawDocument) and first.html == PAGE
    assert isinstance(second, ErrorRecord) and second.id == "s1"
    assert "HTTP 404" in second.error and "/gone" in second.error and "--no-follow" in second.error


@pytest.mark.network
def test_feed_without_follow_reads_summaries(server):
    url = server.page("/feed.xml", feed(server.base + "/gone"), "application/rss+xml")
    doc = only(url, settings=Settings(follow_links=False))
    assert isinstance(doc, RawDocument) and doc.text == "Summary."


# --- credentials -------------------------------------------------------------------------------------


@pytest.mark.network
def test_credentials_are_sent_but_never_shown_or_stored(server, caplog):
    caplog.set_level("DEBUG")
    server.page("/private")
    with_password = f"http://reader:s3cret@127.0.0.1:{server.port}"
    doc = only(with_password + "/private")
    assert isinstance(doc, RawDocument) and doc.html == PAGE
    assert "s3cret" not in f"{doc.url} {doc.source} {doc.id}"
    sent = server.requests[-1][1].get("Authorization", "")
    assert base64.b64decode(sent.removeprefix("Basic ")) == b"reader:s3cret"
    err = only(with_password + "/missing")
    assert isinstance(err, ErrorRecord) and "HTTP 404" in err.error
    assert "s3cret" not in f"{err.error} {err.source} {err.id}"
    assert "s3cret" not in caplog.text


@pytest.mark.network
def test_credentials_in_feed_links_are_not_stored(server):
    server.page("/one")
    link = f"http://u:s3cret@127.0.0.1:{server.port}/one"
    url = server.page("/feed.xml", feed(link), "application/rss+xml")
    doc = only(url, settings=Settings(allow_private=True))
    assert isinstance(doc, RawDocument) and doc.url == server.base + "/one"
    doc = only(url, settings=Settings(follow_links=False))
    assert isinstance(doc, RawDocument) and "s3cret" not in f"{doc.url} {doc.id}"


# --- the command line ---------------------------------------------------------------------------------


@pytest.mark.network
def test_cli_allow_private_flag_and_no_password_on_any_output(server, monkeypatch):
    from click.testing import CliRunner

    from dateline.cli import cli

    monkeypatch.delenv("DATELINE_ALLOW_PRIVATE", raising=False)
    url = server.page("/feed.xml", feed(server.base + "/gone"), "application/rss+xml")
    refused = CliRunner().invoke(cli, ["analyze", url])
    assert refused.exit_code == 1 and "loopback" in refused.stderr and "--allow-private" in refused.stderr
    allowed = CliRunner().invoke(cli, ["analyze", "--allow-private", url])
    assert allowed.exit_code == 1 and "HTTP 404" in allowed.stderr and "/gone" in allowed.stderr
    secret = CliRunner().invoke(cli, ["analyze", f"http://u:s3cret@127.0.0.1:{server.port}/missing"])
    assert secret.exit_code == 1 and "HTTP 404" in secret.stderr
    assert "s3cret" not in secret.stdout + secret.stderr
    assert "Traceback" not in refused.output + allowed.output + secret.output


# --- https through the checked connection -------------------------------------------------------------


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """An https server on 127.0.0.1 with a certificate for localhost (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not here")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
    command += " -subj /CN=localhost -addext subjectAltName=DNS:localhost"
    subprocess.run([*command.split(), "-keyout", key, "-out", cert], check=True, capture_output=True)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE.encode())

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield httpd.server_address[1], cert
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.network
def test_fetch_https_checks_the_certificate_against_the_name_not_the_address(tls_server, dns, monkeypatch):
    port, cert = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    dns["localhost"] = ["127.0.0.1"]
    assert fetch(f"https://localhost:{port}/", Settings(), typed=True).content == PAGE.encode()
    dns["news.test"] = ["127.0.0.1"]  # the same server under a name its certificate does not carry
    with pytest.raises(BadInput, match=r"cannot connect.*(certificate|hostname)"):
        fetch(f"https://news.test:{port}/", Settings(allow_private=True))


def test_fetch_a_resolver_that_hangs_is_held_to_the_deadline(monkeypatch, no_packets_out):
    monkeypatch.setattr(addresses, "resolve", lambda host, port: time.sleep(3) or ["93.184.216.34"])
    start = time.monotonic()
    with pytest.raises(BadInput, match=r"timed out after 0\.5 s"):
        fetch("http://slow-dns.test/", Settings(timeout=0.5))
    assert time.monotonic() - start < 1.5 and not no_packets_out
