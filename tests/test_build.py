"""The build: one graph per document, incremental, atomic, with entailments; and its command."""

import threading

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode
from test_build_corpus import expected_graphs, file_name, stored_graph, write_corpus, write_document

from migkg.cli import cli
from migkg.loaders import iter_sources
from migkg.triples import iris
from migkg.triples.build import build, read_manifest
from migkg.triples.namespaces import MKG
from migkg.triples.store import (
    COUNTRIES_GRAPH,
    ENTAILMENTS_GRAPH,
    MANIFEST_GRAPH,
    ONTOLOGY_GRAPH,
    VOCABULARIES_GRAPH,
    GraphStore,
)

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Generated news</title><link>https://example.org/news</link>
<description>Generated</description><language>en</language>
<item><title>Project News: Workshop {n} on border management</title><link>https://example.org/news/{n}</link>
<description>ICMPD held workshop {n} on border management in Accra, Ghana.</description>
<pubDate>Tue, 16 Jul 2019 10:00:00 +0200</pubDate></item>
</channel></rss>
"""


def sources(directory):
    return list(iter_sources([str(directory)]))


def dataset(store) -> frozenset[str]:
    return frozenset(str(q) for q in store.quads())


@pytest.fixture
def corpus(tmp_path):
    directory = tmp_path / "corpus"
    write_corpus(directory, 12)
    return directory


@pytest.fixture
def built(tmp_path, corpus):
    store = GraphStore.open(tmp_path / "store")
    report = build(store, sources(corpus))
    assert report.ok, [o.error for o in report.outcomes]
    yield store
    store.close()


def test_one_graph_per_document_as_in_the_file(built, corpus):
    for path in sorted(corpus.iterdir()):
        for graph, quads in expected_graphs(path).items():
            assert stored_graph(built, graph) == quads, path
    graphs = set(built.named_graphs())
    assert {ONTOLOGY_GRAPH, VOCABULARIES_GRAPH, COUNTRIES_GRAPH, ENTAILMENTS_GRAPH, MANIFEST_GRAPH} <= graphs


def test_manifest_records_checksum_and_graphs(built, corpus):
    manifest = read_manifest(built)
    path = corpus / file_name(0)
    entries = [e for e in manifest.values() if iris.mint("document", path.stem) in e.graphs]
    assert len(entries) == 1
    import hashlib

    assert entries[0].checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entries[0].loader == "rdf"


def test_entailments_make_plain_sparql_find_superclasses(built):
    # gen 0 is a mkg:Ministry: plain SPARQL over the union finds it as an org:Organization
    ministry = NamedNode("https://example.org/gen/0/thing")
    found = {row["x"] for row in built.query("SELECT DISTINCT ?x WHERE { ?x a org:Organization }")}
    assert ministry in found
    assert bool(built.query(f"ASK {{ {ministry} a prov:Agent }}"))
    # inverse properties: mkg:hasActivity gives mkg:partOfAction
    part = NamedNode("https://example.org/gen/0/part/0")
    assert bool(built.query(f"ASK {{ GRAPH {ENTAILMENTS_GRAPH} {{ {part} mkg:partOfAction ?a }} }}"))
    # subclass closure reaches external superclasses declared in the ontology
    assert bool(built.query(f"ASK {{ GRAPH {ENTAILMENTS_GRAPH} {{ mkg:Ministry rdfs:subClassOf org:Organization }} }}"))
    # nothing any other graph states is repeated in the entailments
    duplicates = built.query(
        f"ASK {{ GRAPH {ENTAILMENTS_GRAPH} {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {ENTAILMENTS_GRAPH}) }}"
    )
    assert not bool(duplicates)


def test_unchanged_rebuild_does_no_work_and_changes_nothing(built, corpus):
    before = dataset(built)
    report = build(built, sources(corpus))
    assert report.ok
    assert {o.status for o in report.outcomes} == {"skipped"}
    assert len(report.with_status("skipped", bundled=False)) == 12
    assert not report.entailments_recomputed and not report.changed
    assert dataset(built) == before


def test_changing_one_document_replaces_only_its_graph(built, corpus):
    graphs = {g: stored_graph(built, g) for g in built.named_graphs()}
    changed = write_document(corpus, 3, 1)
    report = build(built, sources(corpus))
    assert [o.name for o in report.with_status("loaded")] == [str(changed)]
    assert report.entailments_recomputed
    changed_graphs = set(expected_graphs(changed))
    for graph, quads in graphs.items():
        now = stored_graph(built, graph)
        if graph in changed_graphs:
            assert now == expected_graphs(changed)[graph] != quads
        elif graph not in (MANIFEST_GRAPH, ENTAILMENTS_GRAPH):
            assert now == quads, graph


def test_a_rejected_document_is_reported_and_nothing_stored_is_lost(built, corpus):
    broken = corpus / file_name(4)
    kept = stored_graph(built, iris.mint("document", broken.stem))
    broken.write_text("<https://example.org/a> <https://example.org/b> \n this is not RDF\n")
    write_document(corpus, 5, 1)
    report = build(built, sources(corpus))
    failed = report.with_status("failed")
    assert [o.name for o in failed] == [str(broken)]
    assert str(broken) in failed[0].error and ":2" in failed[0].error
    assert report.with_status("loaded")[0].name == str(corpus / file_name(5))
    assert stored_graph(built, iris.mint("document", broken.stem)) == kept


def test_rebuild_drops_graphs_no_source_wrote(built, corpus, tmp_path):
    gone = corpus / file_name(7)
    gone_graphs = set(expected_graphs(gone))
    gone.unlink()
    report = build(built, sources(corpus), rebuild=True)
    assert report.ok and len(report.with_status("loaded", bundled=False)) == 11
    assert not gone_graphs & set(built.named_graphs())
    assert gone_graphs <= set(report.dropped_graphs)


def test_two_sources_with_one_document_iri_fail_clearly(tmp_path):
    write_document(tmp_path / "a", 1, 0)
    write_document(tmp_path / "b", 1, 1)
    store = GraphStore.open(None)
    report = build(store, sources(tmp_path / "a") + sources(tmp_path / "b"), bundled=False)
    assert len(report.with_status("failed")) == 1
    assert "names the same document" in report.with_status("failed")[0].error


def test_documents_go_through_the_loaders_with_checksum_and_evidence(tmp_path):
    directory = tmp_path / "feeds"
    directory.mkdir()
    for n in range(3):
        (directory / f"feed_{n}.xml").write_text(FEED.format(n=n), encoding="utf-8")
    store = GraphStore.open(None)
    report = build(store, sources(directory), bundled=False)
    assert report.ok, [o.error for o in report.outcomes]
    document = iris.mint("document", "feed_1")
    assert document in store.named_graphs()
    checksums = list(store.query(f"SELECT ?c WHERE {{ GRAPH {document} {{ {document} mkg:checksum ?c }} }}"))
    manifest = [e for e in read_manifest(store).values() if document in e.graphs]
    assert len(checksums) == 1 and checksums[0]["c"].value == manifest[0].checksum
    assert all(q.graph_name == document for q in store.quads(None, None, None, document))
    again = build(store, sources(directory), bundled=False)
    assert {o.status for o in again.outcomes} == {"skipped"}


def test_readers_never_see_half_a_document(tmp_path):
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, 20)
    allowed: dict[NamedNode, set[int]] = {}
    for version in (0, 1, 2):
        for path in paths:
            for graph, quads in expected_graphs(write_document(corpus, int(path.stem[4:]), version)).items():
                allowed.setdefault(graph, {0}).add(len(quads))
    write_corpus(corpus, 20, 0)
    store = GraphStore.open(tmp_path / "store")
    done = threading.Event()
    seen: list[tuple[NamedNode, int]] = []

    def read():
        while not done.is_set():
            for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
                if row["g"] in allowed:
                    seen.append((row["g"], int(row["n"].value)))
            done.wait(0.01)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for version in (0, 1, 2):
            write_corpus(corpus, 20, version)
            assert build(store, sources(corpus)).ok
    finally:
        done.set()
        reader.join()
    assert seen, "the reader ran no query during the builds"
    half = [(graph, count) for graph, count in seen if count not in allowed[graph]]
    assert not half


def test_build_command_summary_and_exit_status(tmp_path, corpus):
    runner = CliRunner()
    store = str(tmp_path / "store")
    result = runner.invoke(cli, ["build", str(corpus), "--store", store])
    assert result.exit_code == 0, result.output
    assert "Documents: 12 loaded, 0 skipped, 0 failed" in result.stdout
    assert "mkg:Workshop" in result.stdout and "Entailments: recomputed" in result.stdout
    (corpus / file_name(2)).write_text("@prefix broken")
    result = runner.invoke(cli, ["build", str(corpus), "--store", store])
    assert result.exit_code == 1
    assert "Documents: 0 loaded, 11 skipped, 1 failed" in result.stdout
    assert str(corpus / file_name(2)) in result.stderr


def test_build_command_reads_the_store_from_the_environment(tmp_path, corpus, monkeypatch):
    monkeypatch.setenv("MIGKG_STORE", str(tmp_path / "env-store"))
    result = CliRunner().invoke(cli, ["build", str(corpus / file_name(1))])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env-store" / "CURRENT").exists()
    with GraphStore.open(tmp_path / "env-store", read_only=True) as store:
        assert MKG.Country in {row["c"] for row in store.query("SELECT DISTINCT ?c WHERE { ?x a ?c }")}


def test_default_build_is_the_bundled_sample_corpus(tmp_path, corpus_dir):
    result = CliRunner().invoke(cli, ["build", "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    documents = sorted(p for p in corpus_dir.iterdir() if p.suffix == ".txt")
    assert f"Documents: {len(documents)} loaded, 0 skipped, 0 failed" in result.stdout
    with GraphStore.open(tmp_path / "store", read_only=True) as store:
        graphs = set(store.named_graphs())
        assert {iris.mint("document", p.stem) for p in documents} <= graphs
        assert bool(store.query("ASK { ?action a mkg:Action ; dcterms:title ?title }"))
        assert bool(store.query("ASK { ?x a prov:Activity . ?x a mkg:Action }"))


def test_a_quad_file_may_not_write_into_another_sources_graph(built, tmp_path):
    intruder = tmp_path / "intruder.nq"
    owned = iris.mint("document", "gen_0001")
    intruder.write_text(f"<https://example.org/x> <https://example.org/y> \"z\" {owned} .\n")
    before = stored_graph(built, owned)
    report = build(built, sources(tmp_path / "intruder.nq"), bundled=False)
    assert "belong to other sources" in report.with_status("failed")[0].error
    assert stored_graph(built, owned) == before
