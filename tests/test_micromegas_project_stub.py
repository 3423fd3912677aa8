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

from alpseesaw.generators.micromegas import (
    ConstraintCheck,
    FinalState,
    MassSpec,
    range_checks,
    render_project,
)
from alpseesaw.model.parameters import External
from alpseesaw.runners.parsers import parse_micromegas_output

STUB = Path(__file__).parent / "data" / "micromegas" / "stub"
TOY = Path(__file__).parent / "data" / "micromegas" / "alp_toy"
CC = shutil.which("cc") or shutil.which("gcc")
pytestmark = pytest.mark.skipif(CC is None, reason="no C compiler (cc/gcc) on PATH")

# A key with a quote, a backslash and a comment end: must survive C and JSON.
TRICKY_KEY = 'g"g\\ */'


def _build(directory: Path, **changes: object) -> Path:
    from test_micromegas_project import toy_files, toy_spec

    spec = toy_spec(
        final_states=(FinalState(("A", "A"), key=TRICKY_KEY), FinalState(("m", "M"))),
        extra_final_states=(FinalState(("a", "a"), label="a a (model)"),),
        decays=(MassSpec("alp", "a"),),
        **changes,
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
    main: Path,
    par: str | None,
    mode: str = "ok",
    name: str = "p.par",
    options: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    argv = [str(main), *options]
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
        "VWdecay": 1,
        "VZdecay": 1,
    }
    assert obj["decays"] == {"alp": {"width_GeV": 1.5, "branchings": {"m,M": 0.9, "A,A": 0.1}}}


def test_omega_channels_below_one_part_in_ten_thousand_are_left_out(stub_main: Path) -> None:
    # printChannels' shares 0.74945, 0.25, 5e-4 and 5e-5: the project lists the channels that
    # carry at least 1e-4 of 1/Omega (the default cut, in the JSON beside them)
    proc = _run(stub_main, "Mchi 500\n", mode="small_channels")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    obj = _one_json_line(proc.stdout)
    result = parse_micromegas_output(proc.stdout)
    assert [(c.final, c.fraction) for c in result.omega_channels] == [
        (("A", "A"), 0.75 - 5.5e-4),
        (("m", "M"), 0.25),
        (("a", "a"), 5e-4),
    ]
    assert obj["omega_channel_cut"] == 1e-4


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
        "VWdecay": 1,
        "VZdecay": 1,
        "start_x": 1,
    }
    normal = parse_micromegas_output(_run(stub_main, "Mchi 500\n").stdout)
    assert normal.raw["darkOmega"] == {
        "fast": 1,
        "Beps": 1e-05,
        "method": "darkOmega",
        "darkOmega_error": 0,
        "VWdecay": 1,
        "VZdecay": 1,
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
        (
            "Mchi 1\nMnope 3\n",
            "ok",
            2,
            "unknown_parameter",
            "p.par, line 2: unknown parameter 'Mnope'",
        ),
        ("Mchi abc\n", "ok", 2, "parameter_file", "line 1: 'abc' is not a number for Mchi"),
        ("Mchi 5x\n", "ok", 2, "parameter_file", "'5x' is not a number for Mchi"),
        ("Mchi nan\n", "ok", 2, "parameter_file", "'nan' is not a number for Mchi"),
        (
            "Mchi -inf\n",
            "ok",
            2,
            "parameter_file",
            "'Mchi' = -inf is invalid (not a finite number)",
        ),
        ("Mchi\n", "ok", 2, "parameter_file", "line 1: expected 'name value', got 'Mchi'"),
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


# ---------------------------------------------------------------- the modes of main (issue 11)


def test_fast_and_beps_options_reach_dark_omega_and_the_json(stub_main: Path) -> None:
    obj = _one_json_line(_run(stub_main, "Mchi 500\n", options=("--fast=0", "--beps=1e-3")).stdout)
    assert obj["darkOmega"] == {
        "fast": 0,
        "Beps": 1e-3,
        "method": "darkOmega",
        "darkOmega_error": 0,
        "VWdecay": 1,
        "VZdecay": 1,
    }


def test_sigma_v_at_rest_is_computed_at_the_qcd_scale_two_mchi(stub_main: Path) -> None:
    # Q = 2 Mcdm, the scale darkOmega sets (README of the project): the stub's vcs22 returns
    # k * Q pb for the k-th final state in this mode
    result = parse_micromegas_output(_run(stub_main, "Mchi 500\n", mode="q_scale").stdout)
    assert result.sigmav_cm3_s == {TRICKY_KEY: 1000 * 2.99792458e-26, "m M": 2000 * 2.99792458e-26}


def test_all_final_states_adds_the_extra_ones_with_their_model_names(stub_main: Path) -> None:
    default = parse_micromegas_output(_run(stub_main, "Mchi 500\n").stdout)
    assert list(default.sigmav_cm3_s) == [TRICKY_KEY, "m M"]
    assert "final_states" not in default.raw
    proc = _run(stub_main, "Mchi 500\n", options=("--all-final-states",))
    result = parse_micromegas_output(proc.stdout)
    assert result.sigmav_cm3_s == {
        TRICKY_KEY: 500 * 2.99792458e-26,
        "m M": 1000 * 2.99792458e-26,
        "a a": 1500 * 2.99792458e-26,
    }
    assert result.raw["final_states"]["a a"] == {
        "process": "~chi,~Chi->a,a",
        "model_name": "a a (model)",
    }
    assert result.raw["final_states"]["m M"]["model_name"] == "m M"


def test_sigma_at_sqrt_s_per_final_state_with_dark_omegas_propagators(stub_main: Path) -> None:
    # stub: sigma = (k+1) P_cm pb, and err = 5 unless BWrange = 2.7 and t/gauge widths are off
    proc = _run(stub_main, "Mchi 500\n", options=("--sqrt-s=1200,2000",))
    obj = _one_json_line(proc.stdout)
    assert proc.returncode == 0, proc.stdout
    sig = obj["sigma_sqrt_s"]
    pcm = [(600**2 - 500**2) ** 0.5, (1000**2 - 500**2) ** 0.5]
    assert sig["sqrt_s_GeV"] == [1200, 2000]
    assert sig["sigma_pb"][TRICKY_KEY] == pytest.approx(pcm, rel=1e-14)
    assert sig["sigma_pb"]["m M"] == pytest.approx([2 * p for p in pcm], rel=1e-14)
    assert sig["integration_warnings"] == 0
    assert sig["alpha_s"] == pytest.approx(1 / (2 * 500 / 3))  # GGscale = 2 Mchi / 3


def test_thermal_averages_per_channel(stub_main: Path) -> None:
    proc = _run(stub_main, "Mchi 500\n", options=("--temperatures=10,25", "--all-final-states"))
    th = _one_json_line(proc.stdout)["thermal"]
    c = 2.99792458e-26
    assert th["T_GeV"] == [10, 25]
    assert th["vSigmaA_cm3_s"] == pytest.approx([5000 * c, 12500 * c], rel=1e-14)
    assert th["vSigmaA_channels_cm3_s"] == {
        "A A": pytest.approx([3750 * c, 9375 * c], rel=1e-14),
        "m M": pytest.approx([1250 * c, 3125 * c], rel=1e-14),
    }
    assert th["vSigmaCC_cm3_s"]["a a"] == pytest.approx([30 * c, 75 * c], rel=1e-14)


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (("--fast=2",), "--fast must be 0 or 1, got '2'"),
        (("--beps=1",), "--beps must be a number with 0 < B < 1"),
        (("--sqrt-s=1200,",), "--sqrt-s takes 1-1000 positive numbers"),
        (("--sqrt-s=-5",), "--sqrt-s takes"),
        (("--temperatures=a",), "--temperatures takes"),
        (("--sqrt-s=900",), "--sqrt-s: 900 GeV is not above the threshold 2 Mchi = 1000 GeV"),
        (("--nope",), "unknown option '--nope'"),
        (("--loop", "--sqrt-s=2000"), "--loop takes only --fast, --beps and --vv-decays"),
    ],
)
def test_bad_options_are_usage_errors(
    stub_main: Path, options: tuple[str, ...], fragment: str
) -> None:
    proc = _run(stub_main, "Mchi 500\n", options=options)
    obj = _one_json_line(proc.stdout)
    assert proc.returncode == 2
    assert obj["error"]["kind"] == "usage"  # type: ignore[index]
    assert fragment in obj["error"]["message"]  # type: ignore[index]


def test_loop_computes_every_point_in_one_process(stub_main: Path) -> None:
    points = "# Mchi then Ma\nMchi Ma\n500 600\n1000 1500\n\n2000 2200\n"
    proc = _run(stub_main, points, name="points.txt", options=("--loop", "--fast=0"))
    assert proc.returncode == 0, proc.stdout
    obj = _one_json_line(proc.stdout)
    assert obj["mode"] == "loop"
    assert obj["n_points"] == 3
    assert obj["omega_h2"] == pytest.approx([1 / 500, 1 / 1000, 1 / 2000], rel=1e-15)
    assert obj["xf"] == pytest.approx([20 + 600 / 500, 21.5, 21.1], rel=1e-15)
    assert obj["method"] == ["darkOmega"] * 3
    assert obj["errors"] == [None] * 3
    assert obj["darkOmega"] == {"fast": 0, "Beps": 1e-05}
    assert len(obj["seconds"]) == len(obj["seconds_relic"]) == 3
    assert all(t >= 0 for t in obj["seconds"])


def test_loop_reports_failed_points_and_goes_on(stub_main: Path) -> None:
    obj = _one_json_line(
        _run(stub_main, "Mchi\n500\n", mode="nan_omega", name="pts.txt", options=("--loop",)).stdout
    )
    assert obj["omega_h2"] == [None]
    assert "error code 128" in obj["errors"][0]


@pytest.mark.parametrize(
    ("points", "fragment"),
    [
        ("Mchi Mnope\n1 2\n", "pts.txt:1: unknown parameter 'Mnope'"),
        ("Mchi Ma\n1\n", "pts.txt:2: 1 values for 2 names"),
        ("Mchi\n1 2\n", "pts.txt:2: value 2 ('2') is not a finite number or is one too many"),
        ("Mchi\nnan\n", "is not a finite number"),
        ("Mchi\n", "holds no point"),
    ],
)
def test_loop_input_errors(stub_main: Path, points: str, fragment: str) -> None:
    proc = _run(stub_main, points, name="pts.txt", options=("--loop",))
    obj = _one_json_line(proc.stdout)
    assert proc.returncode == 2
    assert fragment in obj["error"]["message"]  # type: ignore[index]


def test_vv_decays_switch_reaches_micromegas_and_its_decay_table(stub_main: Path) -> None:
    obj = _one_json_line(_run(stub_main, "Mchi 500\nMa 1500\n", options=("--vv-decays=0",)).stdout)
    assert (obj["darkOmega"]["VWdecay"], obj["darkOmega"]["VZdecay"]) == (0, 0)
    assert obj["decays"]["alp"]["width_GeV"] == 2.5  # the stub's width after cleanDecayTable
    bad = _one_json_line(_run(stub_main, "Mchi 500\n", options=("--vv-decays=2",)).stdout)
    assert "--vv-decays must be 0 or 1" in bad["error"]["message"]


# --------------------------------------------------------------------------- input checks
#: A hand-made check table for the toy (the model's comes from its IR, see
#: tests/test_micromegas_input_checks.py): one open bound with a unit, a closed two-sided range,
#: a set of choices, a closed lower and an open upper bound, and a constraint between two
#: parameters.
TOY_CHECKS = {
    "ranges": range_checks(
        (
            External("Mchi", 1000.0, "GeV", "MASS", 1, "toy", lower=0.0, lower_open=True),
            External("Cmm", 0.0, "1", "ALP", 1, "toy", lower=-1.0, upper=1.0),
            External("Cgg", 1.0, "1", "ALP", 2, "toy", choices=(1.0, 2.0)),
            External("Ma", 1100.0, "GeV", "MASS", 2, "toy", lower=0.0, upper=5e3, upper_open=True),
        ),
        {"Mchi": "Mchi", "Cmm": "Cmm", "Cgg": "Cgg", "Ma": "Ma"},
    ),
    "constraints": (
        ConstraintCheck("fa", "fa", ("Ma", "fa"), "x[1]", "2*x[0]", "fa > 2*Ma = ", "toy rule"),
    ),
    "exact_values": (("Ma", 1100.0000000000002),),
}


@pytest.fixture(scope="module")
def checked_main(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("stub-checked") / "project", **TOY_CHECKS)


@pytest.mark.parametrize(
    ("par", "message"),
    [
        ("Mchi -5\n", "p.par, line 1: parameter 'Mchi' = -5.0 is invalid; allowed: 0 < Mchi [GeV]"),
        ("Mchi 0\n", "p.par, line 1: parameter 'Mchi' = 0.0 is invalid; allowed: 0 < Mchi [GeV]"),
        ("Mchi -1e-5\n", "parameter 'Mchi' = -1e-05 is invalid"),
        ("Mchi -0.0001\n", "parameter 'Mchi' = -0.0001 is invalid"),
        ("Mchi -1.5e16\n", "parameter 'Mchi' = -1.5e+16 is invalid"),
        ("Mchi -1e15\n", "parameter 'Mchi' = -1000000000000000.0 is invalid"),
        ("Mchi -123456789.125\n", "parameter 'Mchi' = -123456789.125 is invalid"),
        ("Mchi -0.1\n", "parameter 'Mchi' = -0.1 is invalid"),
        ("# x\nCmm 1.5\n", "p.par, line 2: parameter 'Cmm' = 1.5 is invalid; allowed: -1 <= Cmm <= 1"),
        ("Cgg 3\n", "parameter 'Cgg' = 3.0 is invalid; allowed: Cgg in {1, 2}"),
        ("Mchi inf\n", "parameter 'Mchi' = inf is invalid (not a finite number); allowed: 0 < Mchi"),
        ("fa 2000\n", "parameter 'fa' = 2000.0 is invalid (toy rule); allowed: fa > 2*Ma = 2200"),
        ("Ma 5000\n", "parameter 'Ma' = 5000.0 is invalid; allowed: 0 <= Ma < 5000 [GeV]"),
    ],
)  # fmt: skip
def test_values_outside_their_range_exit_2_with_pythons_message(checked_main, par, message):
    """The messages are those of alpseesaw.model.parameters.External.validate (value as repr)."""
    obj = _one_json_line((proc := _run(checked_main, par)).stdout)
    assert proc.returncode == 2
    assert obj["error"]["kind"] == "parameter_range"  # type: ignore[index]
    assert message in obj["error"]["message"]  # type: ignore[index]


def test_the_ends_of_a_closed_range_and_the_choices_pass(checked_main) -> None:
    proc = _run(checked_main, "Cmm -1\nCmm 1\nCgg 2\nfa 2200.0000001\nMchi 1e-300\n")
    assert proc.returncode == 0, proc.stdout
    # the closed lower end of Ma's range, and just below its open upper end
    for par in ("Ma 0\nfa 1\n", "Ma 4999.999\nfa 1e4\n"):
        assert (other := _run(checked_main, par)).returncode == 0, other.stdout
    params = _one_json_line(proc.stdout)["parameters"]
    assert params["Ma"] == 1100.0000000000002  # the exact value, assigned at start


def test_a_loop_point_outside_its_range_names_its_line(checked_main) -> None:
    proc = _run(checked_main, "Mchi Cmm\n500 0\n500 2\n", name="pts.txt", options=("--loop",))
    assert proc.returncode == 2
    message = _one_json_line(proc.stdout)["error"]["message"]  # type: ignore[index]
    assert message == "pts.txt, line 3: parameter 'Cmm' = 2.0 is invalid; allowed: -1 <= Cmm <= 1"
