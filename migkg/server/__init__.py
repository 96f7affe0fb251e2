"""The Flask application: SPARQL endpoint, Graph Store, linked-data pages.

`create_app(config=None, *, store=None)` is the factory; `flask --app migkg.server run` finds it.
"""

from importlib import import_module

from flask import Flask

from migkg.triples.store import GraphStore, default_store_path

#: blueprint modules, each exposing `bp`; registered in this order
BLUEPRINT_MODULES = (
    "migkg.server.sparql",
    "migkg.server.graph_store",
    "migkg.server.service",
    "migkg.server.named_queries",
    "migkg.server.pages",
    "migkg.server.ui",
)


def create_app(config: dict | None = None, *, store: GraphStore | None = None) -> Flask:
    """Build the app; `store` overrides the one named by the MIGKG_STORE config key."""
    app = Flask(__name__)
    app.config.from_mapping(
        MIGKG_STORE=str(default_store_path()),
        MIGKG_BASE_IRI=None,
        MIGKG_UPDATE_TOKEN=None,
        MIGKG_TIMEOUT=30.0,
        MIGKG_MAX_ROWS=10000,
        MIGKG_CORS=None,
    )
    app.config.from_prefixed_env("MIGKG")
    if config:
        app.config.update(config)
    app.extensions["migkg"] = store if store is not None else GraphStore.open(app.config["MIGKG_STORE"])
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(module).bp)
    return app


def get_store() -> GraphStore:
    """The store of the current app (inside a request or app context)."""
    from flask import current_app

    return current_app.extensions["migkg"]
