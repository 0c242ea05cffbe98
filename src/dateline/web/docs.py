"""Interactive API docs (Swagger UI, vendored; started by a static script, as the CSP wants)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
SWAGGER = "5.36.0"


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    css = request.url_for("static", path=f"vendor/swagger-ui-{SWAGGER}.css").path
    js = request.url_for("static", path=f"vendor/swagger-ui-{SWAGGER}.bundle.js").path
    init = request.url_for("static", path="docs.js").path
    return HTMLResponse(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>dateline API</title>"
        f"<link rel='stylesheet' href='{css}'></head><body>"
        "<div id='swagger-ui' data-url='/api/v1/openapi.json'></div>"
        f"<script src='{js}'></script><script src='{init}'></script></body></html>"
    )
