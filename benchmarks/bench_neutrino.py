"""Speed figures of issue 5: texture evaluations per second, and `alpseesaw neutrino scan` wall time.

Targets: >= 1e6 texture evaluations (parameters -> matrix -> Takagi -> all observables) per second
on the 2-core machine; `alpseesaw neutrino scan` collecting 1e4 viable points per texture in <= 60 s.

Run: python benchmarks/bench_neutrino.py [--quick]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from alpseesaw.physics.neutrino import ScanSettings, texture_observables
from alpseesaw.physics.neutrino.scan import scan

N_EVAL = 1_000_000


def _rate(texture: str, params: np.ndarray, workers: int, exact: bool) -> float:
    texture_observables(texture, params[:20_000], workers=workers, exact=exact)  # warm-up
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        texture_observables(texture, params, workers=workers, exact=exact)
        best = max(best, params.shape[0] / (time.perf_counter() - t0))
    return best


def workloads(texture: str, rng: np.random.Generator) -> dict[str, tuple[np.ndarray, bool]]:
    """(a) the scan's walk/extreme stages: viable points kicked by 0.02 in log10 parameters;
    (b) the fits' starting region: uniform in the box (4.1) in log10, fast path (exact=False);
    (c) the same box with the exact path (near-degenerate spectra redone on the 6x6 embedding)."""
    viable = scan(
        texture, "NO", 2000, seed=0, settings=ScanSettings(extreme_steps=20, polish_starts=1)
    ).params
    x = np.log10(viable[:, :6])
    idx = rng.integers(x.shape[0], size=N_EVAL)
    near = np.column_stack(
        [
            np.power(10.0, x[idx] + 0.02 * rng.normal(size=(N_EVAL, 6))),
            np.mod(viable[idx, 6] + 0.02 * rng.normal(size=N_EVAL), 2 * np.pi),
        ]
    )
    box = np.column_stack(
        [np.power(10.0, rng.uniform(-3, 0, N_EVAL))]
        + [np.power(10.0, rng.uniform(-3, 3, N_EVAL)) for _ in range(5)]
        + [rng.uniform(0, 2 * np.pi, N_EVAL)]
    )
    return {
        "near viable region, exact": (near, True),
        "box (4.1), fast path": (box, False),
        "box (4.1), exact": (box, True),
    }


def scan_wall_time(texture: str, ordering: str, points: int) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "alpseesaw",
                "neutrino",
                "scan",
                "--texture",
                texture,
                "--ordering",
                ordering,
                "--points",
                str(points),
                "--out",
                out,
                "--json",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        dt = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stderr)
        sys.exit(proc.returncode)
    return dt, proc.stdout.strip()


def main() -> None:
    quick = "--quick" in sys.argv
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    rng = np.random.default_rng(0)
    for name, (params, exact) in workloads("A", rng).items():
        for workers in (1, 2):
            r = _rate("A", params, workers, exact)
            print(f"texture evaluations/s, {name:28s} workers={workers}: {r / 1e6:5.2f} M/s")
    jobs = [("A", "NO"), ("B", "NO")] + ([] if quick else [("A", "IO"), ("B", "IO")])
    for texture, ordering in jobs:
        dt, out = scan_wall_time(texture, ordering, 10_000)
        s = json.loads(out)
        print(
            f"alpseesaw neutrino scan --texture {texture} --ordering {ordering} --points 10000: {dt:5.1f} s wall "
            f"(n_viable {s['n_viable']}, {s['n_evaluations'] / 1e6:.1f}M evaluations, incl. start-up)"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
