"""Commands `migkg query` and `migkg queries`."""

import sys
from pathlib import Path

import click

from migkg import queries
from migkg.errors import UsageProblem
from migkg.queries.output import FORMAT_NAMES, plain, table, write
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
@click.option("--markdown", is_flag=True, help="Write Markdown documentation: each query, its example and its output.")
@click.option("--rows", default=5, show_default=True, help="With --markdown: rows of output shown per example.")
@click.option(
    "--example", "examples", multiple=True, metavar="NAME:KEY=VALUE",
    help="With --markdown: run query NAME with this parameter instead of its own example (repeatable).",
)
@store_option
def queries_command(markdown, rows, examples, store):
    """List the named queries with their parameters.

    \b
    Examples:
      migkg queries
      migkg queries --markdown > docs/queries.md
    """
    if markdown:
        overrides: dict[str, dict[str, str]] = {}
        for spec in examples:
            name, sep, pair = spec.partition(":")
            if not sep:
                raise UsageProblem(f"--example {spec!r} is not NAME:KEY=VALUE")
            overrides.setdefault(name, {}).update(_parse_params((pair,)))
        click.echo(documentation(open_store(store, read_only=True), rows=rows, overrides=overrides), nl=False)
        return
    for named in queries.all_queries():
        click.secho(named.name, bold=True, nl=False)
        click.echo(f"  {named.title}")
        for parameter in named.parameters:
            need = "required" if parameter.required else "optional"
            click.echo(f"    --param {parameter.name}=<{parameter.type}>  ({need}) {parameter.description}")
        if named.variables:
            click.echo(f"    returns: {' '.join('?' + v for v in named.variables)}")


def _example_args(example: str) -> tuple[str, dict[str, str]]:
    """The query name and parameters of an `example:` line (`migkg query NAME --param K=V ...`)."""
    words = example.split()[2:]
    name, values = words[0], {}
    for flag, value in zip(words[1:], words[2:]):
        if flag in ("--param", "-p"):
            key, _, val = value.partition("=")
            values[key] = val
    return name, values


def documentation(graph_store, *, rows: int, overrides: dict[str, dict[str, str]] | None = None) -> str:
    """Markdown for every named query: description, parameters, example command and its first rows."""
    parts = ["# Named queries\n\n",
             "Each query is a file in `migkg/queries/`. Run one with `migkg query NAME`, or over HTTP at\n",
             "`/queries/NAME?PARAM=VALUE` (add `format=json|xml|csv|tsv`, or send an Accept header).\n",
             "The outputs below were made by `migkg queries --markdown` on the small invented graph\n",
             "`tests/data/queries/fixture.trig`, cut to the first rows; on your own store the same\n",
             "commands answer from your documents.\n\n"]
    for named in queries.all_queries():
        parts.append(f"## `{named.name}`: {named.title}\n\n{named.description}\n\n")
        if named.parameters:
            for parameter in named.parameters:
                need = "required" if parameter.required else "optional"
                parts.append(f"- `{parameter.name}` ({parameter.type}, {need}): {parameter.description}\n")
            parts.append("\n")
        parts.append(f"Returns {' '.join('`?' + v + '`' for v in named.variables)}.\n\n")
        example = named.examples[-1] if named.examples else f"migkg query {named.name}"
        name, values = _example_args(example)
        if overrides and named.name in overrides:
            values = overrides[named.name]
            example = " ".join([f"migkg query {named.name}", *(f"--param {k}={v}" for k, v in values.items())])
        results = graph_store.query(named.text, substitutions=named.bind(values))
        variables = [v.value for v in results.variables]
        shown, total = [], 0
        for solution in results:
            total += 1
            if len(shown) < rows:
                shown.append([plain(solution[v]) for v in variables])
        parts.append(f"```console\n$ {example} --format table\n{table(variables, shown, width=200)}")
        if total > len(shown):
            parts.append(f"... {total - len(shown)} more rows\n")
        parts.append("```\n\n")
    return "".join(parts)


commands = [query_command, queries_command]
