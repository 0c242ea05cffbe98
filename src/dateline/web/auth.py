"""Who may write, and who they are: a bearer token whenever the server listens beyond loopback (or
a token is set), CSRF tokens on every form, and the name corrections are recorded under."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request

from dateline.web.settings import WebSettings

CSRF_COOKIE = "dateline_csrf"
AUTH_COOKIE = "dateline_auth"
USER_COOKIE = "dateline_user"
CSRF_HEADER = "x-csrf-token"


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def _sign(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def auth_cookie_value(settings: WebSettings) -> str:
    """What the login cookie holds: a signature of the token, never the token itself."""
    return _sign(settings.secret, "auth:" + (settings.token or ""))


def csrf_seed(request: Request) -> str:
    """The browser's CSRF cookie, or a new one (the page sets it)."""
    seed = request.cookies.get(CSRF_COOKIE, "")
    if len(seed) != 32:
        seed = request.state.__dict__.setdefault("csrf_seed", secrets.token_hex(16))
    return seed


def csrf_token(request: Request) -> str:
    return _sign(settings_of(request).secret, "csrf:" + csrf_seed(request))


def check_csrf(request: Request, submitted: str | None) -> None:
    seed = request.cookies.get(CSRF_COOKIE, "")
    expected = _sign(settings_of(request).secret, "csrf:" + seed)
    if not seed or not submitted or not hmac.compare_digest(expected, submitted):
        raise HTTPException(403, "CSRF check failed: reload the page and try again")


def authorised(request: Request) -> bool:
    """True when this request may write: no token needed, a right bearer token, or a login cookie."""
    settings = settings_of(request)
    if not settings.writes_need_token:
        return True
    if not settings.token:
        return False
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer ") and hmac.compare_digest(header[7:].strip(), settings.token):
        return True
    cookie = request.cookies.get(AUTH_COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie, auth_cookie_value(settings))


def require_writer(request: Request) -> str:
    """A dependency for write endpoints: 401 unless authorised; returns who is writing."""
    if not authorised(request):
        raise HTTPException(
            401,
            "this server needs a token to write: send 'Authorization: Bearer TOKEN' or log in",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user_of(request)


def user_of(request: Request) -> str:
    name = request.headers.get("x-dateline-user") or request.cookies.get(USER_COOKIE) or ""
    name = " ".join(name.split())[:80]
    return name or settings_of(request).user
