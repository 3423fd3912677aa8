"""Command-line interface: parse arguments, call the library, echo the result.

One module per command group (``model``, ``generate``, ``dark`` = relic and g2, ``neutrino``,
``reproduce``, ``crossval``, ``point``, ``image``, ``spectrum`` = spectrum and param-card); :mod:`.common` holds what they share and
:mod:`.runner` the one switch ``--runner {local,container} --image TAG`` of every command that
runs a tool. Two entry points are
installed: ``alpseesaw`` (:func:`main`) and ``generate-model`` (:func:`generate_model_main`).
Every command that takes a parameter card accepts ``--card FILE`` and repeated
``--set name=value``. Invalid input (an unknown parameter, a value outside its range, a malformed
card) exits with status 2 and a one-line message naming the parameter, its value and what is
allowed.

A command's module is imported only when that command runs (or ``-h`` lists the commands):
``alpseesaw generate`` served from the cache imports none of the others (:data:`COMMANDS`).
"""

from __future__ import annotations

import importlib

import click

from alpseesaw import __version__
from alpseesaw.cli.common import GuardedGroup, UserInputError, handle_errors
from alpseesaw.cli.generate import generate_model, generate_model_main

__all__ = ["UserInputError", "generate_model", "generate_model_main", "handle_errors", "main"]

#: Every command of ``alpseesaw``: its name -> (module of :mod:`alpseesaw.cli`, attribute).
COMMANDS: dict[str, tuple[str, str]] = {
    "card": ("card", "card"),
    "crossval": ("crossval", "crossval_cmd"),
    "g2": ("dark", "g2_cmd"),
    "generate": ("generate", "generate_model"),
    "image": ("image", "image"),
    "model": ("model", "model"),
    "neutrino": ("neutrino", "neutrino"),
    "param-card": ("spectrum", "param_card_cmd"),
    "point": ("point", "point_cmd"),
    "relic": ("dark", "relic_cmd"),
    "reproduce": ("reproduce", "reproduce"),
    "spectrum": ("spectrum", "spectrum_cmd"),
}


class _LazyGroup(GuardedGroup):
    """The top-level group: each command imported from :data:`COMMANDS` when first asked for
    (running it, or ``-h`` listing every command with its short help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002 - click API
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: ARG002
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(f"alpseesaw.cli.{module}"), attribute)
            self.add_command(command, name=cmd_name)
        return self.commands.get(cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="alpseesaw")
def main() -> None:
    """alpseesaw: inverse seesaw + ALP-portal fermion dark matter, from Lagrangian to numbers."""
