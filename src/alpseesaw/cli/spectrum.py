"""``alpseesaw spectrum`` (the SLHA2 spectrum of a point) and ``alpseesaw param-card`` (the UFO's
param_card at a point): the files a point hands to tools that read a card at run time."""

from __future__ import annotations

import click

from alpseesaw.cli.common import ALP_GAUGE_OPTION, card_options, handle_errors


@click.command("spectrum")
@card_options
@ALP_GAUGE_OPTION
@click.option(
    "--slha",
    "out",
    type=click.Path(dir_okay=False, allow_dash=True),
    required=True,
    help="Output SLHA2 file ('-' for stdout); written atomically.",
)
@click.option(
    "--decays",
    is_flag=True,
    help="DECAY blocks of the new states from the IR's tree-level two-body widths (builds the "
    "model, a few seconds) instead of the card's widths.",
)
@handle_errors
def spectrum_cmd(
    card: str | None, overrides: tuple[str, ...], alp_gauge: str, out: str, decays: bool
) -> None:
    """SLHA2 spectrum at a card: masses, mixing matrices, inputs, widths, SPINFO."""
    from alpseesaw.files import atomic_write
    from alpseesaw.generators.slha import spectrum_slha
    from alpseesaw.model.card import load_point

    point = load_point(card, overrides, alp_gauge)
    ir = None
    if decays:
        from alpseesaw.model import build_model

        ir = build_model(alp_gauge)
    text = spectrum_slha(point, ir)
    if out == "-":
        click.echo(text, nl=False)
    else:
        atomic_write(out, text)


@click.command("param-card")
@card_options
@ALP_GAUGE_OPTION
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True),
    required=True,
    help="Output param_card.dat ('-' for stdout); written atomically.",
)
@handle_errors
def param_card_cmd(card: str | None, overrides: tuple[str, ...], alp_gauge: str, out: str) -> None:
    """The UFO's param_card at a card (neutrino masses and mixing, widths included), for a UFO
    generated at any other card: MadGraph users change every parameter with it."""
    from alpseesaw.files import atomic_write
    from alpseesaw.generators import ufo
    from alpseesaw.model import build_model
    from alpseesaw.model.card import load_point

    point = load_point(card, overrides, alp_gauge)
    text = ufo.build(build_model(alp_gauge), point).param_card
    if out == "-":
        click.echo(text, nl=False)
    else:
        atomic_write(out, text)
