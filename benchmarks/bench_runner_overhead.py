"""Per-point overhead of the micrOMEGAs runner versus running the compiled ``main`` directly.

Issue 7 asks for at most 10 % overhead. This builds the ALP-portal toy model of
tests/data/micromegas/alp_toy and, when present, micrOMEGAs' ZpPortal example (in a temporary
cache), then times N points of each

- directly: a POSIX shell loop running ``./main p.par`` (the C program alone, plus fork/exec),
- through ``MicromegasProject.run_point`` (write the PARFILE, LocalRunner subprocess, parse JSON),

and prints the per-point times and the overhead in percent.

Usage: MICROMEGAS_DIR=/path/to/micromegas python benchmarks/bench_runner_overhead.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from alpseesaw.generators.micromegas import (
    FinalState,
    MassSpec,
    MicromegasProjectSpec,
    ParameterSpec,
    render_project,
)
from alpseesaw.runners import MicromegasProject
from alpseesaw.runners.micromegas import format_parfile, locate_micromegas

TOY = Path(__file__).resolve().parents[1] / "tests" / "data" / "micromegas" / "alp_toy"
POINT = {"Mchi": 1000.0, "Ma": 1100.0, "fa": 1e4, "Cgg": 1.0, "Cmm": 0.1}
ZP_POINT = {"Mdm": 500.0, "MZp": 1200.0, "gZp": 0.1, "gZpDm": 0.3}


def models() -> list[tuple[str, dict[str, str], MicromegasProjectSpec, dict[str, float]]]:
    """(label, CalcHEP files, spec, point) of the benchmark models available here."""
    toy = MicromegasProjectSpec(
        model_name="ALP toy",
        dm="~chi",
        anti_dm="~Chi",
        final_states=(FinalState(("A", "A")), FinalState(("m", "M"))),
        parameters=tuple(ParameterSpec(p) for p in POINT),
        masses=(MassSpec("chi", "~chi"), MassSpec("a", "a")),
    )
    out = [("ALP toy", {p.name: p.read_text() for p in TOY.glob("*.mdl")}, toy, POINT)]
    zp = Path(locate_micromegas()) / "ZpPortal" / "work" / "models"
    if zp.is_dir():
        spec = MicromegasProjectSpec(
            model_name="ZpPortal",
            dm="~dm",
            anti_dm="~Dm",
            final_states=(FinalState(("m", "M")), FinalState(("b", "B"))),
            parameters=tuple(ParameterSpec(p) for p in ZP_POINT),
            masses=(MassSpec("dm", "~dm"),),
        )
        files = {p.name: p.read_text() for p in zp.glob("*.mdl") if not p.name.startswith(".")}
        out.append(("ZpPortal (micrOMEGAs example)", files, spec, ZP_POINT))
    return out


def main(n: int = 40, repeats: int = 3) -> None:
    for label, files, spec, point in models():
        bench(label, files, spec, point, n, repeats)


def bench(
    label: str,
    files: dict[str, str],
    spec: MicromegasProjectSpec,
    point: dict[str, float],
    n: int,
    repeats: int,
) -> None:
    """Time one model: build, first point, then direct ./main versus run_point."""
    with tempfile.TemporaryDirectory(prefix="alpseesaw-bench-") as cache:
        t0 = time.perf_counter()
        driver = MicromegasProject.from_files(render_project(files, spec), cache_dir=cache)
        project = driver.project_dir
        t_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        first = driver.run_point(point)
        t_first = time.perf_counter() - t0
        (project / "p.par").write_text(format_parfile(point))
        loop = f"i=0; while [ $i -lt {n} ]; do ./main p.par >/dev/null 2>&1 || exit 1; i=$((i+1)); done"
        direct, runner = [], []
        for _ in range(repeats):  # interleaved, best of `repeats` blocks of n points
            t0 = time.perf_counter()
            subprocess.run(["/bin/sh", "-c", loop], cwd=project, check=True)
            direct.append((time.perf_counter() - t0) / n)
            t0 = time.perf_counter()
            for _ in range(n):
                driver.run_point(point)
            runner.append((time.perf_counter() - t0) / n)
    d, r = min(direct), min(runner)
    print(f"\n{label}: micrOMEGAs {first.micromegas_version}, N = {n} points x {repeats} blocks")
    print(f"build (render + make):            {t_build:8.3f} s")
    print(f"first point (matrix elements):    {t_first:8.3f} s")
    print(f"main inside (timing_s.total):     {first.timing_s['total'] * 1e3:8.2f} ms")
    print(
        f"direct ./main per point:          {d * 1e3:8.2f} ms  (blocks: "
        + ", ".join(f"{x * 1e3:.2f}" for x in direct)
        + ")"
    )
    print(
        f"runner run_point per point:       {r * 1e3:8.2f} ms  (blocks: "
        + ", ".join(f"{x * 1e3:.2f}" for x in runner)
        + ")"
    )
    print(f"runner overhead:                  {100 * (r - d) / d:8.2f} %  (limit 10 %)")
    print(
        f"median-based overhead:            "
        f"{100 * (statistics.median(runner) - statistics.median(direct)) / statistics.median(direct):8.2f} %"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
