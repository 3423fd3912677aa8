"""Every card parameter live at run time (issue 13): the micrOMEGAs project generated once from
the default card, run with a card's SLHA spectrum (``alpseesaw spectrum --slha``), against a
project regenerated at that card (run with a full-precision PARFILE of every variable), and
against the built-in calculators.

``python -m alpseesaw.validation.live_spectrum --points 10 --out RECORD.json`` writes the record
(``validation/records/``); ``tests/test_micromegas_live_spectrum.py`` runs two cards.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alpseesaw.errors import ParameterError
from alpseesaw.generators import micromegas
from alpseesaw.generators.slha import spectrum_slha
from alpseesaw.model.card import Point, make_point
from alpseesaw.model.parameters import shared_random_draw
from alpseesaw.runners.micromegas import MicromegasProject, run_point_spec
from alpseesaw.runners.spec import RunSpec

if TYPE_CHECKING:
    from alpseesaw.model.ir import ModelIR
    from alpseesaw.model.parameters import ParameterSet
    from alpseesaw.runners.parsers import MicromegasResult

#: Agreement required between the two projects (issue 13, "Judged by").
RTOL = 1e-6


def random_card(params: ParameterSet, rng: random.Random) -> dict[str, float]:
    """A card moving every input (dark sector, SM, neutrino textures, phases, mu_R) by up to
    +-25 % around the default relic point, couplings that are 0 there switched on; chi stays
    the lightest new state's partner (Ma, Mphi > Mchi keep the relic regime of the card)."""
    out: dict[str, float] = {}
    for p in params.externals:
        if (x := shared_random_draw(p, rng, sth=0.2)) is not None:
            out[p.name] = x
        elif p.name == "MW":
            out[p.name] = p.default * rng.uniform(0.99, 1.01)
        elif p.block == "DECAY":
            out[p.name] = p.default * rng.uniform(0.8, 1.25) if p.default else 0.0
        elif p.default == 0:
            out[p.name] = rng.uniform(-3, 3)
        else:
            out[p.name] = p.default * rng.uniform(0.8, 1.25)
    return out


def random_points(ir: ModelIR, n: int, seed: int) -> list[Point]:
    """``n`` valid random points (invalid draws, e.g. an imaginary internal, are redrawn)."""
    rng = random.Random(seed)
    points: list[Point] = []
    while len(points) < n:
        try:
            points.append(make_point(ir.parameter_set, random_card(ir.parameter_set, rng)))
        except ParameterError:
            continue
    return points


def run_slha(
    project: MicromegasProject, point: Point, options: tuple[str, ...] = ()
) -> MicromegasResult:
    """The project's ``main`` on the point's SLHA spectrum (no PARFILE)."""
    name = f"points/spectrum-{abs(hash(point._externals)) % 10**12}.slha"
    spec = RunSpec(
        "micromegas",
        ("./main", *options, name),
        project.project_dir,
        inputs={name: spectrum_slha(point)},
        timeout_s=project.timeout_s,
    )
    return run_point_spec(project.runner, spec)


def _rel(a: float, b: float) -> float:
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def summary(r: MicromegasResult) -> dict[str, Any]:
    return {
        "omega_h2": r.omega_h2,
        "xf": r.xf,
        "masses_GeV": dict(r.masses_GeV),
        "sigmav_cm3_s": dict(r.sigmav_cm3_s),
        "omega_channels": {
            " ".join([*c["in"], "->", *c["out"]]): c["fraction"] for c in r.raw["omega_channels"]
        },
    }


def compare(live: dict[str, Any], regen: dict[str, Any]) -> dict[str, float]:
    """The largest relative difference per quantity between two summaries."""
    out = {
        "omega_h2": _rel(live["omega_h2"], regen["omega_h2"]),
        "xf": _rel(live["xf"], regen["xf"]),
    }
    for field in ("masses_GeV", "sigmav_cm3_s", "omega_channels"):
        a, b = live[field], regen[field]
        if set(a) != set(b):
            out[field] = math.inf
            continue
        # channels below 1e-40 cm^3/s (or shares below 1e-12) are round-off of cancellations
        floor = 1e-40 if field == "sigmav_cm3_s" else 0.0
        out[field] = max(
            (_rel(a[k], b[k]) for k in a if max(abs(a[k]), abs(b[k])) > floor), default=0.0
        )
    return out


def compare_point(
    ir: ModelIR,
    default_project: MicromegasProject,
    point: Point,
    cache_dir: str | None = None,
) -> dict[str, Any]:
    """One card: the default project with the SLHA file, the regenerated project, the built-in
    relic calculator (``alpseesaw.physics.calculator``)."""
    from alpseesaw.physics.calculator import RelicCalculator

    live = summary(run_slha(default_project, point))
    regenerated = MicromegasProject.from_files(micromegas.generate(ir, point), cache_dir=cache_dir)
    regen = summary(regenerated.run_point(regenerated.point_values(point.values)))
    builtin = RelicCalculator(ir)(dict(point.externals))
    masses = {k: float(abs(complex(point.values[ir.particle(k).mass]))) for k in live["masses_GeV"]}
    return {
        "card": dict(point.externals),
        "live": live,
        "regenerated": regen,
        "max_rel_diff": compare(live, regen),
        "builtin": {
            "omega_h2": float(builtin.omega_h2[0]),
            "omega_h2_ratio_to_live": float(builtin.omega_h2[0]) / live["omega_h2"],
            "masses_max_rel_diff": max(_rel(masses[k], live["masses_GeV"][k]) for k in masses),
        },
    }


def main(argv: list[str] | None = None) -> None:
    import argparse
    import platform

    from alpseesaw import __version__
    from alpseesaw.model import build_model

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--points", type=int, default=10)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", required=True)
    ap.add_argument("--cache-dir", default=None)
    args = ap.parse_args(argv)
    ir = build_model()
    project = MicromegasProject.from_files(micromegas.generate(ir), cache_dir=args.cache_dir)
    rows = []
    for point in random_points(ir, args.points, args.seed):
        rows.append(compare_point(ir, project, point, args.cache_dir))
        sys.stderr.write(json.dumps(rows[-1]["max_rel_diff"]) + "\n")
    worst = {k: max(r["max_rel_diff"][k] for r in rows) for k in rows[0]["max_rel_diff"]}
    record = {
        "what": "issue 13: project generated once (default card) + SLHA spectrum vs project "
        "regenerated per card (full-precision PARFILE); built-in relic beside",
        "tool": "micrOMEGAs",
        "micromegas_version": "6.0",
        "alpseesaw_version": __version__,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "machine": platform.machine(),
        "seed": args.seed,
        "rtol": RTOL,
        "worst_max_rel_diff": worst,
        "all_within_rtol": all(v <= RTOL for v in worst.values()),
        "points": rows,
    }
    Path(args.out).write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
