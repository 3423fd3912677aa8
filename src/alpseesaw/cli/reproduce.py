"""``alpseesaw reproduce table3|fig2|fig3``: the paper's tables and figures beside its values."""

from __future__ import annotations

import click

from alpseesaw.cli.common import (
    QUIET_OPTION,
    SEED_OPTION,
    choice_option,
    count_option,
    force_option,
    handle_errors,
    out_dir_option,
    path_option,
    placed,
    points_option,
)
from alpseesaw.cli.neutrino import run_scans
from alpseesaw.cli.progress import Spinner

#: The files each command writes into --out (glob patterns): checked before any work.
FIG3_FILES = ("fig3.png", "fig3_fa*TeV.csv", "fig3_summary.txt")
TABLE3_FILES = ("table3.csv", "table3.md")
FIG2_FILES = ("fig2.png", "fig2_points.csv", "fig2_formula.csv", "fig2_formula_agreement.json")


@click.group()
def reproduce() -> None:
    """Reproduce a table or figure of the paper beside its printed values."""


@reproduce.command("fig3")
@out_dir_option()
@force_option("output file of the same name in --out")
@path_option(
    "--data-dir",
    "data_dir",
    directory=True,
    help_text="The shared data directory (holding gamma_lines/) [default: $ALPSEESAW_DATA_DIR or "
    "../shared/data].",
)
@count_option("--points", 601, 10, "Ma grid points.", maximum=5000)
@count_option(
    "--complete-points",
    17,
    2,
    "Ma values of the complete Omega h^2 = 0.12 line (every channel, Boltzmann; about 4 s each).",
    maximum=500,
)
@QUIET_OPTION
@handle_errors
def reproduce_fig3(
    out_dir: str,
    force: bool,
    data_dir: str | None,
    points: int,
    complete_points: int,
    quiet: bool,
) -> None:
    """Fig. 3: relic band, g-2 stripes and gamma-line limits in the Ma - Cgg/fa plane (PNG, CSV, summary)."""
    from alpseesaw.files import output_directory
    from alpseesaw.physics import fig3, gamma_lines

    with output_directory(out_dir, FIG3_FILES, force=force, command="reproduce fig3") as staged:
        limits = gamma_lines.load_default(data_dir)
        with Spinner(
            f"reproduce fig3: two panels, {points} Ma points and {complete_points} complete "
            f"relic points each (about {max(1, round(complete_points * 8 / 60))} min)",
            quiet=quiet,
        ):
            panels = fig3.compute(limits, n_points=points, n_complete=complete_points)
        text = fig3.summary(panels, limits)
        paths = placed(fig3.write_outputs(staged, panels, text), staged, out_dir)
    for path in paths:
        click.echo(f"wrote {path}")
    click.echo(text, nl=False)


@reproduce.command("table3")
@out_dir_option()
@force_option("output file of the same name in --out")
@points_option(10_000, 10, "Viable points per texture and ordering.")
@SEED_OPTION
@choice_option(
    "--orderings",
    ["NO", "IO", "NO,IO"],
    "NO,IO",
    "Orderings to scan (the paper's Table 3 is NO only).",
)
@QUIET_OPTION
@handle_errors
def reproduce_table3(
    out_dir: str, force: bool, points: int, seed: int, orderings: str, quiet: bool
) -> None:
    """Table 3: ranges of delta_CP, sum m, m_eff, m_ee per texture (CSV, Markdown) beside the paper's."""
    from alpseesaw.files import output_directory
    from alpseesaw.physics.neutrino import output
    from alpseesaw.physics.neutrino import reproduce as rep

    jobs = [(t, o) for o in orderings.split(",") for t in ("A", "B")]
    with output_directory(out_dir, TABLE3_FILES, force=force, command="reproduce table3") as staged:
        rows = rep.table3_rows(run_scans(jobs, points, seed, quiet=quiet))
        paths = placed(output.write_table3(staged, rows), staged, out_dir)
    for p in paths:
        click.echo(f"wrote {p}")
    click.echo(rep.table3_markdown(rows), nl=False)


@reproduce.command("fig2")
@out_dir_option()
@force_option("output file of the same name in --out")
@points_option(10_000, 10, "Viable points per texture (NO).")
@SEED_OPTION
@QUIET_OPTION
@handle_errors
def reproduce_fig2(out_dir: str, force: bool, points: int, seed: int, quiet: bool) -> None:
    """Fig. 2: phi vs delta_CP and delta_CP vs m_ee (NO), with eqs (4.3)/(4.4); PNG and CSV."""
    from alpseesaw.files import output_directory
    from alpseesaw.physics.neutrino import output
    from alpseesaw.physics.neutrino import reproduce as rep

    with output_directory(out_dir, FIG2_FILES, force=force, command="reproduce fig2") as staged:
        results = run_scans([("A", "NO"), ("B", "NO")], points, seed, quiet=quiet)
        paths = placed(output.write_fig2(staged, results), staged, out_dir)
    for p in paths:
        click.echo(f"wrote {p}")
    for r in results:
        agr = rep.formula_agreement(r)
        click.echo(
            f"texture {r.texture}: |m_ee - eq ({'4.3' if r.texture == 'A' else '4.4'})| <= "
            f"{agr['max_abs_meV']:.3f} meV (rms {agr['rms_meV']:.3f} meV) over {r.n_viable} points"
        )
