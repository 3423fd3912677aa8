"""The same micrOMEGAs JSON in a container as locally (markers ``container``, ``micromegas``).

The model's generated project is built twice, locally against ``MICROMEGAS_DIR`` and in the tool
image (``alpseesaw image build``), and both compute the campaign design's benchmark points and
four sampled points (15 points: s-wave, the paper's shapes, both sides of the a pole, a a open,
heavy neutrinos). Every field of main's JSON line except the timings and the PARFILE's scratch
name must be identical, Omega h^2 and sigma v per channel included: bit for bit, since both
sides compile micrOMEGAs 6.0 with the same Debian 12 gcc 12.2 and run the same code; a
difference would mean a different tool, not noise.

``python tests/runners/test_container_vs_local.py`` writes the record
``validation/records/container_vs_local_<date>.json`` (engine version, image, points, numbers).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from alpseesaw import __version__
from alpseesaw.emit import generate_files
from alpseesaw.errors import ToolRunError
from alpseesaw.files import write_files
from alpseesaw.runners import (
    ContainerRunner,
    LocalRunner,
    MicromegasProject,
    build_project,
    locate_micromegas,
)
from alpseesaw.validation import campaign as cv

pytestmark = [pytest.mark.container, pytest.mark.micromegas, pytest.mark.slow]

RECORDS = Path(__file__).resolve().parents[2] / "validation" / "records"
#: Fields of main's JSON that legitimately differ between two runs.
VOLATILE = ("timing_s", "parfile")


def design_points() -> list[tuple[str, dict[str, float]]]:
    """(label, card values) of the compared points: the benchmarks and 4 sampled points."""
    planned = cv.plan_campaign(cv.CampaignConfig(n_points=4, seed=0))
    return [(p.label, cv.make_task(p)[1]) for p in planned]


def stable(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k not in VOLATILE}


def compare(micromegas_dir: Path, image: str, work: Path) -> dict[str, Any]:
    """Build both, run every point on both; the record."""
    files, _ = generate_files("micromegas", None)
    points = design_points()
    sides: dict[str, Any] = {}
    runners = {"local": LocalRunner(), "container": ContainerRunner(image, warm=True)}
    try:
        for side, runner in runners.items():
            project = write_files(files, work / side)
            t0 = time.perf_counter()
            build_project(
                project,
                micromegas_dir if side == "local" else None,
                runner=runner,
                cache_dir=work / "cache",
            )
            build_s = time.perf_counter() - t0
            calc = MicromegasProject(project, runner, timeout_s=600.0)
            raws, seconds = [], []
            for _, values in points:
                t1 = time.perf_counter()
                raws.append(dict(calc.run_point(calc.point_values(values)).raw))
                seconds.append(time.perf_counter() - t1)
            sides[side] = {
                "identity": runner.identity(),
                "build_s": build_s,
                "raw": raws,
                "seconds": seconds,
            }
    finally:
        runners["container"].close()
    engine = runners["container"].client.version()
    rows = []
    for i, (label, values) in enumerate(points):
        loc, con = sides["local"]["raw"][i], sides["container"]["raw"][i]
        rows.append({
            "label": label,
            "card": {k: float(complex(values[k]).real) for k in ("Mchi", "Ma", "Mphi", "fa", "Cgg", "Cmm")},
            "identical": stable(loc) == stable(con),
            "local": {"omega_h2": loc["omega_h2"], "sigmav_cm3_s": loc["sigmav_cm3_s"],
                      "seconds": sides["local"]["seconds"][i]},
            "container": {"omega_h2": con["omega_h2"], "sigmav_cm3_s": con["sigmav_cm3_s"],
                          "seconds": sides["container"]["seconds"][i]},
            "differences": sorted(k for k in set(stable(loc)) | set(stable(con))
                                  if loc.get(k) != con.get(k)),
        })  # fmt: skip
    return {
        "what": "micrOMEGAs main's JSON (Omega h^2, sigma v per channel, everything but timings) "
        "from the model's project built and run locally and in the tool image (warm container)",
        "date": dt.datetime.now(dt.UTC).date().isoformat(),
        "engine": {"version": engine.get("Version"), "api": engine.get("ApiVersion"),
                   "os": engine.get("Os"), "kernel": engine.get("KernelVersion")},
        "image": {"tag": image, "id": sides["container"]["identity"].removeprefix("container:")},
        "tools": {"micromegas": sides["local"]["raw"][0]["micromegas_version"],
                  "calchep": sides["local"]["raw"][0]["calchep_version"],
                  "alpseesaw": __version__, "python": platform.python_version()},
        "load_average": list(os.getloadavg()),
        "build_s": {side: sides[side]["build_s"] for side in sides},
        "n_points": len(rows),
        "all_identical": all(r["identical"] for r in rows),
        "points": rows,
    }  # fmt: skip


@pytest.fixture(scope="module")
def record(tool_image: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    try:
        micromegas_dir = locate_micromegas()
    except ToolRunError as exc:
        pytest.skip(f"no local micrOMEGAs to compare with: {exc.reason}")
    return compare(micromegas_dir, tool_image, tmp_path_factory.mktemp("vs-local"))


@pytest.mark.usefixtures("no_leftovers")
def test_container_and_local_give_the_same_json(
    record: dict[str, Any], record_property: Any
) -> None:
    record_property("points", record["n_points"])
    record_property("identical", sum(r["identical"] for r in record["points"]))
    assert record["n_points"] >= 10
    for row in record["points"]:
        assert row["differences"] == [], row["label"]
        assert row["local"]["omega_h2"] == row["container"]["omega_h2"]
        assert row["local"]["sigmav_cm3_s"] == row["container"]["sigmav_cm3_s"]
    # not vacuous: the points differ from each other and open channels
    assert len({r["local"]["omega_h2"] for r in record["points"]}) == record["n_points"]
    assert any(v > 0 for r in record["points"] for v in r["local"]["sigmav_cm3_s"].values())


def test_the_committed_record_shows_the_same(record: dict[str, Any]) -> None:
    files = sorted(RECORDS.glob("container_vs_local_*.json"))
    assert files, f"no record in {RECORDS}"
    old = json.loads(files[-1].read_text())
    assert old["all_identical"]
    assert [p["label"] for p in old["points"]] == [p["label"] for p in record["points"]]


if __name__ == "__main__":  # write a new record
    from alpseesaw.runners.container import connect

    image = sys.argv[1] if len(sys.argv) > 1 else "alpseesaw/micromegas:6.0"
    connect().ping()
    with tempfile.TemporaryDirectory(prefix="alpseesaw-vs-local-") as tmp:
        os.environ["ALPSEESAW_CACHE_DIR"] = str(Path(tmp) / "cache")
        rec = compare(locate_micromegas(), image, Path(tmp))
    target = RECORDS / f"container_vs_local_{rec['date']}.json"
    partial = target.with_suffix(".json.tmp")
    partial.write_text(json.dumps(rec, indent=1) + "\n")
    partial.replace(target)
    sys.stdout.write(
        f"wrote {target}: {rec['n_points']} points, all identical: {rec['all_identical']}\n"
    )
