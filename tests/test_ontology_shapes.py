"""The SHACL shapes accept data shaped as docs/modelling.md says, and catch what breaks it."""

from functools import cache

import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from migkg.ontology import path

PREFIXES = """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix mkg: <https://w3id.org/migkg/ontology#> .
@prefix id: <https://example.org/kg/id/> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix theme: <https://w3id.org/migkg/vocab/theme/> .
@prefix kind: <https://w3id.org/migkg/vocab/activity-kind/> .
@prefix role: <https://w3id.org/migkg/vocab/role/> .
"""

#: invented data in the shape of docs/modelling.md
WELL_FORMED = PREFIXES + """
id:document a mkg:SourceDocument ; dcterms:source "catalogue.txt" ; dcterms:language "en" ;
    prov:generatedAtTime "2026-01-02T03:04:05Z"^^xsd:dateTime ;
    mkg:checksum "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ;
    mkg:loader "catalogue" ; mkg:loaderVersion "1" .
country:TGO a mkg:Country ; rdfs:label "Togo"@en , "Togo"@fr ; mkg:countryCode "TG" .
id:ministry a mkg:Ministry ; rdfs:label "Ministry of Security"@en ; mkg:country country:TGO .
id:action a mkg:Action ; rdfs:label "Togo II: Border Management"@en ; dcterms:title "Togo II: Border Management"@en ;
    mkg:beneficiary country:TGO ; mkg:sequenceNumber 2 ; mkg:theme theme:border-management ;
    mkg:startDate "2015-03"^^xsd:gYearMonth ; mkg:ongoing true ; mkg:requestedBy id:ministry ;
    mkg:hasActivity id:activity ; mkg:evidence id:evidence .
id:activity a mkg:Seminar ; rdfs:label "seminar"@en ; mkg:partOfAction id:action ; mkg:activityKind kind:seminar ;
    mkg:date "2016-02-10"^^xsd:date ; mkg:startDate "2016-02-10"^^xsd:date ; mkg:endDate "2016-02-12"^^xsd:date ;
    mkg:participantCount 25 ; mkg:planned false .
id:evidence a mkg:Evidence ; mkg:evidenceFor id:action ; mkg:evidenceProperty mkg:startDate ;
    oa:hasSource id:document ; oa:hasSelector id:selector .
id:selector a oa:TextQuoteSelector , oa:TextPositionSelector ; oa:exact "Duration: March 2015 - present" ;
    oa:start 120 ; oa:end 150 .
id:dialogue a mkg:MigrationDialogue ; rdfs:label "Example Process"@en , "Processus exemple"@fr ;
    mkg:secretariat id:ministry ; mkg:membership id:membership .
id:membership a org:Membership ; org:member country:TGO ; org:role role:partner ; org:memberDuring id:period .
id:period mkg:startDate "2006"^^xsd:gYear .
id:mou a mkg:MemorandumOfUnderstanding ; mkg:party id:ministry , country:TGO ;
    mkg:partnershipKind <https://w3id.org/migkg/vocab/partnership-kind/memorandum-of-understanding> ;
    mkg:date "2020-11-19"^^xsd:date ; mkg:areaOfCooperation theme:migration-data , "research"@en .
id:news a mkg:NewsItem ; dcterms:title "Project News: an example"@en ; rdfs:label "Project News: an example"@en ; mkg:link "https://example.org/n"^^xsd:anyURI ;
    dcterms:issued "2019-07-16T10:00:00+02:00"^^xsd:dateTime ; dcterms:language "en" ;
    mkg:sourceDocument id:document ; mkg:mentions id:dialogue .
"""


@cache
def _shapes() -> Graph:
    return Graph().parse(path("shapes.ttl"))


@cache
def _ontology() -> Graph:
    return Graph().parse(path("migkg.ttl"))


def _validate(data: str) -> list[tuple[str, str, str]]:
    """(severity, focus node, message) of every result, from pySHACL over the data and the ontology.

    No inference: SHACL follows rdfs:subClassOf in the data graph, as in the store (see migkg.triples.validate).
    """
    graph = Graph().parse(data=data, format="turtle") + _ontology()
    _, results, _ = pyshacl.validate(graph, shacl_graph=_shapes(), inference="none", advanced=True, allow_warnings=True)
    return sorted(
        (str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[1], str(results.value(r, SH.focusNode)),
         str(results.value(r, SH.resultMessage)))
        for r in results.subjects(SH.resultSeverity, None)
    )


def test_well_formed_data_conforms():
    assert _validate(WELL_FORMED) == []


@pytest.mark.parametrize(
    ("change", "focus", "message"),
    [
        (("mkg:ongoing true", "mkg:ongoing true ; mkg:endDate \"2016\"^^xsd:gYear"), "action",
         "An ongoing Action (mkg:ongoing true) has no mkg:endDate."),
        (('mkg:startDate "2015-03"^^xsd:gYearMonth', 'mkg:startDate "March 2015"'), "action", "mkg:startDate is one date"),
        (('dcterms:title "Togo II: Border Management"@en ;', ""), "action", "An Action has its title"),
        (("mkg:theme theme:border-management", "mkg:theme kind:seminar"), "action", "mkg:theme points to a concept"),
        (("mkg:participantCount 25", 'mkg:participantCount "25"'), "activity", "mkg:participantCount is one"),
        (('mkg:checksum "0123', 'mkg:checksum "X123'), "document", "SHA-256"),
        (('mkg:link "https://example.org/n"^^xsd:anyURI', 'mkg:link <https://example.org/n>'), "news", "mkg:link is one"),
        (("mkg:sourceDocument id:document ;", ""), "news", "links to the mkg:SourceDocument"),
        (("org:role role:partner", "org:role theme:border-management"), "membership", "org:role points to a concept"),
        (('mkg:startDate "2006"^^xsd:gYear', 'mkg:startDate "2006"'), "membership", "The period of a membership"),
    ],
)
def test_broken_data_is_caught(change, focus, message):
    old, new = change
    assert old in WELL_FORMED
    results = _validate(WELL_FORMED.replace(old, new, 1))
    violations = [(f, m) for severity, f, m in results if severity == "Violation"]
    assert any(f.endswith("/" + focus) and message in m for f, m in violations), results


def test_missing_beneficiary_and_start_are_warnings_not_violations():
    data = WELL_FORMED.replace("mkg:beneficiary country:TGO ;", "").replace('mkg:startDate "2015-03"^^xsd:gYearMonth ;', "")
    results = _validate(data)
    assert {severity for severity, _, _ in results} == {"Warning"}
    assert len(results) == 2
