"""Command-line interface: parse arguments, call the library, echo the result.

Two entry points are installed: ``alpseesaw`` (the group below) and ``generate-model``.
Every command that takes a parameter card accepts ``--card FILE`` and repeated
``--set name=value``. Invalid input (an unknown parameter, a value outside its range, a malformed
card) exits with status 2 and a one-line message naming the parameter, its value and what is
allowed.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from alpseesaw import __version__
from alpseesaw.errors import AlpseesawError, InputError


class UserInputError(click.ClickException):
    """Bad input from the user: exit status 2, like click's own usage errors."""

    exit_code = 2


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn alpseesaw's exceptions into clean CLI errors (input errors exit 2, others exit 1)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise UserInputError(str(exc)) from exc
        except AlpseesawError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def card_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--card FILE`` and repeated ``--set name=value`` to a command."""
    func = click.option(
        "--set",
        "overrides",
        multiple=True,
        metavar="NAME=VALUE",
        help="Override one parameter of the card (repeatable), e.g. --set Mchi=1000.",
    )(func)
    return click.option(
        "--card",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="SLHA parameter card; the built-in default card if omitted.",
    )(func)


def echo_json(obj: Any) -> None:
    """Print one JSON document on stdout (one line, keys in insertion order)."""
    click.echo(json.dumps(obj, allow_nan=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="alpseesaw")
def main() -> None:
    """alpseesaw: inverse seesaw + ALP-portal fermion dark matter, from Lagrangian to numbers."""


@main.group()
def reproduce() -> None:
    """Reproduce a table or figure of the paper (arXiv reference in README)."""


def generate_model_main() -> None:
    """Entry point of the ``generate-model`` console script."""
    sys.exit("generate-model: not available yet")  # replaced when the generators land


if __name__ == "__main__":  # pragma: no cover
    main()
