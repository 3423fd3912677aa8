"""Convergence evidence for the neutrino scan: the ranges of Table 3 versus the number of points,
the seed and the effort spent on the extremes, per texture and ordering (numbers of docs/neutrino.md).

Run: python benchmarks/bench_neutrino_convergence.py [--quick]
"""

from __future__ import annotations

import sys
import time

from alpseesaw.physics.neutrino import ScanSettings
from alpseesaw.physics.neutrino.reproduce import formula_agreement
from alpseesaw.physics.neutrino.scan import RANGE_NAMES, scan

KEYS = (
    ("delta_cp_deg", "delta_CP [deg]"),
    ("sum_m_meV", "sum m [meV]"),
    ("m_eff_meV", "m_eff [meV]"),
    ("m_ee_meV", "m_ee [meV]"),
)
HEAVY = ScanSettings(extreme_chains=256, extreme_steps=2000, polish_starts=32)


def _cell(lo: float, hi: float) -> str:
    return f"{lo:8.3f} .. {hi:8.3f}"


def main() -> None:
    quick = "--quick" in sys.argv
    runs = [(1_000, 0, None), (10_000, 0, None), (10_000, 1, None), (10_000, 2, None)]
    if not quick:
        runs += [(30_000, 3, None), (10_000, 4, HEAVY)]
    for texture, ordering in (("A", "NO"), ("B", "NO"), ("A", "IO"), ("B", "IO")):
        print(f"\n## texture {texture}, {ordering}")
        print(
            f"{'points':>7s} {'seed':>4s} {'extremes':>8s} | "
            + " | ".join(f"{lab:^20s}" for _, lab in KEYS)
            + " | time"
        )
        last = None
        for n, seed, settings in runs:
            t0 = time.perf_counter()
            r = scan(texture, ordering, n, seed, settings)
            s = r.summary()
            tag = "heavy" if settings is HEAVY else "default"
            print(
                f"{n:7d} {seed:4d} {tag:>8s} | "
                + " | ".join(_cell(*s[k]) for k, _ in KEYS)
                + f" | {time.perf_counter() - t0:5.1f} s"
            )
            last = r
        assert last is not None
        # growth of the ranges with the points of stages 1-2 (before the extremes are pushed)
        print("  stage 1-2 ranges versus number of points (last run):")
        for row in last.convergence:
            if row["stage"] == 3 and row["n_points"] != last.n_viable:
                continue
            cells = " | ".join(_cell(row[f"{k}_min"], row[f"{k}_max"]) for k in RANGE_NAMES)
            print(f"  {int(row['n_points']):7d} (stage {int(row['stage'])}) | {cells}")
        agr = formula_agreement(last)
        print(
            f"  |m_ee - eq (4.3)/(4.4)| at each point's own parameters: max {agr['max_abs_meV']:.3f} meV, "
            f"rms {agr['rms_meV']:.3f} meV"
        )
        if ordering == "IO":
            frac = float((last.observables.m_ee < 0.036).mean())
            print(
                f"  fraction of IO points with m_ee < 36 meV (KamLAND-Zen's strongest bound): {frac:.3f}"
            )


if __name__ == "__main__":
    main()
