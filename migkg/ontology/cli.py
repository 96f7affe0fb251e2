"""`migkg ontology ...`: check, document, export and normalise the ontology modules."""

from pathlib import Path

import click

from migkg.errors import UsageProblem
from migkg.ontology.export import EXPORTABLE, FORMATS, export


@click.group("ontology")
def ontology():
    """The OWL ontology, SKOS vocabularies, alignments and SHACL shapes.

    \b
    Editing workflow (docs/ontology.md):
      migkg ontology normalize migkg/ontology/migkg.ttl --in-place
      migkg ontology check
      migkg ontology export --format owl --out migkg/ontology/migkg.owl
    """


@ontology.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-reasoner", is_flag=True, help="Skip HermiT (which needs java).")
def check_command(files: tuple[Path, ...], no_reasoner: bool):
    """Check FILES (default: the shipped ontology, vocabularies, alignments and shapes).

    OWL 2 DL structure (declarations, puns), HermiT consistency and unsatisfiable classes,
    English and French labels and definitions of every term and concept, and SHACL shapes.
    Files are checked together; owl:imports of a shipped module uses the shipped file.
    Prints one line per problem and exits with status 1 if there is any.
    """
    from migkg.ontology.check import check

    what = ", ".join(str(f) for f in files) if files else "the shipped modules"
    click.echo(f"Checking {what}{'' if no_reasoner else ' (HermiT takes a few seconds)'}...", err=True)
    report = check(files or None, reasoner=not no_reasoner)
    click.echo(report.text())


@ontology.command("export")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="ttl", show_default=True,
              help="ttl: canonical Turtle; owl: RDF/XML (migkg.owl); nt: N-Triples; jsonld: JSON-LD.")
@click.option("--module", type=click.Choice(sorted(EXPORTABLE)), default="ontology", show_default=True,
              help="Which shipped module; 'all' is ontology, vocabularies and alignments together.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
def export_command(fmt: str, module: str, out: Path | None):
    """Write a shipped module in another serialisation.

    `migkg ontology export --format owl --out migkg/ontology/migkg.owl` regenerates the
    RDF/XML file for Protégé and owlready2 users after migkg.ttl changed.
    """
    text = export(module, fmt)
    if out is None:
        click.echo(text, nl=False)
        return
    _write(out, text)
    click.echo(f"wrote {out} ({module}, {fmt})", err=True)


@ontology.command("normalize")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the canonical Turtle here.")
@click.option("--in-place", is_flag=True, help="Rewrite FILE itself as canonical Turtle.")
def normalize_command(file: Path, out: Path | None, in_place: bool):
    """Rewrite FILE (Turtle, RDF/XML as Protégé saves it, N-Triples, JSON-LD) as canonical Turtle.

    Canonical Turtle has fixed prefixes and a stable order, so diffs stay small. Prints to
    standard error the triples added and removed compared with the file it replaces (--out or
    --in-place), or else with the shipped module that has the same ontology IRI. Without --out
    or --in-place the Turtle goes to standard output.
    """
    from migkg.ontology.normalize import normalize_file, shipped_counterpart

    if out is not None and in_place:
        raise UsageProblem("give either --out FILE or --in-place, not both")
    target = file if in_place else out
    compare_with = target if target is not None and target.exists() else shipped_counterpart(file)
    result = normalize_file(file, compare_with=compare_with)
    if result.compared_with is not None:
        click.echo(f"compared with {result.compared_with}: {result.changes.summary()}", err=True)
    if target is None:
        click.echo(result.text, nl=False)
        return
    _write(target, result.text)
    click.echo(f"wrote {target}", err=True)


@ontology.command("docs")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for index.html (English) and fr/index.html (French).")
def docs_command(out: Path):
    """Write static HTML documentation of the ontology and vocabularies, in English and French."""
    from migkg.ontology.docs import write_docs

    for written in write_docs(out):
        click.echo(f"wrote {written}", err=True)


def _write(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageProblem(f"{target}: cannot write ({error.strerror})") from error


commands = [ontology]
