"""Loading gamma-line limits: formats, data directory resolution, Dirac factor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from alpseesaw.errors import InputError
from alpseesaw.physics import gamma_lines as gl


def test_reads_csv_and_maddm_formats(tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("mass_GeV,sigmav_cm3_s\n100,1e-27\n1000,1e-26\n")
    dat = tmp_path / "b.dat"
    dat.write_text(
        "# HESS bounds\n# DM mass (GeV), <sigmav>, flux\n   100.0   1.0e-27   2e-12\n  1000.0   1.0e-26  3e-13\n"
    )
    for p in (csv, dat):
        m, sv = gl.read_table(p)
        assert m.tolist() == [100.0, 1000.0]
        assert sv.tolist() == [1e-27, 1e-26]


def test_bad_files_raise_input_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("mass_GeV,sigmav_cm3_s\n100,abc\n200,1e-26\n")
    with pytest.raises(InputError, match="line 2"):
        gl.read_table(bad)
    with pytest.raises(InputError, match="does not exist"):
        gl.read_table(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="ALPSEESAW_DATA_DIR"):
        gl.data_dir(tmp_path / "nowhere")


def test_env_var_and_dirac_factor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "gamma_lines").mkdir()
    (tmp_path / "gamma_lines" / "hess2018_GC_Einasto_sigmav_maddm.csv").write_text(
        "mass_GeV,sigmav_cm3_s\n100,1e-27\n10000,1e-25\n"
    )
    monkeypatch.setenv(gl.ENV_VAR, str(tmp_path))
    lim = gl.load("hess2018")
    # log-log interpolation: geometric midpoint; Dirac limit on sigma(chi chi~) v is 2x the table
    assert float(lim.limit(1000.0, dirac=False)) == pytest.approx(1e-26, rel=1e-12, abs=0)
    assert float(lim.limit(1000.0)) == pytest.approx(2e-26, rel=1e-12, abs=0)
    assert np.isnan(lim.limit(1e5))


@pytest.mark.skipif(
    not gl.repo_data_dir().is_dir(), reason="shared/data not next to the repository"
)
def test_shared_data_files_load() -> None:
    limits = gl.load_default()
    assert limits["hess2018"].mass_gev.max() == pytest.approx(63850.0)
    assert limits["cta2019"].projected
    assert not limits["hess2018"].projected
    assert set(limits) == {"fermi2015", "hess2018", "magic2014", "cta2019"}
