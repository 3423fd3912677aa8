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
"""

from __future__ import annotations

import click

from alpseesaw import __version__
from alpseesaw.cli.card import card
from alpseesaw.cli.common import GuardedGroup, UserInputError, handle_errors
from alpseesaw.cli.crossval import crossval_cmd
from alpseesaw.cli.dark import g2_cmd, relic_cmd
from alpseesaw.cli.generate import generate_model, generate_model_main
from alpseesaw.cli.image import image
from alpseesaw.cli.model import model
from alpseesaw.cli.neutrino import neutrino
from alpseesaw.cli.point import point_cmd
from alpseesaw.cli.reproduce import reproduce
from alpseesaw.cli.spectrum import param_card_cmd, spectrum_cmd

__all__ = ["UserInputError", "generate_model", "generate_model_main", "handle_errors", "main"]


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="alpseesaw")
def main() -> None:
    """alpseesaw: inverse seesaw + ALP-portal fermion dark matter, from Lagrangian to numbers."""


main.add_command(model)
main.add_command(reproduce)
main.add_command(relic_cmd)
main.add_command(g2_cmd)
main.add_command(neutrino)
main.add_command(generate_model, name="generate")
main.add_command(crossval_cmd)
main.add_command(point_cmd)
main.add_command(image)
main.add_command(spectrum_cmd)
main.add_command(card)
main.add_command(param_card_cmd)
