"""`migkg build --jobs N`: documents read in worker processes give the store a one-process build gives,
failures are reported per document, and a worker that dies stops the build with a clear error and
a consistent store."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from pyoxigraph import BlankNode, Literal

from bench import generate
from migkg.triples.build import read_manifest
from migkg.triples.store import MANIFEST_GRAPH, GraphStore

XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


def run_build(*arguments: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "MIGKG_STORE"}
    return subprocess.run([sys.executable, "-m", "migkg", "build", *arguments], capture_output=True, text=True,
                          env=env, timeout=600)


def stored(store_path: Path) -> set[str]:
    """Every quad but load times and blank nodes (the ontology's, fresh in every build)."""
    store = GraphStore.open(str(store_path))
    try:
        return {
            str(quad) for quad in store.quads()
            if not (isinstance(quad.object, Literal) and quad.object.datatype.value == XSD_DATETIME)
            and not isinstance(quad.subject, BlankNode) and not isinstance(quad.object, BlankNode)
        }
    finally:
        store.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Generated catalogues, feeds and articles, one document no loader reads, and one RDF file."""
    directory = tmp_path_factory.mktemp("corpus")
    generate.documents(9, directory)
    (directory / "broken.txt").write_bytes(b"\x00\x01\x02 not a document \xff\xfe")
    (directory / "extra.nt").write_text('<https://example.org/x> <https://example.org/p> "rdf as it is" .\n')
    return directory


def test_two_workers_store_what_one_process_stores(corpus, tmp_path):
    serial = run_build(str(corpus), "--store", str(tmp_path / "serial"), "--jobs", "1")
    parallel = run_build(str(corpus), "--store", str(tmp_path / "parallel"), "--jobs", "2")
    for completed in (serial, parallel):
        assert completed.returncode == 1, completed.stderr  # the broken document fails the build
        assert "broken.txt" in completed.stderr
        assert "Documents: 10 loaded, 0 skipped, 1 failed" in completed.stdout
    serial_quads, parallel_quads = stored(tmp_path / "serial"), stored(tmp_path / "parallel")
    assert len(serial_quads) > 20_000
    assert serial_quads == parallel_quads
    again = run_build(str(corpus), "--store", str(tmp_path / "parallel"), "--jobs", "2")
    assert "Documents: 0 loaded, 10 skipped, 1 failed" in again.stdout


@pytest.fixture(scope="module")
def forty(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("forty")
    generate.documents(40, directory)
    return directory


@pytest.mark.parametrize("delay", [0.0, 0.7, 1.5])
def test_a_worker_that_dies_stops_the_build_and_leaves_whole_documents(forty, tmp_path, delay):
    """Killed at different moments (reading, or handing a document back), a worker stops the build: never a hang."""
    corpus = forty
    store_path = tmp_path / "store"
    env = {key: value for key, value in os.environ.items() if key != "MIGKG_STORE"}
    build = subprocess.Popen([sys.executable, "-m", "migkg", "build", str(corpus), "--store", str(store_path), "--jobs", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    workers: list[psutil.Process] = []
    forkserver = None
    deadline = time.monotonic() + 120
    while not workers and time.monotonic() < deadline and build.poll() is None:
        for child in psutil.Process(build.pid).children():
            if "forkserver" in " ".join(child.cmdline()):
                forkserver, workers = child, child.children()
        time.sleep(0.05)
    assert workers, "no worker process appeared"
    time.sleep(delay)
    workers[0].send_signal(signal.SIGKILL)
    try:
        _, stderr = build.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        for process in psutil.Process(build.pid).children(recursive=True) + [psutil.Process(build.pid)]:
            process.kill()
        pytest.fail("the build hung after its worker died")
    assert build.returncode == 1
    assert "a loader process died" in stderr and "--jobs 1" in stderr
    store = GraphStore.open(str(store_path))
    try:
        manifest = read_manifest(store)
        recorded = {graph for entry in manifest.values() for graph in entry.graphs}
        documents = {g for g in store.named_graphs() if "/id/document/" in g.value}
        assert documents == {g for g in recorded if "/id/document/" in g.value}  # no graph without its record
        assert len(documents) < 40
        assert store.contains_named_graph(MANIFEST_GRAPH)
    finally:
        store.close()
    leftovers = [p for p in psutil.process_iter(["cmdline"]) if str(store_path) in " ".join(p.info["cmdline"] or [])]
    assert not leftovers
    # the fork server and every worker end too (a worker stuck on the dead one's queue lock used to stay)
    helpers = [forkserver, *forkserver.children(recursive=True)] if forkserver.is_running() else []
    _, alive = psutil.wait_procs(helpers, timeout=10)
    for process in alive:
        process.kill()
    assert not alive, f"left running: {[p.pid for p in alive]}"


def test_the_build_command_offers_jobs():
    completed = run_build("--help")
    assert "--jobs" in completed.stdout
    bad = run_build("--jobs", "0")
    assert bad.returncode == 2 and "--jobs" in bad.stderr


def test_a_build_of_rdf_files_does_not_import_the_loaders(tmp_path):
    """Their rules take most of a second to import, and an RDF file needs none of them."""
    data = tmp_path / "data.nt"
    data.write_text('<https://example.org/x> <https://example.org/p> "o" .\n')
    script = ("import sys; from migkg.triples.cli import build\n"
              "try:\n    build(sys.argv[1:], prog_name='migkg build')\n"
              "except SystemExit:\n    pass\n"
              "print('loaders imported' if 'migkg.loaders.extraction' in sys.modules else 'loaders not imported')")
    completed = subprocess.run([sys.executable, "-c", script, str(data), "--store", str(tmp_path / "store")],
                               capture_output=True, text=True, timeout=120)
    assert "Documents: 1 loaded" in completed.stdout, completed.stderr
    assert completed.stdout.strip().endswith("loaders not imported")


def test_workers_end_when_the_build_is_killed(forty, tmp_path):
    """SIGKILL of the build process (no chance to stop its pool): its fork server and workers end too."""
    env = {key: value for key, value in os.environ.items() if key != "MIGKG_STORE"}
    build = subprocess.Popen([sys.executable, "-m", "migkg", "build", str(forty), "--store", str(tmp_path / "store"),
                              "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    helpers: list[psutil.Process] = []
    deadline = time.monotonic() + 120
    while len(helpers) < 3 and time.monotonic() < deadline and build.poll() is None:
        forkservers = [c for c in psutil.Process(build.pid).children() if "forkserver" in " ".join(c.cmdline())]
        helpers = [forkservers[0], *forkservers[0].children()] if forkservers else []
        time.sleep(0.05)
    assert len(helpers) == 3, "the fork server and two workers did not appear"
    while sum(w.cpu_times().user for w in helpers[1:]) < 0.2 and time.monotonic() < deadline:
        time.sleep(0.05)  # until the workers are reading documents, not only started
    build.kill()
    build.wait(timeout=30)
    _, alive = psutil.wait_procs(helpers, timeout=15)
    for process in alive:
        process.kill()
    assert not alive, f"left running after the build was killed: {[p.pid for p in alive]}"
