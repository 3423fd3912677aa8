"""Speed of the Boltzmann relic solver: parameter points per second (target >= 100 on 2 cores).

Run: python benchmarks/bench_relic.py [N]
Points: Fig. 3-like (Ma = 1.1 Mchi, muon + photon couplings) with random Mchi, fa, Cgg, plus
resonant points (Ma slightly above 2 Mchi), each a full Gondolo-Gelmini average + ODE solve.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from alpseesaw.physics.annihilation import DarkSectorInputs, Fermion
from alpseesaw.physics.relic import relic_density


def points(n: int, resonant: bool, seed: int = 1) -> list[DarkSectorInputs]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        mchi = 10 ** rng.uniform(2, 5)
        fa = 10 ** rng.uniform(3.5, 5.5)
        ratio = rng.uniform(2.01, 2.2) if resonant else 1.1
        out.append(
            DarkSectorInputs(
                mchi=mchi,
                ma=ratio * mchi,
                mphi=ratio * mchi,
                fa=fa,
                cgg=10 ** rng.uniform(0, 3),
                fermions=(Fermion("mu+ mu-", 0.10566, -(10 ** rng.uniform(0, 3)), 1, -1.0),),
            )
        )
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    relic_density(points(1, False)[0])  # warm-up (loads the g_* table)
    for label, resonant in (("Ma = 1.1 Mchi", False), ("resonant Ma in (2.01, 2.2) Mchi", True)):
        pts = points(n, resonant)
        t0 = time.perf_counter()
        for p in pts:
            relic_density(p, "boltzmann")
        dt = time.perf_counter() - t0
        print(f"Boltzmann relic, {label}: {n} points in {dt:.2f} s -> {n / dt:.0f} points/s")


if __name__ == "__main__":
    main()
