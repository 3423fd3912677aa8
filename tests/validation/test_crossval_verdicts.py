"""Verdicts: classification of points and judgement against the stated tolerances."""

from __future__ import annotations

import math
from typing import Any

import pytest

from alpseesaw.physics.annihilation import (
    DarkSectorInputs,
    alp_width,
    paper_sigma_v_gamma_gamma,
    sigma_v_zero,
)
from alpseesaw.physics.constants import GEV2_TO_CM3_S
from alpseesaw.validation.verdicts import Tolerances, classify, judge, width_term

HEAVY = {"Mnh1": 5000.0, "Mnh2": 5000.0, "Mnh3": 10000.0, "Mnh4": 10000.0}


def record(
    mchi: float = 1000.0,
    ma: float = 3500.0,
    mphi: float = 3500.0,
    width: float = 1.0,
    omega_mo: float = 1.0,
    omega_b: float = 1.0,
    omega_fo: float = 1.5,
    channels: list[list[Any]] | None = None,
    **inputs: float,
) -> dict[str, Any]:
    """A finished point as the campaign stores it (numbers chosen by the test)."""
    return {
        "key": "k",
        "label": "p",
        "status": "ok",
        "inputs": {"Mchi": mchi, "Ma": ma, "Mphi": mphi, "MH": 125.0, "Cgg": 10.0, "Cmm": -100.0,
                   "sth": 0.0, **HEAVY, **inputs},
        "micromegas": {"omega_h2": omega_mo, "xf": 25.0,
                       "sigmav_cm3_s": {"A A": 1e-27, "m M": 2e-28},
                       "omega_channels": channels if channels is not None else [["A A", 0.8], ["m M", 0.2]]},
        "boltzmann": {"omega_h2": omega_b, "xf": 25.1,
                      "sigmav_cm3_s": {"gamma gamma": 1e-27, "mu+ mu-": 2e-28}},
        "freeze_out": {"omega_h2": omega_fo, "xf": 23.0},
        "builtin": {"alp_width_GeV": width},
    }  # fmt: skip


def test_simple_point_passes_and_fails_at_five_percent() -> None:
    v = judge(record(omega_b=1.04))
    assert v.verdict == "pass"
    assert v.classification is not None
    assert v.classification.category == "swave"
    assert v.freeze_out == "not judged"  # Omega = 1 is outside the window 0.03-0.5
    assert judge(record(omega_b=1.06)).verdict == "fail"
    assert judge(record(omega_b=0.94)).verdict == "fail"
    failed = judge(record(omega_b=1.0)).to_json()
    assert {c["name"] for c in failed["checks"]} == {
        "omega_boltzmann", "xf_boltzmann", "sigmav gamma gamma", "sigmav mu+ mu-"}


def test_freeze_out_judged_inside_its_window() -> None:
    tol = Tolerances()
    assert judge(record(omega_mo=0.1, omega_b=0.1, omega_fo=0.14), tol).freeze_out == "pass"
    assert judge(record(omega_mo=0.1, omega_b=0.1, omega_fo=0.16), tol).freeze_out == "fail"
    # the freeze-out estimate never decides the verdict of the tool comparison
    assert judge(record(omega_mo=0.1, omega_b=0.1, omega_fo=0.16), tol).verdict == "pass"


def test_paper_shape_is_flagged_for_forbidden_channels() -> None:
    # Ma = Mphi = 1.1 Mchi: a a, a phi, phi phi at 2.2 Mchi; exp(-25 x 0.2) = 7e-3 > 1e-6
    c = classify(record(ma=1100.0, mphi=1100.0, width=1.0))
    assert c.category == "flagged"
    assert c.tags == ("forbidden",)
    assert "a a" in c.reasons[0]
    assert judge(record(ma=1100.0, mphi=1100.0, omega_b=1.5)).verdict == "flagged"


def test_resonance_window() -> None:
    # T_f = 40 GeV: pole 200 GeV above threshold is within 15 T_f; 800 GeV is not
    assert "resonance" in classify(record(ma=2200.0, width=1.0)).tags
    assert "resonance" not in classify(record(ma=2800.0, width=1.0)).tags
    # below threshold: within 2.7 widths only
    assert "resonance" in classify(record(ma=1990.0, width=5.0)).tags
    assert "resonance" not in classify(record(ma=1950.0, width=5.0)).tags


def test_broad_alp_is_flagged() -> None:
    w = width_term(1000.0, 3500.0, 500.0)
    assert w == pytest.approx((3500.0 * 500.0 / (4e6 - 3500.0**2)) ** 2)
    c = classify(record(width=500.0))
    assert w > 0.02
    assert c.tags == ("broad",)


def test_heavy_neutrinos_open_and_thermally_accessible() -> None:
    assert classify(record(mchi=6000.0, ma=20000.0, mphi=20000.0)).tags == ("heavy-neutrino",)
    # 2 M_N = 10 TeV, 2 Mchi = 8 TeV: exp(-25 x 2000/4000) = 4e-6 > 1e-6
    assert classify(record(mchi=4000.0, ma=14000.0, mphi=14000.0)).tags == ("heavy-neutrino",)
    assert classify(record(mchi=3000.0, ma=10500.0, mphi=10500.0)).category == "swave"


def test_micromegas_channels_confirm_the_classification() -> None:
    channels = [["A A", 0.9], ["N1 N1", 0.05], ["nu1 N2", 0.05]]
    c = classify(record(channels=channels))
    assert c.tags == ("micromegas-channels",)
    assert c.other_fraction == pytest.approx(0.10)
    assert "N1 N1 5%" in c.reasons[0]
    small = [["A A", 0.995], ["N1 N1", 0.005]]
    assert classify(record(channels=small)).category == "swave"
    # a coupled electron makes e E a built-in channel
    assert classify(record(channels=[["A A", 0.5], ["e E", 0.5]], Cee=3.0)).category == "swave"
    assert classify(record(channels=[["A A", 0.5], ["e E", 0.5]])).category == "flagged"


def test_mixing_is_flagged() -> None:
    assert classify(record(sth=0.1)).tags == ("mixing",)


def test_error_record() -> None:
    v = judge({"key": "k", "status": "error", "error": "micromegas: exited with status 3"})
    assert v.verdict == "error"
    assert "status 3" in v.error
    assert v.to_json()["category"] is None


def test_width_term_is_the_difference_of_the_width_conventions() -> None:
    # source: CalcHEP drops an s-channel width outside 2.7 widths (docs/micromegas.md), i.e. at
    # v -> 0 it uses the narrow eq (3.10); the built-in keeps Ma Gamma_a in the propagator:
    # built-in x (1 + w) = eq (3.10) exactly (1e-12) for a broad ALP far from its pole
    inp = DarkSectorInputs(mchi=1000.0, ma=3300.0, fa=2500.0, cgg=3000.0, mphi=3300.0)
    width = alp_width(inp)
    w = width_term(inp.mchi, inp.ma, width)
    assert w > 1e-3
    ours = sigma_v_zero(inp)["gamma gamma"]
    narrow = paper_sigma_v_gamma_gamma(inp.mchi, inp.ma, inp.fa, inp.cgg, inp.alpha) * GEV2_TO_CM3_S
    assert ours * (1 + w) == pytest.approx(narrow, rel=1e-12)
    assert math.isinf(width_term(1000.0, 2000.0, 1.0))


def test_width_factor_follows_calchep_bwrange() -> None:
    # source: CalcHEP_src/c_source/num/sqme_aux.c (prepDen), BWrange = 2.7 (docs/micromegas.md):
    # narrow ALP far from its pole: 1 + w; within 2.7 widths: both keep the width (1); continuous
    from alpseesaw.validation.verdicts import width_factor

    assert width_factor(0.05) == pytest.approx(1.05, rel=1e-15)
    assert width_factor(0.5) == 1.0
    r2 = 2.7**2
    for edge in (1 / (r2 + 1), 1 / r2):
        assert width_factor(edge * (1 - 1e-12)) == pytest.approx(width_factor(edge * (1 + 1e-12)), rel=1e-9)
    assert width_factor(math.inf) == 1.0
