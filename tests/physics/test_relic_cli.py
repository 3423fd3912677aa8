"""CLI: alpseesaw relic / g2 (JSON shape, errors) through click's CliRunner."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from alpseesaw.cli import main
from alpseesaw.physics.g2 import diagrams, f_ps


def test_relic_json_has_the_documented_keys() -> None:
    res = CliRunner().invoke(
        main,
        [
            "relic",
            "--method",
            "freeze-out",
            "--json",
            "--set",
            "Mchi=50000",
            "--set",
            "Cgg=10",
            "--cut",
            "0",
            "--set",
            "Ma=55000",
            "--set",
            "Mphi=55000",
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert set(doc) == {"omega_h2", "xf", "omega_h2_freeze_out", "sigmav_cm3_s", "shares", "sigmav_xf_cm3_s",
                        "widths_gev", "warnings", "method", "conventions"}  # fmt: skip
    assert set(doc["sigmav_cm3_s"]) >= {"A A", "mu- mu+"}
    assert doc["method"] == "freeze-out"
    # the paper's approximation: Omega h^2 = 0.12 * 2.6e-26 / (sum sigma v / 2), every listed channel
    total = sum(doc["sigmav_cm3_s"].values())
    assert doc["omega_h2"] == pytest.approx(0.12 * 2.6e-26 / (total / 2), rel=1e-3, abs=0)


def test_relic_boltzmann_and_bad_input() -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["relic", "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["method"] == "boltzmann"
    # the default card is a relic point (issue 11): Omega h^2 = 0.120, 98 % gamma gamma
    assert doc["omega_h2"] == pytest.approx(0.120, abs=0.003)
    assert doc["shares"]["A A"] > 0.95
    bad = runner.invoke(main, ["relic", "--set", "Mchi=-5"])
    assert bad.exit_code == 2
    assert "Mchi" in bad.output


def test_g2_json() -> None:
    res = CliRunner().invoke(main, ["g2", "--json", "--set", "Cgg=400", "--set", "Ma=1e5"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    d = doc["diagrams"]
    assert doc["delta_a_mu"] == pytest.approx(d["a"] + d["b"] + d["c"])
    assert doc["cgg_yukawa"] == pytest.approx(400 - 200)  # Cgg + 2 Cmm with the default Cmm = -100
    # the photons of g-2 are at q^2 = 0: (c) = alpha(0)/(8 pi^3) g_mu^2 f_PS(mmu^2/ma^2), g_mu = 2 mmu Cmm/fa,
    # alpha(0) = 1/137.035999084 (with alpha(MZ) (b) and (c) were 1.071 times larger)
    mmu, g_mu = 0.10566, 2 * 0.10566 * -100.0 / 1e4
    assert d["c"] == pytest.approx(
        g_mu**2 * f_ps(mmu**2 / 1e10) / (137.035999084 * 8 * math.pi**3), rel=1e-12, abs=0
    )
    assert d["b"] == pytest.approx(
        diagrams(mmu, 1e5, 1e4, -100.0, 200.0, 1 / 137.035999084).b, rel=1e-12, abs=0
    )


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        (("Mchi=1e300",), "'Mchi' = 1e+300"),  # s = 4 m^2 overflows
        (("Mchi=1e-300", "Ma=0.2", "Mphi=0.3"), "'Mchi' = 1e-300"),  # below T = 1 MeV
        (("Cgg=1e300",), "Cgg = 1e+300"),  # couplings squared overflow
        (("Ma=1e-300",), "Ma = 1e-300"),
    ],
)
def test_relic_outside_the_calculation_is_one_line_exit_2(setting, named) -> None:
    # in range for the card, outside what double precision computes: one line naming the value,
    # exit 2, no numpy warnings, no traceback (these were exit 0 with omega_h2 null, or exit 1)
    args = ["relic"]
    for s in setting:
        args += ["--set", s]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1, res.output
    assert named in lines[0]
    assert "Warning" not in res.output


def test_a_point_that_cannot_be_computed_does_not_spoil_its_batch() -> None:
    # a campaign batch with one overflowing point: the others are computed as alone, the bad one
    # is nan with a warning saying why
    from alpseesaw.model import build_model
    from alpseesaw.physics.calculator import RelicCalculator

    calc = RelicCalculator(build_model())
    ext = {"Mchi": [1000.0, 1000.0], "Ma": [3000.0, 3000.0], "Cgg": [30.0, 1e300]}
    both = calc(ext)
    alone = calc({k: v[:1] for k, v in ext.items()})
    assert both.omega_h2[0] == pytest.approx(alone.omega_h2[0], rel=1e-12)
    assert math.isfinite(alone.omega_h2[0])
    assert math.isnan(both.omega_h2[1])
    assert both.warnings[1][0].startswith("not computable: sigma v of")
    assert not any(w.startswith("not computable") for w in both.warnings[0])
