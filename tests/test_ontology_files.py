"""Generated and normalised files: migkg.owl in sync, owlready2 round trip, canonical Turtle, export formats, HTML docs."""

import json
import random
import re

import owlready2
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from migkg.cli import cli
from migkg.ontology import ONTOLOGY_FILES, OWL_FILE, path, read_text
from migkg.ontology.docs import anchor
from migkg.ontology.export import export, module_graph
from migkg.ontology.normalize import canonical_graph, load_graph, to_canonical_turtle
from migkg.triples.namespaces import MKG_TERMS, ONTOLOGY_IRI


def _without_trailing_slashes(graph: Graph) -> Graph:
    """The documented owlready2 normalisation: its RDF/XML parser drops a trailing '/' from object IRIs."""
    result = Graph()
    for s, p, o in graph:
        if isinstance(o, URIRef) and str(o).endswith("/"):
            o = URIRef(str(o).rstrip("/"))
        result.add((s, p, o))
    return result


# migkg.owl


def test_committed_owl_is_in_sync_with_the_turtle():
    assert isomorphic(load_graph(path(OWL_FILE)), load_graph(path("migkg.ttl"))), (
        "migkg/ontology/migkg.owl is out of date: run "
        "`migkg ontology export --format owl --out migkg/ontology/migkg.owl`"
    )
    assert read_text(OWL_FILE) == export("ontology", "owl"), "migkg.owl is not the exporter's exact output"


def test_owlready2_round_trip(tmp_path):
    world = owlready2.World()
    ontology = world.get_ontology(path(OWL_FILE).as_uri()).load()
    assert world["https://w3id.org/migkg/ontology#Action"] is not None
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert [c for c in world.inconsistent_classes() if c is not owlready2.Nothing] == []
    saved = tmp_path / "saved.owl"
    ontology.save(str(saved), format="rdfxml")
    reloaded = canonical_graph(load_graph(saved))  # canonical: "x"^^xsd:string becomes "x"
    original = canonical_graph(load_graph(path("migkg.ttl")))
    _, only_original, only_reloaded = graph_diff(original, reloaded)
    # the only differences are IRIs that lost their trailing '/' (rdfs:isDefinedBy, the licence)
    assert isomorphic(_without_trailing_slashes(only_original), _without_trailing_slashes(only_reloaded))
    assert all(str(o).endswith("/") for _, _, o in only_original)
    # HermiT added what it inferred: the subclass closure is still intact
    action = URIRef(ONTOLOGY_IRI + "#Action")
    assert (action, RDFS.subClassOf, URIRef(ONTOLOGY_IRI + "#Project")) in reloaded


def test_owlready2_reads_the_ontology_as_n_triples():
    world = owlready2.World()
    data = export("ontology", "nt").encode("utf-8")
    import io

    world.get_ontology("https://w3id.org/migkg/ontology#").load(fileobj=io.BytesIO(data), format="ntriples")
    names = {entity.name for entity in world.classes()} | {entity.name for entity in world.properties()}
    assert {"Action", "partOfAction", "startDate"} <= names


# canonical Turtle


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_shipped_modules_are_canonical(name):
    assert to_canonical_turtle(load_graph(path(name))) == read_text(name), (
        f"migkg/ontology/{name} is not canonical: run `migkg ontology normalize migkg/ontology/{name} --in-place`"
    )


def _reprefixed_shuffled_copy(graph: Graph, seed: int) -> str:
    """The same triples in another order, with other prefixes and xsd:string-typed literals, as Turtle."""
    triples = list(graph)
    random.Random(seed).shuffle(triples)
    other = Graph(bind_namespaces="none")
    other.bind("o", ONTOLOGY_IRI + "#")
    other.bind("k", "http://www.w3.org/2004/02/skos/core#")
    other.bind("w", "http://www.w3.org/2002/07/owl#")
    for s, p, o in triples:
        if isinstance(o, Literal) and o.language is None and o.datatype is None:
            o = Literal(str(o), datatype=XSD.string)
        other.add((s, p, o))
        if p == RDF.type and o == SKOS.Concept:  # as Protégé saves individuals
            other.add((s, RDF.type, OWL.NamedIndividual))
    return other.serialize(format="turtle")


@pytest.mark.parametrize("name", ["migkg.ttl", "vocabularies.ttl"])
def test_reordered_reprefixed_copy_normalises_to_the_same_bytes(tmp_path, name):
    copy = tmp_path / name
    copy.write_text(_reprefixed_shuffled_copy(load_graph(path(name)), seed=7), encoding="utf-8")
    assert copy.read_text(encoding="utf-8") != read_text(name)
    out = tmp_path / "canonical.ttl"
    result = CliRunner().invoke(cli, ["ontology", "normalize", str(copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == read_text(name)


def test_protege_rdfxml_normalises_to_the_canonical_turtle_and_reports_changes(tmp_path):
    graph = load_graph(path("migkg.ttl"))
    graph.remove((URIRef(ONTOLOGY_IRI + "#Law"), SKOS.definition, None))
    graph.add((URIRef(ONTOLOGY_IRI + "#Law"), RDFS.comment, Literal("Adopted or draft.", lang="en")))
    saved = tmp_path / "migkg.owl"
    saved.write_text(graph.serialize(format="xml"), encoding="utf-8")
    target = tmp_path / "migkg.ttl"
    target.write_text(read_text("migkg.ttl"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ontology", "normalize", str(saved), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "1 triple(s) added, 2 removed" in result.output
    assert re.search(r"^\+ .*#Law> .*#comment> \"Adopted or draft.\"@en \.$", result.output, re.M)
    assert re.search(r"^- .*#Law> .*#definition> ", result.output, re.M)
    assert target.read_text(encoding="utf-8") == to_canonical_turtle(graph)


def test_normalize_in_place_and_option_conflict(tmp_path):
    copy = tmp_path / "alignments.ttl"
    copy.write_text(_reprefixed_shuffled_copy(load_graph(path("alignments.ttl")), seed=3), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ontology", "normalize", str(copy), "--in-place"])
    assert result.exit_code == 0, result.output
    assert "0 triple(s) added, 0 removed" in result.output
    assert copy.read_text(encoding="utf-8") == read_text("alignments.ttl")
    clash = CliRunner().invoke(cli, ["ontology", "normalize", str(copy), "--in-place", "--out", str(tmp_path / "x")])
    assert clash.exit_code == 2 and "either --out FILE or --in-place" in clash.output


def test_normalize_rejects_bad_rdf(tmp_path):
    bad = tmp_path / "bad.owl"
    bad.write_text("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><unclosed>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ontology", "normalize", str(bad)])
    assert result.exit_code == 1
    assert "bad.owl: not valid RDF" in result.output


def test_normalize_explains_that_owl_xml_is_not_read(tmp_path):
    owl_xml = tmp_path / "migkg.owx"
    owl_xml.write_text(
        '<?xml version="1.0"?>\n<Ontology xmlns="http://www.w3.org/2002/07/owl#" '
        'ontologyIRI="https://w3id.org/migkg/ontology"/>\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["ontology", "normalize", str(owl_xml)])
    assert result.exit_code == 1
    assert "OWL/XML is not supported" in result.output


# export


@pytest.mark.parametrize("fmt", ["ttl", "owl", "nt", "jsonld"])
def test_export_formats_carry_the_same_triples(tmp_path, fmt):
    out = tmp_path / f"ontology.{fmt}"
    result = CliRunner().invoke(cli, ["ontology", "export", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    parsed = Graph().parse(out, format={"ttl": "turtle", "owl": "xml", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert isomorphic(canonical_graph(parsed), canonical_graph(module_graph("ontology")))
    assert out.read_text(encoding="utf-8") == export("ontology", fmt), "the export is deterministic"


def test_export_all_to_stdout_as_jsonld():
    result = CliRunner().invoke(cli, ["ontology", "export", "--module", "all", "--format", "jsonld"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    ids = {node["@id"] for node in data["@graph"]}
    assert "mkg:Action" in ids and "theme:remittances" in ids


def test_export_rejects_unknown_format():
    result = CliRunner().invoke(cli, ["ontology", "export", "--format", "owl2"])
    assert result.exit_code == 2


# documentation


def test_docs_in_both_languages_list_every_term(tmp_path):
    result = CliRunner().invoke(cli, ["ontology", "docs", "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    english = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    french = (tmp_path / "site" / "fr" / "index.html").read_text(encoding="utf-8")
    vocabularies = load_graph(path("vocabularies.ttl"))
    concepts = {str(c) for c in vocabularies.subjects(RDF.type, SKOS.Concept)}
    for page in (english, french):
        for term in MKG_TERMS:
            assert f'id="{term}"' in page, term
        for concept in concepts:
            assert f'id="{anchor(concept)}"' in page, concept
    assert '<html lang="en">' in english and '<html lang="fr">' in french
    assert "Plan d&#39;action" in french and "Action Plan" in english
    assert "trafficking in human beings" in english and "traite des êtres humains" in french
    assert 'href="fr/index.html"' in english and 'href="../index.html"' in french


def test_docs_show_definitions_in_the_page_language(tmp_path):
    CliRunner().invoke(cli, ["ontology", "docs", "--out", str(tmp_path)])
    french = (tmp_path / "fr" / "index.html").read_text(encoding="utf-8")
    section = french.split('id="Seminar"', 1)[1].split("</section>", 1)[0]
    assert "Séminaire" in section and "Sous-classe de" in section and 'href="#Activity"' in section
