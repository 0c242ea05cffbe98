"""`dateline batch`: every core of one machine over a stream of inputs, Parquet shards out, resumable.

The input is read in order and cut into shards of `shard_size` records, or fewer where their text
reaches `shard_bytes` first (a shard of large pages stays small in memory): the cuts depend on the
input alone, so the same inputs always make the same shards. Each shard goes to
a worker process (a forkserver or spawn pool; each worker loads spaCy once, in its initializer), which
analyses it with `core.analyze_rows` and writes `part-NNNNNN.parquet` (the articles) and
`errors/part-NNNNNN.jsonl` (the records that failed, with reason and source), each to a temporary name
renamed into place. The main process then appends the shard to `_manifest.jsonl`. Only a few shards are
in flight at once, so memory stays bounded whatever the input's size. Run again after Ctrl-C or a crash,
the job skips the shards whose files are there and does the rest; the output is the same, record for
record, as a run that was never interrupted. When every shard is done, `errors.jsonl` gathers the
errors in input order.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import json
import multiprocessing as mp
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.records import RawDocument
from dateline.runners import core, parquet, progress
from dateline.runners.sources import expand, is_remote, read_unit

DEFAULT_PIPELINE = "dateline.pipeline:process"
MANIFEST = "_manifest.jsonl"
JOB = "_job.json"
ERRORS = "errors.jsonl"


@dataclass
class Job:
    inputs: Sequence[str]
    out: Path
    workers: int | None = None
    shard_size: int = 500
    #: A shard ends early once its records' HTML or text reaches this many characters.
    shard_bytes: int = 64 * 2**20
    batch_size: int = 32
    jsonl_input: bool = False
    settings: Settings = field(default_factory=Settings)
    #: "module:function" of the pipeline (pipeline.process's shape); tests give a fast stand-in.
    pipeline: str = DEFAULT_PIPELINE
    progress: bool | None = None


@dataclass
class Summary:
    shards: int = 0
    skipped_shards: int = 0
    records: int = 0
    articles: int = 0
    #: Errors in the whole job's output, shards done before included.
    errors: int = 0
    errors_file: Path | str | None = None


class Interrupted(RuntimeError):
    """Ctrl-C: the finished shards are kept; the same command again does the rest."""


def cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container or `taskset` narrows)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def load_pipeline(name: str) -> core.Process:
    module, _, attr = name.partition(":")
    fn: core.Process = getattr(importlib.import_module(module), attr)
    return fn


def shard_name(shard: int) -> str:
    return f"part-{shard:06d}"


def finished(out: Path) -> dict[int, dict[str, Any]]:
    """The manifest's entry of each shard whose Parquet file is in place (a torn last line is ignored)."""
    done = {}
    with contextlib.suppress(FileNotFoundError), (out / MANIFEST).open(encoding="utf-8") as f:
        for line in f:
            try:
                entry = json.loads(line)
                shard = int(entry["shard"])
            except (ValueError, KeyError, TypeError):
                continue
            if (out / f"{shard_name(shard)}.parquet").exists():
                done[shard] = entry
    return done


def done_shards(out: Path) -> set[int]:
    """The shards finished already."""
    return set(finished(out))


def _replace(write: Callable[[Path], object], path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    write(tmp)
    os.replace(tmp, path)


def write_shard(out: Path, shard: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A shard's Parquet file and errors file, each written whole under a temporary name then renamed."""
    articles = [r for r in rows if not core.is_error(r)]
    errors = [r for r in rows if core.is_error(r)]

    def write_errors(path: Path) -> None:
        with path.open("w", encoding="utf-8") as f:
            for e in errors:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")

    (out / "errors").mkdir(exist_ok=True)
    _replace(write_errors, out / "errors" / f"{shard_name(shard)}.jsonl")
    _replace(lambda p: parquet.write(articles, p), out / f"{shard_name(shard)}.parquet")
    return {"shard": shard, "records": len(rows), "articles": len(articles), "errors": len(errors)}


def run_shard(
    out: Path,
    shard: int,
    rows: list[dict[str, Any]],
    process: core.Process,
    batch_size: int,
    tick: Callable[[int], None],
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Analyse one shard in batches (ticking the progress after each) and write it."""
    results: list[dict[str, Any]] = []
    for k in range(0, len(rows), batch_size):
        chunk = rows[k : k + batch_size]
        results.extend(core.analyze_rows(chunk, batch_size, process, settings))
        tick(len(chunk))
    return write_shard(out, shard, results)


# Worker processes: the pipeline (and spaCy) loaded once, in the initializer.
_worker: dict[str, Any] = {}

#: The thread pools of the numeric libraries under the pipeline (torch runs the events stage's encoder).
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def one_thread() -> None:
    """Keep a worker to one core: with a thread pool per worker, N workers fight over the cores (torch
    takes every core by default). Call before the pipeline is loaded; a variable set already is kept."""
    for name in _THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(int(os.environ["OMP_NUM_THREADS"]))


def _init_worker(pipeline: str, ticks: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    one_thread()
    _worker["ticks"] = ticks
    try:
        _worker["process"] = load_pipeline(pipeline)
        if pipeline == DEFAULT_PIPELINE:
            from dateline import nlp

            nlp.load()
    except Exception as e:  # raised by _work instead: a pool whose initializer raises respawns forever
        _worker["failed"] = e


def _work(
    out: str, shard: int, rows: list[dict[str, Any]], batch_size: int, settings: Settings
) -> dict[str, Any]:
    if "failed" in _worker:
        raise _worker["failed"]
    ticks = _worker["ticks"]
    return run_shard(Path(out), shard, rows, _worker["process"], batch_size, ticks.put, settings)


def shards(
    units: Sequence[str],
    shard_size: int,
    settings: Settings,
    jsonl_input: bool,
    skip: set[int],
    shard_bytes: int = 64 * 2**20,
    on_unit: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(shard number, input rows) in input order; the rows of skipped shards are read and dropped.
    `on_unit(n)` is told when the first n units are read whole."""
    shard, rows, count, size = 0, [], 0, 0
    for unit_index, unit in enumerate(units):
        for pos, item in enumerate(read_unit(unit, settings, jsonl_input)):
            if shard not in skip:
                rows.append(core.input_row(item, unit_index, pos))
            count += 1
            if isinstance(item, RawDocument):
                size += len(item.html or "") + len(item.text or "")
            if count == shard_size or size >= shard_bytes:
                if shard not in skip:
                    yield shard, rows
                shard, rows, count, size = shard + 1, [], 0, 0
        if on_unit is not None:
            on_unit(unit_index + 1)
    if count and shard not in skip:
        yield shard, rows


def estimate_total(units: Sequence[str], jsonl_input: bool) -> int | None:
    """How many records the units hold, where that is cheap to know (JSON Lines lines, one per page);
    None for feeds, WARCs, URLs and object storage."""
    total = 0
    for unit in units:
        name = unit.lower()
        if is_remote(unit) or unit == "-" or "://" in unit or name.endswith((".warc", ".warc.gz", ".arc.gz")):
            return None
        if jsonl_input or name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            opener: Any = gzip.open if name.endswith(".gz") else open
            try:
                with opener(unit, "rb") as f:
                    total += sum(1 for line in f if line.strip())
            except OSError:
                total += 1
        elif name.endswith((".rss", ".atom", ".xml", ".xml.gz")):
            return None
        else:
            total += 1
    return total


def _input_share(bar: Any, units: Sequence[str]) -> progress.InputShare | None:
    """The input's bytes read so far beside the bar, where every unit is a local file."""
    try:
        return progress.InputShare(bar, [os.path.getsize(u) for u in units])
    except OSError:  # stdin, URLs, object storage
        return None


def _check_job(job: Job, units: list[str]) -> None:
    spec = {
        "inputs": units,
        "shard_size": job.shard_size,
        "shard_bytes": job.shard_bytes,
        "jsonl": job.jsonl_input,
    }
    path = job.out / JOB
    if path.exists():
        if json.loads(path.read_text(encoding="utf-8")) != spec:
            raise BadInput(
                f"{job.out} holds the output of another job (other inputs or --shard-size); "
                "give a new --out folder"
            )
        return
    text = json.dumps(spec, indent=1)
    _replace(lambda p: p.write_text(text, encoding="utf-8"), path)


def _record(out: Path, entry: dict[str, Any]) -> None:
    with (out / MANIFEST).open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")
        f.flush()
        os.fsync(f.fileno())


def _gather_errors(out: Path, shard_count: int) -> Path:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as f:
            for shard in range(shard_count):
                part = out / "errors" / f"{shard_name(shard)}.jsonl"
                with contextlib.suppress(FileNotFoundError):
                    f.write(part.read_text(encoding="utf-8"))

    path = out / ERRORS
    _replace(write, path)
    return path


def _clean_temporaries(out: Path) -> None:
    for tmp in [*out.glob(".*.tmp-*"), *out.glob("errors/.*.tmp-*")]:
        with contextlib.suppress(OSError):
            tmp.unlink()


def run(job: Job) -> Summary:
    """Run (or finish) a batch job; raises Interrupted on Ctrl-C, with every finished shard kept."""
    job.out.mkdir(parents=True, exist_ok=True)
    units = expand(job.inputs)
    _check_job(job, units)
    _clean_temporaries(job.out)
    done = finished(job.out)
    skip = set(done)
    workers = max(1, job.workers or cores())
    summary = Summary(skipped_shards=len(skip))
    total = estimate_total(units, job.jsonl_input) if progress.enabled(job.progress) else None
    done_records = sum(int(e.get("records", 0)) for e in done.values())
    with progress.bar(job.progress, total, initial=done_records if total is not None else 0) as bar:
        share = _input_share(bar, units) if total is None and progress.enabled(job.progress) else None
        todo = shards(
            units,
            job.shard_size,
            job.settings,
            job.jsonl_input,
            skip,
            job.shard_bytes,
            share.unit_done if share is not None else None,
        )
        if workers == 1:
            entries = _run_here(job, todo, bar.update)
        else:
            entries = _run_pool(job, todo, workers, bar.update)
        last = -1
        for entry in entries:
            summary.shards += 1
            summary.records += entry["records"]
            summary.articles += entry["articles"]
            last = max(last, entry["shard"])
    shard_count = max([last, *skip], default=-1) + 1
    errors_file = summary.errors_file = _gather_errors(job.out, shard_count)
    with errors_file.open(encoding="utf-8") as f:
        summary.errors = sum(1 for _ in f)
    _clean_temporaries(job.out)
    return summary


def _run_here(
    job: Job, todo: Iterator[tuple[int, list[dict[str, Any]]]], tick: Callable[[int], None]
) -> Iterator[dict[str, Any]]:
    """One worker: the shards analysed in this process, one after the other."""
    process = load_pipeline(job.pipeline)
    try:
        for shard, rows in todo:
            entry = run_shard(job.out, shard, rows, process, job.batch_size, tick, job.settings)
            _record(job.out, entry)
            yield entry
    except KeyboardInterrupt:
        raise Interrupted() from None


def _run_pool(
    job: Job, todo: Iterator[tuple[int, list[dict[str, Any]]]], workers: int, tick: Callable[[int], None]
) -> Iterator[dict[str, Any]]:
    """Shards spread over a pool of worker processes, at most workers + 1 in flight."""
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    ticks = ctx.Queue()

    def relay() -> None:
        while (n := ticks.get()) is not None:
            tick(n)

    relay_thread = threading.Thread(target=relay, daemon=True)
    relay_thread.start()
    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(job.pipeline, ticks))
    pending: deque[Any] = deque()
    try:
        for shard, rows in todo:
            pending.append(pool.apply_async(_work, (str(job.out), shard, rows, job.batch_size, job.settings)))
            while len(pending) > workers:
                yield _finish(job.out, pending.popleft())
        while pending:
            yield _finish(job.out, pending.popleft())
        pool.close()
    except KeyboardInterrupt:
        raise Interrupted() from None
    finally:
        pool.terminate()
        pool.join()
        ticks.put(None)
        relay_thread.join(timeout=5)


def _finish(out: Path, result: Any) -> dict[str, Any]:
    entry: dict[str, Any] = result.get()
    _record(out, entry)
    return entry
