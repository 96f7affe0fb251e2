"""The `migkg` command: one click group; each part of the package contributes its commands."""

from importlib import import_module

import click

from migkg import __version__
from migkg.errors import MigkgError

#: modules whose `commands` list is added to the group, in help order
COMMAND_MODULES = (
    "migkg.triples.cli",
    "migkg.loaders.cli",
    "migkg.queries.cli",
    "migkg.server.cli",
    "migkg.ontology.cli",
    "migkg.doctor",
)


class MigkgGroup(click.Group):
    """A group that turns MigkgError into a clean message and its exit code."""

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


for _module in COMMAND_MODULES:
    for _command in import_module(_module).commands:
        cli.add_command(_command)
