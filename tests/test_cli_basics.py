"""The command-line skeleton: version, help, and the mapping of input errors to exit code 2."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from tests.fresh import fresh_python

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


#: Runs ``alpseesaw ARGS`` in a fresh interpreter and prints the modules it imported beyond
#: the interpreter's own start (``site`` may import some of the standard library).
_IMPORTS_PROBE = """
import sys
before = set(sys.modules)
from alpseesaw.cli import main
try:
    main(sys.argv[1:], prog_name="alpseesaw")
except SystemExit:
    pass
print("IMPORTED", " ".join(sorted(set(sys.modules) - before)))
"""


def _imported_by(args: list[str]) -> set[str]:
    out = fresh_python(_IMPORTS_PROBE, *args, timeout=120).stdout
    return set(out.rsplit("IMPORTED", 1)[1].split())


def test_a_command_imports_no_other_command_module_and_no_metadata() -> None:
    """``alpseesaw generate`` (the warm path's command) loads only its own command module and
    what it shares with the others; ``importlib.metadata`` (20 ms of email parsing) is not read
    for the version. Planted: ``alpseesaw.cli.model`` imported by ``alpseesaw.cli`` -> fails."""
    imported = _imported_by(["generate", "-h"])
    commands = {m for m in imported if m.startswith("alpseesaw.cli.")}
    assert commands == {"alpseesaw.cli.common", "alpseesaw.cli.generate", "alpseesaw.cli.runner"}
    assert "importlib.metadata" not in imported
    assert not {"sympy", "numpy", "jinja2"} & imported


def test_the_help_lists_every_command_as_an_eager_group_would() -> None:
    """Every command is listed by ``-h`` with its short help, as when each module was imported
    and added up front (click's own rendering of the same commands)."""
    import importlib

    from alpseesaw.cli import COMMANDS

    assert sorted(COMMANDS) == [
        "card", "crossval", "g2", "generate", "image", "model", "neutrino", "param-card", "point",
        "relic", "reproduce", "spectrum",
    ]  # fmt: skip
    eager = click.Group(
        "main", params=main.params, help=main.help, context_settings=main.context_settings
    )
    for name, (module, attribute) in COMMANDS.items():
        command = getattr(importlib.import_module(f"alpseesaw.cli.{module}"), attribute)
        assert isinstance(command, click.Command)
        eager.add_command(command, name=name)
    lazy_help = CliRunner().invoke(main, ["-h"], prog_name="alpseesaw")
    assert lazy_help.exit_code == 0
    assert lazy_help.output == CliRunner().invoke(eager, ["-h"], prog_name="alpseesaw").output
    for name in COMMANDS:
        assert f"\n  {name} " in lazy_help.output


def test_the_version_is_the_installed_one() -> None:
    """``__version__`` is written once, in ``alpseesaw/__init__.py``, and the build reads it
    from there: an installed alpseesaw's metadata says the same."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("alpseesaw")
    except PackageNotFoundError:  # pragma: no cover - a source tree without installation
        pytest.skip("alpseesaw is not installed")
    assert installed == __version__
