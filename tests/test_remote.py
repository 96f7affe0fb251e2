"""The remote backend against a real Virtuoso: the same corpus gives the same graph as the embedded store."""

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, RdfFormat, parse
from test_build import FEED
from test_build_corpus import canonical, write_corpus
from virtuoso import PASSWORD, USER, virtuoso  # noqa: F401  (the fixture)

from migkg.cli import cli
from migkg.errors import StoreError
from migkg.loaders import extract, iter_sources
from migkg.triples.build import build
from migkg.triples.namespaces import PROV
from migkg.triples.remote import RemoteStore, query_form, update_url_for
from migkg.triples.store import ENTAILMENTS_GRAPH, MANIFEST_GRAPH, GraphStore, open_store

pytestmark = pytest.mark.virtuoso


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("remote-corpus")
    write_corpus(directory, 8)
    for n in range(2):
        (directory / f"feed_{n}.xml").write_text(FEED.format(n=n), encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def credentials():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MIGKG_REMOTE_USER", USER)
        patch.setenv("MIGKG_REMOTE_PASSWORD", PASSWORD)
        yield


@pytest.fixture(scope="module")
def both(virtuoso, corpus, corpus_dir, credentials, tmp_path_factory):  # noqa: F811
    """The corpus and the sample corpus built into an embedded store and into Virtuoso (each document read once)."""
    sources = list(iter_sources([str(corpus), str(corpus_dir)]))
    extractions = {}

    def extract_once(source, **options):
        if source.name not in extractions:
            extractions[source.name] = extract(source, **options)
        return extractions[source.name]

    local = GraphStore.open(tmp_path_factory.mktemp("local") / "store")
    assert build(local, sources, extract=extract_once).ok
    remote = open_store(virtuoso.auth_url)
    report = build(remote, sources, extract=extract_once)
    assert report.ok, [o.error for o in report.outcomes]
    yield local, remote
    local.close()
    remote.close()


def comparable(quads) -> frozenset[str]:
    """Canonical quads without the load timestamps (each build stamps its manifest with its own time)."""
    return canonical(q for q in quads if q.predicate != PROV.generatedAtTime)


def test_same_graphs_as_the_embedded_store(both):
    local, remote = both
    assert remote.virtuoso
    assert set(remote.named_graphs()) == set(local.named_graphs())
    for graph in local.named_graphs():
        expected = comparable(local.quads(None, None, None, graph))
        assert comparable(remote.quads(None, None, None, graph)) == expected, graph
    assert len(remote) == len(local)


def test_union_queries_leave_out_virtuoso_system_graphs(both):
    local, remote = both
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(remote.query(count)))["n"].value) == len(local)
    graphs = {row["g"] for row in remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert graphs == set(local.named_graphs())


def test_results_are_pyoxigraph_objects(both):
    _, remote = both
    ministry = NamedNode("https://example.org/gen/0/thing")
    rows = remote.query("SELECT ?label WHERE { ?x rdfs:label ?label FILTER (lang(?label) = 'fr') }",
                        substitutions={"x": ministry})
    assert isinstance(rows, QuerySolutions)
    assert [row["label"] for row in rows] == [Literal('Chose 0 \u00e9dition "0"', language="fr")]
    assert isinstance(remote.query(f"ASK {{ {ministry} a org:Organization }}"), QueryBoolean)
    assert bool(remote.query(f"ASK {{ GRAPH {ENTAILMENTS_GRAPH} {{ {ministry} a org:Organization }} }}"))
    triples = list(remote.query(f"CONSTRUCT {{ {ministry} ?p ?o }} WHERE {{ {ministry} ?p ?o }}"))
    assert triples and all(t.subject == ministry for t in triples)
    booleans = {row["o"].value for row in remote.query("SELECT ?o WHERE { ?s mkg:ongoing ?o }")}
    assert booleans <= {"true", "false"}


def test_an_unchanged_corpus_is_skipped_on_the_server_too(both, corpus, corpus_dir):
    _, remote = both
    report = build(remote, list(iter_sources([str(corpus), str(corpus_dir)])))
    assert report.ok and {o.status for o in report.outcomes} == {"skipped"}
    assert not report.entailments_recomputed


def test_commands_take_the_endpoint_as_store(both, virtuoso, tmp_path):  # noqa: F811
    local, _ = both
    runner = CliRunner()
    result = runner.invoke(cli, ["stats", "--store", virtuoso.auth_url])
    assert result.exit_code == 0, result.output
    assert f"Triples: {len(local)}" in result.stdout
    graph = NamedNode("https://w3id.org/migkg/id/document/gen-0001")
    result = runner.invoke(cli, ["export", "--store", virtuoso.auth_url, "--format", "nq", "--graph", graph.value])
    assert result.exit_code == 0, result.output
    exported = list(parse(result.stdout_bytes, RdfFormat.N_QUADS))
    assert exported and comparable(exported) == comparable(local.quads(None, None, None, graph))
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://example.org/shapes/S> a sh:NodeShape ; sh:targetClass <https://w3id.org/migkg/ontology#Workshop> ;\n"
        "  sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ; sh:minCount 2 ] .\n"
    )
    result = runner.invoke(cli, ["validate", "--store", virtuoso.auth_url, "--shapes", str(shapes)])
    assert result.exit_code == 1
    assert "Violation: https://example.org/gen/0/part/0" in result.stdout
    assert "Violation: https://example.org/gen/3/thing" not in result.stdout
    result = runner.invoke(cli, ["backup", "somewhere", "--store", virtuoso.auth_url])
    assert result.exit_code == 2 and "export" in result.output


def test_wrong_or_missing_credentials_are_a_clear_store_error(virtuoso, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MIGKG_REMOTE_USER", USER)
    monkeypatch.setenv("MIGKG_REMOTE_PASSWORD", "wrong")
    with pytest.raises(StoreError, match="MIGKG_REMOTE_USER"):
        RemoteStore.open(virtuoso.auth_url)
    monkeypatch.delenv("MIGKG_REMOTE_USER")
    monkeypatch.delenv("MIGKG_REMOTE_PASSWORD")
    public = RemoteStore.open(virtuoso.sparql_url)
    with pytest.raises(StoreError):
        public.update(f"INSERT DATA {{ GRAPH {MANIFEST_GRAPH} {{ <https://example.org/a> <https://example.org/b> 1 }} }}")
    result = CliRunner().invoke(cli, ["build", "--store", virtuoso.auth_url, "nothing-here.ttl"])
    assert result.exit_code != 0


def test_query_form_and_update_url_rules():
    assert query_form("PREFIX a: <x:>\n# comment SELECT\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert update_url_for("http://h:7200/repositories/kg") == "http://h:7200/repositories/kg/statements"
    assert update_url_for("http://h:3030/ds/query") == "http://h:3030/ds/update"
    assert update_url_for("http://h:8890/sparql-auth") == "http://h:8890/sparql-auth"
