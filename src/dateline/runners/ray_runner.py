"""`dateline batch --engine ray`: the same job on Ray Data, on this machine or a cluster.

The inputs are expanded into units as the local runner does (`sources.expand`) and each unit is read in
a Ray task of its own (many WARC files are read in parallel). Records travel as input rows (`core`),
each row one JSON string so that every block has the same Arrow schema. An actor pool analyses them:
each actor loads the pipeline and spaCy in `__init__`, once, on its own node; the model never goes
through the object store. The actors call `core.analyze_rows`, the function the local runner calls,
return the articles as Arrow tables of `parquet.SCHEMA` (written as Parquet by Ray, from every node) and
hand the error rows to one small collector actor; the driver writes them to OUT/errors.jsonl, in input
order. The output is not resumable shard by shard as the local runner's is: Ray retries failed tasks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.runners import core, parquet, progress
from dateline.runners.local import DEFAULT_PIPELINE, ERRORS, JOB, Summary, cores, load_pipeline
from dateline.runners.sources import expand, is_remote, read_unit

SINK = "dateline-errors"


@dataclass
class RayJob:
    inputs: Sequence[str]
    #: A local or shared folder, or object storage (s3://, gs://) through fsspec.
    out: Path | str
    workers: int | None = None
    #: A Ray cluster ("ray://head:10001", "auto"); None starts Ray on this machine.
    address: str | None = None
    batch_size: int = 32
    jsonl_input: bool = False
    settings: Settings = field(default_factory=Settings)
    pipeline: str = DEFAULT_PIPELINE
    #: Ray Data's progress bars on stderr (None: when stderr is a terminal).
    progress: bool | None = None


def _read(unit: dict[str, Any], settings: Settings, jsonl_input: bool) -> Iterator[dict[str, Any]]:
    """The input rows of one unit, each as {"unit", "pos", "row": JSON}."""
    for pos, item in enumerate(read_unit(unit["path"], settings, jsonl_input)):
        row = core.input_row(item, int(unit["unit"]), pos)
        yield {"unit": row["unit"], "pos": pos, "row": json.dumps(row, ensure_ascii=False)}


class ErrorSink:
    """Collects error rows from every analyser actor (they are few and small)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.articles = 0

    def add(self, rows: list[dict[str, Any]], articles: int) -> None:
        self.rows.extend(rows)
        self.articles += articles

    def count(self) -> int:
        return self.articles

    def all(self) -> list[dict[str, Any]]:
        return sorted(self.rows, key=lambda r: (r["unit"], r["pos"]))


class Analyzer:
    """One actor of the pool: the pipeline (and spaCy) loaded here, once, on the node that runs it."""

    def __init__(self, pipeline: str, settings: Settings, batch_size: int) -> None:
        import ray

        from dateline.runners.local import one_thread

        one_thread()  # Ray sets OMP_NUM_THREADS=1 in its workers already; torch's own pool too
        self.process = load_pipeline(pipeline)
        if pipeline == DEFAULT_PIPELINE:
            from dateline import nlp

            nlp.load()
        self.settings = settings
        self.batch_size = batch_size
        self.sink = ray.get_actor(SINK)

    def __call__(self, batch: Any) -> Any:
        import ray

        rows = [json.loads(r) for r in batch.column("row").to_pylist()]
        out = core.analyze_rows(rows, self.batch_size, self.process, self.settings)
        errors = [r for r in out if core.is_error(r)]
        ray.get(self.sink.add.remote(errors, len(out) - len(errors)))
        return parquet.to_table([r for r in out if not core.is_error(r)])


def run(job: RayJob) -> Summary:
    """Run the job on Ray; the Parquet files go to job.out, the errors to job.out/errors.jsonl."""
    import ray
    import ray.data

    out = str(job.out).rstrip("/")
    if not is_remote(out):
        Path(out).mkdir(parents=True, exist_ok=True)
        if parquet.parquet_files(Path(out)):
            raise BadInput(f"{out} holds Parquet files already (a Ray run starts afresh); give a new --out")
    units = expand(job.inputs)
    if job.address is None:
        # One CPU more than the actors take, for the tasks that read the inputs.
        cpus = (job.workers or cores()) + 1
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    else:
        ray.init(address=job.address, log_to_driver=False)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = progress.enabled(job.progress)
        workers = job.workers or max(1, int(ray.cluster_resources().get("CPU", 2)) - 1)
        sink_class: Any = ray.remote(ErrorSink)
        sink = sink_class.options(name=SINK, num_cpus=0).remote()
        items = [{"unit": i, "path": u} for i, u in enumerate(units)]
        ds: Any = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
        ds = ds.flat_map(_read, fn_kwargs={"settings": job.settings, "jsonl_input": job.jsonl_input})
        ds = ds.map_batches(
            Analyzer,
            fn_constructor_kwargs={
                "pipeline": job.pipeline,
                "settings": job.settings,
                "batch_size": job.batch_size,
            },
            batch_size=job.batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
        )
        ds.write_parquet(out)
        errors = ray.get(sink.all.remote())
        articles = ray.get(sink.count.remote())
    finally:
        ray.shutdown()
    with _open_write(f"{out}/{JOB}") as f:
        f.write(json.dumps({"inputs": units, "engine": "ray"}, indent=1))
    path = f"{out}/{ERRORS}"
    with _open_write(path) as f:
        for e in errors:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    files = 0 if is_remote(out) else len(parquet.parquet_files(Path(out)))
    return Summary(
        shards=files, records=articles + len(errors), articles=articles, errors=len(errors), errors_file=path
    )


def _open_write(path: str) -> Any:
    if is_remote(path):
        import fsspec

        return fsspec.open(path, "w", encoding="utf-8")
    return open(path, "w", encoding="utf-8")
