"""Symmetry breaking and the mass basis (unitary gauge).

* Eq (2.2): ``H = (G+, (v + h' + i G0)/sqrt2)``, ``Phi = (fa + phi')/sqrt2 exp(i a/fa)`` (fa = v_phi,
  eq 2.8); in unitary gauge ``G+ = G0 = 0``. The exponential is expanded to the order that can
  reach a four-field vertex.
* Eq (2.3): ``h' = c h - s phi``, ``phi' = s h + c phi`` (the inverse of the rotation (2.3)).
* Eq (2.11): ``W3 = cw Z + sw A``, ``B = -sw Z + cw A``; ``W1 = (W+ + W-)/sqrt2``,
  ``W2 = i (W+ - W-)/sqrt2``; the couplings ``g = ee/sw``, ``g' = ee/cw``.
* Charged fermions: ``f_L = P_L f``, ``f_R = P_R f`` (Dirac; no quark mixing).
* Neutral leptons, with the Takagi matrix ``V`` of eq (2.19) (see :mod:`alpseesaw.model.neutrinos`):
  ``nu_L,a = V*_{a k} P_L n_k``, ``N_R,i = V_{3+i, k} P_R n_k``, ``S_L,I = V*_{5+I, k} P_L n_k``
  with the Majorana mass eigenstates ``n_k = (nu1, nu2, nu3, N1, ..., N4)`` in ascending mass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from alpseesaw.model.algebra import (
    COLOUR_SLOT,
    LORENTZ_SLOT,
    Component,
    FExpr,
    substitute,
    substitute_fermions,
)
from alpseesaw.model.fields import DOWN, GENERATIONS, LEPTON, UP

if TYPE_CHECKING:
    from alpseesaw.model.parameters import ParameterSet

#: Mass eigenstates of the neutral leptons, in the order of the Takagi factorisation.
NEUTRAL_LEPTONS = ("nu1", "nu2", "nu3", "N1", "N2", "N3", "N4")

#: Highest power of a/fa kept in exp(i a/fa): a vertex has at most four fields.
EXP_ORDER = 4


@dataclass(frozen=True)
class MassBasis:
    """Substitution rules from the unbroken-phase fields to the mass basis."""

    bosons: dict[str, FExpr]
    fermions: dict[str, tuple[Component, ...]]
    couplings: dict[sp.Symbol, sp.Expr]
    majorana: frozenset[str]


def _exp_ia(fa: sp.Symbol, sign: int) -> FExpr:
    """``exp(sign i a/fa)`` up to ``EXP_ORDER``."""
    out = FExpr.const(1)
    term = FExpr.const(1)
    for n in range(1, EXP_ORDER + 1):
        term = term * FExpr.field("a").scale(sign * sp.I / (fa * n))
        out = out + term
    return out


def mass_basis(params: ParameterSet) -> MassBasis:
    s = params.symbol
    sq2 = sp.sqrt(2)
    c, sn = s("cth"), s("sth")
    hprime = FExpr.field("h").scale(c) - FExpr.field("phi").scale(sn)
    phiprime = FExpr.field("h").scale(sn) + FExpr.field("phi").scale(c)
    H0 = (FExpr.const(s("v")) + hprime).scale(1 / sq2)
    radial = (FExpr.const(s("fa")) + phiprime).scale(1 / sq2)
    L = LORENTZ_SLOT
    Wp, Wm = FExpr.field("W+", L), FExpr.field("W-", L)
    Z, A = FExpr.field("Z", L), FExpr.field("A", L)
    sw, cw = s("sw"), s("cw")
    bosons = {
        "Hp": FExpr(),
        "Hp*": FExpr(),
        "H0": H0,
        "H0*": H0,
        "Phi": radial * _exp_ia(s("fa"), +1),
        "Phi*": radial * _exp_ia(s("fa"), -1),
        "W1": (Wp + Wm).scale(1 / sq2),
        "W2": (Wp - Wm).scale(sp.I / sq2),
        "W3": Z.scale(cw) + A.scale(sw),
        "B": Z.scale(-sw) + A.scale(cw),
        "G": FExpr.field("g", L, COLOUR_SLOT),
    }
    fermions: dict[str, tuple[Component, ...]] = {}
    one = sp.Integer(1)
    for i in GENERATIONS:
        for kind, name in (("e", f"{LEPTON[i - 1]}-"), ("u", UP[i - 1]), ("d", DOWN[i - 1])):
            fermions[f"{kind}L{i}"] = (Component(one, name, "L"),)
            fermions[f"{kind}R{i}"] = (Component(one, name, "R"),)
    fermions["chiL"] = (Component(one, "chi", "L"),)
    fermions["chiR"] = (Component(one, "chi", "R"),)

    def V(a: int, k: int) -> sp.Symbol:
        return s(f"VN{a}{k}")

    ks = range(1, 8)
    for al in GENERATIONS:
        fermions[f"nuL{al}"] = tuple(
            Component(sp.conjugate(V(al, k)), NEUTRAL_LEPTONS[k - 1], "L") for k in ks
        )
    for i in (1, 2):
        fermions[f"NR{i}"] = tuple(Component(V(3 + i, k), NEUTRAL_LEPTONS[k - 1], "R") for k in ks)
        fermions[f"SL{i}"] = tuple(
            Component(sp.conjugate(V(5 + i, k)), NEUTRAL_LEPTONS[k - 1], "L") for k in ks
        )
    couplings = {s("g"): s("ee") / sw, s("gp"): s("ee") / cw}
    return MassBasis(bosons, fermions, couplings, frozenset(NEUTRAL_LEPTONS))


def to_mass_basis(expr: FExpr, mb: MassBasis, max_fields: int = 4) -> FExpr:
    """Rewrite an unbroken-phase expression in the mass basis, keeping up to ``max_fields`` fields."""
    out = substitute(expr, mb.bosons, max_fields=max_fields)
    out = substitute_fermions(out, mb.fermions, mb.majorana)
    subs = mb.couplings
    return out.map_coeffs(lambda c: c.xreplace(subs))
