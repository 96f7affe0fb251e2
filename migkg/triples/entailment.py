"""Entailments the build materialises, computed with SPARQL Update over the store itself.

Into ENTAILMENTS_GRAPH go: the transitive closure of rdfs:subClassOf and rdfs:subPropertyOf
(owl:equivalentClass/Property count as subclass/subproperty both ways), `?x a ?super` for every
superclass of an asserted type, `?s ?super ?o` for every superproperty, and the owl:inverseOf
counterpart of every triple; never a triple some other graph already states (the union default
graph repeats triples per graph, so duplicates would be counted twice).

The schema closure is built in SCRATCH_GRAPH by repeated self-joins (each round doubles the
chain length it covers; ROUNDS rounds cover hierarchies `2**ROUNDS` levels deep), within the
same update that drops it again: readers never see the scratch graph. Plain SPARQL 1.1, no
property paths, so the same text runs on any SPARQL 1.1 Update server.
"""

from pyoxigraph import NamedNode

from migkg.triples.store import ENTAILMENTS_GRAPH, SCRATCH_GRAPH

#: doubling rounds of the schema closure: chains up to 2**ROUNDS subclass steps
ROUNDS = 8

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS = f"<{_RDFS}subClassOf>"
SUBPROPERTY = f"<{_RDFS}subPropertyOf>"
INVERSE = f"<{_OWL}inverseOf>"


def _schema_operations(graph_filter: str) -> list[str]:
    """Fill the scratch graph with the closed schema gathered from every data graph."""
    scratch = str(SCRATCH_GRAPH)
    gather = [
        (f"?a {SUBCLASS} ?b", f"?a {SUBCLASS} ?b"),
        (f"?a <{_OWL}equivalentClass> ?b", f"?a {SUBCLASS} ?b . ?b {SUBCLASS} ?a"),
        (f"?a {SUBPROPERTY} ?b", f"?a {SUBPROPERTY} ?b"),
        (f"?a <{_OWL}equivalentProperty> ?b", f"?a {SUBPROPERTY} ?b . ?b {SUBPROPERTY} ?a"),
        (f"?a {INVERSE} ?b", f"?a {INVERSE} ?b . ?b {INVERSE} ?a"),
    ]
    operations = [f"DROP SILENT GRAPH {scratch}"]
    for pattern, template in gather:
        operations.append(
            f"INSERT {{ GRAPH {scratch} {{ {template} }} }} "
            f"WHERE {{ GRAPH ?g {{ {pattern} }} {graph_filter} FILTER (isIRI(?a) && isIRI(?b)) }}"
        )
    for relation in (SUBCLASS, SUBPROPERTY):
        operations += [
            f"INSERT {{ GRAPH {scratch} {{ ?a {relation} ?c }} }} "
            f"WHERE {{ GRAPH {scratch} {{ ?a {relation} ?b . ?b {relation} ?c }} FILTER (?a != ?c) }}"
        ] * ROUNDS
    return operations


def _instance_operations(source: str, graph_filter: str) -> list[str]:
    """Derive types, superproperties and inverses of the triples in `source` (a GRAPH term or ?g)."""
    scratch, entailments = str(SCRATCH_GRAPH), str(ENTAILMENTS_GRAPH)
    scope = graph_filter if source == "?g" else ""
    not_stated = "FILTER NOT EXISTS {{ GRAPH ?stated {{ {} }} }}"
    return [
        # superproperties of stated triples
        f"INSERT {{ GRAPH {entailments} {{ ?s ?q ?o }} }} WHERE {{ GRAPH {scratch} {{ ?p {SUBPROPERTY} ?q }} "
        f"GRAPH {source} {{ ?s ?p ?o }} {scope} {not_stated.format('?s ?q ?o')} }}",
        # inverses of stated and derived triples
        f"INSERT {{ GRAPH {entailments} {{ ?o ?q ?s }} }} WHERE {{ GRAPH {scratch} {{ ?p {INVERSE} ?q }} "
        f"{{ GRAPH {source} {{ ?s ?p ?o }} {scope} }} UNION {{ GRAPH {entailments} {{ ?s ?p ?o }} }} "
        f"FILTER (!isLiteral(?o)) {not_stated.format('?o ?q ?s')} }}",
        # superproperties of the inverses just derived
        f"INSERT {{ GRAPH {entailments} {{ ?s ?q ?o }} }} WHERE {{ GRAPH {scratch} {{ ?p {SUBPROPERTY} ?q }} "
        f"GRAPH {entailments} {{ ?s ?p ?o }} {not_stated.format('?s ?q ?o')} }}",
        # every superclass of a stated or derived type
        f"INSERT {{ GRAPH {entailments} {{ ?x {_TYPE} ?c }} }} WHERE {{ GRAPH {scratch} {{ ?b {SUBCLASS} ?c }} "
        f"{{ GRAPH {source} {{ ?x {_TYPE} ?b }} {scope} }} UNION {{ GRAPH {entailments} {{ ?x {_TYPE} ?b }} }} "
        f"{not_stated.format(f'?x {_TYPE} ?c')} }}",
    ]


def recompute_update(graph_filter: str) -> str:
    """The update that rebuilds ENTAILMENTS_GRAPH from scratch over every data graph.

    `graph_filter` keeps ?g to data graphs (`store.graph_filter("g")`).
    """
    scratch, entailments = str(SCRATCH_GRAPH), str(ENTAILMENTS_GRAPH)
    operations = [f"DROP SILENT GRAPH {entailments}", *_schema_operations(graph_filter)]
    for relation in (SUBCLASS, SUBPROPERTY):
        operations.append(
            f"INSERT {{ GRAPH {entailments} {{ ?a {relation} ?b }} }} WHERE {{ GRAPH {scratch} {{ ?a {relation} ?b }} "
            f"FILTER NOT EXISTS {{ GRAPH ?stated {{ ?a {relation} ?b }} FILTER (?stated != {scratch}) }} }}"
        )
    operations += _instance_operations("?g", graph_filter)
    operations.append(f"DROP SILENT GRAPH {scratch}")
    return " ;\n".join(operations)


def graph_update(graph: NamedNode) -> str:
    """The update that adds the entailments of one newly written graph (run in the same transaction).

    It reads the schema closure the last `recompute_update` left (stated axioms plus the derived
    ones in ENTAILMENTS_GRAPH), so it is cheap; a schema change or the entailments of a graph's
    previous version are settled by the next `recompute_update`.
    """
    entailments, source = str(ENTAILMENTS_GRAPH), str(graph)
    not_stated = "FILTER NOT EXISTS {{ GRAPH ?stated {{ {} }} }}"
    operations = [
        f"INSERT {{ GRAPH {entailments} {{ ?s ?q ?o }} }} WHERE {{ GRAPH {source} {{ ?s ?p ?o }} "
        f"GRAPH ?schema {{ ?p {SUBPROPERTY} ?q }} {not_stated.format('?s ?q ?o')} }}",
        f"INSERT {{ GRAPH {entailments} {{ ?o ?q ?s }} }} WHERE {{ GRAPH {source} {{ ?s ?p ?o }} "
        f"{{ GRAPH ?schema {{ ?p {INVERSE} ?q }} }} UNION {{ GRAPH ?schema {{ ?q {INVERSE} ?p }} }} "
        f"FILTER (!isLiteral(?o)) {not_stated.format('?o ?q ?s')} }}",
        f"INSERT {{ GRAPH {entailments} {{ ?x {_TYPE} ?c }} }} WHERE {{ GRAPH {source} {{ ?x {_TYPE} ?b }} "
        f"GRAPH ?schema {{ ?b {SUBCLASS} ?c }} FILTER (?b != ?c) {not_stated.format(f'?x {_TYPE} ?c')} }}",
    ]
    return " ;\n".join(operations)


def recompute(store) -> None:
    """Rebuild the entailments graph in one transaction (GraphStore or RemoteStore)."""
    store.update(recompute_update(store.graph_filter("g")))
