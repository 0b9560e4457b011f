"""Which address is the client's: the forwarded one only when a trusted proxy says so."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from common.config import load_config
from common.proxy import TrustedProxies


@Request.application
def echo(request: Request) -> Response:
    return Response(f"{request.remote_addr} {request.scheme}")


def seen(trusted: list[str], remote: str, forwarded_for: str | None = None, proto: str | None = None) -> str:
    headers: dict[str, Any] = {}
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    if proto is not None:
        headers["X-Forwarded-Proto"] = proto
    client = Client(TrustedProxies(echo, trusted))
    return client.get("/", headers=headers, environ_overrides={"REMOTE_ADDR": remote}).get_data(as_text=True)


def test_nginx_on_the_same_machine():
    assert seen(["127.0.0.1"], "127.0.0.1", "198.51.100.1", "https") == "198.51.100.1 https"
    # What the client wrote itself stands to the left of what nginx appended: ignored.
    assert seen(["127.0.0.1"], "127.0.0.1", "6.6.6.6, 198.51.100.1") == "198.51.100.1 http"
    assert seen(["127.0.0.1"], "127.0.0.1") == "127.0.0.1 http"


def test_a_load_balancer_in_front_of_nginx():
    chain = "6.6.6.6, 198.51.100.1, 10.0.0.5"  # forged, client, load balancer (as nginx saw it)
    assert seen(["127.0.0.1", "10.0.0.0/24"], "127.0.0.1", chain).split()[0] == "198.51.100.1"


def test_an_untrusted_sender_cannot_choose_its_address_or_scheme():
    assert seen(["127.0.0.1"], "203.0.113.9", "198.51.100.1", "https") == "203.0.113.9 http"
    assert seen(["10.0.0.0/24"], "10.0.1.1", "198.51.100.1") == "10.0.1.1 http"


def test_a_mistyped_proxy_stops_start_up(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/24")
    assert load_config({"SUITE_ENV": "testing"})["TRUSTED_PROXIES"] == ["127.0.0.1", "10.0.0.0/24"]
    with pytest.raises(RuntimeError, match="not an IP address"):
        TrustedProxies(echo, ["127.0.0.1", "nginx.local"])
