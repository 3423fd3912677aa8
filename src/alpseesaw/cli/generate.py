"""``generate-model`` (also ``alpseesaw generate``): the model's files for LanHEP, CalcHEP,
micrOMEGAs and UFO, optionally built."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from alpseesaw.cli.common import ALP_GAUGE_OPTION, GuardedCommand, card_options, handle_errors
from alpseesaw.cli.runner import closing_runner, runner_choice, runner_options

if TYPE_CHECKING:
    from alpseesaw.generators.base import Files
    from alpseesaw.runners.spec import Runner

GENERATE_TARGETS = ("lanhep", "calchep", "micromegas", "ufo", "all")
#: Where ``--build`` puts LanHEP's CalcHEP files, inside the lanhep output.
LANHEP_OUTPUT = "lanhep_calchep"


@click.command(
    "generate-model", cls=GuardedCommand, context_settings={"help_option_names": ["-h", "--help"]}
)
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
    help="micromegas: compile DIR/main against $MICROMEGAS_DIR (cached by model and tool); "
    "lanhep: run LanHEP on model.lhp, its CalcHEP files into DIR/lanhep_calchep/. "
    "With --runner container in the image.",
)
@runner_options
@click.option(
    "--micromegas-dir",
    default=None,
    help="micrOMEGAs installation [default: $MICROMEGAS_DIR; with --runner container the image's].",
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
    **runner_kw: object,
) -> None:
    """Write the model as LanHEP, CalcHEP, micrOMEGAs or UFO files (byte-identical between runs)."""

    from alpseesaw import emit
    from alpseesaw.files import write_tree

    choice = runner_choice(runner_kw)
    if build and target not in ("micromegas", "lanhep", "all"):
        raise click.UsageError("--build applies to --target micromegas, lanhep or all")
    # a request seen before (same card bytes, --set, gauge, source) needs no model, no SymPy
    key = None if no_cache else emit.request_key(target, card, overrides, alp_gauge)
    hit = emit.lookup_request(key) if key is not None else None
    if hit is not None:
        by_target, cached, targets = hit, True, list(hit)
    else:
        by_target, cached, targets = _generate(target, card, overrides, alp_gauge, no_cache, key)
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
        with closing_runner(choice.make()) as runner:
            _build(out_path, target, targets, micromegas_dir, runner)
    click.echo(str(out_path))


def _generate(
    target: str,
    card: str | None,
    overrides: tuple[str, ...],
    alp_gauge: str,
    no_cache: bool,
    key: str | None,
) -> tuple[dict[str, Files], bool, list[str]]:
    """The full path: validate the card, then generate (or read) each target's files."""
    from alpseesaw import emit
    from alpseesaw.generators import available_targets
    from alpseesaw.model.card import load_point

    point = load_point(card, overrides, alp_gauge)  # the one validation, before any work
    targets = (
        [t for t in GENERATE_TARGETS[:-1] if t in available_targets()]
        if target == "all"
        else [target]
    )
    by_target, cached = emit.generate_targets(targets, point, use_cache=not no_cache)
    if key is not None:
        emit.remember_request(key, targets, point)
    return by_target, cached, targets


def _build(
    out_path: Path, target: str, targets: list[str], micromegas_dir: str | None, runner: Runner
) -> None:
    """Run the tools on what was written: LanHEP on model.lhp, make for the micrOMEGAs project."""
    from alpseesaw.runners import build_project, run_lanhep
    from alpseesaw.runners.spec import write_inputs

    def sub(t: str) -> Path:
        return out_path / t if target == "all" else out_path

    if "lanhep" in targets:
        lhp = sub("lanhep")
        lhep = None if runner.runs_on_host else runner.tool_path("lanhep")
        if runner.runs_on_host and micromegas_dir:
            lhep = str(Path(micromegas_dir) / "Packages" / "LanHEP" / "lhep")
        output = run_lanhep(
            {"model.lhp": (lhp / "model.lhp").read_text()}, "model.lhp", lhep=lhep, runner=runner
        )
        dest = lhp / LANHEP_OUTPUT
        dest.mkdir(exist_ok=True)
        write_inputs(dest, output.files)
        click.echo(f"LanHEP wrote {len(output.files)} files to {dest}", err=True)
    if "micromegas" in targets:
        main_exe = build_project(sub("micromegas"), micromegas_dir, runner=runner)
        how = (
            f"{main_exe} PARFILE"
            if runner.runs_on_host
            else "alpseesaw point --runner container ... (or the image's shell)"
        )
        click.echo(
            f"built {main_exe}; run: {how}  (PARFILE: 'name value' lines, names as in the card)",
            err=True,
        )


def generate_model_main() -> None:
    """Entry point of the ``generate-model`` console script."""
    generate_model(prog_name="generate-model")
