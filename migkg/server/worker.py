"""The query worker: a process that owns a read-only view of the store and runs one query at a time.

Workers are forked by the fork server (migkg.server.zygote), sharing the store it loaded, and
talk to the engine (migkg.server.engine) through their own socket. The engine sends a job; the
worker screens the query (migkg.server.security), evaluates it, picks the format for the kind of
result (migkg.server.negotiation) and streams the serialised result back as messages:

- ("whole", content_type, truncated, body, rows)
                                      the complete result in one message, when it is small
- ("head", content_type, truncated)   before any data of a result that streams; truncated is None
                                      when it was not known yet (see LOOKAHEAD)
- ("data", bytes)                     chunks of the body
- ("end", rows, truncated)            the result is complete
- ("error", status, message[, error]) instead of head, or after it when evaluation fails mid-way;
                                      `error` is the MigkgError itself when there is one

The parent kills the process at its deadline; nothing here needs to cooperate with that.
"""

import os
import signal
from collections.abc import Iterator
from itertools import chain, islice
from multiprocessing.connection import Connection

import pyoxigraph
from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, RdfFormat

from migkg.errors import MigkgError, StoreError
from migkg.server import negotiation, security
from migkg.server.results import SolutionsWriter, boolean_document
from migkg.triples.namespaces import PREFIXES
from migkg.triples.store import GraphStore

#: rows (solutions or triples) evaluated before anything is sent: a result that ends or reaches the
#: cap within them says exactly whether it was truncated (so every result does under the default
#: cap); a longer one starts streaming without knowing it
LOOKAHEAD = 10_000
#: bytes of a result known to end gathered into one message before it starts streaming
PREBUFFER = 1024 * 1024
#: size of the chunks sent once streaming
CHUNK = 64 * 1024

RDF_FORMATS = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
    "trig": RdfFormat.TRIG,
    "nq": RdfFormat.N_QUADS,
}

#: what pyoxigraph raises while evaluating or serialising (type errors, storage errors, bad terms)
EVALUATION_ERRORS = (OSError, ValueError, RuntimeError, TypeError, SyntaxError)


class _Channel:
    """A binary file-like that batches writes into pipe messages and sends the head first.

    `truncated` is what the head says: True or False when known before the body, None when not.
    """

    def __init__(self, conn: Connection, content_type: str, truncated: bool | None = False):
        self.conn = conn
        self.content_type = content_type
        self.truncated = truncated
        # a result whose end is not in sight streams at once; one that ends is sent whole if small
        self.prebuffer = CHUNK if truncated is None else PREBUFFER
        self.buffer = bytearray()
        self.head_sent = False

    def write(self, data) -> int:
        self.buffer += data
        if self.head_sent:
            if len(self.buffer) >= CHUNK:
                self._send_data()
        elif len(self.buffer) >= self.prebuffer:
            self._send_head(self.truncated)
            self._send_data()
        return len(data)

    def flush(self) -> None:
        """Nothing: data leaves in chunks."""

    def _send_head(self, truncated: bool | None) -> None:
        self.conn.send(("head", self.content_type, truncated))
        self.head_sent = True

    def _send_data(self) -> None:
        view = memoryview(self.buffer)
        for start in range(0, len(view), CHUNK):
            self.conn.send(("data", bytes(view[start : start + CHUNK])))
        view.release()
        self.buffer.clear()

    def finish(self, rows: int, truncated: bool) -> None:
        if not self.head_sent:
            self.conn.send(("whole", self.content_type, truncated, bytes(self.buffer), rows))
            self.buffer.clear()
            return
        self._send_data()
        self.conn.send(("end", rows, truncated))


def look_ahead(items, cap: int) -> tuple[list, Iterator | None, bool | None]:
    """The first rows of a result; the rest of it (None when there is none to read); whether it is
    truncated at `cap` (None when that is not known yet, and the rest must be read to know)."""
    iterator = iter(items)
    window = min(cap, LOOKAHEAD)
    first = list(islice(iterator, window + 1))
    if len(first) <= window:
        return first, None, False
    if window == cap:
        return first[:cap], None, True
    return first, iterator, None


class _Capped:
    """An iterator that stops after `cap` items and remembers whether more were there."""

    def __init__(self, items, cap: int):
        self.items = iter(items)
        self.cap = cap
        self.count = 0
        self.truncated = False

    def __iter__(self):
        for item in self.items:
            if self.count >= self.cap:
                self.truncated = True
                return
            self.count += 1
            yield item


def memory_quads_limit() -> int:
    """The largest store this worker copies into memory (0: query it on disk); set by the engine."""
    value = os.environ.get("MIGKG_WORKER_MEMORY_QUADS", "0").strip()
    return int(value) if value.isdigit() else 0


def open_view(source: tuple[str, str]) -> GraphStore:
    """The worker's store: ("disk", path) opens read-only, copied into memory when small enough;
    ("snapshot", file) loads an N-Quads copy in memory."""
    kind, location = source
    if kind == "disk":
        try:
            view = GraphStore.open(location, read_only=True)
        except RuntimeError as error:
            raise StoreError(f"cannot open the store view {location}: {error}") from error
        limit = memory_quads_limit()
        if limit and len(view) <= limit:
            copy = view.in_memory_copy()
            view.close()
            return copy
        return view
    store = GraphStore.open(None)
    try:
        if os.path.getsize(location):
            store.extend(pyoxigraph.parse(path=location, format=RdfFormat.N_QUADS))
    except OSError as error:
        raise StoreError(f"cannot read the store snapshot {location}: {error}") from error
    return store


def _dataset_options(job: dict) -> dict:
    """GraphStore.query options for the job's protocol dataset (union of all graphs when none is given)."""
    default_graph, named_graphs = job.get("default_graph"), job.get("named_graphs")
    if default_graph is None and named_graphs is None:
        return {"union": job.get("union", True)}
    return {
        "default_graph": [NamedNode(iri) for iri in default_graph or ()],
        "named_graphs": [NamedNode(iri) for iri in named_graphs or ()],
    }


def result_form(result, screened: str | None) -> str:
    """The form to negotiate for: the screened one when the result is of its kind, else the result's own."""
    if isinstance(result, QueryBoolean):
        kind = "ASK"
    elif isinstance(result, QuerySolutions):
        kind = "SELECT"
    else:
        return screened if screened in negotiation.GRAPH_FORMS else "CONSTRUCT"
    return screened if screened == kind else kind


def run_job(store: GraphStore, job: dict, conn: Connection) -> None:
    """Screen, evaluate and stream one query; every expected failure becomes an ("error", ...) message."""
    try:
        screened = security.screen_query(job["sparql"])
        result = store.query(
            job["sparql"],
            substitutions=job.get("substitutions"),
            base_iri=job.get("base_iri"),
            **_dataset_options(job),
        )
        fmt = negotiation.choose(result_form(result, screened), accept=job.get("accept"), format_param=job.get("format"))
    except MigkgError as error:
        conn.send(("error", error.http_status, str(error), error))
        return
    except EVALUATION_ERRORS as error:
        conn.send(("error", 400, f"the query cannot be evaluated: {error}"))
        return
    cap = job["max_rows"]
    channel = None
    try:
        if isinstance(result, QueryBoolean):
            channel = _Channel(conn, fmt.content_type)
            channel.write(boolean_document(fmt.name, bool(result)))
            channel.finish(1, False)
            return
        first, rest, truncated = look_ahead(result, cap)
        channel = _Channel(conn, fmt.content_type, truncated)
        if isinstance(result, QuerySolutions):
            writer = SolutionsWriter(fmt.name, result.variables, channel.write)
            for solution in first:
                writer.row(list(solution))
            if rest is not None:
                truncated = False
                for solution in rest:
                    if writer.count >= cap:
                        truncated = True
                        break
                    writer.row(list(solution))
            writer.close()
            channel.finish(writer.count, truncated)
        else:
            later = _Capped(rest or (), cap - len(first))
            pyoxigraph.serialize(chain(first, later), channel, RDF_FORMATS[fmt.name], prefixes=PREFIXES)
            channel.finish(len(first) + later.count, truncated or later.truncated)
    except EVALUATION_ERRORS as error:
        started = channel is not None and channel.head_sent
        conn.send(("error", 500 if started else 400, f"the query failed while running: {error}"))


def serve(conn: Connection, source: tuple[str, str], store: GraphStore | None = None) -> None:
    """The worker's main loop: open the store (unless given it already open), say ready, answer jobs
    until the pipe closes.

    A job names the store view to use; when it is not the one open, the worker opens it first.
    """
    if store is None:
        try:
            store = open_view(source)
        except StoreError as error:
            conn.send(("fatal", str(error)))
            return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        wanted = tuple(job.get("source") or source)
        if wanted != source:
            try:
                store = open_view(wanted)
            except StoreError as error:
                conn.send(("error", 503, str(error)))
                continue
            source = wanted
        run_job(store, job, conn)


def run_forked(fd: int, source: tuple[str, str], store: GraphStore | None) -> None:
    """A freshly forked worker: answer on socket `fd` over `store` (None: open `source` itself)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGCHLD])
    try:
        serve(Connection(fd), source, store)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        pass  # the server went away: nothing left to answer
