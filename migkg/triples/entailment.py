"""Entailments the build materialises into ENTAILMENTS_GRAPH.

What is derived: the transitive closure of rdfs:subClassOf and rdfs:subPropertyOf
(owl:equivalentClass/Property count as both directions), `?x a ?super` for every superclass of
a stated type, `?s ?super ?o` for every superproperty, and the owl:inverseOf counterpart of
every triple (repeated until nothing new follows); never a triple some other graph already
states, since the union default graph repeats triples per graph. Blank nodes are left out
(OWL restrictions and lists need no entailments; data resources are IRIs).

How: a SELECT reads the schema axioms (a few hundred triples) and their closures are composed
in memory. On an embedded store (`recompute`) they become rules that CONSTRUCT queries apply to
the data inside the engine (`derive_in_engine`), so the data graphs never pass through Python;
a remote store gets the stated types and properties by SELECT and the closure composed in
memory (`derive`, plain SPARQL 1.1, the same graph). An existing entailments graph receives only
the difference, in ONE update, so readers see the old or the new entailments, never a mix, and
an unchanged graph costs no write; a missing or empty one is filled by the bulk loader, which
is several times faster than a transaction (migkg.triples.bulk makes it safe against
interruption).
"""

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from migkg.triples import bulk
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


def _write_difference(store, wanted: set[Triple3]) -> tuple[int, int]:
    """Make ENTAILMENTS_GRAPH hold exactly `wanted`, writing only the difference, in one transaction."""
    current = {(q.subject, q.predicate, q.object) for q in store.quads(None, None, None, ENTAILMENTS_GRAPH)}
    added, removed = wanted - current, current - wanted
    if added or removed:
        store.replace_graphs(
            (),
            [Quad(s, p, o, ENTAILMENTS_GRAPH) for s, p, o in added],
            delete=[Quad(s, p, o, ENTAILMENTS_GRAPH) for s, p, o in removed],
        )
    return len(added), len(removed)


# --- inside the engine --------------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyRule:
    """A stated `?s premise ?o` entails `?s conclusion ?o` (forward) or `?o conclusion ?s` (not forward).

    `needs_iri_object`: the rule goes through an inverse, which only applies when ?o is an IRI.
    """

    premise: NamedNode
    conclusion: NamedNode
    forward: bool
    needs_iri_object: bool


def property_rules(schema: Schema) -> list[PropertyRule]:
    """What each property's triples entail through superproperties and inverses, chained to a fixpoint.

    A state is (property, forward?, through an inverse?); from `?s p ?o` every state reachable from
    (p, forward, no) names one entailed triple. Only the first inverse needs ?o to be an IRI: after
    it the object is ?s, an IRI.
    """
    rules = []
    for premise in sorted(schema.properties(), key=lambda t: t.value):
        start = (premise, True, False)
        seen = {start}
        stack = [start]
        while stack:
            prop, forward, flipped = stack.pop()
            following = [(sup, forward, flipped) for sup in schema.superproperties.get(prop, ())]
            following += [(inverse, not forward, True) for inverse in schema.inverses.get(prop, ())]
            for state in following:
                if state not in seen:
                    seen.add(state)
                    stack.append(state)
        for prop, forward, flipped in sorted(seen, key=lambda s: (s[0].value, s[1], s[2])):
            if (prop, forward) == (premise, True) or (flipped and (prop, forward, False) in seen):
                continue  # the premise itself, or a conclusion that holds without the inverse
            rules.append(PropertyRule(premise, prop, forward, flipped))
    return rules


def _rows(rows: Iterable[tuple]) -> str:
    return " ".join("(" + " ".join(str(term) for term in row) + ")" for row in rows)


def _sorted(terms: Iterable[NamedNode]) -> list[NamedNode]:
    return sorted(terms, key=lambda term: term.value)


def rule_queries(store, schema: Schema) -> list[str]:
    """CONSTRUCT queries (over named graphs, no union) whose results together are every entailed
    triple no data graph states: the schema closure, then one query per superclass and per property rule.

    Each rule has constant terms and its stated conclusions taken out by MINUS (one anti-join per
    rule): several times faster in pyoxigraph than one group over a table of rules with FILTER NOT
    EXISTS per row; one query per rule lets the rules run in parallel.
    """
    data, stated = store.graph_filter("g"), store.graph_filter("h")
    queries = []
    axioms = sorted(
        ((child, relation, parent) for relation, closure in ((SUBCLASS, schema.superclasses),
                                                             (SUBPROPERTY, schema.superproperties))
         for child, parents in closure.items() for parent in parents),
        key=lambda t: (t[0].value, t[1].value, t[2].value),
    )
    if axioms:
        queries.append(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{ {_rows(axioms)} }} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} {stated} }} }}"
        )
    subclasses: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    for cls, parents in schema.superclasses.items():
        for parent in parents:
            subclasses[parent].add(cls)
    for parent in _sorted(subclasses):
        queries.append(
            f"CONSTRUCT {{ ?x {TYPE} {parent} }} WHERE {{ VALUES ?t {{ {' '.join(map(str, _sorted(subclasses[parent])))} }} "
            f"GRAPH ?g {{ ?x {TYPE} ?t }} {data} FILTER (isIRI(?x)) MINUS {{ GRAPH ?h {{ ?x {TYPE} {parent} }} {stated} }} }}"
        )
    for rule in property_rules(schema):
        subject, obj = ("?s", "?o") if rule.forward else ("?o", "?s")
        kept = "isIRI(?o)" if rule.needs_iri_object else "!isBlank(?o)"
        queries.append(
            f"CONSTRUCT {{ {subject} {rule.conclusion} {obj} }} WHERE {{ GRAPH ?g {{ ?s {rule.premise} ?o }} {data} "
            f"FILTER (isIRI(?s) && {kept}) MINUS {{ GRAPH ?h {{ {subject} {rule.conclusion} {obj} }} {stated} }} }}"
        )
    return queries


def _run_rules(store, schema: Schema, collect: Callable):
    """`collect(result)` of every rule query, in rule order, the queries running on every core at once
    (the engine releases the GIL while it evaluates)."""
    queries = rule_queries(store, schema)
    if not queries:
        return []
    with ThreadPoolExecutor(max_workers=min(len(queries), os.cpu_count() or 1)) as pool:
        return list(pool.map(lambda query: collect(store.query(query, union=False)), queries))


def derive_in_engine(store, schema: Schema) -> set[Triple3]:
    """The same triples as `derive`, computed by the store's query engine from rules."""
    derived: set[Triple3] = set()
    for triples in _run_rules(store, schema, lambda result: [(t.subject, t.predicate, t.object) for t in result]):
        derived.update(triples)
    return derived


def serialized_in_engine(store, schema: Schema) -> bytes:
    """The same triples as `derive`, as N-Triples written by the engine (a triple may repeat)."""
    return b"".join(_run_rules(store, schema, lambda result: result.serialize(format=RdfFormat.N_TRIPLES)))


def recompute_by_difference(store) -> tuple[int, int]:
    """Bring ENTAILMENTS_GRAPH up to date with the closure composed in Python, writing only the
    difference in one update of plain SPARQL 1.1 data (for remote stores); returns (added, removed)."""
    return _write_difference(store, derive(store, read_schema(store)))


def recompute(store) -> None:
    """Bring ENTAILMENTS_GRAPH up to date.

    Remote stores: `recompute_by_difference`. Embedded stores: the rules run inside the engine;
    an existing graph gets the difference in one transaction; a missing or empty one is filled by
    the bulk loader under a load record (an interrupted fill is dropped when the store is next
    opened for writing, and the next build fills it again; readers may see it fill, as they see
    new documents appear).
    """
    if store.is_remote:
        recompute_by_difference(store)
        return
    schema = read_schema(store)
    if next(iter(store.quads(None, None, None, ENTAILMENTS_GRAPH)), None) is not None:
        _write_difference(store, derive_in_engine(store, schema))
        return
    record = bulk.begin(store, ENTAILMENTS_GRAPH, [ENTAILMENTS_GRAPH], source="entailments")
    store.load_new_graph(serialized_in_engine(store, schema), RdfFormat.N_TRIPLES, to_graph=ENTAILMENTS_GRAPH)
    bulk.finish(store, record)
