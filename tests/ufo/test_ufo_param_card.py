"""Every card parameter reaches a UFO through its param_card: ``alpseesaw param-card`` at a card,
read by a UFO generated at another card, gives the |M|^2 of a UFO generated at that card (ufoamp);
the shipped default card keeps every input at full double precision; the modules survive a tool
prepending an import (Sherpa's UFO converter prepends ``import functools``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner
from ufo_numeric import load_ufoamp
from ufoamp.analysis import read_param_card
from ufoamp.process import Process

from alpseesaw.cli import main
from alpseesaw.files import write_tree
from alpseesaw.generators import ufo
from alpseesaw.model.card import write_card
from alpseesaw.model.checks import _random_externals

#: 2 -> 2 processes by PDG code: chi chi~ -> N N (both pseudo-Dirac pairs, mixed), -> gamma
#: gamma, -> mu mu, and the lepton-number-violating W+ W+ -> mu+ mu+ (t-channel neutrinos).
PROCESSES = [
    ([52, -52], [9900012, 9900012]),
    ([52, -52], [9900014, 9900018]),
    ([52, -52], [22, 22]),
    ([52, -52], [13, -13]),
    ([24, 24], [-13, -13]),
]
PDG_MASS = {52: "Mchi", 9900012: "Mnh1", 9900014: "Mnh2", 9900018: "Mnh4", 22: None, 13: "Mmu",
            24: "MW"}  # fmt: skip
#: random cards (tests/generators/conftest: every input moved); 3 has MW > MZ, not a valid card
SEEDS = (1, 2, 4, 5, 6)


def _momenta(m1: float, m2: float, m3: float, m4: float, sqrt_s: float) -> list[np.ndarray]:
    def k(ma: float, mb: float) -> float:
        return np.sqrt((sqrt_s**2 - (ma + mb) ** 2) * (sqrt_s**2 - (ma - mb) ** 2)) / (2 * sqrt_s)

    ki, kf = k(m1, m2), k(m3, m4)
    n = np.array([0.48, 0.6, 0.64])  # unit vector, generic angle to the beam
    return [
        np.array([np.hypot(m1, ki), 0, 0, ki]),
        np.array([np.hypot(m2, ki), 0, 0, -ki]),
        np.r_[np.hypot(m3, kf), kf * n],
        np.r_[np.hypot(m4, kf), -kf * n],
    ]


@pytest.fixture(scope="module")
def default_ufo(ir, tmp_path_factory):
    path = write_tree(ufo.generate(ir), tmp_path_factory.mktemp("ufo") / "alpseesaw_UFO")
    return path, load_ufoamp(path)


@pytest.mark.parametrize("seed", SEEDS)
def test_param_card_sets_every_parameter(ir, default_ufo, tmp_path, seed) -> None:
    card = _random_externals(ir.parameter_set, seed)
    card_file = write_card(tmp_path / "card.slha", card)
    out = tmp_path / "param_card.dat"
    result = CliRunner().invoke(main, ["param-card", "--card", str(card_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    model = default_ufo[1]
    overrides = read_param_card(str(out), model)
    regenerated = load_ufoamp(write_tree(ufo.generate(ir, card), tmp_path / "regen_UFO"))
    values = ir.evaluate(card)

    def mass(pdg: int) -> float:
        name = PDG_MASS[abs(pdg)]
        return 0.0 if name is None else float(values[name].real)

    for initial, final in PROCESSES:
        ms = [mass(p) for p in (*initial, *final)]
        moms = _momenta(*ms, sqrt_s=1.3 * max(ms[0] + ms[1], ms[2] + ms[3]))
        got = Process(model, initial, final, overrides=overrides).m2(moms)
        want = Process(regenerated, initial, final).m2(moms)
        assert want > 0, (initial, final)
        assert got == pytest.approx(want, rel=1e-9, abs=0), (seed, initial, final)


def test_default_card_keeps_every_input_exactly(ufo_dir, ufo_module, values) -> None:
    text = (ufo_dir / "paramcard_default.dat").read_text()
    assert text == (ufo_dir / "param_card.dat").read_text()
    model = load_ufoamp(ufo_dir)
    card = read_param_card(str(ufo_dir / "paramcard_default.dat"), model)
    externals = {p.name: p for p in ufo_module.all_parameters if p.nature == "external"}
    assert set(card) == set(externals)
    for name, p in externals.items():
        assert card[name] == float(p.value), name  # bit for bit
    # the 2.5e-6 GeV splitting of the heavy pseudo-Dirac pairs survives exactly
    assert card["Mnh2"] - card["Mnh1"] == values["Mnh2"].real - values["Mnh1"].real


def test_every_module_survives_a_prepended_import(ufo_dir, tmp_path) -> None:
    """As Sherpa's converter does: prepend ``import functools`` to every module (a ``from
    __future__`` line after it would be a SyntaxError), then import the package as MadGraph does
    and write a param_card with the model's own write_param_card.py."""
    copy = tmp_path / ufo_dir.name
    shutil.copytree(ufo_dir, copy)
    for f in copy.glob("*.py"):
        f.write_text("import functools\n" + f.read_text())
        compile(f.read_text(), str(f), "exec")
    code = (
        f"import {copy.name} as m\n"
        f"from {copy.name}.write_param_card import ParamCardWriter\n"
        "ParamCardWriter('written_card.dat')\n"
        "print(len(m.all_particles), len(m.all_vertices))\n"
    )
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["35", "340"]
    written = read_param_card(str(tmp_path / "written_card.dat"), load_ufoamp(ufo_dir))
    assert written == read_param_card(str(ufo_dir / "param_card.dat"), load_ufoamp(ufo_dir))
