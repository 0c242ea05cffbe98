"""`analyze` by URL without becoming a proxy into the server's network: every request, redirects
included, is refused when its host resolves to a loopback, private, link-local, reserved or cloud
metadata address, unless the settings allow private addresses."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

from dateline.config import Settings
from dateline.errors import BadInput
from dateline.ingest.decode import decode
from dateline.ingest.url import check_scheme, fetch

Resolver = Callable[[str], list[str]]
#: Addresses no public news site has, beside what `ipaddress` calls private (cloud metadata services).
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


def resolve(host: str) -> list[str]:
    """Every address a host name resolves to (the system resolver)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as e:
        raise BadInput(f"cannot resolve {host}: {e.strerror or e}") from None
    return sorted({str(info[4][0]) for info in infos})


def forbidden(address: str) -> bool:
    """True for an address that is not on the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip in METADATA
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


class Blocked(Exception):
    """A redirect hop the guard refused."""


class UrlGuard:
    """An httpx request hook that refuses hosts resolving to forbidden addresses."""

    def __init__(self, allow_private: bool = False, resolver: Resolver = resolve) -> None:
        self.allow_private = allow_private
        self.resolver = resolver

    def check(self, url: str) -> None:
        check_scheme(url)
        host = urlsplit(url).hostname
        if not host:
            raise BadInput(f"no host in {url}")
        if self.allow_private:
            return
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            addresses = self.resolver(host)
        if not addresses:
            raise BadInput(f"cannot resolve {host}")
        bad = [a for a in addresses if forbidden(a)]
        if bad:
            raise BadInput(f"refused: {host} resolves to a non-public address ({bad[0]})")

    def __call__(self, request: httpx.Request) -> None:
        try:
            self.check(str(request.url))
        except BadInput as e:  # not a ValueError: the fetch must not take it for one of its own
            raise Blocked(str(e)) from None


def fetch_page(
    url: str, settings: Settings, guard: UrlGuard, transport: httpx.BaseTransport | None = None
) -> tuple[str, str]:
    """(final URL, page text) of a URL. The guard checks the URL first (its resolver can be stubbed);
    the ingest fetch then connects only to the public addresses it checked, on every redirect hop
    (`settings.allow_private` lets private ones through). With a `transport` (tests), a client of
    this module's own runs the guard on every hop instead."""
    guard.check(url)
    if transport is None:
        got = fetch(url, settings)
    else:
        with httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": settings.user_agent},
            event_hooks={"request": [guard]},
            transport=transport,
        ) as session:
            try:
                got = fetch(url, settings, session)
            except Blocked as e:
                raise BadInput(str(e)) from None
    return got.url, decode(got.content, got.content_type, "page")
