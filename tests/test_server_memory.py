"""Query workers hold a small store in memory on a read-only server, and query it on disk when writes come."""

import pytest
from test_server_harness import TOKEN, start_server

from migkg.server import READ_ONLY_MEMORY_QUADS, create_app
from migkg.triples.store import GraphStore


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({}, READ_ONLY_MEMORY_QUADS),
        ({"MIGKG_UPDATE_TOKEN": "secret"}, 0),
        ({"MIGKG_UPDATE_TOKEN": "secret", "MIGKG_WORKER_MEMORY_QUADS": 5000}, 5000),
        ({"MIGKG_WORKER_MEMORY_QUADS": 0}, 0),
    ],
)
def test_the_engine_is_told_how_large_a_store_to_copy(config, expected):
    app = create_app({"MIGKG_WORKERS": 1, **config}, store=GraphStore.open(None))
    assert app.extensions["migkg.engine"].memory_quads == expected


def _worker_settings(server) -> set[str]:
    return {process.environ().get("MIGKG_WORKER_MEMORY_QUADS") for process in server.query_workers()}


@pytest.mark.parametrize(("args", "expected"), [((), str(READ_ONLY_MEMORY_QUADS)), (("--update-token", TOKEN), "0")])
def test_running_workers_get_the_setting_and_answer(tmp_path_factory, args, expected):
    server = start_server(tmp_path_factory, *args, "--workers", "2")
    try:
        assert _worker_settings(server) == {expected}
        response = server.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/migkg/ontology#Action> }")
        assert response.json()["results"]["bindings"][0]["n"]["value"] == "2"
    finally:
        server.stop()
