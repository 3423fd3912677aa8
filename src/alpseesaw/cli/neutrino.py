"""``alpseesaw neutrino scan|card``: textures A/B against the oscillation data."""

from __future__ import annotations

from typing import Any

import click

from alpseesaw.cli.common import (
    QUIET_OPTION,
    SEED_OPTION,
    echo_json,
    existing_path_option,
    force_option,
    handle_errors,
    json_option,
    out_dir_option,
    path_option,
    placed,
    points_option,
)
from alpseesaw.cli.progress import ScanProgress

#: The header line of a card alpseesaw wrote (model.card.format_card): --force replaces only that.
CARD_MARKER = "alpseesaw parameter card"
#: The files 'neutrino scan' writes into --out.
SCAN_FILES = ("points.csv", "summary.json", "convergence.csv")

TEXTURE_CHOICE = click.Choice(["A", "B"])
ORDERING_CHOICE = click.Choice(["NO", "IO"])


def run_scans(
    jobs: list[tuple[str, str]], points: int, seed: int, *, quiet: bool = False
) -> list[Any]:
    from alpseesaw.physics.neutrino.scan import scan

    results = []
    for texture, ordering in jobs:
        report = ScanProgress(f"texture {texture} {ordering}", quiet=quiet)
        try:
            results.append(scan(texture, ordering, points, seed, progress=report))
        finally:
            report.close()
    return results


@click.group()
def neutrino() -> None:
    """Neutrino sector: textures A/B (eqs 3.3-3.6) against the oscillation data of Table 2."""


@neutrino.command("scan")
@click.option(
    "--texture", type=TEXTURE_CHOICE, required=True, help="m_D texture, eq (3.3) or (3.4)."
)
@click.option(
    "--ordering", type=ORDERING_CHOICE, default="NO", show_default=True, help="Mass ordering."
)
@points_option(10_000, 1, "Viable points to collect (plus the extremes of every range).")
@SEED_OPTION
@out_dir_option("Output directory: points.csv, summary.json, convergence.csv.")
@path_option(
    "--card-out",
    "card_out",
    directory=False,
    help_text="Also write the model card of viable point 0 (heavy scale as in 'neutrino card').",
)
@force_option("output file of the same name in --out (or --card-out)")
@json_option("Print summary.json on stdout.")
@QUIET_OPTION
@handle_errors
def neutrino_scan(
    texture: str,
    ordering: str,
    points: int,
    seed: int,
    out_dir: str,
    card_out: str | None,
    force: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Scan the box (4.1) for points inside every 3-sigma range of Table 2; write them and their ranges."""
    from alpseesaw.files import check_output_file, output_directory, write_output_file
    from alpseesaw.physics.neutrino import output

    if card_out is not None:
        check_output_file(card_out, force=force, marker=CARD_MARKER)
    with output_directory(out_dir, SCAN_FILES, force=force, command="neutrino scan") as staged:
        (res,) = run_scans([(texture, ordering)], points, seed, quiet=quiet)
        paths = placed(output.write_scan(staged, res), staged, out_dir)
    if card_out is not None and res.n_viable:
        from alpseesaw.model.card import format_card
        from alpseesaw.physics.neutrino.card import card_values

        text = format_card(card_values(texture, res.params[0]).values)
        paths.append(write_output_file(card_out, text))
    summary = res.summary()
    if as_json:
        echo_json(summary)
        return
    for p in paths:
        click.echo(f"wrote {p}")
    click.echo(
        f"texture {texture}, {ordering}: {summary['n_viable']} viable points in {summary['seconds']} s"
    )
    for key in ("delta_cp_deg", "sum_m_meV", "m_eff_meV", "m_ee_meV"):
        lo, hi = summary[key]
        click.echo(f"  {key:13s} {lo:10.4f} .. {hi:10.4f}")


@neutrino.command("card")
@existing_path_option(
    "--scan-dir",
    "scan_dir",
    directory=True,
    required=True,
    help_text="Directory written by 'alpseesaw neutrino scan'.",
)
@click.option(
    "--index", type=click.IntRange(min=0), default=0, show_default=True, help="Row of points.csv."
)
@click.option(
    "--out", "out_file", type=click.Path(dir_okay=False), required=True, help="Card file to write."
)
@force_option("card file")
@click.option(
    "--mn11",
    "mn11",
    type=float,
    default=1000.0,
    show_default=True,
    help="MN11 in GeV (heavy scale).",
)
@click.option(
    "--gamma", "gamma", type=float, default=2.0, show_default=True, help="gammaN = M_N^22 / M_N^11."
)
@click.option(
    "--md11",
    "md11",
    type=float,
    default=None,
    help="mD11 in GeV [default: (kappa MN11^3)^(1/4), the middle of mu_S << m_D << M_N].",
)
@json_option("Print the card values as JSON.")
@handle_errors
def neutrino_card(
    scan_dir: str,
    index: int,
    out_file: str,
    mn11: float,
    gamma: float,
    md11: float | None,
    force: bool,
    as_json: bool,
) -> None:
    """Write a full model card (m_D, M_N, mu_S of eqs 3.1-3.4) for one viable point of a scan."""
    from alpseesaw.files import check_output_file, write_output_file
    from alpseesaw.model.card import format_card
    from alpseesaw.physics.neutrino.card import card_values
    from alpseesaw.physics.neutrino.output import read_scan_point

    check_output_file(out_file, force=force, marker=CARD_MARKER)
    texture, params = read_scan_point(scan_dir, index)
    point = card_values(texture, params, MN11=mn11, gammaN=gamma, mD11=md11)
    path = write_output_file(out_file, format_card(point.values))
    if as_json:
        echo_json({"card": str(path), "values": point.values, "seesaw_expansion": point.expansion})
        return
    click.echo(
        f"wrote {path} (texture {texture}, point {index}; seesaw expansion parameter {point.expansion:.3g})"
    )
