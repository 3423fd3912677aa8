"""``alpseesaw crossval``: micrOMEGAs beside the built-in calculators over a region."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import click

from alpseesaw.cli.common import (
    QUIET_OPTION,
    count_option,
    echo_json,
    existing_path_option,
    handle_errors,
    json_option,
    out_dir_option,
)
from alpseesaw.cli.progress import CampaignProgress
from alpseesaw.cli.runner import runner_choice, runner_options

if TYPE_CHECKING:
    from pathlib import Path


def _check_campaign_dir(out_dir: str) -> tuple[Path, bool | None]:
    """Every check of the campaign directory before any work; returns it and, if this run
    starts the campaign, whether the directory existed (empty) before (None: a resumed
    campaign), so that a failed start can leave things as they were."""
    from alpseesaw.errors import OutputExistsError
    from alpseesaw.files import check_output_dir
    from alpseesaw.validation.campaign import CONFIG_FILE

    out_path = check_output_dir(out_dir)
    if not out_path.exists():
        return out_path, False
    if not any(out_path.iterdir()):
        return out_path, True
    if not (out_path / CONFIG_FILE).is_file():
        msg = (
            f"campaign directory {out_path} is not empty and holds no campaign ({CONFIG_FILE}); "
            "give a new directory, or an earlier campaign's to resume it"
        )
        raise OutputExistsError(msg)
    return out_path, False


def _remove_failed_start(out_path: Path, *, keep_dir: bool) -> None:
    """A campaign that failed before any point was journaled leaves nothing behind (Ctrl-C
    keeps what was written: a rerun resumes)."""
    import shutil

    from alpseesaw.validation.store import JOURNAL_FILE

    journal = out_path / JOURNAL_FILE
    if journal.is_file() and journal.stat().st_size > 0:
        return  # points were computed: they are the user's results
    if out_path.is_dir():
        for entry in out_path.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        if not keep_dir:
            with contextlib.suppress(OSError):
                out_path.rmdir()


@click.command("crossval")
@existing_path_option(
    "--card",
    "card",
    directory=False,
    help_text="Parameter card (SLHA, PARFILE, JSON or TOML): the base of every point "
    "[default: the built-in card].",
)
@count_option(
    "--points", 50, 0, "Sampled points (the benchmark points come on top).", dest="n_points"
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
@QUIET_OPTION
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
    quiet: bool,
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
    from alpseesaw.files import remove_created

    out_path, existed = _check_campaign_dir(out_dir)
    missing = [d for d in reversed(out_path.absolute().parents) if not d.exists()]
    if choice.kind == "local" and project is None:
        from alpseesaw.runners import LocalRunner
        from alpseesaw.runners.micromegas import tool_setup

        tool_setup(LocalRunner(), micromegas_dir)  # micrOMEGAs is there, before any work
    executor = cv.SerialExecutor() if workers == 0 else cv.DaskExecutor(workers, scheduler)
    bar = CampaignProgress(out_path, quiet=quiet)
    try:
        result = cv.run_campaign(config, out_dir, executor, progress=bar)
    except Exception:
        if existed is not None:
            _remove_failed_start(out_path, keep_dir=existed)
            if not existed:
                remove_created(missing)
        raise
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
