"""The shipped ontology modules: every MKG term declared, the concept labels the loaders rely on, resource access."""

import doctest

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import migkg.ontology
from migkg.ontology import GRAPHS, ONTOLOGY_FILES, concepts, find_concept, path, read_text
from migkg.triples.iris import SCHEMES, concept, scheme_iri
from migkg.triples.namespaces import MKG_TERMS, ONTOLOGY_IRI

MKG = ONTOLOGY_IRI + "#"

#: the English preferred labels of every shipped scheme: a contract with the loaders and expected facts
SCHEME_LABELS = {
    "theme": """border management; document security; irregular migration; trafficking in human beings;
        smuggling of migrants; investigation and prosecution; migration and development; diaspora engagement;
        remittances; labour migration; legal migration; free movement; visa policy;
        asylum and international protection; migration legislation; migration policy; migration management;
        migration data; migration and environment; capacity building; human rights;
        protection of vulnerable migrants; return and reintegration; citizenship; integration of migrants;
        regional cooperation""",
    "activity-kind": """fact-finding mission; assessment mission; needs assessment; mission; seminar; workshop;
        training; training of trainers; study visit; information session; conference; drafting session;
        review session; meeting; consultation; knowledge exchange; presentation event; remote support;
        desk review; other""",
    "organisation-kind": """ministry; government agency; international organisation; regional organisation;
        EU institution; civil-society organisation; research centre""",
    "role": "partner; observer; chair; secretariat; implementer; funder; beneficiary; requesting institution",
    "expert-origin": """national administration; international organisation; regional organisation;
        private consultant; academia; civil society""",
    "output-kind": "strategy; policy; action plan; law; handbook; report; curriculum",
    "partnership-kind": "memorandum of understanding; partnership agreement",
    "meeting-kind": "ministerial conference; thematic meeting; senior officials' meeting",
}
SCHEME_CLASSES = {
    "theme": "Theme", "activity-kind": "ActivityKind", "organisation-kind": "OrganisationKind",
    "role": "Role", "expert-origin": "ExpertOriginKind",
}


def _labels(scheme: str) -> list[str]:
    return [label.strip() for label in SCHEME_LABELS[scheme].split(";")]


@pytest.fixture(scope="module")
def core() -> Graph:
    return Graph().parse(data=read_text("migkg.ttl"), format="turtle")


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    return Graph().parse(data=read_text("vocabularies.ttl"), format="turtle")


DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@pytest.mark.parametrize("term", sorted(MKG_TERMS))
def test_every_mkg_term_is_declared(core, term):
    types = set(core.objects(URIRef(MKG + term), RDF.type)) & DECLARATION_TYPES
    assert types, f"mkg:{term} is in MKG_TERMS (migkg/triples/namespaces.py) but not declared in migkg.ttl"


def test_no_undocumented_mkg_terms(core):
    declared = {str(s)[len(MKG):] for t in DECLARATION_TYPES for s in core.subjects(RDF.type, t) if str(s).startswith(MKG)}
    assert declared - MKG_TERMS == set(), "declared in migkg.ttl but missing from MKG_TERMS"


def test_the_four_inverse_pairs(core):
    pairs = [("partOfAction", "hasActivity"), ("mentions", "mentionedIn"), ("secretariat", "secretariatOf"),
             ("hasMeeting", "meetingOf")]
    for a, b in pairs:
        a_iri, b_iri = URIRef(MKG + a), URIRef(MKG + b)
        assert (a_iri, OWL.inverseOf, b_iri) in core or (b_iri, OWL.inverseOf, a_iri) in core, (a, b)


def test_ontology_header(core):
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in core
    assert core.value(header, OWL.versionIRI) is not None
    assert core.value(header, OWL.versionInfo) is not None
    assert not list(core.objects(header, OWL.imports)), "the core imports no external vocabulary"
    languages = {lit.language for lit in core.objects(header, URIRef("http://purl.org/dc/terms/title"))}
    assert languages == {"en", "fr"}


@pytest.mark.parametrize("scheme", sorted(SCHEME_LABELS))
def test_concept_labels_are_exactly_the_contract(vocabularies, scheme):
    wanted = _labels(scheme)
    found = sorted(c.pref_labels["en"] for c in concepts(scheme))
    assert found == sorted(wanted)
    for label in wanted:
        iri = URIRef(concept(scheme, label).value)
        assert (iri, SKOS.prefLabel, Literal(label, lang="en")) in vocabularies, label
        assert (iri, SKOS.inScheme, URIRef(scheme_iri(scheme).value)) in vocabularies, label
        assert any(lit.language == "fr" for lit in vocabularies.objects(iri, SKOS.prefLabel)), label
        assert (iri, RDF.type, SKOS.Concept) in vocabularies
        if scheme in SCHEME_CLASSES:
            assert (iri, RDF.type, URIRef(MKG + SCHEME_CLASSES[scheme])) in vocabularies, label


def test_every_scheme_of_iris_is_shipped():
    assert set(SCHEME_LABELS) == set(SCHEMES)


def test_top_concepts_and_broader(vocabularies):
    for scheme in SCHEMES:
        for item in concepts(scheme):
            iri = URIRef(item.iri)
            is_top = (iri, SKOS.topConceptOf, URIRef(scheme_iri(scheme).value)) in vocabularies
            assert is_top != bool(item.broader), f"{item.iri}: a top concept, or a concept with a broader one"
            for broader in item.broader:
                assert broader.startswith(scheme_iri(scheme).value + "/")
    smuggling = find_concept("theme", "smuggling of migrants")
    assert concept("theme", "irregular migration").value in smuggling.broader


@pytest.mark.parametrize(
    ("scheme", "text", "english"),
    [
        ("theme", "THB", "trafficking in human beings"),
        ("theme", "traite des êtres humains", "trafficking in human beings"),
        ("theme", "  Trafficking  in Human Beings ", "trafficking in human beings"),
        ("theme", "AVRR", "return and reintegration"),
        ("theme", "SOM", "smuggling of migrants"),
        ("theme", "TIP", "trafficking in human beings"),
        ("theme", "IBM", "border management"),
        ("meeting-kind", "SOM", "senior officials' meeting"),
        ("meeting-kind", "senior officials’ meeting", "senior officials' meeting"),
        ("activity-kind", "ToT", "training of trainers"),
        ("partnership-kind", "MoU", "memorandum of understanding"),
        ("organisation-kind", "ONG", "civil-society organisation"),
    ],
)
def test_find_concept_by_any_label(scheme, text, english):
    found = find_concept(scheme, text)
    assert found is not None and found.pref_labels["en"] == english


def test_find_concept_misses_and_rejects_unknown_schemes():
    assert find_concept("theme", "astronomy") is None
    with pytest.raises(ValueError, match="unknown concept scheme"):
        concepts("themes")


def test_iati_role_matches():
    funder = find_concept("role", "funder")
    implementer = find_concept("role", "implementer")
    vocabularies = Graph().parse(data=read_text("vocabularies.ttl"), format="turtle")
    alignments = Graph().parse(data=read_text("alignments.ttl"), format="turtle")
    for item, code in ((funder, "1"), (implementer, "4")):
        matches = list(vocabularies.objects(URIRef(item.iri), SKOS.exactMatch))
        assert len(matches) == 1
        assert str(alignments.value(matches[0], SKOS.notation)) == code


def test_resource_access():
    for name in ONTOLOGY_FILES:
        assert path(name).is_file()
        assert read_text(name).startswith("# Canonical Turtle")
    assert path("ontology") == path("migkg.ttl")
    assert set(GRAPHS) == {"migkg.ttl", "vocabularies.ttl", "alignments.ttl"}
    with pytest.raises(ValueError, match="unknown ontology module"):
        path("nope.ttl")


def test_doctests():
    failures, tests = doctest.testmod(migkg.ontology)
    assert tests > 0 and failures == 0


def test_external_terms_are_declared_not_imported(core):
    for prefix in ("http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/",
                   "http://www.w3.org/ns/oa#", "http://www.w3.org/2004/02/skos/core#"):
        external = {s for t in DECLARATION_TYPES for s in core.subjects(RDF.type, t) if str(s).startswith(prefix)}
        assert external, prefix
        for term in external:
            assert core.value(term, RDFS.isDefinedBy) is not None, term
