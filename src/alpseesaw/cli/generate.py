"""``generate-model`` (also ``alpseesaw generate``): the model's files for LanHEP, CalcHEP,
micrOMEGAs and UFO, optionally built."""

from __future__ import annotations

import click

from alpseesaw.cli.common import ALP_GAUGE_OPTION, card_options, handle_errors

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
        raise click.UsageError("--build applies to --target micromegas or all")
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
