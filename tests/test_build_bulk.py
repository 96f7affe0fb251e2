"""The build's bulk path: new RDF files through pyoxigraph's bulk loader, whole or not at all.

MIGKG_BULK_LOAD_BYTES=0 sends every new RDF file down the bulk path, so small generated
documents exercise it; the results are compared with the transactional path on the same files.
"""

import pytest
from pyoxigraph import Literal, NamedNode, Quad
from test_build_corpus import canonical, expected_graphs, stored_graph, write_corpus, write_document

from migkg.errors import UsageProblem
from migkg.loaders import iter_sources
from migkg.triples import bulk, iris
from migkg.triples.build import (
    BULK_LOAD_BYTES_ENV,
    RDF_EXTENSIONS,
    build,
    bulk_load_bytes,
    entry_iri,
    parse_rdf,
    read_manifest,
)
from migkg.triples.store import COUNTRIES_GRAPH, ENTAILMENTS_GRAPH, MANIFEST_GRAPH, GraphStore

P = NamedNode("https://example.org/p")


def sources(*paths):
    return list(iter_sources([str(path) for path in paths]))


def without_timestamps(store) -> dict[NamedNode, frozenset[str]]:
    """Every graph, canonical; the manifest without its load times (each build stamps its own)."""
    graphs = {}
    for graph in store.named_graphs():
        quads = [q for q in store.quads(None, None, None, graph) if not q.predicate.value.endswith("generatedAtTime")]
        graphs[graph] = canonical(quads)
    return graphs


@pytest.fixture
def bulk_everything(monkeypatch):
    monkeypatch.setenv(BULK_LOAD_BYTES_ENV, "0")


def write_nquads(path, lines: list[str]):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def statements(count: int, *, graphs: int, broken_at: int) -> list[str]:
    """`count` statement lines (in `graphs` named graphs, or all in the default graph when 0); line `broken_at` is not RDF."""
    lines = []
    for n in range(count):
        graph = f" <https://example.org/big/graph/{n % graphs}>" if graphs else ""
        lines.append(f'<https://example.org/big/{n}> <https://example.org/p> "value {n}"{graph} .')
    lines[broken_at - 1] = "<https://example.org/broken> this is not RDF ."
    return lines


def test_the_threshold_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(BULK_LOAD_BYTES_ENV, raising=False)
    assert bulk_load_bytes() == 4 * 1024 * 1024
    monkeypatch.setenv(BULK_LOAD_BYTES_ENV, "0")
    assert bulk_load_bytes() == 0
    monkeypatch.setenv(BULK_LOAD_BYTES_ENV, "four")
    with pytest.raises(UsageProblem, match=BULK_LOAD_BYTES_ENV):
        bulk_load_bytes()


def test_bulk_path_gives_the_store_the_transactional_path_gives(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    stores = {}
    for threshold in ("0", str(1 << 40)):
        monkeypatch.setenv(BULK_LOAD_BYTES_ENV, threshold)
        store = GraphStore.open(tmp_path / f"store-{threshold}")
        report = build(store, sources(corpus))
        assert report.ok, [o.error for o in report.outcomes]
        assert any(o.bulk_loaded for o in report.outcomes) == (threshold == "0")
        assert not bulk.interrupted(store)
        stores[threshold] = store
    bulked, transacted = stores["0"], stores[str(1 << 40)]
    for path in sorted(corpus.iterdir()):
        for graph, quads in expected_graphs(path).items():
            assert stored_graph(bulked, graph) == quads, path
    assert without_timestamps(bulked) == without_timestamps(transacted)
    assert len(list(bulked.quads(None, None, None, ENTAILMENTS_GRAPH))) > 100


def test_unchanged_rebuild_skips_and_a_changed_file_is_replaced(tmp_path, bulk_everything):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    store = GraphStore.open(tmp_path / "store")
    assert build(store, sources(corpus)).ok
    again = build(store, sources(corpus))
    assert {o.status for o in again.outcomes} == {"skipped"} and not any(o.bulk_loaded for o in again.outcomes)
    changed = write_document(corpus, 2, 1)
    report = build(store, sources(corpus))
    assert [o.name for o in report.with_status("loaded")] == [str(changed)]
    for graph, quads in expected_graphs(changed).items():
        assert stored_graph(store, graph) == quads


def test_a_quad_file_keeps_its_graphs_and_its_default_graph_goes_to_the_document(tmp_path, bulk_everything):
    path = write_nquads(tmp_path / "quads.nq", [
        '<https://example.org/a> <https://example.org/p> "in the default graph" .',
        '<https://example.org/a> <https://example.org/p> "in g1" <https://example.org/g1> .',
        '<https://example.org/a> <https://example.org/p> <https://example.org/b> <https://example.org/g2> .',
    ])
    store = GraphStore.open(tmp_path / "store")
    report = build(store, sources(path), bundled=False)
    (outcome,) = report.outcomes
    assert outcome.status == "loaded" and outcome.triples == 3
    document = iris.mint("document", "quads")
    assert set(outcome.graphs) == {document, NamedNode("https://example.org/g1"), NamedNode("https://example.org/g2")}
    for graph, quads in expected_graphs(path).items():
        assert stored_graph(store, graph) == quads
    assert read_manifest(store)[entry_iri(document)].graphs == frozenset(outcome.graphs)


@pytest.mark.parametrize("suffix", [".nt", ".nq"])
def test_a_syntax_error_in_a_bulk_loaded_file_leaves_nothing_of_it(tmp_path, bulk_everything, suffix):
    # a quad file's error is met by the first reading (graph names); a triple file's by the bulk loader
    store = GraphStore.open(tmp_path / "store")
    path = write_nquads(tmp_path / f"broken{suffix}", statements(50_000, graphs=5 if suffix == ".nq" else 0,
                                                                  broken_at=49_990))
    before = len(store)
    report = build(store, sources(path), bundled=False)
    (failed,) = report.with_status("failed")
    assert f"{path}:49990" in failed.error
    assert len(store) == before
    assert not bulk.interrupted(store)
    assert iris.mint("document", "broken") not in store.named_graphs()


def test_an_interrupted_bulk_load_is_undone_when_the_store_is_next_opened(tmp_path, bulk_everything):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4)
    store_path = tmp_path / "store"
    store = GraphStore.open(store_path)
    assert build(store, sources(corpus)).ok
    kept = without_timestamps(store)
    # what a build killed during the bulk load of a new TriG file leaves: the record and part of the file
    new = write_document(corpus, 5, 0)
    assert new.suffix == ".trig"
    document = iris.mint("document", new.stem)
    quads = parse_rdf(new.read_bytes(), RDF_EXTENSIONS[new.suffix], name=str(new), graph=document)
    graphs = {q.graph_name for q in quads}
    bulk.begin(store, document, graphs, source=str(new))
    store.extend(quads[: len(quads) // 2])
    store.close()
    store = GraphStore.open(store_path)
    assert not bulk.interrupted(store)
    assert not graphs & set(store.named_graphs())
    assert without_timestamps(store) == kept
    report = build(store, sources(corpus))
    assert [o.name for o in report.with_status("loaded")] == [str(new)]
    for graph, expected in expected_graphs(new).items():
        assert stored_graph(store, graph) == expected


def test_a_build_repairs_a_store_it_did_not_open(bulk_everything, tmp_path):
    store = GraphStore.open(None)
    graph = NamedNode("https://example.org/half")
    bulk.begin(store, graph, [graph], source="half.nt")
    store.extend([Quad(graph, P, Literal("half"), graph)])
    report = build(store, [], bundled=False)
    assert report.repaired_graphs == [graph]
    assert graph not in store.named_graphs() and not bulk.interrupted(store)


def test_a_quad_file_may_not_write_into_a_graph_the_build_itself_loads(tmp_path, bulk_everything):
    path = write_nquads(tmp_path / "countries.nq", [
        f'<https://example.org/x> <https://example.org/p> "y" {COUNTRIES_GRAPH} .',
    ])
    store = GraphStore.open(tmp_path / "store")
    report = build(store, sources(path))
    (failed,) = report.with_status("failed")
    assert "belong to other sources" in failed.error and COUNTRIES_GRAPH.value in failed.error
    assert not list(store.quads(NamedNode("https://example.org/x"), None, None, None))
    assert len(list(store.quads(None, None, None, COUNTRIES_GRAPH))) > 1000


def test_a_graph_with_a_blank_node_name_is_refused(tmp_path, bulk_everything):
    path = write_nquads(tmp_path / "blank.nq", ['<https://example.org/x> <https://example.org/p> "y" _:g .'])
    store = GraphStore.open(tmp_path / "store")
    (failed,) = build(store, sources(path), bundled=False).with_status("failed")
    assert "blank node" in failed.error
    assert len(store) == 0


def test_a_new_file_whose_graph_exists_is_replaced_in_one_transaction(tmp_path, bulk_everything):
    corpus = tmp_path / "corpus"
    path = write_document(corpus, 1, 0)
    document = iris.mint("document", path.stem)
    store = GraphStore.open(tmp_path / "store")
    store.extend([Quad(document, P, Literal("left by someone else"), document)])
    report = build(store, sources(path), bundled=False)
    assert report.ok and not any(o.bulk_loaded for o in report.outcomes)  # not bulk-loaded: the graph was there
    assert stored_graph(store, document) == expected_graphs(path)[document]


def test_the_manifest_holds_no_load_record_after_a_build(tmp_path, bulk_everything):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    store = GraphStore.open(tmp_path / "store")
    assert build(store, sources(corpus)).ok
    assert not bool(store.query(
        f'ASK {{ GRAPH {MANIFEST_GRAPH} {{ ?r ?p ?o FILTER (STRSTARTS(STR(?r), "{bulk.LOAD_RECORD_BASE}")) }} }}'))
    assert len(read_manifest(store)) == 3 + 4  # the documents, the three ontology modules, the country table


def test_compact_compacts_only_a_store_the_build_bulk_loaded_into(tmp_path, bulk_everything):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    store = GraphStore.open(tmp_path / "store")
    report = build(store, sources(corpus), compact=True)
    assert report.ok and report.compacted
    again = build(store, sources(corpus), compact=True)
    assert not again.compacted  # nothing was bulk-loaded: nothing to compact
    assert not build(GraphStore.open(tmp_path / "other"), sources(corpus)).compacted
