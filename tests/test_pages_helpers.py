"""Shared set-up for the pages' tests: a store built from tests/data/pages, the real server on 127.0.0.1."""

import contextlib
import threading
from pathlib import Path

import pyoxigraph
from werkzeug.serving import make_server

from migkg.server import create_app
from migkg.triples.store import GraphStore

PAGES_DATA = Path(__file__).parent / "data" / "pages"


def load_trig(store: GraphStore, path: Path) -> None:
    """Add the quads of a TriG file to the store."""
    store.extend(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG))


def sample_store(path: Path | None = None, *files: str) -> GraphStore:
    """A store (on disk when `path` is given) holding sample.trig and any other files named."""
    store = GraphStore.open(path)
    for name in ("sample.trig", *files):
        load_trig(store, PAGES_DATA / name)
    store.flush()
    return store


@contextlib.contextmanager
def running_server(store: GraphStore, config: dict | None = None):
    """The app over `store`, served over HTTP on a free port of 127.0.0.1; yields its base URL."""
    app = create_app({"TESTING": False, **(config or {})}, store=store)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="migkg-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        engine = app.extensions.get("migkg.engine")
        if engine is not None:
            engine.close()
