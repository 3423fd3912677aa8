"""The command-line skeleton: version, help, and the mapping of input errors to exit code 2."""

from __future__ import annotations

import click
from click.testing import CliRunner

from alpseesaw import __version__
from alpseesaw.cli import handle_errors, main
from alpseesaw.errors import ModelError, ParameterError


def test_version_and_help() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
    assert runner.invoke(main, ["--help"]).exit_code == 0


def test_input_errors_exit_2_and_name_the_parameter() -> None:
    @click.command()
    @handle_errors
    def bad() -> None:
        raise ParameterError("Mchi", -5.0, "0 < Mchi", "a mass must be positive")

    result = CliRunner().invoke(bad, [])
    assert result.exit_code == 2
    assert "'Mchi'" in result.output
    assert "-5.0" in result.output
    assert "0 < Mchi" in result.output


def test_other_errors_exit_1() -> None:
    @click.command()
    @handle_errors
    def broken() -> None:
        msg = "inconsistent model"
        raise ModelError(msg)

    result = CliRunner().invoke(broken, [])
    assert result.exit_code == 1
    assert "inconsistent model" in result.output
