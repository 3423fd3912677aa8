"""The intermediate representation: frozen, deterministic, complete."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from alpseesaw.model import build_model


def test_ir_is_frozen(ir) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ir.name = "x"  # type: ignore[misc]
    assert isinstance(ir.vertices, tuple)
    assert isinstance(ir.vertices[0].couplings, tuple)


def test_pdg_codes(ir) -> None:
    pdg = {p.name: p.pdg for p in ir.particles}
    assert pdg["chi"] == 52
    assert pdg["a"] == 9000005
    assert pdg["phi"] == 9000006
    assert [pdg[f"N{k}"] for k in range(1, 5)] == [9900012, 9900014, 9900016, 9900018]
    assert len(set(pdg.values())) == len(pdg)


def test_heavy_neutrinos_in_mass_order(ir, values) -> None:
    masses = [values[ir.particle(f"N{k}").mass] for k in range(1, 5)]
    assert masses == sorted(masses)


def test_every_particle_has_its_parameters(ir) -> None:
    names = {p.name for p in ir.parameters}
    for p in ir.particles:
        assert p.mass == "ZERO" or p.mass in names
        assert p.width == "ZERO" or p.width in names
    # unstable new states have width parameters (not ZERO)
    for name in ("a", "phi", "N1", "N2", "N3", "N4"):
        assert ir.particle(name).width != "ZERO"
    assert ir.particle("chi").width == "ZERO"
    assert ir.particle("chi").dark


def test_parameters_in_dependency_order(ir) -> None:
    seen = set()
    for p in ir.parameters:
        if p.expr is not None:
            assert {s.name for s in p.expr.free_symbols} <= seen, p.name
        seen.add(p.name)


def test_vertex_fields_are_particles_and_at_most_four(ir) -> None:
    for v in ir.vertices:
        assert 3 <= len(v.legs) <= 4
        for leg in v.legs:
            ir.particle(leg)
        for c in v.couplings:
            for s in c.value.free_symbols:
                ir.parameter(s.name)


def test_vertex_fermion_count_is_its_spin_one_half_legs(ir) -> None:
    # n_fermions (read by the UFO and LanHEP writers and the channel finder) must count the legs of
    # spin 1/2 (2S + 1 = 2): two or none in a renormalisable or dimension-5 vertex of this model
    for v in ir.vertices:
        assert v.n_fermions == sum(ir.particle(leg).spin == 2 for leg in v.legs) in (0, 2), v.key


def test_hash_is_reproducible_across_processes(ir) -> None:
    code = "from alpseesaw.model import build_model; print(build_model().hash)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ir.hash


def test_modes_differ(ir) -> None:
    unbroken = build_model("unbroken")
    assert unbroken.hash != ir.hash
    assert unbroken.vertex("A", "W+", "W-", "a")  # contact term from the non-abelian W Wtilde
    with pytest.raises(KeyError):
        ir.vertex("A", "W+", "W-", "a")


@pytest.mark.parametrize("mode", ["broken", "unbroken"])
def test_no_parameter_names_differ_only_by_case(mode: str) -> None:
    # CalcHEP and ufo-model-loader cannot tell such names apart (CBB vs a b-quark Cbb)
    from alpseesaw.model.inputs import parameter_set

    names = parameter_set(mode).names()
    lowered = [n.lower() for n in names]
    assert len(set(lowered)) == len(lowered)
