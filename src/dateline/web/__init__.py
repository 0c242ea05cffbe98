"""dateline's web app and REST API (`dateline serve`; needs the [web] extra)."""

from __future__ import annotations

from dateline.web.app import create_app
from dateline.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
