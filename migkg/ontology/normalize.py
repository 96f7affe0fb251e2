"""Canonical Turtle for the ontology modules, whatever tool saved them, and triple diffs between versions.

Canonical means: fixed prefixes (only those used are written), subjects grouped by kind (ontology
header, classes, object, datatype and annotation properties, concept schemes, shapes, then the
rest; our own terms before external ones, each group sorted by IRI), predicates and objects
sorted, blank nodes labelled from their content, and `"x"^^xsd:string` written as the plain
literal `"x"` (the same RDF 1.1 literal); the `owl:NamedIndividual` declarations Protégé adds to
typed individuals are dropped. Two files with the same triples give the same bytes.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from xml.sax import SAXException

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_canonical_graph
from rdflib.exceptions import ParserError
from rdflib.namespace import OWL, RDF, SH, SKOS, XSD
from rdflib.plugins.parsers.ntriples import ParseError as NTriplesParseError
from rdflib.plugins.serializers.turtle import TurtleSerializer

from migkg.errors import OntologyError
from migkg.triples.namespaces import ONTOLOGY_IRI, VOCAB_BASE

#: the prefixes canonical files use, whatever the input declared
PREFIXES = {
    "mkg": ONTOLOGY_IRI + "#",
    "mkgsh": ONTOLOGY_IRI + "/shapes#",
    "vocab": VOCAB_BASE,
    "theme": VOCAB_BASE + "theme/",
    "activitykind": VOCAB_BASE + "activity-kind/",
    "orgkind": VOCAB_BASE + "organisation-kind/",
    "role": VOCAB_BASE + "role/",
    "expertorigin": VOCAB_BASE + "expert-origin/",
    "outputkind": VOCAB_BASE + "output-kind/",
    "partnershipkind": VOCAB_BASE + "partnership-kind/",
    "meetingkind": VOCAB_BASE + "meeting-kind/",
    "iatirole": VOCAB_BASE + "iati-organisation-role/",
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": str(XSD),
    "skos": str(SKOS),
    "sh": str(SH),
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "vann": "http://purl.org/vocab/vann/",
    "schema": "https://schema.org/",
    "eurio": "http://data.europa.eu/s66#",
}

def short_name(iri) -> str:
    """`prefix:local` for an IRI under one of PREFIXES (the longest match), else `<iri>`."""
    text = str(iri)
    best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default=None)
    if best is None or not text[len(best):]:
        return f"<{text}>"
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{text[len(best):]}"


HEADER = (
    "# Canonical Turtle, as written by `migkg ontology normalize`: edit freely (or in Protégé),\n"
    "# then normalise again. Comments are not kept; put explanations in rdfs:comment.\n"
)

#: subject groups in file order: the first rdf:type that matches gives the group
_KIND_ORDER = (
    OWL.Ontology,
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.ConceptScheme,
    SKOS.Concept,
    SH.NodeShape,
)

#: what rdflib's parsers raise on bad input
_PARSE_ERRORS = (SyntaxError, ValueError, SAXException, NTriplesParseError, ParserError)

#: file extension → rdflib parser name
_FORMATS = {
    ".ttl": "turtle",
    ".owl": "xml",
    ".rdf": "xml",
    ".xml": "xml",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}


def guess_format(path: Path, text: str) -> str:
    """The rdflib parser for a file: from its extension, else from its first characters."""
    by_extension = _FORMATS.get(path.suffix.lower())
    if by_extension and not (by_extension == "xml" and not text.lstrip().startswith("<")):
        return by_extension
    head = text.lstrip()[:200]
    if head.startswith("<?xml") or head.startswith("<rdf:RDF"):
        return "xml"
    if head.startswith("{") or head.startswith("["):
        return "json-ld"
    return "turtle"


def load_graph(path: Path | str, *, text: str | None = None) -> Graph:
    """Parse an RDF file (Turtle, RDF/XML, N-Triples or JSON-LD).

    :raises OntologyError: the file cannot be read or does not parse; the message names it.
    """
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise OntologyError(f"{path}: cannot read the file ({error})") from error
    head = text.lstrip()[:2000]
    if "<Ontology" in head and "rdf:RDF" not in head:
        raise OntologyError(f"{path}: OWL/XML is not supported; in Protégé, use File > Save as... RDF/XML or Turtle")
    graph = Graph(bind_namespaces="none")
    try:
        graph.parse(data=text, format=guess_format(path, text), publicID=path.resolve().as_uri())
    except _PARSE_ERRORS as error:
        raise OntologyError(f"{path}: not valid RDF ({type(error).__name__}: {error})") from error
    return graph


def canonical_graph(graph: Graph) -> Graph:
    """The same triples with plain literals for xsd:string and blank nodes labelled from their content.

    `x a owl:NamedIndividual`, which Protégé adds to every individual, is dropped when `x` has
    another type: the class assertion already makes it an individual.
    """
    plain = Graph(bind_namespaces="none")
    for s, p, o in graph:
        if p == RDF.type and o == OWL.NamedIndividual and any(t != OWL.NamedIndividual for t in graph.objects(s, RDF.type)):
            continue
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        plain.add((s, p, o))
    canonical = Graph(bind_namespaces="none")
    for triple in to_canonical_graph(plain):
        canonical.add(triple)
    for prefix, namespace in PREFIXES.items():
        canonical.bind(prefix, namespace, override=True, replace=True)
    return canonical


def _node_key(node) -> tuple:
    if isinstance(node, URIRef):
        return (0, str(node), "", "")
    if isinstance(node, BNode):
        return (2, str(node), "", "")
    return (1, str(node), node.language or "", str(node.datatype or ""))


def _is_ours(node) -> bool:
    return isinstance(node, URIRef) and (str(node).startswith(ONTOLOGY_IRI) or str(node).startswith(VOCAB_BASE))


class CanonicalTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle writer with a total, content-based order of subjects, predicates and objects."""

    def orderSubjects(self):
        def key(subject):
            types = set(self.store.objects(subject, RDF.type))
            group = next((i for i, kind in enumerate(_KIND_ORDER) if kind in types), len(_KIND_ORDER))
            # blank nodes another triple points to are written inline where it points to them
            nested = isinstance(subject, BNode) and self._references[subject] > 0
            return (isinstance(subject, BNode), nested, group, not _is_ours(subject), _node_key(subject))

        return sorted(self._subjects, key=key)

    def get_pname(self, uri, gen_prefix=True):
        # `iatirole:1` is valid Turtle 1.1, but some Turtle readers refuse a local name that starts with a digit
        if isinstance(uri, URIRef) and short_name(uri)[:1] != "<" and short_name(uri).split(":", 1)[1][:1].isdigit():
            return None
        return super().get_pname(uri, gen_prefix)

    def sortProperties(self, properties):
        for objects in properties.values():
            objects.sort(key=_node_key)
        first = [p for p in self.predicateOrder if p in properties]
        rest = sorted((p for p in properties if p not in first), key=str)
        return first + rest


def to_canonical_turtle(graph: Graph) -> str:
    """Canonical Turtle text of `graph` (see the module docstring)."""
    canonical = canonical_graph(graph)
    stream = io.BytesIO()
    CanonicalTurtleSerializer(canonical).serialize(stream, encoding="utf-8")
    body = stream.getvalue().decode("utf-8").strip() + "\n"
    return HEADER + "\n" + body


@dataclass(frozen=True)
class GraphDiff:
    """Triples only in the new graph (added) and only in the old one (removed), as N-Triples lines."""

    added: tuple[str, ...]
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def summary(self) -> str:
        """'+N -M triples' then one line per triple, '+ ' or '- ' first."""
        lines = [f"{len(self.added)} triple(s) added, {len(self.removed)} removed"]
        lines += [f"- {line}" for line in self.removed]
        lines += [f"+ {line}" for line in self.added]
        return "\n".join(lines)


def _nt_lines(graph: Graph) -> tuple[str, ...]:
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return tuple(sorted(line for line in text.splitlines() if line.strip()))


def diff(old: Graph, new: Graph) -> GraphDiff:
    """What changed from `old` to `new`, blank nodes matched by content."""
    _, only_old, only_new = graph_diff(canonical_graph(old), canonical_graph(new))
    return GraphDiff(added=_nt_lines(only_new), removed=_nt_lines(only_old))


@dataclass(frozen=True)
class NormalizeResult:
    """The canonical text, the file it was compared with (if any) and the triples that changed."""

    text: str
    compared_with: Path | None
    changes: GraphDiff


def normalize_file(source: Path | str, *, compare_with: Path | str | None = None) -> NormalizeResult:
    """Canonical Turtle of `source`, with the triple diff against `compare_with` when that file exists.

    :raises OntologyError: a file does not parse.
    """
    graph = load_graph(source)
    text = to_canonical_turtle(graph)
    if compare_with is not None and Path(compare_with).exists():
        changes = diff(load_graph(compare_with), graph)
        return NormalizeResult(text=text, compared_with=Path(compare_with), changes=changes)
    return NormalizeResult(text=text, compared_with=None, changes=GraphDiff((), ()))


def shipped_counterpart(source: Path | str) -> Path | None:
    """The shipped module declaring the same owl:Ontology IRI as `source`, if any (and if it is another file)."""
    from migkg.ontology import MODULE_IRIS, path

    graph = load_graph(source)
    for file, iri in MODULE_IRIS.items():
        if (URIRef(iri), RDF.type, OWL.Ontology) in graph:
            shipped = path(file)
            return shipped if shipped.resolve() != Path(source).resolve() else None
    return None
