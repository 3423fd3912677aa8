"""Issue 16: model to files, side by side with feynlag, in one run.

Prints, each the best of ``--repeat`` fresh processes (wall and CPU = user+sys of the process
and its workers, peak RSS of the largest process):

* alpseesaw ``generate-model --target all`` cold (empty cache directory; the IR read from the
  shipped snapshot, and once more built from the Lagrangian with ``ALPSEESAW_IR_SOURCE=1``) and
  warm (cache hit), and ``alpseesaw model check`` (a fresh cache: the checks run) and the
  recorded verdict (:func:`alpseesaw.model.verdict.checked` on a second call), beside the
  targets (2 s and 150 MB, 0.2 s, 2 s);
* feynlag (a SymPy peer, PyPI ``feynlag``; not a dependency of alpseesaw) building a Standard
  Model and writing its UFO, timed from a fresh interpreter like ours:

  - the ``export(path)`` of ``scripts/export_sm_ufo.py`` from feynlag's repository (the
    electroweak sector with one lepton generation; ``--feynlag-script PATH`` or
    ``$FEYNLAG_SM_SCRIPT``);
  - feynlag-models' complete SM, the issue's reference (``--feynlag-models PATH`` or
    ``$FEYNLAG_MODELS_DIR``: a checkout of that repository, with ``feynlag_models/`` and
    ``models/sm/``). Timed: the interpreter start, importing feynlag and ``models/sm/model.py``,
    its ``build()``, and ``feynlag_models.ufo.export_ufo(bundle, out, "SM_UFO")``: the UFO
    directory written (``feynlag.export.ufo.write_ufo``) and then verified numerically
    (``feynlag.verify_ufo_numeric``, which that export always runs); none of the repository's
    other outputs (Markdown, LaTeX pages). The phases are printed too (CPU of each, inside the
    process: the verification is a few hundredths of a second);
* the ratio alpseesaw cold / feynlag for each (target <= 0.5 against the complete SM).

The load average is printed before and after: the machine's cores are shared, and wall times
move with the load, CPU times much less. Uses private temporary cache and output directories.

    python benchmarks/bench_generate_speed.py --repeat 3 --feynlag-script PATH --feynlag-models DIR
"""

from __future__ import annotations

import argparse
import importlib.util
import json
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


#: Build feynlag-models' SM and write its UFO (``argv``: repository, output directory, file for
#: the phase times). Its UFO export is ``export_ufo`` = ``write_ufo`` + ``verify_ufo_numeric``.
FEYNLAG_MODELS_SM = """
import importlib.util, json, sys, time
from pathlib import Path

root, out, phases = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
clock = [time.process_time()]
cpu = {}


def phase(name):
    now = time.process_time()
    cpu[name] = now - clock[0]
    clock[0] = now


sys.path.insert(0, str(root))
import feynlag.export.ufo as writer
from feynlag_models import ufo

spec = importlib.util.spec_from_file_location("sm_model", root / "models" / "sm" / "model.py")
model = importlib.util.module_from_spec(spec)
spec.loader.exec_module(model)
phase("imports")
bundle = model.build()
phase("build()")
verify = ufo.verify_ufo_numeric


def timed_verify(path):
    phase("export_ufo: vertices and write_ufo")
    report = verify(path)
    phase("export_ufo: verify_ufo_numeric")
    return report


ufo.verify_ufo_numeric = timed_verify
ufo.export_ufo(bundle, out, "SM_UFO")
phases.write_text(json.dumps(cpu))
"""


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
    ap.add_argument(
        "--feynlag-models",
        default=os.environ.get("FEYNLAG_MODELS_DIR"),
        help="a checkout of feynlag-models (feynlag_models/, models/sm/): its complete SM",
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
                f" {cold.cpu / fl.cpu:.2f} CPU"
            )
        _feynlag_models(args.feynlag_models, args.repeat, cold, tmp, env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"after: {load()}")


def _feynlag_models(root: str | None, repeat: int, cold: Run, tmp: Path, env: dict) -> None:
    """Time feynlag-models' complete SM (build and UFO) and print the ratio to ``cold``."""
    sm = Path(root or "") / "models" / "sm" / "model.py"
    if importlib.util.find_spec("feynlag") is None:
        return
    if not root or not sm.is_file():
        print(
            "feynlag-models: give --feynlag-models DIR or $FEYNLAG_MODELS_DIR (a checkout with"
            " feynlag_models/ and models/sm/): no ratio to the complete SM"
        )
        return
    runs, phases = [], []
    for i in range(repeat):
        out, times = tmp / f"flm{i}", tmp / f"flm{i}.json"
        argv = [sys.executable, "-c", FEYNLAG_MODELS_SM, root, str(out), str(times)]
        runs.append(run(argv, env))
        phases.append(json.loads(times.read_text()))
    fl = best(runs)
    n_vertices = (tmp / "flm0" / "vertices.py").read_text().count("= Vertex(")
    print(f"feynlag {_version('feynlag')} + feynlag-models, complete SM ({n_vertices} vertices):")
    line("build() and export_ufo (write + verify)", fl, "reference")
    cpu = {name: min(p[name] for p in phases) for name in phases[0]}
    print(
        "    CPU inside the process (interpreter start and exit aside): "
        + ", ".join(f"{k} {v:.2f} s" for k, v in cpu.items())
    )
    print(
        f"ratio alpseesaw cold all-targets / feynlag complete SM UFO: {cold.wall / fl.wall:.2f}"
        f" wall, {cold.cpu / fl.cpu:.2f} CPU   (target <= 0.5)"
    )


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    main()
