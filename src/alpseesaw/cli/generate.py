"""``generate-model`` (also ``alpseesaw generate``): the model's files for LanHEP, CalcHEP,
micrOMEGAs and UFO, optionally built."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from alpseesaw.cli.common import (
    ALP_GAUGE_OPTION,
    QUIET_OPTION,
    GuardedCommand,
    card_options,
    handle_errors,
)
from alpseesaw.cli.runner import closing_runner, runner_choice, runner_options

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NoReturn

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
@QUIET_OPTION
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
    quiet: bool,
    **runner_kw: object,
) -> None:
    """Write the model as LanHEP, CalcHEP, micrOMEGAs or UFO files (byte-identical between runs)."""

    from alpseesaw import emit
    from alpseesaw.files import check_output_dir, staged_directory, write_files

    choice = runner_choice(runner_kw)
    if build and target not in ("micromegas", "lanhep", "all"):
        raise click.UsageError("--build applies to --target micromegas, lanhep or all")
    # every check that can fail comes before any work: the directory, then the tools
    out_path = check_output_dir(out)
    check_replaceable(out_path, force=force)
    with contextlib.ExitStack() as stack:
        runner = stack.enter_context(closing_runner(choice.make())) if build else None
        if runner is not None:
            _check_tools(runner, target, micromegas_dir)
        # a request seen before (same card bytes, --set, gauge, source) needs no model, no SymPy
        key = None if no_cache else emit.request_key(target, card, overrides, alp_gauge)
        hit = emit.lookup_request(key) if key is not None else None
        if hit is not None:
            by_target, cached, targets = hit, True, list(hit)
        else:
            by_target, cached, targets = _generate(
                target, card, overrides, alp_gauge, no_cache, key, quiet=quiet
            )
        tree: dict[str, str] = {}
        for t, files in by_target.items():
            prefix = f"{t}/" if target == "all" else ""
            tree.update({prefix + name: text for name, text in files.items()})
        # all or nothing: written (and built) beside DIR, put in place only when complete
        with staged_directory(out_path, replace=True) as tmp:
            write_files(tree, tmp)
            if runner is not None:
                _build(tmp, out_path, target, targets, micromegas_dir, runner)
    click.echo(
        f"wrote {len(tree)} files for {', '.join(targets)} to {out_path}"
        + (" (cached)" if cached else "")
        + (" and built them" if build else ""),
        err=True,
    )
    if build and "micromegas" in targets:
        exe = (out_path / "micromegas" if target == "all" else out_path) / "main"
        how = (
            f"{exe} PARFILE"
            if runner is not None and runner.runs_on_host
            else "alpseesaw point --runner container ... (or the image's shell)"
        )
        click.echo(
            f"built {exe}; run: {how}  (PARFILE: 'name value' lines, names as in the card)",
            err=True,
        )
    click.echo(str(out_path))
    global _QUICK_EXIT  # noqa: PLW0603 - the process' own state, read by end_process
    _QUICK_EXIT = not cached  # a cold generation: a heap not worth tearing down


#: What a build or a run adds to a generated directory besides the files its manifest lists.
_PRODUCTS = frozenset(
    {"main", "work", LANHEP_OUTPUT, "points", "tmp", ".alpseesaw-build.json", ".alpseesaw-serve"}
)


def _why_not_ours(path: Path) -> str | None:
    """Why ``path`` is not a directory this tool generated (None if it is): its
    ``manifest.json`` must be alpseesaw's, and nothing may lie at its top but the files the
    manifest lists and what a build or a run adds (a file of the user's is never replaced)."""
    import json

    manifest = path / "manifest.json"
    if not manifest.is_file():
        entries = sorted(path.iterdir())
        targets = set(GENERATE_TARGETS[:-1])
        if entries and all(e.is_dir() and e.name in targets for e in entries):  # --target all
            return next((why for e in entries if (why := _why_not_ours(e))), None)
        return f"it has no manifest.json of alpseesaw's (it holds {_names(entries)})"
    try:
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        listed = {rel.split("/", 1)[0] for rel in doc["files"]}
        if "alpseesaw_version" not in doc:
            raise KeyError("alpseesaw_version")  # noqa: TRY301
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return f"{manifest} is not a manifest alpseesaw wrote"
    allowed = listed | {"manifest.json"} | _PRODUCTS
    foreign = sorted(
        e
        for e in path.iterdir()
        if e.name not in allowed and not re.fullmatch(r"_.*_\d+_|\..*\.tmp", e.name)
    )
    if foreign:
        return f"it holds {_names(foreign)}, which alpseesaw did not write"
    return None


def _names(entries: list[Path]) -> str:
    shown = ", ".join(repr(e.name) for e in entries[:3])
    return shown + (f" and {len(entries) - 3} more" if len(entries) > 3 else "")


def check_replaceable(out_path: Path, *, force: bool) -> None:
    """A non-empty ``out_path`` only with ``force``, and only if this tool generated it."""
    from alpseesaw.errors import OutputExistsError

    if not out_path.is_dir() or not any(out_path.iterdir()):
        return
    if not force:
        msg = f"output directory {out_path} is not empty; use --force to replace it"
        raise OutputExistsError(msg)
    why = _why_not_ours(out_path)
    if why is not None:
        msg = (
            f"refusing to replace {out_path} with --force: {why}; --force replaces only a "
            "directory generate-model wrote (choose another --out, or remove it yourself)"
        )
        raise OutputExistsError(msg)


def _check_tools(runner: Runner, target: str, micromegas_dir: str | None) -> None:
    """The tools ``--build`` needs are there (before any work); ToolNotFoundError if not."""
    import shutil

    from alpseesaw.errors import ToolNotFoundError
    from alpseesaw.runners.lanhep import find_lhep
    from alpseesaw.runners.micromegas import tool_setup

    if target in ("micromegas", "all"):
        tool_setup(runner, micromegas_dir)  # host: a compiled micrOMEGAs, else the image's path
        if runner.runs_on_host and shutil.which("make") is None:
            raise ToolNotFoundError("make", "make not found on PATH (needed to build main)")
    if target in ("lanhep", "all") and runner.runs_on_host:
        find_lhep(_lhep_path(micromegas_dir))


def _lhep_path(micromegas_dir: str | None) -> str | None:
    return str(Path(micromegas_dir) / "Packages" / "LanHEP" / "lhep") if micromegas_dir else None


def _generate(
    target: str,
    card: str | None,
    overrides: tuple[str, ...],
    alp_gauge: str,
    no_cache: bool,
    key: str | None,
    *,
    quiet: bool = False,
) -> tuple[dict[str, Files], bool, list[str]]:
    """The full path: validate the card, then generate (or read) each target's files (a cold
    generation shows its steps on a terminal)."""
    from alpseesaw import emit

    with emit.gc_paused():  # the imports (SymPy), the card's point and the model, like the rest
        from alpseesaw.cli.progress import Steps
        from alpseesaw.generators import available_targets
        from alpseesaw.model.card import load_point

        point = load_point(card, overrides, alp_gauge)  # the one validation, before any work
        targets = (
            [t for t in GENERATE_TARGETS[:-1] if t in available_targets()]
            if target == "all"
            else [target]
        )
        with Steps("generate-model", 1 + len(targets), quiet=quiet) as steps:
            waiting = list(targets)

            def report(what: str, state: str) -> None:
                if what == "model":
                    if state == "start":
                        steps.show("building the model (SymPy, a few seconds)")
                    else:
                        steps.step(f"generating {', '.join(waiting)}")
                    return
                waiting.remove(what)
                steps.step(
                    f"{what} done" + (f"; generating {', '.join(waiting)}" if waiting else "")
                )

            by_target, cached = emit.generate_targets(
                targets, point, use_cache=not no_cache, progress=report
            )
        if key is not None:
            emit.remember_request(key, targets, point)
        return by_target, cached, targets


def _build(
    where: Path,
    shown: Path,
    target: str,
    targets: list[str],
    micromegas_dir: str | None,
    runner: Runner,
) -> None:
    """Run the tools on what was written at ``where`` (to be renamed ``shown``): LanHEP on
    model.lhp, make for the micrOMEGAs project."""
    from alpseesaw.runners import build_project, run_lanhep
    from alpseesaw.runners.spec import write_inputs

    def sub(root: Path, t: str) -> Path:
        return root / t if target == "all" else root

    if "lanhep" in targets:
        lhp = sub(where, "lanhep")
        lhep = None if runner.runs_on_host else runner.tool_path("lanhep")
        if runner.runs_on_host and micromegas_dir:
            lhep = _lhep_path(micromegas_dir)
        output = run_lanhep(
            {"model.lhp": (lhp / "model.lhp").read_text()}, "model.lhp", lhep=lhep, runner=runner
        )
        dest = lhp / LANHEP_OUTPUT
        dest.mkdir(exist_ok=True)
        write_inputs(dest, output.files)
        click.echo(
            f"LanHEP wrote {len(output.files)} files to {sub(shown, 'lanhep') / LANHEP_OUTPUT}",
            err=True,
        )
    if "micromegas" in targets:
        build_project(sub(where, "micromegas"), micromegas_dir, runner=runner)


def generate_model_main() -> None:
    """Entry point of the ``generate-model`` console script."""
    end_process(lambda: generate_model(prog_name="generate-model"))


#: Set when a cold generation has written its files: the process may end without tearing down
#: its heap (see :func:`end_process`).
_QUICK_EXIT = False


def end_process(entry: Callable[[], object]) -> NoReturn:
    """Run a click entry point as the whole process and exit with its status.

    After a cold generation (and only then: no other command, no error) the process ends with
    ``os._exit`` once stdout and stderr are flushed: Python's own teardown would free the
    model's million SymPy objects one by one and collect them once more, 0.1-0.25 s of a 1.5 s
    run (measured), for memory the operating system takes back anyway. Every file is written
    and closed before (atomic writes), the workers are joined. Under a tracer or a profiler
    (coverage, cProfile), which write their results at exit, the process ends normally.
    """
    import os
    import sys

    code: str | int | None = 0
    try:
        entry()
    except SystemExit as exc:
        code = exc.code
    if not (_QUICK_EXIT and isinstance(code, int | None)) or sys.gettrace() or sys.getprofile():
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
