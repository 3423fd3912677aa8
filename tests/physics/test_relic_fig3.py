"""alpseesaw reproduce fig3: outputs written, curves sane (a coarse grid keeps it fast)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from alpseesaw.cli import main
from alpseesaw.physics import fig3, gamma_lines

pytestmark = pytest.mark.skipif(
    not gamma_lines.repo_data_dir().is_dir(), reason="shared/data not present"
)


def test_fig3_cli_writes_png_csv_summary(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        main,
        ["reproduce", "fig3", "--out", str(tmp_path), "--points", "12", "--complete-points", "2"],
    )
    assert res.exit_code == 0, res.output
    for name in ("fig3.png", "fig3_fa10TeV.csv", "fig3_fa100TeV.csv", "fig3_summary.txt"):
        assert (tmp_path / name).stat().st_size > 0
    assert (tmp_path / "fig3.png").read_bytes()[:4] == b"\x89PNG"
    with (tmp_path / "fig3_fa10TeV.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 12
    assert "Cmm/fa = -1" in (tmp_path / "fig3_summary.txt").read_text()


def test_relic_band_scaling() -> None:
    # Narrow-width (3.10): sigma v ~ (C/fa)^2 Mchi^2 / fa^2 at fixed Ma/Mchi, so the relic coupling
    # scales as fa/Ma; the Boltzmann line lies inside the +-0.4e-26 band (within 10%). Tolerance 5e-3:
    # the mu mu channel (at most 0.2% of the rate here) breaks the exact scaling.
    limits = gamma_lines.load_default()
    ma = np.array([1e4, 1e5])
    p10 = fig3.compute_panel(1e4, ma, limits)
    p100 = fig3.compute_panel(1e5, ma, limits)
    assert p100.relic_lo / p10.relic_lo == pytest.approx([10.0, 10.0], rel=5e-3)
    assert p10.relic_lo[0] / p10.relic_lo[1] == pytest.approx(10.0, rel=5e-3)
    assert np.all(p10.relic_boltzmann > 0.9 * p10.relic_lo)
    assert np.all(p10.relic_boltzmann < 1.1 * p10.relic_hi)
    # Dirac band edge vs the paper-literal line: sigma(chi chi~) v = 2 x 2.2e-26 versus 2.6e-26.
    assert p10.relic_lo / p10.relic_paper_literal == pytest.approx(
        math.sqrt(2 * 2.2 / 2.6), rel=5e-3
    )


def test_complete_line_reproduces_the_default_card() -> None:
    # the default card is a relic point of this plane (Ma = Mphi = 1.1 Mchi, fa = 10 TeV,
    # Cmm/fa = -0.01): Omega h^2 = 0.1200 at Cgg = 2662.7, so the complete line must find
    # y = Cgg/fa = 0.26627 (the tree-level calculation's Cgg is the physical C^Y; a line built with
    # Cgg = y fa - 2 Cmm would sit 8% lower)
    line, _ = fig3.complete_relic_coupling(np.array([11000.0]), 1e4, -0.01, np.array([0.3]))
    assert line[0] * 1e4 == pytest.approx(2662.7, rel=2e-3)


def test_no_thermal_relic_at_fa_100_tev() -> None:
    # Independent bound: with Gamma_a = Gamma(a -> gamma gamma) = alpha^2 Cgg^2 Ma^3/(64 pi^3 fa^2)
    # in eq (3.10)'s Breit-Wigner, sigma v(v -> 0) is largest when Ma Gamma_a = |Ma^2 - 4 Mchi^2|:
    # sigma v_max = 8 Mchi^6 / (fa^2 |Ma^2 - 4 Mchi^2| Ma^4), i.e. 2.29e-27 cm^3/s at fa = 100 TeV
    # for any mass (Ma = 1.1 Mchi). Its Boltzmann Omega h^2 is ~2, so the complete calculation
    # never reaches 0.12 there, and its smallest Omega sits at that bound (thermal corrections 1%).
    from alpseesaw.physics import boltzmann
    from alpseesaw.physics.constants import GEV2_TO_CM3_S

    fa, ma = 1e5, np.array([2000.0, 14000.0])
    m = ma / fig3.RATIO
    d = abs(ma**2 - 4 * m**2)
    sv_max = 8 * m**6 / (fa**2 * d * ma**4)
    assert sv_max * GEV2_TO_CM3_S == pytest.approx(2.286e-27, rel=1e-3)
    bound = boltzmann.solve(
        m, np.repeat((sv_max / 2)[:, None], boltzmann.X_GRID.size, axis=1)
    ).omega_h2
    y_at_max = np.sqrt(64 * d / ma**4 * math.pi**3 * fa**2) * 137.036 / fa
    line, omega_min = fig3.complete_relic_coupling(ma, fa, -0.01, y_at_max)
    assert np.all(np.isnan(line))
    assert np.all(bound > 1.5)
    assert omega_min / bound == pytest.approx([1.0, 1.0], abs=0.05)
