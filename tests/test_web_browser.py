"""The web app in real headless Chromium (Debian's chromium and chromium-driver, driven by selenium):
every page renders without console errors, a search result leads to an actor and on to an event that is
corrected, and hostile article text runs nothing. Screenshots go to $DATELINE_SCREENSHOTS (else a tmp
folder). Nothing is downloaded: the tests skip without /usr/bin/chromium and chromedriver."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from web_helpers import SEED_ID, fill  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    "--window-size=1400,1000",
]  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from dateline.web import WebSettings, create_app

    db = str(tmp_path_factory.mktemp("web") / "store.sqlite")
    fill(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db, WebSettings(user="tester")), host="127.0.0.1", port=port,
                            log_level="warning")  # fmt: skip
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() or not Path(DRIVER).exists():
        why = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
        if os.environ.get("CI_BROWSER_REQUIRED"):
            pytest.fail(why)  # .ci/run installs them: a browser test that cannot run must fail there
        pytest.skip(why)
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("DATELINE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _open(driver, url: str, shots: Path, name: str, wait_for: str | None = None) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url)
    if wait_for:
        WebDriverWait(driver, 15).until(ec.presence_of_element_located((By.CSS_SELECTOR, wait_for)))
    time.sleep(0.3)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(height, 1000), 4000))
    driver.save_screenshot(str(shots / f"{name}.png"))
    driver.set_window_size(1400, 1000)


PAGES = [
    ("home", "/", None),
    ("articles", "/articles", None),
    ("article", f"/articles/{SEED_ID}", "#article-text"),
    ("actors", "/actors", None),
    ("actor", "/actors/1", None),
    ("timeline", "/events", ".vis-timeline"),
    ("event", "/events/1", "#event-review"),
    ("network", "/network", "#network canvas"),
    ("quotes", "/quotes?q=border", None),
    ("search", "/search?q=Wanjiru", None),
    ("analyze", "/analyze", None),
    ("review-log", "/corrections", None),
    ("login", "/login", None),
    ("docs", "/docs", ".swagger-ui .info"),
]


@pytest.mark.parametrize(("name", "path", "wait_for"), PAGES, ids=[p[0] for p in PAGES])
def test_web_browser_every_page_renders_without_console_errors(server, browser, shots, name, path, wait_for):
    _open(browser, server + path, shots, name, wait_for)
    assert browser.title
    assert _errors(browser) == []


def test_web_browser_article_marks_explain_themselves(server, browser, shots):
    _open(browser, f"{server}/articles/{SEED_ID}", shots, "article-top", "#article-text")
    mark = browser.find_element(By.CSS_SELECTOR, "#article-text .ent")
    assert "PERSON" in (mark.get_attribute("title") or "")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    panel = browser.find_element(By.ID, "explain")
    assert "Actor" in panel.text and "Open the actor" in panel.text
    browser.save_screenshot(str(shots / "article-explained.png"))
    assert _errors(browser) == []


def test_web_browser_search_actor_event_correction(server, browser, shots):
    _open(browser, server + "/", shots, "flow-0-home")
    box = browser.find_element(By.CSS_SELECTOR, "header .search input")
    box.send_keys("Wanjiru\n")
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".results-actors a")))
    browser.save_screenshot(str(shots / "flow-1-search.png"))
    browser.find_element(By.CSS_SELECTOR, ".results-actors a").click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "actor-review")))
    assert "Wanjiru" in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(shots / "flow-2-actor.png"))
    browser.find_element(By.CSS_SELECTOR, "table.rows td.nowrap a[href^='/events/']").click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "fix-event")))
    browser.save_screenshot(str(shots / "flow-3-event.png"))
    select = browser.find_element(By.CSS_SELECTOR, "#fix-event select[name=type]")
    select.find_element(By.CSS_SELECTOR, "option[value=AGREE], option:nth-child(1)")
    browser.execute_script("arguments[0].value = 'AGREE'", select)
    date = browser.find_element(By.CSS_SELECTOR, "#fix-event input[name=date]")
    date.clear()
    date.send_keys("2023-03-15")
    browser.find_element(By.CSS_SELECTOR, "#fix-event button").click()
    WebDriverWait(browser, 10).until(ec.text_to_be_present_in_element((By.ID, "event-review"), "Saved"))
    history = browser.find_element(By.CSS_SELECTOR, "#event-review .history").text
    assert "tester" in history and "AGREE" in history
    browser.find_element(By.CSS_SELECTOR, "#event-review button[value=wrong]").click()
    WebDriverWait(browser, 10).until(
        ec.text_to_be_present_in_element((By.ID, "event-review"), "Marked wrong")
    )
    browser.save_screenshot(str(shots / "flow-4-corrected.png"))
    assert _errors(browser) == []
    browser.get(server + "/corrections")
    assert "AGREE" in browser.find_element(By.TAG_NAME, "table").text


@pytest.mark.parametrize("path", ["/articles/xss-1", "/events", "/network", "/quotes", "/actors",
                                  "/search?q=Mallory", "/"])  # fmt: skip
def test_web_browser_hostile_text_runs_nothing(server, browser, shots, path):
    browser.get(server + path)
    time.sleep(0.5)
    for link in browser.find_elements(By.CSS_SELECTOR, "a"):
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    for a in browser.find_elements(By.CSS_SELECTOR, "#article-text span, .subheadings a"):
        a.click() if a.is_displayed() else None
    assert browser.execute_script("return window.__xss === undefined")
    if path.startswith("/articles/"):
        assert "<script>" in browser.find_element(By.TAG_NAME, "h1").text  # shown as text, not run
        browser.save_screenshot(str(shots / "xss-article.png"))


def test_web_browser_analyse_box_analyses_and_stores(server, browser, shots):
    pytest.importorskip("spacy")
    _open(browser, server + "/analyze", shots, "analyse-empty")
    text = (
        "Oslo talks end with a pledge\n2024-05-02\n"
        "Norwegian Foreign Minister Espen Barth Eide met Ukrainian President Volodymyr Zelenskyy in Oslo on "
        'Tuesday. "We stand with Ukraine," Eide said after the meeting.'
    )
    browser.find_element(By.CSS_SELECTOR, "textarea[name=text]").send_keys(text)
    browser.find_element(By.CSS_SELECTOR, "button[value=store]").click()
    WebDriverWait(browser, 120).until(ec.presence_of_element_located((By.ID, "article-text")))
    assert "Stored" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert "Eide" in browser.find_element(By.ID, "article-text").text
    browser.save_screenshot(str(shots / "analyse-result.png"))
    assert _errors(browser) == []


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory):
    """A server over a store given by $DATELINE_WEB_STORE, else over the VOA corpus and the seed of the
    shared folder, ingested here (skipped where the shared folder is absent)."""
    import subprocess
    import sys

    import uvicorn

    from conftest import shared_path
    from dateline.web import WebSettings, create_app

    db = os.environ.get("DATELINE_WEB_STORE")
    if not db:
        corpus = shared_path("corpus", "voa.jsonl")
        seed = shared_path("seed", "tehran-times-2020-12-08.txt")
        db = str(tmp_path_factory.mktemp("corpus-store") / "news.sqlite")
        for args in (["--jsonl", str(corpus)], [str(seed)]):
            subprocess.run([sys.executable, "-m", "dateline", "ingest", *args, "--db", db], check=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db, WebSettings()), host="127.0.0.1", port=port,
                                        log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", db
    srv.should_exit = True
    thread.join(10)


def test_web_browser_corpus_every_article_and_page(corpus_server, browser, shots):
    from dateline.store.query import Database

    base, db = corpus_server
    with Database(db) as q:
        ids = q.store.article_ids()
        actors = [a["id"] for a in q.actors(limit=20)]
        events = [e["id"] for e in q.events(limit=20)]
    paths = (
        [f"/articles/{i}" for i in ids] + [f"/actors/{i}" for i in actors] + [f"/events/{i}" for i in events]
    )
    paths += ["/", "/articles", "/actors", "/events", "/network", "/quotes", "/quotes?q=said", "/corrections"]
    failures = {}
    for path in paths:
        browser.get_log("browser")
        browser.get(base + path)
        errors = _errors(browser)
        if errors:
            failures[path] = errors
    for name, path in (("corpus-network", "/network"), ("corpus-timeline", "/events"), ("corpus-home", "/")):
        _open(browser, base + path, shots, name)
    assert failures == {}
