"""A short campaign with the real micrOMEGAs 6.0 (markers ``micromegas`` and ``slow``).

The model's project is generated from the default card and built against $MICROMEGAS_DIR; its
first point compiles every chi chi~ process (minutes with every final state). Four random points
of the whole box (seeded): the complete built-in calculation must agree with darkOmega (fast = 0)
within the stated 2 % in Omega h^2 and 2 points of the shares of 1/Omega (measured on 300 points:
validation/records/crossval_box_*.json).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from alpseesaw.errors import ToolRunError
from alpseesaw.runners import locate_micromegas
from alpseesaw.validation import campaign as cv
from alpseesaw.validation.verdicts import Tolerances

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [pytest.mark.micromegas, pytest.mark.slow]


def test_random_box_points_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        locate_micromegas()
    except ToolRunError as exc:
        pytest.skip(f"micrOMEGAs not available: {exc.reason}")
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))
    config = cv.CampaignConfig(n_points=4, benchmarks=False, seed=5)
    res = cv.run_campaign(config, tmp_path / "camp", cv.SerialExecutor())
    assert res.computed == 4
    verdicts = res.summary["verdicts"]
    assert verdicts["by_status"] == {"agree": 4}, res.summary["disagreements"]
    tol = Tolerances()
    assert verdicts["omega_ratio"]["max_abs_dev"] <= tol.omega
    assert verdicts["max_share_delta"] <= tol.share
    assert res.summary["tools"] == [
        {"micromegas": "6.0", "calchep": res.summary["tools"][0]["calchep"]}
    ]
    # the one disagreement of the 339-point record that no convention explains (box-057 of seed
    # 11: <sigma v> falls by 1e3 through freeze-out, the phi pole's tail cut by darkOmega's
    # sqrt(s) limit): with micrOMEGAs' own <sigma v>(T) the built-in solver gives the built-in's
    # Omega, so the 3.3 % is darkOmega's solution of the equation
    from alpseesaw.runners.micromegas import MicromegasProject
    from alpseesaw.validation.verdicts import judge

    planned = {p.label: p for p in cv.plan_campaign(cv.CampaignConfig(n_points=330, seed=11))}
    task, values = cv.make_task(planned["box-057"])
    project = MicromegasProject(tmp_path / "camp" / "project")
    task = cv.PointTask(task.key, task.label, task.family, task.inputs, task.externals,
                        project.point_values(values))  # fmt: skip
    record = cv.compute_record(project, task)
    verdict = judge(record)
    assert (verdict.status, verdict.cause) == ("explained", "darkomega-solver"), verdict.message
    assert abs(verdict.physical.omega_ratio - 1) > tol.omega  # it is a disagreement
