"""`python -m migkg` runs the command-line interface."""

from migkg.cli import cli

cli(prog_name="migkg")
