"""A build killed with SIGKILL at random moments leaves every document wholly present or wholly absent.

Each run rewrites some documents to a new version, adds new ones, starts the build, and kills it
at a random moment once it works on the documents. New documents take the bulk path
(MIGKG_BULK_LOAD_BYTES=0), changed ones the transactional path. Then, once the store is opened
for writing (which undoes an interrupted bulk load): every graph is exactly one version of its
document (or absent), the manifest's checksum names the version stored, and a document once
stored is never absent again (its old graph is replaced, not dropped then refilled). A second test
kills builds in the middle of bulk-loading one large file.
"""

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pyoxigraph import NamedNode
from test_build_corpus import expected_graphs, stored_graph, write_corpus, write_document

from migkg.errors import StoreError
from migkg.triples import bulk, iris
from migkg.triples.build import BULK_LOAD_BYTES_ENV, entry_iri, read_manifest
from migkg.triples.store import GraphStore

DOCUMENTS = 80
CHANGED_PER_RUN = 15
NEW_PER_RUN = 4
MIN_KILLS = 20
LOOP_SECONDS = 100


#: the `migkg build` command run on its own (the top-level group imports every part, which is slower to start)
BUILD_COMMAND = "import sys; from migkg.triples.cli import build; build(sys.argv[1:], prog_name='migkg build')"


def start_build(corpus: Path, store: Path, *, bulk_bytes: int = 0) -> tuple[subprocess.Popen, threading.Event]:
    """The build command in a subprocess, bulk-loading new RDF files of `bulk_bytes` or more; the
    event fires when it starts on the documents."""
    env = {key: value for key, value in os.environ.items() if key != "MIGKG_STORE"}
    env[BULK_LOAD_BYTES_ENV] = str(bulk_bytes)
    process = subprocess.Popen(
        [sys.executable, "-c", BUILD_COMMAND, str(corpus), "--store", str(store)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    started = threading.Event()

    def watch():
        for line in process.stderr:
            if b"Building" in line:
                started.set()
        started.set()

    threading.Thread(target=watch, daemon=True).start()
    return process, started


def check_whole(store: GraphStore, versions: dict[int, dict[int, tuple[str, dict]]]) -> dict[int, int | None]:
    """Each document's stored version (None when absent); fails on any partial or mixed graph."""
    manifest = read_manifest(store)
    found = {}
    for number, by_version in versions.items():
        graphs = next(iter(by_version.values()))[1].keys()
        sizes = {graph: sum(1 for _ in store.quads(None, None, None, graph)) for graph in graphs}
        if not any(sizes.values()):
            found[number] = None
            continue
        candidates = [v for v, (_, expected) in by_version.items()
                      if all(len(expected[graph]) == size for graph, size in sizes.items())]
        assert candidates, f"document {number} is partly stored: {sorted(sizes.values())}"
        stored = {graph: stored_graph(store, graph) for graph in graphs}
        matches = [v for v in candidates if by_version[v][1] == stored]
        assert matches, f"document {number} is partly stored: {[len(q) for q in stored.values()]}"
        found[number] = matches[0]
        document = iris.mint("document", f"gen_{number:04d}")
        entry = manifest.get(entry_iri(document))
        if entry is not None:
            assert entry.checksum in {by_version[v][0] for v in matches}, f"document {number}: marker of another version"
    return found


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_half_a_document(tmp_path):
    corpus, store_path = tmp_path / "corpus", tmp_path / "store"
    rng = random.Random(20261125)
    current = {number: 0 for number in range(DOCUMENTS)}
    versions: dict[int, dict[int, tuple[str, dict]]] = {n: {} for n in range(DOCUMENTS)}
    repaired = 0

    def record(number: int, path: Path) -> None:
        versions[number][current[number]] = (hashlib.sha256(path.read_bytes()).hexdigest(), expected_graphs(path))

    for number, path in enumerate(write_corpus(corpus, DOCUMENTS)):
        record(number, path)
    kills, runs, deadline = 0, 0, time.monotonic() + LOOP_SECONDS
    present: set[int] = set()
    while kills < MIN_KILLS and time.monotonic() < deadline:
        if runs:
            for number in rng.sample(sorted(current), CHANGED_PER_RUN):
                current[number] += 1
                record(number, write_document(corpus, number, current[number]))
            for number in range(len(current), len(current) + NEW_PER_RUN):
                current[number], versions[number] = 0, {}
                record(number, write_document(corpus, number, 0))
        runs += 1
        process, started = start_build(corpus, store_path)
        started.wait(60)
        threading.Event().wait(rng.uniform(0.0, 1.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(60)
        with GraphStore.open(store_path, read_only=True) as view:
            repaired += bool(bulk.interrupted(view))
        with GraphStore.open(store_path) as store:
            assert not bulk.interrupted(store)
            found = check_whole(store, versions)
        # a replacement is one transaction: a document once stored never disappears, even for a moment
        assert not [n for n in present if found[n] is None]
        present |= {n for n, version in found.items() if version is not None}
    assert kills >= MIN_KILLS, f"only {kills} kills in {runs} runs"
    print(f"{kills} kills in {runs} runs, {repaired} of them in a bulk load")
    finished = subprocess.run([sys.executable, "-m", "migkg", "build", str(corpus), "--store", str(store_path)],
                              capture_output=True, env={k: v for k, v in os.environ.items() if k != "MIGKG_STORE"})
    assert finished.returncode == 0, finished.stderr.decode()
    with GraphStore.open(store_path) as store:
        assert check_whole(store, versions) == current
        assert NamedNode("https://w3id.org/migkg/graph/entailments") in store.named_graphs()


def write_big_nquads(path: Path, statements: int, graphs: int) -> set[NamedNode]:
    """An N-Quads file large enough for the bulk loader; returns its named graphs."""
    with path.open("w", encoding="utf-8") as handle:
        for n in range(statements):
            handle.write(f'<https://example.org/big/{n // 7}> <https://example.org/p{n % 7}> "value {n}" '
                         f'<https://example.org/big/graph/{n % graphs}> .\n')
    return {NamedNode(f"https://example.org/big/graph/{g}") for g in range(graphs)}


def wait_for_load_record(store_path: Path, process: subprocess.Popen, deadline: float) -> bool:
    """Poll read-only views of the store until a bulk load is under way (True) or the build ends (False)."""
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with GraphStore.open(store_path, read_only=True) as view:
                if bulk.interrupted(view):
                    return True
        except (StoreError, RuntimeError):
            pass  # the build has not created the store yet, or is creating it
        threading.Event().wait(0.05)
    return False


@pytest.mark.slow
def test_sigkill_during_a_bulk_load_leaves_no_trace_of_the_file(tmp_path):
    corpus, store_path = tmp_path / "corpus", tmp_path / "store"
    write_corpus(corpus, 3)
    big = corpus / "big.nq"
    graphs = write_big_nquads(big, 200_000, 20)
    assert big.stat().st_size > 4 * 1024 * 1024
    caught = 0
    for _ in range(2):
        process, _ = start_build(corpus, store_path, bulk_bytes=4 * 1024 * 1024)
        if wait_for_load_record(store_path, process, time.monotonic() + 120):
            process.send_signal(signal.SIGKILL)
            caught += 1
        process.wait(120)
        with GraphStore.open(store_path) as store:
            assert not bulk.interrupted(store)
            entry = read_manifest(store).get(entry_iri(iris.mint("document", "big")))
            present = graphs & set(store.named_graphs())
            if entry is None:
                assert not present, "an interrupted bulk load left graphs behind"
            else:
                assert present == graphs and len(store) >= 200_000
    assert caught, "no build was caught in the middle of its bulk load"
    finished = subprocess.run([sys.executable, "-m", "migkg", "build", str(corpus), "--store", str(store_path)],
                              capture_output=True, env={k: v for k, v in os.environ.items() if k != "MIGKG_STORE"})
    assert finished.returncode == 0, finished.stderr.decode()
    with GraphStore.open(store_path) as store:
        assert graphs <= set(store.named_graphs())
        assert store.count(graphs) == 200_000
        assert not bulk.interrupted(store)
