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
# gunicorn 25.1+ opens a control socket (``gunicornc``: scale, reload, stop) in the runtime user's home unless told
# not to. Nothing here uses it, and every server on the machine (web, dashboards, the benchmark's) would share its
# default path: off, so that the server listens only where ``bind`` says.
control_socket_disable = True


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


def worker_exit(server, worker) -> None:
    """A worker that ends normally (``max_requests`` reached, or a graceful stop) leaves without tearing the
    interpreter down.

    Python's finalisation deallocates every object the worker holds, those inherited from the master too: each
    refcount it touches copies a shared page, and the whole took about a second of CPU per worker. With
    ``max_requests`` that was paid every couple of thousand requests by every worker (a fifth of the CPU of a
    light page under load). What must happen on the way out still does: the application closes its database
    connections (``before_exit``), ``atexit`` handlers run, logs are flushed. A worker ending with an error exits
    as gunicorn makes it, so the master still sees its exit status (a worker that cannot boot stops the server).
    """
    import atexit
    import logging
    import sys

    ending = sys.exc_info()[1]  # gunicorn calls this hook from a ``finally``: the SystemExit on its way out
    if not isinstance(ending, SystemExit) or ending.code not in (0, None):
        return
    before_exit = getattr(server.app.wsgi(), "extensions", {}).get("before_exit")
    if before_exit is not None:
        before_exit()
    atexit._run_exitfuncs()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
