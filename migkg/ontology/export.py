"""Serialise the ontology modules: canonical Turtle, RDF/XML (migkg.owl), N-Triples or JSON-LD.

Every format is deterministic: the same triples give the same bytes, so generated files such as
migkg.owl diff cleanly. The RDF/XML writer is a plain one (one element per subject, blank nodes
by rdf:nodeID, lists as rdf:first/rdf:rest) that Protégé, owlready2 and rdflib all read.
"""

import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from migkg.errors import UnsupportedFormat, UsageProblem
from migkg.ontology import MODULES, path
from migkg.ontology.normalize import PREFIXES, CanonicalTurtleSerializer, canonical_graph, load_graph, to_canonical_turtle

#: --format value → (media type, file extension)
FORMATS = {
    "ttl": ("text/turtle", ".ttl"),
    "owl": ("application/rdf+xml", ".owl"),
    "nt": ("application/n-triples", ".nt"),
    "jsonld": ("application/ld+json", ".jsonld"),
}
#: --module value → the shipped files it covers ("all" is every data module, without the shapes)
EXPORTABLE = {**{name: (file,) for name, file in MODULES.items()}, "all": ("migkg.ttl", "vocabularies.ttl", "alignments.ttl")}


def module_graph(module: str = "ontology") -> Graph:
    """The triples of a shipped module ('ontology', 'vocabularies', 'alignments', 'shapes' or 'all')."""
    if module not in EXPORTABLE:
        raise UsageProblem(f"unknown module {module!r}; expected one of {sorted(EXPORTABLE)}")
    graph = Graph(bind_namespaces="none")
    for file in EXPORTABLE[module]:
        graph += load_graph(path(file))
    return graph


def serialize(graph: Graph, fmt: str) -> str:
    """`graph` in format `fmt` (ttl, owl, nt or jsonld), deterministically."""
    if fmt == "ttl":
        return to_canonical_turtle(graph)
    if fmt == "owl":
        return to_rdfxml(graph)
    if fmt == "nt":
        return to_ntriples(graph)
    if fmt == "jsonld":
        return to_jsonld(graph)
    raise UnsupportedFormat(f"unknown format {fmt!r}; expected one of {sorted(FORMATS)}")


def export(module: str = "ontology", fmt: str = "ttl") -> str:
    """A shipped module in format `fmt`; `export('ontology', 'owl')` is the text of migkg.owl."""
    return serialize(module_graph(module), fmt)


def to_ntriples(graph: Graph) -> str:
    """Sorted N-Triples, blank nodes labelled from their content."""
    text = canonical_graph(graph).serialize(format="nt", encoding="utf-8").decode("utf-8")
    return "".join(sorted(line + "\n" for line in text.splitlines() if line.strip()))


def to_jsonld(graph: Graph) -> str:
    """JSON-LD with the canonical prefixes as context, nodes sorted by @id."""
    canonical = canonical_graph(graph)
    used = {prefix: ns for prefix, ns in PREFIXES.items() if any(str(t).startswith(ns) for t in _terms(canonical))}
    data = json.loads(canonical.serialize(format="json-ld", context=used, auto_compact=True))
    if isinstance(data, dict) and "@graph" in data:
        data["@graph"] = sorted(data["@graph"], key=lambda node: node.get("@id", ""))
    return json.dumps(_sorted_values(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _sorted_values(value):
    """Every list of values sorted (RDF values are sets; JSON-LD lists them in no set order)."""
    if isinstance(value, dict):
        return {key: (item if key == "@list" else _sorted_values(item)) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted_values(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def _terms(graph: Graph):
    for triple in graph:
        yield from (t for t in triple if isinstance(t, URIRef))
        if isinstance(triple[2], Literal) and triple[2].datatype:
            yield triple[2].datatype


def _split(iri: str) -> tuple[str, str]:
    """Namespace and local name of an IRI used as an XML element name."""
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    local = iri[cut:]
    if not local or not (local[0].isalpha() or local[0] == "_") or not all(c.isalnum() or c in "_-." for c in local):
        raise UsageProblem(f"<{iri}> cannot be written as an RDF/XML element name (its local part is not an XML name)")
    return iri[:cut], local


def to_rdfxml(graph: Graph) -> str:
    """RDF/XML, one element per subject in canonical Turtle order."""
    canonical = canonical_graph(graph)
    prefixes = {ns: p for p, ns in PREFIXES.items()}
    prefixes[str(RDF)] = "rdf"
    used: dict[str, str] = {str(RDF): "rdf"}
    node_ids: dict[BNode, str] = {}

    def qname(iri: URIRef) -> str:
        namespace, local = _split(str(iri))
        if namespace not in used:
            used[namespace] = prefixes.get(namespace) or f"ns{len(used)}"
        return f"{used[namespace]}:{local}"

    def node_id(node: BNode) -> str:
        # canonical labels are hashes of each blank node's content: unrelated edits leave them alone
        return node_ids.setdefault(node, "b" + str(node).removeprefix("cb")[:12])

    order = CanonicalTurtleSerializer(canonical)
    order.preprocess()
    subjects = sorted(set(canonical.subjects()), key=_subject_key(order))
    body = []
    for subject in subjects:
        types = sorted(canonical.objects(subject, RDF.type), key=str)
        element = qname(types[0]) if types and isinstance(types[0], URIRef) else "rdf:Description"
        about = f'rdf:nodeID="{node_id(subject)}"' if isinstance(subject, BNode) else f"rdf:about={quoteattr(str(subject))}"
        body.append(f"  <{element} {about}>")
        for predicate, obj in sorted(canonical.predicate_objects(subject), key=_pair_key):
            if predicate == RDF.type and element != "rdf:Description" and obj == types[0]:
                continue
            tag = qname(predicate)
            if isinstance(obj, BNode):
                body.append(f'    <{tag} rdf:nodeID="{node_id(obj)}"/>')
            elif isinstance(obj, URIRef):
                body.append(f"    <{tag} rdf:resource={quoteattr(str(obj))}/>")
            else:
                attribute = f" xml:lang={quoteattr(obj.language)}" if obj.language else ""
                if obj.datatype:
                    attribute = f" rdf:datatype={quoteattr(str(obj.datatype))}"
                body.append(f"    <{tag}{attribute}>{escape(str(obj))}</{tag}>")
        body.append(f"  </{element}>")
    declarations = "\n".join(f"    xmlns:{p}={quoteattr(ns)}" for ns, p in sorted(used.items(), key=lambda kv: kv[1]))
    return f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n{declarations}>\n' + "\n".join(body) + "\n</rdf:RDF>\n"


def _subject_key(serializer: CanonicalTurtleSerializer):
    ranked = {subject: i for i, subject in enumerate(serializer.orderSubjects())}
    return lambda subject: ranked.get(subject, len(ranked))


def _pair_key(pair) -> tuple:
    predicate, obj = pair
    return (predicate != RDF.type, str(predicate), isinstance(obj, BNode), str(obj), getattr(obj, "language", "") or "")
