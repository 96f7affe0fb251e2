"""The servers compared: each prepares its store from the same N-Quads file, starts on 127.0.0.1, stops."""

import shutil
import socket
from abc import ABC, abstractmethod
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests

ASK = "ASK { ?s ?p ?o }"


def free_port() -> int:
    """A TCP port free on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tree_memory(pid: int, measure) -> int:
    """`measure(process)` summed over a process and its children, in bytes (0 once it has exited)."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        try:
            total += measure(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def tree_rss(pid: int) -> int:
    """Resident memory of a process and its children, in bytes."""
    return _tree_memory(pid, lambda process: process.memory_info().rss)


def tree_pss(pid: int) -> int:
    """Proportional memory of a process and its children, in bytes: pages shared between them (a store
    forked copy-on-write into workers) count once in all, where RSS counts them once per process."""
    return _tree_memory(pid, lambda process: process.memory_full_info().pss)


class Peer(ABC):
    """A SPARQL server run as a subprocess."""

    name = "peer"
    available_hint = ""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.startup_seconds: float | None = None
        self.log = workdir / f"{self.name}.log"

    @classmethod
    def available(cls) -> bool:
        return True

    @property
    @abstractmethod
    def endpoint(self) -> str:
        """The SPARQL query URL."""

    def prepare(self, data: Path) -> None:
        """Load `data` into this peer's own store (not timed as start-up)."""

    @abstractmethod
    def command(self) -> list[str]:
        """The command line that starts the server."""

    def start(self, *, timeout: float = 120.0) -> None:
        """Start the server and wait until it answers an ASK; records start-up time."""
        started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command(), stdout=self.log.open("ab"), stderr=subprocess.STDOUT, cwd=self.workdir
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log}")
            try:
                response = requests.get(self.endpoint, params={"query": ASK},
                                        headers={"Accept": "application/sparql-results+json"}, timeout=2)
                if response.status_code == 200:
                    self.startup_seconds = time.perf_counter() - started
                    return
            except requests.RequestException:
                pass
            threading.Event().wait(0.05)
        raise RuntimeError(f"{self.name} did not answer within {timeout} s; see {self.log}")

    def memory(self) -> int:
        """Proportional memory (PSS) of the server's process tree, in bytes."""
        return tree_pss(self.process.pid) if self.process else 0

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Migkg(Peer):
    """This project's endpoint: `migkg build` then `migkg serve` (gunicorn, both cores)."""

    name = "migkg"

    def __init__(self, workdir: Path, *, store: Path | None = None, extra: tuple[str, ...] = ()):
        self.extra = extra
        super().__init__(workdir)
        self.store = store or workdir / "migkg-store"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def prepare(self, data: Path) -> None:
        """`migkg build` of `data`, unless the store given to the constructor already holds data."""
        if (self.store / "CURRENT").exists():
            return
        subprocess.run([sys.executable, "-m", "migkg", "build", str(data), "--store", str(self.store)],
                       check=True, stdout=subprocess.DEVNULL, stderr=self.log.open("ab"))

    def command(self) -> list[str]:
        return [sys.executable, "-m", "migkg", "serve", "--store", str(self.store), "--host", "127.0.0.1",
                "--port", str(self.port), "--timeout", "60", "--max-rows", "2000000", *self.extra]


class OxigraphServe(Peer):
    """`oxigraph serve` from the PyPI package oxigraph: the same engine behind a Rust HTTP server."""

    name = "oxigraph-serve"
    available_hint = "pip install oxigraph"

    @classmethod
    def available(cls) -> bool:
        return shutil.which("oxigraph") is not None

    def __init__(self, workdir: Path):
        super().__init__(workdir)
        self.store = workdir / "oxigraph-store"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def prepare(self, data: Path) -> None:
        subprocess.run(["oxigraph", "load", "--location", str(self.store), "--file", str(data)],
                       check=True, stdout=subprocess.DEVNULL, stderr=self.log.open("ab"))
        subprocess.run(["oxigraph", "optimize", "--location", str(self.store)],
                       check=True, stdout=subprocess.DEVNULL, stderr=self.log.open("ab"))

    def command(self) -> list[str]:
        return ["oxigraph", "serve", "--location", str(self.store), "--bind", f"127.0.0.1:{self.port}",
                "--union-default-graph"]


class RdflibEndpoint(Peer):
    """rdflib-endpoint from PyPI: rdflib's engine behind FastAPI."""

    name = "rdflib-endpoint"
    available_hint = "pip install 'rdflib-endpoint[cli]'"

    @classmethod
    def available(cls) -> bool:
        return shutil.which("rdflib-endpoint") is not None

    def prepare(self, data: Path) -> None:
        self.data = data

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        return ["rdflib-endpoint", "serve", str(self.data), "--host", "127.0.0.1", "--port", str(self.port)]


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = {connections}
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
DirsAllowed = {dirs}
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = {connections}
ServerThreads = {connections}
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 1000
"""


def virtuoso_ini(directory: Path, *, sql_port: int, http_port: int, readable: tuple[Path, ...] = (),
                 buffers: int = 10_000, connections: int = 10, max_rows: int = 1_000_000) -> str:
    """A minimal virtuoso.ini for a throw-away server in `directory` on 127.0.0.1 (also used by the tests).

    `readable` are directories its bulk loader may read; `buffers` are 8 KiB pages (three quarters may be dirty).
    """
    dirs = ", ".join([".", str(directory), *(str(d) for d in readable)])
    return VIRTUOSO_INI.format(dir=directory, sql_port=sql_port, http_port=http_port, dirs=dirs, buffers=buffers,
                               dirty_buffers=buffers * 3 // 4, connections=connections, max_rows=max_rows)


class Virtuoso(Peer):
    """OpenLink Virtuoso 7 (Debian's virtuoso-opensource-7): `virtuoso-t`, data loaded with isql's bulk loader.

    Its /sparql endpoint queries the union of all graphs by default, as the others are set up to.
    """

    name = "virtuoso"
    available_hint = "apt-get install virtuoso-opensource-7"
    binary = "/usr/bin/virtuoso-t"
    isql = "isql-vt"

    @classmethod
    def available(cls) -> bool:
        return Path(cls.binary).exists() and shutil.which(cls.isql) is not None

    #: 8 KiB pages: 680000 is about 5.3 GiB, generous for 24 GiB; a small data set may use fewer
    buffers = 680_000

    def __init__(self, workdir: Path, *, buffers: int | None = None):
        super().__init__(workdir)
        self.sql_port = free_port()
        self.ini = workdir / "virtuoso.ini"
        self.buffers = buffers or self.buffers

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def command(self) -> list[str]:
        return [self.binary, "+foreground", "+configfile", str(self.ini)]

    def prepare(self, data: Path) -> None:
        """Start once to bulk-load `data` (ld_dir + rdf_loader_run, then a checkpoint), and stop."""
        self.ini.write_text(virtuoso_ini(self.workdir, sql_port=self.sql_port, http_port=self.port,
                                         readable=(data.resolve().parent,), buffers=self.buffers,
                                         connections=20, max_rows=2_000_000))
        self.start(timeout=180)
        try:
            script = self.workdir / "load.sql"
            script.write_text(
                f"ld_dir('{data.resolve().parent}', '{data.name}', 'urn:migkg:bench:unused');\n"
                "rdf_loader_run();\n"
                "checkpoint;\n"
                "SELECT ll_file, ll_state, ll_error FROM DB.DBA.LOAD_LIST;\n"
            )
            done = subprocess.run([self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", str(script)],
                                  capture_output=True, text=True, timeout=3600)
            with self.log.open("a") as log:
                log.write(done.stdout + done.stderr)
            if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
                raise RuntimeError(f"virtuoso bulk load failed; see {self.log}")
        finally:
            self.stop()

    def stop(self) -> None:
        """SIGTERM makes virtuoso-t checkpoint and exit; wait long enough for that."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


PEERS = (Migkg, OxigraphServe, Virtuoso, RdflibEndpoint)
