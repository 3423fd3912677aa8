"""``alpseesaw relic`` and ``alpseesaw g2``: the dark-matter relic density and the muon g-2."""

from __future__ import annotations

from typing import Any

import click

from alpseesaw.cli.common import card_options, choice_option, echo_json, handle_errors, json_option


@click.command("relic")
@card_options
@choice_option(
    "--method",
    ["boltzmann", "freeze-out"],
    "boltzmann",
    "boltzmann: the complete calculation (every channel of the model, Gondolo-Gelmini thermal "
    "averages, the freeze-out equation solved); freeze-out: the paper's estimate Omega h^2 = 0.12 "
    "x 2.6e-26 / (sigma v(v -> 0) / 2), with warnings where it fails.",
)
@choice_option(
    "--conventions",
    ["physical", "width-window", "micromegas"],
    "physical",
    "physical: Breit-Wigner propagators everywhere; micromegas: darkOmega's conventions (CalcHEP's "
    "2.7-width window, its sqrt(s) cut, its Omega prefactor), for like-for-like comparisons; "
    "width-window: the window only.",
)
@click.option(
    "--cut",
    type=float,
    default=1e-4,
    show_default=True,
    help="List channels above this share of 1/Omega (or of the largest sigma v).",
)
@json_option()
@handle_errors
def relic_cmd(
    card: str | None,
    overrides: tuple[str, ...],
    method: str,
    conventions: str,
    cut: float,
    as_json: bool,
) -> None:
    """Relic density of chi + chi~ from every chi chi~ annihilation channel of the model."""
    from alpseesaw.model import build_model
    from alpseesaw.model.card import load_point
    from alpseesaw.physics.calculator import RelicCalculator

    externals = load_point(card, overrides).externals
    calc = RelicCalculator(build_model(), conventions=conventions)
    res = calc({k: [v] for k, v in externals.items()}, method=method)
    doc: dict[str, Any] = {"method": method, "conventions": conventions, **res.point(0, cut=cut)}
    if doc["omega_h2"] is None:
        from alpseesaw.errors import InputError

        moved = ", ".join(f"{k} = {v:g}" for k, v in externals.items()
                          if v != calc.ir.parameter_set.external(k).default)  # fmt: skip
        msg = f"the relic density is not computable at this card ({moved or 'defaults'}): "
        raise InputError(msg + (doc["warnings"][0] if doc["warnings"] else "no finite result"))
    if as_json:
        echo_json(doc)
        return
    xf = doc["xf"]
    click.echo(
        f"Omega h^2 = {doc['omega_h2']:.5g}   x_f = {xf if xf is None else f'{xf:.4g}'}   ({method})"
    )
    if method == "boltzmann":
        click.echo(
            f"  the paper's freeze-out estimate: Omega h^2 = {_g(doc['omega_h2_freeze_out'])}"
        )
        for ch, share in sorted(doc["shares"].items(), key=lambda kv: -kv[1]):
            sv = doc["sigmav_cm3_s"].get(ch)
            click.echo(f"  chi chi~ -> {ch:10s} {100 * share:7.3f}% of 1/Omega   sigma v(v -> 0) = "
                       f"{sv if sv is None else f'{sv:.4g}'} cm^3/s")  # fmt: skip
    else:
        for ch, sv in sorted(doc["sigmav_cm3_s"].items(), key=lambda kv: -(kv[1] or 0)):
            click.echo(f"  chi chi~ -> {ch:10s} sigma v(v -> 0) = {sv:.4g} cm^3/s")
    for w in doc["warnings"]:
        click.echo(f"warning: {w}")


def _g(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.5g}"


@click.command("g2")
@card_options
@click.option(
    "--cutoff", type=float, default=None, help="Lambda of diagram (b) in GeV [default: 4 pi fa]."
)
@json_option()
@handle_errors
def g2_cmd(
    card: str | None, overrides: tuple[str, ...], cutoff: float | None, as_json: bool
) -> None:
    """ALP contribution to the muon g-2: diagrams (a), (b), (c) of eq (3.15), corrected (docs/dark_matter.md)."""
    from alpseesaw.model.card import load_point
    from alpseesaw.physics.annihilation import DarkSectorInputs
    from alpseesaw.physics.g2 import diagrams

    inp = DarkSectorInputs.from_values(load_point(card, overrides).values)
    res = diagrams(
        inp.mmu, inp.ma, inp.fa, inp.cmm, inp.cgg_yukawa, inp.alpha0, cutoff
    )  # photons at q^2 = 0
    if as_json:
        echo_json(res.to_json())
        return
    click.echo(
        f"Delta a_mu = {res.delta_a_mu:.5g}  (a: {res.a:.4g}, b: {res.b:.4g}, c: {res.c:.4g}; "
        f"C_gg^Y = {res.cgg_yukawa:.4g}, Lambda = {res.cutoff_gev:.4g} GeV)"
    )
