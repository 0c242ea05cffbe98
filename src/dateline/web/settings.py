"""The web app's settings: defaults < environment (DATELINE_WEB_*) < `dateline serve` flags."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from dateline.config import env_float

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _env_bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class WebSettings:
    #: Where the server listens; beyond loopback every write needs the token.
    host: str = "127.0.0.1"
    #: Bearer token for write endpoints (POST/PUT/PATCH/DELETE) and corrections; None: writes only from
    #: a loopback listener. Set $DATELINE_WEB_TOKEN, or `serve` makes one and prints it.
    token: str | None = field(default_factory=lambda: os.environ.get("DATELINE_WEB_TOKEN") or None)
    #: Who corrections are recorded as when the request names nobody ($DATELINE_USER, else $USER).
    user: str = field(
        default_factory=lambda: os.environ.get("DATELINE_USER") or os.environ.get("USER") or "web"
    )
    #: Let `analyze` fetch URLs on loopback, private, link-local and metadata addresses.
    allow_private_urls: bool = field(default_factory=lambda: _env_bool("DATELINE_WEB_ALLOW_PRIVATE"))
    #: The largest request body, in bytes.
    max_body: int = field(default_factory=lambda: int(env_float("DATELINE_WEB_MAX_BODY", 2 * 2**20)))
    #: Seconds one request may take before the server answers 503.
    request_timeout: float = field(default_factory=lambda: env_float("DATELINE_WEB_TIMEOUT", 60.0))
    #: Secret that signs CSRF tokens; a fresh one per process unless given.
    secret: str = field(
        default_factory=lambda: os.environ.get("DATELINE_WEB_SECRET") or secrets.token_hex(32)
    )

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK or self.host.startswith("127.")

    @property
    def writes_need_token(self) -> bool:
        return not self.loopback or self.token is not None
