"""`migkg ontology check`: OWL 2 DL structure, HermiT, bilingual labels and definitions, SHACL shapes.

check() returns a CheckReport when every check passes and raises OntologyCheckFailed (an
OntologyError carrying the report) otherwise; each problem names the term at fault.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from migkg.errors import OntologyError
from migkg.ontology import MODULE_IRIS, ONTOLOGY_FILES, OWL_FILE, path, read_text
from migkg.ontology.normalize import load_graph, short_name
from migkg.ontology.reasoner import run_hermit
from migkg.ontology.structure import ANNOTATION, CLASS, DATA, OBJECT, PROPERTY_KINDS, check_structure, declarations
from migkg.triples.iris import SCHEMES, slug
from migkg.triples.namespaces import VOCAB_BASE

LANGUAGES = ("en", "fr")
_OUR_MODULES = frozenset(MODULE_IRIS.values())


@dataclass(frozen=True)
class Problem:
    """One failed check: which check, the term (IRI or file) at fault, and what is wrong."""

    check: str
    term: str
    message: str

    def __str__(self) -> str:
        term = short_name(self.term) if "://" in self.term else self.term
        return f"[{self.check}] {term}: {self.message}"


@dataclass
class CheckReport:
    """The files checked, the problems found, counts of terms, and what the reasoner said."""

    files: tuple[Path, ...]
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    reasoner: str = "not run"

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        """A readable report: one line per problem, then a summary."""
        lines = [str(problem) for problem in self.problems]
        counted = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        lines.append(f"checked {len(self.files)} file(s): {counted}")
        lines.append(f"reasoner: {self.reasoner}")
        verdict = "ontology check passed" if self.ok else f"ontology check failed: {len(self.problems)} problem(s)"
        lines.append(verdict)
        return "\n".join(lines)


class OntologyCheckFailed(OntologyError):
    """At least one check failed; `report` has every problem."""

    def __init__(self, report: CheckReport):
        self.report = report
        super().__init__(report.text())


def shipped_files() -> tuple[Path, ...]:
    """The modules shipped in the package: ontology, vocabularies, alignments, shapes."""
    return tuple(path(name) for name in ONTOLOGY_FILES)


def _is_shapes(graph: Graph) -> bool:
    return any(graph.triples((None, RDF.type, SH.NodeShape))) or any(graph.triples((None, RDF.type, SH.PropertyShape)))


def _resolve_imports(ontology: Graph, problems: list[Problem]) -> None:
    """Add the shipped module of every owl:imports no given file declares; report the others."""
    by_iri = {iri: file for file, iri in MODULE_IRIS.items()}
    done: set = set()
    while True:
        declared = set(ontology.subjects(RDF.type, OWL.Ontology))
        pending = [iri for iri in ontology.objects(None, OWL.imports) if iri not in declared and iri not in done]
        if not pending:
            return
        for iri in pending:
            done.add(iri)
            if str(iri) in by_iri:
                ontology += load_graph(path(by_iri[str(iri)]))
            else:
                problems.append(Problem("imports", str(iri), "owl:imports of an ontology that is neither given nor shipped (nothing is fetched)"))


def _is_external(graph: Graph, term) -> bool:
    defined_by = {str(o) for o in graph.objects(term, RDFS.isDefinedBy)}
    return bool(defined_by) and not defined_by & _OUR_MODULES


def _languages(graph: Graph, term, predicate) -> list[str]:
    return [lit.language for lit in graph.objects(term, predicate) if getattr(lit, "language", None)]


def _concept_classes(graph: Graph) -> set:
    classes = {SKOS.Concept}
    changed = True
    while changed:
        more = {s for c in classes for s in graph.subjects(RDFS.subClassOf, c) if isinstance(s, URIRef)} - classes
        classes |= more
        changed = bool(more)
    return classes


def check_labels(graph: Graph) -> list[Problem]:
    """Every class, property, scheme and concept of ours has a label and a definition in English and French."""
    problems = []
    declared = declarations(graph)
    terms = {t for t, kinds in declared.items() if kinds & {CLASS, *PROPERTY_KINDS}}
    for term in sorted(terms):
        if _is_external(graph, term) or str(term).startswith(("http://www.w3.org/2002/07/owl#", str(RDFS), str(RDF))):
            continue
        problems += _missing(graph, term, RDFS.label, "rdfs:label")
        problems += _missing(graph, term, SKOS.definition, "skos:definition")
    concept_classes = _concept_classes(graph)
    concepts = {s for c in concept_classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
    schemes = {s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)}
    for term in sorted(concepts | schemes):
        if _is_external(graph, term):
            continue
        problems += _missing(graph, term, SKOS.prefLabel, "skos:prefLabel")
        problems += _missing(graph, term, SKOS.definition, "skos:definition")
        for language in LANGUAGES:
            if _languages(graph, term, SKOS.prefLabel).count(language) > 1:
                problems.append(Problem("labels", str(term), f"more than one skos:prefLabel in {language!r}"))
    for term in sorted(concepts):
        problems += _check_concept_iri(graph, term)
    return problems


def _missing(graph: Graph, term, predicate, name: str) -> list[Problem]:
    present = _languages(graph, term, predicate)
    return [
        Problem("labels", str(term), f"no {name} in {language!r}")
        for language in LANGUAGES
        if language not in present
    ]


def _check_concept_iri(graph: Graph, term) -> list[Problem]:
    """A concept of a shipped scheme must have the IRI that iris.concept() mints from its English label."""
    problems = []
    schemes = [str(s) for s in graph.objects(term, SKOS.inScheme)]
    if not schemes:
        return [Problem("labels", str(term), "concept in no scheme (skos:inScheme)")]
    english = [str(lit) for lit in graph.objects(term, SKOS.prefLabel) if getattr(lit, "language", None) == "en"]
    for scheme in schemes:
        name = scheme[len(VOCAB_BASE):] if scheme.startswith(VOCAB_BASE) else None
        if name in SCHEMES and english and str(term) != f"{scheme}/{slug(english[0])}":
            problems.append(Problem(
                "labels", str(term),
                f"IRI does not match its English label {english[0]!r}: expected <{scheme}/{slug(english[0])}>",
            ))
    return problems


def _path_properties(shapes: Graph, node) -> Iterable:
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, BNode) and (node, RDF.first, None) in shapes:
        for item in Collection(shapes, node):
            yield from _path_properties(shapes, item)
    elif isinstance(node, BNode):
        for inner in shapes.objects(node, None):
            yield from _path_properties(shapes, inner)


def check_shapes(shapes: Graph, ontology: Graph, source: str) -> list[Problem]:
    """The shapes are valid SHACL (checked against SHACL-for-SHACL) and name only declared classes and properties."""
    import pyshacl
    from pyparsing import ParseException
    from pyshacl.errors import ReportableRuntimeError

    problems = []
    # one instance of every target class, so that pySHACL loads and runs every constraint
    probe = Graph()
    for number, cls in enumerate(sorted(set(shapes.objects(None, SH.targetClass)), key=str)):
        probe.add((URIRef(f"urn:migkg:probe:{number}"), RDF.type, cls))
    try:
        pyshacl.validate(probe, shacl_graph=shapes, advanced=True, allow_warnings=True)
        conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    except ReportableRuntimeError as error:
        return [Problem("shapes", source, f"pySHACL cannot load the shapes: {error.message}")]
    except ParseException as error:
        return [Problem("shapes", source, f"a SPARQL constraint does not parse: {error}")]
    if not conforms:
        problems.append(Problem("shapes", source, "the shapes do not conform to SHACL-for-SHACL:\n" + text))
    declared = declarations(ontology)
    for predicate in (SH.targetClass, SH["class"]):
        for cls in set(shapes.objects(None, predicate)):
            if isinstance(cls, URIRef) and CLASS not in declared.get(cls, set()):
                problems.append(Problem("shapes", str(cls), f"{short_name(predicate)} names a class the ontology does not declare"))
    known = {RDFS.label, RDFS.comment, RDF.type}
    for path_node in set(shapes.objects(None, SH.path)):
        for prop in _path_properties(shapes, path_node):
            if prop in known or prop == SH.inversePath:
                continue
            if not declared.get(prop, set()) & {OBJECT, DATA, ANNOTATION}:
                problems.append(Problem("shapes", str(prop), "sh:path names a property the ontology does not declare"))
    return problems


def check_owl_in_sync() -> list[Problem]:
    """The shipped migkg.owl is exactly what `migkg ontology export --format owl` writes from migkg.ttl."""
    from migkg.ontology.export import export

    if read_text(OWL_FILE) == export("ontology", "owl"):
        return []
    return [Problem("sync", str(path(OWL_FILE)),
                    "out of date with migkg.ttl: run `migkg ontology export --format owl --out migkg/ontology/migkg.owl`")]


def _count(ontology: Graph, shapes: Graph) -> dict[str, int]:
    declared = declarations(ontology)

    def ours(kind: str) -> int:
        return sum(1 for t, kinds in declared.items() if kind in kinds and not _is_external(ontology, t))

    concept_classes = _concept_classes(ontology)
    return {
        "classes": ours(CLASS),
        "object properties": ours(OBJECT),
        "datatype properties": ours(DATA),
        "annotation properties": ours(ANNOTATION),
        "concept schemes": len(set(ontology.subjects(RDF.type, SKOS.ConceptScheme))),
        "concepts": len({s for c in concept_classes for s in ontology.subjects(RDF.type, c)}),
        "shapes": len(set(shapes.subjects(RDF.type, SH.NodeShape))),
    }


def check(files: Sequence[Path | str] | None = None, *, reasoner: bool = True) -> CheckReport:
    """Check ontology modules and shapes (by default the shipped ones) together.

    Files that declare SHACL node shapes are checked as shapes, the others as one ontology;
    owl:imports of a shipped module is resolved to the shipped file. Checking the shipped modules
    also checks that migkg.owl is in sync with migkg.ttl. The reasoner is skipped
    when the structure is broken (HermiT would only fail on it).

    :raises OntologyCheckFailed: at least one problem; its `report` lists them all.
    :raises OntologyError: a file cannot be read or parsed.
    """
    paths = tuple(Path(f) for f in files) if files else shipped_files()
    report = CheckReport(files=paths)
    ontology, shapes, shape_sources = Graph(), Graph(), []
    for file in paths:
        graph = load_graph(file)
        if _is_shapes(graph):
            shapes += graph
            shape_sources.append(str(file))
        else:
            ontology += graph
    if not len(ontology):
        ontology = load_graph(path("migkg.ttl")) + load_graph(path("vocabularies.ttl"))
    _resolve_imports(ontology, report.problems)
    structural = [Problem("structure", p.term, p.message) for p in check_structure(ontology)]
    report.problems += structural
    report.problems += check_labels(ontology)
    if shape_sources:
        report.problems += check_shapes(shapes, ontology, ", ".join(shape_sources))
    report.counts = _count(ontology, shapes)
    if not files:
        report.problems += check_owl_in_sync()
    if not reasoner:
        report.reasoner = "not run (--no-reasoner)"
    elif structural:
        report.reasoner = "not run: fix the structural problems first"
    else:
        result = run_hermit(ontology)
        if not result.consistent:
            report.problems.append(Problem("reasoner", ", ".join(map(str, paths)), "HermiT: the ontology is inconsistent"))
        for iri in result.unsatisfiable:
            report.problems.append(Problem("reasoner", iri, "unsatisfiable class (HermiT: equivalent to owl:Nothing)"))
        report.reasoner = (
            f"HermiT: {'consistent' if result.consistent else 'inconsistent'}, "
            f"{len(result.unsatisfiable)} unsatisfiable class(es)"
        )
    if report.problems:
        raise OntologyCheckFailed(report)
    return report
