"""The model's generated micrOMEGAs main at the kinds of points that used to fail (issue 11, item 6).

Found by the random sweep of validation/sweep_micromegas_main.py (record in validation/records/):

* the issue's point (Mchi = 3000, Ma = 2000, Mphi = 2500): chi chi~ -> a a is p-wave, CalcHEP's
  sqme flags the v = 0 sum of squared diagrams as cancelling within round-off (err = 1) and main
  stopped; now 0, named in ``sigmav_zero_within_roundoff``;
* the same cancellation passing CalcHEP's check as a small negative number (-4e-41 cm^3/s beside
  channels of 1e-33): 0 and named, not an unreadable negative cross section;
* no thermal equilibrium (Cgg = Cmm = 0, a and phi heavier than chi: every channel is closed or
  forbidden): darkOmega's error 64; main solves from Y = Yeq at x = 1 (darkOmegaTR), and with
  annihilation this weak the abundance stays Yeq(x = 1);
* Ma = 2 Mchi exactly with every ALP coupling zero (the ALP's width is that of a -> nu nu only).

Markers micromegas and slow: the first point compiles the model's matrix elements (about a minute).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alpseesaw.errors import ToolRunError
from alpseesaw.generators import generate_files
from alpseesaw.generators.base import write_tree
from alpseesaw.model import load_values
from alpseesaw.physics.relic import y_eq
from alpseesaw.runners import build_project, locate_micromegas
from alpseesaw.runners.local import LocalRunner
from alpseesaw.runners.micromegas import format_parfile, interpret_run
from alpseesaw.runners.parsers import MicromegasResult
from alpseesaw.runners.spec import RunSpec
from alpseesaw.validation.project import project_variables, tool_values

pytestmark = [pytest.mark.micromegas, pytest.mark.slow]

#: micrOMEGAs' Omega h^2 = OMEGA_PER_Y x (Mchi / GeV) x Y (darkOmega, omega.c)
OMEGA_PER_Y = 2.742e8


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        mo_dir = locate_micromegas()
    except ToolRunError as exc:
        pytest.skip(f"micrOMEGAs not available: {exc.reason}")
    files, _ = generate_files("micromegas")
    root = write_tree(files, tmp_path_factory.mktemp("model") / "project")
    build_project(root, mo_dir, cache_dir=tmp_path_factory.mktemp("cache"))
    return root


def _run(project: Path, card: dict[str, float]) -> MicromegasResult:
    values = tool_values(load_values(overrides=card), project_variables(project))
    par = project / "point.par"
    par.write_text(format_parfile(values))
    spec = RunSpec(tool="micromegas", argv=("./main", par.name), workdir=project, timeout_s=1800)
    return interpret_run(LocalRunner().run(spec))


def test_issue_point_p_wave_channel_is_zero(project: Path) -> None:
    r = _run(project, {"Mchi": 3000.0, "Ma": 2000.0, "Mphi": 2500.0})
    assert r.sigmav_cm3_s["ax ax"] == 0.0
    assert r.raw["sigmav_zero_within_roundoff"] == ["ax ax"]
    assert r.sigmav_cm3_s["phi ax"] > 1e3 * r.sigmav_cm3_s["A A"] > 0  # s-wave, open
    assert r.raw["darkOmega"]["method"] == "darkOmega"
    assert {c.final for c in r.omega_channels[:2]} == {("phi", "ax"), ("phi", "phi")}


def test_negative_round_off_is_zero(project: Path) -> None:
    card = {"Mchi": 3167.0, "Ma": 1476.0, "Mphi": 6608.0, "fa": 1803.0, "Cgg": -0.01746,
            "Cmm": 0.7626, "MN11": 6280.0}  # fmt: skip
    r = _run(project, card)
    assert r.sigmav_cm3_s["ax ax"] == 0.0
    assert "ax ax" in r.raw["sigmav_zero_within_roundoff"]
    assert r.omega_channels[0].final == ("ax", "ax")  # p-wave at v = 0, dominant at freeze-out


def test_no_thermal_equilibrium_starts_from_equilibrium_at_x_1(project: Path) -> None:
    mchi = 4163.0
    card = {"Mchi": mchi, "Ma": 11860.0, "Mphi": 12420.0, "fa": 41300.0, "Cgg": 0.0, "Cmm": 0.0,
            "MN11": 77100.0}  # fmt: skip
    r = _run(project, card)
    assert r.raw["darkOmega"] == {
        "fast": 1,
        "Beps": 1e-5,
        "method": "darkOmegaTR",
        "darkOmega_error": 64,
        "start_x": 1,
    }
    frozen = OMEGA_PER_Y * mchi * float(y_eq(1.0, mchi, 4.0))  # g = 4: chi and chi~, two spins
    assert r.omega_h2 == pytest.approx(frozen, rel=0.02)
    assert 1 < r.xf < 5


def test_alp_pole_with_no_alp_couplings(project: Path) -> None:
    r = _run(project, {"Mchi": 1000.0, "Ma": 2000.0, "Cgg": 0.0, "Cmm": 0.0})
    assert r.omega_h2 > 0
    assert r.sigmav_cm3_s["A A"] == 0.0
