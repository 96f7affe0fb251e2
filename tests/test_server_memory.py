"""Query workers hold a small store in memory on a read-only server, and query it on disk when writes come."""

import threading
import time

import pytest
import requests
from test_server_harness import GRAPH_A, GRAPH_B, TOKEN, command_line, start_server

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


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d FILTER(STR(?b) < STR(?d)) }"


def test_workers_are_forked_from_one_loaded_copy_and_a_killed_fork_server_is_started_again(tmp_path_factory):
    server = start_server(tmp_path_factory, "--workers", "2", "--timeout", "5", bulk=20000)
    try:
        fork_server = server.fork_server()
        workers = server.query_workers()
        assert len(workers) == 2 + 1
        assert {worker.ppid() for worker in workers} == {fork_server.pid}
        fork_server.kill()
        # the workers it forked go on answering
        assert server.sparql("ASK { ?s ?p ?o }").json()["boolean"] is True
        # a query stopped at its deadline is replaced by the spare, and the next spare needs a new fork server
        stopped = server.sparql(SLOW, params={"timeout": "0.5"})
        assert stopped.status_code == 503
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            running = [p for p in server.processes()[1:] if "migkg.server.zygote" in command_line(p)]
            if running and running[0].pid != fork_server.pid and len(server.query_workers()) == 1:
                break
            threading.Event().wait(0.1)
        assert server.fork_server().pid != fork_server.pid
        assert len(server.query_workers()) == 1  # the new spare (the others were forked by the old one)
        answers = [server.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").status_code for _ in range(6)]
        assert answers == [200] * 6
    finally:
        server.stop()


SHARED = "<http://example.org/x> <http://example.org/p> 1 .\n"
ONLY_A = "<http://example.org/y> <http://example.org/p> 2 .\n"


def _count(server, where: str) -> int:
    response = server.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_a_read_only_server_answers_from_the_merge_of_its_graphs(tmp_path_factory):
    """A triple held by two graphs is one triple of the default graph in memory; on disk the union repeats it."""
    graphs = {GRAPH_A: SHARED + ONLY_A, GRAPH_B: SHARED}
    in_memory = start_server(tmp_path_factory, "--workers", "1", graphs=graphs)
    on_disk = start_server(tmp_path_factory, "--workers", "1", "--update-token", TOKEN, graphs=graphs)
    try:
        pattern = "?s <http://example.org/p> ?o"
        assert _count(in_memory, pattern) == 2
        assert _count(on_disk, pattern) == 3
        for server in (in_memory, on_disk):
            assert _count(server, f"GRAPH ?g {{ {pattern} }}") == 3
            assert _count(server, f"GRAPH <{GRAPH_B}> {{ {pattern} }}") == 1
            named = server.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", params={"default-graph-uri": GRAPH_B})
            assert named.json()["results"]["bindings"][0]["n"]["value"] == "1"
            # the store's own default graph stays empty
            default = requests.get(server.url + "/store", params={"default": ""}, timeout=30)
            assert default.status_code in (200, 404)
            assert "example.org/x" not in default.text
    finally:
        in_memory.stop()
        on_disk.stop()
