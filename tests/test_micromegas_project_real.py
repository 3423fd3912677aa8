"""The generated project with the real micrOMEGAs (marker ``micromegas``; skipped without it).

Builds (a) the ALP-portal toy model of tests/data/micromegas/alp_toy and (b) micrOMEGAs' own
ZpPortal example (Dirac dark matter with a Z' portal, model files read from MICROMEGAS_DIR at
test time) with alpseesaw's main.c, and checks the JSON against analytic tree-level cross
sections and micrOMEGAs' own all-pairs average.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from alpseesaw.errors import ToolRunError
from alpseesaw.files import write_files
from alpseesaw.generators.micromegas import (
    FinalState,
    MassSpec,
    MicromegasProjectSpec,
    ParameterSpec,
    render_project,
)
from alpseesaw.runners import MicromegasProject, build_project, locate_micromegas

pytestmark = pytest.mark.micromegas

TOY = Path(__file__).parent / "data" / "micromegas" / "alp_toy"
PB_GEV2 = 3.8937966e8  # pb GeV^2 as in micrOMEGAs (CODATA 3.893793721e8: 6e-7 apart)
PB_C = 2.99792458e-26  # cm^3/s per pb * c


def _micromegas_or_skip() -> Path:
    try:
        return locate_micromegas()
    except ToolRunError as exc:
        pytest.skip(f"micrOMEGAs not available: {exc.reason}")


@pytest.fixture(scope="module")
def mo_dir() -> Path:
    return _micromegas_or_skip()


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mo-cache")


def alp_spec() -> MicromegasProjectSpec:
    return MicromegasProjectSpec(
        model_name="ALP toy",
        dm="~chi",
        anti_dm="~Chi",
        final_states=(FinalState(("A", "A")), FinalState(("m", "M"))),
        parameters=tuple(ParameterSpec(n) for n in ("Mchi", "Ma", "fa", "Cgg", "Cmm", "EE", "Mm")),
        masses=(MassSpec("chi", "~chi"), MassSpec("a", "a")),
    )


@pytest.fixture(scope="module")
def alp(mo_dir: Path, cache: Path) -> MicromegasProject:
    files = {p.name: p.read_text() for p in TOY.glob("*.mdl")}
    return MicromegasProject.from_files(
        render_project(files, alp_spec()), micromegas_dir=mo_dir, cache_dir=cache
    )


def test_install_is_not_written(mo_dir: Path, alp: MicromegasProject) -> None:
    watched = [mo_dir / "lib" / "micromegas.a", mo_dir / "lib", mo_dir / "sources"]
    before = [p.stat().st_mtime_ns for p in watched]
    _ = alp.project_dir  # builds (or reuses) the project
    assert [p.stat().st_mtime_ns for p in watched] == before


def test_alp_toy_sigmav_matches_tree_level_formulas(alp: MicromegasProject) -> None:
    r = alp.run_point({"Mchi": 1000.0, "Ma": 1100.0, "fa": 1e4, "Cgg": 1.0, "Cmm": 0.1})
    p = r.parameters
    m, ma, fa = p["Mchi"], p["Ma"], p["fa"]
    alpha = p["EE"] ** 2 / (4 * math.pi)
    d2 = (ma**2 - 4 * m**2) ** 2
    # paper eq. (3.10), re-derived: sigma v(chi chi~ -> gamma gamma) at v = 0 with
    # L = -i (m/fa) a chibar g5 chi + Cgg alpha/(4 pi fa) a F Ftilde; tree level, exact.
    sv_aa = alpha**2 * p["Cgg"] ** 2 * m**6 / (4 * math.pi**3 * d2 * fa**4)
    # chi chi~ -> mu mu~ with (Cmm/fa) d_mu a mubar g^mu g5 mu == 2 m_mu Cmm/fa a mubar i g5 mu
    # on shell: sigma v = 2 Cmm^2 m_mu^2 m^4 beta / (pi fa^4 (ma^2 - 4 m^2)^2), beta =
    # sqrt(1 - m_mu^2/m^2). (The paper's eq. (3.11) has 8/pi: four times this.)
    beta = math.sqrt(1 - p["Mm"] ** 2 / m**2)
    sv_mm = 2 * p["Cmm"] ** 2 * p["Mm"] ** 2 * m**4 * beta / (math.pi * fa**4 * d2)
    # tolerance 1e-5: double-precision matrix elements; pb conversion constants 6e-7 apart
    assert r.sigmav_cm3_s["A A"] == pytest.approx(sv_aa * PB_GEV2 * PB_C, rel=1e-5)
    assert r.sigmav_cm3_s["m M"] == pytest.approx(sv_mm * PB_GEV2 * PB_C, rel=1e-5)
    # micrOMEGAs' calcSpectrum averages over chi chi, chi chi~, chi~ chi~: half the pair value;
    # tolerance 1e-4: it is evaluated at v ~ 1.3e-3 (p-wave terms ~1e-6), the ALP width is tiny
    assert r.sigmav_all_pairs_cm3_s == pytest.approx(
        (r.sigmav_cm3_s["A A"] + r.sigmav_cm3_s["m M"]) / 2, rel=1e-4
    )
    assert r.dm_name == "~chi"
    assert r.masses_GeV == {"chi": 1000.0, "a": 1100.0}
    assert r.omega_h2 > 0
    assert 10 < r.xf < 40
    assert sum(c.fraction for c in r.omega_channels) == pytest.approx(1, abs=1e-3)


def test_alp_toy_micromegas_failures_become_tool_run_errors(alp: MicromegasProject) -> None:
    with pytest.raises(ToolRunError, match="spectrum: sortOddParticles failed") as info:
        alp.run_point({"fa": 0.0})  # Kaa = Cgg alpha/(4 pi fa): not computable
    assert info.value.returncode == 3
    # darkOmega: no temperature of equilibrium (error 64); darkOmegaTR from x = 1 fails as well
    # (micrOMEGAs stops at Tend = 1e-3 GeV = Mchi)
    with pytest.raises(ToolRunError, match="relic_density: darkOmega found no temperature"):
        alp.run_point({"Mchi": 1e-3})


def test_main_itself_prints_json_errors(alp: MicromegasProject) -> None:
    main = alp.project_dir / "main"
    par = alp.project_dir / "bad-input.par"
    par.write_text("Mchi 1000\nMnope 1\n")
    try:
        proc = subprocess.run(
            [str(main), par.name],
            cwd=par.parent,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        par.unlink()
    assert proc.returncode == 2
    (line,) = proc.stdout.splitlines()
    assert json.loads(line)["error"]["message"].startswith(
        "bad-input.par, line 2: unknown parameter 'Mnope' (the names: the card's"
    )


def test_build_project_into_a_user_directory_and_move_it(
    mo_dir: Path, cache: Path, alp: MicromegasProject, tmp_path: Path
) -> None:
    _ = alp.project_dir  # the cache holds this build now
    files = render_project({p.name: p.read_text() for p in TOY.glob("*.mdl")}, alp_spec())
    target = write_files(files, tmp_path / "out")
    main = build_project(target, mo_dir, cache_dir=cache)  # a copy from the cache
    assert main == target.resolve() / "main"
    moved = tmp_path / "moved"
    shutil.move(target, moved)  # main uses the work/ next to it
    (moved / "p.par").write_text("Mchi 1500\n")
    proc = subprocess.run(
        ["./main", "p.par"], cwd=moved, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    assert json.loads(proc.stdout)["dm"]["mass_GeV"] == 1500
    assert any((moved / "work" / "so_generated").iterdir())


ZP_FINAL = [
    ("e", "E"),
    ("m", "M"),
    ("l", "L"),
    ("ne", "Ne"),
    ("nm", "Nm"),
    ("nl", "Nl"),
    ("d", "D"),
    ("u", "U"),
    ("s", "S"),
    ("c", "C"),
    ("b", "B"),
    ("t", "T"),
]


@pytest.mark.slow  # about 8 s: the first run compiles a dozen matrix-element libraries
def test_zpportal_example_dirac_dm(mo_dir: Path, cache: Path) -> None:
    models = mo_dir / "ZpPortal" / "work" / "models"
    if not models.is_dir():
        pytest.skip("micrOMEGAs' ZpPortal example is not in MICROMEGAS_DIR")
    files = {p.name: p.read_text() for p in models.glob("*.mdl") if not p.name.startswith(".")}
    spec = MicromegasProjectSpec(
        model_name="ZpPortal",
        dm="~dm",
        anti_dm="~Dm",
        final_states=tuple(FinalState(fs) for fs in ZP_FINAL),
        parameters=tuple(ParameterSpec(n) for n in ("Mdm", "MZp", "gZp", "gZpDm", "YpM", "Mm")),
        masses=(MassSpec("dm", "~dm"), MassSpec("Zp", "Zp")),
    )
    driver = MicromegasProject.from_files(
        render_project(files, spec), micromegas_dir=mo_dir, cache_dir=cache
    )
    # a narrow Z' (width 0.2 GeV, 200 GeV below the pole): widths play no role
    r = driver.run_point({"Mdm": 500.0, "MZp": 1200.0, "gZp": 0.01, "gZpDm": 0.03})
    p = r.parameters
    m, mz, mmu = p["Mdm"], p["MZp"], p["Mm"]
    g_chi, g_mu = p["gZpDm"], p["gZp"] * p["YpM"]
    # vector couplings g_chi Zp chibar g^mu chi, g_f Zp fbar g^mu f; s-wave at v = 0:
    # sigma v = g_chi^2 g_f^2 (2 m^2 + m_f^2) beta / (2 pi (4 m^2 - M^2)^2), beta = sqrt(1-mf^2/m^2)
    sv = (
        g_chi**2
        * g_mu**2
        * (2 * m**2 + mmu**2)
        * math.sqrt(1 - mmu**2 / m**2)
        / (2 * math.pi * (4 * m**2 - mz**2) ** 2)
    )
    assert r.sigmav_cm3_s["m M"] == pytest.approx(sv * PB_GEV2 * PB_C, rel=1e-5)
    # all pairs = half the chi chi~ sum over every open channel (the Z' Z' one is closed);
    # tolerance 2e-5: calcSpectrum's galactic velocity and the Z' width off the pole
    assert r.sigmav_all_pairs_cm3_s == pytest.approx(sum(r.sigmav_cm3_s.values()) / 2, rel=2e-5)
    assert r.dm_name in ("~dm", "~Dm")
    assert r.micromegas_version == "6.0" or r.micromegas_version[0].isdigit()


def test_readme_build_command_works(mo_dir: Path, tmp_path: Path) -> None:
    """The documented command `make MICROMEGAS_DIR=...` builds main in the project directory."""
    if shutil.which("make") is None:
        pytest.skip("make not on PATH")
    files = render_project({p.name: p.read_text() for p in TOY.glob("*.mdl")}, alp_spec())
    project = write_files(files, tmp_path / "byhand")
    proc = subprocess.run(
        ["make", f"MICROMEGAS_DIR={mo_dir}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert os.access(project / "main", os.X_OK)


@pytest.mark.lanhep
@pytest.mark.slow  # about 80 s: the first point compiles every Z3IDM annihilation channel
def test_lanhep_output_drops_in(mo_dir: Path, cache: Path) -> None:
    """LanHEP -> CalcHEP files (no extlib1.mdl) -> project -> build -> one point."""
    from alpseesaw.runners import run_lanhep

    src = mo_dir / "Z3IDM" / "work" / "lanhep"
    if not (src / "Z3_idoublet.lhp").is_file():
        pytest.skip("micrOMEGAs' Z3IDM LanHEP sources are not in MICROMEGAS_DIR")
    sources = {
        p.name: p.read_text(errors="replace")
        for p in src.glob("*.lhp")
        if not p.name.startswith(".")
    }
    out = run_lanhep(sources, "Z3_idoublet.lhp", lhep=mo_dir / "Packages" / "LanHEP" / "lhep")
    files = {name: text for name, text in out.files.items() if name.endswith("1.mdl")}
    spec = MicromegasProjectSpec(
        model_name="Z3IDM via LanHEP",
        dm="~x1",
        anti_dm="~X1",
        final_states=(FinalState(("b", "B")),),
        parameters=(ParameterSpec("Mdm1"),),
        masses=(MassSpec("x1", "~x1"),),
    )
    r = MicromegasProject.from_files(
        render_project(files, spec), micromegas_dir=mo_dir, cache_dir=cache
    ).run_point({})
    assert r.dm_name in ("~x1", "~X1")
    assert r.omega_h2 > 0
    assert r.sigmav_cm3_s["b B"] > 0
    # a complex scalar: calcSpectrum's all-pairs average is at most half the x1 X1 total
    assert r.sigmav_all_pairs_cm3_s is not None
    assert r.sigmav_all_pairs_cm3_s > 0
