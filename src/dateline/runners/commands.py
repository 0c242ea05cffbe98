"""The `batch` and `load` commands: flags parsed here, the work done by the runners.

Registered at the bottom of dateline.cli, whose option helpers they share.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dateline.cli import Errors, _db_option, _open_store, _settings, _source_options
from dateline.errors import BadInput
from dateline.nlp import ModelNotFound
from dateline.runners.progress import option as progress_option


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", required=True, help="Output folder (Parquet shards, manifest, errors.jsonl).")
@click.option("--workers", type=int, default=None, help="Worker processes (or Ray actors) [all cores].")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: a process pool on this machine; ray: Ray Data, on a cluster with --address.",
)
@click.option("--address", default=None, help="Ray cluster address (with --engine ray) [a local Ray].")
@click.option("--shard-size", type=int, default=500, show_default=True, help="Records per Parquet shard.")
@click.option("--batch-size", type=int, default=32, show_default=True, help="Texts per spaCy batch.")
@progress_option
@_source_options
def batch(
    inputs: tuple[str, ...],
    out: str,
    workers: int | None,
    engine: str,
    address: str | None,
    shard_size: int,
    batch_size: int,
    progress: bool | None,
    jsonl_input: bool,
    timeout: float | None,
    max_bytes: int | None,
    follow: bool | None,
) -> None:
    """Analyse many articles on every core (or a Ray cluster) into Parquet shards in OUT.

    INPUTS are files, folders, glob patterns, http(s) URLs, and s3:// or gs:// paths (with
    fsspec and its s3fs or gcsfs). Bad records go to OUT/errors.jsonl with their reason and
    source and never stop the run (the exit status is then 1). Interrupted (Ctrl-C, a crash),
    the same command again does only the shards that are left.
    """
    if shard_size < 1 or batch_size < 1 or (workers is not None and workers < 1):
        raise click.UsageError("--shard-size, --batch-size and --workers must be at least 1")
    settings = _settings(timeout, max_bytes, follow)
    try:
        if engine == "ray":
            from dateline.runners import ray_runner

            try:
                import ray.data  # noqa: F401
            except ImportError:
                raise click.ClickException("--engine ray needs Ray: pip install 'dateline[ray]'") from None

            summary = ray_runner.run(
                ray_runner.RayJob(
                    inputs=inputs,
                    out=out,
                    workers=workers,
                    address=address,
                    batch_size=batch_size,
                    jsonl_input=jsonl_input,
                    settings=settings,
                    progress=progress,
                )
            )
        else:
            from dateline.runners import local
            from dateline.runners.sources import is_remote

            if is_remote(out):
                raise click.UsageError(
                    "the local engine writes to a local folder; --engine ray writes to " + out
                )
            try:
                summary = local.run(
                    local.Job(
                        inputs=inputs,
                        out=Path(out),
                        workers=workers,
                        shard_size=shard_size,
                        batch_size=batch_size,
                        jsonl_input=jsonl_input,
                        settings=settings,
                        progress=progress,
                    )
                )
            except local.Interrupted:
                click.echo("dateline: interrupted; run the same command again to finish", err=True)
                sys.exit(130)
    except (BadInput, ModelNotFound) as e:
        raise click.ClickException(str(e)) from None
    click.echo(
        f"{summary.articles} article(s) from {summary.records} record(s) in {summary.shards} new shard(s) "
        f"({summary.skipped_shards} done before) in {out}",
        err=True,
    )
    if summary.errors:
        click.echo(
            f"dateline: {summary.errors} record(s) could not be read: see {summary.errors_file}", err=True
        )
        sys.exit(1)


@click.command()
@click.argument("folder")
@_db_option
@click.option("--batch-size", type=int, default=64, show_default=True, help="Articles per transaction.")
@progress_option
@click.option("--replace", is_flag=True, help="Rewrite articles that are stored already.")
def load(folder: str, db: str | None, batch_size: int, progress: bool | None, replace: bool) -> None:
    """Put the Parquet output of `dateline batch` into the store; an article stored already is skipped,
    so loading twice (or after an interruption) changes nothing."""
    from dateline.runners import load as loader

    if not Path(folder).is_dir():
        raise click.ClickException(f"{folder}: not a folder")
    errors = Errors()
    with _open_store(db) as store:
        added, seen = loader.load(
            store, Path(folder), batch_size, replace=replace, progress=progress, on_error=errors.report
        )
        click.echo(f"{added} new article(s) of {seen} read; {store.count()} in {store.url}", err=True)
    errors.exit()
