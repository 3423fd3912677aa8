"""The command-line skeleton: version, help, and the mapping of input errors to exit code 2."""

from __future__ import annotations

import click
import pytest
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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["relic", "--jsn"], "Error: No such option '--jsn'. (Did you mean one of: '--json', "),
        (
            ["model", "chek"],
            "Error: No such command 'chek'. Did you mean 'check'? ('main model -h'",
        ),
        (["frobnicate"], "Error: No such command 'frobnicate'. ('main -h' lists the options)"),
        (
            ["generate", "--out", "x"],
            (
                "Error: Missing option '--target'. Choose from: lanhep, calchep, micromegas, ufo, "
                "all ('main generate -h' lists the options)"
            ),
        ),
        (
            ["crossval", "--points", "-1", "--out", "x"],
            "Error: Invalid value for '--points': -1 is not in the range x>=0.",
        ),
        (["relic", "--card", "/nonexistent"], "File '/nonexistent' does not exist."),
    ],
)
def test_usage_errors_are_one_line_exit_2(args, message) -> None:
    """Was click's four lines (Usage, Try, blank, Error)."""
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_generate_model_usage_errors_are_one_line() -> None:
    from alpseesaw.cli import generate_model

    result = CliRunner().invoke(generate_model, ["--target", "x", "--out", "o"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Invalid value for '--target': 'x' is not one of 'lanhep', 'calchep', "
        "'micromegas', 'ufo', 'all'. ('generate-model -h' lists the options)\n"
    )
