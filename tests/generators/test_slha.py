"""``alpseesaw spectrum --slha``: the SLHA2 spectrum read back by an independent SLHA reader
(pyslha) and compared with ``alpseesaw model spectrum --json``, the card and the IR's physics."""

from __future__ import annotations

import json
import math

import numpy as np
import pyslha
import pytest
from click.testing import CliRunner

from alpseesaw.cli import main
from alpseesaw.model import neutrinos
from alpseesaw.model.card import load_point, write_card
from alpseesaw.model.checks import _random_externals
from alpseesaw.model.inputs import parameter_set


def _spectrum(tmp_path, *args: str) -> tuple[pyslha.Doc, str]:
    out = tmp_path / "spectrum.slha"
    result = CliRunner().invoke(main, ["spectrum", *args, "--slha", str(out)])
    assert result.exit_code == 0, result.output
    return pyslha.read(str(out)), out.read_text()


def _json_spectrum(*args: str) -> dict:
    result = CliRunner().invoke(main, ["model", "spectrum", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture(scope="module")
def random_card(tmp_path_factory):
    """A card moving every input, the neutrino sector included (texture, phases, mu_R)."""
    card = _random_externals(parameter_set(), seed=5)
    path = tmp_path_factory.mktemp("card") / "card.slha"
    write_card(path, card)
    return path, card


def _matrix(doc: pyslha.Doc, block: str, rows: int, cols: int, sym: bool = False) -> np.ndarray:
    out = np.zeros((rows, cols), dtype=complex)
    for i in range(rows):
        for j in range(cols):
            a, b = (min(i, j), max(i, j)) if sym else (i, j)
            out[i, j] = doc.blocks[block][a + 1, b + 1]
            if "IM" + block in doc.blocks:
                out[i, j] += 1j * doc.blocks["IM" + block][a + 1, b + 1]
    return out


@pytest.mark.parametrize("which", ["default", "random"])
def test_masses_equal_model_spectrum_json(tmp_path, random_card, which) -> None:
    args = ("--card", str(random_card[0])) if which == "random" else ()
    doc, _ = _spectrum(tmp_path, *args)
    ref = _json_spectrum(*args)["masses_GeV"]
    got = {str(k): v for k, v in doc.blocks["MASS"].items()}
    assert got == ref  # exactly: 17 significant digits read back to the same doubles


def test_inputs_read_back_exactly(tmp_path, random_card) -> None:
    path = random_card[0]
    doc, _ = _spectrum(tmp_path, "--card", str(path), "--set", "Mchi=1234.5678901234567")
    point = load_point(path, ["Mchi=1234.5678901234567"])
    for p in parameter_set().externals:
        if p.block == "DECAY":
            assert doc.decays[p.index].totalwidth == point.externals[p.name], p.name
        else:
            assert doc.blocks[p.block][p.index] == point.externals[p.name], p.name
    assert doc.blocks["MASS"][52] == 1234.5678901234567
    assert doc.blocks["SPINFO"][1] == "alpseesaw"


def test_neutrino_blocks_diagonalise_their_mass_matrix(tmp_path, random_card) -> None:
    """V from NUMIX/IMNUMIX is unitary and V^T M V = diag(MASS) with M built from the
    matrix blocks (eq 2.18): catches a transposed or misplaced block entry."""
    doc, _ = _spectrum(tmp_path, "--card", str(random_card[0]))
    V = _matrix(doc, "NUMIX", 7, 7)
    mD = _matrix(doc, "NUMDN", 3, 2)
    MN = _matrix(doc, "NUMNN", 2, 2)
    muS = _matrix(doc, "NUMUSN", 2, 2, sym=True)
    muR = _matrix(doc, "NUMURN", 2, 2, sym=True)
    M = neutrinos.mass_matrix(mD, MN, muS, muR)
    pdgs = (12, 14, 16, 9900012, 9900014, 9900016, 9900018)
    masses = np.array([doc.blocks["MASS"][k] for k in pdgs])
    scale = masses.max()
    np.testing.assert_allclose(V.conj().T @ V, np.eye(7), rtol=0, atol=1e-13)
    np.testing.assert_allclose(V.T @ M @ V, np.diag(masses), rtol=0, atol=1e-12 * scale)
    # the card's neutrino inputs are the NUINPUTS block
    assert doc.blocks["NUINPUTS"][2] == random_card[1]["mD11"]


def test_scalar_mixing_is_the_rotation_of_the_card(tmp_path, random_card) -> None:
    doc, _ = _spectrum(tmp_path, "--card", str(random_card[0]))
    s = random_card[1]["sth"]
    Z = _matrix(doc, "SCALARMIX", 2, 2).real
    np.testing.assert_allclose(
        Z, [[math.sqrt(1 - s * s), s], [-s, math.sqrt(1 - s * s)]], rtol=1e-15
    )


def test_round_trip_through_pyslha(tmp_path, random_card) -> None:
    doc, _ = _spectrum(tmp_path, "--card", str(random_card[0]), "--decays")
    again = pyslha.readSLHA(pyslha.writeSLHA(doc, precision=17))
    for name, block in doc.blocks.items():
        assert dict(again.blocks[name].items()) == dict(block.items()), name
    for pdg, dec in doc.decays.items():
        assert again.decays[pdg].totalwidth == dec.totalwidth
        assert [(d.br, d.ids) for d in again.decays[pdg].decays] == [
            (d.br, d.ids) for d in dec.decays
        ]


def test_decays_are_the_ir_widths(tmp_path) -> None:
    """--decays: the ALP's total width and BR(a -> gamma gamma) against the closed form
    c^2 m^3/(4 pi), c = Cgg e0^2/(16 pi^2 fa) (tests/model/test_widths_closed_form.py)."""
    doc, _ = _spectrum(tmp_path, "--decays")
    values = load_point().values
    a = doc.decays[9000005]
    assert math.fsum(d.br for d in a.decays) == pytest.approx(1, rel=1e-14, abs=0)
    aa = next(d for d in a.decays if d.ids == [22, 22])
    e0sq = 4 * math.pi / values["aEW0M1"].real
    c = values["Cgg"].real * e0sq / (16 * math.pi**2 * values["fa"].real)
    closed = c**2 * values["Ma"].real ** 3 / (4 * math.pi)
    assert aa.br * a.totalwidth == pytest.approx(closed, rel=1e-9, abs=0)
    assert doc.decays[52].totalwidth == 0.0  # chi: stable
    assert doc.decays[23].totalwidth == values["WZ"].real  # SM widths: the card's


def test_bad_input_exits_2_and_writes_nothing(tmp_path) -> None:
    out = tmp_path / "spectrum.slha"
    result = CliRunner().invoke(main, ["spectrum", "--set", "Mchi=-1", "--slha", str(out)])
    assert result.exit_code == 2
    assert "Mchi" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
