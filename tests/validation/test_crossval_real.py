"""A three-point campaign with the real micrOMEGAs 6.0 (markers ``micromegas`` and ``slow``).

The model's project is generated from the default card and built against $MICROMEGAS_DIR; its
first point compiles every chi chi~ process (30-60 s). The points lie in the simple picture
(Ma = 3.2-3.6 Mchi, narrow ALP, heavy neutrinos out of reach), where the Boltzmann solver must
agree with micrOMEGAs within the stated 5 % (measured: 0.1 %).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from alpseesaw.errors import ToolRunError
from alpseesaw.model.inputs import parameter_set
from alpseesaw.runners import locate_micromegas
from alpseesaw.validation import campaign as cv
from alpseesaw.validation.sampling import parse_region
from alpseesaw.validation.verdicts import Tolerances

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [pytest.mark.micromegas, pytest.mark.slow]

REGION = [
    "Mchi=300:2000",
    "Ma/Mchi=3.2:3.6",
    "Mphi/Mchi=3",
    "fa/Mchi=2:3",
    "sigmav_gg=1e-28:1e-27",
    "mumu_frac=0.1:0.5",
]


def test_three_simple_points_agree_within_tolerance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        locate_micromegas()
    except ToolRunError as exc:
        pytest.skip(f"micrOMEGAs not available: {exc.reason}")
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))
    known = [p.name for p in parameter_set().externals]
    config = cv.CampaignConfig(
        n_points=3, benchmarks=False, families=cv.user_family(parse_region(REGION, known))
    )
    res = cv.run_campaign(config, tmp_path / "camp", cv.SerialExecutor())
    assert res.computed == 3
    summary = res.summary
    assert summary["counts"]["pass"] == 3, summary["points"]
    tol = Tolerances()
    stats = summary["agreement"]["swave"]
    # stated tolerances (verdicts.Tolerances): Omega 5 %, x_f 2 %, sigma v 0.5 % after 1 + w
    assert stats["omega_boltzmann_over_micromegas"]["max_abs_deviation"] <= tol.omega
    assert stats["xf_boltzmann_over_micromegas"]["max_abs_deviation"] <= tol.xf
    assert stats["sigmav_gamma_gamma_corrected"]["max_abs_deviation"] <= tol.sigmav
    assert stats["sigmav_mu_mu_corrected"]["max_abs_deviation"] <= tol.sigmav
    assert summary["tools"] == [{"micromegas": "6.0", "calchep": summary["tools"][0]["calchep"]}]
