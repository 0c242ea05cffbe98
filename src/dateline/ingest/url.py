"""Pages over HTTP(S): only http and https, a size cap, a total deadline, public addresses only.

`fetch(url, settings)` is the one way dateline (the CLI, the readers, the web app) gets a page. It
never raises anything but BadInput, whose message names the URL without its credentials.

Addresses: a URL reaches loopback, private, link-local, multicast, reserved, unspecified and cloud
metadata addresses only with `settings.allow_private`, checked after DNS resolution on every hop
of a redirect chain. The one exception is a URL the user typed (`typed=True`): its own host (and
redirects back to that host) may be private, metadata addresses excepted; a feed's links, a JSON
Lines record's url, and a redirect to another host never are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest.addresses import Policy, Refused
from dateline.ingest.transport import deadline, guarded_client, time_left

#: Redirects followed for one fetch; each hop is checked like the first.
MAX_REDIRECTS = 5

#: A scheme of two letters or more ("C://" is a Windows path), then "://".
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass
class Fetched:
    url: str
    content: bytes
    content_type: str


def is_url(source: str) -> bool:
    """Anything with a scheme ("http://", "ftp://", "file://") is a URL, wanted or not."""
    return bool(_SCHEME.match(source))


def strip_userinfo(url: str) -> str:
    """The URL without its "user:password@", to store; anything that is not a URL as it is."""
    match = _SCHEME.match(url)
    if not match:
        return url
    rest = url[match.end() :]
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    return match.group() + rest[:end].rpartition("@")[2] + rest[end:]


def redact(url: str) -> str:
    """The URL without its credentials and with control characters escaped, to print."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", strip_userinfo(url))


def check_scheme(url: str) -> None:
    scheme = url.partition(":")[0].lower() if is_url(url) else ""
    if scheme not in ("http", "https"):
        raise BadInput(f"unsupported URL scheme {scheme!r} in {redact(url)} (only http and https)")


def parse(url: str) -> httpx.URL:
    """An http(s) URL with a host and a valid port; BadInput naming the URL for anything else."""
    check_scheme(url)
    shown = redact(url)
    if _CONTROL.search(url):
        raise BadInput(f"malformed URL {shown}: control characters")
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii") and parsed.host  # .host checks an IDNA name
        port = parsed.port
    except (httpx.InvalidURL, ValueError, UnicodeError) as e:
        raise BadInput(f"malformed URL {shown}: {_reason(e)}") from None
    if not host:
        raise BadInput(f"malformed URL {shown}: no host")
    if port is not None and not 0 < port < 65536:
        raise BadInput(f"malformed URL {shown}: port {port} out of range")
    return parsed


def client(settings: Settings, trusted_host: str | None = None) -> httpx.Client:
    """A client for many fetches (a feed's pages, a file's records), connections reused."""
    policy = Policy(settings.allow_private, trusted_host)
    return guarded_client(policy, settings.timeout, settings.user_agent)


def fetch(
    url: str, settings: Settings, session: httpx.Client | None = None, *, typed: bool = False
) -> Fetched:
    """The body of a URL, at most settings.max_bytes of it, within settings.timeout seconds in all.

    `typed`: the user gave this URL, so its own host may be private (it gets a client of its own);
    `session`: a client from `client(settings)` to reuse. BadInput for anything that goes wrong.
    """
    target = parse(url)
    shown = redact(url)
    if typed and session is not None:
        raise ValueError("a typed URL is fetched with a client of its own")
    own = session is None
    session = session or client(settings, target.raw_host.decode("ascii") if typed else None)
    try:
        with deadline(settings.timeout):
            return _follow(session, target, settings, shown)
    except httpx.TimeoutException:
        raise BadInput(f"timed out after {settings.timeout:g} s: {shown}") from None
    except Refused as e:
        raise BadInput(f"refused {shown}: {e} (--allow-private allows it)") from None
    except httpx.ConnectError as e:
        raise BadInput(f"cannot connect to {shown}: {_reason(e)}") from None
    except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError) as e:
        raise BadInput(f"cannot fetch {shown}: {_reason(e)}") from None
    finally:
        if own:
            session.close()


def _follow(session: httpx.Client, target: httpx.URL, settings: Settings, shown: str) -> Fetched:
    # Credentials go in a header, not the URL, so that no log line shows them; httpx drops the
    # header on a redirect to another origin.
    auth = httpx.BasicAuth(target.username, target.password) if target.userinfo else None
    request = session.build_request("GET", target.copy_with(username=None, password=None))
    for _ in range(MAX_REDIRECTS + 1):
        response = session.send(request, stream=True, auth=auth)
        auth = None
        try:
            if response.next_request is None:
                return _body(response, settings, shown)
            request = response.next_request
            try:
                parse(str(request.url))
            except BadInput as e:  # a Location with a bad URL or scheme is this fetch's error
                raise BadInput(f"{e}, redirected from {shown}") from None
        finally:
            response.close()
    raise BadInput(f"more than {MAX_REDIRECTS} redirects: {shown}")


def _body(response: httpx.Response, settings: Settings, shown: str) -> Fetched:
    if response.status_code >= 400:
        raise BadInput(f"HTTP {response.status_code} from {shown}")
    cap = settings.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise BadInput(f"page larger than the cap of {cap} bytes: {shown}")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise BadInput(f"page larger than the cap of {cap} bytes: {shown}")
        left = time_left()
        if left is not None and left <= 0:
            raise httpx.ReadTimeout("the fetch's deadline has passed")
        chunks.append(chunk)
    return Fetched(redact(str(response.url)), b"".join(chunks), response.headers.get("content-type", ""))


def _reason(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if "refused" in text.lower():
        return "connection refused"
    return redact(text.splitlines()[0][:200])
