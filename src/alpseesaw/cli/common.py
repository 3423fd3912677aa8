"""What every command shares: error handling (exit 2 for bad input), card options, JSON output."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

import click

from alpseesaw.errors import AlpseesawError, InputError

if TYPE_CHECKING:
    from collections.abc import Callable


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


ALP_GAUGE_OPTION = click.option(
    "--alp-gauge",
    type=click.Choice(["broken", "unbroken"]),
    default="broken",
    show_default=True,
    help="broken: Cgg, CgZ, CZZ, CWW independent (eq 2.12, the paper's choice); "
    "unbroken: CWW, CBB inputs and eq (2.13).",
)
