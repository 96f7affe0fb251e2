"""Dumps of the store: the whole dataset (N-Quads, TriG, JSON-LD), one graph, or the union as triples.

Formats by name: nq trig ttl nt jsonld rdfxml. Triple formats (ttl nt rdfxml) write one graph
(`graph=`) or, without one, the union of all graphs (each triple once per graph that holds it;
a reader merges them). JSON-LD is compacted with the project's context
(migkg/triples/context.jsonld), embedded in the file so that it reads back offline; it is written
through rdflib, which compacts, where pyoxigraph writes expanded JSON-LD only.
"""

import gzip
import io
import json
from collections.abc import Iterable
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad, RdfFormat

from migkg.errors import UnsupportedFormat

FORMATS = {
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}
#: file extensions (after removing .gz) and the format they mean
EXTENSIONS = {
    ".nq": "nq",
    ".trig": "trig",
    ".ttl": "ttl",
    ".nt": "nt",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
}


def context() -> dict:
    """The JSON-LD context the project publishes (prefixes of every namespace it writes)."""
    return json.loads((files("migkg.triples") / "context.jsonld").read_text(encoding="utf-8"))["@context"]


def format_for(out: str | None, name: str | None) -> str:
    """The format name to write: `name` if given, else guessed from `out`'s extension (.gz ignored), else nq.

    :raises UnsupportedFormat: an unknown name, or an extension that names no format.
    """
    if name is not None:
        if name not in FORMATS:
            raise UnsupportedFormat(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}")
        return name
    if out is None or out == "-":
        return "nq"
    path = Path(out)
    suffix = Path(path.stem).suffix if path.suffix == ".gz" else path.suffix
    if suffix.lower() not in EXTENSIONS:
        raise UnsupportedFormat(
            f"cannot tell the format from {out!r}; give --format ({', '.join(FORMATS)}) "
            f"or an extension among {', '.join(EXTENSIONS)}"
        )
    return EXTENSIONS[suffix.lower()]


@contextmanager
def open_output(out: str | None, stdout=None):
    """A binary file for `out` (gzip-compressed when it ends with .gz); `stdout` for None or '-'."""
    if out is None or out == "-":
        yield stdout
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        with gzip.open(path, "wb") as stream:
            yield stream
    else:
        with path.open("wb") as stream:
            yield stream


def _union_triples(store) -> Iterable:
    return store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def _selected_quads(store, graph: NamedNode | None) -> Iterable[Quad]:
    if graph is None:
        return (q for g in store.named_graphs() for q in store.quads(None, None, None, g))
    return store.quads(None, None, None, graph)


def check_graph(store, graph: NamedNode | None) -> None:
    """Refuse a graph the store does not hold.

    :raises UnsupportedFormat: no such graph.
    """
    if graph is not None and not store.contains_named_graph(graph):
        raise UnsupportedFormat(f"the store has no graph {graph}; `migkg stats` lists what it holds")


def _jsonld(store, graph: NamedNode | None, stream) -> None:
    from rdflib import Dataset, Graph

    if graph is None:
        data = Dataset()
        nquads = pyoxigraph.serialize(_selected_quads(store, None), format=RdfFormat.N_QUADS)
        data.parse(data=nquads.decode("utf-8"), format="nquads")
    else:
        data = Graph()
        triples = (q.triple for q in store.quads(None, None, None, graph))
        data.parse(data=pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    text = data.serialize(format="json-ld", context=context(), auto_compact=True)
    stream.write(text.encode("utf-8"))


def export(store, stream, format: str, *, graph: NamedNode | None = None) -> None:
    """Write the store (or `graph`) to the binary `stream` in `format` (a key of FORMATS).

    :raises UnsupportedFormat: an unknown format or graph.
    """
    if format not in FORMATS:
        raise UnsupportedFormat(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    check_graph(store, graph)
    rdf_format = FORMATS[format]
    if format == "jsonld":
        _jsonld(store, graph, stream)
    elif rdf_format.supports_datasets:
        pyoxigraph.serialize(_selected_quads(store, graph), stream, rdf_format, prefixes=_prefixes())
    elif graph is not None:
        triples = (q.triple for q in store.quads(None, None, None, graph))
        pyoxigraph.serialize(triples, stream, rdf_format, prefixes=_prefixes())
    else:
        buffer = stream if not isinstance(stream, io.TextIOBase) else stream.buffer
        _union_triples(store).serialize(buffer, rdf_format)


def _prefixes() -> dict[str, str]:
    return context()
