"""``alpseesaw spectrum`` (the SLHA2 spectrum of a point) and ``alpseesaw param-card`` (the UFO's
param_card at a point): the files a point hands to tools that read a card at run time."""

from __future__ import annotations

import click

from alpseesaw.cli.common import ALP_GAUGE_OPTION, card_options, force_option, handle_errors

#: What the first lines of a file alpseesaw wrote say (an existing file is replaced, with
#: --force, only if they say it).
WRITTEN_BY = "written by alpseesaw"


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
@force_option("SLHA file")
@click.option(
    "--decays",
    is_flag=True,
    help="DECAY blocks of the new states from the IR's tree-level two-body widths (builds the "
    "model, a few seconds) instead of the card's widths.",
)
@handle_errors
def spectrum_cmd(
    card: str | None,
    overrides: tuple[str, ...],
    alp_gauge: str,
    out: str,
    force: bool,
    decays: bool,
) -> None:
    """SLHA2 spectrum at a card: masses, mixing matrices, inputs, widths, SPINFO."""
    from alpseesaw.files import check_output_file, write_output_file
    from alpseesaw.generators.slha import spectrum_slha
    from alpseesaw.model.card import load_point

    if out != "-":
        check_output_file(out, force=force, marker=WRITTEN_BY)
    point = load_point(card, overrides, alp_gauge)
    ir = None
    if decays:
        from alpseesaw.model import build_model

        ir = build_model(alp_gauge)
    text = spectrum_slha(point, ir)
    if out == "-":
        click.echo(text, nl=False)
    else:
        write_output_file(out, text)


@click.command("param-card")
@card_options
@ALP_GAUGE_OPTION
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True),
    required=True,
    help="Output param_card.dat ('-' for stdout); written atomically.",
)
@force_option("param_card")
@handle_errors
def param_card_cmd(
    card: str | None, overrides: tuple[str, ...], alp_gauge: str, out: str, force: bool
) -> None:
    """The UFO's param_card at a card (neutrino masses and mixing, widths included), for a UFO
    generated at any other card: MadGraph users change every parameter with it."""
    from alpseesaw.files import check_output_file, write_output_file
    from alpseesaw.generators import ufo
    from alpseesaw.model import build_model
    from alpseesaw.model.card import load_point

    if out != "-":
        check_output_file(out, force=force, marker=WRITTEN_BY)
    point = load_point(card, overrides, alp_gauge)
    text = ufo.build(build_model(alp_gauge), point).param_card
    if out == "-":
        click.echo(text, nl=False)
    else:
        write_output_file(out, text)
