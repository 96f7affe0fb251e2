"""GraphStore: the one wrapper around pyoxigraph; no other module touches pyoxigraph.Store.

Engine exceptions are translated here, once: a SPARQL syntax error becomes QuerySyntaxError
with its line and column, an OSError on open becomes StoreError.

`open_store(spec)` and the `store_option` click decorator pick the backend every command uses:
a directory (this module) or an http(s) SPARQL endpoint (`migkg.triples.remote.RemoteStore`,
same interface).
"""

import io
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

import click
import pyoxigraph
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad

from migkg.errors import QuerySyntaxError, StoreError, UsageProblem
from migkg.triples.namespaces import ONTOLOGY_IRI, PREFIXES, VOCAB_BASE

DEFAULT_STORE_ENV = "MIGKG_STORE"

#: named graphs with a fixed role (docs/modelling.md); every other graph holds one source document
ONTOLOGY_GRAPH = NamedNode(ONTOLOGY_IRI)
VOCABULARIES_GRAPH = NamedNode(VOCAB_BASE)
ALIGNMENTS_GRAPH = NamedNode(ONTOLOGY_IRI + "/alignments")
COUNTRIES_GRAPH = NamedNode("https://w3id.org/migkg/graph/countries")
ENTAILMENTS_GRAPH = NamedNode("https://w3id.org/migkg/graph/entailments")
#: what each build loaded: one entry per source with its checksum and the graphs it wrote
MANIFEST_GRAPH = NamedNode("https://w3id.org/migkg/graph/manifest")
#: graphs the build derives rather than loads from a source
DERIVED_GRAPHS = (ENTAILMENTS_GRAPH, MANIFEST_GRAPH)
#: a query text that may name graphs (GRAPH, FROM): anywhere, comments and literals included, so never a miss
NAMES_GRAPHS = re.compile(r"\b(?:GRAPH|FROM)\b", re.IGNORECASE)


def default_store_path() -> Path:
    """The store used when none is given: $MIGKG_STORE, else $XDG_DATA_HOME/migkg/store (~/.local/share)."""
    if os.environ.get(DEFAULT_STORE_ENV):
        return Path(os.environ[DEFAULT_STORE_ENV])
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "migkg" / "store"


_POSITION = re.compile(r"(?:line|at) (\d+)[^\d]+(\d+)", re.IGNORECASE)


def _syntax_error(error: SyntaxError) -> QuerySyntaxError:
    """Translate pyoxigraph's SyntaxError, keeping the line and column it reports."""
    message = str(error)
    line = column = None
    match = _POSITION.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
    return QuerySyntaxError(message.splitlines()[0] if message else "malformed SPARQL", line=line, column=column)


#: how RocksDB and oxigraph report a store directory whose creation never finished
_HALF_CREATED_MESSAGES = ("Column family not found", "only possible on read-write")


class _HalfCreated(Exception):
    """The store directory exists but its creation never finished (the creator was killed)."""


def _in_use(path: Path) -> StoreError:
    return StoreError(f"{path} is in use by another process (a running `migkg serve` or build?); "
                      "stop it or use another --store")


def _open_engine(path: Path, *, read_only: bool) -> pyoxigraph.Store:
    """pyoxigraph's store at `path`.

    :raises _HalfCreated: the store's creation never finished (only a read-only open can tell).
    :raises StoreError: locked by another process, or unreadable.
    """
    try:
        return pyoxigraph.Store.read_only(str(path)) if read_only else pyoxigraph.Store(str(path))
    except (OSError, RuntimeError) as error:  # RocksDB reports a half-created store as RuntimeError
        if "lock" in str(error).lower():
            raise _in_use(path) from error
        if read_only and any(message in str(error) for message in _HALF_CREATED_MESSAGES):
            raise _HalfCreated(str(error)) from error
        raise StoreError(f"cannot open the store at {path}: {error}") from error


#: the files RocksDB writes while creating a database, before and with CURRENT
_ROCKSDB_CREATION_FILES = re.compile(
    r"LOCK|LOG(\.old\.\d+)?|IDENTITY|MANIFEST-\d+|OPTIONS-\d+(\.dbtmp)?|\d+\.(log|dbtmp)"
)


def _creation_started(path: Path) -> bool:
    """Whether `path` holds only what RocksDB writes before CURRENT: a creation killed midway, no data."""
    if not path.is_dir() or (path / "CURRENT").exists():
        return False
    names = [entry.name for entry in path.iterdir()]
    return bool(names) and "LOCK" in names and all(_ROCKSDB_CREATION_FILES.fullmatch(name) for name in names)


def _create(path: Path) -> None:
    """Create an empty store at `path` (missing or an empty directory), atomically.

    RocksDB writes CURRENT before the column families and oxigraph's version marker: a process
    killed in between would leave a directory that looks like a store but cannot be opened
    read-only. So the store is created in a sibling directory and renamed into place once whole;
    a creation killed midway leaves only that hidden sibling (removed by the next creation).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in path.parent.glob(f".{path.name}.creating-*"):
        if leftover.is_dir() and not _held(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{path.name}.creating-", dir=path.parent))
    try:
        engine = _open_engine(scratch, read_only=False)
        engine.flush()
        del engine  # releases the RocksDB lock before the rename
        os.replace(scratch, path)  # fails if another process created `path` meanwhile: theirs is kept
    except OSError as error:
        if not (path / "CURRENT").exists():
            raise StoreError(f"cannot create the store at {path}: {error}") from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _held(directory: Path) -> bool:
    """Whether another process holds `directory` (a store it is creating); RocksDB's lock tells."""
    try:
        engine = pyoxigraph.Store(str(directory))
    except (OSError, RuntimeError):
        return True
    del engine
    return False


class GraphStore:
    """A pyoxigraph store, on disk or in memory, with the project's defaults.

    Queries see the union of all named graphs as their default graph unless told otherwise.
    """

    is_remote = False

    def __init__(self, store: pyoxigraph.Store, *, path: Path | None = None, read_only: bool = False):
        self._store = store
        self.path = path
        self.read_only = read_only
        #: the merge of the named graphs as a store of its own (materialise_union), else None
        self._merged: pyoxigraph.Store | None = None

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, read_only: bool = False) -> "GraphStore":
        """Open (creating if needed) the store at `path`, or an in-memory store when `path` is None.

        Opening for writing first undoes any bulk load a killed build left unfinished
        (migkg.triples.bulk.repair), so a writer never starts from half a file.

        :raises StoreError: the directory is not a store, is locked by another process, or unreadable.
        """
        if path is None:
            return cls(pyoxigraph.Store())
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, not a store directory")
        started = _creation_started(path)
        if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists() and not started:
            raise StoreError(f"{path} is not a migkg store (no RocksDB files in it); choose another --store")
        if read_only and not (path / "CURRENT").exists():
            raise StoreError(f"there is no store at {path}; run `migkg build --store {path}` first")
        if started:
            # an earlier version's creation was killed before CURRENT: opening for writing completes it
            completing = _open_engine(path, read_only=False)
            completing.flush()
            del completing
        elif not read_only and not (path / "CURRENT").exists():
            _create(path)
        try:
            store = _open_engine(path, read_only=read_only)
        except _HalfCreated:
            # a store whose creation was killed by an earlier version: opening it for writing completes it
            repairing = _open_engine(path, read_only=False)
            repairing.flush()
            del repairing
            store = _open_engine(path, read_only=read_only)
        opened = cls(store, path=path, read_only=read_only)
        if not read_only:
            from migkg.triples import bulk  # bulk builds on this module

            bulk.repair(opened)
        return opened

    # --- reading -----------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, object] | None = None,
        union: bool = True,
        default_graph: Iterable[NamedNode] | None = None,
        named_graphs: Iterable[NamedNode] | None = None,
        base_iri: str | None = None,
    ):
        """Run a SPARQL query; returns pyoxigraph's lazy solutions, boolean or triples.

        `substitutions` binds variables (names without '?') to terms before evaluation.
        Evaluation errors surface while iterating.

        :raises QuerySyntaxError: the query does not parse.
        """
        options = {"prefixes": PREFIXES}
        if substitutions:
            options["substitutions"] = {pyoxigraph.Variable(k): v for k, v in substitutions.items()}
        if default_graph is not None:
            options["default_graph"] = list(default_graph)
        elif self._merged is not None:
            if not union:  # the store's own default graph was empty before the copy
                options["default_graph"] = []
        elif union:
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = list(named_graphs)
        if base_iri:
            options["base_iri"] = base_iri
        engine = self._store
        if self._merged is not None and union and default_graph is None and named_graphs is None:
            if not NAMES_GRAPHS.search(sparql):
                engine = self._merged
        try:
            return engine.query(sparql, **options)
        except SyntaxError as error:
            raise _syntax_error(error) from error

    def quads(self, subject=None, predicate=None, obj=None, graph=None) -> Iterable[Quad]:
        """The quads matching a pattern (None matches anything)."""
        return self._store.quads_for_pattern(subject, predicate, obj, graph)

    def named_graphs(self) -> list[NamedNode]:
        """Every named graph in the store."""
        return [g for g in self._store.named_graphs() if isinstance(g, NamedNode)]

    def contains_named_graph(self, graph: NamedNode) -> bool:
        """Whether `graph` is in the store."""
        return self._store.contains_named_graph(graph)

    def __len__(self) -> int:
        return len(self._store)

    def graph_filter(self, variable: str) -> str:
        """A SPARQL group element that keeps ?`variable` to graphs holding loaded data (not derived ones)."""
        derived = ", ".join(str(g) for g in DERIVED_GRAPHS)
        return f"FILTER (?{variable} NOT IN ({derived}))"

    def dump(self, output, format: pyoxigraph.RdfFormat, *, from_graph: NamedNode | None = None) -> None:
        """Serialise the whole dataset (quad formats) or one graph (`from_graph`) to a binary file object."""
        options = {"prefixes": PREFIXES}
        if from_graph is not None:
            options["from_graph"] = from_graph
        self._store.dump(output, format, **options)

    # --- writing -----------------------------------------------------------------------------

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update, all or nothing.

        :raises QuerySyntaxError: the update does not parse.
        :raises StoreError: the engine fails (disk full, a LOAD that cannot fetch).
        """
        options = {"prefixes": PREFIXES}
        if base_iri:
            options["base_iri"] = base_iri
        try:
            self._store.update(sparql, **options)
        except SyntaxError as error:
            raise _syntax_error(error) from error
        except OSError as error:
            raise StoreError(f"the update failed on {self.describe()} (nothing of it was written): {error}") from error

    def extend(self, quads: Iterable[Quad]) -> None:
        """Add quads in one transaction."""
        self._store.extend(quads)

    def replace_graphs(
        self,
        drop: Iterable[NamedNode],
        insert: Iterable[Quad],
        *,
        forget: Iterable[tuple[NamedNode, NamedNode]] = (),
        delete: Iterable[Quad] = (),
        then: str = "",
    ) -> None:
        """In ONE transaction: drop the graphs `drop`, delete every triple of the (graph, subject)
        pairs in `forget` and the quads `delete`, insert `insert` (quads in named graphs), then
        run the update `then`.

        Readers see the store before or after, never in between; a process killed meanwhile
        leaves the store as it was.

        When there is nothing to drop, forget or delete (a document new to the store), the quads go
        in through the engine's atomic `extend`: 2.7 times faster than the same INSERT DATA, whose
        text the SPARQL parser must read. Their blank nodes are made fresh first, as INSERT DATA
        makes them (`extend` would keep the labels and merge them with the store's).
        """
        drop, insert, forget, delete = list(drop), list(insert), list(forget), list(delete)
        fresh = _with_fresh_blank_nodes(insert) if not delete and not then.strip() else None
        if fresh is not None and self._absent(drop, forget):
            for quad in fresh:
                _refuse_default_graph(quad)
            try:
                self._store.extend(fresh)
            except OSError as error:
                raise StoreError(f"the update failed on {self.describe()} (nothing of it was written): {error}") from error
            return
        text = replacement_update(drop, insert, forget=forget, delete=delete, then=then)
        if text:
            self.update(text)

    def _absent(self, graphs: list[NamedNode], subjects: list[tuple[NamedNode, NamedNode]]) -> bool:
        """Whether none of `graphs` is in the store and no (graph, subject) pair has a triple."""
        if any(self._store.contains_named_graph(graph) for graph in graphs):
            return False
        return all(next(iter(self._store.quads_for_pattern(subject, None, None, graph)), None) is None
                   for graph, subject in subjects)

    def load_new_graph(self, data: bytes, format: pyoxigraph.RdfFormat, *, to_graph: NamedNode | None,
                       base_iri: str | None = None) -> None:
        """Bulk-load serialised RDF: triple formats (and a quad format's default graph) go into `to_graph`.

        Fast and lean, but NOT a transaction: a syntax error or a crash partway leaves part of the
        data in the store, and readers may see the graphs fill. Use it for graphs not yet in the
        store only, and undo a failed load by dropping them (migkg.triples.bulk does both).

        :raises SyntaxError: the data does not parse (part of it may have been written).
        :raises StoreError: the engine fails (part of the data may have been written).
        """
        options = {"base_iri": base_iri} if base_iri else {}
        if to_graph is not None:
            options["to_graph"] = to_graph
        try:
            self._store.bulk_load(data, format, **options)
        except OSError as error:
            raise StoreError(f"bulk load into {self.describe()} failed partway: {error}") from error

    def count(self, graphs: Iterable[NamedNode]) -> int:
        """The number of quads in the given named graphs, counted inside the engine."""
        graphs = list(graphs)
        if not graphs:
            return 0
        values = " ".join(str(graph) for graph in graphs)
        rows = list(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                               union=False))
        return int(rows[0]["n"].value)

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        """Remove the given named graphs, all in one transaction."""
        self.replace_graphs(graphs, ())

    def flush(self) -> None:
        """Write buffers to disk (no-op for memory stores)."""
        if self.path is not None and not self.read_only:
            self._store.flush()

    def optimize(self) -> None:
        """Compact the on-disk store (worth doing after a build, before serving)."""
        if self.path is not None and not self.read_only:
            self._store.optimize()

    def backup(self, target: str | os.PathLike) -> None:
        """Copy the store into the empty or missing directory `target` (hard links where possible).

        :raises UsageProblem: `target` exists and is not an empty directory, or the store is in memory.
        """
        target = Path(target)
        if self.path is None:
            raise UsageProblem("an in-memory store cannot be backed up; give --store a directory")
        if target.exists():
            if not target.is_dir() or any(target.iterdir()):
                raise UsageProblem(f"{target} is not empty; give a new or empty directory for the backup")
            target.rmdir()
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._store.backup(str(target))
        except OSError as error:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"backup into {target} failed: {error}") from error

    def materialise_union(self) -> bool:
        """Hold the merge of the named graphs (each triple once) for the queries that read the default graph.

        For an in-memory store meant to be read only (the server's query image): the merge is
        copied into the empty default graph, and also kept as a store of its own, which queries
        that name no graph (no GRAPH, FROM or protocol dataset) run on. Queries then see the RDF
        merge where they would see the union of all graphs (which repeats a triple once per graph
        stating it), and joins over triples that many graphs restate run far faster on the
        separate store. Named graphs are unchanged, and `union=False` still sees an empty default
        graph. Later writes are not copied. Costs twice the memory and time of the data once more.
        Returns False, changing nothing, for an on-disk store or one whose default graph holds triples.
        """
        if self.path is not None or self._merged is not None:
            return False
        if next(iter(self._store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None:
            return False
        self._store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        merge = io.BytesIO()
        self._store.dump(merge, pyoxigraph.RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
        self._merged = pyoxigraph.Store()
        self._merged.bulk_load(merge.getvalue(), pyoxigraph.RdfFormat.N_TRIPLES)
        return True

    def in_memory_copy(self) -> "GraphStore":
        """A new in-memory store holding every quad of this one (bulk-loaded, not transactional)."""
        copy = pyoxigraph.Store()
        copy.bulk_extend(self._store.quads_for_pattern(None, None, None, None))
        return GraphStore(copy)

    def close(self) -> None:
        """Release the store (and its lock); the object must not be used afterwards."""
        self.flush()
        self._store = None

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc_info) -> None:
        if self._store is not None:
            self.close()

    def describe(self) -> str:
        """Where the store lives, for messages."""
        return str(self.path) if self.path is not None else "an in-memory store"

    @property
    def engine(self) -> pyoxigraph.Store:
        """The underlying pyoxigraph store, for code inside migkg.triples only."""
        return self._store


def _refuse_default_graph(quad: Quad) -> None:
    """:raises ValueError: `quad` is in the default graph (the build writes named graphs only)."""
    if isinstance(quad.graph_name, DefaultGraph):
        raise ValueError(f"quad {quad} is in the default graph; the store holds named graphs only")


def _with_fresh_blank_nodes(quads: list[Quad]) -> list[Quad] | None:
    """`quads` with every blank node replaced by a new one (the same label, the same new node);
    None when a term is a quoted triple, whose inner blank nodes this does not reach."""
    fresh: dict[BlankNode, BlankNode] = {}
    renamed = []
    for quad in quads:
        subject, obj = quad.subject, quad.object
        if type(subject) is NamedNode and type(obj) in (NamedNode, pyoxigraph.Literal):
            renamed.append(quad)
            continue
        if isinstance(subject, pyoxigraph.Triple) or isinstance(obj, pyoxigraph.Triple):
            return None
        if isinstance(subject, BlankNode):
            subject = fresh.get(subject) or fresh.setdefault(subject, BlankNode())
        if isinstance(obj, BlankNode):
            obj = fresh.get(obj) or fresh.setdefault(obj, BlankNode())
        renamed.append(Quad(subject, quad.predicate, obj, quad.graph_name))
    return renamed


# --- the update text that replaces graphs in one transaction (shared with the remote backend) ---


def quads_as_update_data(quads: Iterable[Quad]) -> list[str]:
    """`GRAPH <g> { s p o . ... }` blocks, one per graph, for INSERT DATA or DELETE DATA.

    :raises ValueError: a quad is in the default graph (the build writes named graphs only).
    """
    by_graph: dict[str, list[str]] = defaultdict(list)
    for quad in quads:
        _refuse_default_graph(quad)
        by_graph[str(quad.graph_name)].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return [f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items()]


def data_operations(keyword: str, quads: Iterable[Quad], *, chunk: int | None = None) -> list[str]:
    """`INSERT DATA { ... }` (or DELETE DATA) operations for `quads`, at most `chunk` quads each."""
    quads = list(quads)
    size = chunk or max(len(quads), 1)
    return [
        f"{keyword} {{\n" + "\n".join(quads_as_update_data(quads[start:start + size])) + "\n}"
        for start in range(0, len(quads), size)
    ]


def replacement_update(
    drop: Iterable[NamedNode],
    insert: Iterable[Quad],
    *,
    forget: Iterable[tuple[NamedNode, NamedNode]] = (),
    delete: Iterable[Quad] = (),
    then: str = "",
    chunk: int | None = None,
) -> str:
    """The SPARQL update `replace_graphs` runs: DROPs, DELETE WHEREs, DELETE DATA, INSERT DATA, then `then`.

    `chunk` splits the data into operations of at most that many quads (some servers' parsers
    need it); they stay in one request.
    """
    operations = [f"DROP SILENT GRAPH {graph}" for graph in dict.fromkeys(drop)]
    operations += [f"DELETE WHERE {{ GRAPH {graph} {{ {subject} ?p ?o }} }}" for graph, subject in forget]
    operations += data_operations("DELETE DATA", delete, chunk=chunk)
    operations += data_operations("INSERT DATA", insert, chunk=chunk)
    if then.strip():
        operations.append(then)
    return " ;\n".join(operations)


# --- choosing a backend ------------------------------------------------------------------------


def is_remote_spec(spec: str | os.PathLike | None) -> bool:
    """Whether a --store value names a SPARQL endpoint (http:// or https://) rather than a directory."""
    return isinstance(spec, str) and spec.lower().startswith(("http://", "https://"))


def open_store(spec: str | os.PathLike | None, *, read_only: bool = False):
    """The store a command works on: a GraphStore for a directory, a RemoteStore for an http(s) URL.

    `spec` None means $MIGKG_STORE, else `default_store_path()`.

    :raises StoreError: the store cannot be opened (not a store, locked, unreachable).
    """
    if spec is None or str(spec) == "":
        spec = os.environ.get(DEFAULT_STORE_ENV) or default_store_path()
    if is_remote_spec(spec):
        from migkg.triples.remote import RemoteStore

        return RemoteStore.open(str(spec), read_only=read_only)
    return GraphStore.open(spec, read_only=read_only)


def store_option(function):
    """Click option `--store DIR|URL` (envvar MIGKG_STORE, default `default_store_path()`), passed as `store`.

    The command receives the spec (a string or None); it calls `open_store(store)` itself.
    """
    return click.option(
        "--store",
        "store",
        envvar=DEFAULT_STORE_ENV,
        default=None,
        metavar="DIR|URL",
        help="Store directory, or http(s) URL of a SPARQL 1.1 endpoint "
        f"[env MIGKG_STORE; default {default_store_path()}].",
    )(function)
