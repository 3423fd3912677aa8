"""Cost of a point with new neutrino inputs against a point with new dark-sector inputs in the
generated micrOMEGAs project (issue 13: at most 1.2x).

The project is generated once from the default card and warmed (its matrix elements compiled).
Dark point: ``./main PARFILE`` with Mchi, Ma, Cgg moved. Neutrino point: the point's SLHA
spectrum written in-process (``alpseesaw.generators.slha.spectrum_slha``: the Takagi
factorisation and the file) and ``./main SPECTRUM``, with MN11, mD11, muS11 moved; and the same
neutrino point the runners' way (``load_values`` + ``MicromegasProject.parfile_text``: a PARFILE
with every variable, which carries its own spectrum, + ``./main PARFILE``). All families keep the
same open channels. Interleaved, best of R rounds of N points each; the
machine's load (``os.getloadavg``) is printed beside.

Usage: MICROMEGAS_DIR=/path/to/micromegas python benchmarks/bench_live_spectrum.py [N] [R] [CACHE]
(CACHE: a build cache holding the default project already, to skip its build)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from typing import TYPE_CHECKING

from alpseesaw.generators import micromegas
from alpseesaw.generators.slha import spectrum_slha
from alpseesaw.model import build_model
from alpseesaw.model.card import load_point, load_values
from alpseesaw.runners import MicromegasProject

if TYPE_CHECKING:
    from pathlib import Path

REFERENCE = 1.2


def _run(project_dir: Path, arg: str) -> None:
    subprocess.run(
        ["./main", arg], cwd=project_dir, check=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    ir = build_model()
    with tempfile.TemporaryDirectory() as tmp:
        cache = sys.argv[3] if len(sys.argv) > 3 else tmp
        project = MicromegasProject.from_files(micromegas.generate(ir), cache_dir=cache)
        pdir = project.project_dir
        (pdir / "points").mkdir(exist_ok=True)
        _run(pdir, str(pdir / "data.par"))  # warm-up: compile the matrix elements
        best_dark = best_nu = best_nu_par = float("inf")
        for r in range(rounds):
            t_dark = t_nu = t_nu_par = 0.0
            for k in range(n):
                f = 1 + 0.01 * (k + 1) + 0.001 * r
                par = pdir / "points" / f"dark{k}.par"
                t0 = time.perf_counter()
                par.write_text(f"Mchi {10000 * f!r}\nMa {11000 * f!r}\nCgg {2662.7 * f!r}\n")
                _run(pdir, str(par))
                t_dark += time.perf_counter() - t0
                slha = pdir / "points" / f"nu{k}.slha"
                t0 = time.perf_counter()
                point = load_point(
                    overrides={"MN11": 5000 * f, "mD11": 4.0 * f, "muS11": 2.4758766774e-06 * f}
                )
                slha.write_text(spectrum_slha(point))
                _run(pdir, str(slha))
                t_nu += time.perf_counter() - t0
                full = pdir / "points" / f"nu{k}.par"
                t0 = time.perf_counter()
                values = load_values(
                    overrides={"MN11": 5000 * f, "mD11": 4.0 * f, "muS11": 2.4758766774e-06 * f}
                )
                full.write_text(project.parfile_text(project.point_values(values)))
                _run(pdir, str(full))
                t_nu_par += time.perf_counter() - t0
            best_dark = min(best_dark, t_dark / n)
            best_nu = min(best_nu, t_nu / n)
            best_nu_par = min(best_nu_par, t_nu_par / n)
    load = os.getloadavg()
    print(f"dark-sector point   {best_dark * 1e3:8.1f} ms  (./main PARFILE)")
    print(f"neutrino point      {best_nu * 1e3:8.1f} ms  (spectrum_slha + ./main SPECTRUM)")
    print(f"neutrino point      {best_nu_par * 1e3:8.1f} ms  (load_values + ./main full PARFILE)")
    print(f"ratio neutrino/dark {best_nu / best_dark:8.3f}   reference <= {REFERENCE}   (SPECTRUM)")
    print(
        f"ratio neutrino/dark {best_nu_par / best_dark:8.3f}   reference <= {REFERENCE}   (PARFILE)"
    )
    print(f"best of {rounds} rounds x {n} points; load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
