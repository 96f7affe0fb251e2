"""The package, its CLI and its pure helpers."""

import doctest

import pytest
from click.testing import CliRunner

import migkg
from migkg.cli import cli
from migkg.triples import iris, namespaces


def test_version_option():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert migkg.__version__ in result.output


def _all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from _all_commands(command, prefix + (name,))


@pytest.mark.parametrize("path", [p for p, _ in _all_commands(cli)] or [()], ids=lambda p: " ".join(p) or "root")
def test_every_command_has_help(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


@pytest.mark.parametrize("module", [iris, namespaces])
def test_doctests(module):
    failures, tests = doctest.testmod(module)
    assert tests > 0 and failures == 0


def test_closed_namespace_rejects_unknown_terms():
    with pytest.raises(AttributeError, match="mkg:Acton"):
        namespaces.MKG.Acton
