"""Which servers dateline may connect to: public addresses, unless private ones are allowed.

A host name is resolved once, here, and each of its addresses checked; the connection then goes to
an address that was checked (see transport.py), so a DNS answer that changes between the check and
the connection (DNS rebinding) cannot smuggle a private address through.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from dataclasses import dataclass

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Cloud metadata services (AWS, GCP, Azure, ECS, Alibaba): refused even on a host the user named.
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata.goog"})
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """A connection that the address policy does not allow; the message says why ("x is a ...")."""


def resolve(host: str, port: int) -> list[str]:
    """The addresses a host name stands for, in the resolver's order (the one place dateline asks DNS)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as e:
        raise httpcore.ConnectError(f"cannot resolve {host}: {getattr(e, 'strerror', None) or e}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def resolve_within(host: str, port: int, seconds: float | None) -> list[str]:
    """resolve(), given up after `seconds` (the system resolver has no timeout of its own)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    if seconds is None:
        return resolve(host, port)
    answer: list[list[str] | BaseException] = []

    def ask() -> None:
        try:
            answer.append(resolve(host, port))
        except BaseException as e:  # handed to the caller below
            answer.append(e)

    # A daemon thread: a lookup that never returns must not hold the process at exit either.
    lookup = threading.Thread(target=ask, name="dateline-resolve", daemon=True)
    lookup.start()
    lookup.join(seconds)
    if not answer:
        raise httpcore.ConnectTimeout(f"resolving {host} took longer than the time left")
    if isinstance(answer[0], BaseException):
        raise answer[0]
    return answer[0]


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, 6to4 or NAT64 IPv6 address, which reaches it."""
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(address: str) -> str | None:
    """Why an address is not a public one ("a loopback address"), or None when it is public."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    ip = _embedded_ipv4(ip) or ip
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    kinds = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
    )
    for kind, hit in kinds:
        if hit:
            return f"a {kind} address"
    return None if ip.is_global else "not a public address"


@dataclass(frozen=True)
class Policy:
    """Where connections may go: public addresses; any address when `allow_private`; and any address
    but a cloud metadata one on `trusted_host`, the host of a URL the user gave."""

    allow_private: bool = False
    trusted_host: str | None = None

    def addresses(self, host: str, port: int, timeout: float | None = None) -> list[str]:
        """The host's addresses, all checked; Refused if any of them is not allowed."""
        name = host.lower().rstrip(".")
        if not self.allow_private and name in METADATA_HOSTS:
            raise Refused(f"{host} is a cloud metadata host")
        found = resolve_within(host, port, timeout)
        if not found:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        if self.allow_private:
            return found
        trusted = self.trusted_host is not None and name == self.trusted_host.lower().rstrip(".")
        for address in found:
            why = refusal(address)
            if why is None or (trusted and why != "a cloud metadata address"):
                continue
            where = host if host == address else f"{host} ({address})"
            raise Refused(f"{where} is {why}")
        return found
