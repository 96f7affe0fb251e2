"""Counts that describe a store: documents, triples, graphs, entities per class."""

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from migkg.triples.namespaces import MKG, PREFIXES
from migkg.triples.store import MANIFEST_GRAPH

#: manifest loaders that stand for bundled graphs rather than source documents
BUNDLED_LOADERS = ("ontology", "countries")


@dataclass
class Stats:
    """What `migkg stats` prints."""

    documents: int
    triples: int
    graphs: int
    entities: list[tuple[NamedNode, int]] = field(default_factory=list)


def short_name(iri: NamedNode) -> str:
    """`prefix:local` for an IRI under a known namespace, else the IRI in angle brackets."""
    for prefix, namespace in PREFIXES.items():
        if iri.value.startswith(namespace) and iri.value != namespace:
            return f"{prefix}:{iri.value[len(namespace):]}"
    return str(iri)


def document_count(store) -> int:
    """Sources the build loaded (bundled ontology modules and country table not counted)."""
    bundled = ", ".join(f'"{name}"' for name in BUNDLED_LOADERS)
    rows = store.query(
        f"SELECT (COUNT(DISTINCT ?entry) AS ?n) WHERE {{ GRAPH {MANIFEST_GRAPH} {{ ?entry {MKG.loader} ?loader }} "
        f"FILTER (?loader NOT IN ({bundled})) }}"
    )
    return int(next(iter(rows))["n"].value)


def entities_per_class(store, *, ours_only: bool = False) -> list[tuple[NamedNode, int]]:
    """(class, number of distinct instances), most populous first; entailed types included.

    `ours_only` keeps the classes of the migkg ontology.
    """
    keep = f'FILTER (STRSTARTS(STR(?class), "{MKG.iri}"))' if ours_only else "FILTER (isIRI(?class))"
    rows = store.query(
        f"SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ?class {keep} }} GROUP BY ?class"
    )
    counts = [(row["class"], int(row["n"].value)) for row in rows]
    return sorted(counts, key=lambda item: (-item[1], item[0].value))


def collect(store) -> Stats:
    """Documents, triples (quads, counted once per graph), named graphs and entities per class."""
    return Stats(
        documents=document_count(store),
        triples=len(store),
        graphs=len(store.named_graphs()),
        entities=entities_per_class(store),
    )
