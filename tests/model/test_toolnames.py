"""The tools' naming rules (model/toolnames.py): written once, derived from the IR."""

from __future__ import annotations

import pytest

from alpseesaw.errors import GenerationError
from alpseesaw.model import toolnames as T


def test_calchep_names_of_the_model(ir) -> None:
    names = T.tool_names(ir)
    # CalcHEP's own SM names by PDG code, the dark sector with '~', the ALP unclashed from 'A'
    expected = {
        "e-": "e", "e+": "E", "mu-": "m", "mu+": "M", "ta-": "l", "ta+": "L",
        "u": "u", "u~": "U", "t": "t", "t~": "T", "g": "G", "A": "A", "W+": "W+", "W-": "W-",
        "h": "h", "chi": "~chi", "chi~": "~Chi", "a": "ax", "phi": "phi", "N1": "N1", "nu3": "nu3",
    }  # fmt: skip
    assert {k: names.calchep[k] for k in expected} == expected
    assert len(set(names.calchep.values())) == len(names.calchep)
    owners: dict[str, str] = {}  # names equal up to case only within a particle-antiparticle pair
    for p in ir.particles:
        for n in {names.calchep[p.name], names.calchep[p.antiname]}:
            assert owners.setdefault(n.lower(), p.name) == p.name
    assert names.ufo["a"] == "ax"
    assert names.ufo["A"] == "A"
    assert names.ufo["chi~"] == "chi~"
    assert names.parameters["gs"] == "GG"
    assert names.parts["VN11"] == ("VNr11", "VNi11")
    assert names.parfile(("Mchi", "VN11")) == {"Mchi": ("Mchi",), "VN11": ("VNr11", "VNi11")}


def test_new_particles_by_pdg_code(ir) -> None:
    new = {p.name for p in ir.particles if T.is_new(p)}
    assert new == {"a", "phi", "chi", "N1", "N2", "N3", "N4"}


@pytest.mark.parametrize(
    "bad", ["1x", "p1", "M12", "G5", "g5", "i", "I", "toolongname1", "a b", ""]
)
def test_parameter_rule(bad: str) -> None:
    assert T.parameter_problem(bad)
    with pytest.raises(GenerationError, match="not valid in CalcHEP"):
        T.check_parameter_name(bad)


def test_parameter_rule_accepts_and_predefined_names() -> None:
    assert T.parameter_problem("Mchi") == ""
    assert T.parameter_problem("VNr11") == ""
    assert T.check_parameter_name("Cgg") == "Cgg"
    with pytest.raises(GenerationError, match="predefined"):
        T.check_parameter_name("Sqrt2")


@pytest.mark.parametrize("bad", ["~Ch i", "a(1)", "x%", "abcdefghi", "", "a|b", 'a"'])
def test_particle_rule(bad: str) -> None:
    with pytest.raises(GenerationError, match="not a valid CalcHEP particle name"):
        T.check_particle_name(bad)


def test_complex_parts_and_width_names() -> None:
    assert T.complex_parts("VN12") == ("VNr12", "VNi12")
    assert T.complex_parts("muSn") == ("muSnr", "muSni")
    assert T.width_name("W+") == "wdW"
    assert T.width_name("~chi") == "wdchi"


def test_a_case_clash_suffix_goes_to_particle_and_antiparticle() -> None:
    """A Dirac particle whose CalcHEP name differs only by case from an earlier one gets the
    ``x`` on both of its names (no IR of this model has one: a synthetic particle table)."""
    from types import SimpleNamespace

    from alpseesaw.model.fields import Particle

    def dirac(name: str, anti: str, pdg: int) -> Particle:
        return Particle(name, anti, 2, 1, 0, "M" + name, "ZERO", pdg, name, "straight")

    ir = SimpleNamespace(particles=(dirac("q", "Q", 9000101), dirac("Q2", "q2", 9000102),
                                    dirac("psi", "psibar", 9000103), dirac("PSI", "PSIbar", 9000104)),
                         parameters=())  # fmt: skip
    names = T._tool_names(ir)
    assert names.calchep["PSI"] == "PSIx"
    assert names.calchep["PSIbar"] == "PSIbarx"
    assert names.calchep["psibar"] == "psibar"
    assert names.ufo["PSIbar"] == "PSIbarx"
