"""The pipeline's faults and limits: a stage that raises, a text too long, a page too big, a slow record."""

from __future__ import annotations

import contextlib
import json
import threading
import time

import pytest
from click.testing import CliRunner

from dateline import nlp, pipeline
from dateline.cli import cli
from dateline.config import Settings
from dateline.extract import extract
from dateline.records import AnalyzedArticle, Article, ErrorRecord, RawDocument


def test_warnings_are_carried_through_extraction_and_emitted_only_when_present():
    raw = RawDocument(id="a", text="Body text.", verbatim=True, warnings=["published dropped: not a date"])
    article = extract(raw)
    assert article.warnings == ["published dropped: not a date"]
    d = AnalyzedArticle(article).to_dict()
    assert d["warnings"] == ["published dropped: not a date"]
    assert AnalyzedArticle.from_dict(d).article.warnings == d["warnings"]
    assert "warnings" not in AnalyzedArticle(Article(id="b", text="x")).to_dict()


# ---------------------------------------------------------------- a stage that raises keeps the article

TEXT = "OSLO — Norway's prime minister met Sweden's prime minister in Oslo on Tuesday. \"We agree,\" he said."


def test_a_stage_that_raises_leaves_its_output_empty_and_keeps_the_article(monkeypatch):
    def broken(*args):
        raise TypeError("'<' not supported between instances of 'Entity' and 'Entity'")

    monkeypatch.setattr(pipeline.quotes, "find_quotes", broken)
    (item,) = pipeline.process([Article(id="a", text=TEXT, published="2024-04-02")])
    assert isinstance(item, AnalyzedArticle)
    d = item.to_dict()
    assert d["text"] == TEXT and d["entities"] and d["timexes"]
    assert d["quotes"] == [] and d["events"] == []
    assert d["warnings"] == [
        "quotes stage failed: TypeError: '<' not supported between instances of 'Entity' and 'Entity'",
        "events stage skipped: it needs the quotes stage, which failed",
    ]


def test_a_failed_stage_does_not_empty_the_stages_that_do_not_need_it(monkeypatch):
    monkeypatch.setattr(pipeline.timex, "find_timexes", lambda *a: 1 / 0)
    (item,) = pipeline.process([Article(id="a", text=TEXT)])
    assert isinstance(item, AnalyzedArticle)
    assert item.entities and item.quotes and not item.timexes and not item.events
    assert item.article.warnings[0] == "time stage failed: ZeroDivisionError: division by zero"


# ---------------------------------------------------------------- texts cut before spaCy


def test_cut_text_keeps_a_prefix_at_a_word_boundary_and_says_so():
    article = Article(id="a", text="word " * 100)
    cut = pipeline.cut_text(article, 52)
    assert article.text.startswith(cut.text) and len(cut.text) <= 52 and cut.text.endswith("word")
    assert cut.warnings == [
        "text cut to its first 49 of 500 characters (max_text_chars 52, max_text_tokens 0): "
        "offsets index the cut text, a prefix of the input"
    ]
    assert pipeline.cut_text(article, 500) is article


def test_a_text_of_one_letter_lines_is_cut_by_its_tokens_not_only_its_characters():
    """spaCy's memory follows tokens: one-letter lines make a token of each letter and each break."""
    article = Article(id="a", text="a\n\n" * 30_000)
    cut = pipeline.cut_text(article, 100_000, 1_000)
    assert article.text.startswith(cut.text) and 1_000 <= len(cut.text) <= 1_500
    assert "max_text_tokens 1000" in cut.warnings[0]
    prose = Article(id="p", text="The minister met the envoy in Geneva on Monday. " * 100)
    assert pipeline.cut_text(prose, 100_000, 1_000) is prose


def test_a_text_longer_than_spacys_max_length_is_cut_not_a_stopped_run(monkeypatch):
    monkeypatch.setattr(nlp.load(), "max_length", 300)
    settings = Settings(max_text_chars=10**9)
    long = Article(id="long", text=TEXT + " " + "More words follow here. " * 40)
    items = list(pipeline.process([long, Article(id="short", text=TEXT)], settings=settings))
    assert [type(i) for i in items] == [AnalyzedArticle, AnalyzedArticle]
    assert len(items[0].article.text) <= 300 and long.text.startswith(items[0].article.text)
    assert "text cut" in items[0].article.warnings[0] and not items[1].article.warnings


def test_analyze_jsonl_cuts_a_long_text_and_keeps_offsets_valid(monkeypatch):
    record = {"id": "r1", "text": TEXT + "\n\n" + "The talks went on for hours. " * 300}
    result = CliRunner().invoke(
        cli,
        ["analyze", "--jsonl", "-"],
        input=json.dumps(record) + "\n",
        env={"DATELINE_MAX_TEXT_CHARS": "1000"},
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert len(out["text"]) <= 1000 and record["text"].startswith(out["text"])
    assert "text cut to its first" in out["warnings"][0]
    for e in out["entities"]:
        assert all(end <= len(out["text"]) for _, end in e["mentions"])


# ---------------------------------------------------------------- pages too big for trafilatura


def test_an_8_mb_page_of_paragraph_tags_is_read_linearly_in_seconds():
    html = "<html><head><title>Big</title></head><body>" + "<p>Talks went on.</p>" * (8 * 2**20 // 20)
    started = time.perf_counter()
    article = extract(RawDocument(id="big", html=html))
    assert time.perf_counter() - started < 20  # trafilatura alone: past 400 s
    assert article.title == "Big" and article.text.startswith("Talks went on.")
    assert "read by the linear extractor" in article.warnings[0]
    started = time.perf_counter()
    assert isinstance(
        pipeline.extract_item(RawDocument(id="empty", html="<p>" * (8 * 2**20 // 3))), ErrorRecord
    )
    assert time.perf_counter() - started < 20


def test_the_linear_extractor_keeps_paragraphs_and_drops_scripts_and_navigation():
    html = (
        "<html><head><title>T</title><script>var x = '<p>no</p>';</script></head><body>"
        "<nav><a href='/'>Home</a></nav><h2>Talks</h2><p>Envoys <b>met</b> in Geneva.</p>"
        "<div>They spoke<br>for hours.</div><footer>Copyright</footer></body></html>"
    )
    settings = Settings(max_html_elements=3)
    article = extract(RawDocument(id="p", html=html), settings)
    assert "Envoys met in Geneva." in article.text and "for hours." in article.text
    assert "Home" not in article.text and "Copyright" not in article.text and "no" not in article.text.split()
    assert "over max_html_elements (3)" in article.warnings[0]


# ---------------------------------------------------------------- a deadline per record


@pytest.fixture(scope="module")
def warm():
    """The pipeline run once: the models it loads on first use (spaCy, the event typer) must not count
    against a one-second deadline."""
    list(pipeline.process([Article(id="warm", text=TEXT)]))


def _slow_on(marker: str, seconds: float = 30.0):
    real = pipeline.actors.find_entities

    def find_entities(article, doc):
        if marker in article.text:
            time.sleep(seconds)
        return real(article, doc)

    return find_entities


def test_a_record_past_its_deadline_is_an_error_and_the_run_goes_on(monkeypatch, warm):
    monkeypatch.setattr(pipeline.actors, "find_entities", _slow_on("SLOW"))
    articles = [Article(id="slow", text="SLOW. " + TEXT), Article(id="fast", text=TEXT)]
    started = time.perf_counter()
    items = list(pipeline.process(articles, settings=Settings(record_timeout=1)))
    assert time.perf_counter() - started < 15  # not the 30 s the stage would take
    assert isinstance(items[0], ErrorRecord) and items[0].error == "record timed out after 1 s"
    assert isinstance(items[1], AnalyzedArticle) and items[1].entities


def test_a_slow_spacy_batch_blames_only_the_slow_record(monkeypatch, warm):
    real = nlp.pipe

    def pipe(texts, batch_size=nlp.BATCH_SIZE):
        texts = list(texts)
        if any("SLOW" in t for t in texts):
            time.sleep(30)
        return real(texts, batch_size)

    monkeypatch.setattr(pipeline.nlp, "pipe", pipe)
    articles = [Article(id="fast", text=TEXT), Article(id="slow", text="SLOW. " + TEXT)]
    items = list(pipeline.process(articles, settings=Settings(record_timeout=1)))
    assert isinstance(items[0], AnalyzedArticle)
    assert isinstance(items[1], ErrorRecord) and items[1].id == "slow"


def test_a_slow_extraction_is_an_error_record(monkeypatch):
    def slow(raw, settings=None):
        time.sleep(5)

    monkeypatch.setattr(pipeline, "extract", slow)
    item = pipeline.extract_item(RawDocument(id="x", html="<p>x</p>"), Settings(record_timeout=0.5))
    assert isinstance(item, ErrorRecord) and item.error == "record timed out after 0.5 s"


def test_no_deadline_outside_the_main_thread():
    from dateline.deadline import deadline

    done = []

    def work():
        with deadline(0.1):
            time.sleep(0.3)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]


def test_analyze_record_timeout_option_gives_an_error_line_and_exit_1(monkeypatch, warm):
    monkeypatch.setattr(pipeline.actors, "find_entities", _slow_on("SLOW"))
    lines = [json.dumps({"id": "slow", "text": "SLOW. " + TEXT}), json.dumps({"id": "fast", "text": TEXT})]
    result = CliRunner().invoke(
        cli, ["analyze", "--jsonl", "--record-timeout", "1", "-"], input="\n".join(lines)
    )
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert (out[0]["id"], out[0]["error"]) == ("slow", "record timed out after 1 s")
    assert out[1]["id"] == "fast" and out[1]["entities"]
    bad = CliRunner().invoke(cli, ["analyze", "--record-timeout", "-1", "x.txt"])
    assert bad.exit_code == 2 and "--record-timeout" in bad.output


def test_the_deadline_counts_extraction_and_analysis_together(monkeypatch, warm):
    real_extract = pipeline.extract

    def slow_extract(raw, settings=None):
        if raw.id == "slow":
            time.sleep(0.7)
        return real_extract(raw, settings)

    monkeypatch.setattr(pipeline, "extract", slow_extract)
    monkeypatch.setattr(pipeline.actors, "find_entities", _slow_on("SLOW", 0.7))
    raws = [
        RawDocument(id="slow", text="SLOW. " + TEXT, verbatim=True),
        RawDocument(id="fast", text=TEXT, verbatim=True),
    ]
    items = list(pipeline.process(raws, settings=Settings(record_timeout=1)))
    assert isinstance(items[0], ErrorRecord) and items[0].error == "record timed out after 1 s"
    assert isinstance(items[1], AnalyzedArticle)


def test_a_deadline_puts_back_a_timer_set_before_it():
    import signal

    from dateline.deadline import deadline

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        with deadline(5):
            time.sleep(0.05)
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 29 < left < 30 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_deadline_swallowed_once_fires_again():
    from dateline.deadline import RecordTimeout, deadline

    def stubborn():
        with contextlib.suppress(BaseException):  # a library's bare except
            time.sleep(5)
        time.sleep(5)

    started = time.perf_counter()
    with pytest.raises(RecordTimeout), deadline(0.3):
        stubborn()
    assert time.perf_counter() - started < 3


def test_models_loaded_on_first_use_are_not_charged_to_the_first_record(monkeypatch):
    from dateline.events import encoder

    real = encoder.available
    calls = []

    def slow_first_load():
        if not calls:
            time.sleep(1.5)
        calls.append(True)
        return real()

    monkeypatch.setattr(pipeline, "_warmed", False)
    monkeypatch.setattr(encoder, "available", slow_first_load)
    nlp.load()
    (item,) = pipeline.process([Article(id="a", text=TEXT)], settings=Settings(record_timeout=1))
    assert isinstance(item, AnalyzedArticle) and calls
