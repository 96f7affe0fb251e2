"""Commands of migkg.triples: build, export, validate, stats, backup."""

import os
import sys
from importlib.resources import files

import click
from pyoxigraph import NamedNode

from migkg.errors import UsageProblem
from migkg.triples import export as exporting
from migkg.triples import stats as statistics
from migkg.triples import validate as validation
from migkg.triples.build import Builder
from migkg.triples.namespaces import MKG
from migkg.triples.store import open_store, store_option


def _sample_corpus() -> list[str]:
    """The bundled sample corpus, file by file (its README excluded)."""
    corpus = files("migkg") / "sample" / "corpus"
    return sorted(str(entry) for entry in corpus.iterdir() if entry.is_file() and entry.name != "README.md")


def _err(message: str, **style) -> None:
    click.secho(message, err=True, **style)


@click.command()
@click.argument("sources", nargs=-1)
@store_option
@click.option("--loader", metavar="NAME", help="Read every document with this loader instead of detecting one.")
@click.option("--rebuild", is_flag=True, help="Reload every source, and drop what no source of this build wrote.")
@click.option("--base", metavar="IRI", help="Base of minted IRIs [env MIGKG_BASE_IRI; default https://w3id.org/migkg/].")
@click.option("--compact", is_flag=True,
              help="Compact the store after a bulk load: faster queries on disk, for a store served from disk.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes that read documents [default: the CPU count; 1 reads them in this process].")
@click.pass_context
def build(ctx, sources, store, loader, rebuild, base, compact, jobs):
    """Build or update the graph from SOURCES (files, directories, globs, URLs, '-').

    Without SOURCES, the bundled sample corpus. Unchanged documents are skipped; a changed one
    has its graph replaced in one transaction. RDF files (.ttl .nt .nq .trig .jsonld .rdf .owl)
    are loaded as they are. Documents are read on every core (--jobs) and written in the order
    given.

    \b
    Examples:
      migkg build
      migkg build reports/ feed.xml --store /srv/migkg/store
      migkg build data.ttl --store http://localhost:8890/sparql-auth
    """
    from migkg.loaders import iter_sources

    if base is not None and not base.startswith(("http://", "https://")):
        raise UsageProblem(f"--base must be an http(s) IRI, got {base!r}")
    documents = list(iter_sources(list(sources) or _sample_corpus()))
    graph_store = open_store(store)
    builder = Builder(graph_store, loader=loader, base=base, rebuild=rebuild, compact=compact)
    builder.add_bundled()
    with click.progressbar(length=len(documents), label="Building", file=sys.stderr, show_pos=True,
                           item_show_func=lambda s: s.name if s else "") as bar:
        for source, extraction in builder.extractions(documents, jobs=jobs or os.cpu_count() or 1):
            outcome = builder.add_source(source, extraction)
            bar.update(1, source)
            if outcome.status == "failed":
                _err(f"\nError: {outcome.error}", fg="red")
    report = builder.finish()
    _summary(graph_store, report)
    if not report.ok:
        ctx.exit(1)


def _summary(store, report) -> None:
    """What the build did, from its report; store-wide counts are left to `migkg stats` (they read every quad)."""
    loaded, skipped, failed = (report.with_status(s, bundled=False) for s in ("loaded", "skipped", "failed"))
    bundled = report.with_status("loaded", bundled=True)
    click.echo(f"Store: {store.describe()}")
    click.echo(f"Documents: {len(loaded)} loaded, {len(skipped)} skipped, {len(failed)} failed")
    if bundled:
        click.echo("Reloaded: " + ", ".join(o.name for o in bundled))
    written = sum(o.triples for o in report.with_status("loaded"))
    click.echo(f"Triples written: {written}")
    if report.dropped_graphs:
        click.echo(f"Graphs dropped: {len(report.dropped_graphs)}")
    click.echo("Entailments: " + ("recomputed" if report.entailments_recomputed else "unchanged"))
    if report.compacted:
        click.echo("Compacted: yes")
    entities = _entities_per_class(store, [g for o in loaded if not o.bulk_loaded for g in o.graphs])
    if entities:
        click.echo("Entities per class, in the documents loaded now:")
        for cls, count in entities:
            click.echo(f"  {statistics.short_name(cls):32} {count}")
    if any(o.bulk_loaded for o in loaded):
        click.echo("Counts over the whole store: migkg stats")
    if report.warnings:
        click.echo(f"Warnings ({len(report.warnings)}):")
        for warning in report.warnings:
            click.echo(f"  {warning}")
    for outcome in report.with_status("failed"):
        click.echo(f"Failed: {outcome.error}")


def _entities_per_class(store, graphs: list[NamedNode]) -> list[tuple[NamedNode, int]]:
    """(migkg class, distinct resources typed in `graphs`), most populous first; entailed types included."""
    if not graphs:
        return []
    values = " ".join(str(graph) for graph in dict.fromkeys(graphs))
    rows = store.query(
        f"SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {{ SELECT DISTINCT ?x WHERE {{ VALUES ?g {{ {values} }} "
        f"GRAPH ?g {{ ?x a ?stated }} }} }} ?x a ?class FILTER (STRSTARTS(STR(?class), \"{MKG.iri}\")) }} GROUP BY ?class"
    )
    counts = [(row["class"], int(row["n"].value)) for row in rows]
    return sorted(counts, key=lambda item: (-item[1], item[0].value))


@click.command("export")
@store_option
@click.option("--format", "format_name", type=click.Choice(sorted(exporting.FORMATS)),
              help="Serialisation [default: from --out's extension, else nq].")
@click.option("--graph", metavar="IRI", help="Export this named graph only (triple formats: else the union).")
@click.option("--out", metavar="FILE", help="Write here instead of standard output; gzip when it ends with .gz.")
def export_command(store, format_name, graph, out):
    """Dump the graph: the whole dataset, one graph, or the union as triples.

    \b
    Examples:
      migkg export --out dump.nq.gz
      migkg export --format ttl --graph https://w3id.org/migkg/ontology
      migkg export --out graph.jsonld
    """
    format_name = exporting.format_for(out, format_name)
    graph_store = open_store(store, read_only=True)
    target = NamedNode(graph) if graph else None
    exporting.check_graph(graph_store, target)
    with exporting.open_output(out, stdout=click.get_binary_stream("stdout")) as stream:
        exporting.export(graph_store, stream, format_name, graph=target)
    if out:
        _err(f"Wrote {out} ({format_name})")


@click.command()
@store_option
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False), help="SHACL shapes file [default: the shipped shapes].")
@click.pass_context
def validate(ctx, store, shapes):
    """Check the graph against the SHACL shapes; exit status 1 on any violation."""
    graph_store = open_store(store, read_only=True)
    text = open(shapes, encoding="utf-8").read() if shapes else None
    report = validation.validate(graph_store, shapes=text)
    for finding in report.findings:
        click.echo(str(finding))
    click.echo(f"{len(report.violations)} violation(s), {len(report.findings) - len(report.violations)} other finding(s)")
    if not report.conforms:
        ctx.exit(1)


@click.command()
@store_option
def stats(store):
    """Documents, triples, named graphs and entities per class."""
    graph_store = open_store(store, read_only=True)
    result = statistics.collect(graph_store)
    click.echo(f"Store: {graph_store.describe()}")
    click.echo(f"Documents: {result.documents}")
    click.echo(f"Triples: {result.triples}")
    click.echo(f"Named graphs: {result.graphs}")
    click.echo("Entities per class:")
    for cls, count in result.entities:
        click.echo(f"  {statistics.short_name(cls):40} {count}")


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@store_option
def backup(directory, store):
    """Copy the store into DIRECTORY (new or empty), usable as a store of its own."""
    graph_store = open_store(store, read_only=True)
    if graph_store.is_remote:
        raise UsageProblem("backup copies a store directory; for a remote endpoint use `migkg export --out FILE.nq.gz`")
    graph_store.backup(directory)
    click.echo(f"Backed up {graph_store.describe()} into {directory}")


commands = [build, export_command, validate, stats, backup]
