"""OWL 2 DL structural checks on an RDF graph: every entity declared, used as what it is declared, no illegal puns.

This is the subset of the OWL 2 DL typing constraints (OWL 2 Structural Specification §5.8) that
Protégé edits most often break. It reads the RDF mapping directly, so it reports problems by IRI
before a reasoner gets a chance to choke on them.
"""

from collections import defaultdict
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

RESERVED_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))

CLASS, OBJECT, DATA, ANNOTATION, DATATYPE = "class", "object property", "datatype property", "annotation property", "datatype"
PROPERTY_KINDS = (OBJECT, DATA, ANNOTATION)

_DECLARATION_TYPES = {
    OWL.Class: CLASS,
    OWL.ObjectProperty: OBJECT,
    OWL.DatatypeProperty: DATA,
    OWL.AnnotationProperty: ANNOTATION,
    RDFS.Datatype: DATATYPE,
}

#: the OWL 2 datatype map (plus rdf:langString, the RDF 1.1 name of language-tagged strings)
OWL2_DATATYPES = frozenset(
    [RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, OWL.real, OWL.rational]
    + [
        XSD[name]
        for name in """decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long
        int short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString
        token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp""".split()
    ]
)

BUILT_INS = {
    OWL.Thing: CLASS,
    OWL.Nothing: CLASS,
    OWL.topObjectProperty: OBJECT,
    OWL.bottomObjectProperty: OBJECT,
    OWL.topDataProperty: DATA,
    OWL.bottomDataProperty: DATA,
    **{iri: ANNOTATION for iri in (
        RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated, OWL.versionInfo,
        OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
    )},
    **{iri: DATATYPE for iri in OWL2_DATATYPES},
}

#: predicates whose meaning is structural: checked by position, never "declared"
_STRUCTURAL = {RDF.type, RDF.first, RDF.rest}


@dataclass(frozen=True)
class StructureProblem:
    """One violation: the IRI at fault and what is wrong with it."""

    term: str
    message: str


def _reserved(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(RESERVED_NAMESPACES)


class _Checker:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.problems: dict[tuple[str, str], StructureProblem] = {}
        self.declared: dict[URIRef, set[str]] = defaultdict(set)
        for rdf_type, kind in _DECLARATION_TYPES.items():
            for subject in graph.subjects(RDF.type, rdf_type):
                if isinstance(subject, URIRef):
                    self.declared[subject].add(kind)
        self.individuals = {
            s for s, o in graph.subject_objects(RDF.type)
            if isinstance(s, URIRef) and (o == OWL.NamedIndividual or not _reserved(o))
        }

    def report(self, term, message: str) -> None:
        self.problems.setdefault((str(term), message), StructureProblem(str(term), message))

    def kinds(self, node) -> set[str]:
        if node in BUILT_INS:
            return {BUILT_INS[node]}
        return self.declared.get(node, set())

    def expect(self, node, kind: str, where: str) -> None:
        """`node` is used as a `kind` (in the role `where`): it must be declared as one."""
        if not isinstance(node, URIRef):
            return
        kinds = self.kinds(node)
        if kind in kinds:
            return
        if kinds:
            self.report(node, f"used as {_a(kind)} ({where}) but declared as {' and '.join(sorted(kinds))}")
        elif _reserved(node) and kind == DATATYPE:
            self.report(node, f"used as a datatype ({where}) but not in the OWL 2 datatype map")
        elif _reserved(node):
            self.report(node, f"reserved IRI used as {_a(kind)} ({where}); it is not one in OWL 2")
        else:
            self.report(node, f"used as {_a(kind)} ({where}) but not declared (add `a {_DECLARE_AS[kind]}`)")

    def property_kind(self, node) -> str | None:
        kinds = self.kinds(node) & set(PROPERTY_KINDS)
        return next(iter(kinds)) if len(kinds) == 1 else None

    def check_puns(self) -> None:
        for iri, kinds in self.declared.items():
            properties = kinds & set(PROPERTY_KINDS)
            if len(properties) > 1:
                self.report(iri, f"illegal pun: declared both {' and '.join(sorted(properties))} (OWL 2 DL forbids it)")
            if CLASS in kinds and DATATYPE in kinds:
                self.report(iri, "illegal pun: declared both a class and a datatype (OWL 2 DL forbids it)")
            if CLASS in kinds and properties:
                self.report(
                    iri,
                    f"pun: declared both a class and an {' and '.join(sorted(properties))}; "
                    "owlready2 and other tools reject it, so this ontology does not allow it",
                )
            if iri in BUILT_INS and kinds - {BUILT_INS[iri]}:
                self.report(iri, f"built-in {BUILT_INS[iri]} redeclared as {' and '.join(sorted(kinds - {BUILT_INS[iri]}))}")
            elif _reserved(iri) and iri not in BUILT_INS:
                self.report(iri, "reserved IRI (rdf:, rdfs:, owl:, xsd:) declared as an entity")

    def list_items(self, head) -> list:
        try:
            return list(Collection(self.graph, head))
        except (AttributeError, TypeError, ValueError):
            self.report(str(head), "malformed RDF list")
            return []

    def is_data_restriction(self, restriction) -> bool:
        return any(DATA in self.kinds(p) for p in self.graph.objects(restriction, OWL.onProperty))

    def check_class_axioms(self) -> None:
        g = self.graph
        for s, o in g.subject_objects(RDFS.subClassOf):
            self.expect(s, CLASS, "subject of rdfs:subClassOf")
            self.expect(o, CLASS, "object of rdfs:subClassOf")
        for predicate in (OWL.equivalentClass, OWL.disjointWith):
            for s, o in g.subject_objects(predicate):
                kind = DATATYPE if DATATYPE in self.kinds(s) else CLASS
                self.expect(s, kind, f"subject of {_short(predicate)}")
                self.expect(o, kind, f"object of {_short(predicate)}")
        for owner, predicate in ((s, p) for p in (OWL.unionOf, OWL.intersectionOf, OWL.oneOf) for s in g.subjects(p, None)):
            head = g.value(owner, predicate)
            kind = DATATYPE if (owner, RDF.type, RDFS.Datatype) in g else CLASS
            if predicate == OWL.oneOf:
                continue
            for item in self.list_items(head):
                self.expect(item, kind, f"member of {_short(predicate)}")
        for s, o in g.subject_objects(OWL.complementOf):
            self.expect(o, CLASS, "object of owl:complementOf")
        for predicate in (OWL.members, OWL.disjointUnionOf):
            for owner, head in g.subject_objects(predicate):
                if (owner, RDF.type, OWL.AllDisjointClasses) in g or predicate == OWL.disjointUnionOf:
                    for item in self.list_items(head):
                        self.expect(item, CLASS, f"member of {_short(predicate)}")
        for restriction, filler in (
            (s, o) for p in (OWL.someValuesFrom, OWL.allValuesFrom) for s, o in g.subject_objects(p)
        ):
            kind = DATATYPE if self.is_data_restriction(restriction) else CLASS
            self.expect(filler, kind, "filler of a restriction")
        for s, o in g.subject_objects(OWL.onClass):
            self.expect(o, CLASS, "object of owl:onClass")
        for s, o in g.subject_objects(OWL.onDataRange):
            self.expect(o, DATATYPE, "object of owl:onDataRange")
        for s, o in g.subject_objects(OWL.onProperty):
            if not (self.kinds(o) & {OBJECT, DATA}):
                self.expect(o, OBJECT, "object of owl:onProperty")

    def check_property_axioms(self) -> None:
        g = self.graph
        for s, o in g.subject_objects(RDFS.domain):
            kind = self.property_kind(s)
            if kind is None:
                self.expect(s, OBJECT, "subject of rdfs:domain")
            elif kind != ANNOTATION:
                self.expect(o, CLASS, "object of rdfs:domain")
        for s, o in g.subject_objects(RDFS.range):
            kind = self.property_kind(s)
            if kind is None:
                self.expect(s, OBJECT, "subject of rdfs:range")
            elif kind == OBJECT:
                self.expect(o, CLASS, f"range of object property {_short(s)}")
            elif kind == DATA:
                self.expect(o, DATATYPE, f"range of datatype property {_short(s)}")
        for predicate in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.propertyDisjointWith):
            for s, o in g.subject_objects(predicate):
                kind = self.property_kind(s)
                if kind is None:
                    self.expect(s, OBJECT, f"subject of {_short(predicate)}")
                else:
                    self.expect(o, kind, f"object of {_short(predicate)} with {kind} {_short(s)}")
        for s, o in g.subject_objects(OWL.inverseOf):
            self.expect(s, OBJECT, "subject of owl:inverseOf")
            self.expect(o, OBJECT, "object of owl:inverseOf")

    def check_assertions(self) -> None:
        for s, p, o in self.graph:
            if p in _STRUCTURAL or _reserved(p) and p not in BUILT_INS:
                continue
            kinds = self.kinds(p)
            if not kinds & set(PROPERTY_KINDS):
                if kinds:
                    self.report(p, f"used as a property (predicate of a triple) but declared as {' and '.join(sorted(kinds))}")
                else:
                    self.report(p, f"used as a property (on {_short(s)}) but not declared as an object, datatype or annotation property")
                continue
            kind = self.property_kind(p)
            if kind == OBJECT:
                if isinstance(o, Literal):
                    self.report(p, f"object property used with a literal value on {_short(s)}")
                else:
                    self.expect_individual(o, f"object of {_short(p)}")
                self.expect_individual(s, f"subject of {_short(p)}")
            elif kind == DATA:
                if not isinstance(o, Literal):
                    self.report(p, f"datatype property used with a non-literal value on {_short(s)}")
                elif o.datatype is not None and o.datatype not in OWL2_DATATYPES and DATATYPE not in self.kinds(o.datatype):
                    self.report(p, f"value on {_short(s)} has datatype {_short(o.datatype)}, outside the OWL 2 datatype map")
                self.expect_individual(s, f"subject of {_short(p)}")

    def expect_individual(self, node, where: str) -> None:
        if isinstance(node, BNode) or node in self.individuals or node in self.declared:
            return
        self.report(node, f"used as an individual ({where}) but has no type (declare it, or fix the IRI)")

    def run(self) -> list[StructureProblem]:
        self.check_puns()
        self.check_class_axioms()
        self.check_property_axioms()
        self.check_assertions()
        return sorted(self.problems.values(), key=lambda p: (p.term, p.message))


_DECLARE_AS = {
    CLASS: "owl:Class",
    OBJECT: "owl:ObjectProperty",
    DATA: "owl:DatatypeProperty",
    ANNOTATION: "owl:AnnotationProperty",
    DATATYPE: "rdfs:Datatype",
}


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _short(iri) -> str:
    from migkg.ontology.normalize import short_name

    return short_name(iri)


def declarations(graph: Graph) -> dict[URIRef, set[str]]:
    """Every IRI the graph declares, with the kinds it is declared as (class, object property...)."""
    return dict(_Checker(graph).declared)


def check_structure(graph: Graph) -> list[StructureProblem]:
    """The OWL 2 DL typing problems of `graph`, sorted by IRI; empty when there are none."""
    return _Checker(graph).run()
