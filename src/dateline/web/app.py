"""The web application: the REST API under /api/v1, its OpenAPI schema and docs, and the pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from dateline import __version__
from dateline.store import Store
from dateline.store.query import Database
from dateline.web import api, docs, pages
from dateline.web.cache import TTLCache
from dateline.web.guard import Guard
from dateline.web.settings import WebSettings

HERE = Path(__file__).parent


def create_app(db_url: str | None = None, settings: WebSettings | None = None) -> FastAPI:
    """The app over the store at `db_url` (a path or SQLAlchemy URL; default as the CLI's --db)."""
    settings = settings or WebSettings()
    db = Database(Store(db_url))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Who met whom, who said what, when and where: the news as data, with evidence.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.settings = settings
    app.state.cache = TTLCache(ttl=60.0)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.include_router(api.router, prefix="/api/v1", tags=["api"])
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def clear_after_writes(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            app.state.cache.clear()  # a correction or a stored article changes counts and links
        return response

    app.add_middleware(Guard, max_body=settings.max_body, timeout=settings.request_timeout)
    return app
