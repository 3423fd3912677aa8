"""``alpseesaw model check|show|spectrum``: the model's checks, content and spectrum."""

from __future__ import annotations

from typing import Any

import click

from alpseesaw.cli.common import (
    ALP_GAUGE_OPTION,
    QUIET_OPTION,
    card_options,
    echo_json,
    handle_errors,
    json_option,
)


@click.group()
def model() -> None:
    """The model: checks, content, spectrum."""


@model.command("check")
@ALP_GAUGE_OPTION
@json_option("Print the report as JSON.")
@QUIET_OPTION
@handle_errors
def model_check(alp_gauge: str, as_json: bool, quiet: bool) -> None:
    """Run every consistency check; exit 1 if any fails (each failure is named)."""
    from alpseesaw.cli.progress import Steps
    from alpseesaw.model import run_checks

    with Steps("model check", 1, quiet=quiet) as steps:
        report = run_checks(alp_gauge, lambda name, done, total: _shown(steps, name, done, total))
    if as_json:
        echo_json(
            {
                "ok": report.ok,
                "checks": [
                    {
                        "name": r.name,
                        "passed": r.passed,
                        "failures": list(r.failures),
                        "expected": list(r.expected),
                    }
                    for r in report.results
                ],
            }
        )
    else:
        for r in report.results:
            click.echo(
                f"{'PASS' if r.passed else 'FAIL'}  {r.name}"
                + (f"  ({r.summary})" if r.summary else "")
            )
            for f in r.failures:
                click.echo(f"      failed: {f}")
            for e in r.expected:
                click.echo(f"      expected (stated by the paper): {e}")
    if not report.ok:
        raise SystemExit(1)


def _shown(steps: Any, name: str, done: int, total: int) -> None:
    steps.total = total
    steps.step(name, done)


@model.command("show")
@ALP_GAUGE_OPTION
@click.option("--vertices", is_flag=True, help="List every vertex with its couplings.")
@json_option("Print the IR as JSON.")
@handle_errors
def model_show(alp_gauge: str, vertices: bool, as_json: bool) -> None:
    """Show particles, parameters, Lagrangian terms and vertices of the model."""
    from alpseesaw.model import build_model
    from alpseesaw.model.ir import serialise

    ir = build_model(alp_gauge)
    if as_json:
        echo_json(serialise(ir) | {"hash": ir.hash})
        return
    click.echo(f"model {ir.name}  (alp_gauge={alp_gauge}, hash {ir.hash[:16]})")
    click.echo("\nLagrangian terms:")
    for t in ir.lagrangian:
        click.echo(
            f"  {t.name:22s} eq {t.equation:14s} {t.phase:8s} PQ: {t.pq:10s} {t.n_terms:4d} terms  {t.note}"
        )
    click.echo("\nparticles (mass basis, unitary gauge):")
    for p in ir.particles:
        click.echo(
            f"  {p.name:5s} {p.antiname:5s} pdg {p.pdg:8d} 2s+1={p.spin} colour {p.colour} Q={p.charge!s:5s} "
            f"mass {p.mass:6s} width {p.width:6s}{'  Majorana' if p.majorana else ''}{'  dark' if p.dark else ''}"
        )
    click.echo("\nexternal parameters (card):")
    for q in ir.externals:
        block, index = q.slha or ("", 0)
        click.echo(
            f"  {q.name:8s} = {q.value:<12.6g} {q.unit:4s} [{block} {index}]  "
            f"allowed: {q.allowed}  {q.description}"
        )
    n_int = sum(q.kind == "internal" for q in ir.parameters)
    n_num = sum(q.kind == "numeric" for q in ir.parameters)
    click.echo(
        f"\n{n_int} internal parameters, {n_num} numeric (neutrino block); {len(ir.vertices)} vertices"
    )
    if vertices:
        for v in ir.vertices:
            click.echo(f"  {v.key}")
            for c in v.couplings:
                click.echo(f"      {c.value}  x  {c.lorentz}  x  {c.colour}")


@model.command("spectrum")
@card_options
@ALP_GAUGE_OPTION
@json_option("Print JSON (the default output is a table).")
@handle_errors
def model_spectrum(
    card: str | None, overrides: tuple[str, ...], alp_gauge: str, as_json: bool
) -> None:
    """Masses of every particle of the mass basis at a card."""
    from alpseesaw.model import spectrum
    from alpseesaw.model.card import load_point

    spec = spectrum(load_point(card, overrides, alp_gauge).values)
    if as_json:
        echo_json(spec)
        return
    for pdg, row in spec["particles"].items():
        click.echo(
            f"{pdg:>8s}  {row['name']:5s}  mass {row['mass_GeV']:.10g} GeV  width {row['width_GeV']:.6g} GeV"
        )
