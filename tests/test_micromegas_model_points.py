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

import json
from pathlib import Path

import pytest

from alpseesaw.emit import generate_files
from alpseesaw.errors import ToolRunError
from alpseesaw.files import write_tree
from alpseesaw.model import load_values
from alpseesaw.physics.relic import y_eq
from alpseesaw.runners import MicromegasProject, build_project, locate_micromegas
from alpseesaw.runners.local import LocalRunner
from alpseesaw.runners.micromegas import format_parfile, interpret_run
from alpseesaw.runners.parsers import MicromegasResult
from alpseesaw.runners.spec import RunSpec

pytestmark = [pytest.mark.micromegas, pytest.mark.slow]

#: micrOMEGAs' Omega h^2 = OMEGA_PER_Y x (Mchi / GeV) x Y (darkOmega, omega.c)
OMEGA_PER_Y = 2.742e8
#: Cgg = Cmm = 0, a and phi heavier than chi: every channel closed or forbidden
NO_EQUILIBRIUM = {"Mchi": 4163.0, "Ma": 11860.0, "Mphi": 12420.0, "fa": 41300.0, "Cgg": 0.0,
                  "Cmm": 0.0, "MN11": 77100.0}  # fmt: skip


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
    points = MicromegasProject(project, timeout_s=1800)
    return points.run_point(points.point_values(load_values(overrides=card)))


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
    mchi = NO_EQUILIBRIUM["Mchi"]
    r = _run(project, NO_EQUILIBRIUM)
    assert r.raw["darkOmega"] == {
        "fast": 1,
        "Beps": 1e-5,
        "method": "darkOmegaTR",
        "darkOmega_error": 64,
        "VWdecay": 1,
        "VZdecay": 1,
        "start_x": 1,
    }
    frozen = OMEGA_PER_Y * mchi * float(y_eq(1.0, mchi, 4.0))  # g = 4: chi and chi~, two spins
    assert r.omega_h2 == pytest.approx(frozen, rel=0.02)
    assert 1 < r.xf < 5


def test_alp_pole_with_no_alp_couplings(project: Path) -> None:
    r = _run(project, {"Mchi": 1000.0, "Ma": 2000.0, "Cgg": 0.0, "Cmm": 0.0})
    assert r.omega_h2 > 0
    assert r.sigmav_cm3_s["A A"] == 0.0


# ---------------------------------------------------------------- the modes of main (issue 11)


def _run_argv(project: Path, card: dict[str, float], *options: str) -> dict:
    points = MicromegasProject(project)
    values = points.parfile_values(points.point_values(load_values(overrides=card)))
    par = project / "point.par"
    par.write_text(format_parfile(values))
    spec = RunSpec(
        tool="micromegas", argv=("./main", *options, par.name), workdir=project, timeout_s=1800
    )
    return dict(interpret_run(LocalRunner().run(spec)).raw)


def test_sigma_thermal_and_all_final_states_agree_with_sigma_v(project: Path) -> None:
    mchi = 1000.0
    rs = 2 * mchi * (1 + 2e-7)  # P = 0.63 GeV: sigma v(P) = sigma v(0) for s-wave channels
    card = {"Mchi": mchi, "Ma": 1100.0, "Mphi": 1100.0, "Cglu": 1.0}
    obj = _run_argv(project, card, "--all-final-states", f"--sqrt-s={rs!r}", "--temperatures=20,50")
    assert len(obj["sigmav_cm3_s"]) == 48
    assert obj["final_states"]["m M"] == {"process": "~chi,~Chi->m,M", "model_name": "mu- mu+"}
    pcm = ((rs / 2) ** 2 - mchi**2) ** 0.5
    v_rel = 4 * pcm / rs  # chi and chi~ with momentum P each, in the centre of mass
    sig = obj["sigma_sqrt_s"]["sigma_pb"]
    pb_c = 2.99792458e-26
    for key in ("m M", "A A"):  # no alpha_s: cs22 and vcs22 agree
        assert sig[key][0] * v_rel * pb_c == pytest.approx(obj["sigmav_cm3_s"][key], rel=1e-4)
    # g g: vcs22 uses GG = 1.23 (alpha_s = 0.1204), cs22 alpha_s(2 Mchi / 3), squared
    alpha_fixed = 1.23**2 / (4 * 3.141592653589793)
    ratio = sig["G G"][0] * v_rel * pb_c / obj["sigmav_cm3_s"]["G G"]
    assert ratio == pytest.approx((obj["sigma_sqrt_s"]["alpha_s"] / alpha_fixed) ** 2, rel=1e-4)
    assert ratio < 0.8
    th = obj["thermal"]
    total = [sum(ch[j] for ch in th["vSigmaA_channels_cm3_s"].values()) for j in range(2)]
    assert total == pytest.approx(th["vSigmaA_cm3_s"], rel=1e-9)
    for j in range(2):  # vSigmaA averages over all pairs: half the chi chi~ average
        a_a = th["vSigmaA_channels_cm3_s"]["A A"][j]
        assert th["vSigmaCC_cm3_s"]["A A"][j] == pytest.approx(2 * a_a, rel=1e-3)


def test_loop_gives_the_relic_of_single_runs(project: Path) -> None:
    cards = [
        {"Mchi": 3000.0, "Ma": 2000.0, "Mphi": 2500.0},
        {"Mchi": 500.0, "Ma": 1100.0, "Mphi": 3000.0, "Cmm": -1e4},
        NO_EQUILIBRIUM,
    ]
    points = MicromegasProject(project)
    rows = [points.parfile_values(points.point_values(load_values(overrides=c))) for c in cards]
    names = sorted(rows[0])
    pts = project / "points.txt"
    pts.write_text(
        " ".join(names) + "\n" + "".join(" ".join(repr(r[n]) for n in names) + "\n" for r in rows)
    )
    spec = RunSpec(
        tool="micromegas",
        argv=("./main", "--loop", "--fast=0", pts.name),
        workdir=project,
        timeout_s=1800,
    )
    loop = json.loads(LocalRunner().run(spec).stdout)
    assert loop["n_points"] == 3
    assert loop["errors"] == [None, None, None]
    assert loop["method"] == ["darkOmega", "darkOmega", "darkOmegaTR"]
    for card, omega, xf in zip(cards, loop["omega_h2"], loop["xf"], strict=True):
        single = _run_argv(project, card, "--fast=0")
        assert omega == pytest.approx(single["omega_h2"], rel=1e-9)
        assert xf == pytest.approx(single["xf"], rel=1e-9)


# ---------------------------------------------------------------- facts of docs/micromegas.md 6


def test_auto_widths_are_the_irs_two_body_widths_plus_virtual_w_z(project: Path) -> None:
    from alpseesaw.model import build_model
    from alpseesaw.model import widths as widthlib
    from alpseesaw.model.toolnames import tool_names

    ir = build_model()
    names = tool_names(ir).calchep
    card = {
        "Mchi": 1000.0,
        "Ma": 250.0,
        "Mphi": 600.0,
        "sth": 0.3,
    }  # phi -> W W, Z Z, h h, a a, t t~
    values = load_values(overrides=card)
    on, off = (_run_argv(project, card, f"--vv-decays={vv}")["decays"] for vv in (1, 0))
    for key in ("a", "phi", "h"):
        ir_partial = {
            frozenset((names[pw.products[0]], names[pw.products[1]])): w
            for pw in widthlib.two_body_widths(ir, key)
            if (w := widthlib.evaluate_width(ir, pw, values)) > 0
        }
        assert off[key]["width_GeV"] == pytest.approx(sum(ir_partial.values()), rel=1e-5)
        for channel, br in off[key]["branchings"].items():
            assert br * off[key]["width_GeV"] == pytest.approx(
                ir_partial[frozenset(channel.split(","))], rel=1e-4
            )
    assert on["phi"]["width_GeV"] == pytest.approx(off["phi"]["width_GeV"], rel=1e-9)  # V V open
    assert on["h"]["width_GeV"] / off["h"]["width_GeV"] == pytest.approx(
        1.195, abs=0.002
    )  # h -> W W*


def test_omega_channel_shares_are_shares_of_the_integral_below_tf(project: Path) -> None:
    import numpy as np

    from alpseesaw.physics.relic import dof_table

    card = {"Mchi": 3000.0, "Ma": 2000.0, "Mphi": 2500.0}
    base = _run_argv(project, card, "--fast=0")
    temps = base["dm"]["mass_GeV"] / base["xf"] * np.geomspace(1.0, 1e-3, 41)
    arg = ",".join(repr(float(t)) for t in temps)
    th = _run_argv(project, card, "--fast=0", f"--temperatures={arg}")["thermal"]
    w = dof_table().g_star_sqrt(temps) * temps
    integral = {
        k: -np.trapezoid(np.asarray(v) * w, np.log(temps))
        for k, v in th["vSigmaA_channels_cm3_s"].items()
    }
    total = sum(integral.values())
    for ch in base["omega_channels"][:3]:  # phi a, phi phi (p-wave), a a (p-wave)
        key = " ".join(ch["out"])
        assert ch["fraction"] == pytest.approx(integral[key] / total, rel=0.01)
    at_xf = th["vSigmaA_channels_cm3_s"]["phi phi"][0] / th["vSigmaA_cm3_s"][0]
    assert at_xf > 1.5 * next(
        c["fraction"] for c in base["omega_channels"] if c["out"] == ["phi", "phi"]
    )
