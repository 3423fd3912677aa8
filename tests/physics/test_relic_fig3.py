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

pytestmark = pytest.mark.skipif(not gamma_lines.repo_data_dir().is_dir(), reason="shared/data not present")


def test_fig3_cli_writes_png_csv_summary(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["reproduce", "fig3", "--out", str(tmp_path), "--points", "12"])
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
    assert p10.relic_lo / p10.relic_paper_literal == pytest.approx(math.sqrt(2 * 2.2 / 2.6), rel=5e-3)
