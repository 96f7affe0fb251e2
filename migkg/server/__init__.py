"""The Flask application: SPARQL endpoint, Graph Store, linked-data pages.

`create_app(config=None, *, store=None)` is the factory; `flask --app migkg.server run` finds it.

Config keys (each also read from the environment variable of the same name; any other
MIGKG_* variable becomes a config key of that name too):

- MIGKG_STORE        store directory (default: $MIGKG_STORE or ~/.local/share/migkg/store)
- MIGKG_BASE_IRI     base of minted IRIs (default https://w3id.org/migkg/)
- MIGKG_UPDATE_TOKEN bearer token for updates and Graph Store writes (none: read-only)
- MIGKG_TIMEOUT      seconds a query may run before it is stopped (30)
- MIGKG_MAX_ROWS     row cap of a query result (10000)
- MIGKG_WORKERS      query worker processes, i.e. queries running at once (twice the CPU count, at least 4)
- MIGKG_CORS         '*' or a comma-separated list of allowed origins (none: no CORS headers)
- MIGKG_MAX_REQUEST  largest request body in bytes, queries and updates (1 MiB)
- MIGKG_MAX_UPLOAD   largest Graph Store upload in bytes (64 MiB)

`get_store()` gives the app's GraphStore; `migkg.server.engine.run_query` runs a query safely.
"""

import os
from importlib import import_module

from typing import TYPE_CHECKING

from migkg.triples.store import GraphStore, default_store_path

#: blueprint modules, each exposing `bp`; registered in this order
BLUEPRINT_MODULES = (
    "migkg.server.sparql",
    "migkg.server.graph_store",
    "migkg.server.service",
    "migkg.server.named_queries",
    "migkg.server.pages",
    "migkg.server.ui",
    "migkg.server.openapi",
)

#: config defaults; each key may also come from the environment
DEFAULTS = {
    "MIGKG_STORE": None,
    "MIGKG_BASE_IRI": None,
    "MIGKG_UPDATE_TOKEN": None,
    "MIGKG_TIMEOUT": 30.0,
    "MIGKG_MAX_ROWS": 10000,
    # more workers than cores: a quick query need not wait behind slow ones; they share the store's memory
    "MIGKG_WORKERS": max(4, 2 * (os.cpu_count() or 2)),
    "MIGKG_CORS": None,
    "MIGKG_MAX_REQUEST": 1024 * 1024,
    "MIGKG_MAX_UPLOAD": 64 * 1024 * 1024,
    # None: copy stores of up to 2 million quads into the workers' memory when the server is
    # read-only (no update token), keep them on disk when it takes writes (each write would mean a new copy)
    "MIGKG_WORKER_MEMORY_QUADS": None,
}

#: the in-memory limit a read-only server uses when MIGKG_WORKER_MEMORY_QUADS is not set
READ_ONLY_MEMORY_QUADS = 2_000_000

_NUMBERS = {"MIGKG_TIMEOUT": float, "MIGKG_MAX_ROWS": int, "MIGKG_WORKERS": int, "MIGKG_MAX_REQUEST": int,
            "MIGKG_MAX_UPLOAD": int, "MIGKG_WORKER_MEMORY_QUADS": int}

#: headers a browser script may read from a cross-origin response
EXPOSED_HEADERS = "X-Migkg-Row-Cap, X-Migkg-Truncated, Location, Server-Timing"


def _memory_quads(config) -> int:
    """How large a store the query workers copy into memory (0: never)."""
    if config.get("MIGKG_WORKER_MEMORY_QUADS") is not None:
        return int(config["MIGKG_WORKER_MEMORY_QUADS"])
    return 0 if config.get("MIGKG_UPDATE_TOKEN") else READ_ONLY_MEMORY_QUADS


def _settings(config: dict | None) -> dict:
    """Defaults, then the environment, then `config`; numbers converted."""
    settings = dict(DEFAULTS)
    settings["MIGKG_STORE"] = str(default_store_path())
    for key, value in os.environ.items():
        if key.startswith("MIGKG_") and value:
            settings[key] = value
    settings.update(config or {})
    for key, kind in _NUMBERS.items():
        if settings.get(key) is not None:
            settings[key] = kind(settings[key])
    return settings


if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict | None = None, *, store: GraphStore | None = None) -> "Flask":
    """Build the app; `store` overrides the one named by the MIGKG_STORE config key.

    Query worker processes start with the first query (or `app.extensions["migkg.engine"].start()`).
    (Flask is imported here, not at the top: query worker processes import this package and start
    faster without it.)
    """
    from flask import Flask

    from migkg.server.engine import QueryEngine
    from migkg.server.errors import register_error_handlers
    from migkg.server.logging import AccessLog

    app = Flask(__name__)
    app.config.update(_settings(config))
    app.config["MAX_CONTENT_LENGTH"] = app.config["MIGKG_MAX_REQUEST"]
    app.extensions["migkg"] = store if store is not None else GraphStore.open(app.config["MIGKG_STORE"])
    engine = QueryEngine(
        app.extensions["migkg"],
        workers=app.config["MIGKG_WORKERS"],
        timeout=app.config["MIGKG_TIMEOUT"],
        max_rows=app.config["MIGKG_MAX_ROWS"],
        memory_quads=_memory_quads(app.config),
    )
    app.extensions["migkg.engine"] = engine
    # first, so that a blueprint's own app-wide handlers (registered after) take precedence
    register_error_handlers(app)
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(module).bp)
    if app.config.get("MIGKG_CORS"):
        _enable_cors(app, app.config["MIGKG_CORS"])
    app.wsgi_app = AccessLog(app.wsgi_app)
    return app


def _enable_cors(app: "Flask", origins: str) -> None:
    """Answer cross-origin requests (and OPTIONS preflights) from `origins` ('*' or a comma list)."""
    from flask import request

    allowed = {o.strip().rstrip("/") for o in str(origins).split(",") if o.strip()}

    @app.after_request
    def _cors(response):
        origin = request.headers.get("Origin")
        if not origin:
            return response
        if "*" in allowed:
            response.headers["Access-Control-Allow-Origin"] = "*"
        elif origin.rstrip("/") in allowed:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.vary.add("Origin")
        else:
            return response
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = request.headers.get(
                "Access-Control-Request-Headers", "Accept, Content-Type, Authorization"
            )
            response.headers["Access-Control-Max-Age"] = "86400"
        return response


def get_store() -> GraphStore:
    """The store of the current app (inside a request or app context)."""
    from flask import current_app

    return current_app.extensions["migkg"]
