"""The `migkg` command: one click group; each part of the package contributes its commands.

A command's module is imported only when that command runs (or for `--help`), so `migkg serve`
does not pay for the loaders' imports, nor `migkg build` for the server's.
"""

from importlib import import_module

import click

from migkg import __version__
from migkg.errors import MigkgError

#: command name -> the module whose `commands` list holds it
COMMANDS = {
    "build": "migkg.triples.cli",
    "export": "migkg.triples.cli",
    "validate": "migkg.triples.cli",
    "stats": "migkg.triples.cli",
    "backup": "migkg.triples.cli",
    "extract": "migkg.loaders.cli",
    "loaders": "migkg.loaders.cli",
    "query": "migkg.queries.cli",
    "queries": "migkg.queries.cli",
    "serve": "migkg.server.cli",
    "ontology": "migkg.ontology.cli",
    "doctor": "migkg.doctor",
}


class MigkgGroup(click.Group):
    """A group that loads each command's module on first use and turns MigkgError into a clean message and its exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            for command in import_module(COMMANDS[name]).commands:
                self.add_command(command)
        return self.commands.get(name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MigkgError as error:
            click.secho(f"Error: {error}", err=True, fg="red")
            ctx.exit(error.exit_code)


@click.group(cls=MigkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="migkg")
def cli():
    """A knowledge graph of migration-governance cooperation.

    \b
    Quick start:
      migkg build            # the bundled sample corpus into the default store
      migkg serve            # SPARQL endpoint and linked-data pages on 127.0.0.1:8000
      migkg query actions    # a named query in the terminal
    """
