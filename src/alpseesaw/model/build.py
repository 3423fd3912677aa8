"""Lagrangian -> mass basis -> Feynman rules -> :class:`~alpseesaw.model.ir.ModelIR`."""

from __future__ import annotations

import os
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

import sympy as sp

from alpseesaw.model.fields import Particle, particles
from alpseesaw.model.inputs import parameter_set, qed_power
from alpseesaw.model.ir import Coupling, IRParameter, ModelIR, TermInfo, Vertex, model_hash

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from alpseesaw.model.algebra import FExpr
    from alpseesaw.model.feynman import LegRules
    from alpseesaw.model.lagrangian import LagrangianTerm
    from alpseesaw.model.parameters import ParameterSet

# The Lagrangian's modules (lagrangian, breaking, algebra, feynman) are imported where the IR is
# built from the source: an IR read from the snapshot needs none of them.

MODEL_NAME = "alpseesaw_ISS_ALP_DM"


def leg_rules(parts: tuple[Particle, ...] | None = None) -> LegRules:
    """Leg conventions for the mass-basis particles (canonical order = the particle table)."""
    from alpseesaw.model.feynman import LegRules

    parts = parts or particles()
    anti: dict[str, str] = {}
    order: dict[str, tuple[int, int]] = {}
    for i, p in enumerate(parts):
        anti[p.name], anti[p.antiname] = p.antiname, p.name
        order[p.name] = (i, 0)
        order.setdefault(p.antiname, (i, 1))
    return LegRules(
        anti=anti.__getitem__,
        majorana=frozenset(p.name for p in parts if p.majorana),
        order=order.__getitem__,
    )


def mass_basis_lagrangian(
    params: ParameterSet, terms: tuple[LagrangianTerm, ...], max_fields: int = 4
) -> FExpr:
    """The whole Lagrangian in the mass basis (unitary gauge), up to ``max_fields`` fields."""
    from alpseesaw.model.algebra import FExpr
    from alpseesaw.model.breaking import mass_basis, to_mass_basis

    mb = mass_basis(params)
    out = FExpr()
    for t in terms:
        out = out + to_mass_basis(t.expr, mb, max_fields=max_fields)
    return out


def _is_zero(expr: sp.Expr, sw: sp.Symbol, cw: sp.Symbol) -> bool:
    """Exactly zero, using sw^2 + cw^2 = 1 (the only identity the couplings need)."""
    if expr == 0:
        return True
    if expr.has(sw) and expr.has(cw):
        return sp.expand(expr.xreplace({sw: sp.sqrt(1 - cw**2)})) == 0
    return False


def vertices_from(expr: FExpr, params: ParameterSet, rules: LegRules) -> tuple[Vertex, ...]:
    """Simplified, non-vanishing vertices with 3 or 4 legs, in a deterministic order."""
    from alpseesaw.model.feynman import extract

    sw, cw = params.symbol("sw"), params.symbol("cw")
    out = []
    for legs, raw in extract(expr, rules, min_legs=3, max_legs=4).items():
        couplings = []
        for (colour, lorentz), coeffs in raw.structures.items():
            value = sp.Add(*coeffs)
            if any(
                isinstance(f, sp.Add) for t in sp.Add.make_args(value) for f in sp.Mul.make_args(t)
            ):
                value = sp.expand_mul(value)  # products of sums do not occur today; stay general
            if _is_zero(value, sw, cw):
                continue
            couplings.append(Coupling(colour, lorentz, value))  # expanded: a sum of products
        if couplings:
            couplings.sort(key=lambda c: (repr(c.colour), repr(c.lorentz)))
            out.append(Vertex(legs, tuple(couplings), 2 if raw.fermion_legs else 0))
    order = rules.order
    out.sort(key=lambda v: (len(v.legs), [order(x) for x in v.legs]))
    return tuple(out)


def ir_parameters(params: ParameterSet) -> tuple[IRParameter, ...]:
    values = params.evaluate()
    out = [
        IRParameter(
            name=p.name, kind="external", value=p.default, unit=p.unit, description=p.description,
            slha=(p.block, p.index), allowed=p.allowed, texname=p.texname,
        )
        for p in params.externals
    ]  # fmt: skip
    internals = {p.name: p for p in params.internals}
    blocks = {o: b for b in params.numeric_blocks for o in b.outputs}
    for name in params.evaluation_order:
        if name in internals:
            p = internals[name]
            out.append(
                IRParameter(
                    name,
                    "internal",
                    values[name],
                    p.unit,
                    p.description,
                    expr=p.expr,
                    is_complex=p.is_complex,
                    texname=p.texname,
                )
            )
        elif name in blocks:
            b = blocks[name]
            out.append(
                IRParameter(
                    name,
                    "numeric",
                    values[name],
                    b.units.get(name, "1"),
                    f"output of the {b.name} block: {b.description}",
                    is_complex=name in b.complex_outputs,
                    block=b.name,
                )
            )
    return tuple(replace(p, qed=qed_power(p.name)) for p in out)


@cache
def model_mass_lagrangian(alp_gauge: str = "broken") -> FExpr:
    """The model's Lagrangian in the mass basis (cached per process: the IR and ``model check``
    both start from it; an :class:`FExpr` is immutable)."""
    from alpseesaw.model.lagrangian import lagrangian

    params = parameter_set(alp_gauge)
    return mass_basis_lagrangian(params, lagrangian(params, alp_gauge))


@cache
def build_model(alp_gauge: str = "broken") -> ModelIR:
    """The frozen IR (cached per process; the IR is immutable).

    Read from the shipped snapshot when its key matches the model's source
    (:mod:`alpseesaw.model.snapshot`), else built from the Lagrangian; ``ALPSEESAW_IR_SOURCE=1``
    always builds from the Lagrangian."""
    if os.environ.get("ALPSEESAW_IR_SOURCE") != "1":
        from alpseesaw.model.snapshot import load

        ir = load(alp_gauge)
        if ir is not None:
            return ir
    return assemble_model(alp_gauge)


def assemble_model(
    alp_gauge: str = "broken",
    extra_terms: Callable[[ParameterSet], Sequence[LagrangianTerm]] | None = None,
) -> ModelIR:
    """The IR of the model's Lagrangian plus ``extra_terms(params)`` (not cached).

    The hook lets a study (or a test) add an operator to the Lagrangian; everything downstream
    (vertices, widths, channels, relic density, generators) follows from the IR alone.
    """
    from alpseesaw.model.lagrangian import lagrangian

    params = parameter_set(alp_gauge)
    terms = lagrangian(params, alp_gauge)
    if extra_terms is not None:
        terms = (*terms, *extra_terms(params))
    parts = particles()
    rules = leg_rules(parts)
    mass = (
        model_mass_lagrangian(alp_gauge)
        if extra_terms is None
        else mass_basis_lagrangian(params, terms)
    )
    vertices = vertices_from(mass, params, rules)
    info = tuple(TermInfo(t.name, t.equation, t.phase, t.pq, t.note, len(t.expr)) for t in terms)
    ir = ModelIR(
        name=MODEL_NAME,
        options=(("alp_gauge", alp_gauge),),
        particles=parts,
        parameters=ir_parameters(params),
        vertices=vertices,
        lagrangian=info,
        parameter_set=params,
    )
    return ModelIR(**{**ir.__dict__, "hash": model_hash(ir)})
