"""Entailments the build materialises into ENTAILMENTS_GRAPH.

What is derived: the transitive closure of rdfs:subClassOf and rdfs:subPropertyOf
(owl:equivalentClass/Property count as both directions), `?x a ?super` for every superclass of
a stated type, `?s ?super ?o` for every superproperty, and the owl:inverseOf counterpart of
every triple (repeated until nothing new follows); never a triple some other graph already
states, since the union default graph repeats triples per graph. Blank nodes are left out
(OWL restrictions and lists need no entailments; data resources are IRIs).

How: SPARQL SELECTs read the schema axioms and the stated types and properties from the data
graphs, the closure is composed in memory, and the difference with what ENTAILMENTS_GRAPH holds
is written in ONE update (DELETE DATA + INSERT DATA), so readers see the old or the new
entailments, never a mix, and an unchanged graph costs no write. Plain SPARQL 1.1: it runs the
same on a remote server.
"""

from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from migkg.triples.store import ENTAILMENTS_GRAPH

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS = NamedNode(RDFS + "subClassOf")
SUBPROPERTY = NamedNode(RDFS + "subPropertyOf")
EQUIVALENT_CLASS = NamedNode(OWL + "equivalentClass")
EQUIVALENT_PROPERTY = NamedNode(OWL + "equivalentProperty")
INVERSE = NamedNode(OWL + "inverseOf")

Triple3 = tuple[NamedNode, NamedNode, NamedNode | Literal]


def _closure(pairs: Iterable[tuple[NamedNode, NamedNode]]) -> dict[NamedNode, set[NamedNode]]:
    """Every node's strict ancestors along the given edges (cycles allowed)."""
    direct: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    for child, parent in pairs:
        if child != parent:
            direct[child].add(parent)
    closed: dict[NamedNode, set[NamedNode]] = {}
    for start in list(direct):
        seen: set[NamedNode] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(direct.get(node, ()))
        seen.discard(start)
        closed[start] = seen
    return closed


class Schema:
    """The class and property hierarchies and the inverse pairs stated in the data graphs."""

    def __init__(self, axioms: Iterable[tuple[NamedNode, NamedNode, NamedNode]]):
        classes, properties, inverses = [], [], defaultdict(set)
        for a, relation, b in axioms:
            if relation == SUBCLASS:
                classes.append((a, b))
            elif relation == EQUIVALENT_CLASS:
                classes += [(a, b), (b, a)]
            elif relation == SUBPROPERTY:
                properties.append((a, b))
            elif relation == EQUIVALENT_PROPERTY:
                properties += [(a, b), (b, a)]
            elif relation == INVERSE:
                inverses[a].add(b)
                inverses[b].add(a)
        self.superclasses = _closure(classes)
        self.superproperties = _closure(properties)
        self.inverses = dict(inverses)

    def properties(self) -> set[NamedNode]:
        """Every property that has a superproperty or an inverse, or is one."""
        found = set(self.superproperties) | set(self.inverses)
        for targets in (*self.superproperties.values(), *self.inverses.values()):
            found |= targets
        return found


def _select(store, sparql: str):
    return store.query(sparql, union=False)


def _values(terms: Iterable[NamedNode]) -> str:
    return " ".join(str(term) for term in sorted(terms, key=lambda t: t.value))


def read_schema(store) -> Schema:
    """The schema axioms of every data graph."""
    scope = store.graph_filter("g")
    relations = _values([SUBCLASS, EQUIVALENT_CLASS, SUBPROPERTY, EQUIVALENT_PROPERTY, INVERSE])
    rows = _select(
        store,
        f"SELECT DISTINCT ?a ?relation ?b WHERE {{ GRAPH ?g {{ ?a ?relation ?b }} {scope} "
        f"VALUES ?relation {{ {relations} }} FILTER (isIRI(?a) && isIRI(?b)) }}",
    )
    return Schema((row["a"], row["relation"], row["b"]) for row in rows)


def derive(store, schema: Schema) -> set[Triple3]:
    """Every entailed triple no data graph states (see the module docstring)."""
    scope = store.graph_filter("g")
    derived: set[Triple3] = set()
    # schema closure
    for relation, closure in ((SUBCLASS, schema.superclasses), (SUBPROPERTY, schema.superproperties)):
        for child, parents in closure.items():
            derived |= {(child, relation, parent) for parent in parents}
    # types
    stated_types = {
        (row["x"], row["t"])
        for row in _select(store, f"SELECT DISTINCT ?x ?t WHERE {{ GRAPH ?g {{ ?x a ?t }} {scope} "
                                  f"FILTER (isIRI(?x) && isIRI(?t)) }}")
    }
    for thing, cls in stated_types:
        derived |= {(thing, TYPE, parent) for parent in schema.superclasses.get(cls, ())
                    if (thing, parent) not in stated_types}
    # superproperties and inverses, to a fixpoint
    properties = schema.properties()
    stated: set[Triple3] = set()
    if properties:
        stated = {
            (row["s"], row["p"], row["o"])
            for row in _select(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {scope} "
                                      f"VALUES ?p {{ {_values(properties)} }} FILTER (isIRI(?s) && !isBlank(?o)) }}")
        }
    known = set(stated)
    frontier = set(stated)
    while frontier:
        found: set[Triple3] = set()
        for s, p, o in frontier:
            found |= {(s, q, o) for q in schema.superproperties.get(p, ())}
            if isinstance(o, NamedNode):
                found |= {(o, q, s) for q in schema.inverses.get(p, ())}
        frontier = found - known
        known |= frontier
    derived |= known - stated
    # schema axioms stated somewhere are not repeated
    axioms = {(a, r, b) for a, r, b in derived if r in (SUBCLASS, SUBPROPERTY)}
    if axioms:
        stated_axioms = {
            (row["a"], row["r"], row["b"])
            for row in _select(store, f"SELECT DISTINCT ?a ?r ?b WHERE {{ GRAPH ?g {{ ?a ?r ?b }} {scope} "
                                      f"VALUES ?r {{ {_values([SUBCLASS, SUBPROPERTY])} }} }}")
        }
        derived -= stated_axioms
    return derived


def recompute(store) -> tuple[int, int]:
    """Bring ENTAILMENTS_GRAPH up to date in one transaction; returns (triples added, triples removed)."""
    wanted = derive(store, read_schema(store))
    current = {(q.subject, q.predicate, q.object) for q in store.quads(None, None, None, ENTAILMENTS_GRAPH)}
    added, removed = wanted - current, current - wanted
    if added or removed:
        store.replace_graphs(
            (),
            [Quad(s, p, o, ENTAILMENTS_GRAPH) for s, p, o in added],
            delete=[Quad(s, p, o, ENTAILMENTS_GRAPH) for s, p, o in removed],
        )
    return len(added), len(removed)
