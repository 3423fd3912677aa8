"""What every command shares: error handling (exit 2 for bad input), card options, JSON output."""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

import click

from alpseesaw.errors import AlpseesawError, InputError

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Sequence
    from pathlib import Path

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


def _one_line(exc: BaseException) -> str:
    """An unexpected exception as one line (what, and the file it concerns if it names one)."""
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc)
        names = [n for n in (exc.filename, exc.filename2) if n is not None]
        on = f" ({' -> '.join(str(n) for n in names)})" if names else ""
        return f"{what}{on}"
    if isinstance(exc, UnicodeError):
        return f"cannot decode a file as UTF-8 text: {exc}"
    return f"{exc.__class__.__name__}: {exc}"


class _OneLineUsageError(click.UsageError):
    """A usage error as one line (what is wrong, and where the options are listed)."""

    def __init__(self, exc: click.UsageError) -> None:
        super().__init__(exc.message, exc.ctx)
        self.original = exc

    def format_message(self) -> str:
        # "Invalid value for '--target': ..."; a list of choices on one line
        return " ".join(self.original.format_message().split())

    def show(self, file: Any = None) -> None:
        where = f" ('{self.ctx.command_path} -h' lists the options)" if self.ctx else ""
        click.echo(f"Error: {self.format_message()}{where}", err=True, file=file)


class _Guarded:
    """The top-level handler of every command: no traceback ever reaches the user.

    * alpseesaw's input errors: one line, exit 2 (:func:`handle_errors`);
    * a file-system error (``OSError``: a read-only file system, a path below a file, no
      permission, a full disk) or an undecodable file: one line naming it, exit 2;
    * Ctrl-C: ``interrupted``, exit 130 (what was written before stays: writes are atomic);
    * anything else (a bug): one line, exit 1; ``ALPSEESAW_DEBUG=1`` shows the traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        import os
        import sys

        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except _OneLineUsageError:
            raise
        except click.UsageError as exc:  # a subcommand's: one line too
            raise _OneLineUsageError(exc) from None
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `alpseesaw ... | head`: the reader left, say nothing
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except (OSError, UnicodeError) as exc:
            if os.environ.get("ALPSEESAW_DEBUG"):
                raise
            raise UserInputError(_one_line(exc)) from None
        except Exception as exc:
            if os.environ.get("ALPSEESAW_DEBUG"):
                raise
            click.echo(
                f"Error: internal error: {_one_line(exc)} (ALPSEESAW_DEBUG=1 shows where)", err=True
            )
            sys.stderr.flush()
            raise click.exceptions.Exit(1) from None

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except _OneLineUsageError:
            raise
        except click.UsageError as exc:
            raise _OneLineUsageError(exc) from None


class GuardedGroup(_Guarded, click.Group):
    """A command group with the top-level handler (:class:`_Guarded`)."""


class GuardedCommand(_Guarded, click.Command):
    """A command run on its own (``generate-model``) with the top-level handler."""


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
        help="Parameter card: SLHA, PARFILE 'name value' lines, a JSON object or TOML "
        "'name = value' (detected; `alpseesaw card check F` shows what it sets); the built-in "
        "default card if omitted.",
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


def count_option(
    flag: str,
    default: int,
    minimum: int,
    help_text: str,
    *,
    maximum: int | None = None,
    dest: str | None = None,
) -> Decorator:
    """An integer option in ``[minimum, maximum]`` (click names the parameter and its range in
    the usage error), its default shown; ``dest`` names the function argument."""
    names = (flag, dest) if dest else (flag,)
    return click.option(
        *names,
        type=click.IntRange(minimum, maximum),
        default=default,
        show_default=True,
        help=help_text,
    )


def points_option(default: int, minimum: int, help_text: str) -> Decorator:
    """``--points N`` (at least ``minimum``)."""
    return count_option("--points", default, minimum, help_text)


def choice_option(flag: str, choices: Sequence[str], default: str, help_text: str) -> Decorator:
    """An option taking one of ``choices``, with its default shown."""
    return click.option(
        flag, type=click.Choice(list(choices)), default=default, show_default=True, help=help_text
    )


SEED_OPTION = click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the random generator."
)


def path_option(
    flag: str,
    dest: str,
    *,
    directory: bool,
    help_text: str,
    required: bool = False,
    exists: bool = False,
) -> Decorator:
    """An option naming a file (or, with ``directory``, a directory), which must exist if
    ``exists``; no default."""
    kind = click.Path(exists=exists, file_okay=not directory, dir_okay=directory)
    return click.option(flag, dest, type=kind, required=required, default=None, help=help_text)


def existing_path_option(
    flag: str, dest: str, *, directory: bool, help_text: str, required: bool = False
) -> Decorator:
    """An option naming an existing file (or, with ``directory``, an existing directory)."""
    return path_option(
        flag, dest, directory=directory, help_text=help_text, required=required, exists=True
    )


QUIET_OPTION = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress display (it is shown on stderr only when that is a terminal).",
)


def force_option(what: str = "output directory") -> Decorator:
    """``--force``: replace an existing output that alpseesaw wrote (never anything else)."""
    return click.option(
        "--force",
        is_flag=True,
        help=f"Replace an existing {what} that alpseesaw wrote (anything else is refused).",
    )


def placed(paths: Sequence[Path], staged: Path, out: str | os.PathLike[str]) -> list[Path]:
    """``paths`` written under the staging directory ``staged`` as they are once it is ``out``."""
    from pathlib import Path

    return [Path(out) / p.relative_to(staged) for p in paths]
