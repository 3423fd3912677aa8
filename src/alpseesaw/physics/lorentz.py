"""The IR's Lorentz structures evaluated on batches, in one fixed broadcast layout.

Layout. Every array of an amplitude calculation has the shape ``(B, s1, s2, s3, s4, ...)``: the
batch, then one axis per external spin (chi, chi~, X, Y; length 1 where a leg has no spin or the
quantity does not depend on it), then component axes: ``(4,)`` for a Lorentz vector (upper
components) or a spinor, ``(4, 4)`` for a Dirac matrix. Quantities combine by numpy broadcasting,
so no contraction needs ``einsum``.

A structure (:mod:`alpseesaw.model.ir`) is compiled once into a :class:`StructurePlan`: every
Lorentz index is resolved to what it is contracted with -- a momentum (``("P", mu, k)``), a
leg's polarisation vector, the open index of the internal line, or another primitive (a dummy
between two tensors, expanded over the four basis vectors). Evaluation then needs only
Minkowski products, the Levi-Civita determinant and slashed vectors.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from alpseesaw.model.numeric import GAMMA, PROJ

_SIGN = np.array([1.0, -1.0, -1.0, -1.0])
_BASIS = np.eye(4)
PROJECTOR = {k: v.copy() for k, v in PROJ.items()}


def mdot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Minkowski product over the last axis (upper components on both sides)."""
    return (
        a[..., 0] * b[..., 0]
        - a[..., 1] * b[..., 1]
        - a[..., 2] * b[..., 2]
        - a[..., 3] * b[..., 3]
    )


def levi(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """``eps^{mu nu rho sigma} a_mu b_nu c_rho d_sigma`` with ``eps^{0123} = +1`` (upper inputs)."""
    a, b, c, d = (x * _SIGN for x in (a, b, c, d))  # lower them

    # expansion in 2x2 minors of (a, b) and (c, d)
    def m(x, y, i, j):
        return x[..., i] * y[..., j] - x[..., j] * y[..., i]

    return (m(a, b, 0, 1) * m(c, d, 2, 3) - m(a, b, 0, 2) * m(c, d, 1, 3) + m(a, b, 0, 3) * m(c, d, 1, 2)
            + m(a, b, 1, 2) * m(c, d, 0, 3) - m(a, b, 1, 3) * m(c, d, 0, 2) + m(a, b, 2, 3) * m(c, d, 0, 1))  # fmt: skip


def slash(v: np.ndarray) -> np.ndarray:
    """``v_mu gamma^mu`` for upper-component vectors ``(..., 4)``: ``(..., 4, 4)``."""
    low = v * _SIGN
    return np.tensordot(low, GAMMA, axes=([-1], [0]))


# -- compilation ----------------------------------------------------------------------------------

Source = tuple  # ("mom", leg) | ("pol", leg) | ("open",) | ("basis", dummy)


@dataclass(frozen=True)
class StructurePlan:
    """One Lorentz structure with every index resolved.

    ``factors``: scalar primitives as (kind, sources): ``("dot", (src, src))``, ``("eps", (4 srcs))``;
    ``chain``: None, ``(proj,)`` or ``(proj, src)`` for ``P`` / ``slash(src) P``;
    ``dummies``: dummies expanded over basis vectors (each a 4-term sum); ``open``: whether the
    structure keeps the internal line's vector index.
    """

    factors: tuple[tuple[str, tuple[Source, ...]], ...]
    chain: tuple | None
    dummies: tuple[int, ...]
    open: bool


def compile_structure(
    structure: tuple[tuple, ...], vector_legs: frozenset[int], open_leg: int | None
) -> StructurePlan:
    """Resolve every index of ``structure`` (legs numbered from 1).

    ``vector_legs``: legs that carry a polarisation (external vectors) or the open internal
    vector (``open_leg``); a leg index appearing once refers to that leg.
    """
    where: dict[int, list[tuple[int, int]]] = defaultdict(list)  # index -> [(primitive, slot)]
    for i, p in enumerate(structure):
        slots = _slots(p)
        for j, x in enumerate(slots):
            where[x].append((i, j))
    counts = Counter({k: len(v) for k, v in where.items()})
    momentum_of: dict[int, int] = {}  # index -> leg whose momentum it carries
    for p in structure:
        if p[0] == "P":
            momentum_of[p[1]] = p[2]

    def source(x: int, owner: int) -> Source:
        """What index x, used in primitive ``owner``, is contracted with."""
        others = [(i, j) for i, j in where[x] if i != owner]
        if x > 0 and counts[x] == 1:
            if x == open_leg:
                return ("open",)
            if x not in vector_legs:
                msg = f"index {x} of {structure} names a leg without a vector index"
                raise ValueError(msg)
            return ("pol", x)
        ((i, _j),) = others
        other = structure[i]
        if other[0] == "P":
            return ("mom", other[2])
        return ("basis", x)

    factors: list[tuple[str, tuple[Source, ...]]] = []
    chain = None
    dummies: set[int] = set()
    is_open = False
    for i, p in enumerate(structure):
        kind = p[0]
        if kind == "P":
            mu = p[1]
            partner = [(k, j) for k, j in where[mu] if k != i]
            if not partner:  # a leg's index: contract with its polarisation or leave it open
                src = source(mu, i)
                is_open |= src == ("open",)
                factors.append(("dot", (("mom", p[2]), src)))
            elif (
                structure[partner[0][0]][0] == "P" and i < partner[0][0]
            ):  # p_a . p_b, counted once
                factors.append(("dot", (("mom", p[2]), ("mom", structure[partner[0][0]][2]))))
            continue  # otherwise the partner primitive reads the momentum as its source
        if kind == "g":
            srcs = tuple(source(x, i) for x in p[1:])
            factors.append(("dot", srcs))
        elif kind == "eps":
            srcs = tuple(source(x, i) for x in p[1:])
            factors.append(("eps", srcs))
        elif kind == "chain":
            chain = (p[1],) if len(p) == 2 else (p[1], source(p[2], i))
            srcs = chain[1:]
        else:
            msg = f"unknown Lorentz primitive {p!r}"
            raise ValueError(msg)
        for s in srcs:
            if s[0] == "basis":
                dummies.add(s[1])
            is_open |= s == ("open",)
    return StructurePlan(tuple(factors), chain, tuple(sorted(dummies)), is_open)


def _slots(p: tuple) -> tuple[int, ...]:
    if p[0] == "P":
        return (p[1],)
    if p[0] == "chain":
        return tuple(p[2:])
    return tuple(p[1:])


# -- evaluation -----------------------------------------------------------------------------------


def evaluate(
    plan: StructurePlan, momenta: Mapping[int, np.ndarray], pols: Mapping[int, np.ndarray]
) -> np.ndarray:
    """Value of a structure: broadcast array, with a trailing ``(4,)`` (upper) if it is open and a
    trailing ``(4, 4)`` Dirac matrix if it has a chain (open and chain together: ``(4, 4, 4)``
    with the vector index first)."""
    if plan.open:
        # components: contract the open slot with basis vectors e_(nu) -> lower-index components
        comps = [_evaluate(plan, momenta, pols, {"open": _BASIS[nu]}) for nu in range(4)]
        low = np.stack(comps, axis=-3 if plan.chain else -1)
        sign = _SIGN.reshape((4, 1, 1)) if plan.chain else _SIGN
        return low * sign  # raise the index
    return _evaluate(plan, momenta, pols, {})


def _evaluate(plan, momenta, pols, fixed) -> np.ndarray:
    if not plan.dummies:
        return _product(plan, momenta, pols, fixed)
    total = None
    for combo in np.ndindex(*(4,) * len(plan.dummies)):
        f = dict(fixed)
        sign = 1.0
        for d, nu in zip(plan.dummies, combo, strict=True):
            f[("basis", d)] = _BASIS[nu]
            sign *= _SIGN[nu]  # e_(nu) on one side, e^(nu) = g^{nu nu} e_(nu) on the other
        term = sign * _product(plan, momenta, pols, f)
        total = term if total is None else total + term
    assert total is not None  # at least one dummy index, so at least one term
    return total


def _vector(src: Source, momenta, pols, fixed) -> np.ndarray:
    kind = src[0]
    if kind == "mom":
        return momenta[src[1]]
    if kind == "pol":
        return pols[src[1]]
    if kind == "open":
        return fixed["open"]
    return fixed[src]


def _product(plan, momenta, pols, fixed) -> np.ndarray:
    value: np.ndarray | float = 1.0
    for kind, srcs in plan.factors:
        vecs = [_vector(s, momenta, pols, fixed) for s in srcs]
        value = value * (mdot(*vecs) if kind == "dot" else levi(*vecs))
    if plan.chain is None:
        return np.asarray(value)
    proj = PROJECTOR[plan.chain[0]]
    if len(plan.chain) == 1:
        mat = np.broadcast_to(proj, (4, 4))
    else:
        mat = slash(_vector(plan.chain[1], momenta, pols, fixed)) @ proj
    return np.asarray(value)[..., None, None] * mat


CouplingEval = Callable[
    [list[np.ndarray], Mapping[int, np.ndarray], Mapping[int, np.ndarray]], np.ndarray
]


def compile_vertex(
    structures: list[tuple[tuple, ...]], vector_legs: frozenset[int], open_leg: int | None
) -> CouplingEval:
    """``f(couplings, momenta, pols) = sum_c coupling_c x structure_c`` (broadcast layout).

    Couplings are per-batch arrays; they are given the layout's trailing axes here.
    """
    plans = [compile_structure(s, vector_legs, open_leg) for s in structures]
    ncomp = [(2 if p.chain else 0) + (1 if p.open else 0) for p in plans]

    def f(
        couplings: list[np.ndarray],
        momenta: Mapping[int, np.ndarray],
        pols: Mapping[int, np.ndarray],
    ) -> np.ndarray:
        total = None
        for plan, nc, g in zip(plans, ncomp, couplings, strict=True):
            v = evaluate(plan, momenta, pols)
            full = 5 + nc
            if v.ndim < full:
                v = v.reshape((1,) * (full - v.ndim) + v.shape)
            term = g.reshape((-1,) + (1,) * (full - 1)) * v
            total = term if total is None else total + term
        assert total is not None
        return total

    return f
