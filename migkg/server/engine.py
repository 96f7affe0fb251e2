"""Query execution with real timeouts: a pool of pre-started worker processes, each killable at its deadline.

pyoxigraph cannot cancel a query, so every public query runs in a worker process
(migkg.server.worker). Workers are forked from a fork server (migkg.server.zygote), a
single-threaded process that loads the store view into memory once (an N-Quads snapshot of an
in-memory store, or a small enough on-disk store: `memory_quads`), so every worker shares that
copy and a new one starts in milliseconds; larger stores are opened read-only on disk by each
worker. At the deadline the worker is killed and replaced by a spare; the other workers keep
answering. Results stream back through the worker's socket, so memory stays constant however
large the result.

Writes happen in the server process on the read-write store (`QueryEngine.written()` after each).
Workers never open the live store directory: they open a frozen view of it (a RocksDB checkpoint,
hard-linked beside the store, or an N-Quads dump of an in-memory store) and move to a fresh view
when the write generation has moved. So an update never waits for readers, readers never wait
for an update, and the writer's compactions cannot pull files from under a reader.

For code outside the server's own blueprints (pages, UI, named queries), inside a request:

    from migkg.server.engine import run_query
    result = run_query("SELECT ?label WHERE { ?s rdfs:label ?label }",
                       substitutions={"s": NamedNode(iri)}, format="json")
    data = result.json()          # or: for chunk in result: ...; result.content_type
"""

import contextlib
import json
import logging
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator, Mapping
from multiprocessing.connection import Connection
from multiprocessing.reduction import send_handle
from pathlib import Path

import pyoxigraph

from migkg.errors import MigkgError, StoreError
from migkg.triples.store import GraphStore

log = logging.getLogger(__name__)

#: seconds a new worker may take to open the store
START_TIMEOUT = 120.0
#: seconds a superseded store view is kept for queries still streaming from it
VIEW_RETENTION = 600.0
#: pipe messages read from an abandoned result before its worker is killed instead of reused
DRAIN_MESSAGES = 64
#: seconds spent draining an abandoned result before its worker is killed instead
DRAIN_SECONDS = 0.2
#: bytes per chunk of a response body
CHUNK = 64 * 1024


class QueryTimeout(MigkgError):
    """A query ran past the time limit and was stopped (HTTP 503)."""

    http_status = 503


class EngineBusy(MigkgError):
    """Every query worker stayed busy until the request's deadline (HTTP 503)."""

    http_status = 503


class QueryFailed(MigkgError):
    """The worker reported an error for this query; carries the HTTP status it chose."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.http_status = status


class _Worker:
    """One query worker (a process forked by the fork server) and the engine's end of its socket."""

    def __init__(self, fork_server: "_ForkServer", pid: int, conn: Connection):
        self.fork_server = fork_server
        self.pid = pid
        self.conn = conn
        self._killed = False
        # the fork server reaps a worker only once told to, so the pid is still this process's here
        try:
            self.pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self.pidfd = None

    def wait_ready(self, start_timeout: float) -> "_Worker":
        """Wait until the worker has its store open.

        :raises StoreError: it could not, or took longer than `start_timeout` seconds.
        """
        if not self.conn.poll(start_timeout):
            self.kill()
            raise StoreError(f"a query worker did not start within {start_timeout:.0f} s")
        try:
            message = self.conn.recv()
        except (EOFError, OSError) as error:
            self.kill()
            raise StoreError("a query worker exited while opening the store") from error
        if message[0] != "ready":
            self.kill()
            raise StoreError(f"a query worker cannot open the store: {message[1]}")
        return self

    def exited(self) -> bool:
        """Whether the process has ended (for an idle worker: it sends nothing unasked, so a readable socket means closed)."""
        if self.pidfd is not None:
            readable, _, _ = select.select([self.pidfd], [], [], 0)
            return bool(readable)
        try:
            return self.conn.poll(0)
        except OSError:
            return True

    def kill(self) -> None:
        """Stop the process now (SIGKILL), release its socket, and let the fork server reap it."""
        if self._killed:
            return
        self._killed = True
        try:
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        finally:
            if self.pidfd is not None:
                os.close(self.pidfd)
        self.fork_server.reap(self.pid)
        self.conn.close()


class _ForkServer:
    """The fork server process (`python -m migkg.server.zygote`): loads the store view once, forks workers from it."""

    def __init__(self, source: tuple[str, str], memory_quads: int):
        parent_sock, child_sock = socket.socketpair()
        with parent_sock, child_sock:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "migkg.server.zygote", str(child_sock.fileno()), *source],
                pass_fds=(child_sock.fileno(),),
                stdin=subprocess.DEVNULL,
                close_fds=True,
                env={**os.environ, "MIGKG_WORKER_MEMORY_QUADS": str(memory_quads)},
            )
            self.conn = Connection(os.dup(parent_sock.fileno()))
        self._send_lock = threading.Lock()
        self._spawn_lock = threading.Lock()

    def wait_ready(self, start_timeout: float) -> "_ForkServer":
        """Wait until the store view is loaded.

        :raises StoreError: it could not be, or took longer than `start_timeout` seconds.
        """
        try:
            if not self.conn.poll(start_timeout):
                raise StoreError(f"the query workers' fork server did not load the store within {start_timeout:.0f} s")
            message = self.conn.recv()
        except (EOFError, OSError) as error:
            self.kill()
            raise StoreError("the query workers' fork server exited while loading the store") from error
        except StoreError:
            self.kill()
            raise
        if message[0] != "ready":
            self.kill()
            raise StoreError(f"the query workers cannot open the store: {message[1]}")
        return self

    def alive(self) -> bool:
        return self.process.poll() is None

    def spawn(self, source: tuple[str, str], start_timeout: float) -> _Worker:
        """A new worker over `source` (the fork server loads it first if it holds another view).

        :raises StoreError: the fork server is gone, failed, or did not answer within `start_timeout` seconds.
        """
        with self._spawn_lock:
            parent_sock, child_sock = socket.socketpair()
            with parent_sock, child_sock:
                try:
                    with self._send_lock:
                        self.conn.send(("spawn", source))
                        send_handle(self.conn, child_sock.fileno(), self.process.pid)
                    if not self.conn.poll(start_timeout):
                        self.kill()
                        raise StoreError(f"the query workers' fork server did not answer within {start_timeout:.0f} s")
                    reply = self.conn.recv()
                except (EOFError, OSError, ValueError) as error:
                    raise StoreError("the query workers' fork server has exited") from error
                if reply[0] != "spawned":
                    raise StoreError(f"cannot start a query worker: {reply[1]}")
                return _Worker(self, reply[1], Connection(os.dup(parent_sock.fileno())))

    def reap(self, pid: int) -> None:
        """Tell the fork server that worker `pid` was killed (it collects the exit status)."""
        try:
            with self._send_lock:
                self.conn.send(("reap", pid))
        except (OSError, ValueError):
            pass  # the fork server is gone, and its workers with it

    def kill(self) -> None:
        """Stop the fork server now (its workers stop as their sockets close)."""
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.error("the query workers' fork server %s did not exit after SIGKILL", self.process.pid)
        self.close()

    def close(self) -> None:
        """Let the fork server go: it exits once its workers have (an idle worker exits when its socket closes)."""
        self.conn.close()


class QueryResult:
    """A streamed query result: iterate for bytes; `close()` (which WSGI servers call) releases the worker.

    `truncated` is True or False when known before the body started, else None (the final value
    is set once the body has been read). `elapsed` is the time to the first byte.
    """

    def __init__(self, engine: "QueryEngine", worker: _Worker | None, content_type: str, truncated, stall: float,
                 body: bytes | None = None, rows: int | None = None):
        self.engine = engine
        self.worker = worker
        self.content_type = content_type
        self.media_type = content_type.split(";")[0]
        self.truncated = truncated
        self.rows = rows
        self.stall = stall
        self.elapsed = 0.0
        self.error: str | None = None
        #: the whole body when it came in one message (the worker is already free)
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        if self.body is not None:
            body, self.body = self.body, None
            for start in range(0, len(body), CHUNK):
                yield body[start : start + CHUNK]
            return
        worker = self.worker
        while worker is not None:
            if not worker.conn.poll(self.stall):
                self.error = f"the result stalled for more than {self.stall:g} s and was cut off"
                self._discard()
                raise QueryTimeout(self.error)
            try:
                message = worker.conn.recv()
            except (EOFError, OSError) as error:
                self.error = "the query worker died while streaming"
                self._discard()
                raise QueryFailed(self.error, 500) from error
            if message[0] == "data":
                yield message[1]
            elif message[0] == "end":
                self.rows, self.truncated = message[1], message[2]
                self.worker = None
                self.engine._release(worker)
                return
            else:
                self.error = message[2]
                self.worker = None
                self.engine._release(worker)
                raise QueryFailed(message[2], message[1])

    def read(self) -> bytes:
        """The whole body (for small results)."""
        return b"".join(self)

    def json(self):
        """The body parsed as JSON (SPARQL JSON results or JSON-LD)."""
        return json.loads(self.read())

    def _discard(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            self.engine._replace(worker)

    def close(self) -> None:
        """Give the worker back: one whose result is already all in the pipe (a HEAD request, a client
        that left after a small result) is drained and reused; one still working is killed and replaced."""
        worker = self.worker
        if worker is None:
            return
        deadline = time.monotonic() + DRAIN_SECONDS
        try:
            for _ in range(DRAIN_MESSAGES):
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    break
                message = worker.conn.recv()
                if message[0] in ("end", "error"):
                    self.worker = None
                    self.engine._release(worker)
                    return
        except (EOFError, OSError):
            pass
        self._discard()


def _remove_leftovers(leftovers: dict) -> None:
    """Let the fork server go and delete the engine's store views (idle workers exit once their sockets close)."""
    if leftovers.get("fork_server") is not None:
        leftovers["fork_server"].close()
    if leftovers.get("views_dir") is not None:
        shutil.rmtree(leftovers["views_dir"], ignore_errors=True)


class QueryEngine:
    """A pool of query worker processes over one store.

    :param store: the server's read-write store; an on-disk store is shared with the workers
        read-only, an in-memory one is copied to them as an N-Quads snapshot.
    :param workers: how many queries run at once.
    :param timeout: default seconds a query may run before it is killed.
    :param max_rows: default row cap (solutions or triples).
    """

    def __init__(self, store: GraphStore, *, workers: int = 2, timeout: float = 30.0, max_rows: int = 10000,
                 memory_quads: int = 0):
        self.store = store
        #: a store of at most this many quads is loaded into memory once and shared by the workers (0: never)
        self.memory_quads = memory_quads
        self.size = max(1, workers)
        self.timeout = timeout
        self.max_rows = max_rows
        self.generation = 0
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._spare: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._views_dir: Path | None = None
        # what must go when the engine does (closed, collected, or at exit): never a reference to self,
        # so that an app dropped by its caller releases its store
        self._leftovers: dict = {"views_dir": None, "fork_server": None}
        self._finalizer = weakref.finalize(self, _remove_leftovers, self._leftovers)
        self._views: list[tuple[str, float | None]] = []
        self._source: tuple[str, str] | None = None
        self._fork_server: _ForkServer | None = None
        self._fork_lock = threading.Lock()

    # --- the store view workers open ------------------------------------------------------------

    def _views_directory(self) -> Path:
        """Where the workers' views live: beside an on-disk store (hard links need the same disk), else in tmp."""
        if self._views_dir is None:
            if self.store.path is not None:
                path = Path(self.store.path)
                self._views_dir = path.parent / f".{path.name}.readers"
                # only the process holding the store read-write gets here, so no one else uses old views
                shutil.rmtree(self._views_dir, ignore_errors=True)
                self._views_dir.mkdir(parents=True)
            else:
                self._views_dir = Path(tempfile.mkdtemp(prefix="migkg-readers-"))
            self._leftovers["views_dir"] = self._views_dir
        return self._views_dir

    def _make_source(self) -> tuple[str, str]:
        """A frozen copy of the store as it is now, for the workers to open.

        An on-disk store is checkpointed (RocksDB hard links: cheap, and immune to the writer's
        compactions, which a read-only handle on the live directory is not); an in-memory store is
        dumped to N-Quads.
        """
        directory = self._views_directory()
        if self.store.path is not None:
            self.store.flush()
            target = directory / f"generation-{self.generation}"
            self.store.backup(target)
            return ("disk", str(target))
        target = directory / f"generation-{self.generation}.nq"
        with open(target, "wb") as out:
            pyoxigraph.serialize(self.store.quads(), out, pyoxigraph.RdfFormat.N_QUADS)
        return ("snapshot", str(target))

    def _forget_old_views(self) -> None:
        """Delete views superseded long enough ago that no query can still be reading them."""
        now = time.monotonic()
        kept = []
        for location, superseded in self._views:
            if superseded is not None and now - superseded > VIEW_RETENTION:
                if os.path.isdir(location):
                    shutil.rmtree(location, ignore_errors=True)
                else:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(location)
            else:
                kept.append((location, superseded))
        self._views = kept

    def _ensure_source(self) -> tuple[str, str]:
        with self._lock:
            if self._source is None:
                self._source = self._make_source()
                self._views.append((self._source[1], None))
            return self._source

    def written(self) -> None:
        """Call after every write to the store: workers move to a fresh view before their next query."""
        with self._lock:
            self.generation += 1
            if self._source is None:
                return
            now = time.monotonic()
            self._views = [(location, superseded or now) for location, superseded in self._views]
            self._source = self._make_source()
            self._views.append((self._source[1], None))
            self._forget_old_views()

    # --- the pool ------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the fork server and the workers now (otherwise the first query does): `workers` of them, plus one spare."""
        with self._lock:
            if self._started:
                return
            self._started = True
        self._ensure_source()
        for _ in range(self.size):
            self._idle.put(self._new_worker())
        self._spare.put(self._new_worker())

    def _running_fork_server(self) -> _ForkServer:
        """The fork server, started (again) when it is not running.

        :raises StoreError: it cannot load the store view.
        """
        with self._fork_lock:
            if self._fork_server is None or not self._fork_server.alive():
                if self._fork_server is not None:
                    self._fork_server.kill()
                self._fork_server = None
                self._fork_server = _ForkServer(self._source, self.memory_quads).wait_ready(START_TIMEOUT)
                self._leftovers["fork_server"] = self._fork_server
            return self._fork_server

    def _new_worker(self) -> _Worker:
        """A worker forked from the fork server.

        :raises StoreError: the store view cannot be loaded, or the worker cannot start.
        """
        fork_server = self._running_fork_server()
        try:
            return fork_server.spawn(self._source, START_TIMEOUT).wait_ready(START_TIMEOUT)
        except StoreError:
            if fork_server.alive():
                raise
        # the fork server died (killed, out of memory): a new one, once
        return self._running_fork_server().spawn(self._source, START_TIMEOUT).wait_ready(START_TIMEOUT)

    def _spawn_into(self, target: "queue.Queue[_Worker]", failure: str) -> None:
        """Start a worker into `target`: the spare slot (to stand by for the next one killed) or the
        pool (when no spare was ready to take a killed one's place); `failure` is logged if it cannot start."""
        if self._closed:
            return
        try:
            worker = self._new_worker()
        except StoreError as error:
            log.error("%s: %s", failure, error)
            return
        if self._closed:
            worker.kill()
        else:
            target.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker; the spare takes its place at once and a new spare starts in the background."""
        worker.kill()
        try:
            self._idle.put(self._spare.get_nowait())
        except queue.Empty:
            # no spare ready (several kills in a row): this one comes back as a worker, not a spare
            threading.Thread(target=self._spawn_into, args=(self._idle, "cannot replace a query worker"),
                             name="migkg-worker-spawn", daemon=True).start()
            return
        threading.Thread(target=self._spawn_into, args=(self._spare, "cannot start a query worker"),
                         name="migkg-worker-spawn", daemon=True).start()

    def _release(self, worker: _Worker) -> None:
        if self._closed:
            worker.kill()
        else:
            self._idle.put(worker)

    def _dispatch(self, job: dict, deadline: float, timeout: float) -> _Worker:
        """Hand the job to a live idle worker, skipping (and replacing) any that died while idle.

        :raises EngineBusy: none became free before the deadline.
        """
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty as error:
                raise EngineBusy(
                    f"all {self.size} query workers stayed busy for {timeout:g} s; try again shortly"
                ) from error
            if worker.exited():
                self._replace(worker)
                continue
            try:
                worker.conn.send(job)
            except (OSError, ValueError):
                self._replace(worker)
                continue
            return worker

    def close(self) -> None:
        """Stop every idle worker (busy ones stop when their request ends) and let the fork server go."""
        self._closed = True
        for waiting in (self._idle, self._spare):
            while True:
                try:
                    waiting.get_nowait().kill()
                except queue.Empty:
                    break
        self._finalizer()

    # --- running a query -----------------------------------------------------------------------

    def run(
        self,
        sparql: str,
        *,
        accept: str | None = None,
        format: str | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        substitutions: Mapping[str, object] | None = None,
        union: bool = True,
        base_iri: str | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a query in a worker; returns once the first bytes (or the whole small result) are ready.

        :param accept: the client's Accept header; `format` (a short name or media type) wins over it.
        :param default_graph, named_graphs: a protocol dataset (IRIs); without either, the default
            graph is the union of all graphs (or only the store's default graph if `union` is False).
        :param substitutions: variable name (without '?') → pyoxigraph term, bound before evaluation.
        :raises QuerySyntaxError, Refused, NotAcceptable: the query is malformed, unsafe, or has no acceptable format.
        :raises QueryTimeout: the query ran past `timeout` seconds and was killed.
        :raises EngineBusy: no worker became free before the deadline.
        """
        if not self._started:
            self.start()
        timeout = self.timeout if timeout is None else timeout
        cap = self.max_rows if max_rows is None else max_rows
        started = time.monotonic()
        deadline = started + timeout
        job = {
            "sparql": sparql,
            "accept": accept,
            "format": format,
            "default_graph": default_graph,
            "named_graphs": named_graphs,
            "substitutions": dict(substitutions) if substitutions else None,
            "union": union,
            "base_iri": base_iri,
            "max_rows": cap,
            "source": self._source,
        }
        worker = self._dispatch(job, deadline, timeout)
        if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
            self._replace(worker)
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped")
        try:
            message = worker.conn.recv()
        except (EOFError, OSError) as error:
            self._replace(worker)
            raise QueryFailed("the query worker died while running the query", 500) from error
        if message[0] == "error":
            self._release(worker)
            if len(message) > 3 and isinstance(message[3], MigkgError):
                raise message[3]
            raise QueryFailed(message[2], message[1])
        if message[0] == "whole":
            self._release(worker)
            _, content_type, truncated, body, rows = message
            result = QueryResult(self, None, content_type, truncated, stall=timeout, body=body, rows=rows)
        else:
            result = QueryResult(self, worker, message[1], message[2], stall=timeout)
        result.elapsed = time.monotonic() - started
        return result


def get_engine() -> QueryEngine:
    """The query engine of the current app (inside a request or app context)."""
    from flask import current_app

    return current_app.extensions["migkg.engine"]


def run_query(
    sparql: str,
    *,
    substitutions: Mapping[str, object] | None = None,
    format: str | None = "json",
    accept: str | None = None,
    timeout: float | None = None,
    max_rows: int | None = None,
    default_graph: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> QueryResult:
    """Run a SELECT/ASK/CONSTRUCT/DESCRIBE safely (checked, time-limited, row-capped) in the current app.

    For SELECT/ASK, format is one of json, xml, csv, tsv; for CONSTRUCT/DESCRIBE one of ttl, nt,
    rdfxml, jsonld, trig, nq ("json" means JSON-LD for those, so the default fits every form;
    format=None negotiates from `accept`). Iterate the result for bytes
    or call `.read()` / `.json()`; always consume or `.close()` it.

    :raises MigkgError: QuerySyntaxError (400), Refused (403), NotAcceptable (406), QueryTimeout (503), ...
    """
    return get_engine().run(
        sparql,
        substitutions=substitutions,
        format=format,
        accept=accept,
        timeout=timeout,
        max_rows=max_rows,
        default_graph=default_graph,
        named_graphs=named_graphs,
    )

