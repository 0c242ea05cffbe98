"""Server-rendered pages (Jinja2, htmx for partial updates): every read through the library's query API."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dateline.errors import BadInput
from dateline.store import corrections as review
from dateline.store.query import Database
from dateline.web import queries
from dateline.web.api import Id, get_db
from dateline.web.auth import (
    AUTH_COOKIE,
    CSRF_COOKIE,
    USER_COOKIE,
    auth_cookie_value,
    check_csrf,
    csrf_seed,
    csrf_token,
    require_writer,
    settings_of,
    user_of,
)
from dateline.web.guard import CSP_INLINE_STYLES
from dateline.web.markup import QUAD_NAMES, marked_text, marks_of, quad, tone

router = APIRouter(include_in_schema=False)
DB = Annotated[Database, Depends(get_db)]
_analysis = threading.Lock()
PAGE_SIZE = 50
#: Pages with a timeline or network graph: the libraries draw with style attributes.
STYLE_ATTR_PAGES = ("events.html", "network.html")
#: The strongest links the network page draws; more would not be readable (filter by type for the rest).
MAX_EDGES = 400


def cached(request: Request, key: tuple[Any, ...], make: Any) -> Any:
    """A whole-store answer from the app's short-lived cache (cleared by every write through the app)."""
    return request.app.state.cache.get(key, make)


def shown(value: Any) -> str:
    """A correction's old or new value for people: names of actors, a dash for nothing."""
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A template with what every page needs: the CSRF token (and its cookie), the user, helpers."""
    templates = request.app.state.templates
    env = templates.env
    env.globals.update(tone=tone, quad_name=lambda t: QUAD_NAMES.get(quad(t), "other"))
    env.filters["shown"] = shown
    seed = csrf_seed(request)
    context.update(request=request, csrf=csrf_token(request), user=user_of(request))
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status)
    if name in STYLE_ATTR_PAGES:
        response.headers["Content-Security-Policy"] = CSP_INLINE_STYLES
    if request.cookies.get(CSRF_COOKIE) != seed:
        response.set_cookie(CSRF_COOKIE, seed, httponly=True, samesite="strict")
    return response


async def csrf(request: Request) -> None:
    """A dependency for form posts: the form's token (or htmx's header) must match the cookie."""
    submitted = request.headers.get("x-csrf-token")
    if submitted is None:
        form = await request.form()
        value = form.get("csrf")
        submitted = value if isinstance(value, str) else None
    check_csrf(request, submitted)


Writer = Annotated[str, Depends(require_writer)]
Csrf = Annotated[None, Depends(csrf)]


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:200] or None if "\x00" not in value else None


def _page(request: Request) -> int:
    try:
        return max(1, min(100, int(request.query_params.get("page", "1"))))
    except ValueError:
        return 1


def _page_url(request: Request) -> Any:
    def url(n: int) -> str:
        params = {k: v for k, v in request.query_params.multi_items() if k != "page"}
        return f"{request.url.path}?{urlencode([*params.items(), ('page', str(n))])}"

    return url


def _paged(request: Request, rows: list[dict[str, Any]], page: int) -> dict[str, Any]:
    start = (page - 1) * PAGE_SIZE
    return {
        "rows": rows[start : start + PAGE_SIZE],
        "more": len(rows) > page * PAGE_SIZE,
        "page": page,
        "page_url": _page_url(request),
    }


def _safe_url(url: str | None) -> str | None:
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _filters(request: Request, *names: str) -> dict[str, str | None]:
    return {n: _clean(request.query_params.get(n)) for n in names}


def _query(call: Any, **kwargs: Any) -> Any:
    try:
        return call(**kwargs)
    except ValueError as e:
        raise HTTPException(422, str(e)) from None


def _with_verdicts(db: Database, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with db.store.engine.connect() as conn:
        found = review.verdicts(conn, [r["id"] for r in rows])
    return [{**r, "verdict": found.get(r["id"])} for r in rows]


# ------------------------------------------------------------------ reading


@router.get("/", response_class=HTMLResponse)
def home(request: Request, db: DB) -> HTMLResponse:
    return render(
        request,
        "home.html",
        counts=queries.counts(db),
        store_url=db.store.url,
        latest=queries.articles_page(db, limit=10),
        top_actors=cached(request, ("top-actors",), lambda: db.actors(limit=10)),
    )


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, db: DB) -> HTMLResponse:
    f = _filters(request, "since", "until", "source")
    page = _page(request)
    rows = _query(queries.articles_page, db=db, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, **f)
    return render(
        request,
        "articles.html",
        nav="articles",
        f=f,
        rows=rows[:PAGE_SIZE],
        more=len(rows) > PAGE_SIZE,
        page=page,
        page_url=_page_url(request),
    )


def article_context(db: Database, article: dict[str, Any]) -> dict[str, Any]:
    """What the article template needs: the marked text, where marks lead, the marks' explanations."""
    ent_actor, ev_ids = queries.article_links(db, article["id"]) if article.get("id") else ({}, {})
    marks = marks_of(article)
    for m in marks:
        kind, _, ref = m["key"].partition(":")
        if kind == "ent" and ref in ent_actor:
            m["href"] = f"/actors/{ent_actor[ref]}"
        elif kind == "event" and ref in ev_ids:
            m["href"] = f"/events/{ev_ids[ref]}"
    return {
        "article": article,
        "marked": marked_text(article["text"], marks),
        "ent_actor": ent_actor,
        "ev_ids": ev_ids,
        "safe_url": _safe_url(article.get("url")),
        "marks": [{k: m[k] for k in ("key", "kind", "title", "href") if k in m} for m in marks],
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str, db: DB) -> HTMLResponse:
    for item in db.store.iter_articles([article_id]):
        return render(
            request,
            "article.html",
            nav="articles",
            **article_context(db, item.to_dict()),
            data_link=f"/api/v1/articles/{article_id}",
        )
    raise HTTPException(404, f"no article {article_id}")


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, db: DB) -> HTMLResponse:
    f = _filters(request, "name", "country", "sector")
    page = _page(request)
    fetch = page * PAGE_SIZE + 1
    if any(f.values()):
        rows = _query(db.actors, limit=fetch, **f)
    else:  # every actor counted and sorted: the same for every visitor for a minute
        rows = cached(request, ("actors", fetch), lambda: db.actors(limit=fetch))
    return render(
        request, "actors.html", nav="actors", f=f, **_paged(request, rows, page), data_link="/api/v1/actors"
    )


def _counterparts(actor_id: int, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[int, dict[str, Any]] = {}
    for e in events:
        for p in e["actor"] + e["recipient"]:
            if p["actor_id"] == actor_id:
                continue
            c = seen.setdefault(
                p["actor_id"], {"actor_id": p["actor_id"], "name": p["name"], "n": 0, "types": []}
            )
            c["n"] += 1
            if e["type"] not in c["types"]:
                c["types"].append(e["type"])
    return sorted(seen.values(), key=lambda c: (-c["n"], c["name"]))[:30]


def actor_context(db: Database, actor_id: int) -> dict[str, Any]:
    found = db.actors(name=str(actor_id), limit=1)
    if not found:
        raise HTTPException(404, f"no actor {actor_id}")
    events = _with_verdicts(db, db.events(actor=actor_id, limit=500))
    mine = [e for e in events if any(p["actor_id"] == actor_id for p in e["actor"])]
    theirs = [e for e in events if any(p["actor_id"] == actor_id for p in e["recipient"])]
    return {
        "actor": found[0],
        "aliases": queries.aliases(db, actor_id),
        "as_actor": mine,
        "as_recipient": theirs,
        "counterparts": _counterparts(actor_id, events),
        "quotes": db.quotes(speaker=actor_id, limit=100),
        "links": db.links(actor_id),
    }


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, actor_id: Id, db: DB) -> HTMLResponse:
    return render(
        request,
        "actor.html",
        nav="actors",
        **actor_context(db, actor_id),
        data_link=f"/api/v1/actors/{actor_id}",
    )


def _timeline_items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from dateline.store.kb import day_range

    items = []
    for e in rows:
        start = day_range(e["date"])[0]
        if not start:
            continue
        who = ", ".join(p["name"] for p in e["actor"]) or "?"
        whom = ", ".join(p["name"] for p in e["recipient"])
        label = f"{e['type']}: {who}" + (f" → {whom}" if whom else "")
        items.append(
            {
                "id": e["id"],
                "start": start,
                "label": label[:90],
                "tone": tone(e["type"]),
                "group": QUAD_NAMES.get(quad(e["type"]), "other"),
                "title": f"{e['date']} · {label}" + (f" · {e['place']}" if e.get("place") else ""),
            }
        )
    return items


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, db: DB) -> HTMLResponse:
    f = _filters(request, "actor", "country", "type", "since", "until")
    page = _page(request)
    rows = _with_verdicts(db, _query(db.events, limit=page * PAGE_SIZE + 1, **f))
    paged = _paged(request, rows, page)
    return render(
        request,
        "events.html",
        nav="events",
        f=f,
        types=review.PLOVER,
        items=_timeline_items(paged["rows"]),
        data_link="/api/v1/events",
        **paged,
    )


def event_context(db: Database, event_id: int, message: str | None = None) -> dict[str, Any]:
    found = queries.event(db, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    with db.store.engine.connect() as conn:
        verdict = review.verdict(conn, event_id)
        history = review.history(conn, "event", event_id)
    return {
        "event": found,
        "reports": db.reports(event_id),
        "types": review.PLOVER,
        "verdict": verdict,
        "history": history,
        "message": message,
    }


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, event_id: Id, db: DB) -> HTMLResponse:
    return render(
        request,
        "event.html",
        nav="events",
        **event_context(db, event_id),
        data_link=f"/api/v1/events/{event_id}",
    )


def network_view(db: Database, chosen: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """(nodes, links, how many links in all): one link per pair and tone, the strongest MAX_EDGES."""
    nodes, edges = db.network(chosen or None)
    degree: Counter[int] = Counter()
    merged: dict[tuple[int, int, str], dict[str, Any]] = {}
    for e in edges:
        degree[e["source"]] += e["events"]
        degree[e["target"]] += e["events"]
        k = (e["source"], e["target"], tone(e["type"]))
        m = merged.get(k)
        if m is None:
            m = merged[k] = {"source": e["source"], "target": e["target"], "events": 0, "type": e["type"],
                             "tone": k[2], "directed": quad(e["type"]) in (3, 4)}  # fmt: skip
        elif e["type"] not in m["type"].split("/"):
            m["type"] += "/" + e["type"]
        m["events"] += e["events"]
    links = sorted(merged.values(), key=lambda m: -m["events"])[:MAX_EDGES]
    keep = {m["source"] for m in links} | {m["target"] for m in links}
    return [{**n, "degree": degree[n["id"]]} for n in nodes if n["id"] in keep], links, len(merged)


@router.get("/network", response_class=HTMLResponse)
def network(request: Request, db: DB) -> HTMLResponse:
    chosen = [t.upper() for t in request.query_params.getlist("type") if t.upper() in review.PLOVER]
    nodes, links, total = cached(request, ("network", *chosen), lambda: network_view(db, chosen))
    return render(request, "network.html", nav="network", types=review.PLOVER, chosen=chosen, nodes=nodes,
                  edges=links, all_edges=total, data_link="/api/v1/network")  # fmt: skip


def _facets(
    request: Request, rows: list[dict[str, Any]], db: Database
) -> dict[str, list[tuple[str, int, str]]]:
    def link(key: str, value: str) -> str:
        params = {k: v for k, v in request.query_params.items() if k not in (key, "page")}
        params[key] = value
        return f"/quotes?{urlencode(params)}"

    speakers = Counter(r["speaker"] for r in rows if r["speaker"])
    months = Counter(r["day"][:7] for r in rows if r["day"])
    ids = {r["speaker_actor_id"] for r in rows if r["speaker_actor_id"]}
    countries: Counter[str] = Counter()
    if ids:
        by_id = queries.countries_of(db, ids)
        countries = Counter(
            str(by_id[r["speaker_actor_id"]]) for r in rows if by_id.get(r["speaker_actor_id"])
        )
    return {
        "speaker": [(s, n, link("speaker", s)) for s, n in speakers.most_common(15)],
        "country": [(c, n, link("country", c)) for c, n in countries.most_common(15)],
        "month": [
            (m, n, f"{link('since', m + '-01')}&until={m}-31") for m, n in sorted(months.items())[-15:]
        ],
    }


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, db: DB) -> HTMLResponse:
    f = _filters(request, "q", "speaker", "country", "since", "until")
    if f["until"] and f["until"].endswith("-31"):
        f["until"] = _month_end(f["until"])
    page = _page(request)
    rows = _query(db.quotes, limit=max(page * PAGE_SIZE + 1, 500), **f)
    return render(
        request,
        "quotes.html",
        nav="quotes",
        f=f,
        facets=_facets(request, rows, db),
        data_link="/api/v1/quotes",
        **_paged(request, rows, page),
    )


def _month_end(day: str) -> str:
    from dateline.store.kb import day_range

    return day_range(day[:7])[1] or day


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, db: DB) -> HTMLResponse:
    q = _clean(request.query_params.get("q"))
    if not q:
        return RedirectResponse("/", status_code=303)  # type: ignore[return-value]
    return render(
        request, "search.html", q=q, actors=db.actors(name=q, limit=20), hits=db.search(q, limit=30)
    )


@router.get("/corrections", response_class=HTMLResponse)
def corrections_page(request: Request, db: DB) -> HTMLResponse:
    with db.store.engine.connect() as conn:
        rows = review.history(conn)[:500]
    return render(request, "corrections.html", nav="corrections", rows=rows)


# ------------------------------------------------------------------ analysing


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request) -> HTMLResponse:
    return render(request, "analyze.html", nav="analyze")


@router.post("/analyze", response_class=HTMLResponse)
async def analyze(request: Request, db: DB, _: Csrf, user: Writer) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    from dateline.web.analysis import analyze_text, analyze_url

    form = await request.form()
    text = str(form.get("text") or "") if isinstance(form.get("text"), str) else ""
    url = str(form.get("url") or "") if isinstance(form.get("url"), str) else ""
    upload = form.get("upload")
    html = False
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        text = data.decode("utf-8", "replace")
        html = (upload.filename or "").lower().endswith((".html", ".htm"))
    settings = settings_of(request)
    try:
        if str(text).strip():
            result = await run_in_threadpool(analyze_text, str(text), settings, _analysis, html)
        elif str(url).strip():
            result = await run_in_threadpool(analyze_url, str(url).strip(), settings, _analysis)
        else:
            raise BadInput("paste a text, choose a file or give a URL")
    except BadInput as e:
        return render(request, "analyze.html", 400, nav="analyze", error=str(e), text=text, url=url)
    stored = None
    if form.get("action") == "store":
        await run_in_threadpool(db.store.add, [result])
        stored = result.article.id
    return render(
        request,
        "analyze.html",
        nav="analyze",
        text=text,
        url=url,
        stored=stored,
        **article_context(db, result.to_dict()) if stored else _unstored(result.to_dict()),
    )


def _unstored(article: dict[str, Any]) -> dict[str, Any]:
    marks = marks_of(article)
    return {
        "article": article,
        "marked": marked_text(article["text"], marks),
        "ent_actor": {},
        "ev_ids": {},
        "marks": [{k: m[k] for k in ("key", "kind", "title")} for m in marks],
    }


# ------------------------------------------------------------------ who is correcting


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html", need_token=settings_of(request).writes_need_token)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, _: Csrf) -> Response:
    import hmac

    form = await request.form()
    settings = settings_of(request)
    name = " ".join(str(form.get("name") or "").split())[:80]
    token = str(form.get("token") or "")
    response = RedirectResponse("/", status_code=303)
    if settings.writes_need_token:
        if not settings.token or not hmac.compare_digest(token, settings.token):
            return render(
                request, "login.html", 401, need_token=True, message="That token is not this server's."
            )
        response.set_cookie(AUTH_COOKIE, auth_cookie_value(settings), httponly=True, samesite="strict")
    if name:
        response.set_cookie(USER_COOKIE, name, httponly=True, samesite="strict", max_age=365 * 86400)
    return response


# ------------------------------------------------------------------ correcting


def _event_review(request: Request, db: Database, event_id: int, message: str | None) -> HTMLResponse:
    return render(request, "event.html", nav="events", **event_context(db, event_id, message))


@router.post("/events/{event_id}/verdict", response_class=HTMLResponse)
async def event_verdict(request: Request, event_id: Id, db: DB, _: Csrf, user: Writer) -> HTMLResponse:
    form = await request.form()
    try:
        with db.store.engine.begin() as conn:
            review.correct_event(conn, event_id, "verdict", str(form.get("verdict") or ""), user)
    except LookupError as e:
        raise HTTPException(404, str(e)) from None
    except review.CorrectionError as e:
        return _event_review(request, db, event_id, str(e))
    return _event_review(request, db, event_id, f"Recorded: {form.get('verdict')}, by {user}.")


@router.post("/events/{event_id}/correct", response_class=HTMLResponse)
async def event_correct(request: Request, event_id: Id, db: DB, _: Csrf, user: Writer) -> HTMLResponse:
    form = await request.form()
    changed = []
    try:
        with db.store.engine.begin() as conn:
            for field in ("type", "actor", "recipient", "date", "place"):
                if field in form and review.correct_event(conn, event_id, field, form.get(field), user):
                    changed.append(field)
    except LookupError as e:
        raise HTTPException(404, str(e)) from None
    except review.CorrectionError as e:
        return _event_review(request, db, event_id, f"Not saved: {e}")
    message = f"Saved ({', '.join(changed)}), by {user}." if changed else "Nothing changed."
    return _event_review(request, db, event_id, message)


def _actor_review(request: Request, db: Database, actor_id: int, message: str | None) -> Response:
    if request.headers.get("hx-request"):
        return render(request, "actor.html", nav="actors", message=message, **actor_context(db, actor_id))
    return RedirectResponse(f"/actors/{actor_id}", status_code=303)


@router.post("/actors/{actor_id}/correct", response_class=HTMLResponse)
async def actor_correct(request: Request, actor_id: Id, db: DB, _: Csrf, user: Writer) -> Response:
    form = await request.form()
    changed = []
    try:
        with db.store.engine.begin() as conn:
            for field in review.ACTOR_FIELDS:
                if field in form and review.correct_actor(conn, actor_id, field, form.get(field), user):
                    changed.append(field)
    except LookupError as e:
        raise HTTPException(404, str(e)) from None
    except review.CorrectionError as e:
        return _actor_review(request, db, actor_id, f"Not saved: {e}")
    return _actor_review(
        request, db, actor_id, f"Saved ({', '.join(changed)})." if changed else "Nothing changed."
    )


@router.post("/actors/{actor_id}/merge")
async def actor_merge(request: Request, actor_id: Id, db: DB, _: Csrf, user: Writer) -> Response:
    form = await request.form()
    other = str(form.get("other") or "").strip()
    if not other.isdigit():
        raise HTTPException(422, "give the other actor's id")
    try:
        with db.store.engine.begin() as conn:
            review.merge_actors(conn, actor_id, int(other), user)
    except LookupError as e:
        raise HTTPException(404, str(e)) from None
    except review.CorrectionError as e:
        raise HTTPException(422, str(e)) from None
    return RedirectResponse(f"/actors/{actor_id}", status_code=303)


@router.post("/actors/{actor_id}/split")
async def actor_split(request: Request, actor_id: Id, db: DB, _: Csrf, user: Writer) -> Response:
    form = await request.form()
    link = str(form.get("link_id") or "").strip()
    if not link.isdigit():
        raise HTTPException(422, "give the link's id")
    try:
        with db.store.engine.begin() as conn:
            new_id = review.split_link(conn, actor_id, int(link), user)
    except LookupError as e:
        raise HTTPException(404, str(e)) from None
    except review.CorrectionError as e:
        raise HTTPException(422, str(e)) from None
    return RedirectResponse(f"/actors/{new_id}", status_code=303)
