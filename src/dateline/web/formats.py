"""Rows as JSON (with paging), JSON Lines or CSV, the formats the CLI offers; CSV through the CLI's
writer (dateline.output.emit), so both neutralise cells the same way."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from dateline.output import emit

Format = Literal["json", "jsonl", "csv"]
MEDIA = {"json": "application/json", "jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


class Page:
    """One page of a query that only takes a limit: ask for everything up to this page and one more."""

    def __init__(self, page: int, limit: int) -> None:
        self.page, self.limit = page, limit

    @property
    def fetch(self) -> int:
        return self.page * self.limit + 1

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit

    def cut(self, rows: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
        return list(rows[self.offset : self.offset + self.limit]), len(rows) > self.page * self.limit


def _next_url(request: Request, page: int) -> str:
    params = dict(request.query_params)
    params["page"] = str(page + 1)
    return f"{request.url.path}?{urlencode(params)}"


def rows_response(
    request: Request,
    rows: Sequence[dict[str, Any]],
    fmt: Format,
    page: Page | None = None,
    more: bool = False,
) -> Response:
    """JSON {"items", "page", "limit", "next"}; JSON Lines and CSV carry the next page in a Link header."""
    headers = {}
    next_url = _next_url(request, page.page) if page and more else None
    if next_url:
        headers["Link"] = f'<{next_url}>; rel="next"'
    if fmt == "json":
        body: dict[str, Any] = {"items": list(rows)}
        if page:
            body.update(page=page.page, limit=page.limit, next=next_url)
        return JSONResponse(json.loads(json.dumps(body, default=str)), headers=headers)
    stream = io.StringIO()
    emit(rows, fmt, None, stream)
    if fmt == "csv":
        headers["Content-Disposition"] = "attachment"
    return Response(stream.getvalue(), media_type=MEDIA[fmt], headers=headers)
