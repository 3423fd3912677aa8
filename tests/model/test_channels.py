"""The annihilation channels found in the IR, against the list read off the Lagrangian by hand."""

from __future__ import annotations

import pytest

from alpseesaw.model import build_model
from alpseesaw.model.channels import annihilation_channels, mediators

FERMIONS = ["e- e+", "mu- mu+", "ta- ta+", "d d~", "u u~", "s s~", "c c~", "b b~", "t t~"]
NEUTRAL_LEPTONS = ["nu1", "nu2", "nu3", "N1", "N2", "N3", "N4"]


@pytest.fixture(scope="module")
def channels():
    return {c.key: c for c in annihilation_channels(build_model())}


def test_final_states_are_those_of_the_lagrangian(channels) -> None:
    # By hand from (2.10), (2.12), (2.14)-(2.22): chi couples to a, phi, h (through theta); a to every
    # charged fermion, to photons, Z, W, gluons and (through Y' Phi S N) to the neutral leptons; phi
    # and h to fermions and massive vectors; the scalars to each other; t/u-channel chi gives every
    # pair of {h, phi, a}. Majorana pairs N_i N_j count once (i <= j).
    pairs = [f"{a} {b}" for i, a in enumerate(NEUTRAL_LEPTONS) for b in NEUTRAL_LEPTONS[i:]]
    bosons = ["A A", "A Z", "Z Z", "W+ W-", "g g"]
    scalars = ["h h", "h phi", "h a", "phi phi", "phi a", "a a"]
    assert sorted(channels) == sorted(FERMIONS + pairs + bosons + scalars)
    assert len(channels) == 48


@pytest.mark.parametrize(
    ("key", "labels"),
    [
        ("a a", ["s(h)", "s(phi)", "t(chi)", "u(chi)", "contact"]),
        ("phi a", ["s(a)", "t(chi)", "u(chi)", "contact"]),
        ("h a", ["s(a)", "t(chi)", "u(chi)", "contact"]),
        ("phi phi", ["s(h)", "s(phi)", "t(chi)", "u(chi)"]),
        ("A A", ["s(a)"]),
        ("g g", ["s(a)"]),
        ("A Z", ["s(a)"]),
        ("W+ W-", ["s(h)", "s(phi)", "s(a)"]),
        ("mu- mu+", ["s(h)", "s(phi)", "s(a)"]),
        ("N1 N2", ["s(h)", "s(phi)", "s(a)"]),
    ],
)
def test_diagrams_of_a_channel(channels, key: str, labels: list[str]) -> None:
    # a a: the contact term is chibar chi a a from expanding exp(i a/fa) in (2.21) to second order;
    # phi a: chibar gamma5 chi phi a from (2.22); A A: only the ALP couples to photons (2.12).
    assert [d.label for d in channels[key].diagrams] == labels


def test_roles_name_the_particles_of_each_leg(channels) -> None:
    # Legs are incoming: chi on the chi leg, chi~ on the chibar leg, anti(X) on an outgoing X's leg;
    # the internal line is the diagram's exchanged particle (or its antiparticle).
    ir = build_model()

    def anti(name: str) -> str:
        p = ir.particle(name)
        return p.antiname if name == p.name else p.name

    for state in channels.values():
        x, y = state.particles
        expected = {"chi": "chi", "chibar": "chi~", "X": anti(x), "Y": anti(y)}
        for d in state.diagrams:
            for use in d.vertices:
                for leg, role in zip(use.vertex.legs, use.roles, strict=True):
                    if role == "q":
                        assert ir.particle(leg).name == ir.particle(d.internal).name
                    else:
                        assert leg == expected[role], (state.key, d.label, use.vertex.key)


def test_no_dark_particle_in_a_final_state(channels) -> None:
    assert not any("chi" in k for k in channels)


def test_mediators() -> None:
    assert mediators(build_model()) == ("h", "phi", "a")


def test_identical_final_states_are_the_pairs_of_one_particle(channels) -> None:
    """The phase-space factor 1/2 goes to X X only: the Majorana pairs n_i n_i and the pairs of
    one self-conjugate boson (by hand from the list above), never to X Y or to f f~."""
    expected = {f"{n} {n}" for n in NEUTRAL_LEPTONS} | {
        "A A", "Z Z", "g g", "h h", "phi phi", "a a",
    }  # fmt: skip
    assert {key for key, c in channels.items() if c.identical} == expected
