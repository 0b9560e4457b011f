"""Production gunicorn settings: `gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'`.

The application keeps no state in its processes, so workers and machines can be added freely.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so that a slow leak can never take a server down.
max_requests = 2000
max_requests_jitter = 200
preload_app = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server) -> None:
    """With ``preload_app`` the application is loaded once in the master: let it compile its templates there too
    (``common.web.warm_up``), so that forked workers share them instead of each compiling them under load.

    Then ``gc.freeze()``: the few hundred thousand objects of the imports and the warm-up are moved out of the
    collector's reach. A full collection in a worker no longer walks them (it cost 18-26 ms on the strategy
    overview), and, not being touched, their memory pages stay shared with the master instead of being copied
    into every worker."""
    application = server.app.wsgi()
    warm_up = getattr(application, "extensions", {}).get("warm_up")
    if warm_up is not None:
        warm_up()
    gc.collect()
    gc.freeze()
