"""``alpseesaw card check F``: what a parameter card sets, validated as every command does."""

from __future__ import annotations

import click

from alpseesaw.cli.common import ALP_GAUGE_OPTION, echo_json, handle_errors, json_option


@click.group()
def card() -> None:
    """Parameter cards: SLHA, PARFILE 'name value', JSON or TOML (detected explicitly)."""


@card.command("check")
@click.argument("card_file", metavar="CARD", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override one parameter of the card (repeatable), as every command takes it.",
)
@ALP_GAUGE_OPTION
@json_option("Print the resolved point as JSON.")
@handle_errors
def check_cmd(card_file: str, overrides: tuple[str, ...], alp_gauge: str, as_json: bool) -> None:
    """Validate CARD (and --set) and print the resolved point: every external parameter, its
    value and where it comes from (the card's line, --set or the default); exit 2 naming file,
    line and reason if the card is not valid."""
    from alpseesaw.model.card import inspect_point, parse_overrides
    from alpseesaw.model.inputs import parameter_set

    params = parameter_set(alp_gauge)
    point, entries = inspect_point(card_file, overrides, alp_gauge)  # validated as elsewhere
    assert entries is not None  # a card was given
    overridden = parse_overrides(overrides, params)
    rows = []
    for p in params.externals:
        if p.name in overridden:
            origin = "--set"
        elif p.name in entries.values:
            origin = f"line {entries.lines[p.name]}"
        else:
            origin = "default"
        rows.append((p, point.externals[p.name], origin))
    if as_json:
        echo_json(
            {
                "card": card_file,
                "format": entries.format,
                "alp_gauge": alp_gauge,
                "set_by_card": len(entries.values),
                "parameters": {
                    p.name: {"value": v, "unit": p.unit, "from": origin} for p, v, origin in rows
                },
            }
        )
        return
    click.echo(
        f"{card_file}: valid {entries.format} card, sets {len(entries.values)} of "
        f"{len(rows)} parameters (alp gauge {alp_gauge})"
    )
    width = max(len(p.name) for p, _, _ in rows)
    for p, v, origin in rows:
        unit = f" {p.unit}" if p.unit not in ("", "1") else ""
        click.echo(f"  {p.name:<{width}} = {v!r:<22}{unit:<5} {origin}")
