"""Numerical evaluation of the IR's Lorentz and colour structures.

Used to test vertices against hand formulas and to compare output formats vertex by vertex.

Lorentz: every primitive is a tensor with upper indices. An index that appears once is a leg's
vector index and is contracted with that leg's polarisation vector (lowered); a dummy appears
twice and is contracted through ``g_{mu nu}``, ``g = diag(1, -1, -1, -1)``. ``("P", mu, k)`` is the
momentum of leg ``k``. A fermion chain leaves a 4x4 Dirac matrix (rows: bar leg, columns: field
leg); Dirac representation, ``gamma5 = i gamma^0 gamma^1 gamma^2 gamma^3``,
``P_{L,R} = (1 -+ gamma5)/2``, ``eps^{0123} = +1``.

Colour: ``T^a = lambda^a / 2`` (Gell-Mann), ``f^{abc}`` from ``[T^a, T^b] = i f^{abc} T^c``;
legs get index values, dummies are summed.
"""

from __future__ import annotations

import itertools
import string
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

METRIC = np.diag([1.0, -1.0, -1.0, -1.0]).astype(complex)

_I2 = np.eye(2, dtype=complex)
_Z2 = np.zeros((2, 2), dtype=complex)
_SIGMA = (
    np.array([[0, 1], [1, 0]], dtype=complex),
    np.array([[0, -1j], [1j, 0]], dtype=complex),
    np.array([[1, 0], [0, -1]], dtype=complex),
)
GAMMA = np.array(
    [np.block([[_I2, _Z2], [_Z2, -_I2]])] + [np.block([[_Z2, s], [-s, _Z2]]) for s in _SIGMA]
)
GAMMA5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
PROJ = {"L": (np.eye(4) - GAMMA5) / 2, "R": (np.eye(4) + GAMMA5) / 2}


def _levi_civita(n: int) -> np.ndarray:
    eps = np.zeros((n,) * n)
    for perm in itertools.permutations(range(n)):
        inversions = sum(1 for i in range(n) for j in range(i + 1, n) if perm[i] > perm[j])
        eps[perm] = -1.0 if inversions % 2 else 1.0
    return eps


EPS_UPPER = _levi_civita(4).astype(complex)

_SPINOR = ("row", "col")


def evaluate_lorentz(
    structure: Sequence[tuple],
    momenta: Mapping[int, np.ndarray],
    polarisations: Mapping[int, np.ndarray],
) -> complex | np.ndarray:
    """Value of a Lorentz structure; a 4x4 matrix if it holds a fermion chain."""
    ops: list[tuple[np.ndarray, list]] = []
    has_chain = False
    for p in structure:
        kind = p[0]
        if kind == "g":
            ops.append((METRIC, [p[1], p[2]]))  # g^{mu nu} = diag(1,-1,-1,-1) as well
        elif kind == "P":
            ops.append((np.asarray(momenta[p[2]], dtype=complex), [p[1]]))
        elif kind == "eps":
            ops.append((EPS_UPPER, list(p[1:])))
        elif kind == "chain":
            has_chain = True
            if len(p) == 2:
                ops.append((PROJ[p[1]], list(_SPINOR)))
            else:
                ops.append((np.einsum("mab,bc->mac", GAMMA, PROJ[p[1]]), [p[2], *_SPINOR]))
        else:
            msg = f"unknown Lorentz primitive {p!r}"
            raise ValueError(msg)
    counts = Counter(lab for _, labs in ops for lab in labs if lab not in _SPINOR)
    for lab, n in counts.items():
        if n == 1:  # a leg's vector index
            ops.append((METRIC @ np.asarray(polarisations[lab], dtype=complex), [lab]))
        elif n == 2:  # a dummy: the second occurrence becomes a fresh label, joined by g_{mu nu}
            for i in range(len(ops) - 1, -1, -1):
                arr, labs = ops[i]
                if lab in labs:
                    j = len(labs) - 1 - labs[::-1].index(lab)
                    ops[i] = (arr, [*labs[:j], (lab, "'"), *labs[j + 1 :]])
                    break
            ops.append((METRIC, [lab, (lab, "'")]))
        else:
            msg = f"index {lab!r} appears {n} times"
            raise ValueError(msg)
    if not ops:  # a scalar vertex: the structure is 1
        return 1.0 + 0j
    return _einsum(ops, list(_SPINOR) if has_chain else [])


def _einsum(ops: list[tuple[np.ndarray, list]], out: list) -> complex | np.ndarray:
    letters: dict[object, str] = {}
    pool = iter(string.ascii_letters)
    subs = []
    for _, labs in ops:
        subs.append("".join(letters.setdefault(lab, next(pool)) for lab in labs))
    result = np.einsum(
        ",".join(subs) + "->" + "".join(letters[o] for o in out), *(a for a, _ in ops)
    )
    return result if out else complex(result)


def _gell_mann() -> np.ndarray:
    lam = np.zeros((8, 3, 3), dtype=complex)
    lam[0][0, 1] = lam[0][1, 0] = 1
    lam[1][0, 1], lam[1][1, 0] = -1j, 1j
    lam[2][0, 0], lam[2][1, 1] = 1, -1
    lam[3][0, 2] = lam[3][2, 0] = 1
    lam[4][0, 2], lam[4][2, 0] = -1j, 1j
    lam[5][1, 2] = lam[5][2, 1] = 1
    lam[6][1, 2], lam[6][2, 1] = -1j, 1j
    lam[7] = np.diag([1, 1, -2]) / np.sqrt(3)
    return lam / 2


T_FUND = _gell_mann()
# f^{abc} = -2 i Tr([T^a, T^b] T^c)
F_ADJ = np.real(
    -2j * np.einsum("aij,bjk,cki->abc", T_FUND, T_FUND, T_FUND)
    + 2j * np.einsum("bij,ajk,cki->abc", T_FUND, T_FUND, T_FUND)
)


def evaluate_colour(
    structure: Sequence[tuple], indices: Mapping[int, int | np.ndarray], dims: Mapping[int, int]
) -> complex:
    """Value of a colour structure for the legs' colour indices (0-based); dummies summed.

    ``dims[leg]`` is 3 for a (anti)quark leg and 8 for a gluon leg. An index may also be a vector
    of ``dims[leg]`` components: the leg in that superposition of colour states.
    """
    ops: list[tuple[np.ndarray, list]] = []
    for p in structure:
        kind = p[0]
        if kind == "d":
            leg = p[1] if p[1] > 0 else p[2]
            ops.append((np.eye(dims[leg], dtype=complex), [p[1], p[2]]))
        elif kind == "T":
            ops.append((T_FUND, [p[1], p[2], p[3]]))
        elif kind == "f":
            ops.append((F_ADJ.astype(complex), [p[1], p[2], p[3]]))
        else:
            msg = f"unknown colour primitive {p!r}"
            raise ValueError(msg)
    for lab in sorted({lab for _, labs in ops for lab in labs if lab > 0}):
        index = indices[lab]
        if isinstance(index, np.ndarray):
            vec = index.astype(complex)
        else:
            vec = np.zeros(dims[lab], dtype=complex)
            vec[index] = 1
        ops.append((vec, [lab]))
    if not ops:
        return 1.0 + 0j
    return complex(_einsum(ops, []))


def coupling_value(value, params: Mapping[str, complex]) -> complex:
    """A coupling expression evaluated at parameter values."""
    return complex(value.xreplace({s: params[s.name] for s in value.free_symbols}))


def vertex_value(
    vertex,
    params: Mapping[str, complex],
    momenta: Mapping[int, np.ndarray],
    polarisations: Mapping[int, np.ndarray],
    colours: Mapping[int, int] | None = None,
    dims: Mapping[int, int] | None = None,
) -> complex | np.ndarray:
    """``sum_c value_c x lorentz_c x colour_c`` of an IR vertex (a 4x4 matrix for fermions)."""
    total: complex | np.ndarray = 0j
    for c in vertex.couplings:
        col = evaluate_colour(c.colour, colours or {}, dims or {}) if c.colour else 1.0
        total = total + coupling_value(c.value, params) * col * evaluate_lorentz(
            c.lorentz, momenta, polarisations
        )
    return total
