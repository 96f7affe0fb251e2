"""Commands of migkg.loaders: `migkg extract` and `migkg loaders` (with `loaders report`)."""

from pathlib import Path

import click
import pyoxigraph

from migkg.errors import LoaderError, UnsupportedFormat
from migkg.triples.namespaces import PREFIXES

#: --format value -> pyoxigraph format
FORMATS = {
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


def _serialise(quads, format_name: str) -> bytes:
    """Quads in the chosen syntax; Turtle has no graphs, so it gets the triples."""
    rdf_format = FORMATS[format_name]
    if format_name == "ttl":
        triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
        return pyoxigraph.serialize(triples, format=rdf_format, prefixes=PREFIXES)
    if format_name == "trig":
        return pyoxigraph.serialize(quads, format=rdf_format, prefixes=PREFIXES)
    try:
        return pyoxigraph.serialize(quads, format=rdf_format)
    except ValueError as error:
        raise UnsupportedFormat(f"cannot write {format_name}: {error}") from error


@click.command("extract")
@click.argument("sources", nargs=-1, required=True)
@click.option("--loader", "loader_name", metavar="NAME", help="Use this loader instead of detecting one (see `migkg loaders`).")
@click.option(
    "--format", "format_name", type=click.Choice(sorted(FORMATS)), default="trig", show_default=True, help="RDF syntax to print."
)
def extract_command(sources, loader_name, format_name):
    """Print the RDF the loaders extract from SOURCES, without storing it.

    SOURCES are files, directories, glob patterns, http(s) URLs, or - for standard input.
    Warnings go to standard error with the file and line; the exit status is non-zero when a
    document fails (the others are still printed).
    """
    from migkg.loaders import extract, get_loader, iter_sources

    if loader_name:
        get_loader(loader_name)  # an unknown name fails before any document is read
    failures = 0
    all_quads = []
    stdin = click.get_binary_stream("stdin")
    sources_iter = iter_sources(sources, stdin=stdin)
    while True:
        try:
            source = next(sources_iter)
        except StopIteration:
            break
        except LoaderError as error:
            click.secho(f"Error: {error}", err=True, fg="red")
            failures += 1
            break
        try:
            extraction = extract(source, loader=loader_name)
        except LoaderError as error:
            click.secho(f"Error: {error}", err=True, fg="red")
            failures += 1
            continue
        for warning in extraction.warnings:
            click.secho(f"Warning: {warning}", err=True, fg="yellow")
        all_quads.extend(extraction.quads)
    if all_quads:
        click.echo(_serialise(all_quads, format_name).decode("utf-8"), nl=False)
    if failures:
        raise click.exceptions.Exit(1)


class _DefaultListGroup(click.Group):
    """`migkg loaders` lists the loaders; `migkg loaders report` scores them."""

    def parse_args(self, ctx, args):
        if not args:
            args = ["list"]
        return super().parse_args(ctx, args)


@click.group("loaders", cls=_DefaultListGroup, invoke_without_command=False)
def loaders_group():
    """List the loaders and what they detect (default), or score them (`report`)."""


@loaders_group.command("list")
def list_command():
    """The loaders, what each reads and what it detects."""
    from migkg.loaders import LOADERS

    for cls in LOADERS:
        click.echo(f"{cls.name:<10} {cls.description}")
        for kind in cls.kinds:
            click.echo(f"{'':<10}   detects: {kind}")


#: an existing directory, as a Path
_DIRECTORY = click.Path(exists=True, file_okay=False, path_type=Path)


@loaders_group.command("report")
@click.option(
    "--documents",
    "documents",
    type=_DIRECTORY,
    multiple=True,
    help="Directory of documents (repeatable); default: the sample corpus and tests/data/documents.",
)
@click.option(
    "--expected",
    "expected",
    type=_DIRECTORY,
    help="Directory of expected-facts JSON files; default: tests/data/expected.",
)
@click.option(
    "--set",
    "sets",
    type=_DIRECTORY,
    multiple=True,
    help="A test set: a directory with documents/ and expected/ (repeatable; several are also scored pooled).",
)
def report_command(documents, expected, sets):
    """Precision, recall and F1 per field of the loaders against hand-written expected facts.

    \b
    Examples:
      migkg loaders report
      migkg loaders report --documents DOCS --expected EXPECTED
      migkg loaders report --set tests/data/heldout15 --set tests/data/heldout16
    """
    from migkg.loaders import evaluate

    if sets and (documents or expected):
        raise click.UsageError("--set names documents and expected facts together; it cannot be mixed with --documents or --expected")
    pairs = {}
    for directory in sets:
        if not (directory / "documents").is_dir() or not (directory / "expected").is_dir():
            raise LoaderError(f"{directory}: a test set needs documents/ and expected/ directories")
        name = directory.name if all(d.name != directory.name for d in sets if d != directory) else str(directory)
        pairs[name] = (directory / "documents", directory / "expected")
    if not sets:
        expected_dir = expected or evaluate.default_expected_dir()
        if expected_dir is None or not expected_dir.is_dir():
            raise LoaderError("no expected-facts directory; pass --expected DIR")
        found = {path.name: path for path in documents} if documents else evaluate.default_document_sets()
        pairs = {name: (directory, expected_dir) for name, directory in found.items()}
    reports = {}
    for name, (directory, expected_dir) in pairs.items():
        click.echo(f"scoring {name}: {directory}", err=True)
        reports[name] = evaluate.evaluate_directory(directory, expected_dir)
    for name, report in reports.items():
        click.echo(evaluate.format_report(name, report))
        for problem in report.problems:
            click.secho(f"Warning: {problem}", err=True, fg="yellow")
    if len(sets) > 1:
        click.echo(evaluate.format_report(f"pooled ({len(sets)} sets)", evaluate.pooled(reports.values())))


commands = [extract_command, loaders_group]
