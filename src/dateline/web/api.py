"""The REST API under /api/v1: the knowledge base's queries with their filters, paging and formats,
and analysis of one article on the spot. Every read calls the library's query API."""

from __future__ import annotations

import json
import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from dateline.errors import BadInput
from dateline.store import corrections as review
from dateline.store.query import Database
from dateline.web import queries
from dateline.web.auth import require_writer, settings_of
from dateline.web.formats import Format, Page, rows_response

router = APIRouter()
_analysis = threading.Lock()

DATE = r"^\d{4}-\d{2}-\d{2}$"
Text = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")]
Day = Annotated[str | None, Query(pattern=DATE, description="YYYY-MM-DD")]
PageNo = Annotated[int, Query(ge=1, le=100, description="Page number, from 1")]
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page")]
#: Keys are 32-bit on PostgreSQL; a larger number is no id (422, not a database overflow).
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Fmt = Annotated[Format, Query(alias="format", description="json (paged object), jsonl or csv")]


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


DB = Annotated[Database, Depends(get_db)]


def _query(call: Any, **kwargs: Any) -> Any:
    try:
        return call(**kwargs)
    except ValueError as e:
        raise HTTPException(422, str(e)) from None
    except LookupError as e:
        raise HTTPException(404, str(e)) from None


@router.get("/articles", summary="Articles, newest first (without their text)")
def list_articles(
    request: Request,
    db: DB,
    since: Day = None,
    until: Day = None,
    source: Text = None,
    page: PageNo = 1,
    limit: Limit = 50,
    fmt: Fmt = "json",
) -> Response:
    p = Page(page, limit)
    rows = _query(
        queries.articles_page,
        db=db,
        since=since,
        until=until,
        source=source,
        limit=limit + 1,
        offset=p.offset,
    )
    return rows_response(request, rows[:limit], fmt, p, len(rows) > limit)


@router.get("/articles/{article_id}", summary="One article: the contract's article object")
def get_article(article_id: str, db: DB) -> dict[str, Any]:
    for item in db.store.iter_articles([article_id]):
        return item.to_dict()
    raise HTTPException(404, f"no article {article_id}")


@router.get("/actors", summary="Actors, most often reported first, with their roles over time")
def list_actors(
    request: Request,
    db: DB,
    name: Text = None,
    country: Text = None,
    sector: Text = None,
    type: Text = None,
    page: PageNo = 1,
    limit: Limit = 50,
    fmt: Fmt = "json",
) -> Response:
    p = Page(page, limit)
    rows = _query(db.actors, name=name, country=country, sector=sector, type=type, limit=p.fetch)
    return _paged(request, rows, p, fmt)


def _paged(request: Request, rows: Any, p: Page, fmt: Format) -> Response:
    items, more = p.cut(rows)
    return rows_response(request, items, fmt, p, more)


@router.get("/actors/{actor_id}", summary="One actor with roles, counts, links, quotes and events")
def get_actor(actor_id: Id, db: DB) -> dict[str, Any]:
    found = db.actors(name=str(actor_id), limit=1)
    if not found:
        raise HTTPException(404, f"no actor {actor_id}")
    return {**found[0], "links": db.links(actor_id)}


@router.get("/actors/{actor_id}/links", summary="Why each article's entity was taken for this actor")
def actor_links(request: Request, actor_id: Id, db: DB, fmt: Fmt = "json") -> Response:
    return rows_response(request, _query(db.links, actor=actor_id), fmt)


@router.get("/events", summary="Events (not reports), earliest first, with participants and evidence")
def list_events(
    request: Request,
    db: DB,
    actor: Text = None,
    country: Text = None,
    sector: Text = None,
    type: Text = None,
    since: Day = None,
    until: Day = None,
    source: Text = None,
    page: PageNo = 1,
    limit: Limit = 50,
    fmt: Fmt = "json",
) -> Response:
    p = Page(page, limit)
    rows = _query(
        db.events,
        actor=actor,
        country=country,
        sector=sector,
        type=type,
        since=since,
        until=until,
        source=source,
        limit=p.fetch,
    )
    return _paged(request, rows, p, fmt)


@router.get("/events/{event_id}", summary="One event with every article's report of it")
def get_event(event_id: Id, db: DB) -> dict[str, Any]:
    found = queries.event(db, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    return {**found, "reports": db.reports(event_id)}


@router.get("/events/{event_id}/reports", summary="Every article's report of one event")
def event_reports(request: Request, event_id: Id, db: DB, fmt: Fmt = "json") -> Response:
    return rows_response(request, _query(db.reports, event_id=event_id), fmt)


@router.get("/reports/{event_id}", summary="Every article's report of one event (as `dateline reports`)")
def reports(request: Request, event_id: Id, db: DB, fmt: Fmt = "json") -> Response:
    return event_reports(request, event_id, db, fmt)


@router.get("/links/{actor_id}", summary="An actor's links (as `dateline links`)")
def links(request: Request, actor_id: Id, db: DB, fmt: Fmt = "json") -> Response:
    return actor_links(request, actor_id, db, fmt)


@router.get("/quotes", summary="Who said what: quotes, newest first, full-text searchable")
def list_quotes(
    request: Request,
    db: DB,
    speaker: Text = None,
    q: Text = None,
    country: Text = None,
    since: Day = None,
    until: Day = None,
    source: Text = None,
    page: PageNo = 1,
    limit: Limit = 50,
    fmt: Fmt = "json",
) -> Response:
    p = Page(page, limit)
    rows = _query(
        db.quotes,
        speaker=speaker,
        q=q,
        country=country,
        since=since,
        until=until,
        source=source,
        limit=p.fetch,
    )
    return _paged(request, rows, p, fmt)


@router.get("/search", summary="Full-text search over the articles, best match first, with a snippet")
def search(
    request: Request,
    db: DB,
    q: Annotated[str, Query(min_length=1, max_length=200, pattern=r"^[^\x00]*$")],
    actor: Text = None,
    since: Day = None,
    until: Day = None,
    source: Text = None,
    page: PageNo = 1,
    limit: Limit = 20,
    fmt: Fmt = "json",
) -> Response:
    p = Page(page, limit)
    rows = _query(db.search, q=q, actor=actor, since=since, until=until, source=source, limit=p.fetch)
    return _paged(request, rows, p, fmt)


@router.get("/network", summary="The actor network: nodes and edges (weight = events), by PLOVER type")
def network(db: DB, type: Annotated[list[str] | None, Query(max_length=16)] = None) -> dict[str, Any]:
    nodes, edges = _query(db.network, types=[t[:20] for t in type or []] or None)
    return {"nodes": nodes, "edges": edges}


class AnalyzeRequest(BaseModel):
    """One article, as a JSON Lines record of `dateline analyze --jsonl`: text, html or url."""

    id: str | None = Field(None, max_length=200)
    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=40, description="ISO 8601: the reference date")
    store: bool = Field(False, description="Also write the analysed article to the store")


@router.post(
    "/analyze",
    summary="Analyse one article (text, HTML or URL) and return the contract's article object",
    responses={400: {"description": "Bad input"}, 401: {"description": "A token is needed"}},
)
def analyze(
    request: Request, body: AnalyzeRequest, db: DB, user: Annotated[str, Depends(require_writer)]
) -> Any:
    from dateline.web.analysis import analyze_record

    record = body.model_dump(exclude={"store"}, exclude_none=True)
    try:
        result = analyze_record(json.dumps(record), settings_of(request), _analysis)
    except BadInput as e:
        raise HTTPException(400, str(e)) from None
    if body.store:
        db.store.add([result])
    return result.to_dict()


# ------------------------------------------------------------------ review and correction


class EventCorrection(BaseModel):
    """One field of an event: verdict (right|wrong), type (PLOVER), actor / recipient (names or ids,
    a list or separated by ;), date (YYYY-MM-DD, YYYY-MM or YYYY) or place."""

    field: Literal["verdict", "type", "actor", "recipient", "date", "place"]
    value: str | list[str | int] | None = Field(None, max_length=500)


class ActorCorrection(BaseModel):
    """Rename an actor, or set its country (ISO alpha-3) or sector."""

    field: Literal["name", "country", "sector"]
    value: str | None = Field(None, max_length=200)


class Merge(BaseModel):
    other: int = Field(ge=1, le=2**31 - 1, description="The actor to fold into this one")


Writer = Annotated[str, Depends(require_writer)]
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "A token is needed"},
    404: {"description": "No such event or actor"},
    422: {"description": "Not a correction that can be made"},
}


def _correct(db: Database, call: Any, *args: Any) -> Any:
    try:
        with db.store.engine.begin() as conn:
            return call(conn, *args)
    except LookupError as e:
        raise HTTPException(404, str(e)) from None
    except review.CorrectionError as e:
        raise HTTPException(422, str(e)) from None


@router.get("/corrections", summary="Every correction, newest first: who, when, old and new value")
def list_corrections(
    request: Request, db: DB, target: Annotated[Literal["event", "actor"] | None, Query()] = None,
    page: PageNo = 1, limit: Limit = 50, fmt: Fmt = "json",
) -> Response:  # fmt: skip
    p = Page(page, limit)
    with db.store.engine.connect() as conn:
        rows = review.history(conn, target)
    return _paged(request, rows, p, fmt)


@router.post("/events/{event_id}/corrections", summary="Correct an event or give a verdict",
             responses=WRITE_ERRORS)  # fmt: skip
def correct_event(event_id: Id, body: EventCorrection, db: DB, user: Writer) -> dict[str, Any]:
    made = _correct(db, review.correct_event, event_id, body.field, body.value, user)
    found = queries.event(db, event_id)
    return {"correction": made, "event": found}


@router.post("/actors/{actor_id}/corrections", summary="Rename an actor or set its country or sector",
             responses=WRITE_ERRORS)  # fmt: skip
def correct_actor(actor_id: Id, body: ActorCorrection, db: DB, user: Writer) -> dict[str, Any]:
    made = _correct(db, review.correct_actor, actor_id, body.field, body.value, user)
    return {"correction": made, "actor": db.actors(name=str(actor_id), limit=1)[0]}


@router.post("/actors/{actor_id}/merge", summary="Fold another actor into this one", responses=WRITE_ERRORS)
def merge_actor(actor_id: Id, body: Merge, db: DB, user: Writer) -> dict[str, Any]:
    made = _correct(db, review.merge_actors, actor_id, body.other, user)
    return {"correction": made, "actor": db.actors(name=str(actor_id), limit=1)[0]}
