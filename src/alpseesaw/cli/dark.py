"""``alpseesaw relic`` and ``alpseesaw g2``: the dark-matter relic density and the muon g-2."""

from __future__ import annotations

import click

from alpseesaw.cli.common import card_options, choice_option, echo_json, handle_errors, json_option


@click.command("relic")
@card_options
@choice_option(
    "--method",
    ["freeze-out", "boltzmann"],
    "boltzmann",
    "freeze-out: Omega h^2 = 0.12 x 2.6e-26 / <sigma v>_eff (the paper's approximation); "
    "boltzmann: numerical solution with the Gondolo-Gelmini thermal average.",
)
@choice_option(
    "--photon-coupling",
    ["tree", "effective"],
    "tree",
    "tree: Cgg of eq (2.12) as in the Lagrangian (and micrOMEGAs); effective: add the fermion "
    "loops of the (2.10) couplings (Cgg + 2 N_c Q^2 C_ff B1).",
)
@json_option()
@handle_errors
def relic_cmd(
    card: str | None, overrides: tuple[str, ...], method: str, photon_coupling: str, as_json: bool
) -> None:
    """Relic density of chi + chi~ from chi chi~ -> a* -> gamma gamma, mu+ mu- (and other SM states)."""
    from alpseesaw.model.card import load_point
    from alpseesaw.physics.annihilation import DarkSectorInputs
    from alpseesaw.physics.relic import relic_density

    inp = DarkSectorInputs.from_values(load_point(card, overrides).values)
    res = relic_density(inp, method, photon_coupling)  # type: ignore[arg-type]
    if as_json:
        echo_json(res.to_json())
        return
    click.echo(f"Omega h^2 = {res.omega_h2:.5g}   x_f = {res.xf:.4g}   ({res.method})")
    for ch, v in res.sigmav_cm3_s.items():
        click.echo(f"  sigma(chi chi~ -> {ch}) v = {v:.4g} cm^3/s (v -> 0)")
    for w in res.warnings:
        click.echo(f"warning: {w}")


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
