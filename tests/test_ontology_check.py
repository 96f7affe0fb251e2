"""`migkg ontology check`: passes on the shipped modules, fails naming the term on each kind of defect."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from migkg.cli import cli
from migkg.errors import OntologyError
from migkg.ontology import path
from migkg.ontology.check import OntologyCheckFailed, check
from migkg.ontology.normalize import to_canonical_turtle

MKG = "https://w3id.org/migkg/ontology#"
BROKEN = Path(__file__).parent / "data" / "ontology"


def _failure(*files, reasoner=True) -> OntologyCheckFailed:
    with pytest.raises(OntologyCheckFailed) as caught:
        check(files, reasoner=reasoner)
    return caught.value


def _copy_of_core(tmp_path: Path, edit) -> Path:
    graph = Graph().parse(path("migkg.ttl"))
    edit(graph)
    target = tmp_path / "migkg.ttl"
    target.write_text(to_canonical_turtle(graph), encoding="utf-8")
    return target


def test_shipped_modules_pass_through_the_cli():
    result = CliRunner().invoke(cli, ["ontology", "check"])
    assert result.exit_code == 0, result.output
    assert "ontology check passed" in result.output
    assert "reasoner: HermiT: consistent, 0 unsatisfiable class(es)" in result.output
    counts = {what: int(n) for n, what in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", result.output.splitlines()[-3])}
    assert counts["classes"] >= 50 and counts["concepts"] >= 79 and counts["shapes"] > 5, counts


def test_missing_french_label_names_the_term():
    failure = _failure(BROKEN / "missing-french-label.ttl", reasoner=False)
    problems = [str(p) for p in failure.report.problems]
    assert problems == ["[labels] mkg:FollowUpMission: no rdfs:label in 'fr'"]


def test_removing_a_french_label_from_a_copy_of_the_core_fails(tmp_path):
    copy = _copy_of_core(tmp_path, lambda g: g.remove((URIRef(MKG + "Action"), RDFS.label, Literal("Action", lang="fr"))))
    failure = _failure(copy, reasoner=False)
    assert [str(p) for p in failure.report.problems] == ["[labels] mkg:Action: no rdfs:label in 'fr'"]


def test_missing_concept_definition_in_a_copy_of_the_vocabularies(tmp_path):
    graph = Graph().parse(path("vocabularies.ttl"))
    remittances = URIRef("https://w3id.org/migkg/vocab/theme/remittances")
    for definition in list(graph.objects(remittances, URIRef("http://www.w3.org/2004/02/skos/core#definition"))):
        if definition.language == "fr":
            graph.remove((remittances, None, definition))
    copy = tmp_path / "vocabularies.ttl"
    copy.write_text(to_canonical_turtle(graph), encoding="utf-8")
    failure = _failure(copy, reasoner=False)
    assert [str(p) for p in failure.report.problems] == ["[labels] theme:remittances: no skos:definition in 'fr'"]


def test_undeclared_property_names_the_property():
    failure = _failure(BROKEN / "undeclared-property.ttl")
    messages = [str(p) for p in failure.report.problems]
    assert any(m.startswith("[structure] mkg:fundedBy: ") and "not declared" in m for m in messages), messages
    assert "not run" in failure.report.reasoner


def test_undeclared_property_in_a_copy_of_the_core(tmp_path):
    def use_undeclared(graph):
        graph.add((URIRef(MKG + "Action"), URIRef(MKG + "fundedBy"), URIRef(MKG + "Organisation")))

    failure = _failure(_copy_of_core(tmp_path, use_undeclared), reasoner=False)
    assert any("mkg:fundedBy" in str(p) and "not declared" in str(p) for p in failure.report.problems)


@pytest.mark.slow
def test_unsatisfiable_class_is_reported_by_iri():
    failure = _failure(BROKEN / "unsatisfiable-class.ttl")
    assert [str(p) for p in failure.report.problems] == [
        "[reasoner] mkg:SeminarMission: unsatisfiable class (HermiT: equivalent to owl:Nothing)"
    ]


def test_illegal_pun_names_the_property():
    failure = _failure(BROKEN / "illegal-pun.ttl")
    assert any(
        str(p).startswith("[structure] mkg:coOrganiser: illegal pun: declared both datatype property and object property")
        for p in failure.report.problems
    ), failure.report.text()


def test_class_and_property_pun_is_refused():
    failure = _failure(BROKEN / "class-property-pun.ttl", reasoner=False)
    assert any(str(p).startswith("[structure] mkg:Donor: pun: declared both a class and an object property")
               for p in failure.report.problems)


def test_pun_in_a_copy_of_the_core(tmp_path):
    copy = _copy_of_core(tmp_path, lambda g: g.add((URIRef(MKG + "theme"), RDF.type, OWL.AnnotationProperty)))
    failure = _failure(copy, reasoner=False)
    assert any(str(p).startswith("[structure] mkg:theme: illegal pun") for p in failure.report.problems)


def test_cli_reports_one_line_per_problem_and_exits_1():
    result = CliRunner().invoke(cli, ["ontology", "check", "--no-reasoner", str(BROKEN / "missing-french-label.ttl")])
    assert result.exit_code == 1
    assert "mkg:FollowUpMission: no rdfs:label in 'fr'" in result.output
    assert "ontology check failed: 1 problem(s)" in result.output


def test_unparsable_file_names_the_file(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix mkg: <https://w3id.org/migkg/ontology#> .\nmkg:A a \n", encoding="utf-8")
    with pytest.raises(OntologyError, match="broken.ttl: not valid RDF"):
        check([broken], reasoner=False)


def test_unknown_import_is_reported(tmp_path):
    module = tmp_path / "imports.ttl"
    module.write_text(
        "<https://example.org/o> a <http://www.w3.org/2002/07/owl#Ontology> ;"
        " <http://www.w3.org/2002/07/owl#imports> <https://example.org/elsewhere> .\n",
        encoding="utf-8",
    )
    failure = _failure(module, reasoner=False)
    assert [p.term for p in failure.report.problems] == ["https://example.org/elsewhere"]


def test_shapes_naming_an_undeclared_class_fail(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        path("shapes.ttl").read_text(encoding="utf-8").replace("sh:targetClass mkg:NewsItem", "sh:targetClass mkg:NewsItme"),
        encoding="utf-8",
    )
    failure = _failure(shapes, reasoner=False)
    assert any(str(p).startswith("[shapes] mkg:NewsItme: sh:targetClass names a class") for p in failure.report.problems)


def test_invalid_shacl_is_reported(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix mkg: <https://w3id.org/migkg/ontology#> .\n"
        "mkg:S a sh:NodeShape ; sh:targetClass mkg:Action ; sh:property [ sh:path mkg:startDate ; sh:minCount \"one\" ] .\n",
        encoding="utf-8",
    )
    failure = _failure(shapes, reasoner=False)
    assert any(p.check == "shapes" for p in failure.report.problems)


STRUCTURE_PREFIXES = """
@prefix mkg: <https://w3id.org/migkg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
mkg:A a owl:Class .
mkg:o a owl:ObjectProperty .
mkg:d a owl:DatatypeProperty .
mkg:a a owl:AnnotationProperty .
mkg:x a mkg:A .
"""


@pytest.mark.parametrize(
    ("turtle", "term", "message"),
    [
        ("mkg:A rdfs:subClassOf mkg:Mision .", MKG + "Mision", "used as a class (object of rdfs:subClassOf) but not declared"),
        ("mkg:d rdfs:range xsd:gYear .", "http://www.w3.org/2001/XMLSchema#gYear", "not in the OWL 2 datatype map"),
        ('mkg:x mkg:d "2010"^^xsd:gYear .', MKG + "d", "outside the OWL 2 datatype map"),
        ('mkg:x mkg:o "text" .', MKG + "o", "object property used with a literal value"),
        ("mkg:x mkg:d mkg:x .", MKG + "d", "datatype property used with a non-literal value"),
        ("mkg:x mkg:o mkg:nobody .", MKG + "nobody", "used as an individual (object of mkg:o) but has no type"),
        ("mkg:o rdfs:subPropertyOf mkg:a .", MKG + "a", "used as an object property (object of rdfs:subPropertyOf"),
        ("mkg:o owl:inverseOf mkg:d .", MKG + "d", "used as an object property (object of owl:inverseOf)"),
        ("rdfs:label a owl:ObjectProperty .", "http://www.w3.org/2000/01/rdf-schema#label", "built-in annotation property redeclared"),
        ("mkg:x mkg:unknown mkg:x .", MKG + "unknown", "used as a property (on mkg:x) but not declared"),
        ("mkg:B a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty mkg:d ; owl:someValuesFrom mkg:A ] .",
         MKG + "A", "used as a datatype (filler of a restriction) but declared as class"),
    ],
)
def test_structure_problems_name_the_term(turtle, term, message):
    from migkg.ontology.structure import check_structure

    problems = check_structure(Graph().parse(data=STRUCTURE_PREFIXES + turtle, format="turtle"))
    assert any(p.term == term and message in p.message for p in problems), problems


def test_structure_accepts_the_well_formed_base():
    from migkg.ontology.structure import check_structure

    assert check_structure(Graph().parse(data=STRUCTURE_PREFIXES, format="turtle")) == []


def test_shapes_with_a_broken_sparql_constraint_fail(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        path("shapes.ttl").read_text(encoding="utf-8").replace("SELECT $this ?value WHERE", "SELEC $this ?value WHERE"),
        encoding="utf-8",
    )
    failure = _failure(shapes, reasoner=False)
    assert any(p.check == "shapes" and "SPARQL constraint does not parse" in p.message for p in failure.report.problems)
