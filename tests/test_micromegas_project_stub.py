"""The generated main.c compiled against a stand-in of the micrOMEGAs API (no micrOMEGAs needed).

tests/data/micromegas/stub/ holds a header with the declarations main.c uses and stub.c, whose
behaviour is chosen by STUB_MODE (a normal point, micrOMEGAs chatter, negative or NaN Omega, a
crash, exit() inside the library, a missing process, an infinite cross section). The checks:
stdout is exactly one valid JSON line in every case, errors exit non-zero, names are escaped.
Needs a C compiler (skipped otherwise).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from alpseesaw.generators.micromegas import FinalState, render_project
from alpseesaw.runners.parsers import parse_micromegas_output

STUB = Path(__file__).parent / "data" / "micromegas" / "stub"
TOY = Path(__file__).parent / "data" / "micromegas" / "alp_toy"
CC = shutil.which("cc") or shutil.which("gcc")
pytestmark = pytest.mark.skipif(CC is None, reason="no C compiler (cc/gcc) on PATH")

# A key with a quote, a backslash and a comment end: must survive C and JSON.
TRICKY_KEY = 'g"g\\ */'


def _build(directory: Path) -> Path:
    from test_micromegas_project import toy_files, toy_spec

    spec = toy_spec(
        final_states=(FinalState(("A", "A"), key=TRICKY_KEY), FinalState(("m", "M"))),
    )
    project = render_project(toy_files(), spec)
    # main.c includes "../CalcHEP_src/include/version.h" relative to micrOMEGAs' include/: lay out
    # the stand-in headers that way here, so that no tool-shaped directory is tracked
    stub_root = directory.parent / "stub_micromegas"
    shutil.copytree(STUB / "include", stub_root / "include")
    (stub_root / "CalcHEP_src" / "include").mkdir(parents=True)
    (stub_root / "CalcHEP_src" / "include" / "version.h").write_text('#define VERSION "stub-1.0"\n')
    directory.mkdir(parents=True)
    for rel, text in project.items():
        (directory / rel).parent.mkdir(parents=True, exist_ok=True)
        (directory / rel).write_text(text)
    subprocess.run(
        [
            CC,
            "-std=gnu99",
            "-Wall",
            "-Werror=implicit-function-declaration",
            f"-I{stub_root / 'include'}",
            "-o",
            "main",
            "main.c",
            str(STUB / "stub.c"),
            "-lm",
        ],
        cwd=directory,
        check=True,
        capture_output=True,
    )
    return directory / "main"


@pytest.fixture(scope="module")
def stub_main(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("stub") / "project")


def _run(
    main: Path, par: str | None, mode: str = "ok", name: str = "p.par"
) -> subprocess.CompletedProcess[str]:
    argv = [str(main)]
    if par is not None:
        (main.parent / name).write_text(par)
        argv.append(name)
    return subprocess.run(
        argv,
        cwd=main.parent,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "STUB_MODE": mode},
    )


def _one_json_line(stdout: str) -> dict[str, object]:
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    return json.loads(lines[0], parse_constant=lambda c: pytest.fail(f"non-finite {c}"))


def test_normal_point_gives_one_json_line_with_escaped_keys(stub_main: Path) -> None:
    proc = _run(stub_main, "# comment\n\nMchi 500  trailing words are ignored\nMa 1.5e3\n")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    obj = _one_json_line(proc.stdout)
    result = parse_micromegas_output(proc.stdout)
    # stub: Omega = 1/Mchi, x_f = 20 + Ma/Mchi, sigma v(k-th final state) = k * Mchi pb
    assert result.omega_h2 == pytest.approx(1 / 500, rel=1e-15)
    assert result.xf == pytest.approx(23.0, rel=1e-15)
    assert result.sigmav_cm3_s == {TRICKY_KEY: 500 * 2.99792458e-26, "m M": 1000 * 2.99792458e-26}
    assert result.sigmav_all_pairs_cm3_s == pytest.approx(250 * 2.99792458e-26, rel=1e-15)
    assert result.parameters == {"Mchi": 500, "Ma": 1500, "fa": 1e4, "Cgg": 1, "Cmm": 0.1}
    assert result.masses_GeV == {"chi": 500, "a": 1500}
    assert [c.fraction for c in result.omega_channels] == [0.75, 0.25]
    assert result.calchep_version == "stub-1.0"
    assert obj["darkOmega"] == {
        "fast": 1,
        "Beps": 1e-05,
        "method": "darkOmega",
        "darkOmega_error": 0,
    }


def test_a_channel_that_cancels_within_round_off_is_zero_and_named(stub_main: Path) -> None:
    # CalcHEP's sqme flags err = 1 when its squared diagrams cancel (p-wave channels at v = 0,
    # e.g. chi chi~ -> a a); the issue-11 point Mchi = 3000, Ma = 2000 failed on that flag
    proc = _run(stub_main, "Mchi 500\n", mode="cancelled")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = parse_micromegas_output(proc.stdout)
    assert result.sigmav_cm3_s == {TRICKY_KEY: 500 * 2.99792458e-26, "m M": 0.0}
    assert result.raw["sigmav_zero_within_roundoff"] == ["m M"]
    assert (
        parse_micromegas_output(_run(stub_main, "Mchi 500\n").stdout).raw[
            "sigmav_zero_within_roundoff"
        ]
        == []
    )


def test_no_thermal_equilibrium_falls_back_to_darkomegatr_from_equilibrium(stub_main: Path) -> None:
    # darkOmega's error 64 (no Tstart: chi never in equilibrium at x >= 2, e.g. Cgg = Cmm = 0
    # with a and phi heavier than chi): the same equation from Y = Yeq at x = 1
    proc = _run(stub_main, "Mchi 500\n", mode="no_equilibrium")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = parse_micromegas_output(proc.stdout)
    assert result.omega_h2 == pytest.approx(2 / 500, rel=1e-15)
    assert result.xf == pytest.approx(2.5**0.5, rel=1e-9)  # stub: Y/Yeq = x^2 = 2.5 there
    assert result.raw["darkOmega"] == {
        "fast": 1,
        "Beps": 1e-05,
        "method": "darkOmegaTR",
        "darkOmega_error": 64,
        "start_x": 1,
    }
    normal = parse_micromegas_output(_run(stub_main, "Mchi 500\n").stdout)
    assert normal.raw["darkOmega"] == {
        "fast": 1,
        "Beps": 1e-05,
        "method": "darkOmega",
        "darkOmega_error": 0,
    }


def test_library_chatter_goes_to_stderr(stub_main: Path) -> None:
    proc = _run(stub_main, "Mchi 100\n", mode="chatter")
    assert proc.returncode == 0
    _one_json_line(proc.stdout)
    assert "chatter on stdout from the library" in proc.stderr
    assert "chatter from a child process" in proc.stderr


@pytest.mark.parametrize(
    ("par", "mode", "code", "kind", "fragment"),
    [
        (None, "ok", 2, "usage", "usage"),
        ("Mchi 1\nMnope 3\n", "ok", 2, "unknown_parameter", "p.par:2: unknown parameter 'Mnope'"),
        ("Mchi abc\n", "ok", 2, "parameter_file", "is not a number"),
        ("Mchi 5x\n", "ok", 2, "parameter_file", "is not a number"),
        ("Mchi nan\n", "ok", 2, "parameter_file", "not finite"),
        ("Mchi\n", "ok", 2, "parameter_file", "has no value"),
        ('M"\\ 1\n', "ok", 2, "unknown_parameter", "unknown parameter 'M\"\\'"),
        ("\u00b5\x01 1\n", "ok", 2, "unknown_parameter", "unknown parameter '\u00c2\u00b5\x01'"),
        ("Mchi 1\n", "negative_omega", 3, "relic_density", "Omega h^2 = -1"),
        ("Mchi 1\n", "nan_omega", 3, "relic_density", "error code 128"),
        ("Mchi 1\n", "sort_error", 3, "spectrum", "sortOddParticles failed with code 3"),
        ("Mchi 1\n", "other_dm", 3, "dark_matter", "'~psi', not ~chi"),
        ("Mchi 1\n", "no_process", 3, "sigmav", "~chi,~Chi->A,A: the process does not exist"),
        ("Mchi 1\n", "nonfinite_sigmav", 4, "non_finite", "sigmav_cm3_s"),
        (
            "Mchi 1\n",
            "no_equilibrium_tr_fails",
            3,
            "relic_density",
            "darkOmegaTR from equilibrium at x = 1 returned",
        ),
        (
            "Mchi 1\n",
            "zero_width_pole",
            3,
            "sigmav",
            "~chi,~Chi->m,M: vcs22 failed (err 2): a propagator",
        ),
        ("Mchi 1\n", "exit", 4, "premature_exit", "exit()"),
    ],
)
def test_failures_print_one_json_error_and_exit_non_zero(
    stub_main: Path, par: str | None, mode: str, code: int, kind: str, fragment: str
) -> None:
    proc = _run(stub_main, par, mode=mode)
    obj = _one_json_line(proc.stdout)
    assert proc.returncode == code
    assert obj["error"]["kind"] == kind  # type: ignore[index]
    assert fragment in obj["error"]["message"]  # type: ignore[index]


def test_missing_parameter_file(stub_main: Path) -> None:
    proc = subprocess.run(
        [str(stub_main), "absent.par"],
        cwd=stub_main.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    obj = _one_json_line(proc.stdout)
    assert proc.returncode == 2
    assert "cannot open parameter file 'absent.par'" in obj["error"]["message"]  # type: ignore[index]


def test_crash_prints_json_and_dies_by_the_signal(stub_main: Path) -> None:
    proc = _run(stub_main, "Mchi 1\n", mode="crash")
    obj = _one_json_line(proc.stdout)
    assert proc.returncode == -signal.SIGSEGV
    assert obj["error"]["kind"] == "crash"  # type: ignore[index]
    assert f"signal {int(signal.SIGSEGV)}" in obj["error"]["message"]  # type: ignore[index]


def test_unsafe_project_path_is_refused(tmp_path: Path) -> None:
    main = _build(tmp_path / "with space")
    proc = _run(main, "Mchi 1\n")
    obj = _one_json_line(proc.stdout)
    assert proc.returncode == 2
    assert obj["error"]["kind"] == "work_directory"  # type: ignore[index]
