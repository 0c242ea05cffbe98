"""The REST API with the test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from dateline.web import WebSettings, create_app
from web_helpers import SEED_ID, fill


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path_factory):
    """One filled store per backend for the read-only tests of this module."""
    from conftest import _postgres_database

    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("api") / "store.sqlite")
        fill(url)
        yield url
        return
    for url in _postgres_database():
        fill(url)
        yield url


@pytest.fixture(scope="module")
def client(store_url):
    with TestClient(create_app(store_url, WebSettings())) as c:
        yield c


@pytest.fixture
def writable(db_url):
    """A store of its own, for a test that changes it."""
    fill(db_url)
    with TestClient(create_app(db_url, WebSettings())) as c:
        yield c


def test_web_api_articles_list_and_one(client):
    r = client.get("/api/v1/articles", params={"limit": 2})
    assert r.status_code == 200
    body = r.json()
    assert len(body["items"]) == 2 and body["page"] == 1 and body["next"]
    assert "page=2" in body["next"]
    second = client.get(body["next"]).json()
    assert {a["id"] for a in second["items"]}.isdisjoint({a["id"] for a in body["items"]})
    one = client.get(f"/api/v1/articles/{SEED_ID}").json()
    assert one["schema"] == "dateline.article/1"
    assert one["title"].startswith("Kenya and Ethiopia")
    assert {"entities", "quotes", "timexes", "events", "text"} <= set(one)
    assert client.get("/api/v1/articles/nope").status_code == 404


def test_web_api_events_filters_and_formats(client):
    r = client.get("/api/v1/events", params={"actor": "Wanjiru", "type": "CONSULT"})
    items = r.json()["items"]
    assert items and all(e["type"] == "CONSULT" for e in items)
    assert any("Wanjiru" in p["name"] for e in items for p in e["actor"])
    r = client.get("/api/v1/events", params={"since": "2024-09-01", "until": "2024-09-30", "format": "jsonl"})
    assert r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert lines and all("2024-09" in (e["date"] or "") for e in lines)
    r = client.get("/api/v1/events", params={"format": "csv", "limit": 3})
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:2] == ["id", "type"] and len(rows) == 4
    assert 'rel="next"' in r.headers["link"]
    assert client.get("/api/v1/events", params={"since": "2020-02-31"}).status_code == 422
    assert client.get("/api/v1/events", params={"since": "yesterday"}).status_code == 422


def test_web_api_event_reports_actor_links(client):
    event = client.get("/api/v1/events", params={"actor": "Wanjiru"}).json()["items"][0]
    one = client.get(f"/api/v1/events/{event['id']}").json()
    assert one["type"] == event["type"] and one["reports"][0]["sentence"]
    assert client.get(f"/api/v1/reports/{event['id']}").json()["items"]
    actor_id = event["actor"][0]["actor_id"]
    actor = client.get(f"/api/v1/actors/{actor_id}").json()
    assert actor["id"] == actor_id and actor["links"]
    assert client.get(f"/api/v1/links/{actor_id}").json()["items"]
    assert client.get("/api/v1/actors/999999").status_code == 404
    assert client.get("/api/v1/events/999999").status_code == 404
    assert client.get("/api/v1/reports/999999").status_code == 404


def test_web_api_actors_quotes_search_network(client):
    actors = client.get("/api/v1/actors", params={"country": "KEN"}).json()["items"]
    assert actors and all(a["country"] == "KEN" for a in actors)
    quotes = client.get("/api/v1/quotes", params={"q": "cow"}).json()["items"]
    assert quotes and "cow" in quotes[0]["text"]
    hits = client.get("/api/v1/search", params={"q": "border crossings"}).json()["items"]
    assert hits and hits[0]["id"] == SEED_ID
    net = client.get("/api/v1/network").json()
    assert net["nodes"] and net["edges"]


def test_web_api_openapi_and_docs(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/events" in schema["paths"] and "/api/v1/analyze" in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "<script>" not in docs.text
    assert "script-src 'self'" in docs.headers["content-security-policy"]


def test_web_api_analyze_needs_token_beyond_loopback(db_url):
    settings = WebSettings(host="0.0.0.0", token="s3cret")
    with TestClient(create_app(db_url, settings)) as c:
        r = c.post("/api/v1/analyze", json={"text": "Nothing."})
        assert r.status_code == 401
        r = c.post("/api/v1/analyze", json={"text": "x"}, headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 401


def test_web_api_request_size_limit(tmp_path):
    settings = WebSettings(max_body=1000)
    with TestClient(create_app(str(tmp_path / "s.sqlite"), settings)) as c:
        r = c.post("/api/v1/analyze", json={"text": "x" * 5000})
        assert r.status_code == 413


def test_web_api_corrections(writable):
    client = writable
    event = client.get("/api/v1/events", params={"actor": "Wanjiru", "type": "CONSULT"}).json()["items"][0]
    url = f"/api/v1/events/{event['id']}/corrections"
    r = client.post(url, json={"field": "type", "value": "AGREE"}, headers={"X-Dateline-User": "ana"})
    assert r.status_code == 200 and r.json()["event"]["type"] == "AGREE"
    assert client.post(url, json={"field": "type", "value": "MEET"}).status_code == 422
    assert client.post(url, json={"field": "colour", "value": "red"}).status_code == 422
    assert (
        client.post(
            "/api/v1/events/999999/corrections", json={"field": "verdict", "value": "right"}
        ).status_code
        == 404
    )
    actor_id = event["actor"][0]["actor_id"]
    r = client.post(f"/api/v1/actors/{actor_id}/corrections", json={"field": "country", "value": "eth"})
    assert r.status_code == 200 and r.json()["actor"]["country"] == "ETH"
    log = client.get("/api/v1/corrections").json()["items"]
    assert [(c["field"], c["author"]) for c in log][-1] == ("type", "ana")
    assert client.get("/api/v1/corrections", params={"format": "csv"}).text.startswith("id,")
