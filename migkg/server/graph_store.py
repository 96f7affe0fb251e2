"""Blueprint graph_store: the SPARQL 1.1 Graph Store HTTP Protocol at /store.

Graphs are named indirectly (`/store?graph=IRI`, `/store?default`) or directly (`/store/<path>`
names the graph whose IRI is that URL, without a trailing RDF file extension such as `.ttl`). GET and HEAD are public; PUT, POST and DELETE need the
update token. `?default` is the store's own default graph (queries see the union of all graphs,
but the Graph Store addresses each graph as it is). GET /store with no graph returns the whole
dataset as TriG or N-Quads. Each write is one transaction.
"""

import queue
import threading
import uuid
from collections.abc import Callable

import pyoxigraph
from flask import Blueprint, Response, current_app, request, url_for
from pyoxigraph import DefaultGraph, NamedNode, Triple

from migkg.server import get_store, negotiation
from migkg.server.engine import get_engine
from migkg.server.errors import BadRequest, NotFound, UnsupportedMediaType
from migkg.server.sparql import WRITE_LOCK, check_token
from migkg.server.worker import RDF_FORMATS
from migkg.triples.namespaces import PREFIXES

bp = Blueprint("graph_store", __name__)

#: formats that hold one graph (the others, TriG and N-Quads, hold a dataset)
QUAD_FORMATS = ("trig", "nq")
METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]
#: a direct graph URL may end with one of these; the graph is the URL without it (/store/a/1.ttl is /store/a/1)
FILE_EXTENSIONS = frozenset({"ttl", "nt", "rdf", "xml", "jsonld", "trig", "nq", "n3", "owl"})


class _QueueWriter:
    """A binary file-like feeding a bounded queue; raises once the reader has gone."""

    def __init__(self, chunks: queue.Queue, cancelled: threading.Event):
        self.chunks = chunks
        self.cancelled = cancelled

    def write(self, data) -> int:
        while True:
            if self.cancelled.is_set():
                raise BrokenPipeError("the client stopped reading")
            try:
                self.chunks.put(bytes(data), timeout=0.5)
                return len(data)
            except queue.Full:
                continue

    def flush(self) -> None:
        """Nothing to flush: every write is already queued."""


class StreamedRdf:
    """Serialise triples or quads on a thread and hand the bytes out as an iterable (constant memory).

    `items` is a callable returning the triples or quads: pyoxigraph's iterators must be created
    on the thread that reads them.
    """

    _DONE = object()

    def __init__(self, items: Callable, rdf_format):
        self.chunks: queue.Queue = queue.Queue(maxsize=32)
        self.cancelled = threading.Event()
        self.error: Exception | None = None
        self.thread = threading.Thread(target=self._run, args=(items, rdf_format), daemon=True)
        self.thread.start()

    def _run(self, items, rdf_format) -> None:
        try:
            pyoxigraph.serialize(items(), _QueueWriter(self.chunks, self.cancelled), rdf_format, prefixes=PREFIXES)
        except BrokenPipeError:
            return
        except (OSError, ValueError) as error:
            self.error = error
        while not self.cancelled.is_set():
            try:
                self.chunks.put(self._DONE, timeout=0.5)
                return
            except queue.Full:
                continue

    def __iter__(self):
        while True:
            chunk = self.chunks.get()
            if chunk is self._DONE:
                if self.error is not None:
                    raise self.error
                return
            yield chunk

    def close(self) -> None:
        """Stop the serialiser if the client went away."""
        self.cancelled.set()


def _target(path: str | None):
    """The graph a request addresses: DefaultGraph(), a NamedNode, or None for the whole dataset.

    :raises BadRequest: both ?default and ?graph, or a relative graph IRI.
    """
    if path is not None:
        if "graph" in request.args or "default" in request.args:
            raise BadRequest("a graph URL under /store/ names its graph itself; drop ?graph and ?default")
        return _graph_iri(_without_extension(request.base_url))
    has_default = "default" in request.args
    graphs = request.args.getlist("graph")
    if has_default and graphs:
        raise BadRequest("give either ?default or ?graph=IRI, not both")
    if len(graphs) > 1:
        raise BadRequest("give one ?graph=IRI")
    if has_default:
        return DefaultGraph()
    if graphs:
        iri = graphs[0]
        if ":" not in iri or any(ch in iri for ch in ' <>"{}|^`\\'):
            raise BadRequest(f"graph={iri!r} is not an absolute IRI")
        if iri.startswith(request.base_url.rstrip("/") + "/"):
            iri = _without_extension(iri)  # one of our direct graph URLs, named indirectly
        return _graph_iri(iri)
    return None


def _graph_iri(iri: str) -> NamedNode:
    """The graph named `iri`.

    :raises BadRequest: it is not a valid IRI.
    """
    try:
        return NamedNode(iri)
    except ValueError as error:
        raise BadRequest(f"{iri!r} is not a valid graph IRI: {error}") from error


def _without_extension(url: str) -> str:
    """A direct graph URL without its RDF file extension: /store/a/1.ttl names the graph /store/a/1."""
    stem, dot, extension = url.rpartition(".")
    if dot and extension.lower() in FILE_EXTENSIONS and "/" not in extension:
        return stem
    return url


def _exists(store, graph) -> bool:
    if isinstance(graph, DefaultGraph):
        return True
    return graph in store.named_graphs()


def _graph_ref(graph) -> str:
    return "DEFAULT" if isinstance(graph, DefaultGraph) else f"GRAPH {graph}"


def _read_body(graph) -> list[Triple]:
    """The triples of the request body (Content-Type decides the parser; multipart parts are merged).

    :raises UnsupportedMediaType: a body type that is not an RDF format.
    :raises BadRequest: the body does not parse, or names graphs of its own.
    """
    request.max_content_length = int(current_app.config.get("MIGKG_MAX_UPLOAD", 64 * 1024 * 1024))
    base = graph.value if isinstance(graph, NamedNode) else request.base_url
    if request.mimetype == "multipart/form-data":
        triples: list[Triple] = []
        for part in request.files.values():
            fmt = negotiation.rdf_format_for_media_type(part.mimetype or "")
            if fmt is None and part.filename and "." in part.filename:
                extension = part.filename.rsplit(".", 1)[1].lower()
                fmt = next((f for f in negotiation.RDF_FORMATS if f.name == extension), None)
            if fmt is None:
                raise UnsupportedMediaType(f"cannot read the part {part.filename or part.name!r} ({part.mimetype})")
            triples += _parse(part.read(), fmt, base, part.filename or part.name)
        return triples
    fmt = negotiation.rdf_format_for_media_type(request.headers.get("Content-Type", ""))
    if fmt is None:
        names = ", ".join(f.media_type for f in negotiation.RDF_FORMATS)
        raise UnsupportedMediaType(f"cannot read a body of type {request.mimetype or '(none)'}; send one of {names}")
    return _parse(request.get_data(), fmt, base, "the body")


def _parse(data: bytes, fmt: negotiation.Format, base: str, what: str) -> list[Triple]:
    try:
        quads = list(pyoxigraph.parse(data, RDF_FORMATS[fmt.name], base_iri=base))
    except SyntaxError as error:
        raise BadRequest(f"{what} is not valid {fmt.media_type}: {str(error).splitlines()[0]}") from error
    if any(not isinstance(q.graph_name, DefaultGraph) for q in quads):
        raise BadRequest(f"{what} names graphs of its own; send a graph's triples (Turtle, N-Triples, ...)")
    return [q.triple for q in quads]


def _insert_data(graph, triples: list[Triple]) -> str:
    if not triples:
        return ""
    body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8")
    if isinstance(graph, DefaultGraph):
        return f"INSERT DATA {{\n{body}}}"
    return f"INSERT DATA {{ GRAPH {graph} {{\n{body}}} }}"


def _write(operations: list[str]) -> None:
    """Run the operations as one update (one transaction) and tell the query workers."""
    store = get_store()
    with WRITE_LOCK:
        store.update(" ;\n".join(op for op in operations if op))
        store.flush()
        get_engine().written()


def _get(graph, head: bool) -> Response:
    store = get_store()
    if graph is None:
        fmt = _dataset_format()

        def items():
            return store.quads()

    else:
        if not _exists(store, graph):
            raise NotFound(f"no graph {graph} in the store")
        fmt = negotiation.choose("GRAPH", accept=request.headers.get("Accept"), format_param=request.args.get("format"))
        keep_graph = fmt.name in QUAD_FORMATS

        def items():
            quads = store.quads(graph=graph)
            return quads if keep_graph else (q.triple for q in quads)

    headers = {"Vary": "Accept"}
    if head:
        return Response(status=200, content_type=fmt.content_type, headers=headers)
    return Response(StreamedRdf(items, RDF_FORMATS[fmt.name]), content_type=fmt.content_type, headers=headers)


def _dataset_format() -> negotiation.Format:
    """TriG or N-Quads for the whole dataset, from ?format= or Accept (TriG by default).

    :raises NotAcceptable: the client wants neither.
    """
    refusal = negotiation.NotAcceptable("the whole dataset comes as application/trig or application/n-quads")
    if request.args.get("format"):
        fmt = negotiation.by_name(request.args["format"], "GRAPH")
        if fmt.name not in QUAD_FORMATS:
            raise refusal
        return fmt
    if not request.accept_mimetypes:
        return negotiation.by_name("trig", "GRAPH")
    best = request.accept_mimetypes.best_match(["application/trig", "application/n-quads"])
    if best is None:
        raise refusal
    return negotiation.by_name(best, "GRAPH")


def handle(path: str | None) -> Response:
    """Dispatch one Graph Store request."""
    graph = _target(path)
    if request.method in ("GET", "HEAD"):
        return _get(graph, head=request.method == "HEAD")
    check_token()
    store = get_store()
    if request.method == "DELETE":
        if graph is None:
            raise BadRequest("DELETE needs ?default or ?graph=IRI")
        if not _exists(store, graph):
            raise NotFound(f"no graph {graph} in the store")
        _write([f"DROP SILENT {_graph_ref(graph)}" if isinstance(graph, DefaultGraph) else f"DROP GRAPH {graph}"])
        return Response(status=204)
    if request.method == "POST" and graph is None:
        graph = NamedNode(url_for("graph_store.direct", path=f"graphs/{uuid.uuid4().hex}", _external=True))
        _write([f"CREATE GRAPH {graph}", _insert_data(graph, _read_body(graph))])
        return Response(status=201, headers={"Location": graph.value})
    if graph is None:
        raise BadRequest("PUT needs ?default or ?graph=IRI")
    triples = _read_body(graph)
    # the default graph always exists; a PUT or POST that fills it from empty reports it created
    existed = _exists(store, graph) and not (
        isinstance(graph, DefaultGraph) and next(iter(store.quads(graph=graph)), None) is None
    )
    operations = []
    if request.method == "PUT":
        operations.append(f"DROP SILENT {_graph_ref(graph)}")
    if isinstance(graph, NamedNode):
        operations.append(f"CREATE SILENT GRAPH {graph}")
    operations.append(_insert_data(graph, triples))
    _write(operations)
    return Response(status=204 if existed else 201)


@bp.route("/store", methods=METHODS)
def indirect():
    """Graph Store with ?graph=IRI or ?default (or the whole dataset)."""
    return handle(None)


@bp.route("/store/<path:path>", methods=METHODS)
def direct(path: str):
    """Graph Store with the graph named by the request URL."""
    return handle(path)
