"""Production serving: gunicorn, one application process with threads, query workers beside it.

The store has one writer, so gunicorn runs a single application process (gthread worker):
its threads take requests, its query workers (migkg.server.engine, one process each) run the
queries on every core, and updates run in the application process without waiting for readers.
gunicorn restarts the application process if it dies.

Run it from the command line with `migkg serve`, or from Python:

    from migkg.server.wsgi import serve
    serve({"MIGKG_STORE": "/srv/migkg/store"}, host="127.0.0.1", port=8000)

`gunicorn 'migkg.server.wsgi:application()'` also works (with `--workers 1 --threads 32`).
"""

import logging
import sys
import threading

from gunicorn.app.base import BaseApplication

from migkg.errors import StoreError
from migkg.server import create_app

#: threads of the application process: requests being answered at once (more wait in the backlog)
DEFAULT_THREADS = 32


class _Gunicorn(BaseApplication):
    """gunicorn configured in code, loading the app in its worker process (never before the fork)."""

    def __init__(self, config: dict, options: dict):
        self.app_config = config
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(self.app_config)


#: seconds between heartbeats to gunicorn's arbiter while the query workers start
HEARTBEAT = 1.0


def _start_engine(worker) -> None:
    """gunicorn's post_worker_init hook: start the query engine, telling the arbiter the process is
    alive meanwhile (loading a large store takes longer than the arbiter's timeout).

    :raises StoreError: the store view cannot be loaded (the worker then fails to boot).
    """
    engine = worker.wsgi.extensions["migkg.engine"]
    failure: list[BaseException] = []

    def start() -> None:
        try:
            engine.start()
        except StoreError as error:
            failure.append(error)

    thread = threading.Thread(target=start, name="migkg-engine-start", daemon=True)
    thread.start()
    while thread.is_alive():
        worker.notify()
        thread.join(HEARTBEAT)
    if failure:
        raise failure[0]


def configure_logging() -> None:
    """Access and error lines to stderr (the server's own log; library code only emits records)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    for name in ("migkg.access", "migkg.server", "migkg.server.engine"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        if not logger.handlers:
            logger.addHandler(handler)
        logger.propagate = False


def serve(config: dict, *, host: str = "127.0.0.1", port: int = 8000, threads: int = DEFAULT_THREADS) -> None:
    """Serve the app with gunicorn until stopped (SIGINT/SIGTERM)."""
    configure_logging()
    options = {
        "bind": f"{host}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": threads,
        "worker_connections": 2000,
        "backlog": 2048,
        "timeout": 120,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "limit_request_line": 8190,
        "post_worker_init": _start_engine,
    }
    _Gunicorn(config, options).run()


def application(config: dict | None = None):
    """A WSGI app for an external gunicorn or uWSGI (one process; query workers start with it)."""
    configure_logging()
    app = create_app(config)
    app.extensions["migkg.engine"].start()
    return app
