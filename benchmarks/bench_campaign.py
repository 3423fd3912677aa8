"""Speed of cross-validation campaigns with the real micrOMEGAs (issue 7).

Prints

1. the per-point overhead of the runner over running the compiled ``main`` directly: N points of
   the model's own project (generated from the default card, built against $MICROMEGAS_DIR),
   timed as a POSIX shell loop ``./main pK.par`` and through ``MicromegasProject.run_point`` (PARFILE,
   LocalRunner subprocess, JSON parsing), interleaved blocks, best block; and the per-point time
   of a whole campaign point (runner + built-in freeze-out and Boltzmann calculators + the fsync-ed
   journal line) with the in-process executor;
2. the throughput of a campaign with one and with two Dask LocalCluster workers on M points
   (points per second from the first to the last finished point, and over the whole call
   including the cluster's start), and their ratio (issue 7 asks for >= 1.7); beside it, as a
   reference for how much of two cores the machine offers at that moment, the speed-up of two
   concurrent direct ``./main`` loops over one.

Points: the "simple picture" family of the default design (only chi chi~ -> gamma gamma, mu mu
open, so no point compiles new matrix elements).

Usage: MICROMEGAS_DIR=/path/to/micromegas python benchmarks/bench_campaign.py [N] [M]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from alpseesaw.emit import generate_files
from alpseesaw.files import write_files
from alpseesaw.model.card import load_externals
from alpseesaw.model.inputs import parameter_set
from alpseesaw.runners import LocalRunner, MicromegasProject, build_project
from alpseesaw.validation import campaign as cv
from alpseesaw.validation.sampling import parse_region

REGION = [
    "Mchi=200:3000",
    "Ma/Mchi=3:4.5",
    "Mphi/Mchi=2.5:4.5",
    "fa/Mchi=1.5:6",
    "sigmav_gg=1e-29:3e-27",
    "mumu_frac=0:0.6",
]


class Stamps(list):
    """A progress callback that records when each point finished (perf_counter seconds)."""

    def __call__(self, done: int, total: int, label: str) -> None:
        del done, total, label
        self.append(time.perf_counter())


def build(root: Path) -> Path:
    """The model's project at the default card, built (cached) and warmed up."""
    files, _ = generate_files("micromegas", load_externals(None, ()))
    project = write_files(files, root / "project")
    build_project(project)
    return project.resolve()


def campaign_config(project: Path, n: int, seed: int) -> cv.CampaignConfig:
    known = [p.name for p in parameter_set().externals]
    return cv.CampaignConfig(
        project=str(project),
        n_points=n,
        benchmarks=False,
        seed=seed,
        families=cv.user_family(parse_region(REGION, known)),
    )


def overhead(project: Path, n: int, repeats: int = 3) -> None:
    """Direct ./main versus MicromegasProject.run_point versus a whole campaign point."""
    points = MicromegasProject(project, LocalRunner())
    cfg = campaign_config(project, n, seed=101)
    tasks = [cv.make_task(p) for p in cv.plan_campaign(cfg)]
    values = [points.point_values(v) for _t, v in tasks]
    t0 = time.perf_counter()
    points.run_point(values[0])  # warm-up: generates the matrix elements
    t_first = time.perf_counter() - t0
    pars = []
    for k, v in enumerate(values):
        path = project / f"bench{k}.par"
        path.write_text(points.parfile_text(v))
        pars.append(path.name)
    loop = "for p in " + " ".join(pars) + "; do ./main $p >/dev/null 2>&1 || exit 1; done"
    direct, runner = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(["/bin/sh", "-c", loop], cwd=project, check=True)
        direct.append((time.perf_counter() - t0) / n)
        t0 = time.perf_counter()
        for v in values:
            points.run_point(v)
        runner.append((time.perf_counter() - t0) / n)
    full = []
    for r in range(repeats):
        with tempfile.TemporaryDirectory(prefix="alpseesaw-bench-camp-") as out:
            stamps = Stamps()
            cv.run_campaign(
                campaign_config(project, n, seed=101), out, cv.SerialExecutor(), progress=stamps
            )
            full.append((stamps[-1] - stamps[0]) / n)
        del r
    d, rr, ff = min(direct), min(runner), min(full)
    print(
        f"\n1. per-point overhead, N = {n} points x {repeats} blocks (best block); first point {t_first:.2f} s"
    )
    print(
        f"   direct ./main:            {1e3 * d:8.2f} ms/point  (blocks {', '.join(f'{1e3 * x:.1f}' for x in direct)})"
    )
    print(
        f"   runner (MicromegasProject):   {1e3 * rr:8.2f} ms/point  (blocks {', '.join(f'{1e3 * x:.1f}' for x in runner)})"
    )
    print(f"   runner overhead:          {100 * (rr - d) / d:8.2f} %   (issue 7: <= 10 %)")
    print(
        f"   campaign point (serial):  {1e3 * ff:8.2f} ms/point  (runner + built-in relic calculators + journal)"
    )
    print(f"   campaign overhead:        {100 * (ff - d) / d:8.2f} %")
    for p in pars:
        (project / p).unlink()


def direct_reference(project: Path, m: int) -> float:
    """Speed-up of two concurrent direct ./main loops over one (what the machine allows now)."""
    points = MicromegasProject(project, LocalRunner())
    cfg = campaign_config(project, m, seed=202)
    pars = []
    for k, (_t, v) in enumerate(cv.make_task(p) for p in cv.plan_campaign(cfg)):
        path = project / f"ref{k}.par"
        path.write_text(points.parfile_text(points.point_values(v)))
        pars.append(path.name)

    def loop(names: list[str]) -> list[str]:
        return [
            "/bin/sh",
            "-c",
            "for p in " + " ".join(names) + "; do ./main $p >/dev/null 2>&1; done",
        ]

    subprocess.run(loop(pars), cwd=project, check=True)  # warm-up: every library these points need
    t0 = time.perf_counter()
    subprocess.run(loop(pars), cwd=project, check=True)
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    procs = [subprocess.Popen(loop(pars[k::2]), cwd=project) for k in (0, 1)]
    for proc in procs:
        proc.wait()
    two = time.perf_counter() - t0
    for name in pars:
        (project / name).unlink()
    print(
        f"   reference, direct ./main loops: one {m / one:6.2f} points/s, two in parallel "
        f"{m / two:6.2f} points/s: {one / two:.2f} x (the machine's headroom right now)"
    )
    return one / two


def throughput(project: Path, m: int) -> None:
    """Campaign throughput with one and with two Dask workers."""
    direct_reference(project, m)
    rates = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory(prefix="alpseesaw-bench-dask-") as out:
            stamps = Stamps()
            t0, cpu0 = time.perf_counter(), time.process_time()
            cv.run_campaign(
                campaign_config(project, m, seed=202),
                out,
                cv.DaskExecutor(workers),
                progress=stamps,
            )
            total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        steady = (len(stamps) - 2) / (
            stamps[-1] - stamps[1]
        )  # from the 1st to the last finished point
        rates[workers] = steady
        print(
            f"   {workers} worker(s): {steady:6.2f} points/s between the first and the last point; "
            f"{m / total:6.2f} points/s over the whole call ({total:.1f} s, cluster start included); "
            f"coordinator CPU {1e3 * cpu / m:.1f} ms/point (planning included)"
        )
    print(f"   speed-up with 2 workers:  {rates[2] / rates[1]:6.2f} x   (issue 7: >= 1.7)")


def main(n: int = 30, m: int = 60) -> None:
    print(
        f"micrOMEGAs at {os.environ.get('MICROMEGAS_DIR', '(MICROMEGAS_DIR unset)')}, {os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory(prefix="alpseesaw-bench-proj-") as root:
        t0 = time.perf_counter()
        project = build(Path(root))
        print(f"project build (or cache copy): {time.perf_counter() - t0:.2f} s")
        overhead(project, n)
        print(f"\n2. throughput, M = {m} points")
        throughput(project, m)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
