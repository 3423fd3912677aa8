"""Run the generated micrOMEGAs ``main`` over random points of issue 11's box; count outcomes.

Issue 11 item 6: the project's ``main`` must work wherever the model is defined. This samples
the whole box at random (not curated) and runs ``main`` once per point:

* Mchi log-uniform 50 GeV - 100 TeV; Ma/Mchi and Mphi/Mchi log-uniform 0.3 - 4;
* fa log-uniform 1 - 100 TeV;
* Cgg, Cmm: sign at random, |C| log-uniform over BOX below, exactly 0 with probability 0.1
  (the card allows any real number; 0 closes the ALP's decays, a case of its own);
* MN11 (the heavy-neutrino scale) log-uniform 50 GeV - 200 TeV; the neutrino block (masses,
  mixings) is recomputed from the card for every point (``load_values``), so the PARFILE holds
  every variable of the project's ``vars1.mdl``.

Points come from one seeded stream, point by point (more points keep the first ones). The record
(JSON: tool version, date, box, counts by outcome, every failing point with its message, a short
summary of each good point) is written atomically.

Usage::

    MICROMEGAS_DIR=/path/to/micromegas python validation/sweep_micromegas_main.py \
        --points 300 --seed 11 --out validation/records/micromegas_main_sweep_DATE.json \
        [--project DIR] [--fast 0|1]

``--project`` reuses (and keeps) a built project directory: its ``work/so_generated`` grows with
every channel a point opens, so a second sweep runs much faster.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from alpseesaw import __version__
from alpseesaw.emit import generate_files
from alpseesaw.files import write_tree
from alpseesaw.model import load_values
from alpseesaw.runners import MicromegasProject, build_project
from alpseesaw.runners.micromegas import locate_micromegas, micromegas_version
from alpseesaw.runners.parsers import OutputFormatError, ToolReportedError, parse_micromegas_output

#: The box: key -> (lo, hi); ratios are applied after Mchi; couplings get a random sign.
BOX: dict[str, tuple[float, float]] = {
    "Mchi": (50.0, 1e5),
    "Ma/Mchi": (0.3, 4.0),
    "Mphi/Mchi": (0.3, 4.0),
    "fa": (1e3, 1e5),
    "|Cgg|": (1e-3, 1e3),
    "|Cmm|": (1e-2, 1e5),
    "MN11": (50.0, 2e5),
}
#: Probability that a coupling is exactly zero.
P_ZERO = 0.1
POINT_TIMEOUT_S = 1800.0


def _log_uniform(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def sample_point(rng: np.random.Generator) -> dict[str, float]:
    """One card point of the box (always draws the same number of random numbers)."""
    u = {k: _log_uniform(rng, *v) for k, v in BOX.items()}
    signs = rng.choice([-1.0, 1.0], size=2)
    zeros = rng.uniform(size=2) < P_ZERO
    mchi = u["Mchi"]
    return {
        "Mchi": mchi,
        "Ma": u["Ma/Mchi"] * mchi,
        "Mphi": u["Mphi/Mchi"] * mchi,
        "fa": u["fa"],
        "Cgg": 0.0 if zeros[0] else float(signs[0]) * u["|Cgg|"],
        "Cmm": 0.0 if zeros[1] else float(signs[1]) * u["|Cmm|"],
        "MN11": u["MN11"],
    }


def sample(n: int, seed: int) -> list[dict[str, float]]:
    rng = np.random.default_rng(seed)
    return [sample_point(rng) for _ in range(n)]


def build(project: Path | None, micromegas_dir: str | None) -> Path:
    """A built project of the model (in ``project`` if given, else a new temporary directory)."""
    if project is None:
        project = Path(tempfile.mkdtemp(prefix="alpseesaw-sweep-")) / "project"
    if not (project / "main").is_file():
        files, _ = generate_files("micromegas")
        write_tree(files, project)
    build_project(project, micromegas_dir)
    return project


def run_point(
    project: Path, parfile_text: str, name: str, extra: tuple[str, ...]
) -> dict[str, Any]:
    """Run ``main`` on one point; the outcome and what it printed (parsed)."""
    par = project / "points" / f"{name}.par"
    par.parent.mkdir(exist_ok=True)
    par.write_text(parfile_text)
    t0 = time.monotonic()
    try:
        proc = subprocess.run(
            ["./main", *extra, str(par.relative_to(project))],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=POINT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout", "seconds": time.monotonic() - t0}
    out: dict[str, Any] = {"seconds": round(time.monotonic() - t0, 3), "exit_code": proc.returncode}
    try:
        res = parse_micromegas_output(proc.stdout)
    except ToolReportedError as exc:
        out.update(outcome=f"error:{exc.kind}", message=exc.message[:300])
        if proc.returncode < 0:
            out["outcome"] = f"signal:{-proc.returncode}"
        return out
    except OutputFormatError as exc:
        out.update(
            outcome="unreadable_output", message=str(exc)[:300], stderr_tail=proc.stderr[-300:]
        )
        return out
    par.unlink()
    top = sorted(res.omega_channels, key=lambda c: -c.fraction)[:3]
    out.update(
        outcome="ok",
        omega_h2=res.omega_h2,
        xf=res.xf,
        top_channels=[[" ".join(c.final), round(c.fraction, 4)] for c in top],
        zero_within_roundoff=list(res.raw.get("sigmav_zero_within_roundoff", [])),
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--project", type=Path, default=None)
    ap.add_argument(
        "--fast",
        type=int,
        choices=(0, 1),
        default=None,
        help="darkOmega's fast flag (default: the project's default)",
    )
    ap.add_argument("--micromegas-dir", default=None)
    args = ap.parse_args(argv)

    root = locate_micromegas(args.micromegas_dir)
    project = build(args.project, args.micromegas_dir)
    points = MicromegasProject(project)
    extra = () if args.fast is None else (f"--fast={args.fast}",)
    rows = []
    t0 = time.monotonic()
    for i, card in enumerate(sample(args.points, args.seed)):
        parfile = points.parfile_text(points.point_values(load_values(overrides=card)))
        row = {"index": i, "card": card, **run_point(project, parfile, f"p{i}", extra)}
        rows.append(row)
        line = " ".join(f"{k}={v:.4g}" for k, v in card.items())
        sys.stdout.write(f"{i:4d} {row['outcome']:<24s} {row.get('seconds', 0):7.2f} s {line}\n")
        sys.stdout.flush()
    counts = collections.Counter(r["outcome"] for r in rows)
    record = {
        "what": "generated micrOMEGAs main over random points of issue 11's box (item 6)",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "micromegas_version": micromegas_version(root),
        "alpseesaw_version": __version__,
        "main_arguments": list(extra),
        "seed": args.seed,
        "box": {k: list(v) for k, v in BOX.items()},
        "p_zero_coupling": P_ZERO,
        "counts": dict(sorted(counts.items())),
        "wall_s": round(time.monotonic() - t0, 1),
        "load": os.getloadavg()[0],
        "failures": [r for r in rows if r["outcome"] != "ok"],
        "points": [
            {
                k: r[k]
                for k in ("index", "card", "outcome", "omega_h2", "xf", "top_channels")
                if k in r
            }
            for r in rows
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=1) + "\n")
    tmp.replace(args.out)
    sys.stderr.write(json.dumps(record["counts"]) + "\n")
    return 0 if set(counts) == {"ok"} else 1


if __name__ == "__main__":
    raise SystemExit(main())
