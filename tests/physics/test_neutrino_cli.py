"""CLI: alpseesaw neutrino scan / card, alpseesaw reproduce table3 / fig2."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from alpseesaw.cli import main
from alpseesaw.physics.neutrino import ScanSettings
from alpseesaw.physics.neutrino import scan as scan_module

FAST = ScanSettings(
    n_starts=512,
    lm_iterations=60,
    extreme_chains=16,
    extreme_steps=40,
    polish_starts=1,
    n_chains=64,
)


@pytest.fixture
def fast_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI's scans small (the full-size scan is a benchmark, not a test)."""
    real = scan_module.scan

    def small(texture, ordering="NO", n_points=10_000, seed=0, settings=None, progress=None):  # noqa: ARG001
        return real(texture, ordering, min(n_points, 60), seed, FAST, progress)

    monkeypatch.setattr(scan_module, "scan", small)


def test_scan_json_points_and_card(tmp_path, fast_scan) -> None:  # noqa: ARG001
    out = tmp_path / "scanA"
    card = tmp_path / "cardA.dat"
    r = CliRunner().invoke(
        main,
        [
            "neutrino",
            "scan",
            "--texture",
            "A",
            "--points",
            "60",
            "--seed",
            "2",
            "--out",
            str(out),
            "--card-out",
            str(card),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    summary = json.loads(r.output)
    assert summary == json.loads((out / "summary.json").read_text())
    assert summary["texture"] == "A"
    assert summary["ordering"] == "NO"
    assert summary["n_viable"] >= 60
    for key in ("delta_cp_deg", "sum_m_meV", "m_eff_meV", "m_ee_meV"):
        lo, hi = summary[key]
        assert lo <= hi
    header = (out / "points.csv").read_text().splitlines()[0].split(",")
    assert header[:7] == ["kappa", "y1", "y2", "y3", "alpha", "beta", "phi"]
    assert "delta_cp_deg" in header
    assert (out / "convergence.csv").exists()
    assert "BLOCK NUINPUTS" in card.read_text()

    card2 = tmp_path / "card3.dat"
    r2 = CliRunner().invoke(
        main,
        [
            "neutrino",
            "card",
            "--scan-dir",
            str(out),
            "--index",
            "3",
            "--out",
            str(card2),
            "--mn11",
            "2000",
            "--json",
        ],
    )
    assert r2.exit_code == 0, r2.output
    vals = json.loads(r2.output)["values"]
    row = (out / "points.csv").read_text().splitlines()[4].split(",")
    kappa = float(row[0])
    # the card's kappa = mD11^2 muS11 / MN11^2 (GeV) is the point's kappa (eV)
    assert vals["mD11"] ** 2 * vals["muS11"] / vals["MN11"] ** 2 == pytest.approx(
        kappa * 1e-9, rel=1e-12
    )
    from alpseesaw.model.card import read_card

    assert read_card(card2)["MN11"] == 2000.0


def test_card_index_out_of_range_exits_2(tmp_path, fast_scan) -> None:  # noqa: ARG001
    out = tmp_path / "s"
    assert (
        CliRunner()
        .invoke(main, ["neutrino", "scan", "--texture", "B", "--points", "20", "--out", str(out)])
        .exit_code
        == 0
    )
    r = CliRunner().invoke(
        main,
        [
            "neutrino",
            "card",
            "--scan-dir",
            str(out),
            "--index",
            "99999",
            "--out",
            str(tmp_path / "c.dat"),
        ],
    )
    assert r.exit_code == 2
    assert "'index'" in r.output
    assert "99999" in r.output


def test_bad_texture_exits_2(tmp_path) -> None:
    r = CliRunner().invoke(main, ["neutrino", "scan", "--texture", "C", "--out", str(tmp_path)])
    assert r.exit_code == 2
    assert "texture" in r.output


def test_reproduce_table3_and_fig2(tmp_path, fast_scan) -> None:  # noqa: ARG001
    r = CliRunner().invoke(
        main, ["reproduce", "table3", "--out", str(tmp_path), "--points", "20", "--orderings", "NO"]
    )
    assert r.exit_code == 0, r.output
    md = (tmp_path / "table3.md").read_text()
    assert "paper, Table 3" in md
    lines = (tmp_path / "table3.csv").read_text().splitlines()
    assert lines[0].startswith("texture,ordering,n_viable,quantity")
    assert len(lines) == 1 + 2 * 4

    r = CliRunner().invoke(main, ["reproduce", "fig2", "--out", str(tmp_path), "--points", "20"])
    assert r.exit_code == 0, r.output
    png = (tmp_path / "fig2.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    rows = (tmp_path / "fig2_points.csv").read_text().splitlines()
    assert rows[0] == "texture,ordering,phi_rad,delta_cp_deg,m_ee_meV,m_ee_formula_meV"
    vals = np.array([[float(x) for x in row.split(",")[2:]] for row in rows[1:]])
    assert np.all((vals[:, 1] >= 0) & (vals[:, 1] < 360))
