"""The web app's defences without a browser: analysis by URL refuses non-public addresses (a resolver
stub, a mock transport and a loopback server: no packet leaves this machine), headers, CSRF, tokens."""

from __future__ import annotations

import re

import httpx
import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.web import WebSettings, create_app
from dateline.web.fetching import UrlGuard, fetch_page, forbidden
from web_helpers import fill


def stub(table: dict[str, list[str]]):
    return lambda host: table[host]


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "::1", "fd00::1", "0.0.0.0",
     "::ffff:127.0.0.1", "100.64.0.1", "fe80::1%eth0"],
)  # fmt: skip
def test_web_security_non_public_addresses_are_forbidden(address):
    assert forbidden(address)


def test_web_security_public_addresses_pass():
    assert not forbidden("93.184.216.34") and not forbidden("2606:4700::1111")


def test_web_security_guard_checks_after_dns():
    guard = UrlGuard(
        resolver=stub({"news.test": ["93.184.216.34"], "intranet.test": ["93.184.216.34", "10.0.0.5"]})
    )
    guard.check("https://news.test/story")
    with pytest.raises(BadInput, match="non-public"):
        guard.check("https://intranet.test/")  # one private answer is enough
    with pytest.raises(BadInput, match="non-public"):
        guard.check("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(BadInput):
        guard.check("file:///etc/passwd")
    UrlGuard(allow_private=True, resolver=stub({})).check("http://127.0.0.1:8000/")


def test_web_security_every_redirect_is_checked():
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "news.test", "the guard must stop the redirect before it is sent"
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})

    guard = UrlGuard(resolver=stub({"news.test": ["93.184.216.34"]}))
    with pytest.raises(BadInput, match="non-public"):
        fetch_page("http://news.test/a", Settings(), guard, httpx.MockTransport(answer))


def test_web_security_analyze_refuses_loopback_url(tmp_path, site):
    url = site.add("/story.html", "<html><body><p>Nothing here.</p></body></html>")
    with TestClient(create_app(str(tmp_path / "s.sqlite"), WebSettings())) as c:
        r = c.post("/api/v1/analyze", json={"url": url})
        assert r.status_code == 400 and "non-public" in r.json()["detail"]


@pytest.fixture
def client(tmp_path):
    db = str(tmp_path / "s.sqlite")
    fill(db)
    with TestClient(create_app(db, WebSettings())) as c:
        yield c


def test_web_security_headers_on_every_answer(client):
    for path in ("/", "/api/v1/events", "/static/app.css", "/nope", "/articles/xss-1"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe" not in csp.split("script-src")[1].split(";")[0]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def test_web_security_hostile_article_is_escaped(client):
    page = client.get("/articles/xss-1").text
    assert "<script>window" not in page and 'onerror="window' not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;" in page
    assert "<script>" not in page.replace('<script src="', "").replace('<script type="application/json"', "")


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_web_security_forms_need_the_csrf_token(client):
    token = _csrf(client.get("/events/1").text)
    assert client.post("/events/1/verdict", data={"verdict": "right"}).status_code == 403
    assert client.post("/events/1/verdict", data={"verdict": "right", "csrf": "x" * 64}).status_code == 403
    assert client.post("/events/1/verdict", data={"verdict": "right", "csrf": token}).status_code == 200
    other = TestClient(client.app)  # another browser: its own cookie, so this token is not its
    assert other.post("/events/1/verdict", data={"verdict": "right", "csrf": token}).status_code == 403


def test_web_security_writes_beyond_loopback_need_the_token(tmp_path):
    db = str(tmp_path / "s.sqlite")
    fill(db, hostile=False)
    with TestClient(create_app(db, WebSettings(host="0.0.0.0", token="s3cret"))) as c:
        token = _csrf(c.get("/events/1").text)
        assert c.post("/events/1/verdict", data={"verdict": "right", "csrf": token}).status_code == 401
        fix = {"field": "verdict", "value": "right"}
        assert c.post("/api/v1/events/1/corrections", json=fix).status_code == 401
        ok = c.post("/api/v1/events/1/corrections", json=fix, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        login = c.post("/login", data={"csrf": _csrf(c.get("/login").text), "name": "Ana", "token": "wrong"})
        assert login.status_code == 401
        login = c.post("/login", data={"csrf": _csrf(c.get("/login").text), "name": "Ana", "token": "s3cret"})
        assert login.status_code == 200  # redirected home
        assert c.post("/events/1/verdict", data={"verdict": "wrong", "csrf": token}).status_code == 200
        log = c.get("/api/v1/corrections").json()["items"]
        assert log[0]["author"] == "Ana" and log[0]["new_value"] == "wrong"


def test_web_security_slow_requests_are_cut_off(tmp_path):
    import asyncio

    app = create_app(str(tmp_path / "s.sqlite"), WebSettings(request_timeout=0.2))

    @app.get("/slow")
    async def slow() -> dict:
        await asyncio.sleep(5)
        return {}

    with TestClient(app) as c:
        r = c.get("/slow")
        assert r.status_code == 503 and "longer than" in r.json()["detail"]
        assert "content-security-policy" in r.headers
