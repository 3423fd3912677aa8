"""The generated micrOMEGAs ``main`` checks its inputs as alpseesaw's card reader does (issue 14,
item 5): every value a PARFILE, an SLHA spectrum or a ``--loop`` POINTSFILE gives a card
parameter must lie in the IR's range, and the IR's constraints (fa > v, MZ > MW) must hold;
otherwise exit 2 with Python's message (naming the parameter, its value as Python writes it and
the allowed range). The ranges and constraints are generated from the IR
(:func:`alpseesaw.generators.micromegas.parameter_checks`), so this test derives its bad values
from the IR too: every bounded parameter of the card, on each side of its range. Real
micrOMEGAs (marker ``micromegas``); the bad points exit before any matrix element is compiled.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from alpseesaw.errors import ParameterError, ToolRunError
from alpseesaw.generators import micromegas
from alpseesaw.generators.slha import spectrum_slha
from alpseesaw.model import build_model
from alpseesaw.model.card import load_point, load_values
from alpseesaw.runners import MicromegasProject, locate_micromegas

pytestmark = pytest.mark.micromegas


@pytest.fixture(scope="module")
def ir():
    return build_model()


@pytest.fixture(scope="module")
def project(ir, tmp_path_factory) -> MicromegasProject:
    try:
        locate_micromegas()
    except ToolRunError as exc:
        pytest.skip(f"micrOMEGAs not available: {exc.reason}")
    cache = tmp_path_factory.mktemp("mo-cache")
    return MicromegasProject.from_files(micromegas.generate(ir), cache_dir=cache)


def _main(project: MicromegasProject, *args: str) -> tuple[int, dict]:
    out = subprocess.run(
        ["./main", *args], cwd=project.project_dir, capture_output=True, text=True, timeout=600,
        check=False,
    )  # fmt: skip
    lines = out.stdout.splitlines()
    assert len(lines) == 1, out.stdout + out.stderr
    return out.returncode, json.loads(lines[0])


def _write(project: MicromegasProject, name: str, text: str) -> str:
    path = project.project_dir / "points" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return str(path)


def _bad_values(ir) -> list[tuple[str, float]]:
    """(card name, a value just outside its range) for every side of every bounded external."""
    out: list[tuple[str, float]] = []
    for e in ir.parameter_set.externals:
        if e.choices:
            out.append((e.name, max(e.choices) + 1))
            continue
        if e.lower is not None:
            out.append((e.name, e.lower if e.lower_open else e.lower - 0.5))
        if e.upper is not None:
            out.append((e.name, e.upper if e.upper_open else e.upper + 0.5))
    return out


def _python_message(ir, name: str, value: float) -> str:
    with pytest.raises(ParameterError) as info:
        ir.parameter_set.external(name).validate(value)
    return str(info.value)


def test_every_range_of_the_ir_is_checked_with_pythons_message(ir, project) -> None:
    bad = _bad_values(ir)
    assert len(bad) >= 44  # every bounded card parameter (41; sth, aS, phiN on both sides)
    for name, value in bad:
        par = _write(project, "bad.par", f"Mchi 9000\n{name} {value!r}\n")
        code, out = _main(project, par)
        assert code == 2, (name, value, out)
        assert out["error"]["kind"] == "parameter_range", (name, out)
        assert out["error"]["message"] == f"{par}, line 2: {_python_message(ir, name, value)}"


@pytest.mark.parametrize(
    "value", [-5.0, -1e-05, -0.0001, -1.5e16, -123456789.125, -1e300, 0.0, -0.0]
)
def test_values_are_written_as_python_writes_them(ir, project, value) -> None:
    par = _write(project, "v.par", f"Mchi {value!r}\n")
    code, out = _main(project, par)
    assert code == 2, out
    assert out["error"]["message"] == f"{par}, line 1: {_python_message(ir, 'Mchi', value)}"


def test_constraints_between_parameters(project) -> None:
    par = _write(project, "fa.par", "fa 100\n")
    code, out = _main(project, par)
    with pytest.raises(ParameterError) as info:
        load_values(overrides=["fa=100"])
    assert code == 2, out
    assert out["error"]["message"] == str(info.value)  # ... allowed: fa > v = 242.197
    code, out = _main(project, _write(project, "mw.par", "MW 95\n"))
    assert code == 2, out
    assert out["error"]["message"].startswith("parameter 'MZ' = 91.1876 is invalid (the on-shell")
    assert out["error"]["message"].endswith("allowed: MZ > MW = 95")


def test_a_value_from_the_slha_spectrum_is_checked(ir, project) -> None:
    text = re.sub(r"^(\s+52\s+)\S+(\s+# chi \(Mchi\))$", r"\g<1>-5.0\g<2>",
                  spectrum_slha(load_point()), count=1, flags=re.MULTILINE)  # fmt: skip
    slha = _write(project, "bad.slha", text)
    code, out = _main(project, slha)
    assert code == 2, out
    assert out["error"]["message"] == f"{slha}: {_python_message(ir, 'Mchi', -5.0)}"


def test_a_loop_point_is_checked(ir, project) -> None:
    pts = _write(project, "pts.txt", "Mchi Ma\n\n-5 11000\n9000 11000\n")
    code, out = _main(project, "--loop", pts)
    assert code == 2, out
    assert out["error"]["message"] == f"{pts}, line 3: {_python_message(ir, 'Mchi', -5.0)}"
    code, out = _main(project, "--loop", _write(project, "fa.txt", "fa\n100\n"))
    assert code == 2, out
    assert "parameter 'fa' = 100.0 is invalid" in out["error"]["message"]


@pytest.mark.parametrize(
    ("text", "kind", "fragment"),
    [
        ("Mnope 1\n", "unknown_parameter", "line 1: unknown parameter 'Mnope'"),
        ("# c\nMchi abc\n", "parameter_file", "line 2: 'abc' is not a number for Mchi"),
        ("Mchi\n", "parameter_file", "line 1: expected 'name value', got 'Mchi'"),
        ("Mchi 5 # ok\nMa nan\n", "parameter_file", "line 2: 'nan' is not a number for Ma"),
        ("Mchi 1e999\n", "parameter_range", "'Mchi' = inf is invalid (not a finite number); allowed: 0 < Mchi"),
        ("Cgg -1e999\n", "parameter_range", "= -inf is invalid (not a finite number); allowed: Cgg any real"),
        ("Mchi 5x\n", "parameter_file", "line 1: '5x' is not a number for Mchi"),
        ("MN11 -1\n", "parameter_range", "parameter 'MN11' = -1.0 is invalid; allowed: 0 < MN11"),
        ("Mnh1 -1\n", "spectrum_inconsistent", "mass 'Mnh1' = -1 is negative"),
        ("VNr11 0.5\n", "spectrum_inconsistent", "the neutrino mixing matrix is not unitary"),
    ],
    ids=["unknown", "not a number", "no value", "nan", "overflow", "overflow of an unbounded",
         "junk", "range", "negative output mass", "not unitary"],
)  # fmt: skip
def test_bad_parfile_exits_2_naming_the_problem(project, text, kind, fragment) -> None:
    code, out = _main(project, _write(project, "bad_input.par", text))
    assert code == 2, out
    assert out["error"]["kind"] == kind, out
    assert fragment in out["error"]["message"], out


def test_missing_or_doubled_files_exit_2(project) -> None:
    code, out = _main(project, "no_such_file.par")
    assert (code, out["error"]["kind"]) == (2, "parameter_file"), out
    assert "cannot open parameter file 'no_such_file.par'" in out["error"]["message"]
    a, b = (_write(project, n, "Mchi 9000\n") for n in ("a.par", "b.par"))
    code, out = _main(project, a, b)
    assert (code, out["error"]["kind"]) == (2, "usage"), out
    assert "more than one parameter file" in out["error"]["message"]
