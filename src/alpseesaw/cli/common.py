"""What every command shares: error handling (exit 2 for bad input), card options, JSON output."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

import click

from alpseesaw.errors import AlpseesawError, InputError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


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


def json_option(help_text: str = "Print JSON (the default output is text).") -> Decorator:
    """``--json`` (flag ``as_json``)."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def out_dir_option(help_text: str = "Output directory.") -> Decorator:
    """``--out DIR`` (required, ``out_dir``)."""
    return click.option(
        "--out", "out_dir", type=click.Path(file_okay=False), required=True, help=help_text
    )


def points_option(default: int, minimum: int, help_text: str) -> Decorator:
    """``--points N`` (at least ``minimum``)."""
    return click.option(
        "--points",
        type=click.IntRange(min=minimum),
        default=default,
        show_default=True,
        help=help_text,
    )


def choice_option(flag: str, choices: Sequence[str], default: str, help_text: str) -> Decorator:
    """An option taking one of ``choices``, with its default shown."""
    return click.option(
        flag, type=click.Choice(list(choices)), default=default, show_default=True, help=help_text
    )


SEED_OPTION = click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the random generator."
)


def existing_path_option(
    flag: str, dest: str, *, directory: bool, help_text: str, required: bool = False
) -> Decorator:
    """An option naming an existing file (or, with ``directory``, an existing directory)."""
    kind = click.Path(exists=True, file_okay=not directory, dir_okay=directory)
    return click.option(flag, dest, type=kind, required=required, default=None, help=help_text)
