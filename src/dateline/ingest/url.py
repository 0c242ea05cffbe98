"""Pages over HTTP(S): timeouts, a size cap, only http and https."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from dateline.config import Settings
from dateline.errors import BadInput


@dataclass
class Fetched:
    url: str
    content: bytes
    content_type: str


def is_url(source: str) -> bool:
    """Anything with a scheme ("http://", "ftp://", "file://") is a URL, wanted or not."""
    scheme = urlsplit(source).scheme
    return len(scheme) > 1 and "://" in source


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise BadInput(f"unsupported URL scheme {scheme!r} in {url} (only http and https)")


def client(settings: Settings) -> httpx.Client:
    """One client per run: connections are reused across a feed's pages."""
    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": settings.user_agent},
    )


def fetch(url: str, settings: Settings, session: httpx.Client | None = None) -> Fetched:
    """The body of a URL, at most settings.max_bytes of it; BadInput for anything that goes wrong."""
    check_scheme(url)
    own = session is None
    session = session or client(settings)
    try:
        with session.stream("GET", url) as response:
            if response.status_code >= 400:
                raise BadInput(f"HTTP {response.status_code} from {url}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.max_bytes:
                raise BadInput(f"page larger than the cap of {settings.max_bytes} bytes: {url}")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise BadInput(f"page larger than the cap of {settings.max_bytes} bytes: {url}")
                chunks.append(chunk)
            return Fetched(str(response.url), b"".join(chunks), response.headers.get("content-type", ""))
    except httpx.TimeoutException:
        raise BadInput(f"timed out after {settings.timeout:g} s: {url}") from None
    except httpx.ConnectError as e:
        raise BadInput(f"cannot connect to {url}: {_reason(e)}") from None
    except httpx.TooManyRedirects:
        raise BadInput(f"too many redirects: {url}") from None
    except httpx.UnsupportedProtocol:
        raise BadInput(f"redirected to an unsupported URL scheme: {url}") from None
    except httpx.HTTPError as e:
        raise BadInput(f"cannot fetch {url}: {_reason(e)}") from None
    finally:
        if own:
            session.close()


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if "refused" in text.lower():
        return "connection refused"
    return text.splitlines()[0][:200]
