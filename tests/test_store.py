"""GraphStore: opening (and refusing) stores, atomic graph replacement, backups, the --store option."""

import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from migkg.cli import cli
from migkg.errors import QuerySyntaxError, StoreError, UsageProblem
from migkg.triples.namespaces import XSD
from migkg.triples.store import GraphStore, default_store_path, open_store

G = NamedNode("https://example.org/g")
H = NamedNode("https://example.org/h")
S = NamedNode("https://example.org/s")
P = NamedNode("https://example.org/p")


def tricky_quads(graph=G) -> list[Quad]:
    blank = BlankNode("b1")
    return [
        Quad(S, P, Literal('quote " backslash \\ newline \n tab \t é', language="fr-be"), graph),
        Quad(S, P, Literal("2010-02", datatype=XSD.gYearMonth), graph),
        Quad(S, P, blank, graph),
        Quad(blank, P, Literal("inner"), graph),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_replace_graphs_round_trips_awkward_terms():
    store = GraphStore.open(None)
    store.replace_graphs([G], tricky_quads())
    stored = list(store.quads(None, None, None, G))
    assert len(stored) == 4
    literal = next(q.object for q in stored if isinstance(q.object, Literal) and q.object.language)
    assert literal.value == 'quote " backslash \\ newline \n tab \t é'
    inner = next(q.object for q in stored if isinstance(q.object, BlankNode))
    assert list(store.quads(inner, P, None, G))


def test_replace_graphs_is_one_transaction():
    """A replacement whose last operation fails leaves the old graph, the other graph and the marker untouched."""
    store = GraphStore.open(None)
    store.replace_graphs([G], [Quad(S, P, Literal("old"), G), Quad(S, P, Literal("marker"), H)])
    before = sorted(map(str, store.quads()))
    with pytest.raises(StoreError, match="nothing of it was written"):
        # LOAD from a port the engine refuses fails at run time, after the DROP and INSERT DATA ran
        store.replace_graphs(
            [G, H], [Quad(S, P, Literal("new"), G)], forget=[(H, S)], then="LOAD <http://127.0.0.1:9/refused.ttl>"
        )
    assert sorted(map(str, store.quads())) == before



def test_blank_nodes_of_two_new_graphs_stay_apart():
    """Two replacements into new graphs with the same blank node label write two blank nodes, as
    INSERT DATA does: the faster path for new graphs must not merge them through the label."""
    store = GraphStore.open(None)
    store.replace_graphs([G], [Quad(BlankNode("x"), P, Literal("first"), G)])
    store.replace_graphs([H], [Quad(BlankNode("x"), P, Literal("second"), H)])
    subjects = {q.subject for q in store.quads(None, P, None, None)}
    assert len(subjects) == 2


def test_a_replacement_into_new_graphs_writes_what_one_into_existing_graphs_writes():
    """New graphs (written by the engine's atomic extend) and existing ones (by a SPARQL update) end alike."""
    quads = [q for q in tricky_quads() if not isinstance(q.subject, BlankNode) and not isinstance(q.object, BlankNode)]
    quads += [Quad(S, P, Literal("in h"), H)]
    fresh, replaced = GraphStore.open(None), GraphStore.open(None)
    fresh.replace_graphs([G, H], quads, forget=[(H, S)])
    replaced.replace_graphs([G], [Quad(S, P, Literal("old"), G)])
    replaced.replace_graphs([G, H], quads, forget=[(H, S)])
    assert sorted(map(str, fresh.quads())) == sorted(map(str, replaced.quads())) == sorted(map(str, quads))
    with pytest.raises(ValueError, match="default graph"):
        fresh.replace_graphs([NamedNode("https://example.org/new")], [Quad(S, P, Literal("x"))])
    assert sorted(map(str, fresh.quads())) == sorted(map(str, quads))

def test_update_syntax_errors_carry_their_position():
    store = GraphStore.open(None)
    with pytest.raises(QuerySyntaxError) as caught:
        store.update("INSERT DATA { GRAPH <https://example.org/g> { <a> <b> } }")
    assert caught.value.line is not None


def test_a_directory_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not a migkg store"):
        GraphStore.open(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "not a store"
    file = tmp_path / "notes.txt"
    with pytest.raises(StoreError, match="is a file"):
        GraphStore.open(file)


def test_read_only_open_of_a_missing_store_says_to_build(tmp_path):
    with pytest.raises(StoreError, match="migkg build"):
        GraphStore.open(tmp_path / "missing", read_only=True)


def test_a_store_another_process_holds_is_refused_and_kept(tmp_path):
    path = tmp_path / "store"
    with GraphStore.open(path) as store:
        store.replace_graphs([G], tricky_quads())
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('ready', flush=True); sys.stdin.read()",
         str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process"):
            GraphStore.open(path)
        result = CliRunner().invoke(cli, ["build", "--store", str(path), str(tmp_path / "nothing.ttl")])
        assert result.exit_code != 0
        (tmp_path / "doc.ttl").write_text("<https://example.org/x> <https://example.org/y> 1 .")
        result = CliRunner().invoke(cli, ["build", "--store", str(path), str(tmp_path / "doc.ttl")])
        assert result.exit_code == 1
        assert "in use by another process" in result.output
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    with GraphStore.open(path, read_only=True) as store:
        assert len(list(store.quads(None, None, None, G))) == 4


def test_cli_refuses_a_directory_that_is_not_a_store(tmp_path):
    (tmp_path / "data.csv").write_text("a,b\n")
    result = CliRunner().invoke(cli, ["stats", "--store", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a migkg store" in result.output
    assert (tmp_path / "data.csv").read_text() == "a,b\n"


def test_unreachable_remote_store_is_a_store_error():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(StoreError, match="cannot reach"):
        open_store(url)
    result = CliRunner().invoke(cli, ["stats", "--store", url])
    assert result.exit_code == 1
    assert "cannot reach the SPARQL endpoint" in result.output


def test_open_store_defaults_to_the_environment_then_the_default_path(tmp_path, monkeypatch):
    monkeypatch.setenv("MIGKG_STORE", str(tmp_path / "from-env"))
    with open_store(None) as store:
        assert store.path == tmp_path / "from-env"
    monkeypatch.delenv("MIGKG_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_store_path() == tmp_path / "data" / "migkg" / "store"


def test_backup_is_a_store_and_refuses_a_non_empty_target(tmp_path):
    path = tmp_path / "store"
    with GraphStore.open(path) as store:
        store.replace_graphs([G], tricky_quads())
    (tmp_path / "empty").mkdir()
    runner = CliRunner()
    result = runner.invoke(cli, ["backup", str(tmp_path / "empty"), "--store", str(path)])
    assert result.exit_code == 0, result.output
    with GraphStore.open(tmp_path / "empty", read_only=True) as copy:
        assert len(copy) == 4
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    result = runner.invoke(cli, ["backup", str(tmp_path / "full"), "--store", str(path)])
    assert result.exit_code == UsageProblem.exit_code
    assert "not empty" in result.output
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_the_union_copied_into_the_default_graph_is_the_merge_and_named_graphs_stay(tmp_path):
    from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

    x, p = NamedNode("http://example.org/x"), NamedNode("http://example.org/p")
    a, b = NamedNode("http://example.org/graph/a"), NamedNode("http://example.org/graph/b")
    store = GraphStore.open(None)
    store.extend([Quad(x, p, Literal("1"), a), Quad(x, p, Literal("1"), b), Quad(x, p, Literal("2"), a)])
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert next(iter(store.query(count)))["n"].value == "3"  # the union repeats the shared triple
    assert store.materialise_union() is True
    assert store.materialise_union() is False  # once
    assert next(iter(store.query(count)))["n"].value == "2"
    assert next(iter(store.query(count, union=False)))["n"].value == "0"
    assert next(iter(store.query(count, default_graph=[b])))["n"].value == "1"
    assert len(list(store.quads(graph=DefaultGraph()))) == 2
    on_disk = GraphStore.open(tmp_path / "store")
    assert on_disk.materialise_union() is False


def test_queries_naming_no_graph_run_on_the_merge_and_give_what_the_image_gives():
    from pyoxigraph import Literal, NamedNode, Quad

    p, kind = NamedNode("http://example.org/p"), NamedNode("http://example.org/Kind")
    typed = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    store = GraphStore.open(None)
    quads = []
    for index in range(30):  # every document restates the kind of the same two entities
        graph = NamedNode(f"http://example.org/graph/{index}")
        for entity in ("a", "b"):
            quads.append(Quad(NamedNode(f"http://example.org/{entity}"), typed, kind, graph))
        quads.append(Quad(NamedNode(f"http://example.org/item/{index}"), p, NamedNode("http://example.org/a"), graph))
    store.extend(quads)
    join = "SELECT ?e (COUNT(?i) AS ?n) WHERE { ?i <http://example.org/p> ?e . ?e a <http://example.org/Kind> } GROUP BY ?e"
    assert [row["n"].value for row in store.query(join)] == ["900"]  # the union: 30 items x 30 statements
    store.materialise_union()
    assert [row["n"].value for row in store.query(join)] == ["30"]
    # the same join reading the image's default graph, because the text names a graph
    named = join.replace("} GROUP BY", "FILTER NOT EXISTS { GRAPH ?g { ?e <http://example.org/none> ?x } } } GROUP BY")
    assert [row["n"].value for row in store.query(named)] == ["30"]
