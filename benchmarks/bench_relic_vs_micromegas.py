"""The built-in relic calculation against micrOMEGAs' darkOmega, side by side over the same points.

Issue 11 (speed): the complete built-in relic calculation over >= 100 points in one process must
be 10 times faster than micrOMEGAs' darkOmega(fast=1) called in one process over the same points.
This script

1. samples N points of the issue's box (the sampler of validation/sweep_micromegas_main.py, seed
   given), turns each card into its full set of values once (``load_values``, timed apart: a
   scan must not pay it per point, and neither side's figure includes it);
2. micrOMEGAs side: builds the model's project and runs ``main --loop --fast=F POINTSFILE``
   (one process, sortOddParticles + darkOmega per point; a first run over the same file
   compiles the matrix elements and is not timed), for F = 1 and F = 0; the time per point is
   the loop's wall time (JSON ``timing_s.total``) over N;
3. built-in side: :func:`builtin_spectrum` turns the same cards into their parameters in one
   batch (timed apart, like ``load_values`` for the micrOMEGAs side), then :func:`builtin_relic`
   computes every point in one batch, timed in this process (the calculator's one-time set-up,
   :func:`builtin_setup`, is timed apart, like micrOMEGAs' first run that compiles its matrix
   elements);
4. prints both timings, their ratio beside the target 10, the machine load, and how far the
   two Omega h^2 are apart (informative; agreement is judged by the campaign, not here).

Usage::

    MICROMEGAS_DIR=/path/to/micromegas python benchmarks/bench_relic_vs_micromegas.py \
        [--points 100] [--seed 11] [--project DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from alpseesaw.emit import generate_files
from alpseesaw.files import write_tree
from alpseesaw.model import load_values
from alpseesaw.model.card import load_externals
from alpseesaw.runners import MicromegasProject, build_project, locate_micromegas

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

ROOT = Path(__file__).resolve().parents[1]
TARGET_SPEEDUP = 10.0


def _sweep_module():  # the box sampler lives with the sweep of issue 11, item 6
    path = ROOT / "validation" / "sweep_micromegas_main.py"
    spec = importlib.util.spec_from_file_location("sweep_micromegas_main", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


# ------------------------------------------------------------------ built-in side (the lead's)


def builtin_setup():
    """The built-in calculator of the model (one-time: the IR and its compiled vertices)."""
    from alpseesaw.model import build_model
    from alpseesaw.physics.calculator import RelicCalculator

    return RelicCalculator(build_model())


def builtin_spectrum(calc, cards: Sequence[Mapping[str, float]]):
    """Every parameter of every point in one batch (the spectrum step: the 40-digit neutrino
    factorisation once per distinct set of neutrino inputs). ``cards``: complete card values."""
    names = cards[0].keys()
    return calc.parameters({k: [float(c[k]) for c in cards] for k in names})


def builtin_relic(calc, batch) -> list[float]:
    """Omega h^2 of every point of a parameter batch with the complete built-in calculation (every
    2 -> 2 channel from the IR, Gondolo-Gelmini with poles and thresholds, the batched Boltzmann
    solver), all points at once."""
    return [float(x) for x in calc.from_batch(batch).omega_h2]


# ------------------------------------------------------------------ micrOMEGAs side


def write_points_file(path: Path, rows: Sequence[Mapping[str, float]]) -> None:
    """POINTSFILE of ``main --loop``: a line of names, then one line of values per point."""
    names = sorted(rows[0])
    lines = [" ".join(names)]
    lines += [" ".join(repr(float(r[n])) for n in names) for r in rows]
    path.write_text("\n".join(lines) + "\n")


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def micromegas_loop(project: Path, points_file: Path, fast: int) -> dict:
    """One ``main --loop`` process over every point; adds ``cpu_s``, its CPU time."""
    cpu0 = _children_cpu()
    proc = subprocess.run(
        ["./main", "--loop", f"--fast={fast}", str(points_file)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=7200,
    )
    out = json.loads(proc.stdout)
    if "error" in out:
        msg = f"main --loop failed: {out['error']}"
        raise RuntimeError(msg)
    out["cpu_s"] = _children_cpu() - cpu0
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=100)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--project", type=Path, default=None, help="reuse a built model project")
    args = ap.parse_args(argv)
    if args.points < 100:
        sys.stderr.write("note: the issue's figure is over >= 100 points\n")

    mo_dir = locate_micromegas()
    project = args.project or Path(tempfile.mkdtemp(prefix="alpseesaw-bench-")) / "project"
    if not (project / "main").is_file():
        files, _ = generate_files("micromegas")
        write_tree(files, project)
    build_project(project, mo_dir)
    points = MicromegasProject(project)

    cards = _sweep_module().sample(args.points, args.seed)
    t = time.perf_counter()
    values = [load_values(overrides=c) for c in cards]
    t_load = (time.perf_counter() - t) / len(cards)
    points_file = project / "bench_points.txt"
    write_points_file(points_file, [points.parfile_values(points.point_values(v)) for v in values])

    micromegas_loop(project, points_file, 1)  # warm-up: compiles the matrix elements
    mo = {fast: micromegas_loop(project, points_file, fast) for fast in (1, 0)}

    t = time.perf_counter()
    calc = builtin_setup()
    t_setup = time.perf_counter() - t
    externals = [load_externals(None, c) for c in cards]
    t, cpu = time.perf_counter(), time.process_time()
    batch = builtin_spectrum(calc, externals)
    t_spec = (time.perf_counter() - t) / len(values)
    cpu_spec = (time.process_time() - cpu) / len(values)
    t, cpu = time.perf_counter(), time.process_time()
    ours = builtin_relic(calc, batch)
    t_builtin = (time.perf_counter() - t) / len(values)
    cpu_builtin = (time.process_time() - cpu) / len(values)
    load = os.getloadavg()[0]
    per = {f: r["timing_s"]["total"] / r["n_points"] for f, r in mo.items()}
    med = {f: statistics.median(r["seconds"]) for f, r in mo.items()}
    ok = [
        (o, m)
        for o, m in zip(ours, mo[0]["omega_h2"], strict=True)
        if m is not None and o is not None and o > 0
    ]
    dev = sorted(abs(o / m - 1) for o, m in ok)
    w = sys.stdout.write
    w(f"points: {len(values)} of issue 11's box (seed {args.seed}); load average {load:.2f} ")
    w("on a 2-core machine shared with other jobs\n")
    w(
        "the spectrum (every parameter, the 7x7 neutrino factorisation at 40 digits) is an input of\n"
    )
    w("both sides and is not in the relic figures: micrOMEGAs reads it from the points file\n")
    w(f"  card -> values one by one (load_values):     {1e3 * t_load:8.2f} ms/point\n")
    w(f"  card -> values in one batch (built-in side): {1e3 * t_spec:8.2f} ms/point wall, ")
    w(f"{1e3 * cpu_spec:8.2f} ms/point CPU\n")
    w(
        "wall time is shown with CPU time: on a shared machine the CPU time is the comparable figure\n"
    )
    cpu_mo = {f: r["cpu_s"] / r["n_points"] for f, r in mo.items()}
    for f in (1, 0):
        failed = sum(e is not None for e in mo[f]["errors"])
        w(f"micrOMEGAs darkOmega(fast={f}), one process: {1e3 * per[f]:8.2f} ms/point wall, ")
        w(
            f"{1e3 * cpu_mo[f]:8.2f} ms/point CPU (median wall {1e3 * med[f]:.2f} ms; {failed} points failed)\n"
        )
    w(f"built-in, complete calculation, one batch: {1e3 * t_builtin:8.2f} ms/point wall, ")
    w(f"{1e3 * cpu_builtin:8.2f} ms/point CPU ")
    w(f"(one-time set-up {t_setup:.1f} s, not in the figure)\n")
    ratio = cpu_mo[1] / cpu_builtin
    w(f"speed-up over darkOmega(fast=1), CPU: {ratio:.2f}x (wall {per[1] / t_builtin:.2f}x)   ")
    w(f"(target {TARGET_SPEEDUP:.0f}x: {'met' if ratio >= TARGET_SPEEDUP else 'not met'})\n")
    w("speed-up over darkOmega(fast=1), CPU, the built-in side paying its batch spectrum too: ")
    w(f"{cpu_mo[1] / (cpu_builtin + cpu_spec):.2f}x\n")
    w(f"speed-up over darkOmega(fast=0), CPU: {cpu_mo[0] / cpu_builtin:.2f}x ")
    w(f"(wall {per[0] / t_builtin:.2f}x)\n")
    if dev:
        within = sum(d <= 0.02 for d in dev) / len(dev)
        w("Omega h^2 built-in vs fast=0 (informative): median |ratio - 1| = ")
        w(f"{dev[len(dev) // 2]:.3g}, within 2% at {100 * within:.0f}% of {len(dev)} points\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
