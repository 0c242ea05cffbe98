"""dateline batch: the core rows, Parquet shards, errors with their source, a WARC.gz with bad records,
and a run interrupted half way (SIGINT, kill -9) then run again giving the same output record for record.

The runner tests use `batch_fakes.process` (extraction, no NLP) so that they take seconds.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.records import ErrorRecord, RawDocument
from dateline.runners import core, local, parquet
from dateline.runners.sources import expand, read_unit

TESTS = Path(__file__).resolve().parent
FAKE = "batch_fakes:process"

PAGE = """<html><head><title>Talks in Nairobi {n}</title></head><body><article><h1>Talks in Nairobi {n}</h1>
<p>NAIROBI — Kenyan Foreign Minister Amina Wanjiru met her Ethiopian counterpart on Tuesday, round {n}.</p>
<p>"We agreed on a lot today," Wanjiru said after the meeting in the capital.</p></article></body></html>"""


def write_jsonl(path: Path, n: int, bad: tuple[int, ...] = ()) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            if i in bad:
                f.write("{not json\n")
                continue
            text = f"Talks number {i} went on in Nairobi on Tuesday, officials said."
            f.write(json.dumps({"id": f"a{i}", "text": text, "published": "2023-03-14"}) + "\n")
    return path


def job(inputs: list[Path], out: Path, **kw: object) -> local.Job:
    return local.Job(inputs=[str(p) for p in inputs], out=out, pipeline=FAKE, **kw)  # type: ignore[arg-type]


def output(out: Path) -> tuple[list[dict], str]:
    return list(parquet.read_rows(out)), (out / local.ERRORS).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def fakes_importable(monkeypatch):
    monkeypatch.syspath_prepend(str(TESTS))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))


def test_batch_input_rows_round_trip():
    doc = RawDocument(id="x", url="https://a.example/1", html="<p>hi</p>", meta={"fetched": "2020"})
    row = core.input_row(doc, 2, 5)
    assert (row["unit"], row["pos"]) == (2, 5)
    assert core.row_item(json.loads(json.dumps(row))) == doc
    err = core.input_row(ErrorRecord("y", "not JSON", "in.jsonl:3"), 0, 1)
    assert core.row_item(err) == ErrorRecord("y", "not JSON", "in.jsonl:3")


def test_batch_parquet_rows_round_trip(tmp_path):
    row = {
        "unit": 0,
        "pos": 3,
        "schema": "dateline.article/1",
        "id": "a",
        "url": None,
        "title": "T",
        "published": "2020-12-08",
        "dateline": "TEHRAN",
        "authors": ["A. Writer"],
        "subheadings": [],
        "text": "Body.",
        "entities": [{"id": "e1", "name": "Iran", "type": "GPE", "mentions": [[0, 4]], "roles": []}],
        "quotes": [],
        "timexes": [],
        "events": [{"id": "v1", "type": "CONSULT", "place": None, "actor": [], "confidence": 0.5}],
        "warnings": ["text cut to 10 characters"],
        "a_field_added_later": {"k": 1},
        "source": "in.jsonl:4",
    }
    parquet.write([row], tmp_path / "p.parquet")
    assert list(parquet.read_rows(tmp_path)) == [row]
    no_warnings = {k: v for k, v in row.items() if k not in ("warnings", "a_field_added_later")}
    parquet.write([no_warnings], tmp_path / "p.parquet")
    assert list(parquet.read_rows(tmp_path)) == [no_warnings]


def test_batch_writes_articles_as_shards_and_errors_with_reason_and_source(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", 12, bad=(4,))
    summary = local.run(job([src], tmp_path / "out", workers=1, shard_size=5))
    assert (summary.shards, summary.records, summary.articles, summary.errors) == (3, 12, 11, 1)
    rows, errors = output(tmp_path / "out")
    assert [r["id"] for r in rows] == [f"a{i}" for i in range(12) if i != 4]
    assert [(r["unit"], r["pos"]) for r in rows][:5] == [(0, 0), (0, 1), (0, 2), (0, 3), (0, 5)]
    assert rows[0]["schema"] == "dateline.article/1" and rows[0]["source"] == f"{src}:1"
    (error,) = [json.loads(line) for line in errors.splitlines()]
    assert error["pos"] == 4 and error["source"] == f"{src}:5" and error["error"].startswith("not JSON")
    assert sorted(p.name for p in parquet.parquet_files(tmp_path / "out")) == [
        "part-000000.parquet",
        "part-000001.parquet",
        "part-000002.parquet",
    ]


def test_batch_shard_ends_early_when_its_text_reaches_shard_bytes(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", 10)  # texts of 62 to 63 characters
    summary = local.run(job([src], tmp_path / "out", workers=1, shard_size=100, shard_bytes=150))
    assert summary.shards == 4  # 3 + 3 + 3 + 1
    assert [r["id"] for r in output(tmp_path / "out")[0]] == [f"a{i}" for i in range(10)]


def test_batch_progress_bar_shows_rate_and_total_when_asked(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", 6)
    local.run(job([src], tmp_path / "out", workers=1, shard_size=4, progress=True))
    shown = capsys.readouterr().err
    assert "6/6" in shown and "article/s" in shown
    local.run(job([src], tmp_path / "quiet", workers=1, progress=False))
    assert capsys.readouterr().err == ""


def test_batch_pool_of_workers_gives_the_output_of_one(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", 30, bad=(7, 20))
    local.run(job([src], tmp_path / "one", workers=1, shard_size=4))
    local.run(job([src], tmp_path / "two", workers=2, shard_size=4))
    assert output(tmp_path / "one") == output(tmp_path / "two")


def test_batch_run_again_does_nothing_more_and_refuses_another_job(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", 9)
    local.run(job([src], tmp_path / "out", workers=1, shard_size=4))
    again = local.run(job([src], tmp_path / "out", workers=1, shard_size=4))
    assert (again.shards, again.skipped_shards) == (0, 3)
    with pytest.raises(ValueError, match="another job"):
        local.run(job([src], tmp_path / "out", workers=1, shard_size=3))


def test_batch_expands_folders_in_sorted_order(tmp_path):
    (tmp_path / "pages" / "b").mkdir(parents=True)
    for name in ("z.html", "b/a.html", "a.html", "notes.md"):
        (tmp_path / "pages" / name).write_text(PAGE.format(n=name), encoding="utf-8")
    units = expand([str(tmp_path / "pages")])
    assert [Path(u).relative_to(tmp_path / "pages").as_posix() for u in units] == [
        "a.html",
        "b/a.html",
        "z.html",
    ]


def warc_record(url: str, body: bytes, content_type: str = "text/html; charset=utf-8", rid: int = 0) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\n\r\n" + body
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{rid:032d}>\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def test_batch_warc_gz_logs_truncated_non_html_and_duplicate_records_and_keeps_the_rest(tmp_path):
    pages = [PAGE.format(n=n).encode() for n in range(4)]
    members = [
        warc_record("https://news.example/0", pages[0], rid=1),
        warc_record("https://news.example/logo.png", b"\x89PNG\r\n" + bytes(100), "image/png", rid=2),
        warc_record("https://news.example/1", pages[1], rid=3),
        warc_record("https://news.example/0", pages[0], rid=4),  # the same page again
        warc_record("https://news.example/2", pages[2], rid=5),
        warc_record("https://news.example/3", pages[3], rid=6),
    ]
    cut = members[-1][:-150]  # the last record stops short
    warc = tmp_path / "CC-NEWS-test.warc.gz"
    warc.write_bytes(b"".join(gzip.compress(m) for m in members[:-1]) + gzip.compress(cut))
    summary = local.run(job([warc], tmp_path / "out", workers=1, shard_size=3))
    rows, errors = output(tmp_path / "out")
    assert [r["url"] for r in rows] == [f"https://news.example/{n}" for n in range(3)]
    assert all("Talks in Nairobi" in (r["title"] or "") for r in rows)
    logged = [json.loads(line) for line in errors.splitlines()]
    assert summary.errors == len(logged) == 3
    reasons = {e["id"]: e["error"] for e in logged}
    assert reasons["https://news.example/logo.png"].startswith("skipped: not HTML (image/png")
    assert reasons["https://news.example/0"].startswith("duplicate of record 0")
    assert reasons["https://news.example/3"].startswith("truncated record")
    assert all(e["source"].startswith(str(warc)) for e in logged)
    assert [e["pos"] for e in logged] == [1, 3, 5]


def test_batch_progress_on_warc_input_shows_the_share_of_bytes_read(tmp_path, capsys):
    warc = tmp_path / "crawl.warc.gz"
    pages = [PAGE.format(n=n).encode() for n in range(2)]
    warc.write_bytes(
        b"".join(gzip.compress(warc_record(f"https://news.example/{n}", p)) for n, p in enumerate(pages))
    )
    local.run(job([warc], tmp_path / "out", workers=1, progress=True))
    shown = capsys.readouterr().err
    assert "input 100% read" in shown and "article/s" in shown


def test_batch_read_unit_marks_a_repeated_record_in_its_place(tmp_path):
    src = tmp_path / "in.jsonl"
    line = json.dumps({"id": "a", "text": "Same text here."})
    src.write_text(line + "\n" + json.dumps({"id": "b", "text": "Other."}) + "\n" + line + "\n")
    got = list(read_unit(str(src)))
    assert [type(g).__name__ for g in got] == ["RawDocument", "RawDocument", "ErrorRecord"]


# --- interrupted runs -------------------------------------------------------------------------------------

RUNNER = """
import sys
from pathlib import Path
from dateline.runners import local
if __name__ == "__main__":
    src, out, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    try:
        job = local.Job([src], Path(out), workers=workers, shard_size=4, pipeline="batch_fakes:process")
        local.run(job)
    except local.Interrupted:
        sys.exit(130)
"""


def start(script: Path, src: Path, out: Path, workers: int, delay: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATELINE_FAKE_DELAY": str(delay)}
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, str(script), str(src), str(out), str(workers)],
        env=env,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_for_shards(out: Path, n: int, proc: subprocess.Popen[bytes], limit: float = 60) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if len(local.done_shards(out)) >= n:
            return
        if proc.poll() is not None:
            said = proc.stderr.read().decode() if proc.stderr else ""
            pytest.fail(f"the run ended before {n} shards: {said}")
        time.sleep(0.05)
    pytest.fail(f"no {n} shards in {limit} s")


@pytest.mark.parametrize(("how", "workers"), [(signal.SIGINT, 2), (signal.SIGKILL, 2), (signal.SIGKILL, 1)])
def test_batch_interrupted_half_way_then_run_again_equals_an_uninterrupted_run(tmp_path, how, workers):
    src = write_jsonl(tmp_path / "in.jsonl", 48, bad=(5, 30))  # 12 shards of 4
    script = tmp_path / "run_batch.py"
    script.write_text(RUNNER, encoding="utf-8")
    whole = local.run(job([src], tmp_path / "whole", workers=1, shard_size=4))
    assert whole.shards == 12

    out = tmp_path / "out"
    proc = start(script, src, out, workers, delay=0.1)
    wait_for_shards(out, 3, proc)
    if how == signal.SIGKILL:
        os.killpg(proc.pid, signal.SIGKILL)  # the runner and its workers, as a crash would
    else:
        os.kill(proc.pid, signal.SIGINT)  # Ctrl-C on the runner
    code = proc.wait(timeout=30)
    assert code == (130 if how == signal.SIGINT else -signal.SIGKILL)
    done = local.done_shards(out)
    assert 3 <= len(done) < 12
    assert not (out / local.ERRORS).exists()

    rerun = start(script, src, out, workers, delay=0)
    assert rerun.wait(timeout=60) == 0
    assert output(out) == output(tmp_path / "whole")
    entries = [json.loads(line) for line in (out / local.MANIFEST).read_text().splitlines()]
    assert sorted(e["shard"] for e in entries) == list(range(12))  # no shard done twice
    assert not list(out.glob(".*.tmp-*"))


def test_batch_reads_object_storage_through_fsspec(tmp_path):
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    local_src = write_jsonl(tmp_path / "in.jsonl", 3)
    for name in ("b.jsonl", "a.jsonl"):
        fs.pipe(f"/bucket-{tmp_path.name}/news/{name}", local_src.read_bytes())
    pattern = f"memory://bucket-{tmp_path.name}/news/*.jsonl"
    units = expand([pattern])
    assert [u.rsplit("/", 1)[-1] for u in units] == ["a.jsonl", "b.jsonl"]
    local.run(local.Job([pattern], tmp_path / "out", workers=1, pipeline=FAKE))
    rows = output(tmp_path / "out")[0]
    assert [(r["unit"], r["id"]) for r in rows] == [(u, f"a{i}") for u in (0, 1) for i in range(3)]
    assert rows[0]["source"] == f"{units[0]}:1" and units[0].startswith("memory://")


def test_batch_command_reports_errors_file_and_exit_status(tmp_path):
    from click.testing import CliRunner

    from dateline.cli import cli

    src = tmp_path / "bad.jsonl"
    src.write_text("{not json\n[1, 2]\n", encoding="utf-8")  # no article: spaCy is never loaded
    out = tmp_path / "out"
    got = CliRunner().invoke(cli, ["batch", str(src), "--out", str(out), "--workers", "1", "--no-progress"])
    assert got.exit_code == 1
    assert f"2 record(s) could not be read: see {out / 'errors.jsonl'}" in got.output
    assert len((out / "errors.jsonl").read_text().splitlines()) == 2
    other = CliRunner().invoke(cli, ["batch", str(src), "--out", str(out), "--shard-size", "7"])
    assert other.exit_code == 1 and "another job" in other.output
    remote = CliRunner().invoke(cli, ["batch", str(src), "--out", "s3://bucket/out"])
    assert remote.exit_code == 2 and "--engine ray" in remote.output


# --- load ---------------------------------------------------------------------------------------------------


def test_load_puts_batch_output_into_the_store_once(tmp_path, db_url):
    from click.testing import CliRunner
    from sqlalchemy import text

    from dateline.cli import cli
    from dateline.store import Store

    src = write_jsonl(tmp_path / "in.jsonl", 7)
    local.run(job([src], tmp_path / "out", workers=1, shard_size=3))
    first = CliRunner().invoke(cli, ["load", str(tmp_path / "out"), "--db", db_url, "--batch-size", "2"])
    assert first.exit_code == 0, first.output
    assert "7 new article(s) of 7 read" in first.output
    again = CliRunner().invoke(cli, ["load", str(tmp_path / "out"), "--db", db_url])
    assert again.exit_code == 0 and "0 new article(s) of 7 read" in again.output
    with Store(db_url) as store:
        assert store.count() == 7
        stored = {a.id: a for a in store.iter_articles()}
        with store.engine.connect() as conn:
            source = conn.execute(text("SELECT source FROM articles WHERE id = 'a3'")).scalar()
    assert source == f"{src}:4"
    assert [t.text for t in stored["a3"].timexes] == ["Talks"]


def test_load_reports_an_id_stored_with_another_text_and_loads_the_rest(tmp_path):
    from click.testing import CliRunner

    from dateline.cli import cli

    db = str(tmp_path / "kb.sqlite")
    local.run(job([write_jsonl(tmp_path / "in.jsonl", 3)], tmp_path / "out", workers=1))
    assert CliRunner().invoke(cli, ["load", str(tmp_path / "out"), "--db", db]).exit_code == 0
    other = tmp_path / "other.jsonl"
    other.write_text(
        json.dumps({"id": "a1", "text": "Another text under an id stored already."})
        + "\n"
        + json.dumps({"id": "n1", "text": "A new article about talks in Addis Ababa."})
        + "\n"
    )
    local.run(job([other], tmp_path / "out2", workers=1))
    got = CliRunner().invoke(cli, ["load", str(tmp_path / "out2"), "--db", db])
    assert got.exit_code == 1
    assert "1 new article(s) of 2 read" in got.output and "a1" in got.output


# --- bounded memory -----------------------------------------------------------------------------------------

MEMORY = """
import resource, sys
from pathlib import Path
from dateline.runners import local
if __name__ == "__main__":
    fake = "batch_fakes:process"
    job = local.Job([sys.argv[1]], Path(sys.argv[2]), workers=2, shard_size=200, pipeline=fake)
    local.run(job)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def peak_memory(tmp_path: Path, records: int) -> int:
    """The runner's peak resident memory over `records` JSON Lines records of 21 KB each."""
    src = tmp_path / f"in-{records}.jsonl"
    paragraph = "Officials met in Nairobi on Tuesday to discuss trade and the border. " * 300
    with src.open("w", encoding="utf-8") as f:
        for i in range(records):
            f.write(json.dumps({"id": f"b{i}", "text": f"{i} {paragraph}"}) + "\n")
    script = tmp_path / "memory.py"
    script.write_text(MEMORY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    out = tmp_path / f"out-{records}"
    done = subprocess.run(
        [sys.executable, str(script), str(src), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert sum(1 for _ in parquet.read_rows(out)) == records
    return int(done.stdout.split()[-1])


@pytest.mark.slow
def test_batch_memory_of_the_runner_does_not_grow_with_the_input(tmp_path):
    small = peak_memory(tmp_path, 400)  # 8 MB of input
    large = peak_memory(tmp_path, 16000)  # 320 MB
    # A few shards in flight and the allocator's slack, not the input: measured 104 to 190 MB in all.
    assert large - small < 100 * 2**20, f"peak {small / 2**20:.0f} MB, then {large / 2**20:.0f} MB"


@pytest.mark.slow
def test_bench_reports_the_scale_of_one_worker_and_of_two():
    from click.testing import CliRunner

    from dateline.cli import cli

    got = CliRunner().invoke(cli, ["bench", "--repeat", "1", "--workers", "2", "--format", "json"])
    scale = json.loads(got.stdout)["scale"]
    assert {"spacy", "workers_1", "workers_2", "speedup", "ratio_1_worker_to_spacy"} <= set(scale)
    for key in ("workers_1", "workers_2"):
        assert scale[key]["articles_per_s"] > 0 and scale[key]["words_per_s"] > 0
        assert 100 < scale[key]["peak_memory_per_worker_mb"] < 4000


@pytest.mark.slow
def test_batch_on_two_workers_gives_what_analyze_gives(tmp_path):
    from importlib.resources import files

    from dateline.ingest import read
    from dateline.pipeline import process

    examples = str(files("dateline").joinpath("examples"))
    local.run(local.Job([examples], tmp_path / "out", workers=2, shard_size=2, progress=False))
    rows = [
        {k: v for k, v in r.items() if k not in ("unit", "pos", "source")}
        for r in parquet.read_rows(tmp_path / "out")
    ]
    assert rows == [item.to_dict() for item in process(read([examples]))]
