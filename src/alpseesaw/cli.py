"""Command-line interface: parse arguments, call the library, echo the result.

Two entry points are installed: ``alpseesaw`` (the group below) and ``generate-model``.
Every command that takes a parameter card accepts ``--card FILE`` and repeated
``--set name=value``. Invalid input (an unknown parameter, a value outside its range, a malformed
card) exits with status 2 and a one-line message naming the parameter, its value and what is
allowed.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

import click

from alpseesaw import __version__
from alpseesaw.errors import AlpseesawError, InputError

if TYPE_CHECKING:
    from collections.abc import Callable


class UserInputError(click.ClickException):
    """Bad input from the user: exit status 2, like click's own usage errors."""

    exit_code = 2


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn alpseesaw's exceptions into clean CLI errors (input errors exit 2, others exit 1)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise UserInputError(str(exc)) from exc
        except AlpseesawError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def card_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--card FILE`` and repeated ``--set name=value`` to a command."""
    func = click.option(
        "--set",
        "overrides",
        multiple=True,
        metavar="NAME=VALUE",
        help="Override one parameter of the card (repeatable), e.g. --set Mchi=1000.",
    )(func)
    return click.option(
        "--card",
        type=click.Path(exists=True, dir_okay=False),
        default=None,
        help="SLHA parameter card; the built-in default card if omitted.",
    )(func)


def echo_json(obj: Any) -> None:
    """Print one JSON document on stdout (one line, keys in insertion order)."""
    click.echo(json.dumps(obj, allow_nan=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="alpseesaw")
def main() -> None:
    """alpseesaw: inverse seesaw + ALP-portal fermion dark matter, from Lagrangian to numbers."""


# --- model commands (issue 2) ---

ALP_GAUGE_OPTION = click.option(
    "--alp-gauge",
    type=click.Choice(["broken", "unbroken"]),
    default="broken",
    show_default=True,
    help="broken: Cgg, CgZ, CZZ, CWW independent (eq 2.12, the paper's choice); "
    "unbroken: CWW, CBB inputs and eq (2.13).",
)


@main.group()
def model() -> None:
    """The model: checks, content, spectrum."""


@model.command("check")
@ALP_GAUGE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@handle_errors
def model_check(alp_gauge: str, as_json: bool) -> None:
    """Run every consistency check; exit 1 if any fails (each failure is named)."""
    from alpseesaw.model import run_checks

    report = run_checks(alp_gauge)
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


@model.command("show")
@ALP_GAUGE_OPTION
@click.option("--vertices", is_flag=True, help="List every vertex with its couplings.")
@click.option("--json", "as_json", is_flag=True, help="Print the IR as JSON.")
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
        click.echo(
            f"  {q.name:8s} = {q.value:<12.6g} {q.unit:4s} [{q.slha[0]} {q.slha[1]}]  allowed: {q.allowed}  {q.description}"
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
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the default output is a table).")
@handle_errors
def model_spectrum(
    card: str | None, overrides: tuple[str, ...], alp_gauge: str, as_json: bool
) -> None:
    """Masses of every particle of the mass basis at a card."""
    from alpseesaw.model import load_values, spectrum
    from alpseesaw.model.inputs import parameter_set

    spec = spectrum(load_values(card, overrides, parameter_set(alp_gauge)))
    if as_json:
        echo_json(spec)
        return
    for pdg, row in spec["particles"].items():
        click.echo(
            f"{pdg:>8s}  {row['name']:5s}  mass {row['mass_GeV']:.10g} GeV  width {row['width_GeV']:.6g} GeV"
        )


@main.group()
def reproduce() -> None:
    """Reproduce a table or figure of the paper beside its printed values."""


# --- dark matter and g-2 commands (issue 6) ---


@main.command("relic")
@card_options
@click.option(
    "--method",
    type=click.Choice(["freeze-out", "boltzmann"]),
    default="boltzmann",
    show_default=True,
    help="freeze-out: Omega h^2 = 0.12 x 2.6e-26 / <sigma v>_eff (the paper's approximation); "
    "boltzmann: numerical solution with the Gondolo-Gelmini thermal average.",
)
@click.option(
    "--photon-coupling",
    type=click.Choice(["tree", "effective"]),
    default="tree",
    show_default=True,
    help="tree: Cgg of eq (2.12) as in the Lagrangian (and micrOMEGAs); effective: add the fermion "
    "loops of the (2.10) couplings (Cgg + 2 N_c Q^2 C_ff B1).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the default output is text).")
@handle_errors
def relic_cmd(
    card: str | None, overrides: tuple[str, ...], method: str, photon_coupling: str, as_json: bool
) -> None:
    """Relic density of chi + chi~ from chi chi~ -> a* -> gamma gamma, mu+ mu- (and other SM states)."""
    from alpseesaw.model import load_values
    from alpseesaw.physics.annihilation import DarkSectorInputs
    from alpseesaw.physics.relic import relic_density

    inp = DarkSectorInputs.from_values(load_values(card, overrides))
    res = relic_density(inp, method, photon_coupling)  # type: ignore[arg-type]
    if as_json:
        echo_json(res.to_json())
        return
    click.echo(f"Omega h^2 = {res.omega_h2:.5g}   x_f = {res.xf:.4g}   ({res.method})")
    for ch, v in res.sigmav_cm3_s.items():
        click.echo(f"  sigma(chi chi~ -> {ch}) v = {v:.4g} cm^3/s (v -> 0)")
    for w in res.warnings:
        click.echo(f"warning: {w}")


@main.command("g2")
@card_options
@click.option(
    "--cutoff", type=float, default=None, help="Lambda of diagram (b) in GeV [default: 4 pi fa]."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the default output is text).")
@handle_errors
def g2_cmd(
    card: str | None, overrides: tuple[str, ...], cutoff: float | None, as_json: bool
) -> None:
    """ALP contribution to the muon g-2: diagrams (a), (b), (c) of eq (3.15), corrected (docs/dark_matter.md)."""
    from alpseesaw.model import load_values
    from alpseesaw.physics.annihilation import DarkSectorInputs
    from alpseesaw.physics.g2 import diagrams

    inp = DarkSectorInputs.from_values(load_values(card, overrides))
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


@reproduce.command("fig3")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Output directory."
)
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
@handle_errors
def reproduce_fig3(out_dir: str, data_dir: str | None, points: int) -> None:
    """Fig. 3: relic band, g-2 stripes and gamma-line limits in the Ma - Cgg/fa plane (PNG, CSV, summary)."""
    from alpseesaw.physics import fig3, gamma_lines

    limits = gamma_lines.load_default(data_dir)
    panels = fig3.compute(limits, n_points=points)
    text = fig3.summary(panels, limits)
    for path in fig3.write_outputs(out_dir, panels, text):
        click.echo(f"wrote {path}")
    click.echo(text, nl=False)


# --- neutrino commands (issue 5) ---

TEXTURE_CHOICE = click.Choice(["A", "B"])
ORDERING_CHOICE = click.Choice(["NO", "IO"])


class _ScanProgress:
    """A rich progress bar on stderr when it is a terminal (silent otherwise); a scan callback."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        import sys  # local: keeps this block independent of the module's import list

        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(f"{self.title} {stage}", total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _run_scans(jobs: list[tuple[str, str]], points: int, seed: int) -> list[Any]:
    from alpseesaw.physics.neutrino.scan import scan

    results = []
    for texture, ordering in jobs:
        report = _ScanProgress(f"texture {texture} {ordering}")
        try:
            results.append(scan(texture, ordering, points, seed, progress=report))
        finally:
            report.close()
    return results


@main.group()
def neutrino() -> None:
    """Neutrino sector: textures A/B (eqs 3.3-3.6) against the oscillation data of Table 2."""


@neutrino.command("scan")
@click.option(
    "--texture", type=TEXTURE_CHOICE, required=True, help="m_D texture, eq (3.3) or (3.4)."
)
@click.option(
    "--ordering", type=ORDERING_CHOICE, default="NO", show_default=True, help="Mass ordering."
)
@click.option(
    "--points",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Viable points to collect (plus the extremes of every range).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the random generator."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    required=True,
    help="Output directory: points.csv, summary.json, convergence.csv.",
)
@click.option(
    "--card-out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write the model card of viable point 0 (heavy scale as in 'neutrino card').",
)
@click.option("--json", "as_json", is_flag=True, help="Print summary.json on stdout.")
@handle_errors
def neutrino_scan(
    texture: str,
    ordering: str,
    points: int,
    seed: int,
    out_dir: str,
    card_out: str | None,
    as_json: bool,
) -> None:
    """Scan the box (4.1) for points inside every 3-sigma range of Table 2; write them and their ranges."""
    from alpseesaw.physics.neutrino import output

    (res,) = _run_scans([(texture, ordering)], points, seed)
    paths = output.write_scan(out_dir, res)
    if card_out is not None and res.n_viable:
        from alpseesaw.model.card import write_card
        from alpseesaw.physics.neutrino.card import card_values

        paths.append(write_card(card_out, card_values(texture, res.params[0]).values))
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
@click.option(
    "--scan-dir",
    type=click.Path(exists=True, file_okay=False),
    required=True,
    help="Directory written by 'alpseesaw neutrino scan'.",
)
@click.option(
    "--index", type=click.IntRange(min=0), default=0, show_default=True, help="Row of points.csv."
)
@click.option(
    "--out", "out_file", type=click.Path(dir_okay=False), required=True, help="Card file to write."
)
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
@click.option("--json", "as_json", is_flag=True, help="Print the card values as JSON.")
@handle_errors
def neutrino_card(
    scan_dir: str,
    index: int,
    out_file: str,
    mn11: float,
    gamma: float,
    md11: float | None,
    as_json: bool,
) -> None:
    """Write a full model card (m_D, M_N, mu_S of eqs 3.1-3.4) for one viable point of a scan."""
    from alpseesaw.model.card import write_card
    from alpseesaw.physics.neutrino.card import card_values
    from alpseesaw.physics.neutrino.output import read_scan_point

    texture, params = read_scan_point(scan_dir, index)
    point = card_values(texture, params, MN11=mn11, gammaN=gamma, mD11=md11)
    path = write_card(out_file, point.values)
    if as_json:
        echo_json({"card": str(path), "values": point.values, "seesaw_expansion": point.expansion})
        return
    click.echo(
        f"wrote {path} (texture {texture}, point {index}; seesaw expansion parameter {point.expansion:.3g})"
    )


@reproduce.command("table3")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Output directory."
)
@click.option(
    "--points",
    type=click.IntRange(min=10),
    default=10_000,
    show_default=True,
    help="Viable points per texture and ordering.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the random generator."
)
@click.option(
    "--orderings",
    type=click.Choice(["NO", "IO", "NO,IO"]),
    default="NO,IO",
    show_default=True,
    help="Orderings to scan (the paper's Table 3 is NO only).",
)
@handle_errors
def reproduce_table3(out_dir: str, points: int, seed: int, orderings: str) -> None:
    """Table 3: ranges of delta_CP, sum m, m_eff, m_ee per texture (CSV, Markdown) beside the paper's."""
    from alpseesaw.physics.neutrino import output
    from alpseesaw.physics.neutrino import reproduce as rep

    jobs = [(t, o) for o in orderings.split(",") for t in ("A", "B")]
    rows = rep.table3_rows(_run_scans(jobs, points, seed))
    for p in output.write_table3(out_dir, rows):
        click.echo(f"wrote {p}")
    click.echo(rep.table3_markdown(rows), nl=False)


@reproduce.command("fig2")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Output directory."
)
@click.option(
    "--points",
    type=click.IntRange(min=10),
    default=10_000,
    show_default=True,
    help="Viable points per texture (NO).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the random generator."
)
@handle_errors
def reproduce_fig2(out_dir: str, points: int, seed: int) -> None:
    """Fig. 2: phi vs delta_CP and delta_CP vs m_ee (NO), with eqs (4.3)/(4.4); PNG and CSV."""
    from alpseesaw.physics.neutrino import output
    from alpseesaw.physics.neutrino import reproduce as rep

    results = _run_scans([("A", "NO"), ("B", "NO")], points, seed)
    for p in output.write_fig2(out_dir, results):
        click.echo(f"wrote {p}")
    for r in results:
        agr = rep.formula_agreement(r)
        click.echo(
            f"texture {r.texture}: |m_ee - eq ({'4.3' if r.texture == 'A' else '4.4'})| <= "
            f"{agr['max_abs_meV']:.3f} meV (rms {agr['rms_meV']:.3f} meV) over {r.n_viable} points"
        )


# --- generate-model (issues 3 and 4) ---

GENERATE_TARGETS = ("lanhep", "calchep", "micromegas", "ufo", "all")


@click.command("generate-model")
@click.option(
    "--target",
    type=click.Choice(GENERATE_TARGETS),
    required=True,
    help="Output format ('all': one subdirectory per format).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    required=True,
    help="Output directory (created; must be empty unless --force).",
)
@card_options
@ALP_GAUGE_OPTION
@click.option("--force", is_flag=True, help="Replace a non-empty output directory.")
@click.option(
    "--build",
    is_flag=True,
    help="micromegas: compile DIR/main against $MICROMEGAS_DIR (cached by model and tool).",
)
@click.option(
    "--micromegas-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="micrOMEGAs installation (default: $MICROMEGAS_DIR).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Regenerate even if the same model and card were generated before.",
)
@handle_errors
def generate_model(
    target: str,
    out: str,
    card: str | None,
    overrides: tuple[str, ...],
    alp_gauge: str,
    force: bool,
    build: bool,
    micromegas_dir: str | None,
    no_cache: bool,
) -> None:
    """Write the model as LanHEP, CalcHEP, micrOMEGAs or UFO files (byte-identical between runs)."""
    from pathlib import Path

    from alpseesaw.generators import available_targets, generate_targets
    from alpseesaw.generators.base import write_tree
    from alpseesaw.model.card import load_externals
    from alpseesaw.model.inputs import parameter_set

    params = parameter_set(alp_gauge)
    externals = load_externals(card, overrides, params)
    params.evaluate(externals)  # cross-parameter constraints (fa > v) before any work
    targets = (
        [t for t in GENERATE_TARGETS[:-1] if t in available_targets()]
        if target == "all"
        else [target]
    )
    if build and "micromegas" not in targets:
        msg = "--build applies to --target micromegas or all"
        raise click.UsageError(msg)
    by_target, cached = generate_targets(targets, externals, alp_gauge, use_cache=not no_cache)
    tree: dict[str, str] = {}
    for t, files in by_target.items():
        prefix = f"{t}/" if target == "all" else ""
        tree.update({prefix + name: text for name, text in files.items()})
    out_path = write_tree(tree, out, force=force)
    click.echo(
        f"wrote {len(tree)} files for {', '.join(targets)} to {out_path}"
        + (" (cached)" if cached else ""),
        err=True,
    )
    if build:
        from alpseesaw.runners import build_project

        project = out_path / "micromegas" if target == "all" else out_path
        main_exe = build_project(Path(project), micromegas_dir)
        click.echo(
            f"built {main_exe}; run: {main_exe} PARFILE  (PARFILE: 'name value' lines, names as in the card)",
            err=True,
        )
    click.echo(str(out_path))


def generate_model_main() -> None:
    """Entry point of the ``generate-model`` console script."""
    generate_model(prog_name="generate-model")


main.add_command(generate_model, name="generate")


# --- crossval commands (issue 7) ---


class _CampaignProgress:
    """A rich progress bar of a campaign on stderr when it is a terminal (silent otherwise)."""

    def __init__(self) -> None:
        import sys

        self.bar: Any = None
        self.task: Any = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("crossval {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
            )
            self.bar.start()

    def __call__(self, done: int, total: int, label: str) -> None:
        if self.bar is None:
            return
        if self.task is None:
            self.task = self.bar.add_task("", total=total)
        self.bar.update(self.task, completed=done, total=total, description=label)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@main.command("crossval")
@click.option(
    "--card",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="SLHA card: the base of every point [default: the built-in card].",
)
@click.option(
    "--points",
    "n_points",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Sampled points (the benchmark points come on top).",
)
@click.option(
    "--region",
    "regions",
    multiple=True,
    metavar="KEY=LO:HI",
    help="Sample KEY in [LO, HI] (repeatable): a card parameter, a ratio such as Ma/Mchi, "
    "sigmav_gg (cm^3/s, sets Cgg by eq 3.10) or mumu_frac (sets Cmm). Log-uniform when LO, HI "
    "are non-zero with one sign. Without --region: the built-in design (docs/crossval.md).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sampling.")
@click.option("--no-benchmarks", is_flag=True, help="Leave out the named benchmark points.")
@click.option(
    "--backend",
    type=click.Choice(["local", "container"]),
    default="local",
    show_default=True,
    help="Run micrOMEGAs as a local subprocess or in a container (--image).",
)
@click.option(
    "--image",
    default=None,
    help="Container image holding a compiled micrOMEGAs (--backend container).",
)
@click.option(
    "--engine-url",
    default=None,
    help="Container engine socket, e.g. unix:///run/user/1000/podman/podman.sock [default: DOCKER_HOST].",
)
@click.option(
    "--micromegas-dir",
    default=None,
    help="micrOMEGAs root [default: $MICROMEGAS_DIR]; with --backend container its path in the image.",
)
@click.option(
    "--project",
    "project",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Use this built micrOMEGAs project of the model (e.g. from 'generate-model --target micromegas "
    "--build') instead of generating one in DIR/project.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Dask LocalCluster worker processes [default: number of CPUs]; 0: no Dask, in this process.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDR",
    help="Address of a running dask.distributed scheduler (e.g. tcp://host:8786) instead of a local cluster.",
)
@click.option(
    "--timeout", type=float, default=600.0, show_default=True, help="Time limit of one point (s)."
)
@click.option("--retry-errors", is_flag=True, help="Recompute points whose earlier run failed.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    required=True,
    help="Campaign directory (created; rerun with the same DIR to resume).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the summary's counts and agreement as JSON."
)
@handle_errors
def crossval_cmd(
    card: str | None,
    n_points: int,
    regions: tuple[str, ...],
    seed: int,
    no_benchmarks: bool,
    backend: str,
    image: str | None,
    engine_url: str | None,
    micromegas_dir: str | None,
    project: str | None,
    workers: int | None,
    scheduler: str | None,
    timeout: float,
    retry_errors: bool,
    out_dir: str,
    as_json: bool,
) -> None:
    """micrOMEGAs beside the freeze-out approximation and the Boltzmann solver at many points.

    Writes DIR/points.jsonl (one record per finished point, appended as points finish),
    DIR/results.csv, DIR/summary.json (agreement statistics, per-point verdicts) and
    DIR/ratio_vs_mass.png. Rerunning with the same DIR skips finished points.
    """
    from alpseesaw.model.inputs import parameter_set
    from alpseesaw.validation import campaign as cv
    from alpseesaw.validation.sampling import DEFAULT_DESIGN, parse_region

    if workers is not None and scheduler is not None:
        msg = "give either --workers or --scheduler"
        raise click.UsageError(msg)
    known = [p.name for p in parameter_set().externals]
    families = cv.user_family(parse_region(regions, known)) if regions else DEFAULT_DESIGN
    config = cv.CampaignConfig(
        card=card,
        n_points=n_points,
        families=families,
        benchmarks=not no_benchmarks,
        seed=seed,
        project=project,
        timeout_s=timeout,
        retry_errors=retry_errors,
        backend=cv.Backend(
            backend, image=image, base_url=engine_url, micromegas_dir=micromegas_dir
        ),
    )
    executor = cv.SerialExecutor() if workers == 0 else cv.DaskExecutor(workers, scheduler)
    bar = _CampaignProgress()
    try:
        result = cv.run_campaign(config, out_dir, executor, progress=bar)
    finally:
        bar.close()
    summary = result.summary
    if as_json:
        echo_json(
            {
                "out": str(result.out_dir),
                "planned": result.planned,
                "already_done": result.already_done,
                "computed": result.computed,
                "counts": summary["counts"],
                "agreement": summary["agreement"],
            }
        )
        return
    counts, sw = summary["counts"], summary["agreement"]["swave"]
    click.echo(
        f"{result.planned} points ({result.already_done} already done, {result.computed} computed) in "
        f"{result.out_dir}"
    )
    click.echo(
        "verdicts: " + ", ".join(f"{k} {counts[k]}" for k in ("pass", "fail", "flagged", "error"))
    )
    stats = sw["omega_boltzmann_over_micromegas"]
    if stats.get("n"):
        click.echo(
            f"s-wave points: Omega(Boltzmann)/Omega(micrOMEGAs) in [{stats['min']:.4f}, {stats['max']:.4f}], "
            f"max |dev| {100 * stats['max_abs_deviation']:.2f}% (tolerance "
            f"{100 * summary['tolerances']['omega']:g}%)"
        )
    for path in result.files:
        click.echo(f"wrote {path}")
    if counts["fail"]:
        raise SystemExit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
