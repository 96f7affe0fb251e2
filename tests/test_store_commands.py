"""validate, stats and the country table, through the commands."""

import pycountry
import pytest
from click.testing import CliRunner
from pyoxigraph import Literal

from migkg.cli import cli
from migkg.triples.countries import country_quads
from migkg.triples.iris import country_iri
from migkg.triples.namespaces import MKG, RDF, RDFS, SKOS
from migkg.triples.store import COUNTRIES_GRAPH, GraphStore

GOOD = """@prefix mkg: <https://w3id.org/migkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://example.org/id/action/a1> a mkg:Action ;
    dcterms:title "Burundi III: Border Management"@en ;
    rdfs:label "Burundi III: Border Management"@en ;
    mkg:startDate "2014-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
"""
# an Action without its title, and with a partner that is no organisation
BROKEN = """@prefix mkg: <https://w3id.org/migkg/ontology#> .
<https://example.org/id/action/a2> a mkg:Action ;
    mkg:partner <https://example.org/id/place/somewhere> ;
    mkg:startDate "2014-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
<https://example.org/id/place/somewhere> a mkg:Place .
"""


@pytest.fixture
def store_with(tmp_path):
    def make(**documents):
        corpus = tmp_path / "corpus"
        corpus.mkdir(exist_ok=True)
        for name, text in documents.items():
            (corpus / f"{name}.ttl").write_text(text, encoding="utf-8")
        store = str(tmp_path / "store")
        result = CliRunner().invoke(cli, ["build", str(corpus), "--store", store])
        assert result.exit_code == 0, result.output
        return store

    return make


def test_validate_reports_a_broken_document(store_with):
    store = store_with(good=GOOD, broken=BROKEN)
    result = CliRunner().invoke(cli, ["validate", "--store", store])
    assert result.exit_code == 1
    report = result.stdout
    assert "Violation: https://example.org/id/action/a2" in report
    assert "path:    http://purl.org/dc/terms/title" in report
    assert "path:    https://w3id.org/migkg/ontology#partner" in report
    assert "in:      https://w3id.org/migkg/id/document/broken" in report
    assert "Violation: https://example.org/id/action/a1" not in report


def test_validate_passes_clean_data_with_given_shapes(store_with, tmp_path):
    store = store_with(good=GOOD)
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix mkg: <https://w3id.org/migkg/ontology#> .
        <https://example.org/shapes/Action> a sh:NodeShape ; sh:targetClass mkg:Action ;
            sh:property [ sh:path <http://purl.org/dc/terms/title> ; sh:minCount 1 ] .
        <https://example.org/shapes/Organization> a sh:NodeShape ;
            sh:targetClass <http://www.w3.org/ns/prov#Activity> ;
            sh:property [ sh:path mkg:startDate ; sh:minCount 1 ] .
        """
    )
    result = CliRunner().invoke(cli, ["validate", "--store", store, "--shapes", str(shapes)])
    assert result.exit_code == 0, result.output
    assert "0 violation(s)" in result.stdout


def test_stats_counts_documents_triples_graphs_and_classes(store_with):
    store = store_with(good=GOOD, broken=BROKEN)
    result = CliRunner().invoke(cli, ["stats", "--store", store])
    assert result.exit_code == 0, result.output
    assert "Documents: 2" in result.stdout
    with GraphStore.open(store, read_only=True) as graph_store:
        assert f"Triples: {len(graph_store)}" in result.stdout
        assert f"Named graphs: {len(graph_store.named_graphs())}" in result.stdout
    lines = {line.split()[0]: int(line.split()[1]) for line in result.stdout.splitlines() if line.startswith("  ")}
    assert lines["mkg:Action"] == 2 and lines["prov:Activity"] >= 2
    assert lines["mkg:Country"] == len(pycountry.countries)


def test_country_table_has_codes_and_labels_in_english_and_french():
    quads = {(q.subject, q.predicate, q.object) for q in country_quads()}
    assert {q.graph_name for q in country_quads()} == {COUNTRIES_GRAPH}
    burundi = country_iri("BI")
    assert (burundi, RDF.type, MKG.Country) in quads
    assert (burundi, MKG.countryCode, Literal("BI")) in quads
    assert (burundi, SKOS.notation, Literal("BDI")) in quads
    assert (burundi, RDFS.label, Literal("Burundi", language="en")) in quads
    germany = country_iri("DE")
    assert (germany, RDFS.label, Literal("Allemagne", language="fr")) in quads
    labels = [(s, o.language) for s, p, o in quads if p == RDFS.label]
    assert len(labels) == 2 * len(pycountry.countries) == len(set(labels))
