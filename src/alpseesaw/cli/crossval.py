"""``alpseesaw crossval``: micrOMEGAs beside the built-in calculators over a region."""

from __future__ import annotations

import click

from alpseesaw.cli.common import (
    echo_json,
    existing_path_option,
    handle_errors,
    json_option,
    out_dir_option,
)
from alpseesaw.cli.progress import CampaignProgress
from alpseesaw.cli.runner import runner_choice, runner_options


@click.command("crossval")
@existing_path_option(
    "--card",
    "card",
    directory=False,
    help_text="SLHA card: the base of every point [default: the built-in card].",
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
@runner_options
@click.option(
    "--micromegas-dir",
    default=None,
    help="micrOMEGAs root [default: $MICROMEGAS_DIR]; with --runner container its path in the "
    "image [default: the image's label].",
)
@existing_path_option(
    "--project",
    "project",
    directory=True,
    help_text="Use this built micrOMEGAs project of the model (e.g. from 'generate-model --target "
    "micromegas --build') instead of generating one in DIR/project.",
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
@out_dir_option("Campaign directory (created; rerun with the same DIR to resume).")
@json_option("Print the summary's counts and agreement as JSON.")
@handle_errors
def crossval_cmd(
    card: str | None,
    n_points: int,
    regions: tuple[str, ...],
    seed: int,
    no_benchmarks: bool,
    micromegas_dir: str | None,
    project: str | None,
    workers: int | None,
    scheduler: str | None,
    timeout: float,
    retry_errors: bool,
    out_dir: str,
    as_json: bool,
    **runner_kw: object,
) -> None:
    """micrOMEGAs (darkOmega, fast = 0) beside the complete built-in relic calculation at many points.

    Writes DIR/points.jsonl (one record per finished point, appended as points finish),
    DIR/results.csv, DIR/summary.json (agreement statistics, per-point verdicts) and
    DIR/ratio_vs_mass.png. Rerunning with the same DIR skips finished points.
    """
    from alpseesaw.model.inputs import parameter_set
    from alpseesaw.validation import campaign as cv

    choice = runner_choice(runner_kw)
    from alpseesaw.validation.sampling import DEFAULT_DESIGN, parse_region

    if workers is not None and scheduler is not None:
        raise click.UsageError("give either --workers or --scheduler")
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
            choice.kind,
            image=choice.image,
            base_url=choice.engine_url,
            micromegas_dir=micromegas_dir,
            memory_bytes=choice.memory_bytes,
            cpus=choice.cpus,
        ),
    )
    executor = cv.SerialExecutor() if workers == 0 else cv.DaskExecutor(workers, scheduler)
    bar = CampaignProgress()
    try:
        result = cv.run_campaign(config, out_dir, executor, progress=bar)
    finally:
        bar.close()
    summary = result.summary
    verdicts = summary["verdicts"]
    if as_json:
        echo_json(
            {
                "out": str(result.out_dir),
                "planned": result.planned,
                "already_done": result.already_done,
                "computed": result.computed,
                "verdicts": verdicts,
            }
        )
        return
    counts = verdicts["by_status"]
    click.echo(
        f"{result.planned} points ({result.already_done} already done, {result.computed} computed) in "
        f"{result.out_dir}"
    )
    click.echo(
        "verdicts: "
        + ", ".join(
            f"{k} {counts.get(k, 0)}" for k in ("agree", "explained", "unexplained", "error")
        )
        + f"; built-in within tolerance of micrOMEGAs at {100 * verdicts['agree_fraction']:.1f}% of the points"
    )
    stats = verdicts["omega_ratio"]
    if stats:
        click.echo(
            f"Omega(built-in)/Omega(micrOMEGAs) in [{stats['min']:.4f}, {stats['max']:.4f}], "
            f"95% within {100 * stats['p95_abs_dev']:.2f}%; largest share difference "
            f"{verdicts['max_share_delta']:.3f}"
        )
    for path in result.files:
        click.echo(f"wrote {path}")
    if counts.get("unexplained"):
        raise SystemExit(1)
