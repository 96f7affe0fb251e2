"""Crash safety: SIGKILL the server with many writes in flight, and `migkg build` at random moments.

After each kill the store must reopen, hold every write that was acknowledged before the kill,
and hold no half-applied write (an update of N triples is all there or not there at all).
"""

import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph
import pytest
import requests
from pyoxigraph import NamedNode

from bench.soak import LiveServer, build_store
from migkg.triples.namespaces import PROV
from migkg.triples.store import ENTAILMENTS_GRAPH, MANIFEST_GRAPH, GraphStore

TOKEN = "crash-test-token-8d1e4a90c2"
BASE = "http://crash.example.org/"
#: triples per write: large enough that a torn write would show
PER_WRITE = 40
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "migkg" / "sample" / "corpus"

SEED_TURTLE = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<http://crash.example.org/seed> rdfs:label "seed" .
"""


def _triples(graph: str, count: int = PER_WRITE) -> str:
    return "\n".join(f"<{graph}/s{i}> <{BASE}p> \"{i}\" ." for i in range(count))


class Writer:
    """Threads sending updates and Graph Store writes until told to stop; remembers what was acknowledged."""

    def __init__(self, server: LiveServer, rng: random.Random):
        self.server = server
        self.rng = rng
        self.acknowledged: list[str] = []
        self.sent: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def one(self, number: int) -> None:
        while not self.stop.is_set():
            graph = f"{BASE}g/{number}/{len(self.sent)}-{self.rng.random():.12f}"
            with self.lock:
                self.sent.append(graph)
            try:
                if self.rng.random() < 0.5:
                    response = requests.post(
                        self.server.url + "/sparql", timeout=30,
                        data=f"INSERT DATA {{ GRAPH <{graph}> {{ {_triples(graph)} }} }}".encode(),
                        headers={"Content-Type": "application/sparql-update", **self.server.auth()})
                    ok = response.status_code in (200, 204)
                else:
                    response = requests.put(
                        self.server.url + "/store", params={"graph": graph}, timeout=30, data=_triples(graph).encode(),
                        headers={"Content-Type": "application/n-triples", **self.server.auth()})
                    ok = response.status_code in (201, 204)
            except requests.RequestException:
                return  # the server is gone: the write was not acknowledged
            if not ok:
                raise AssertionError(f"a write was refused: {response.status_code} {response.text[:200]}")
            with self.lock:
                self.acknowledged.append(graph)


def _graph_sizes(store_path: Path) -> dict[str, int]:
    with GraphStore.open(store_path, read_only=True) as store:
        sizes: dict[str, int] = {}
        for quad in store.quads(None, None, None, None):
            if isinstance(quad.graph_name, NamedNode) and quad.graph_name.value.startswith(BASE + "g/"):
                sizes[quad.graph_name.value] = sizes.get(quad.graph_name.value, 0) + 1
        return sizes


@pytest.mark.slow
def test_sigkill_during_writes_loses_no_acknowledged_write_and_tears_none(tmp_path):
    store = tmp_path / "store"
    seed = tmp_path / "seed.ttl"
    seed.write_text(SEED_TURTLE)
    assert build_store(store, [str(seed)]).returncode == 0
    rng = random.Random(9)
    acknowledged: list[str] = []
    sent: list[str] = []
    for cycle in range(2):
        server = LiveServer(store, "--workers", "1", token=TOKEN, log_path=tmp_path / f"server-{cycle}.log")
        writer = Writer(server, rng)
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(writer.one, n) for n in range(8)]
            deadline = time.monotonic() + 60
            target = rng.randint(10, 25)
            while len(writer.acknowledged) < target and time.monotonic() < deadline:
                if any(f.done() for f in futures):
                    break
                threading.Event().wait(0.02)
            threading.Event().wait(rng.uniform(0.0, 0.3))
            server.kill()
            writer.stop.set()
            for future in futures:
                future.result()
        assert len(writer.acknowledged) >= target, f"cycle {cycle}: too few writes before the kill"
        acknowledged += writer.acknowledged
        sent += writer.sent

        sizes = _graph_sizes(store)  # reopens the store the killed server held
        lost = [g for g in acknowledged if sizes.get(g) != PER_WRITE]
        assert not lost, f"cycle {cycle}: {len(lost)} acknowledged writes missing or partial, e.g. {lost[0]}"
        torn = {g: n for g, n in sizes.items() if n != PER_WRITE}
        assert not torn, f"cycle {cycle}: half-applied writes: {torn}"
        assert set(sizes) <= set(sent)

    restarted = LiveServer(store, "--workers", "1", token=TOKEN, log_path=tmp_path / "server-final.log")
    try:
        counts = restarted.graph_counts(BASE + "g/")
        assert all(counts[g] == PER_WRITE for g in acknowledged)
        response = restarted.update(f"INSERT DATA {{ GRAPH <{BASE}g/after> {{ {_triples(BASE + 'g/after')} }} }}")
        assert response.status_code in (200, 204), response.text
    finally:
        restarted.stop()


# --- migkg build ------------------------------------------------------------------------------------


def _build_command(store: Path) -> list[str]:
    return [sys.executable, "-m", "migkg", "build", "--store", str(store), str(CORPUS)]


def _comparable(store_path: Path) -> dict[NamedNode, frozenset]:
    """Each graph's triples in canonical form (blank nodes relabelled), load times and bookkeeping left out."""
    graphs: dict[NamedNode, list] = {}
    with GraphStore.open(store_path, read_only=True) as store:
        for quad in store.quads(None, None, None, None):
            if quad.graph_name in (MANIFEST_GRAPH, ENTAILMENTS_GRAPH) or quad.predicate == PROV.generatedAtTime:
                continue
            graphs.setdefault(quad.graph_name, []).append(quad)
    canonical = {}
    for graph, quads in graphs.items():
        dataset = pyoxigraph.Dataset(quads)
        dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
        canonical[graph] = frozenset(dataset)
    return canonical


@pytest.fixture(scope="module")
def reference_build(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("reference") / "store"
    subprocess.run(_build_command(path), capture_output=True, check=False, timeout=300)
    graphs = _comparable(path)
    assert len(graphs) > 5, "the reference build wrote almost nothing"
    return graphs


@pytest.mark.slow
def test_sigkill_of_build_leaves_whole_documents_and_a_rerun_completes(tmp_path, reference_build):
    rng = random.Random(4)
    store = tmp_path / "store"
    for attempt in range(3):
        process = subprocess.Popen(_build_command(store), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        process_finished = threading.Event()
        threading.Thread(target=lambda: (process.wait(), process_finished.set()), daemon=True).start()
        process_finished.wait(rng.uniform(0.5, 3.0))
        process.kill()
        process.wait(timeout=30)
        if not (store / "CURRENT").exists():
            continue  # killed before the store was created
        partial = _comparable(store)
        for graph, quads in partial.items():
            assert graph in reference_build, f"attempt {attempt}: a graph the build never writes: {graph}"
            assert quads == reference_build[graph], (
                f"attempt {attempt}: graph {graph} is partial after the kill "
                f"({len(quads)} of {len(reference_build[graph])} triples)"
            )
    completed = subprocess.run(_build_command(store), capture_output=True, text=True, check=False, timeout=300)
    assert "Traceback" not in completed.stderr, completed.stderr
    assert _comparable(store) == reference_build


def test_first_requests_arriving_together_all_succeed(tmp_path):
    """A fresh server whose first updates and queries come in at once answers every one of them."""
    store = tmp_path / "store"
    seed = tmp_path / "seed.ttl"
    seed.write_text(SEED_TURTLE)
    assert build_store(store, [str(seed)]).returncode == 0
    server = LiveServer(store, "--workers", "2", token=TOKEN, log_path=tmp_path / "server.log")
    try:
        barrier = threading.Barrier(12)

        def write(number: int) -> int:
            graph = f"{BASE}g/together/{number}"
            barrier.wait()
            return server.update(f"INSERT DATA {{ GRAPH <{graph}> {{ {_triples(graph)} }} }}").status_code

        def read(number: int) -> int:
            barrier.wait()
            return server.query(f"SELECT * WHERE {{ ?s ?p ?o FILTER (?o != {number}) }} LIMIT 5").status_code

        with ThreadPoolExecutor(max_workers=12) as pool:
            writes = [pool.submit(write, n) for n in range(8)]
            reads = [pool.submit(read, n) for n in range(4)]
            statuses = [f.result() for f in writes], [f.result() for f in reads]
        assert statuses == ([204] * 8, [200] * 4), f"{statuses}\n{server.output[-3000:]}"
        counts = server.graph_counts(BASE + "g/together/")
        assert sorted(counts.values()) == [PER_WRITE] * 8
    finally:
        server.stop()
