"""Pure parsers of tool output, tested without the tools."""

from __future__ import annotations

import json

import pytest

from alpseesaw.runners.parsers import (
    OutputFormatError,
    ToolReportedError,
    compiler_errors,
    parse_lanhep_output,
    parse_micromegas_output,
    single_json_line,
)

GOOD = {
    "tool": "micromegas",
    "micromegas_version": "6.0",
    "calchep_version": "3.8.9",
    "model": "ALP toy",
    "parfile": "p.par",
    "dm": {"name": "~chi", "antiparticle": "~Chi", "mass_GeV": 1000},
    "omega_h2": 0.12,
    "xf": 25.5,
    "darkOmega": {"fast": 1, "Beps": 1e-05},
    "omega_channels": [
        {"in": ["~chi", "~Chi"], "out": ["A", "A"], "fraction": 0.9},
        {"in": ["~chi", "~Chi"], "out": ["m", "M"], "fraction": 0.1},
    ],
    "sigmav_cm3_s": {"A A": 2.2e-26, "m M": 2.0e-27},
    "sigmav_normalisation": "per ~chi ~Chi pair",
    "sigmav_all_pairs_cm3_s": 1.2e-26,
    "masses_GeV": {"chi": 1000, "a": 1100},
    "parameters": {"Mchi": 1000, "fa": 1e4},
    "timing_s": {"total": 0.03},
}


def line(obj: object) -> str:
    return json.dumps(obj) + "\n"


def test_good_line() -> None:
    r = parse_micromegas_output("\n" + line(GOOD) + "\n")
    assert r.omega_h2 == 0.12
    assert r.xf == 25.5
    assert r.dm_name == "~chi"
    assert r.dm_mass_GeV == 1000.0
    assert r.sigmav_cm3_s == {"A A": 2.2e-26, "m M": 2.0e-27}
    assert r.sigmav_all_pairs_cm3_s == 1.2e-26
    assert [(c.final, c.fraction) for c in r.omega_channels] == [
        (("A", "A"), 0.9),
        (("m", "M"), 0.1),
    ]
    assert r.masses_GeV["a"] == 1100.0
    assert r.parameters == {"Mchi": 1000.0, "fa": 1e4}
    assert r.micromegas_version == "6.0"
    assert r.raw["model"] == "ALP toy"
    with pytest.raises(TypeError):
        r.sigmav_cm3_s["A A"] = 0  # type: ignore[index]  # read-only mapping


def test_all_pairs_is_optional() -> None:
    obj = {k: v for k, v in GOOD.items() if k != "sigmav_all_pairs_cm3_s"}
    assert parse_micromegas_output(line(obj)).sigmav_all_pairs_cm3_s is None


def test_error_object_raises_tool_reported_error() -> None:
    err = {"error": {"kind": "relic_density", "message": "Omega h^2 = -1", "exit_code": 3}}
    with pytest.raises(ToolReportedError) as info:
        parse_micromegas_output(line(err))
    assert info.value.kind == "relic_density"
    assert info.value.exit_code == 3
    assert "Omega h^2 = -1" in str(info.value)


def test_an_exit_code_that_is_not_an_integer_is_dropped() -> None:
    for code in (True, 2.0, "3"):
        err = {"error": {"kind": "k", "message": "m", "exit_code": code}}
        with pytest.raises(ToolReportedError) as info:
            parse_micromegas_output(line(err))
        assert info.value.exit_code is None


def test_round_off_of_a_vanishing_channel_is_zero() -> None:
    # a p-wave channel at v -> 0 comes back as +-1e-16 of the largest one: zero, not an error
    sv = {"A A": 2.2e-26, "a a": -3e-42, "Z Z": 4e-43}
    r = parse_micromegas_output(line({**GOOD, "sigmav_cm3_s": sv}))
    assert r.sigmav_cm3_s == {"A A": 2.2e-26, "a a": 0.0, "Z Z": 4e-43}


@pytest.mark.parametrize(
    ("stdout", "match"),
    [
        ("", "no output"),
        ("chatter\n" + line(GOOD), "2 lines"),
        ("{not json\n", "invalid JSON"),
        ("[1, 2]\n", "expected an object"),
        (line(GOOD).replace("0.12", "NaN"), "non-finite number NaN"),
        (line(GOOD).replace("0.12", "Infinity"), "non-finite number Infinity"),
        (line({**GOOD, "omega_h2": -0.5}), "not positive"),
        (line({**GOOD, "omega_h2": 0.0}), "not positive"),  # micrOMEGAs' failure value too
        (line({**GOOD, "omega_h2": "0.1"}), "'omega_h2' is '0.1'"),
        (line({**GOOD, "xf": None}), "'xf' is None"),
        (line({**GOOD, "sigmav_cm3_s": {"A A": -1e-30}}), "negative sigma v"),
        (line({**GOOD, "sigmav_cm3_s": [1]}), "not an object"),
        (line({**GOOD, "dm": "~chi"}), "'dm'"),
        (line({k: v for k, v in GOOD.items() if k != "masses_GeV"}), "'masses_GeV' is None"),
        (line({**GOOD, "omega_channels": [{"in": "x"}]}), "lacks 'in'/'out'"),
        (line({**GOOD, "omega_h2": True}), "not a finite number"),
    ],
)
def test_malformed_output_is_rejected(stdout: str, match: str) -> None:
    with pytest.raises(OutputFormatError, match=match):
        parse_micromegas_output(stdout)


def test_single_json_line_ignores_blank_lines() -> None:
    assert single_json_line('  \n{"a": 1}\n\n') == {"a": 1}


# LanHEP 3.1.5 messages (its exit status is 0 in all these cases)
LANHEP_OK = """File sm_tex processed, 0 sec.
File higgs_eff.lhp processed, 0 sec.
File 'masses.chk' is created
File Z3_idoublet.lhp processed, 0 sec.
"""
LANHEP_ERRORS = """File "bad.lhp", line 3: Error:  'foo' undefined object.
File bad.lhp processed, 0 sec.

!!!!!!!!!!!!! THERE WERE ERRORS DURING PROCESSING !!!!!!!!
"""


def test_lanhep_success() -> None:
    report = parse_lanhep_output(LANHEP_OK)
    assert report.ok
    assert report.processed == ("sm_tex", "higgs_eff.lhp", "Z3_idoublet.lhp")


def test_lanhep_located_error() -> None:
    report = parse_lanhep_output(LANHEP_ERRORS)
    assert not report.ok
    (err,) = report.errors
    assert (err.file, err.line, err.text) == ("bad.lhp", 3, "'foo' undefined object.")
    assert str(err) == "bad.lhp:3: error: 'foo' undefined object."


def test_lanhep_plain_error_and_summary_only() -> None:
    assert parse_lanhep_output("Error: file nonexist.lhp not found\n").errors[0].text == (
        "file nonexist.lhp not found"
    )
    summary_only = parse_lanhep_output("!!!! THERE WERE ERRORS DURING PROCESSING !!!!\n")
    assert not summary_only.ok


def test_lanhep_warning_is_not_an_error() -> None:
    report = parse_lanhep_output('File "m.lhp", line 7: Warning: something odd.\n')
    assert report.ok
    assert report.warnings[0].line == 7


def test_compiler_errors_picks_error_lines() -> None:
    text = """gcc -c main.c
main.c:12:5: error: 'x' undeclared (first use in this function)
main.c:3:1: warning: unused
/usr/bin/ld: main.o: undefined reference to `darkOmega'
make: *** [Makefile:52: main] Error 1
"""
    assert compiler_errors(text) == (
        "main.c:12:5: error: 'x' undeclared (first use in this function)",
        "/usr/bin/ld: main.o: undefined reference to `darkOmega'",
        "make: *** [Makefile:52: main] Error 1",
    )


def test_a_negative_channel_is_named_and_round_off_beside_it_is_not() -> None:
    # round-off is relative to the largest |sigma v|, here a negative one (1e-26): -1e-45 is
    # round-off of it and is not named, although it is not round-off of the positive 1e-40
    sv = {"A A": -1e-26, "Z Z": 1e-40, "a a": -1e-45}
    with pytest.raises(OutputFormatError, match="negative sigma v") as info:
        parse_micromegas_output(line({**GOOD, "sigmav_cm3_s": sv}))
    assert "A A" in str(info.value)
    assert "a a" not in str(info.value)
