"""The generated micrOMEGAs project takes every card parameter at run time (issue 13): run with a
card's SLHA spectrum (``alpseesaw spectrum --slha``) it gives what a project regenerated at that
card gives; a spectrum that is not one (neutrino inputs changed behind its back, a negative mass,
a missing entry) exits 2. Real micrOMEGAs (marker ``micromegas``); the record of 10 cards is
``validation/records/micromegas_live_spectrum_*.json`` (``python -m
alpseesaw.validation.live_spectrum``)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import threading

import pytest

from alpseesaw.errors import ToolRunError
from alpseesaw.generators import micromegas
from alpseesaw.generators.slha import spectrum_slha
from alpseesaw.model import build_model
from alpseesaw.model.card import load_point, load_values
from alpseesaw.runners import MicromegasProject, locate_micromegas
from alpseesaw.validation.live_spectrum import RTOL, compare_point, random_points

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


def _main(project: MicromegasProject, *files: str) -> tuple[int, dict]:
    out = subprocess.run(
        ["./main", *files], cwd=project.project_dir, capture_output=True, text=True, timeout=600,
        check=False,
    )  # fmt: skip
    return out.returncode, json.loads(out.stdout)


def _write(project: MicromegasProject, name: str, text: str) -> str:
    path = project.project_dir / "points" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return str(path)


def _main_on_a_terminal(project: MicromegasProject, *files: str) -> tuple[int, str]:
    """./main with stderr on a pseudo-terminal (read while it runs); returns code and stderr."""
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run(
            ["./main", *files], cwd=project.project_dir, stdout=subprocess.PIPE, stderr=slave,
            timeout=1200, check=False,
        )  # fmt: skip
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    return proc.returncode, b"".join(chunks).decode(errors="replace")


def test_the_first_run_says_it_compiles(project) -> None:
    """Issue 14: the first run (the matrix elements compile, about a minute) says so on a
    terminal; later runs do not. Runs first in this module: the project is fresh."""
    code, err = _main_on_a_terminal(project, "data.par")
    assert code == 0, err[-2000:]
    assert "main: first run of this project: micrOMEGAs generates and compiles" in err
    code, err = _main_on_a_terminal(project, "data.par")
    assert code == 0, err[-2000:]
    assert "first run" not in err


def test_changed_neutrino_input_without_a_spectrum_exits_2(project) -> None:
    par = _write(project, "nu.par", "Mchi 9000\nMN11 6000\n")
    code, out = _main(project, par)
    assert code == 2
    assert out["error"]["kind"] == "spectrum_inconsistent"
    assert "MN11" in out["error"]["message"]


def test_parfile_over_a_spectrum_cannot_move_its_neutrino_inputs(project) -> None:
    slha = _write(project, "s.slha", spectrum_slha(load_point(overrides=["MN11=6000"])))
    ok = _write(project, "dark.par", "Mchi 9000\n")
    bad = _write(project, "nu2.par", "mD11 3\n")
    code, out = _main(project, ok, slha)
    assert code == 0, out
    assert out["dm"]["mass_GeV"] == 9000
    assert out["masses_GeV"]["N1"] == pytest.approx(6000, rel=1e-3)
    code, out = _main(project, bad, slha)
    assert code == 2
    assert "mD11" in out["error"]["message"]


def test_a_partial_parfile_keeps_the_cards_spectrum_to_full_precision(project) -> None:
    """CalcHEP compiles vars1.mdl's defaults with %E (7 digits: Mnh1 = Mnh2 = 5.000012E+03, the
    pseudo-Dirac splitting of 2.5e-6 GeV gone); main assigns the card's values exactly."""
    values = load_values()
    assert abs(values["Mnh2"] - values["Mnh1"]) / values["Mnh1"] < 1e-8  # below %E's digits
    code, out = _main(project, _write(project, "dark_only.par", "Mchi 9000\n"))
    assert code == 0, out
    for key, var in (("N1", "Mnh1"), ("N3", "Mnh3")):
        assert out["masses_GeV"][key] == pytest.approx(values[var], rel=1e-14, abs=0)


def test_a_runner_parfile_carries_its_own_spectrum(project) -> None:
    """What MicromegasProject writes for a point (every parameter, masses and mixing included)
    is a spectrum: it may move the neutrino inputs (campaigns vary MN11 point by point)."""
    values = load_values(overrides=["MN11=6000", "Mchi=9000"])
    result = project.run_point(project.point_values(values))
    assert result.raw["masses_GeV"]["N1"] == pytest.approx(6000, rel=1e-3)
    assert result.raw["dm"]["mass_GeV"] == 9000
    # the same PARFILE without one mass is no spectrum: the input check applies
    text = project.parfile_text(project.point_values(values))
    partial = "\n".join(ln for ln in text.splitlines() if not ln.startswith("Mnh1 ")) + "\n"
    code, out = _main(project, _write(project, "partial.par", partial))
    assert code == 2, out
    assert out["error"]["kind"] == "spectrum_inconsistent"
    assert "MN11" in out["error"]["message"]


def _points_file(project: MicromegasProject, name: str, rows: list[dict[str, float]]) -> str:
    names = sorted(rows[0])
    lines = [" ".join(names)] + [" ".join(repr(r[n]) for n in names) for r in rows]
    return _write(project, name, "\n".join(lines) + "\n")


def test_loop_points_carrying_their_spectrum_move_the_neutrino_inputs(project) -> None:
    """``main --loop`` takes what the runners write for a point (benchmarks/
    bench_relic_vs_micromegas.py does): names with every mass and mixing entry carry a spectrum
    per point, so MN11 may move; each point's Omega h^2 is that of ``./main`` on its PARFILE."""
    rows = [
        project.parfile_values(project.point_values(load_values(overrides=o)))
        for o in (["MN11=6000", "Mchi=9000"], ["MN11=3000"])
    ]
    code, out = _main(project, "--loop", _points_file(project, "loop.txt", rows))
    assert code == 0, out
    assert out["errors"] == [None, None]
    for row, omega in zip(rows, out["omega_h2"], strict=True):
        text = "".join(f"{k} {v!r}\n" for k, v in row.items())
        code, one = _main(project, _write(project, "one.par", text))
        assert code == 0, one
        assert omega == pytest.approx(one["omega_h2"], rel=1e-9)
    assert out["omega_h2"][0] != pytest.approx(out["omega_h2"][1], rel=1e-4)
    # without one mass the names carry no spectrum: MN11 may not move
    partial = [{k: v for k, v in r.items() if k != "Mnh1"} for r in rows]
    code, out = _main(project, "--loop", _points_file(project, "partial.txt", partial))
    assert code == 2, out
    assert out["error"]["kind"] == "spectrum_inconsistent"
    assert "MN11" in out["error"]["message"]


def _set_entry(text: str, note: str, value: str) -> str:
    """The SLHA text with the value of the entry commented ``# note`` replaced."""
    return re.sub(rf"^(\s+[\d ]+?)\s+\S+(\s+# {re.escape(note)})$", rf"\g<1> {value}\g<2>", text,
                  count=1, flags=re.MULTILINE)  # fmt: skip


@pytest.mark.parametrize(
    ("edit", "kind"),
    [
        (lambda t: _set_entry(t, "N1 (Mnh1)", "-5000"), "spectrum_inconsistent"),
        (
            lambda t: "\n".join(ln for ln in t.splitlines() if not ln.endswith("# VN34")) + "\n",
            "slha",
        ),
        (lambda t: _set_entry(t, "VN11", "0.5"), "spectrum_inconsistent"),
    ],
    ids=["negative mass", "missing NUMIX entry", "not unitary"],
)
def test_a_spectrum_that_is_not_one_exits_2(project, edit, kind) -> None:
    text = edit(spectrum_slha(load_point()))
    code, out = _main(project, _write(project, "bad.slha", text))
    assert code == 2, out
    assert out["error"]["kind"] == kind


@pytest.mark.slow
def test_one_project_with_spectra_equals_regenerated_projects(ir, project, tmp_path) -> None:
    for point in random_points(ir, 2, seed=7):
        row = compare_point(ir, project, point, cache_dir=tmp_path)
        assert all(v <= RTOL for v in row["max_rel_diff"].values()), row["max_rel_diff"]
        assert row["builtin"]["masses_max_rel_diff"] <= RTOL
