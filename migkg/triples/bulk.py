"""Bulk loading new RDF files into an embedded store, made safe against interruption.

pyoxigraph's bulk loader writes new files straight into the store instead of running a
transaction: a process killed mid-load, or a syntax error met halfway through a file, can leave
part of the file in the store. So the build brackets every bulk load with a *load record* in the
manifest graph:

1. one transaction writes the record: the source and every graph it is about to write, all of
   them new to the store (the build checks this first);
2. the bulk loader writes the file;
3. one transaction replaces the record with the source's manifest entry.

A record still present names graphs whose load did not finish: `repair` (run at the start of
every build) drops them, together with the record, in one transaction. Nothing else is lost, since
the graphs were new when the load started, and the source, having no manifest entry, is loaded
again by that build. A syntax error met by the loader drops the graphs at once (`abandon`).

Load records are `{manifest}/load/{16 hex}` resources with `dcterms:subject` (the document IRI),
`dcterms:source` (the source as given) and one `prov:generated` per graph; they carry none of the
manifest entries' properties, so readers of the manifest never take them for entries.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

import pyoxigraph
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat

from migkg.errors import LoaderError
from migkg.triples.namespaces import DCTERMS, PROV
from migkg.triples.store import MANIFEST_GRAPH

LOAD_RECORD_BASE = MANIFEST_GRAPH.value + "/load/"


def syntax_error(error: SyntaxError, format: RdfFormat, name: str) -> LoaderError:
    """The LoaderError for a file pyoxigraph cannot parse, with the line it reports."""
    line = getattr(error, "lineno", None)
    return LoaderError(f"not valid {format.name}: {str(error).splitlines()[0]}", source=name, line=line)


def graph_names(data: bytes, format: RdfFormat, *, default_graph: NamedNode, base_iri: str | None,
                name: str) -> tuple[set[NamedNode], int]:
    """The graphs a quad file writes (its default graph as `default_graph`) and its number of
    statements, from one streaming parse (memory stays flat whatever the file's size).

    The parse is lenient (IRIs are not validated): the bulk loader validates as it writes.

    :raises LoaderError: the file does not parse, or names a graph with a blank node.
    """
    try:
        quads = pyoxigraph.parse(data, format, base_iri=base_iri, lenient=True)
        per_graph = Counter(map(attrgetter("graph_name"), quads))  # counted in C
    except SyntaxError as error:
        raise syntax_error(error, format, name) from error
    graphs, count = set(per_graph), sum(per_graph.values())
    if DefaultGraph() in graphs:
        graphs.discard(DefaultGraph())
        graphs.add(default_graph)
    blank = [graph for graph in graphs if not isinstance(graph, NamedNode)]
    if blank:
        raise LoaderError(f"names {len(blank)} graph(s) with a blank node; graph names must be IRIs", source=name)
    return graphs, count


def record_iri(subject: NamedNode) -> NamedNode:
    """The load record of the source whose document IRI is `subject`."""
    return NamedNode(LOAD_RECORD_BASE + hashlib.sha1(subject.value.encode("utf-8")).hexdigest()[:16])


def begin(store, subject: NamedNode, graphs: Iterable[NamedNode], *, source: str) -> NamedNode:
    """Record, in one transaction, that `source` is about to be bulk-loaded into `graphs`; returns the record."""
    record = record_iri(subject)
    quads = [Quad(record, DCTERMS.subject, subject, MANIFEST_GRAPH),
             Quad(record, DCTERMS.source, Literal(source), MANIFEST_GRAPH)]
    quads += [Quad(record, PROV.generated, graph, MANIFEST_GRAPH) for graph in sorted(graphs, key=lambda g: g.value)]
    store.replace_graphs((), quads, forget=[(MANIFEST_GRAPH, record)])
    return record


def finish(store, record: NamedNode, entry: Iterable[Quad] = (), *, forget: Iterable[NamedNode] = ()) -> None:
    """Replace the load record with the source's manifest `entry` (and drop the manifest
    subjects in `forget`), in one transaction: the load counts as done."""
    store.replace_graphs((), entry, forget=[(MANIFEST_GRAPH, subject) for subject in (record, *forget)])


def abandon(store, record: NamedNode, graphs: Iterable[NamedNode]) -> None:
    """Drop what a failed bulk load wrote into `graphs`, and its record, in one transaction."""
    store.replace_graphs(graphs, (), forget=[(MANIFEST_GRAPH, record)])


def interrupted(store) -> dict[NamedNode, set[NamedNode]]:
    """The load records left by bulk loads that did not finish, with the graphs each was writing."""
    rows = store.query(
        f"""SELECT ?record ?graph WHERE {{ GRAPH {MANIFEST_GRAPH} {{
              ?record {DCTERMS.subject} ?subject . OPTIONAL {{ ?record {PROV.generated} ?graph }}
              FILTER (STRSTARTS(STR(?record), "{LOAD_RECORD_BASE}"))
            }} }}""",
        union=False,
    )
    found: dict[NamedNode, set[NamedNode]] = {}
    for row in rows:
        graphs = found.setdefault(row["record"], set())
        if row["graph"] is not None:
            graphs.add(row["graph"])
    return found


def repair(store) -> list[NamedNode]:
    """Drop the graphs of every interrupted bulk load, with its record, in one transaction; returns them."""
    records = interrupted(store)
    graphs = sorted({graph for written in records.values() for graph in written}, key=lambda g: g.value)
    if records:
        store.replace_graphs(graphs, (), forget=[(MANIFEST_GRAPH, record) for record in records])
    return graphs
