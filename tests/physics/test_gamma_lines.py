"""Loading gamma-line limits: formats, data directory resolution, Dirac factor."""

from __future__ import annotations

import math
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


def test_the_limit_holds_at_the_table_ends_and_for_a_table_out_of_mass_order(
    tmp_path: Path,
) -> None:
    # A published table is a limit from its first to its last mass, both included: at the end
    # points the limit is the tabulated number (x2 for Dirac), just outside it is NaN. Rows out
    # of mass order (DAMPE's 12.69 -> 12.67 GeV reversal is kept as published) are sorted first:
    # between 100 and 1000 GeV the log-log midpoint is still sqrt(1e-27 x 1e-26).
    table = tmp_path / "t.csv"
    table.write_text("mass_GeV,sigmav_cm3_s\n1000,1e-26\n100,1e-27\n10000,1e-25\n")
    m, sv = gl.read_table(table)
    lim = gl.LineLimit("t", "t", m, sv, "p", False, "t.csv")
    assert float(lim.limit(100.0, dirac=False)) == pytest.approx(1e-27, rel=1e-12, abs=0)
    assert float(lim.limit(10000.0, dirac=False)) == pytest.approx(1e-25, rel=1e-12, abs=0)
    assert float(lim.limit(100.0)) == pytest.approx(2e-27, rel=1e-12, abs=0)
    mid = float(lim.limit(math.sqrt(100.0 * 1000.0), dirac=False))
    assert mid == pytest.approx(math.sqrt(1e-27 * 1e-26), rel=1e-12, abs=0)
    assert np.isnan(lim.limit(np.array([99.99, 10000.01]))).all()


def test_a_file_outside_the_known_ones_is_named_by_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a projected sensitivity is told by its file name (the data set's *_sensitivity_* files)
    (tmp_path / "gamma_lines").mkdir()
    for name in ("cta_2030_sensitivity.csv", "lhaaso_2031_limit.csv"):
        (tmp_path / "gamma_lines" / name).write_text(
            "mass_GeV,sigmav_cm3_s\n100,1e-27\n200,2e-27\n"
        )
    monkeypatch.setenv(gl.ENV_VAR, str(tmp_path))
    sens, obs = gl.load("cta_2030_sensitivity.csv"), gl.load("lhaaso_2031_limit.csv")
    assert sens.projected
    assert not obs.projected
    assert (obs.label, obs.source) == ("lhaaso_2031_limit", "gamma_lines/lhaaso_2031_limit.csv")
    assert obs.mass_gev.tolist() == [100.0, 200.0]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("mass_GeV,sigmav_cm3_s\n100,1e-27\n", "fewer than two data rows"),
        ("100,1e-27\n0,1e-27\n300,3e-27\n", "line 2"),  # a zero mass
        ("100,1e-27\n200,0\n300,3e-27\n", "line 2"),  # a zero limit
        ("100,1e-27\n200,-2e-27\n300,3e-27\n", "line 2"),
        # only the first non-comment line may be a header: text after a data row is an error
        ("# c\n100,1e-27\nmass,sigmav\n300,3e-27\n", "line 3"),
    ],
    ids=["one row", "zero mass", "zero limit", "negative limit", "text after data"],
)
def test_tables_that_are_no_limit_are_refused(tmp_path: Path, text: str, where: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    with pytest.raises(InputError, match=where):
        gl.read_table(bad)


@pytest.mark.skipif(
    not gl.repo_data_dir().is_dir(), reason="shared/data not next to the repository"
)
def test_the_raw_maddm_file_reads_as_its_uniform_csv() -> None:
    # shared/data/gamma_lines/README: the uniform CSVs hold the upstream numbers unchanged; the
    # MadDM file has a third column (a flux MadDM computed as sigma v J/(4 pi m^2), J = 4.64e21
    # GeV^2 cm^-5), which the reader must not take for the limit
    base = gl.repo_data_dir() / "gamma_lines"
    raw = np.loadtxt(base / "raw" / "maddm" / "HESS_2018_lines_R1_Einasto.dat")
    m, sv = gl.read_table(base / "raw" / "maddm" / "HESS_2018_lines_R1_Einasto.dat")
    assert m.tolist() == raw[:, 0].tolist()
    assert sv.tolist() == raw[:, 1].tolist()
    assert raw[:, 2] == pytest.approx(sv * 4.64e21 / (4 * math.pi * m**2), rel=1e-3, abs=0)
    m_csv, sv_csv = gl.read_table(base / "hess2018_GC_Einasto_sigmav_maddm.csv")
    assert (m.tolist(), sv.tolist()) == (m_csv.tolist(), sv_csv.tolist())
