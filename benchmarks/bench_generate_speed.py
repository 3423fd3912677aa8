"""Issue 16: model to files, side by side with feynlag, in one run.

Prints, each the best of ``--repeat`` fresh processes (wall and CPU = user+sys of the process
and its workers, peak RSS of the largest process):

* alpseesaw ``generate-model --target all`` cold (empty cache directory; the IR read from the
  shipped snapshot, and once more built from the Lagrangian with ``ALPSEESAW_IR_SOURCE=1``) and
  warm (cache hit), and ``alpseesaw model check`` (a fresh cache: the checks run) and the
  recorded verdict (:func:`alpseesaw.model.verdict.checked` on a second call), beside the
  targets (2 s and 150 MB, 0.2 s, 2 s);
* feynlag (a SymPy peer, PyPI ``feynlag``; not a dependency of alpseesaw) building its Standard
  Model and writing its UFO: the ``export(path)`` of ``scripts/export_sm_ufo.py`` from feynlag's
  repository (``--feynlag-script PATH`` or ``$FEYNLAG_SM_SCRIPT``), timed from a fresh
  interpreter like ours;
* the ratio alpseesaw cold / feynlag (target <= 0.5).

The load average is printed before and after: the machine's cores are shared, and wall times
move with the load, CPU times much less. Uses private temporary cache and output directories.

    python benchmarks/bench_generate_speed.py --repeat 3 --feynlag-script PATH
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float


def run(argv: list[str], env: dict[str, str]) -> Run:
    """One fresh process: wall time, CPU of it and its (waited) workers, largest RSS."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        msg = f"{' '.join(argv)} failed ({proc.returncode}): {err[-500:]}"
        raise RuntimeError(msg)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def best(runs: list[Run]) -> Run:
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs), max(r.rss_mb for r in runs))


def line(label: str, r: Run, target: str) -> None:
    print(f"  {label:<44s} {r.wall:6.2f} s wall {r.cpu:6.2f} s CPU {r.rss_mb:6.0f} MB   ({target})")


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="fresh processes per figure (best)")
    ap.add_argument(
        "--feynlag-script",
        default=os.environ.get("FEYNLAG_SM_SCRIPT"),
        help="feynlag's scripts/export_sm_ufo.py (its repository; not shipped with the wheel)",
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    env = dict(os.environ)
    py = [sys.executable, "-m", "alpseesaw"]
    print(f"before: {load()}; {os.cpu_count()} cores; best of {args.repeat}")
    try:
        colds = []
        for i in range(args.repeat):
            env["ALPSEESAW_CACHE_DIR"] = str(tmp / f"cache{i}")  # empty: cold
            colds.append(
                run([*py, "generate", "--target", "all", "--out", str(tmp / f"c{i}")], env)
            )
        cold = best(colds)
        source_env = dict(env, ALPSEESAW_IR_SOURCE="1")
        colds_src = []
        for i in range(args.repeat):
            source_env["ALPSEESAW_CACHE_DIR"] = str(tmp / f"src-cache{i}")
            colds_src.append(
                run([*py, "generate", "--target", "all", "--out", str(tmp / f"s{i}")], source_env)
            )
        cold_src = best(colds_src)
        warm = best(
            [
                run([*py, "generate", "--target", "all", "--out", str(tmp / f"w{i}")], env)
                for i in range(args.repeat)
            ]
        )
        check = best([run([*py, "model", "check"], env) for _ in range(args.repeat)])
        verdict = [sys.executable, "-c", "from alpseesaw.model.verdict import checked; checked()"]
        env["ALPSEESAW_CACHE_DIR"] = str(tmp / "verdict")
        first = run(verdict, env)  # runs the checks and records the verdict
        again = best([run(verdict, env) for _ in range(args.repeat)])
        print("alpseesaw (340 vertices; LanHEP, CalcHEP, micrOMEGAs and UFO files):")
        line("generate-model --target all, cold", cold, "target <= 2 s, <= 150 MB")
        line("  same, IR built from the Lagrangian", cold_src, "ALPSEESAW_IR_SOURCE=1")
        line("generate-model --target all, warm", warm, "target <= 0.2 s")
        line("model check (CLI)", check, "target <= 2 s")
        line("checks, fresh cache (verdict.checked)", first, "runs every check")
        line("checks, verdict recorded for this source", again, "target <= 2 s")

        fl = None
        if importlib.util.find_spec("feynlag") is None:
            print("feynlag: not installed (pip install feynlag): no ratio")
        elif not args.feynlag_script or not Path(args.feynlag_script).is_file():
            print("feynlag: give --feynlag-script (its repository's scripts/export_sm_ufo.py)")
        else:
            code = "import runpy, sys; runpy.run_path(sys.argv[1])['export'](sys.argv[2])"
            fl = best(
                [
                    run([sys.executable, "-c", code, args.feynlag_script, str(tmp / f"fl{i}")], env)
                    for i in range(args.repeat)
                ]
            )
            n_vertices = (tmp / "fl0" / "vertices.py").read_text().count("Vertex(")
            print(f"feynlag {_version('feynlag')} (its SM, {n_vertices} vertices, UFO only):")
            line("build the SM and write its UFO", fl, "reference")
            print(
                f"ratio alpseesaw cold all-targets / feynlag SM UFO: {cold.wall / fl.wall:.2f} wall,"
                f" {cold.cpu / fl.cpu:.2f} CPU   (target <= 0.5)"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"after: {load()}")


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    main()
