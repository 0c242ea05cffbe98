"""Interactive API docs (Swagger UI, vendored; started by a static script, as the CSP wants)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from dateline.web.guard import CSP_INLINE_STYLES

router = APIRouter(include_in_schema=False)
SWAGGER = "5.36.0"


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(Path(__file__).parent / "static" / "favicon.svg", media_type="image/svg+xml")


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    css = request.url_for("static", path=f"vendor/swagger-ui-{SWAGGER}.css").path
    js = request.url_for("static", path=f"vendor/swagger-ui-{SWAGGER}.bundle.js").path
    icon = request.url_for("static", path="favicon.svg").path
    init = request.url_for("static", path="docs.js").path
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>dateline API</title>"
        f"<link rel='icon' href='{icon}' type='image/svg+xml'>"
        f"<link rel='stylesheet' href='{css}'></head><body>"
        "<div id='swagger-ui' data-url='/api/v1/openapi.json'></div>"
        f"<script src='{js}'></script><script src='{init}'></script></body></html>"
    )
    return HTMLResponse(page, headers={"Content-Security-Policy": CSP_INLINE_STYLES})
