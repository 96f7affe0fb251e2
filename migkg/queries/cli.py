"""Commands `migkg query` and `migkg queries`."""

import sys
from pathlib import Path

import click

from migkg import queries
from migkg.errors import UsageProblem
from migkg.queries.output import FORMAT_NAMES, write
from migkg.triples.store import open_store, store_option


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """KEY=VALUE pairs into a dict; a pair without '=' is a usage error."""
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageProblem(f"--param {pair!r} is not KEY=VALUE")
        values[key.strip()] = value
    return values


def resolve(name_or_file: str | None, sparql: str | None) -> queries.NamedQuery:
    """The query a user named: a shipped name, a .rq file, or --sparql text."""
    if sparql is not None:
        if name_or_file:
            raise UsageProblem("give a query name or file, or --sparql, not both")
        return queries.parse("sparql", sparql)
    if not name_or_file:
        raise UsageProblem("name a query (`migkg queries` lists them), a .rq file, or give --sparql TEXT")
    if name_or_file.endswith(".rq") or Path(name_or_file).is_file():
        return queries.from_file(name_or_file)
    return queries.get(name_or_file)


@click.command("query")
@click.argument("name", required=False)
@click.option("--sparql", metavar="TEXT", help="Run this SPARQL text instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Bind a parameter (repeatable).")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    help="Output format; json is SPARQL 1.1 Results JSON. Default: table in a terminal, csv otherwise.",
)
@store_option
def query_command(name, sparql, params, fmt, store):
    """Run a named query, a .rq file, or SPARQL text against the graph.

    \b
    Examples:
      migkg query actions
      migkg query country-profile --param country=BI --format json
      migkg query my-question.rq
      migkg query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    named = resolve(name, sparql)
    substitutions = named.bind(_parse_params(params))
    fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
    graph_store = open_store(store, read_only=True)
    results = graph_store.query(named.text, substitutions=substitutions)
    out = click.get_binary_stream("stdout")
    write(results, fmt, out)
    out.flush()


@click.command("queries")
def queries_command():
    """List the named queries with their parameters.

    \b
    Example:
      migkg queries
    """
    for named in queries.all_queries():
        click.secho(named.name, bold=True, nl=False)
        click.echo(f"  {named.title}")
        for parameter in named.parameters:
            need = "required" if parameter.required else "optional"
            click.echo(f"    --param {parameter.name}=<{parameter.type}>  ({need}) {parameter.description}")
        if named.variables:
            click.echo(f"    returns: {' '.join('?' + v for v in named.variables)}")


commands = [query_command, queries_command]
