"""The judged check of the LanHEP route (issue 3, item 4): micrOMEGAs on LanHEP's CalcHEP files
gives the same sigma v and Omega h^2 as on the CalcHEP generator's files, to 0.1 %.

Two micrOMEGAs projects of the model are built, one per route: (a) the CalcHEP generator's five
files, (b) the four files LanHEP writes from the generated ``model.lhp`` (``lhep -ca``). Both run
the issue's five points (Mchi, Ma, fa, Cgg, Cmm), with Mphi = Ma and every other parameter at its
default. Compared per point: sigma v (chi chi~ -> X Y, v -> 0) of every reported final state,
Omega h^2, x_f and micrOMEGAs' all-pairs sigma v, to the issue's 0.1 %.

The numbers are committed in ``validation/records/lanhep_vs_calchep_<date>.json``; the test
recomputes them and compares with the newest record to 1e-4 (the same inputs through the same
micrOMEGAs integrations; the tolerance leaves room for another compiler or CPU).

Run as a script to write a new record::

    MICROMEGAS_DIR=... python tests/generators/test_lanhep_micromegas.py
"""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from alpseesaw import __version__
from alpseesaw.errors import ToolRunError
from alpseesaw.generators import calchep, lanhep
from alpseesaw.generators.micromegas import project_spec, render_project
from alpseesaw.model import build_model
from alpseesaw.runners import MicromegasProject, find_lhep, locate_micromegas, run_lanhep

pytestmark = [pytest.mark.lanhep, pytest.mark.micromegas, pytest.mark.slow]

RECORDS = Path(__file__).resolve().parents[2] / "validation" / "records"
#: The issue's points (Mchi, Ma, fa, Cgg, Cmm); Mphi = Ma.
POINTS: tuple[tuple[float, float, float, float, float], ...] = (
    (1000.0, 1100.0, 1e4, 10.0, -100.0),
    (9.09e4, 1e5, 1e4, 200.0, -1e4),
    (3000.0, 3300.0, 1e5, 100.0, -1e4),
    (500.0, 1200.0, 1e4, 0.5, -50.0),
    (2e4, 4.1e4, 1e5, 1.0, -1e3),
)
#: The issue's bound between the routes.
JUDGED_RTOL = 1e-3
#: Recomputed numbers against the committed record.
RECORD_RTOL = 1e-4


def lanhep_version(lhep: Path) -> str:
    """LanHEP's own banner (``Welcome to LanHEP  Version 4.0.0 (Jan 16 2020)``), without input.

    Run in a scratch directory: given no file, lhep still writes an empty model there.
    """
    with tempfile.TemporaryDirectory(prefix="alpseesaw-lhep-version-") as scratch:
        proc = subprocess.run(
            [str(lhep), "-ca"],
            input="",
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    for line in proc.stdout.splitlines():
        if "Version" in line:
            return " ".join(line.split("Version", 1)[1].split())
    return "unknown"


def rel_diff(a: float, b: float) -> float:
    """|a - b| / max(|a|, |b|); 0 when both vanish."""
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


def _summary(r) -> dict[str, Any]:
    return {
        "omega_h2": r.omega_h2,
        "xf": r.xf,
        "sigmav_cm3_s": dict(r.sigmav_cm3_s),
        "sigmav_all_pairs_cm3_s": r.sigmav_all_pairs_cm3_s,
        "omega_channels": {
            f"{' '.join(c.initial)} -> {' '.join(c.final)}": c.fraction for c in r.omega_channels
        },
    }


def compare_routes(micromegas_dir: Path, lhep: Path, cache_dir: Path) -> dict[str, Any]:
    """Both routes at the five points: the record (tool versions, numbers, relative differences)."""
    ir = build_model()
    direct = calchep.generate(ir, {})
    out = run_lanhep(lanhep.generate(ir, {}), lanhep.MAIN_FILE, output="calchep", lhep=lhep)
    via_lanhep = {name: text for name, text in out.files.items() if name.endswith("1.mdl")}
    spec = project_spec(ir, {})
    drivers = {
        route: MicromegasProject.from_files(
            render_project(files, spec), micromegas_dir=micromegas_dir, cache_dir=cache_dir
        )
        for route, files in (("calchep", direct), ("lanhep", via_lanhep))
    }
    points = []
    versions: dict[str, str] = {}
    for mchi, ma, fa, cgg, cmm in POINTS:
        card = {"Mchi": mchi, "Ma": ma, "Mphi": ma, "fa": fa, "Cgg": cgg, "Cmm": cmm}
        results = {route: d.run_point(card) for route, d in drivers.items()}
        versions = {
            "micromegas": results["calchep"].micromegas_version,
            "calchep": results["calchep"].calchep_version,
        }
        a, b = (_summary(results[k]) for k in ("calchep", "lanhep"))
        diff = {
            "omega_h2": rel_diff(a["omega_h2"], b["omega_h2"]),
            "xf": rel_diff(a["xf"], b["xf"]),
            "sigmav_all_pairs_cm3_s": rel_diff(
                a["sigmav_all_pairs_cm3_s"], b["sigmav_all_pairs_cm3_s"]
            ),
            "sigmav_cm3_s": {
                k: rel_diff(a["sigmav_cm3_s"][k], b["sigmav_cm3_s"][k]) for k in a["sigmav_cm3_s"]
            },
        }
        points.append({"card": card, "calchep": a, "lanhep": b, "rel_diff": diff})
    worst = max(
        max(
            p["rel_diff"]["omega_h2"],
            p["rel_diff"]["sigmav_all_pairs_cm3_s"],
            *p["rel_diff"]["sigmav_cm3_s"].values(),
        )
        for p in points
    )
    return {
        "what": "micrOMEGAs sigma v (chi chi~ -> X Y at v -> 0, per final state) and Omega h^2 from "
        "(a) the CalcHEP generator's model files and (b) LanHEP's CalcHEP output of the generated "
        "model.lhp, at the issue's five points (Mphi = Ma, other parameters at their defaults)",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "tools": {**versions, "lanhep": lanhep_version(lhep), "alpseesaw": __version__},
        "model_hash": ir.hash,
        "judged_rtol": JUDGED_RTOL,
        "max_rel_diff": worst,
        "points": points,
    }


def latest_record() -> dict[str, Any] | None:
    files = sorted(RECORDS.glob("lanhep_vs_calchep_*.json"))
    return json.loads(files[-1].read_text()) if files else None


def _tools() -> tuple[Path, Path]:
    try:
        return locate_micromegas(), find_lhep()
    except ToolRunError as exc:
        pytest.skip(f"micrOMEGAs or LanHEP not available: {exc.reason}")


@pytest.fixture(scope="module")
def comparison(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    mo, lhep = _tools()
    return compare_routes(mo, lhep, tmp_path_factory.mktemp("mo-cache"))


def test_lanhep_route_agrees_with_the_calchep_route_to_0p1_percent(comparison) -> None:
    # the criterion: every reported sigma v and Omega h^2 within 0.1 %
    for p in comparison["points"]:
        d = p["rel_diff"]
        assert d["omega_h2"] < JUDGED_RTOL, p["card"]
        assert d["sigmav_all_pairs_cm3_s"] < JUDGED_RTOL, p["card"]
        for key, x in d["sigmav_cm3_s"].items():
            assert x < JUDGED_RTOL, (p["card"], key)
        # the comparison is not vacuous: the channels the points are about are open
        assert p["calchep"]["sigmav_cm3_s"]["A A"] > 0
        assert p["calchep"]["sigmav_cm3_s"]["m M"] > 0
        assert math.isfinite(p["calchep"]["omega_h2"])
        assert p["calchep"]["omega_h2"] > 0


def test_the_committed_record_is_reproduced(comparison) -> None:
    record = latest_record()
    assert record is not None, f"no record in {RECORDS}"
    assert [p["card"] for p in record["points"]] == [p["card"] for p in comparison["points"]]
    for old, new in zip(record["points"], comparison["points"], strict=True):
        for route in ("calchep", "lanhep"):
            assert new[route]["omega_h2"] == pytest.approx(old[route]["omega_h2"], rel=RECORD_RTOL)
            for key, value in old[route]["sigmav_cm3_s"].items():
                assert new[route]["sigmav_cm3_s"][key] == pytest.approx(
                    value, rel=RECORD_RTOL, abs=1e-60
                )
    assert record["max_rel_diff"] < JUDGED_RTOL


if __name__ == "__main__":  # write a new record
    mo_dir, lhep_exe = locate_micromegas(), find_lhep()
    with tempfile.TemporaryDirectory(prefix="alpseesaw-lanhep-record-") as tmp:
        rec = compare_routes(mo_dir, lhep_exe, Path(tmp))
    target = RECORDS / f"lanhep_vs_calchep_{rec['date']}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".json.tmp")
    partial.write_text(json.dumps(rec, indent=1, sort_keys=False) + "\n")
    partial.replace(target)
