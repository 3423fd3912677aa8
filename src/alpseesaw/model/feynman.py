"""Feynman rules: vertex functions of an :class:`~alpseesaw.model.algebra.FExpr`.

Convention (CalcHEP's): a vertex is the functional derivative of the Lagrangian with respect to its
legs, ``V = delta^n L / delta phi_1 ... delta phi_n``, with all momenta incoming and
``partial_mu -> -i p_mu``. The Feynman rule is ``i V``.

Legs. A boson occurrence ``phi`` is the leg of the particle it annihilates (its own name). In a
bilinear ``bar(psi_a) Gamma psi_b`` the *bar leg* is the antiparticle of ``a`` and the *field leg*
is ``b``; a vertex lists the bar leg first, the field leg second, then the bosons in a canonical
order. The spinor structure is written between them: ``Gamma_{bar leg, field leg}``.

Majorana fermions (Denner, Eckel, Kueblbeck, Sack, Nucl. Phys. B387 (1992) 467): a bilinear of
two Majorana fields contributes in both orientations, the flipped one with
``Gamma^C = C Gamma^T C^-1`` (``P -> P``, ``gamma^mu P -> -gamma^mu P'``); the bar leg is the
Majorana particle earlier in the canonical order. For ``bar(n) Gamma n`` both orientations count
(the familiar factor 2).

Structures are tuples of primitives in a canonical form:

* Lorentz: ``("g", a, b)`` metric, ``("P", mu, k)`` momentum of leg ``k``, ``("eps", a, b, c, d)``
  Levi-Civita, ``("chain", P)`` or ``("chain", P, mu)`` for ``P_{L/R}`` or ``gamma^mu P_{L/R}``;
* colour: ``("d", i, j)`` delta (fundamental: i the bar leg; or adjoint), ``("T", a, i, j)``,
  ``("f", a, b, c)``.

Indices: positive integers are legs (the vector / colour index of that leg), negative integers are
contracted dummies.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sympy as sp

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from alpseesaw.model.algebra import FExpr, Term

_FLIP = {"L": "R", "R": "L"}
_ANTISYMMETRIC = {"eps", "f"}
_SYMMETRIC = {"g", "d"}

Structure = tuple[tuple, ...]
VertexKey = tuple[str, ...]


@dataclass(frozen=True)
class LegRules:
    """What the extraction needs to know about particles.

    ``anti(name)`` is the antiparticle of a fermion (for the bar leg); ``majorana`` the
    self-conjugate fermions; ``order(name)`` the canonical position of a particle in a vertex.
    """

    anti: Callable[[str], str]
    majorana: frozenset[str]
    order: Callable[[str], tuple]


@dataclass(frozen=True)
class RawVertex:
    """Legs and ``{(colour, lorentz): [coefficient terms]}`` before simplification."""

    legs: VertexKey
    fermion_legs: bool
    structures: dict[tuple[Structure, Structure], list[sp.Expr]]


def extract(
    expr: FExpr, rules: LegRules, min_legs: int = 3, max_legs: int = 4
) -> dict[VertexKey, RawVertex]:
    """Vertex functions of every term with ``min_legs <= n <= max_legs`` fields.

    For two-point functions momentum conservation ``p_1 = -p_2`` is applied, so that terms equal
    up to a total derivative (``bar(psi) i dslash psi`` and its conjugate) give the same function.
    """
    out: dict[VertexKey, RawVertex] = {}
    for term in expr.terms:
        n = term.n_fields
        if n < min_legs or n > max_legs:
            continue
        for legs, struct, coeff in _term_vertices(term, rules, two_point=n == 2):
            rv = out.get(legs)
            if rv is None:
                rv = out[legs] = RawVertex(legs, term.bilinear is not None, defaultdict(list))
            rv.structures[struct].append(coeff)
    return out


def _term_vertices(
    term: Term, rules: LegRules, *, two_point: bool = False
) -> Iterable[tuple[VertexKey, tuple[Structure, Structure], sp.Expr]]:
    # dummy labels of the term become negative; legs are 1..n
    neg: dict[int, int] = {}

    def N(x: Any) -> int:
        if isinstance(x, str):
            msg = f"free index {x!r} left in a Lagrangian term"
            raise TypeError(msg)
        return neg.setdefault(x, -x)

    base_lorentz = [(t[0], *(N(i) for i in t[1:])) for t in term.lorentz]
    # the Lagrangian's deltas (d3 fundamental, d8 adjoint) are the symmetric delta "d" here
    base_colour = [
        ("d" if t[0] in ("d3", "d8") else t[0], *(N(i) for i in t[1:])) for t in term.colour
    ]

    # fermion orientations: (bar particle, field particle, chain, bar side, field side, sign)
    orientations = []
    bl = term.bilinear
    if bl is not None:
        pb = bl.bar if bl.bar_cc else rules.anti(bl.bar)
        pf = rules.anti(bl.field) if bl.field_cc else bl.field
        sides = ((bl.bar_colour, bl.bar_derivs), (bl.field_colour, bl.field_derivs))
        both_majorana = pb in rules.majorana and pf in rules.majorana
        if not both_majorana or rules.order(pb) <= rules.order(pf):
            orientations.append((pb, pf, bl.proj, sides[0], sides[1], 1))
        if both_majorana and rules.order(pf) <= rules.order(pb):
            # bar(a) Gamma b = bar(b) Gamma^C a;  (gamma^mu P)^C = -gamma^mu P'
            proj = _FLIP[bl.proj] if bl.gamma is not None else bl.proj
            sign = -1 if bl.gamma is not None else 1
            orientations.append((pf, pb, proj, sides[1], sides[0], sign))
    else:
        orientations.append(None)  # type: ignore[arg-type]  # bosons only: no orientation

    boson_particles = sorted((b.field for b in term.bosons), key=rules.order)
    n_ferm = 0 if bl is None else 2
    positions: dict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(boson_particles):
        positions[p].append(k + 1 + n_ferm)
    occurrences: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(term.bosons):
        occurrences[b.field].append(i)
    groups = list(positions)

    for orient in orientations:
        lorentz0 = list(base_lorentz)
        colour0 = list(base_colour)
        factor = term.coeff
        if orient is None:
            legs = tuple(boson_particles)
        else:
            pb, pf, proj, bar_side, field_side, sign = orient
            legs = (pb, pf, *boson_particles)
            factor = factor * sign
            assert bl is not None  # an orientation exists only for a fermion bilinear
            lorentz0.append(("chain", proj) if bl.gamma is None else ("chain", proj, N(bl.gamma)))
            for leg, (col, derivs) in ((1, bar_side), (2, field_side)):
                if col is not None:
                    colour0.append(("d", N(col), leg))
                for mu in derivs:
                    lorentz0.append(("P", N(mu), leg))
                    factor = _times_minus_i(factor)
        for perm in itertools.product(*(itertools.permutations(occurrences[g]) for g in groups)):
            lorentz = list(lorentz0)
            colour = list(colour0)
            f = factor
            for g, occ in zip(groups, perm, strict=True):
                for leg, i in zip(positions[g], occ, strict=True):
                    b = term.bosons[i]
                    if b.lorentz is not None:
                        lorentz.append(("g", N(b.lorentz), leg))
                    if b.colour is not None:
                        colour.append(("d", N(b.colour), leg))
                    for mu in b.derivs:
                        lorentz.append(("P", N(mu), leg))
                        f = _times_minus_i(f)
            if two_point:  # p_1 = -p_2
                flips = sum(1 for q in lorentz if q[0] == "P" and q[2] == 1)
                lorentz = [("P", q[1], 2) if q[0] == "P" else q for q in lorentz]
                f = f * (-1) ** flips
            lc = canonical(lorentz, lorentz=True)
            cc = canonical(colour, lorentz=False)
            if lc is None or cc is None:
                continue
            yield legs, (cc[1], lc[1]), f * lc[0] * cc[0]


def _times_minus_i(c: Any) -> Any:
    """``-i c`` for a SymPy coefficient or a Python number (which stays a number)."""
    return c * -1j if isinstance(c, (int, float, complex)) else c * (-sp.I)


def canonical(prims: list[tuple], *, lorentz: bool) -> tuple[int, Structure] | None:
    """Canonical form ``(sign, structure)`` of a product of primitives, or None if it vanishes.

    Contracts metrics/deltas carrying a dummy index, drops antisymmetric tensors with a repeated
    index (and ``eps`` contracted with one momentum twice), orders indices of (anti)symmetric
    tensors, and renames dummies in a canonical order.
    """
    delta = "g" if lorentz else "d"
    prims = list(prims)
    factor = 1
    # 1. eliminate deltas with a dummy index
    changed = True
    while changed:
        changed = False
        for idx, p in enumerate(prims):
            if p[0] != delta:
                continue
            a, b = p[1], p[2]
            if a >= 0 and b >= 0:
                continue
            del prims[idx]
            if a == b:
                if not lorentz:
                    msg = "colour trace delta(a,a) is not expected in this model"
                    raise ValueError(msg)
                factor *= 4
            else:
                dummy, other = (a, b) if a < 0 else (b, a)
                prims = [
                    (q[0], *(other if i == dummy else i for i in q[1:]))
                    if q[0] != "P"
                    else _sub_p(q, dummy, other)
                    for q in prims
                ]
            changed = True
            break
    # 2. vanishing structures
    for p in prims:
        if p[0] in _ANTISYMMETRIC and len(set(p[1:])) < len(p) - 1:
            return None
    if lorentz:
        mom = {p[1]: p[2] for p in prims if p[0] == "P"}
        for p in prims:
            if p[0] == "eps":
                legs_contracted = [mom[i] for i in p[1:] if i in mom]
                if len(legs_contracted) != len(set(legs_contracted)):
                    return None
    # 3. canonical dummy names and index orders
    sign = factor
    for _ in range(4):
        prims.sort(key=_masked_key)
        mapping: dict[int, int] = {}
        for p in prims:
            for i in _index_slots(p):
                if i < 0 and i not in mapping:
                    mapping[i] = -(len(mapping) + 1)
        prims = [_apply(p, mapping) for p in prims]
        new = []
        for prim in prims:
            if prim[0] in _ANTISYMMETRIC:
                s, perm = sort_with_sign(prim[1:])
                sign *= s
                new.append((prim[0], *perm))
            elif prim[0] in _SYMMETRIC:
                new.append((prim[0], *sorted(prim[1:])))
            else:
                new.append(prim)
        prims = sorted(new, key=_full_key)
    return sign, tuple(prims)


def _sub_p(q: tuple, dummy: int, other: int) -> tuple:
    return (q[0], other if q[1] == dummy else q[1], q[2])


def _index_slots(p: tuple) -> tuple:
    if p[0] == "P":
        return (p[1],)
    if p[0] == "chain":
        return p[2:]
    return p[1:]


def _apply(p: tuple, m: Mapping[int, int]) -> tuple:
    if p[0] == "P":
        return ("P", m.get(p[1], p[1]), p[2])
    if p[0] == "chain":
        return (p[0], p[1], *(m.get(i, i) for i in p[2:]))
    return (p[0], *(m.get(i, i) for i in p[1:]))


def _masked_key(p: tuple) -> tuple:
    if p[0] == "P":
        return (p[0], 0 if p[1] < 0 else 1, max(0, p[1]), p[2])
    if p[0] == "chain":
        return (p[0], p[1], *(max(i, 0) for i in p[2:]))
    return (p[0], *(max(i, 0) for i in p[1:]))


def _full_key(p: tuple) -> tuple:
    return (p[0], *(str(x) if isinstance(x, str) else x for x in p[1:]))


def sort_with_sign(idx: tuple) -> tuple[int, tuple]:
    """Sort indices of an antisymmetric tensor; return (permutation sign, sorted indices)."""
    lst = list(idx)
    sign = 1
    for i in range(len(lst)):
        for j in range(len(lst) - 1 - i):
            if lst[j] > lst[j + 1]:
                lst[j], lst[j + 1] = lst[j + 1], lst[j]
                sign = -sign
    return sign, tuple(lst)
