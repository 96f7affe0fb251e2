"""A build killed with SIGKILL at random moments leaves every document wholly present or wholly absent.

Each run rewrites some documents to a new version, starts the build, and kills it at a random
moment once it works on the documents. Then: every graph is exactly one version of its document
(or absent), the manifest's checksum names the version stored, and a document once stored is
never absent again (its old graph is replaced, not dropped then refilled).
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

from migkg.triples.build import entry_iri, read_manifest
from migkg.triples.store import GraphStore
from migkg.triples import iris

DOCUMENTS = 80
CHANGED_PER_RUN = 15
MIN_KILLS = 20
LOOP_SECONDS = 100


#: the `migkg build` command run on its own (the top-level group imports every part, which is slower to start)
BUILD_COMMAND = "import sys; from migkg.triples.cli import build; build(sys.argv[1:], prog_name='migkg build')"


def start_build(corpus: Path, store: Path) -> tuple[subprocess.Popen, threading.Event]:
    """The build command in a subprocess; the event fires when it starts on the documents."""
    env = {key: value for key, value in os.environ.items() if key != "MIGKG_STORE"}
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

    def record(number: int, path: Path) -> None:
        versions[number][current[number]] = (hashlib.sha256(path.read_bytes()).hexdigest(), expected_graphs(path))

    for number, path in enumerate(write_corpus(corpus, DOCUMENTS)):
        record(number, path)
    kills, runs, deadline = 0, 0, time.monotonic() + LOOP_SECONDS
    present: set[int] = set()
    while kills < MIN_KILLS and time.monotonic() < deadline:
        if runs:
            for number in rng.sample(range(DOCUMENTS), CHANGED_PER_RUN):
                current[number] += 1
                record(number, write_document(corpus, number, current[number]))
        runs += 1
        process, started = start_build(corpus, store_path)
        started.wait(60)
        threading.Event().wait(rng.uniform(0.0, 1.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(60)
        with GraphStore.open(store_path) as store:
            found = check_whole(store, versions)
        # a replacement is one transaction: a document once stored never disappears, even for a moment
        assert not [n for n in present if found[n] is None]
        present |= {n for n, version in found.items() if version is not None}
    assert kills >= MIN_KILLS, f"only {kills} kills in {runs} runs"
    finished = subprocess.run([sys.executable, "-m", "migkg", "build", str(corpus), "--store", str(store_path)],
                              capture_output=True, env={k: v for k, v in os.environ.items() if k != "MIGKG_STORE"})
    assert finished.returncode == 0, finished.stderr.decode()
    with GraphStore.open(store_path) as store:
        assert check_whole(store, versions) == current
        assert NamedNode("https://w3id.org/migkg/graph/entailments") in store.named_graphs()
