"""``alpseesaw point``: micrOMEGAs at one or more parameter points, locally or in a container."""

from __future__ import annotations

import csv
import hashlib
from typing import TYPE_CHECKING

import click

from alpseesaw.cli.common import (
    ALP_GAUGE_OPTION,
    QUIET_OPTION,
    card_options,
    echo_json,
    existing_path_option,
    handle_errors,
)
from alpseesaw.cli.runner import closing_runner, runner_choice, runner_options
from alpseesaw.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from alpseesaw.runners.spec import Runner


def _rows(points_file: str | None) -> list[dict[str, str]]:
    if points_file is None:
        return [{}]
    import io

    from alpseesaw.files import read_input

    data = read_input(points_file, "points file", 64 * 2**20)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"--points {points_file}: not UTF-8 text (byte offset {exc.start})"
        raise InputError(msg) from None
    rows = [
        {k.strip(): v.strip() for k, v in row.items() if k and v and v.strip()}
        for row in csv.DictReader(io.StringIO(text, newline=""))
    ]
    if not rows:
        msg = f"--points {points_file} holds no point (a header of parameter names, a row each)"
        raise InputError(msg)
    return rows


def _project(alp_gauge: str, micromegas_dir: str | None, runner: Runner) -> Path:
    """The model's micrOMEGAs project, generated once per model (under the cache), built for
    ``runner`` (the build cache keeps one build per tool)."""
    from alpseesaw.emit import generate_files
    from alpseesaw.files import write_files
    from alpseesaw.paths import cache_root
    from alpseesaw.runners import build_project
    from alpseesaw.runners.micromegas import exclusive_lock

    files, _ = generate_files("micromegas", None, alp_gauge)
    # one project per model and runner: its generated libraries are the runner's own
    digest = hashlib.sha256(
        "".join(f"{k}\0{v}\0" for k, v in sorted(files.items())).encode()
        + runner.identity().encode()
    ).hexdigest()[:20]
    root = cache_root() / "points"
    root.mkdir(parents=True, exist_ok=True)
    project = root / f"{alp_gauge}-{digest}"
    with exclusive_lock(root / f".{project.name}.lock"):
        if not (project / "manifest.json").is_file():
            write_files(files, project)
        build_project(project, micromegas_dir, runner=runner)
    return project


@click.command("point")
@card_options
@ALP_GAUGE_OPTION
@existing_path_option(
    "--points",
    "points_file",
    directory=False,
    help_text="CSV file: a header of card parameter names, one point a row (on top of the card "
    "and --set); one JSON line per point.",
)
@runner_options
@click.option(
    "--micromegas-dir",
    default=None,
    help="micrOMEGAs root [default: $MICROMEGAS_DIR; in a container: the image's].",
)
@click.option("--timeout", type=float, default=600.0, show_default=True, help="Seconds per point.")
@QUIET_OPTION
@handle_errors
def point_cmd(
    card: str | None,
    overrides: tuple[str, ...],
    alp_gauge: str,
    points_file: str | None,
    micromegas_dir: str | None,
    timeout: float,
    quiet: bool,
    **runner_kw: object,
) -> None:
    """micrOMEGAs' Omega h^2, x_f and sigma v per channel at the card's point (JSON line).

    The model's project is built once (cached); its first point compiles micrOMEGAs' matrix
    elements (30-60 s). With --runner container every step runs in the image.
    """
    from alpseesaw.cli.progress import Steps
    from alpseesaw.model.card import load_point
    from alpseesaw.runners import MicromegasProject

    choice = runner_choice(runner_kw)
    rows = _rows(points_file)
    # every point is checked before anything runs
    points = [
        (
            row,
            load_point(card, [*overrides, *(f"{k}={v}" for k, v in row.items())], alp_gauge).values,
        )
        for row in rows
    ]
    with (
        closing_runner(choice.make(warm=True)) as runner,
        Steps("point", 1 + len(points), quiet=quiet) as steps,
    ):
        steps.show("generating and building the model's micrOMEGAs project (once per model)")
        project = _project(alp_gauge, micromegas_dir, runner)
        calc = MicromegasProject(project, runner, timeout_s=timeout)
        for i, (row, values) in enumerate(points, start=1):
            first = (
                ""
                if calc.warm
                else " (the project's first run compiles micrOMEGAs' matrix elements: 30-60 s)"
            )
            steps.step(f"micrOMEGAs at point {i} of {len(points)}{first}", i)
            result = calc.run_point(calc.point_values(values))
            raw = dict(result.raw)
            raw.pop("parfile", None)  # a scratch name
            echo_json({"point": row, "runner": runner.identity(), **raw})
