"""``alpseesaw reproduce table3|fig2|fig3``: the paper's tables and figures beside its values."""

from __future__ import annotations

import click

from alpseesaw.cli.common import (
    SEED_OPTION,
    choice_option,
    handle_errors,
    out_dir_option,
    points_option,
)
from alpseesaw.cli.neutrino import run_scans


@click.group()
def reproduce() -> None:
    """Reproduce a table or figure of the paper beside its printed values."""


@reproduce.command("fig3")
@out_dir_option()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="The shared data directory (holding gamma_lines/) [default: $ALPSEESAW_DATA_DIR or ../shared/data].",
)
@click.option(
    "--points",
    type=click.IntRange(10, 5000),
    default=601,
    show_default=True,
    help="Ma grid points.",
)
@click.option(
    "--complete-points",
    type=click.IntRange(2, 500),
    default=17,
    show_default=True,
    help="Ma values of the complete Omega h^2 = 0.12 line (every channel, Boltzmann; about 4 s each).",
)
@handle_errors
def reproduce_fig3(out_dir: str, data_dir: str | None, points: int, complete_points: int) -> None:
    """Fig. 3: relic band, g-2 stripes and gamma-line limits in the Ma - Cgg/fa plane (PNG, CSV, summary)."""
    from alpseesaw.physics import fig3, gamma_lines

    limits = gamma_lines.load_default(data_dir)
    panels = fig3.compute(limits, n_points=points, n_complete=complete_points)
    text = fig3.summary(panels, limits)
    for path in fig3.write_outputs(out_dir, panels, text):
        click.echo(f"wrote {path}")
    click.echo(text, nl=False)


@reproduce.command("table3")
@out_dir_option()
@points_option(10_000, 10, "Viable points per texture and ordering.")
@SEED_OPTION
@choice_option(
    "--orderings",
    ["NO", "IO", "NO,IO"],
    "NO,IO",
    "Orderings to scan (the paper's Table 3 is NO only).",
)
@handle_errors
def reproduce_table3(out_dir: str, points: int, seed: int, orderings: str) -> None:
    """Table 3: ranges of delta_CP, sum m, m_eff, m_ee per texture (CSV, Markdown) beside the paper's."""
    from alpseesaw.physics.neutrino import output
    from alpseesaw.physics.neutrino import reproduce as rep

    jobs = [(t, o) for o in orderings.split(",") for t in ("A", "B")]
    rows = rep.table3_rows(run_scans(jobs, points, seed))
    for p in output.write_table3(out_dir, rows):
        click.echo(f"wrote {p}")
    click.echo(rep.table3_markdown(rows), nl=False)


@reproduce.command("fig2")
@out_dir_option()
@points_option(10_000, 10, "Viable points per texture (NO).")
@SEED_OPTION
@handle_errors
def reproduce_fig2(out_dir: str, points: int, seed: int) -> None:
    """Fig. 2: phi vs delta_CP and delta_CP vs m_ee (NO), with eqs (4.3)/(4.4); PNG and CSV."""
    from alpseesaw.physics.neutrino import output
    from alpseesaw.physics.neutrino import reproduce as rep

    results = run_scans([("A", "NO"), ("B", "NO")], points, seed)
    for p in output.write_fig2(out_dir, results):
        click.echo(f"wrote {p}")
    for r in results:
        agr = rep.formula_agreement(r)
        click.echo(
            f"texture {r.texture}: |m_ee - eq ({'4.3' if r.texture == 'A' else '4.4'})| <= "
            f"{agr['max_abs_meV']:.3f} meV (rms {agr['rms_meV']:.3f} meV) over {r.n_viable} points"
        )
