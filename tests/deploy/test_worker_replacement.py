"""No request is dropped while gunicorn replaces a worker that reached ``max_requests``.

The production configuration (``deploy/gunicorn.conf.py``) replaces each worker every couple of thousand requests.
gunicorn up to 23 let a stopping ``gthread`` worker accept connections it then closed unanswered, and close the
kept-alive ones under a request already on its way (gunicorn issue #3038): a reset connection, which a browser
shows as an error page and nginx as a 502, and a form posted at that moment never reached the application. It was
seen in the benchmark's sign-ins, which had to be retried. Here clients post, on new connections and on kept-alive
ones, while the workers are replaced many times over; every request must be answered.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.request

from tests.deploy.floor_server import floor_server

REQUESTS = 150  # per client: with 6 clients and 20 requests a worker, some 45 replacements


def _wait_until_serving(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/hello", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def _client(port: int, keep_alive: bool, answered: list[int], failed: list[str]) -> None:
    """Post ``REQUESTS`` forms, on one kept-alive connection (reopened only when the server says it closes it) or
    on a new connection each time, as a browser and a proxy do."""
    connection = None
    for _ in range(REQUESTS):
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("POST", "/hello", body=b"comment=saved",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
            response = connection.getresponse()
            response.read()
            answered.append(response.status)
            if not keep_alive or response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except OSError as error:  # reset, refused, or closed without an answer
            failed.append(f"{'kept-alive' if keep_alive else 'new'} connection: {type(error).__name__}: {error}")
            connection = None


def test_no_request_is_dropped_while_workers_are_replaced(tmp_path):
    log = tmp_path / "gunicorn.log"
    answered: list[int] = []
    failed: list[str] = []
    with floor_server(log, "--workers 2 --threads 2 --max-requests 20 --max-requests-jitter 0") as port:
        _wait_until_serving(port)
        clients = [threading.Thread(target=_client, args=(port, keep_alive, answered, failed))
                   for keep_alive in (True, True, True, False, False, False)]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=120)
    text = log.read_text()
    replacements = len(re.findall(r"Booting worker", text)) - 2
    assert replacements >= 20, text[-2000:]  # the workers were replaced many times meanwhile
    assert "Control socket" not in text  # the server listens only where ``bind`` says (``deploy/gunicorn.conf.py``)
    assert failed == [], f"{len(failed)} of {6 * REQUESTS} requests dropped: {failed[:5]}"
    assert answered == [405] * (6 * REQUESTS)  # each one answered (the floor's page takes no POST)
