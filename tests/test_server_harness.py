"""A real `migkg serve` in a subprocess on a free 127.0.0.1 port, over a tmp store built from Turtle.

Other server test modules import `start_server` and `FIXTURE_TURTLE` from here; the tests in this
file check the harness itself (the command starts, says where, stops cleanly).
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
import requests

TOKEN = "test-token-5f1c"
EX = "http://example.org/"
GRAPH_A = "http://example.org/graph/a"
GRAPH_B = "http://example.org/graph/b"
BULK_GRAPH = "http://example.org/graph/bulk"

FIXTURE_TURTLE = """\
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix mkg: <https://w3id.org/migkg/ontology#> .

<https://w3id.org/migkg/id/action/alpha> a mkg:Action ;
    rdfs:label "Alpha action"@en, "Action alpha"@fr ;
    ex:count 3 ;
    ex:note "a note with \\"quotes\\", a comma\\tand a tab" .
<https://w3id.org/migkg/id/action/beta> a mkg:Action ;
    rdfs:label "Beta action"@en ;
    ex:count 5 .
"""

FIXTURE_TURTLE_B = """\
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix mkg: <https://w3id.org/migkg/ontology#> .

<https://w3id.org/migkg/id/organisation/gamma> a mkg:Organisation ;
    rdfs:label "Gamma"@en ;
    ex:partnerOf <https://w3id.org/migkg/id/action/alpha> .
"""

_BUILD_SCRIPT = """
import sys
import pyoxigraph
from pyoxigraph import NamedNode, Quad, Literal, RdfFormat
from migkg.triples.store import GraphStore

store = GraphStore.open(sys.argv[1])
for graph, path in zip(sys.argv[3::2], sys.argv[4::2]):
    with open(path, "rb") as data:
        quads = [Quad(q.subject, q.predicate, q.object, NamedNode(graph))
                 for q in pyoxigraph.parse(data, RdfFormat.TURTLE)]
    store.extend(quads)
bulk = int(sys.argv[2])
if bulk:
    store.extend(
        Quad(NamedNode(f"http://example.org/item/{i}"), NamedNode("http://example.org/value"),
             Literal(str(i)), NamedNode("http://example.org/graph/bulk"))
        for i in range(bulk)
    )
store.flush()
"""


def command_line(process: psutil.Process) -> str:
    """A process's command line ("" once it has exited)."""
    try:
        return " ".join(process.cmdline())
    except (psutil.ZombieProcess, psutil.NoSuchProcess):
        return ""


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_store(path: Path, graphs: dict[str, str], *, bulk: int = 0) -> Path:
    """A store at `path` with each Turtle text in its named graph, plus `bulk` simple triples (own process)."""
    files = []
    for index, (graph, turtle) in enumerate(graphs.items()):
        source = path.parent / f"{path.name}-{index}.ttl"
        source.write_text(turtle, encoding="utf-8")
        files += [graph, str(source)]
    subprocess.run([sys.executable, "-c", _BUILD_SCRIPT, str(path), str(bulk), *files], check=True)
    return path


class ServerProcess:
    """A running server: its URL, its process, and its stderr so far."""

    def __init__(self, store: Path, *args: str, env: dict | None = None, dev: bool = False):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable, "-c", "from migkg.server.cli import serve; serve()",
            "--store", str(store), "--host", "127.0.0.1", "--port", str(self.port), *args,
        ]
        if dev:
            command.append("--dev")
        self.stderr_lines: list[str] = []
        process_env = {k: v for k, v in os.environ.items() if not k.startswith("MIGKG_")}
        process_env.update(env or {})
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=process_env
        )
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()
        try:
            self.wait_ready()
        except (RuntimeError, requests.RequestException):
            self.stop()
            raise

    def _read_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr_lines.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self.stderr_lines)

    def wait_ready(self, limit: float = 60.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.stderr}")
            try:
                requests.get(self.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
                return
            except (requests.ConnectionError, requests.Timeout):
                threading.Event().wait(0.1)
        raise RuntimeError(f"the server did not answer within {limit} s:\n{self.stderr}")

    def processes(self) -> list[psutil.Process]:
        """The server's process tree (application process, the workers' fork server, query workers)."""
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def fork_server(self) -> psutil.Process:
        """The process the query workers are forked from (`python -m migkg.server.zygote`)."""
        servers = [p for p in self.processes()[1:] if "migkg.server.zygote" in command_line(p)
                   and "migkg.server.zygote" not in command_line(p.parent())]
        assert len(servers) == 1, servers
        return servers[0]

    def query_workers(self) -> list[psutil.Process]:
        """The running query workers (the fork server's children; exited ones not yet collected left out)."""
        return [p for p in self.fork_server().children() if command_line(p)]

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s; then any of its own descendants still running, by pid."""
        try:
            descendants = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            descendants = []
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        _, alive = psutil.wait_procs(descendants, timeout=10)
        for process in alive:
            process.kill()
        self._reader.join(timeout=5)

    def sparql(self, query: str, **kwargs) -> requests.Response:
        """GET /sparql?query=... with optional requests keyword arguments."""
        params = {"query": query, **kwargs.pop("params", {})}
        return requests.get(self.url + "/sparql", params=params, timeout=kwargs.pop("timeout", 30), **kwargs)

    def update(self, update: str, token: str | None = TOKEN, **kwargs) -> requests.Response:
        """POST application/sparql-update with the bearer token."""
        headers = {"Content-Type": "application/sparql-update", **kwargs.pop("headers", {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.post(self.url + "/sparql", data=update.encode(), headers=headers, timeout=30, **kwargs)


def start_server(tmp_path_factory, *args: str, bulk: int = 0, graphs: dict | None = None, **kwargs) -> ServerProcess:
    """Build a fresh store from the fixture graphs and start a server on it."""
    directory = tmp_path_factory.mktemp("server")
    store = build_store(
        directory / "store",
        graphs if graphs is not None else {GRAPH_A: FIXTURE_TURTLE, GRAPH_B: FIXTURE_TURTLE_B},
        bulk=bulk,
    )
    return ServerProcess(store, *args, **kwargs)


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory):
    server = start_server(tmp_path_factory, "--update-token", TOKEN, "--workers", "2")
    yield server
    server.stop()


def test_serve_prints_its_url_and_answers(plain_server):
    assert f"http://127.0.0.1:{plain_server.port}/" in plain_server.stderr
    response = plain_server.sparql("ASK { ?s a <https://w3id.org/migkg/ontology#Action> }")
    assert response.status_code == 200
    assert response.json() == {"head": {}, "boolean": True}


def test_serve_runs_one_application_process_and_its_query_workers(plain_server):
    assert len(plain_server.query_workers()) == 2 + 1  # --workers 2, and a spare
    application = plain_server.fork_server().parent()  # gunicorn's worker process, below its arbiter
    assert application.parent().pid == plain_server.process.pid


def test_access_log_has_a_line_per_request_with_the_query_time_and_never_the_token(plain_server):
    plain_server.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1", params={"marker": "log-probe"})
    plain_server.update("INSERT DATA { GRAPH <http://example.org/graph/log> { <http://example.org/x> <http://example.org/y> 1 } }")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "log-probe" not in plain_server.stderr:
        threading.Event().wait(0.05)
    lines = [line for line in plain_server.stderr.splitlines() if "log-probe" in line]
    assert len(lines) == 1
    assert '"GET /sparql?query=SELECT' in lines[0] and " 200 " in lines[0] and "query=" in lines[0]
    assert TOKEN not in plain_server.stderr


def test_without_a_token_the_server_is_read_only_and_stopping_it_stops_its_workers(tmp_path_factory):
    server = start_server(tmp_path_factory, "--workers", "2")
    try:
        assert "read-only" in server.stderr
        refused = server.update("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", token="anything")
        assert refused.status_code == 403
        assert "no update token is configured" in refused.text
        children = server.processes()[1:]
        assert children
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=15)
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, alive
    finally:
        server.stop()


def test_dev_server_serves_the_same_app(tmp_path_factory):
    server = start_server(tmp_path_factory, "--workers", "1", dev=True)
    try:
        response = server.sparql("SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l",
                                 params={"format": "csv"})
        assert response.status_code == 200
        assert response.text.splitlines()[:2] == ["l", "Action alpha"]
    finally:
        server.stop()
