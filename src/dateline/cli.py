"""The dateline command: a thin layer over the library that parses flags and formats output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from importlib.resources import as_file, files
from typing import Any, ClassVar

import click

from dateline import __version__
from dateline.config import Settings, db_url
from dateline.export.safe import terminal_text
from dateline.nlp import ModelNotFound
from dateline.records import AnalyzedArticle, ErrorRecord
from dateline.runners.progress import option as progress_option

FORMAT_HELP = "Output format."


class Errors:
    """Counts bad records and reports each on one line of stderr, so stdout stays machine-readable."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, error: ErrorRecord) -> None:
        self.count += 1
        where = error.source or error.id or "input"
        # Sources and messages can carry a page's or a feed's text: no escapes reach the terminal.
        click.echo(terminal_text(f"dateline: error: {where}: {error.error}"), err=True)

    def exit(self) -> None:
        if self.count:
            click.echo(f"dateline: {self.count} record(s) could not be read", err=True)
            sys.exit(1)


def _settings(timeout: float | None, max_bytes: int | None, follow: bool | None) -> Settings:
    settings = Settings(follow_links=follow)
    if timeout is not None:
        settings.timeout = timeout
    if max_bytes is not None:
        settings.max_bytes = max_bytes
    if click.get_current_context().meta.get(_ALLOW_PRIVATE):
        settings.allow_private = True
    record_timeout = click.get_current_context().meta.get(_RECORD_TIMEOUT)
    if record_timeout is not None:
        settings.record_timeout = record_timeout
    return settings


_RECORD_TIMEOUT = "dateline.record_timeout"


def _keep_record_timeout(ctx: click.Context, param: click.Parameter, value: float | None) -> None:
    if value is not None and value < 0:
        raise click.BadParameter("must be 0 (no limit) or more", ctx, param)
    ctx.meta[_RECORD_TIMEOUT] = value


_ALLOW_PRIVATE = "dateline.allow_private"


def _allow_private_option(f: Any) -> Any:
    return click.option(
        "--allow-private",
        is_flag=True,
        expose_value=False,
        callback=lambda ctx, param, value: ctx.meta.__setitem__(_ALLOW_PRIVATE, value),
        help="Let feed links, records' urls and redirects reach loopback, private, link-local and "
        "metadata addresses (a URL you give may always reach its own host) [$DATELINE_ALLOW_PRIVATE].",
    )(f)


def _source_options(f: Any) -> Any:
    f = _allow_private_option(f)
    f = click.option("--jsonl", "jsonl_input", is_flag=True, help="Read sources as JSON Lines records.")(f)
    f = click.option(
        "--timeout", type=float, default=None, help="Seconds one fetch may take in all (redirects too) [20]."
    )(f)
    f = click.option(
        "--record-timeout",
        type=float,
        default=None,
        expose_value=False,
        callback=_keep_record_timeout,
        help="Seconds one record may take to extract and analyse; a slower one becomes an error "
        "line [$DATELINE_RECORD_TIMEOUT, else 30; 0: no limit].",
    )(f)
    f = click.option(
        "--max-bytes", type=int, default=None, help="Largest page, file or record to read [10 MiB]."
    )(f)
    f = click.option(
        "--follow/--no-follow",
        "follow",
        default=None,
        help="Fetch each feed entry's page (default: only for feeds read from a URL).",
    )(f)
    return f


def _process(
    sources: Iterable[str], jsonl_input: bool, settings: Settings, batch_size: int
) -> Iterator[AnalyzedArticle | ErrorRecord]:
    from dateline.ingest import read
    from dateline.pipeline import process

    try:
        yield from process(read(sources, jsonl_input=jsonl_input, settings=settings), batch_size, settings)
    except ModelNotFound as e:
        raise click.ClickException(str(e)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dateline")
def cli() -> None:
    """Reads the news and records, with evidence, who met whom, who said what, when and where."""


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@_source_options
@click.option("--pretty", is_flag=True, help="Indent the JSON for people.")
@click.option("--batch-size", type=int, default=32, show_default=True, help="Texts per spaCy batch.")
def analyze(
    sources: tuple[str, ...],
    jsonl_input: bool,
    timeout: float | None,
    max_bytes: int | None,
    follow: bool | None,
    pretty: bool,
    batch_size: int,
) -> None:
    """Analyse articles and print the contract's JSON, one object per article.

    SOURCES are files (plain text, HTML, JSON Lines, RSS/Atom, WARC), folders, http(s) URLs,
    or - for standard input. A bad record prints {"id", "error"} in its place and the exit
    status is 1 at the end; the other records are still analysed.
    """
    errors = Errors()
    for item in _process(sources, jsonl_input, _settings(timeout, max_bytes, follow), batch_size):
        if isinstance(item, ErrorRecord):
            errors.report(item)
        data = item.to_dict()
        click.echo(json.dumps(data, ensure_ascii=False, indent=2 if pretty else None))
    errors.exit()


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@_source_options
@click.option(
    "--db", envvar="DATELINE_DB", help="Database path or URL [$DATELINE_DB, else the user data folder]."
)
@click.option("--replace", is_flag=True, help="Re-analyse and rewrite articles that are stored already.")
@click.option("--batch-size", type=int, default=32, show_default=True, help="Articles per transaction.")
@progress_option
def ingest(
    sources: tuple[str, ...],
    jsonl_input: bool,
    timeout: float | None,
    max_bytes: int | None,
    follow: bool | None,
    db: str | None,
    replace: bool,
    batch_size: int,
    progress: bool | None,
) -> None:
    """Analyse articles and write them to the store; an article stored already is skipped."""

    errors = Errors()
    with _open_store(db) as store:
        settings = _settings(timeout, max_bytes, follow)
        added, seen = _ingest(store, sources, jsonl_input, settings, batch_size, replace, errors, progress)
        click.echo(f"{added} new article(s) of {seen} read; {store.count()} in {store.url}", err=True)
    errors.exit()


def _open_store(db: str | None, create: bool = True) -> Any:
    """The store at --db; reading commands pass create=False and are refused a store that is not there."""
    from dateline.store import Store, StoreNotFound

    try:
        return Store(db, create=create)
    except StoreNotFound as e:
        raise click.ClickException(str(e)) from None
    except Exception as e:  # SQLAlchemy's errors vary by driver; the user needs the one line
        raise click.ClickException(
            f"cannot open the database {db_url(db)}: {str(e).splitlines()[0]}"
        ) from None


def _ingest(
    store: Any,
    sources: Iterable[str],
    jsonl_input: bool,
    settings: Settings,
    batch_size: int,
    replace: bool,
    errors: Errors,
    progress: bool | None = False,
) -> tuple[int, int]:
    """Batches of analysed articles into the store; each batch is one transaction."""
    from dateline.ingest import read
    from dateline.pipeline import extract_item, process
    from dateline.records import Article, RawDocument
    from dateline.runners.progress import counted
    from dateline.store import DuplicateId, content_hash

    skipped = 0
    texts: dict[str, str] = {}  # id -> content hash of the articles read in this run

    def fresh(items: Iterable[RawDocument | ErrorRecord]) -> Iterator[Article | ErrorRecord]:
        # Extract first and skip what is stored already before the costly analysis: a resumed ingest is quick.
        # The same id with another text is an error (never kept silently), unless --replace.
        nonlocal skipped
        for item in items:
            article = extract_item(item, settings)
            if not isinstance(article, Article):
                yield article
                continue
            digest = content_hash(article.text)
            earlier = texts.get(article.id)
            if earlier == digest:  # the same record twice in this run
                skipped += 1
                continue
            status = "new" if replace else store.status(article)
            if (earlier is not None and not replace) or status == "conflict":
                yield ErrorRecord(article.id, DUPLICATE, article.source)
                continue
            if status == "stored":
                skipped += 1
                continue
            texts[article.id] = digest
            yield article

    added = seen = 0
    batch: list[AnalyzedArticle] = []
    try:
        items = fresh(read(sources, jsonl_input=jsonl_input, settings=settings))
        for item in counted(process(items, batch_size, settings), progress):
            if isinstance(item, ErrorRecord):
                errors.report(item)
                continue
            seen += 1
            batch.append(item)
            if len(batch) >= batch_size:
                added += store.add(batch, replace)
                batch = []
        added += store.add(batch, replace)
    except ModelNotFound as e:
        raise click.ClickException(str(e)) from None
    except DuplicateId as e:  # another process stored the id meanwhile
        raise click.ClickException(f"{e} (--replace rewrites it)") from None
    return added, seen + skipped


DUPLICATE = "this id is stored or read already with another text (--replace rewrites it)"


DB_HELP = "Database path or URL [$DATELINE_DB, else the user data folder]."
EVENT_COLUMNS = ("id", "date", "type", "mode", "actor", "recipient", "place", "reports", "sentence")
ACTOR_COLUMNS = (
    "id",
    "name",
    "type",
    "country",
    "sector",
    "roles",
    "articles",
    "events",
    "first_seen",
    "last_seen",
)
QUOTE_COLUMNS = ("id", "day", "speaker", "kind", "text", "title")


def _db_option(f: Any) -> Any:
    return click.option("--db", envvar="DATELINE_DB", help=DB_HELP)(f)


def _format_option(f: Any) -> Any:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "jsonl", "csv"]),
        default="table",
        show_default=True,
        help=FORMAT_HELP,
    )(f)


#: Rows the table shows when --limit is not given; the machine formats give every row.
TABLE_ROWS = 50


def _limit_option(f: Any) -> Any:
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        default=None,
        help=f"Most rows [table: {TABLE_ROWS}, and how many it left out on stderr; json, jsonl, csv: "
        "all; 0: all].",
    )(f)


def _rows(limit: int | None, fmt: str) -> int | None:
    """The limit to ask the library for: --limit as given (0 for none), else a page for the table."""
    if limit == 0:
        return None
    return limit if limit is not None else (TABLE_ROWS if fmt == "table" else None)


def _checked(check: Any) -> Any:
    """A click callback from one of the library's vocabulary checks (a ValueError names what is valid)."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        try:
            result: str | None = check(value)
        except ValueError as e:
            raise click.BadParameter(str(e)) from None
        return result

    return callback


def _event_type(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from dateline.store.query import event_type

    return _checked(event_type)(ctx, param, value)


def _actor_type(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from dateline.store.query import actor_type

    return _checked(actor_type)(ctx, param, value)


def _country(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from dateline.store.query import country_code

    return _checked(country_code)(ctx, param, value)


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from dateline.store.query import day

    try:
        return day(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _day_range_options(f: Any) -> Any:
    f = click.option("--until", callback=_day, help="Last day (YYYY-MM-DD).")(f)
    return click.option("--since", callback=_day, help="First day (YYYY-MM-DD).")(f)


def _query(db: str | None) -> Any:
    from dateline.store.query import Database

    return Database(_open_store(db, create=False))


def _show(rows: Any, fmt: str, columns: tuple[str, ...]) -> None:
    from dateline.output import emit

    emit(rows, fmt, columns if fmt in ("table", "csv") else None)
    left = getattr(rows, "total", len(rows)) - len(rows)
    if left > 0:
        click.echo(f"… {left} more; use --limit or --format csv", err=True)


@cli.command()
@_db_option
@click.option(
    "--what",
    type=click.Choice(["articles", "events", "actors", "quotes", "network", "corrections"]),
    default="articles",
    show_default=True,
    help="What to export.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "plover", "graphml", "gexf"]),
    default=None,
    help="jsonl, csv, parquet (a folder, partitioned by month); plover for events; "
    "graphml or gexf for the network.  [default: jsonl, graphml for the network]",
)
@click.option(
    "--output", "-o", default="-", show_default=True, help="File or folder to write (- for stdout)."
)
def export(db: str | None, what: str, fmt: str | None, output: str) -> None:
    """Write what the store holds: articles with everything derived from them, events (PLOVER JSON
    too), actors, quotes, or the actor network (who met whom, who accused whom) for Gephi."""
    from dateline import export as exporter
    from dateline.store.query import Database

    fmt = fmt or ("graphml" if what == "network" else "jsonl")
    if fmt == "plover" and what != "events":
        raise click.UsageError("--format plover is for --what events")
    if fmt in ("graphml", "gexf") and what != "network":
        raise click.UsageError(f"--format {fmt} is for --what network")
    if what == "network" and fmt not in ("graphml", "gexf"):
        raise click.UsageError("the network is written as graphml or gexf")
    with _open_store(db, create=False) as store:
        db_ = Database(store)
        try:
            if what == "articles":
                n = exporter.write(store.iter_articles(), fmt, output)
            elif what == "events":
                rows = db_.events()
                n = (
                    exporter.plover(rows, output)
                    if fmt == "plover"
                    else exporter.write_rows(rows, fmt, output, "date")
                )
            elif what == "actors":
                n = exporter.write_rows(db_.actors(), fmt, output)
            elif what == "quotes":
                n = exporter.write_rows(db_.quotes(), fmt, output, "day")
            elif what == "corrections":
                from dateline.store.corrections import examples

                with store.engine.connect() as conn:
                    n = exporter.write_rows(examples(conn), fmt, output)
            else:
                nodes, edges = db_.network()
                n = exporter.network(nodes, edges, fmt, output)
        except (ValueError, OSError) as e:
            raise click.ClickException(str(e)) from None
    click.echo(f"{n} {what if what != 'network' else 'edges'} written", err=True)


@cli.command()
@_db_option
@click.option("--actor", help="An actor's id or name (spelling variants match).")
@click.option("--country", callback=_country, help="A participant's country (ISO alpha-3).")
@click.option("--sector", help="A participant's sector (GOV, MIL, ...).")
@click.option("--type", "type_", callback=_event_type, help="PLOVER event type (CONSULT, ACCUSE, ...).")
@_day_range_options
@click.option("--source", help="Reported by an article whose URL or source contains this.")
@_limit_option
@_format_option
def events(
    db: str | None,
    actor: str | None,
    country: str | None,
    sector: str | None,
    type_: str | None,
    since: str | None,
    until: str | None,
    source: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Events in the store, earliest first: one row per event however many articles reported it."""
    with _query(db) as q:
        rows = q.events(
            actor=actor,
            country=country,
            sector=sector,
            type=type_,
            since=since,
            until=until,
            source=source,
            limit=_rows(limit, fmt),
        )
    _show(rows, fmt, EVENT_COLUMNS)


@cli.command()
@_db_option
@click.option("--name", help="A name (spelling variants match).")
@click.option("--country", callback=_country, help="ISO alpha-3 country.")
@click.option("--sector", help="Sector (GOV, MIL, ...).")
@click.option("--type", "type_", callback=_actor_type, help="PERSON, ORG, GPE, NORP, FAC or LOC.")
@_limit_option
@_format_option
def actors(
    db: str | None,
    name: str | None,
    country: str | None,
    sector: str | None,
    type_: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Actors across articles, most often reported first, with their roles over time."""
    with _query(db) as q:
        rows = q.actors(name=name, country=country, sector=sector, type=type_, limit=_rows(limit, fmt))
    _show(rows, fmt, ACTOR_COLUMNS)


@cli.command()
@_db_option
@click.option("--speaker", help="The speaker's actor id or name.")
@click.option("--search", "-q", "query", help="Words the quote must contain (full-text).")
@click.option("--country", callback=_country, help="The speaker's country (ISO alpha-3).")
@_day_range_options
@click.option("--source", help="From an article whose URL or source contains this.")
@_limit_option
@_format_option
def quotes(
    db: str | None,
    speaker: str | None,
    query: str | None,
    country: str | None,
    since: str | None,
    until: str | None,
    source: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Who said what: quotes with their speakers, searchable by their words."""
    with _query(db) as q:
        rows = q.quotes(
            speaker=speaker,
            q=query,
            country=country,
            since=since,
            until=until,
            source=source,
            limit=_rows(limit, fmt),
        )
    _show(rows, fmt, QUOTE_COLUMNS)


@cli.command()
@click.argument("query")
@_db_option
@click.option("--actor", help="Only articles that mention this actor (id or name).")
@_day_range_options
@click.option("--source", help="Only articles whose URL or source contains this.")
@_limit_option
@_format_option
def search(
    query: str,
    db: str | None,
    actor: str | None,
    since: str | None,
    until: str | None,
    source: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Full-text search over the stored articles, best match first, with a snippet."""
    with _query(db) as q:
        rows = q.search(query, actor=actor, since=since, until=until, source=source, limit=_rows(limit, fmt))
    _show(rows, fmt, ("id", "published", "title", "snippet"))


@cli.command()
@click.argument("event_id", type=int)
@_db_option
@_format_option
def reports(event_id: int, db: str | None, fmt: str) -> None:
    """Every article's report of one event, with the sentence that proves it."""
    with _query(db) as q:
        try:
            rows = q.reports(event_id)
        except LookupError as e:
            raise click.ClickException(str(e)) from None
    _show(rows, fmt, ("article_id", "published", "type", "date", "sentence", "url"))


@cli.command()
@click.argument("actor_id", type=int)
@_db_option
@_format_option
def links(actor_id: int, db: str | None, fmt: str) -> None:
    """Why each article's entity was taken for this actor: method, score, evidence (undo with unmerge)."""
    with _query(db) as q:
        try:
            rows = q.links(actor_id)
        except LookupError as e:
            raise click.ClickException(str(e)) from None
    _show(rows, fmt, ("id", "article_id", "entity_id", "method", "score", "evidence", "undone_at"))


@cli.command()
@click.argument("keep", type=int)
@click.argument("other", type=int)
@_db_option
def merge(keep: int, other: int, db: str | None) -> None:
    """Make actor OTHER part of actor KEEP (its articles, quotes and events move over)."""
    from dateline.store import kb

    with _open_store(db, create=False) as store, store.engine.begin() as conn:
        try:
            kb.merge(conn, keep, other)
        except ValueError as e:
            raise click.ClickException(str(e)) from None
    click.echo(f"actor {other} merged into {keep}", err=True)


@cli.command()
@click.argument("link_id", type=int)
@_db_option
def unmerge(link_id: int, db: str | None) -> None:
    """Undo one link (see `dateline links`): that article's entity becomes an actor of its own."""
    from sqlalchemy.exc import NoResultFound

    from dateline.store import kb

    with _open_store(db, create=False) as store, store.engine.begin() as conn:
        try:
            new_id = kb.unmerge(conn, link_id)
        except NoResultFound:
            raise click.ClickException(f"no link {link_id}") from None
        except ValueError as e:
            raise click.ClickException(str(e)) from None
    click.echo(f"link {link_id} undone: new actor {new_id}", err=True)


@cli.command()
@_db_option
@click.option("--batch-size", type=int, default=32, show_default=True, help="Articles per transaction.")
@progress_option
def reanalyze(db: str | None, batch_size: int, progress: bool | None) -> None:
    """Run the pipeline again over every stored article (after an upgrade): the articles stay, what was
    derived from them is rewritten, nothing is duplicated."""
    from dateline.pipeline import analyze
    from dateline.runners.progress import bar

    with _open_store(db, create=False) as store, bar(progress, len(store.article_ids())) as shown:
        ids = store.article_ids()
        done = 0
        try:
            for i in range(0, len(ids), batch_size):
                stored = [item.article for item in store.iter_articles(ids[i : i + batch_size])]
                done += store.add(list(analyze(stored, batch_size)), replace=True)
                shown.update(len(stored))
        except ModelNotFound as e:
            raise click.ClickException(str(e)) from None
        from dateline.store.corrections import reapply

        again = reapply(store.engine)
    click.echo(f"{done} article(s) analysed again; {again} correction(s) made again", err=True)


@cli.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--repeat",
    type=int,
    default=3,
    show_default=True,
    help="Rounds; in each, the bare tool and dateline take turns over chunks of the inputs.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help=FORMAT_HELP,
)
@_allow_private_option
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Worker processes for the scale figures (0: skip them) [all cores].",
)
def bench(sources: tuple[str, ...], repeat: int, fmt: str, workers: int | None) -> None:
    """Articles per second: extraction against bare trafilatura.extract on the same pages, and the NLP
    pipeline against bare spaCy nlp.pipe on the same texts, in one run. The two sides take turns over
    chunks of 8 inputs, so that both meet the machine as it is; the ratio is the median of the rounds'.
    SOURCES default to the bundled example articles; give real pages (a folder of .html or .html.gz files,
    a WARC, JSON Lines) for figures that mean something."""
    from dateline import bench as benchmark

    errors = Errors()
    with as_file(files("dateline").joinpath("examples")) as examples:
        try:
            result = benchmark.run(
                list(sources) or [str(examples)],
                repeat=repeat,
                on_error=errors.report,
                settings=_settings(None, None, None),
                workers=workers,
            )
        except ModelNotFound as e:
            raise click.ClickException(str(e)) from None
    if not result["articles"] and not result["pages"]:
        raise click.ClickException("nothing to measure: no article could be read from the sources")
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        errors.exit()
        return
    click.echo(
        f"inputs: {result['inputs']}  pages: {result['pages']}  articles: {result['articles']}  "
        f"(speeds: best of {repeat} rounds; ratio: median of the rounds', with their range)"
    )

    def ratio(x: dict[str, Any]) -> str:
        low, high = x["ratio_range"]
        return f"ratio {x['ratio']:.2f} ({low:.2f}-{high:.2f})"

    if "extraction" in result:
        x = result["extraction"]
        click.echo(
            f"extraction   dateline {x['dateline_per_s']:8.1f} pages/s   trafilatura.extract "
            f"{x['trafilatura_per_s']:8.1f} pages/s   {ratio(x)}"
        )
    if "pipeline" in result:
        p = result["pipeline"]
        click.echo(
            f"pipeline     dateline {p['dateline_per_s']:8.1f} articles/s   spaCy nlp.pipe "
            f"{p['spacy_per_s']:8.1f} articles/s   {ratio(p)}"
        )
        shares = "  ".join(f"{k} {v:+.1%}" for k, v in p["stage_share_of_spacy_time"].items())
        click.echo(f"stage time as a share of spaCy's: {shares}")
    if "scale" in result:
        _show_scale(result["scale"])
    errors.exit()


def _show_scale(x: dict[str, Any]) -> None:
    def line(name: str, r: dict[str, Any], tail: str) -> None:
        click.echo(f"{name:27} {r['articles_per_s']:8.1f} articles/s {r['words_per_s']:9.0f} words/s{tail}")

    one = x["workers_1"]
    line("spaCy nlp.pipe, 1 process", x["spacy"], "")
    line("pipeline, 1 worker", one, f"   {x['ratio_1_worker_to_spacy']:.2f} of spaCy")
    memory = f"peak memory per worker: 1 worker {one['peak_memory_per_worker_mb']:.0f} MB"
    for key, r in x.items():
        if key.startswith("workers_") and key != "workers_1":
            low, high = x["speedup_range"]
            line(
                f"pipeline, {r['workers']} workers",
                r,
                f"   {x['speedup']:.2f}x 1 worker ({low:.2f}-{high:.2f})",
            )
            memory += f", {r['workers']} workers {r['peak_memory_per_worker_mb']:.0f} MB"
    click.echo(memory)
    if "machine_speedup" in x:
        click.echo(
            f"the same workers over a pure-Python loop: {x['machine_speedup']:.2f}x 1 worker "
            "(what the machine gives now)"
        )


@cli.command()
@click.option(
    "--db", envvar="DATELINE_DB", help="Database path or URL [$DATELINE_DB, else the user data folder]."
)
def demo(db: str | None) -> None:
    """Ingest the bundled example articles into the store and show what was found."""
    errors = Errors()
    with as_file(files("dateline").joinpath("examples")) as examples, _open_store(db) as store:
        added, seen = _ingest(store, [str(examples)], False, Settings(follow_links=False), 32, False, errors)
        click.echo(f"{added} new article(s) of {seen} read into {store.url}\n")
        for item in store.iter_articles():
            a = item.article
            click.echo(f"{a.published or '-':25} {a.dateline or '-':12} {a.title or '(no title)'}")
            click.echo(
                f"{'':25} {len(item.entities)} actors, {len(item.quotes)} quotes, "
                f"{len(item.timexes)} time expressions, {len(item.events)} events"
            )
    errors.exit()


@cli.command("time")
@click.argument("expression")
@click.option("--ref", "reference", help="Reference date (ISO 8601), usually the publication date.")
@click.option("--pretty", is_flag=True, help="Indent the JSON for people.")
def time_command(expression: str, reference: str | None, pretty: bool) -> None:
    """Resolve one time expression against a reference date and print it as a timex (JSON),
    or null when the text holds none: dateline time "late on Monday" --ref 2020-12-08"""
    from dateline import time as timex
    from dateline.extract.dates import reference_date

    if reference is not None and reference_date(reference) is None:
        raise click.BadParameter(f"not an ISO 8601 date: {reference!r}", param_hint="--ref")
    found = timex.resolve(expression, reference)
    click.echo(
        json.dumps(
            timex.timex_dict(found) if found else None, ensure_ascii=False, indent=2 if pretty else None
        )
    )


class _TrainGroup(click.Group):
    """`dateline train MODEL`: each trainer lives with its stage and is imported only when asked for."""

    TRAINERS: ClassVar[dict[str, str]] = {"events": "dateline.events.train"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.TRAINERS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.TRAINERS:
            return None
        from importlib import import_module

        command: click.Command = import_module(self.TRAINERS[name]).command()
        return command


@cli.group(cls=_TrainGroup)
def train() -> None:
    """Train dateline's small models again from labelled data (reproducible; weights ship in the package)."""


def _add_serve() -> None:
    """`dateline serve` lives with the web app; the command loads without the [web] extra installed."""
    from dateline.web.cli import serve

    cli.add_command(serve)


_add_serve()


def _add_runners() -> None:
    """`dateline batch` and `dateline load` live with the runners, and use this module's option helpers."""
    from dateline.runners.commands import batch, load

    cli.add_command(batch)
    cli.add_command(load)


_add_runners()


def main() -> None:
    cli()
