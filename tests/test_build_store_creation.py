"""A store whose creation is killed midway never becomes a directory that cannot be opened.

RocksDB writes CURRENT before the column families and oxigraph's version marker, so a process
killed while creating a store used to leave a directory that looked like a store but failed to
open read-only ("Column family not found", "Inserts are only possible on read-write instances").
"""

import random
import subprocess
import sys
import time

import pytest

from migkg.errors import StoreError
from migkg.triples.store import GraphStore

CREATORS = {
    # how stores were created before: straight into the directory (tests the repair on open)
    "engine": "import sys, pyoxigraph; pyoxigraph.Store(sys.argv[1])",
    # how GraphStore creates them now: whole, then renamed into place
    "graph_store": "import sys; from migkg.triples.store import GraphStore; GraphStore.open(sys.argv[1]).close()",
}


def _run(code: str, path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)
    return time.perf_counter() - started


@pytest.mark.parametrize("creator", sorted(CREATORS))
def test_a_store_killed_while_being_created_opens_read_only_and_for_writing(tmp_path, creator):
    code = CREATORS[creator]
    whole = _run(code, tmp_path / "whole")
    started_only = _run("import sys, pyoxigraph; from migkg.triples import store", tmp_path / "unused")
    rng = random.Random(7)
    outcomes = {"absent": 0, "opened": 0}
    for attempt in range(16):
        path = tmp_path / f"store-{attempt}"
        process = subprocess.Popen([sys.executable, "-c", code, str(path)])
        try:
            process.wait(timeout=rng.uniform(started_only * 0.8, max(whole, started_only) * 1.1))
        except subprocess.TimeoutExpired:
            process.kill()
        process.wait(timeout=30)
        try:
            reader = GraphStore.open(path, read_only=True)
        except StoreError as error:
            assert "there is no store" in str(error), f"attempt {attempt}: {error}"
            outcomes["absent"] += 1
        else:
            assert len(reader) == 0
            reader.close()
            outcomes["opened"] += 1
        with GraphStore.open(path) as writer:
            assert len(writer) == 0
        with GraphStore.open(path, read_only=True) as reader:
            assert len(reader) == 0
    assert outcomes["opened"] > 0, outcomes
    leftovers = [p.name for p in tmp_path.iterdir() if ".creating-" in p.name]
    assert not leftovers or creator == "graph_store", leftovers


def test_a_directory_holding_only_the_first_files_of_a_creation_is_completed_not_refused(tmp_path):
    path = tmp_path / "store"
    path.mkdir()
    for name in ("LOCK", "LOG"):  # what RocksDB writes first, before CURRENT
        (path / name).write_bytes(b"")
    with pytest.raises(StoreError, match="there is no store"):
        GraphStore.open(path, read_only=True)
    with GraphStore.open(path) as store:
        assert len(store) == 0
    with GraphStore.open(path, read_only=True) as store:
        assert len(store) == 0


def test_a_directory_with_other_files_is_still_refused(tmp_path):
    path = tmp_path / "mine"
    path.mkdir()
    (path / "LOCK").write_bytes(b"")
    (path / "notes.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not a migkg store"):
        GraphStore.open(path)
    assert sorted(p.name for p in path.iterdir()) == ["LOCK", "notes.txt"]
