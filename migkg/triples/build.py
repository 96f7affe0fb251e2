"""Building the graph: sources in, one named graph per document, entailments, all incremental and atomic.

A *manifest* graph (MANIFEST_GRAPH) records one entry per source: its sha256 checksum, the
loader and migkg version that read it, and the graphs it wrote. A source whose entry matches is
skipped; a changed one has its graphs replaced, together with its entry, in ONE transaction
(`store.replace_graphs`), so a build killed at any moment leaves every document wholly present
(old or new version) or wholly absent, and readers never see half a document.

RDF files among the sources are loaded as they are: triple formats into the graph named after
the file's document IRI, quad formats keep their graphs (their default-graph triples go to the
document graph). A new file of BULK_LOAD_BYTES or more whose graphs are all new to an embedded
store goes through pyoxigraph's bulk loader, bracketed by a load record so that an interrupted
load is undone by the next build (migkg.triples.bulk); a changed one is parsed and replaced like
any document. A build that bulk-loaded compacts the store before computing the entailments.
"""

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.resources import files
from pathlib import PurePosixPath

import pyoxigraph
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat

from migkg import __version__
from migkg.errors import LoaderError, UsageProblem
from migkg.triples import bulk, countries, entailment, iris
from migkg.triples.namespaces import DCTERMS, MKG, PROV, XSD
from migkg.triples.store import (
    ALIGNMENTS_GRAPH,
    COUNTRIES_GRAPH,
    DERIVED_GRAPHS,
    ENTAILMENTS_GRAPH,
    MANIFEST_GRAPH,
    ONTOLOGY_GRAPH,
    VOCABULARIES_GRAPH,
)

#: file extensions read as RDF (as they are) rather than handed to a document loader
RDF_EXTENSIONS = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".jsonld": RdfFormat.JSON_LD,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
}

#: the ontology modules loaded as data, each into its own graph (shapes.ttl is not data)
ONTOLOGY_MODULES = {
    "migkg.ttl": ONTOLOGY_GRAPH,
    "vocabularies.ttl": VOCABULARIES_GRAPH,
    "alignments.ttl": ALIGNMENTS_GRAPH,
}

RDF_LOADER = "rdf"
#: new RDF files at least this big go through pyoxigraph's bulk loader (below, a transaction is faster)
BULK_LOAD_BYTES = 4 * 1024 * 1024
#: environment variable that overrides BULK_LOAD_BYTES (a size in bytes; 0 bulk-loads every new RDF file)
BULK_LOAD_BYTES_ENV = "MIGKG_BULK_LOAD_BYTES"
MANIFEST_ENTRY_BASE = MANIFEST_GRAPH.value + "/entry/"


@dataclass(frozen=True)
class ManifestEntry:
    """What the store says it loaded from one source."""

    iri: NamedNode
    checksum: str
    loader: str
    version: str
    graphs: frozenset[NamedNode]


@dataclass
class Outcome:
    """What happened to one source."""

    name: str
    status: str  # "loaded", "skipped" or "failed"
    graphs: tuple[NamedNode, ...] = ()
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    bundled: bool = False  # an ontology module or the country table, not a source document
    bulk_loaded: bool = False  # written by the bulk loader (a new, large RDF file)


@dataclass
class BuildReport:
    """The outcome of each source, in order, and whether the entailments were recomputed."""

    outcomes: list[Outcome] = field(default_factory=list)
    entailments_recomputed: bool = False
    dropped_graphs: list[NamedNode] = field(default_factory=list)
    #: graphs of bulk loads an earlier build left unfinished, dropped before this build loaded anything
    repaired_graphs: list[NamedNode] = field(default_factory=list)
    compacted: bool = False

    def with_status(self, status: str, *, bundled: bool | None = None) -> list[Outcome]:
        """The outcomes with `status` ("loaded", "skipped", "failed"), optionally only (not) bundled ones."""
        return [o for o in self.outcomes if o.status == status and (bundled is None or o.bundled == bundled)]

    @property
    def changed(self) -> bool:
        """Whether the build wrote or dropped anything."""
        return bool(self.with_status("loaded") or self.dropped_graphs or self.repaired_graphs)

    @property
    def ok(self) -> bool:
        """No source failed."""
        return not self.with_status("failed")

    @property
    def warnings(self) -> list[str]:
        """Every loader warning, as `file:line: message`."""
        return [warning for outcome in self.outcomes for warning in outcome.warnings]


def sha256(data: bytes) -> str:
    """The checksum recorded for a source: sha256 hex of its raw bytes."""
    return hashlib.sha256(data).hexdigest()


def entry_iri(subject: NamedNode) -> NamedNode:
    """The manifest entry of the source whose document (or fixed graph) IRI is `subject`."""
    return NamedNode(MANIFEST_ENTRY_BASE + hashlib.sha1(subject.value.encode("utf-8")).hexdigest()[:16])


def read_manifest(store) -> dict[NamedNode, ManifestEntry]:
    """Every manifest entry in the store, by entry IRI."""
    rows = store.query(
        f"""SELECT ?entry ?checksum ?loader ?version ?graph WHERE {{
              GRAPH {MANIFEST_GRAPH} {{
                ?entry {MKG.checksum} ?checksum ; {MKG.loader} ?loader ; {MKG.loaderVersion} ?version .
                OPTIONAL {{ ?entry {DCTERMS.hasPart} ?graph }}
              }}
            }}""",
        union=False,
    )
    found: dict[NamedNode, dict] = {}
    for row in rows:
        entry = found.setdefault(
            row["entry"],
            {"checksum": row["checksum"].value, "loader": row["loader"].value, "version": row["version"].value,
             "graphs": set()},
        )
        if row["graph"] is not None:
            entry["graphs"].add(row["graph"])
    return {
        iri: ManifestEntry(iri, e["checksum"], e["loader"], e["version"], frozenset(e["graphs"]))
        for iri, e in found.items()
    }


def _manifest_quads(subject: NamedNode, *, source: str, checksum: str, loader: str,
                    graphs: Iterable[NamedNode]) -> list[Quad]:
    entry = entry_iri(subject)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    triples = [
        (DCTERMS.subject, subject),
        (DCTERMS.source, Literal(source)),
        (MKG.checksum, Literal(checksum)),
        (MKG.loader, Literal(loader)),
        (MKG.loaderVersion, Literal(__version__)),
        (PROV.generatedAtTime, Literal(now, datatype=XSD.dateTime)),
    ]
    triples += [(DCTERMS.hasPart, graph) for graph in sorted(set(graphs), key=lambda g: g.value)]
    return [Quad(entry, predicate, obj, MANIFEST_GRAPH) for predicate, obj in triples]


def rdf_format(name: str) -> RdfFormat | None:
    """The RDF format of a source by its file extension, or None for a document a loader reads."""
    return RDF_EXTENSIONS.get(PurePosixPath(name.split("?")[0]).suffix.lower())


def bulk_load_bytes() -> int:
    """The size from which new RDF files are bulk-loaded: $MIGKG_BULK_LOAD_BYTES, else BULK_LOAD_BYTES.

    :raises UsageProblem: the variable is not a whole number of bytes.
    """
    value = os.environ.get(BULK_LOAD_BYTES_ENV)
    if value is None or value.strip() == "":
        return BULK_LOAD_BYTES
    try:
        size = int(value)
    except ValueError:
        size = -1
    if size < 0:
        raise UsageProblem(f"{BULK_LOAD_BYTES_ENV} must be a number of bytes (0 or more), got {value!r}")
    return size


def parse_rdf(data: bytes, format: RdfFormat, *, name: str, graph: NamedNode, base_iri: str | None = None) -> list[Quad]:
    """The quads of an RDF file; triples (and a quad file's default graph) go into `graph`.

    :raises LoaderError: the file does not parse, or names a graph with a blank node; names the file and line.
    """
    try:
        parsed = list(pyoxigraph.parse(data, format, base_iri=base_iri))
    except SyntaxError as error:
        raise bulk.syntax_error(error, format, name) from error
    quads = [
        Quad(q.subject, q.predicate, q.object, graph) if isinstance(q.graph_name, DefaultGraph) else q
        for q in parsed
    ]
    if any(not isinstance(q.graph_name, NamedNode) for q in quads):
        raise LoaderError("names a graph with a blank node; graph names must be IRIs", source=name)
    return quads


class Builder:
    """One build run over one store: decides per source whether to skip, load or replace."""

    def __init__(self, store, *, loader: str | None = None, base: str | None = None, rebuild: bool = False,
                 extract: Callable | None = None, compact: bool = False):
        self.store = store
        self.compact = compact
        self.loader = loader
        self.base = base
        self.rebuild = rebuild
        self._extract = extract
        self.report = BuildReport()
        if not store.is_remote:
            self.report.repaired_graphs = bulk.repair(store)
        self.manifest = read_manifest(store)
        self._seen_entries: dict[NamedNode, str] = {}
        self._unchanged_answers: dict[tuple, bool] = {}
        self._bulk_load_bytes = bulk_load_bytes()

    # --- deciding -------------------------------------------------------------------------------

    def _unchanged(self, entry: NamedNode, checksum: str, loader: str | None) -> bool:
        """Whether the store holds this version of the source whole; asked once per build and source
        (a parallel build asks before reading ahead, then again when it writes)."""
        key = (entry, checksum, loader)
        if key not in self._unchanged_answers:
            self._unchanged_answers[key] = self._stored_whole(entry, checksum, loader)
        return self._unchanged_answers[key]

    def _stored_whole(self, entry: NamedNode, checksum: str, loader: str | None) -> bool:
        recorded = self.manifest.get(entry)
        if self.rebuild or recorded is None:
            return False
        if recorded.checksum != checksum or recorded.version != __version__:
            return False
        if loader is not None and recorded.loader != loader:
            return False
        return all(self.store.contains_named_graph(graph) for graph in recorded.graphs)

    def _claim(self, subject: NamedNode, name: str) -> NamedNode:
        """The manifest entry for `subject`; a second source with the same document IRI is an error."""
        entry = entry_iri(subject)
        if entry in self._seen_entries:
            raise LoaderError(
                f"names the same document as {self._seen_entries[entry]} ({subject.value}); rename one of them",
                source=name,
            )
        self._seen_entries[entry] = name
        return entry

    def _refuse_foreign_graphs(self, entry: NamedNode, graphs: set[NamedNode], name: str) -> None:
        """A quad file may not write into the build's own graphs or graphs another source wrote."""
        taken = {g for other in self.manifest.values() if other.iri != entry for g in other.graphs}
        clashes = sorted(g.value for g in graphs & (taken | set(DERIVED_GRAPHS)))
        if clashes:
            raise LoaderError(f"writes into graphs that belong to other sources or to the build: {clashes}", source=name)

    # --- writing --------------------------------------------------------------------------------

    def _replace(self, subject: NamedNode, quads: list[Quad], *, name: str, checksum: str, loader: str) -> Outcome:
        graphs = {q.graph_name for q in quads}
        entry = entry_iri(subject)
        previous = self.manifest.get(entry)
        old_graphs = previous.graphs if previous else frozenset()
        manifest = _manifest_quads(subject, source=name, checksum=checksum, loader=loader, graphs=graphs)
        self.store.replace_graphs([*old_graphs, subject, *graphs], [*quads, *manifest], forget=[(MANIFEST_GRAPH, entry)])
        self._remember(entry, checksum, loader, graphs)
        return Outcome(name, "loaded", tuple(sorted(graphs, key=str)), len(quads))

    def _remember(self, entry: NamedNode, checksum: str, loader: str, graphs: Iterable[NamedNode]) -> None:
        """Keep the manifest read at the start in step with what this build wrote."""
        self.manifest[entry] = ManifestEntry(entry, checksum, loader, __version__, frozenset(graphs))

    def _bulk_load_new(self, subject: NamedNode, data: bytes, format: RdfFormat, *, name: str, checksum: str) -> Outcome | None:
        """Bulk-load a new RDF file whose graphs are all new to the store; None when the fast path does not apply.

        :raises LoaderError: the file does not parse (what the loader wrote is dropped again), or it
            writes into graphs that belong to other sources.
        """
        entry = entry_iri(subject)
        if self.store.is_remote or len(data) < self._bulk_load_bytes or entry in self.manifest:
            return None
        if format.supports_datasets:
            graphs, count = bulk.graph_names(data, format, default_graph=subject, base_iri=subject.value, name=name)
        else:
            graphs, count = {subject}, None
        self._refuse_foreign_graphs(entry, graphs, name)
        if any(self.store.contains_named_graph(graph) for graph in graphs):
            return None
        record = bulk.begin(self.store, subject, graphs, source=name)
        try:
            self.store.load_new_graph(data, format, to_graph=subject, base_iri=subject.value)
        except SyntaxError as error:
            bulk.abandon(self.store, record, graphs)
            raise bulk.syntax_error(error, format, name) from error
        manifest = _manifest_quads(subject, source=name, checksum=checksum, loader=RDF_LOADER, graphs=graphs)
        bulk.finish(self.store, record, manifest, forget=[entry])
        self._remember(entry, checksum, RDF_LOADER, graphs)
        if count is None:
            count = self.store.count(graphs)
        return Outcome(name, "loaded", tuple(sorted(graphs, key=str)), count, bulk_loaded=True)

    # --- sources --------------------------------------------------------------------------------

    def add_rdf(self, name: str, data: bytes, format: RdfFormat, *, graph: NamedNode, loader: str = RDF_LOADER) -> Outcome:
        """Load an RDF file into `graph` (quad formats keep their own graphs), unless unchanged."""
        entry = self._claim(graph, name)
        checksum = sha256(data)
        if self._unchanged(entry, checksum, None):
            return self._record(Outcome(name, "skipped", tuple(sorted(self.manifest[entry].graphs, key=str))))
        fast = self._bulk_load_new(graph, data, format, name=name, checksum=checksum) if loader == RDF_LOADER else None
        if fast is not None:
            return self._record(fast)
        quads = parse_rdf(data, format, name=name, graph=graph, base_iri=graph.value)
        self._refuse_foreign_graphs(entry, {q.graph_name for q in quads}, name)
        return self._record(self._replace(graph, quads, name=name, checksum=checksum, loader=loader))

    def needs_extraction(self, source) -> bool:
        """Whether `add_source(source)` would run a loader: a document, not RDF, new or changed."""
        if rdf_format(source.name) is not None:
            return False
        entry = entry_iri(iris.mint("document", source.key, base=self.base))
        return not self._unchanged(entry, sha256(source.data), self.loader)

    def add_source(self, source, extraction=None) -> Outcome:
        """Load one Source (name, key, data): an RDF file as it is, any other document through a loader.

        `extraction`: what the loader made of `source` elsewhere (an Extraction, or the LoaderError
        it raised), e.g. in a worker process; by default the loader runs here when needed.
        A document the loader rejects is recorded as failed; what the store holds is untouched.
        """
        try:
            document = iris.mint("document", source.key, base=self.base)
            format = rdf_format(source.name)
            if format is not None:
                return self.add_rdf(source.name, source.data, format, graph=document)
            entry = self._claim(document, source.name)
            checksum = sha256(source.data)
            if self._unchanged(entry, checksum, self.loader):
                return self._record(Outcome(source.name, "skipped", tuple(sorted(self.manifest[entry].graphs, key=str))))
            if isinstance(extraction, LoaderError):
                raise extraction
            if extraction is None:
                extraction = self._extractor()(source, loader=self.loader, base=self.base)
            foreign = {q.graph_name for q in extraction.quads} - {extraction.document}
            if foreign:
                raise LoaderError(f"the loader wrote outside the document graph: {sorted(map(str, foreign))}",
                                  source=source.name)
            outcome = self._replace(document, list(extraction.quads), name=source.name, checksum=checksum,
                                    loader=extraction.loader)
            outcome.warnings = [str(w) for w in extraction.warnings]
            return self._record(outcome)
        except LoaderError as error:
            return self._record(Outcome(source.name, "failed", error=str(error)))

    def add_bundled(self) -> None:
        """The ontology modules and the country table, each in its own graph, reloaded when changed."""
        package = files("migkg.ontology")
        first = len(self.report.outcomes)
        for file_name, graph in ONTOLOGY_MODULES.items():
            resource = package / file_name
            if not resource.is_file():
                self._record(Outcome(f"migkg/ontology/{file_name}", "failed", error="not found in the package"))
                continue
            name = f"migkg/ontology/{file_name}"
            try:
                self.add_rdf(name, resource.read_bytes(), RdfFormat.TURTLE, graph=graph, loader="ontology")
            except LoaderError as error:
                self._record(Outcome(name, "failed", error=str(error)))
        quads = countries.country_quads()
        checksum = countries.checksum(quads)
        entry = self._claim(COUNTRIES_GRAPH, "pycountry")
        if self._unchanged(entry, checksum, None):
            self._record(Outcome("country table (pycountry)", "skipped", (COUNTRIES_GRAPH,)))
        else:
            self._record(self._replace(COUNTRIES_GRAPH, quads, name="country table (pycountry)",
                                       checksum=checksum, loader="countries"))
        for outcome in self.report.outcomes[first:]:
            outcome.bundled = True

    def finish(self) -> BuildReport:
        """After every source: with --rebuild drop what this build did not write; recompute the entailments;
        with `compact`, compact a store this build bulk-loaded into.

        Compaction is asked for, not done by default: at 1e6 triples it took 5.8 s, and neither the
        entailment rules nor queries on disk ran measurably faster after it; at 1e5 it takes 0.1 s and
        on-disk queries run 1.3x faster (docs/store.md). A server holding the store in memory gains nothing."""
        if self.rebuild:
            stale = [entry for entry in self.manifest.values()
                     if entry.iri not in self._seen_entries]
            graphs = sorted({g for entry in stale for g in entry.graphs}, key=str)
            if stale:
                self.store.replace_graphs(graphs, [], forget=[(MANIFEST_GRAPH, entry.iri) for entry in stale])
            known = {g for entry in self.manifest.values() for g in entry.graphs}
            strays = [g for g in self.store.named_graphs()
                      if g not in known and g not in DERIVED_GRAPHS and not self._written(g)]
            if strays and not self.store.is_remote:
                self.store.drop_graphs(strays)
            self.report.dropped_graphs = graphs + strays
        if self.report.changed or not self.store.contains_named_graph(ENTAILMENTS_GRAPH):
            entailment.recompute(self.store)
            self.report.entailments_recomputed = True
        if self.compact and not self.store.is_remote and any(o.bulk_loaded for o in self.report.outcomes):
            self.store.optimize()
            self.report.compacted = True
        self.store.flush()
        return self.report

    def extractions(self, sources: Iterable, *, jobs: int = 1) -> Iterable[tuple[object, object]]:
        """(source, what to pass `add_source` with it), in order: with `jobs` > 1 and two or more
        documents that need a loader, those are read in worker processes (migkg.loaders.parallel);
        otherwise nothing is read ahead and `add_source` runs the loader itself."""
        if jobs <= 1:
            return ((source, None) for source in sources)
        sources = list(sources)
        wanted = [self.needs_extraction(source) for source in sources]
        if sum(wanted) < 2:
            return ((source, None) for source in sources)
        from migkg.loaders.parallel import extract_in_order

        return extract_in_order(sources, wanted, jobs=jobs, loader=self.loader, base=self.base)

    # --- helpers ----------------------------------------------------------------------------------

    def _written(self, graph: NamedNode) -> bool:
        return any(graph in outcome.graphs for outcome in self.report.outcomes)

    def _record(self, outcome: Outcome) -> Outcome:
        self.report.outcomes.append(outcome)
        return outcome

    def _extractor(self) -> Callable:
        if self._extract is None:
            from migkg.loaders import extract

            self._extract = extract
        return self._extract


def build(store, sources: Iterable, *, loader: str | None = None, base: str | None = None, rebuild: bool = False,
          extract: Callable | None = None, bundled: bool = True, compact: bool = False, jobs: int = 1) -> BuildReport:
    """Load `sources` (objects with name, key, data) into `store`, incrementally; see the module docstring.

    `extract(source, loader=..., base=...)` defaults to migkg.loaders.extract. `bundled` adds the
    ontology modules and the country table. `jobs` > 1 reads documents in that many worker
    processes (the default loaders only); the store is written here, in the order given, either
    way. Failed sources are reported, never raised.

    :raises StoreError: the store fails (unreachable, full disk); what was committed stays.
    :raises WorkerLost: a worker process died; what was committed stays.
    """
    builder = Builder(store, loader=loader, base=base, rebuild=rebuild, extract=extract, compact=compact)
    if bundled:
        builder.add_bundled()
    for source, extraction in builder.extractions(sources, jobs=jobs if extract is None else 1):
        builder.add_source(source, extraction)
    return builder.finish()
