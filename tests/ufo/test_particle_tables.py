"""Every particle of the model as the PDG book, the MC numbering scheme and the paper say it is,
in each tool's own particle table: CalcHEP's prtcls1.mdl, LanHEP's particle statements and the
UFO's particles.py (loaded as a UFO consumer loads it).

The table below is written by hand, not read from the IR: PDG codes of the SM states (PDG
Review, "Monte Carlo particle numbering scheme"), 52 for a spin-1/2 dark-matter fermion (same
scheme, codes 51-53), 9900012-9900018 for heavy neutrinos (MadGraph's and Pythia's HeavyN
convention), 9000005 for the ALP (the ALP_linear UFO's), 9000006 for the radial mode phi (this
model's); spins, colours and charges from Table 1 of the paper (Dirac chi, Majorana nu and N).
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from alpseesaw.generators import calchep, lanhep
from alpseesaw.model.toolnames import tool_names, width_name
from alpseesaw.validation import calchep_eval as ce

F = Fraction
#: IR name -> (PDG code, spin, colour, electric charge)
PARTICLES: dict[str, tuple[int, F, int, F]] = {
    "e-": (11, F(1, 2), 1, F(-1)), "mu-": (13, F(1, 2), 1, F(-1)), "ta-": (15, F(1, 2), 1, F(-1)),
    "nu1": (12, F(1, 2), 1, F(0)), "nu2": (14, F(1, 2), 1, F(0)), "nu3": (16, F(1, 2), 1, F(0)),
    "N1": (9900012, F(1, 2), 1, F(0)), "N2": (9900014, F(1, 2), 1, F(0)),
    "N3": (9900016, F(1, 2), 1, F(0)), "N4": (9900018, F(1, 2), 1, F(0)),
    "d": (1, F(1, 2), 3, F(-1, 3)), "u": (2, F(1, 2), 3, F(2, 3)), "s": (3, F(1, 2), 3, F(-1, 3)),
    "c": (4, F(1, 2), 3, F(2, 3)), "b": (5, F(1, 2), 3, F(-1, 3)), "t": (6, F(1, 2), 3, F(2, 3)),
    "chi": (52, F(1, 2), 1, F(0)),
    "A": (22, F(1), 1, F(0)), "Z": (23, F(1), 1, F(0)), "W+": (24, F(1), 1, F(1)),
    "g": (21, F(1), 8, F(0)),
    "h": (25, F(0), 1, F(0)), "phi": (9000006, F(0), 1, F(0)), "a": (9000005, F(0), 1, F(0)),
}  # fmt: skip
#: their own antiparticles: the Majorana neutrinos and the neutral bosons
SELF_CONJUGATE = {"nu1", "nu2", "nu3", "N1", "N2", "N3", "N4", "A", "Z", "g", "h", "phi", "a"}
#: the states with a width (every other one is stable or, for the light fermions, taken so)
UNSTABLE = {"t", "Z", "W+", "h", "phi", "a", "N1", "N2", "N3", "N4"}
#: the massless states (the light neutrinos have masses; the model is in unitary gauge)
MASSLESS = {"A", "g"}


def test_the_hand_table_is_the_whole_model(ir) -> None:
    assert {p.name for p in ir.particles} == set(PARTICLES)


def test_calchep_prtcls_rows(ir, card) -> None:
    names = tool_names(ir).calchep
    text = calchep.generate(ir, card)["prtcls1.mdl"]
    rows = {r[1]: r for r in ce._rows(text)}
    assert len(rows) == len(PARTICLES)
    for name, (pdg, spin, colour, _charge) in PARTICLES.items():
        _full, a, anti, pdg_s, spin2, mass, width, col, aux = rows.pop(names[name])[:9]
        assert pdg_s == str(pdg), name
        assert spin2 == str(2 * spin), name  # the column is 2*spin
        assert col == str(colour), name
        assert (anti == a) == (name in SELF_CONJUGATE), name
        assert (mass == "0") == (name in MASSLESS), name
        # "!" before a width: CalcHEP computes it at every point (automatic width)
        assert width == ("!" + width_name(a) if name in UNSTABLE else "0"), name
        # a massless vector is a gauge field: CalcHEP's aux G (its gauge-fixing sector)
        assert aux == ("G" if name in MASSLESS else ""), name


_STATEMENT = re.compile(r"^(scalar|spinor|vector) (\S+)/(\S+): \('[^']*', (.*)\)\.$")


def test_lanhep_particle_statements(ir, card) -> None:
    names = tool_names(ir).calchep
    text = lanhep.generate(ir, card)["model.lhp"]
    found = {}
    for line in text.splitlines():
        m = _STATEMENT.match(line)
        if m:
            kind, a, anti, opts = m.groups()
            found[a.strip("'")] = (kind, anti.strip("'"), opts.split(", "))
    assert len(found) == len(PARTICLES)
    kinds = {F(0): "scalar", F(1, 2): "spinor", F(1): "vector"}
    for name, (pdg, spin, colour, _charge) in PARTICLES.items():
        a = names[name]
        kind, anti, opts = found.pop(a)
        assert kind == kinds[spin], name
        assert f"pdg {pdg}" in opts, name
        assert (anti == a) == (name in SELF_CONJUGATE), name
        assert [o for o in opts if o.startswith("color")] == (
            [f"color c{colour}"] if colour != 1 else []
        ), name
        assert (f"width {width_name(a)} = auto" in opts) == (name in UNSTABLE), name
        assert ("gauge" in opts) == (name in MASSLESS), name
        assert any(o.startswith("mass ") for o in opts) == (name not in MASSLESS), name


def test_ufo_particles(ir, ufo_module) -> None:
    names = tool_names(ir).ufo
    by_name = {p.name: p for p in ufo_module.all_particles}
    for name, (pdg, spin, colour, charge) in PARTICLES.items():
        p = by_name[names[name]]
        assert p.pdg_code == pdg, name
        assert p.spin == 2 * spin + 1, name  # the UFO's spin is 2s + 1
        assert p.color == colour, name
        assert Fraction(p.charge).limit_denominator(3) == charge, name
        assert p.charge == pytest.approx(float(charge), rel=1e-15), name
        assert p.selfconjugate == (name in SELF_CONJUGATE), name
        assert (p.width.name != "ZERO") == (name in UNSTABLE), name
        assert (p.mass.name == "ZERO") == (name in MASSLESS), name
        if name not in SELF_CONJUGATE:
            bar = by_name[p.antiname]
            assert (bar.pdg_code, bar.charge) == (-pdg, -p.charge), name
    w_minus = by_name[names["W-"]]
    assert "+" in by_name[names["W+"]].texname
    assert "-" in w_minus.texname
    assert by_name[names["W+"]].antitexname == w_minus.texname
