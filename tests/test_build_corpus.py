"""Generated RDF documents for the build tests, and the helpers that compare a store with them.

Each document exists in numbered versions; a test rewrites some files to a new version and
checks that every graph in the store is exactly one version of its document, or absent.
"""

import random
from pathlib import Path

import pyoxigraph
from pyoxigraph import BlankNode, CanonicalizationAlgorithm, Dataset, Literal, NamedNode, Quad, RdfFormat

from migkg.triples import iris
from migkg.triples.build import RDF_EXTENSIONS, parse_rdf
from migkg.triples.namespaces import DCTERMS, MKG, RDF, RDFS, XSD

KINDS = (MKG.Ministry, MKG.GovernmentAgency, MKG.Action, MKG.Workshop, MKG.Seminar)
FORMATS = (".nt", ".ttl", ".trig")


def document_quads(number: int, version: int) -> list[Quad]:
    """The quads of generated document `number` at `version` (triples in the default graph, except .trig)."""
    rng = random.Random(number * 1000 + version)
    subject = NamedNode(f"https://example.org/gen/{number}/thing")
    triples = [
        (subject, RDF.type, KINDS[number % len(KINDS)]),
        (subject, RDFS.label, Literal(f"Thing {number} version {version}", language="en")),
        (subject, RDFS.label, Literal(f"Chose {number} \u00e9dition \"{version}\"", language="fr")),
        (subject, MKG.startDate, Literal(f"20{10 + number % 10}-0{1 + number % 9}", datatype=XSD.gYearMonth)),
        (subject, MKG.participantCount, Literal(str(number + version), datatype=XSD.integer)),
        (subject, MKG.ongoing, Literal("true" if version % 2 else "false", datatype=XSD.boolean)),
    ]
    blank = BlankNode(f"n{number}v{version}")
    triples += [(subject, DCTERMS.description, blank), (blank, RDFS.label, Literal(f"note {version}\nsecond line"))]
    for index in range(rng.randint(5, 40)):
        other = NamedNode(f"https://example.org/gen/{number}/part/{index}")
        triples += [(subject, MKG.hasActivity, other), (other, RDF.type, MKG.Workshop),
                    (other, RDFS.label, Literal(f"part {index} of {number} v{version}"))]
    return [Quad(s, p, o) for s, p, o in triples]


def file_name(number: int) -> str:
    """The generated document's file name; its extension picks the RDF syntax."""
    return f"gen_{number:04d}{FORMATS[number % len(FORMATS)]}"


def write_document(directory: Path, number: int, version: int) -> Path:
    """Write one document at `version`; a .trig one puts its triples in two graphs of its own."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(number)
    quads = document_quads(number, version)
    if path.suffix == ".trig":
        graphs = [NamedNode(f"https://example.org/gen/{number}/graph/{i}") for i in (1, 2)]
        quads = [Quad(q.subject, q.predicate, q.object, graphs[i % 2]) for i, q in enumerate(quads)]
        # keep the blank node's two triples together
        quads = [Quad(q.subject, q.predicate, q.object, graphs[0]) if isinstance(q.subject, BlankNode)
                 or isinstance(q.object, BlankNode) else q for q in quads]
    path.write_bytes(pyoxigraph.serialize(quads if path.suffix == ".trig" else [q.triple for q in quads],
                                          format=RDF_EXTENSIONS[path.suffix]))
    return path


def write_corpus(directory: Path, count: int, version: int = 0) -> list[Path]:
    """Write `count` documents at `version` into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    return [write_document(directory, number, version) for number in range(count)]


def expected_graphs(path: Path) -> dict[NamedNode, frozenset[str]]:
    """What the build must store for a file: canonical quads per graph."""
    document = iris.mint("document", path.stem)
    quads = parse_rdf(path.read_bytes(), RDF_EXTENSIONS[path.suffix], name=str(path), graph=document)
    graphs: dict[NamedNode, list[Quad]] = {}
    for quad in quads:
        graphs.setdefault(quad.graph_name, []).append(quad)
    return {graph: canonical(graph_quads) for graph, graph_quads in graphs.items()}


def canonical(quads) -> frozenset[str]:
    """Quads as strings with blank nodes renamed canonically: equal sets mean isomorphic graphs."""
    dataset = Dataset(quads)
    dataset.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return frozenset(str(quad) for quad in dataset)


def stored_graph(store, graph: NamedNode) -> frozenset[str]:
    """The canonical quads a store holds in `graph` (empty when absent)."""
    return canonical(store.quads(None, None, None, graph))


def test_versions_differ_and_parse(tmp_path):
    first = write_document(tmp_path, 2, 0)
    before = expected_graphs(first)
    write_document(tmp_path, 2, 1)
    after = expected_graphs(first)
    assert set(before) == set(after) and before != after
    assert all(len(quads) > 5 for quads in after.values())
    trig = write_document(tmp_path, 2 if FORMATS[2] == ".trig" else 5, 0)
    assert len(expected_graphs(trig)) == 2
    assert RdfFormat.TRIG == RDF_EXTENSIONS[trig.suffix]
