"""GraphStore: the one wrapper around pyoxigraph; no other module touches pyoxigraph.Store.

Engine exceptions are translated here, once: a SPARQL syntax error becomes QuerySyntaxError
with its line and column, an OSError on open becomes StoreError.
"""

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from migkg.errors import QuerySyntaxError, StoreError
from migkg.triples.namespaces import PREFIXES

DEFAULT_STORE_ENV = "MIGKG_STORE"


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


class GraphStore:
    """A pyoxigraph store, on disk or in memory, with the project's defaults.

    Queries see the union of all named graphs as their default graph unless told otherwise.
    """

    def __init__(self, store: pyoxigraph.Store, *, path: Path | None = None, read_only: bool = False):
        self._store = store
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, read_only: bool = False) -> "GraphStore":
        """Open (creating if needed) the store at `path`, or an in-memory store when `path` is None.

        :raises StoreError: the directory is not a store, is locked by another process, or unreadable.
        """
        if path is None:
            return cls(pyoxigraph.Store())
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, not a store directory")
        if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
            raise StoreError(f"{path} is not a migkg store (no RocksDB files in it); choose another --store")
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if read_only:
                store = pyoxigraph.Store.read_only(str(path))
            else:
                store = pyoxigraph.Store(str(path))
        except OSError as error:
            if "LOCK" in str(error) or "lock" in str(error):
                raise StoreError(
                    f"{path} is in use by another process (a running `migkg serve` or build?); "
                    "stop it or use another --store"
                ) from error
            raise StoreError(f"cannot open the store at {path}: {error}") from error
        return cls(store, path=path, read_only=read_only)

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
        elif union:
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = list(named_graphs)
        if base_iri:
            options["base_iri"] = base_iri
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as error:
            raise _syntax_error(error) from error

    def quads(self, subject=None, predicate=None, obj=None, graph=None) -> Iterable[Quad]:
        """The quads matching a pattern (None matches anything)."""
        return self._store.quads_for_pattern(subject, predicate, obj, graph)

    def named_graphs(self) -> list[NamedNode]:
        """Every named graph in the store."""
        return [g for g in self._store.named_graphs() if isinstance(g, NamedNode)]

    def __len__(self) -> int:
        return len(self._store)

    # --- writing -----------------------------------------------------------------------------

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update, all or nothing.

        :raises QuerySyntaxError: the update does not parse.
        """
        options = {"prefixes": PREFIXES}
        if base_iri:
            options["base_iri"] = base_iri
        try:
            self._store.update(sparql, **options)
        except SyntaxError as error:
            raise _syntax_error(error) from error

    def extend(self, quads: Iterable[Quad]) -> None:
        """Add quads in one transaction."""
        self._store.extend(quads)

    def flush(self) -> None:
        """Write buffers to disk (no-op for memory stores)."""
        if self.path is not None and not self.read_only:
            self._store.flush()

    @property
    def engine(self) -> pyoxigraph.Store:
        """The underlying pyoxigraph store, for code inside migkg.triples only."""
        return self._store
