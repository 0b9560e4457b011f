"""Believe ``X-Forwarded-For`` only from the reverse proxies named in ``TRUSTED_PROXIES``.

Behind nginx every request comes from the proxy's address, so without this the audit log records
127.0.0.1 for everyone and a per-address rate limit is one bucket for the whole country. Werkzeug's
``ProxyFix`` rewrites the address from the header, but it trusts a fixed number of hops from anyone who
connects; a client reaching gunicorn directly could then claim any address. So the fix is applied only
when the connecting address is a trusted proxy, and the number of hops is the number of trusted proxies
at the end of the chain (a load balancer in front of nginx makes two), so the client is the first
untrusted address counted from the right. Whatever a client writes to the left of that is ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

Network = IPv4Network | IPv6Network
MAX_HOPS = 5


def parse_networks(entries: Iterable[str]) -> list[Network]:
    """``["127.0.0.1", "10.0.0.0/8"]`` as networks; a mistyped entry stops start-up rather than trusting it."""
    networks = []
    for entry in entries:
        try:
            networks.append(ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise RuntimeError(f"TRUSTED_PROXIES: {entry!r} is not an IP address or network.") from error
    return networks


class TrustedProxies:
    """WSGI middleware: ``ProxyFix`` for requests from a trusted proxy, the plain application otherwise."""

    def __init__(self, app: Callable[..., Any], trusted: Iterable[str]) -> None:
        self.app = app
        self.networks = parse_networks(trusted)
        # One ProxyFix per hop count; X-Forwarded-Proto is the nearest proxy's (nginx sets it, not the client).
        self._fixes = {hops: ProxyFix(app, x_for=hops, x_proto=1) for hops in range(1, MAX_HOPS + 1)}

    def trusts(self, address: str | None) -> bool:
        try:
            ip = ip_address((address or "").strip())
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def hops(self, forwarded_for: str) -> int:
        """How many entries, counted from the right, to skip past: one per trusted proxy in the chain."""
        entries = [entry.strip() for entry in forwarded_for.split(",")]
        hops = 1
        while hops < min(len(entries), MAX_HOPS) and self.trusts(entries[-hops]):
            hops += 1
        return hops

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if not self.trusts(environ.get("REMOTE_ADDR")):
            return self.app(environ, start_response)
        forwarded_for = environ.get("HTTP_X_FORWARDED_FOR", "")
        return self._fixes[self.hops(forwarded_for) if forwarded_for else 1](environ, start_response)
