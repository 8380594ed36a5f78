"""Which addresses of this computer phones in the room could reach. Standard library only."""

from __future__ import annotations

import contextlib
import ipaddress
import socket

LOOPBACK = "127.0.0.1"


def _routed_address() -> str | None:
    """The address this computer would use on its main network (no packet is sent)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.255.255.255", 1))
        return probe.getsockname()[0]
    return None


def candidate_addresses() -> list[str]:
    """IPv4 addresses to offer: the room's network first (private ranges), loopback last."""
    found: list[str] = []
    routed = _routed_address()
    if routed:
        found.append(routed)
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(info[4][0])
    unique = []
    for address in found:
        ip = ipaddress.ip_address(address)
        if address not in unique and not ip.is_loopback and not ip.is_unspecified:
            unique.append(address)
    unique.sort(key=lambda a: not ipaddress.ip_address(a).is_private)
    return [*unique, LOOPBACK]


def default_address() -> str:
    return candidate_addresses()[0]
