"""Tree-level two-body partial widths, derived symbolically from the IR's 3-point vertices.

For a decay ``X -> Y Z`` the IR vertex with the (incoming) legs ``{X, anti(Y), anti(Z)}`` gives
the amplitude. Its Lorentz structures ``S_j`` (with coupling values ``c_j``; Feynman rule
``i sum_j c_j S_j``) are evaluated with explicit components in the rest frame of ``X``
(``p_X = (M, 0, 0, 0)``, ``p_Y = (E_1, 0, 0, k)``, ``p_Z = (E_2, 0, 0, -k)``), so one routine covers
every Lorentz class the model has -- S -> f f, S -> V V (metric, momentum and Levi-Civita
structures), S -> S S (derivative couplings included), F -> F V, F -> F S, V -> f f -- without a
formula per class:

* spins are summed with the projectors ``p-slash + m`` (``u``) and ``p-slash - m`` (``v``); a
  fermion on the *bar leg* of the vertex is an outgoing particle (``u-bar``) or the incoming
  decaying antiparticle (``v-bar``), one on the *field leg* the incoming particle (``u``) or an
  outgoing antiparticle (``v``). For Majorana fermions these are Denner's rules (the IR vertex
  already holds both Wick orientations), so ``h -> N N`` carries the familiar factor 2 in the
  vertex and 1/2 for identical particles in the phase space;
* vector polarisations are summed with ``-g + k k / M^2`` (massive) or ``-g`` (massless; the
  structure is checked to be transverse, otherwise :class:`~alpseesaw.errors.ModelError`);
* colour: ``sum |C|^2`` over all colour indices, divided by the parent's colour dimension;
* the parent's spin is averaged (1, 2 or 3 states); identical final particles get a factor 1/2.

Then ``Gamma = S |M|^2 k / (8 pi M^2)`` with ``k = sqrt(lambda(M^2, m_1^2, m_2^2)) / (2 M)``. The
kinematic kernel ``K_jl`` (``|M|^2 = sum_jl c_j conj(c_l) K_jl``) depends only on the Lorentz
structures and on which legs are massless, so it is computed once per shape (cached).

Widths are SymPy expressions in the IR's parameter symbols (GeV). Conventions of the Lorentz
primitives: those of :mod:`alpseesaw.model.ir` (incoming momenta, ``eps^{0123} = +1``, Dirac
representation); the result is convention independent.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy as sp

from alpseesaw.errors import ModelError
from alpseesaw.model.ir import once_per_node

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from alpseesaw.model.ir import ModelIR, Vertex

#: New (non-SM) states whose decays the generators need: the ALP, the radial mode phi, the dark
#: fermion chi (stable in this model: it has no 2-body channel) and the heavy neutrinos.
NEW_STATES: tuple[str, ...] = ("a", "phi", "chi", "N1", "N2", "N3", "N4")

# -- symbolic Dirac algebra (Dirac representation, as alpseesaw.model.numeric) -------------------
_I = sp.I
_SIG = (sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -_I], [_I, 0]]), sp.Matrix([[1, 0], [0, -1]]))
_Z2 = sp.zeros(2)
_E2 = sp.eye(2)
GAMMA_S = (
    sp.Matrix(sp.BlockMatrix([[_E2, _Z2], [_Z2, -_E2]])),
    *(sp.Matrix(sp.BlockMatrix([[_Z2, s], [-s, _Z2]])) for s in _SIG),
)
GAMMA5_S = _I * GAMMA_S[0] * GAMMA_S[1] * GAMMA_S[2] * GAMMA_S[3]
PROJ_S = {"L": (sp.eye(4) - GAMMA5_S) / 2, "R": (sp.eye(4) + GAMMA5_S) / 2}
METRIC_DIAG = (1, -1, -1, -1)

# kinematic symbols of the kernel
_M0 = sp.Symbol("M_0", positive=True)
_M1 = sp.Symbol("m_1", nonnegative=True)
_M2 = sp.Symbol("m_2", nonnegative=True)
_E1 = sp.Symbol("E_1", positive=True)
_EE2 = sp.Symbol("E_2", positive=True)
_K = sp.Symbol("k", positive=True)


@dataclass(frozen=True)
class PartialWidth:
    """``parent -> products`` at tree level through the IR vertex ``vertex``; ``width`` in GeV.

    ``width`` is a SymPy expression of the IR parameters; it is real for kinematically open
    channels (``mass(parent) > sum of product masses``); see :func:`is_open`.
    """

    parent: str
    products: tuple[str, str]
    vertex: tuple[str, ...]
    width: sp.Expr


def kallen(a: sp.Expr, b: sp.Expr, c: sp.Expr) -> sp.Expr:
    """Kallen function ``lambda(a, b, c) = a^2 + b^2 + c^2 - 2ab - 2ac - 2bc``."""
    return a**2 + b**2 + c**2 - 2 * a * b - 2 * a * c - 2 * b * c


def _levi_civita(idx: tuple[int, int, int, int]) -> int:
    if len(set(idx)) < 4:
        return 0
    inv = sum(1 for i in range(4) for j in range(i + 1, 4) if idx[i] > idx[j])
    return -1 if inv % 2 else 1


def _slash(p: tuple) -> sp.Matrix:
    return sum((METRIC_DIAG[m] * p[m] * GAMMA_S[m] for m in range(4)), sp.zeros(4))


def sym_lorentz(
    structure: Iterable[tuple], momenta: Mapping[int, tuple], pols: Mapping[int, tuple]
) -> sp.Expr | sp.Matrix:
    """A Lorentz structure of the IR with explicit (SymPy) components.

    ``momenta[k]`` is the incoming momentum of leg ``k`` (upper components); a vector leg's index
    is contracted with ``pols[k]`` (upper components, lowered here); dummies are summed with the
    metric. A fermion chain gives a 4x4 matrix (rows: bar leg, columns: field leg).
    """
    prims = list(structure)
    labels: Counter[int] = Counter()
    for p in prims:
        if p[0] == "P":
            labels[p[1]] += 1
        elif p[0] == "chain":
            labels.update(p[2:])
        elif p[0] in ("g", "eps"):
            labels.update(p[1:])
        else:
            msg = f"unknown Lorentz primitive {p!r}"
            raise ModelError(msg)
    names = sorted(labels)
    chain = any(p[0] == "chain" for p in prims)
    total: sp.Expr | sp.Matrix = sp.zeros(4) if chain else sp.Integer(0)
    for values in itertools.product(range(4), repeat=len(names)):
        val = dict(zip(names, values, strict=True))
        weight: sp.Expr = sp.Integer(1)
        for lab in names:
            mu = val[lab]
            if labels[lab] == 1:  # a leg index: contract with the lowered polarisation
                weight *= METRIC_DIAG[mu] * pols[lab][mu]
            elif labels[lab] == 2:
                weight *= METRIC_DIAG[mu]
            else:
                msg = f"index {lab} appears {labels[lab]} times in {structure}"
                raise ModelError(msg)
            if weight == 0:
                break
        if weight == 0:
            continue
        mat = None
        for p in prims:
            kind = p[0]
            if kind == "g":
                weight *= METRIC_DIAG[val[p[1]]] if val[p[1]] == val[p[2]] else 0
            elif kind == "P":
                weight *= momenta[p[2]][val[p[1]]]
            elif kind == "eps":
                weight *= _levi_civita((val[p[1]], val[p[2]], val[p[3]], val[p[4]]))
            elif kind == "chain":
                mat = PROJ_S[p[1]] if len(p) == 2 else GAMMA_S[val[p[2]]] * PROJ_S[p[1]]
            if weight == 0:
                break
        if weight == 0:
            continue
        total = total + (weight * mat if chain else weight)
    return total


def _basis(alpha: int) -> tuple:
    return tuple(sp.Integer(1) if i == alpha else sp.Integer(0) for i in range(4))


def _polsum(momentum: tuple, mass: sp.Expr, massless: bool) -> dict[tuple[int, int], sp.Expr]:
    """``sum_pol eps^a eps*^b`` as a sparse dict: ``-g^{ab} (+ k^a k^b / M^2)``."""
    out = {}
    for a in range(4):
        for b in range(4):
            v = (-METRIC_DIAG[a] if a == b else 0) + (
                0 if massless else momentum[a] * momentum[b] / mass**2
            )
            v = sp.simplify(v)
            if v != 0:
                out[(a, b)] = v
    return out


@functools.cache
def _kernel(
    spins: tuple[int, ...], parent: int, massless: tuple[bool, ...], structures: tuple
) -> tuple[tuple[sp.Expr, ...], ...]:
    """``K_jl`` with ``sum_spins |M|^2 = sum_jl c_j conj(c_l) K_jl`` (no colour, no average).

    ``spins``: 2s+1 of the vertex legs; ``parent``: 0-based index of the decaying leg;
    ``massless``: per leg. Kinematic symbols ``M_0, m_1, m_2`` (parent, first and second product).
    """
    n = len(spins)
    products = [i for i in range(n) if i != parent]
    mass = {parent: _M0, products[0]: _M1, products[1]: _M2}
    mass = {i: (sp.Integer(0) if massless[i] else m) for i, m in mass.items()}
    phys = {parent: (_M0, 0, 0, 0), products[0]: (_E1, 0, 0, _K), products[1]: (_EE2, 0, 0, -_K)}
    phys = {i: tuple(sp.sympify(c) for c in v) for i, v in phys.items()}
    incoming = {i + 1: (phys[i] if i == parent else tuple(-c for c in phys[i])) for i in range(n)}
    vectors = [i for i in range(n) if spins[i] == 3]
    fermions = spins[0] == 2

    # each structure evaluated with basis polarisations on every vector leg
    def evaluate(structure: tuple, alphas: tuple[int, ...]) -> sp.Expr | sp.Matrix:
        pols = {v + 1: _basis(a) for v, a in zip(vectors, alphas, strict=True)}
        return sym_lorentz(structure, incoming, pols)

    combos = list(itertools.product(range(4), repeat=len(vectors)))
    values = [{al: evaluate(s, al) for al in combos} for s in structures]

    # transversality of massless vector legs (their polarisation sum is -g)
    for v in vectors:
        if massless[v]:
            for s in structures:
                for al in itertools.product(range(4), repeat=len(vectors) - 1):
                    pols = {
                        w + 1: _basis(a)
                        for w, a in zip([x for x in vectors if x != v], al, strict=True)
                    }
                    pols[v + 1] = phys[v]
                    ward = sym_lorentz(s, incoming, pols)
                    ward = (
                        ward.applyfunc(_onshell)
                        if isinstance(ward, sp.MatrixBase)
                        else _onshell(ward)
                    )
                    zero = ward.is_zero_matrix if isinstance(ward, sp.MatrixBase) else ward == 0
                    if not zero:
                        msg = f"structure {s} is not transverse in its massless vector leg {v + 1}"
                        raise ModelError(msg)

    polsums = [_polsum(phys[v], mass[v], massless[v]) for v in vectors]
    if fermions:
        row, col = 0, 1  # bar leg, field leg
        sgn_row = -1 if row == parent else 1  # v-bar of the incoming one, u-bar of an outgoing one
        sgn_col = 1 if col == parent else -1  # u of the incoming particle, v of an outgoing one
        pi_row = _slash(phys[row]) + sgn_row * mass[row] * sp.eye(4)
        pi_col = _slash(phys[col]) + sgn_col * mass[col] * sp.eye(4)
        g0 = GAMMA_S[0]

    kern = []
    for j in range(len(structures)):
        row_k = []
        for m in range(len(structures)):
            acc = sp.Integer(0)
            for al in combos:
                for be in combos:
                    w = sp.Integer(1)
                    for v_i in range(len(vectors)):
                        w *= polsums[v_i].get((al[v_i], be[v_i]), 0)
                        if w == 0:
                            break
                    if w == 0:
                        continue
                    a = values[j][al]
                    b = values[m][be]
                    if fermions:
                        bbar = g0 * b.H * g0
                        term = (pi_row * a * pi_col * bbar).trace()
                    else:
                        term = a * sp.conjugate(b)
                    acc += w * term
            row_k.append(_onshell(acc))
        kern.append(tuple(row_k))
    return tuple(kern)


def two_body_kernel(
    spins: tuple[int, ...], parent: int, massless: tuple[bool, ...], structures: tuple
) -> tuple[tuple[tuple[sp.Expr, ...], ...], tuple[sp.Symbol, sp.Symbol, sp.Symbol]]:
    """The spin-summed kernel ``K_jl`` of a 3-point vertex (see :func:`_kernel`) and its mass
    symbols ``(M_0, m_1, m_2)``: parent, first and second of the other legs. ``M_0`` may be read
    as ``sqrt(s)`` of an off-shell parent (the relic calculation's s-channel)."""
    return _kernel(spins, parent, massless, structures), (_M0, _M1, _M2)


def _onshell(expr: sp.Expr) -> sp.Expr:
    """Put the products on shell: ``E_1, E_2`` and ``k^2`` in terms of the masses."""
    e1 = (_M0**2 + _M1**2 - _M2**2) / (2 * _M0)
    e2 = (_M0**2 - _M1**2 + _M2**2) / (2 * _M0)
    expr = sp.expand(sp.sympify(expr).subs({_E1: e1, _EE2: e2}))
    k2 = kallen(_M0**2, _M1**2, _M2**2) / (4 * _M0**2)
    poly = sp.Poly(expr, _K)
    out = sp.Integer(0)
    for (power,), coeff in poly.terms():
        if power % 2:
            msg = f"odd power of the momentum k left in |M|^2: {expr}"
            raise ModelError(msg)
        out += coeff * k2 ** (power // 2)
    return sp.factor(sp.expand(out))


def _colour_matrix(ir: ModelIR, vertex: Vertex, parent: int) -> list[list[Fraction]]:
    """``sum_colours C_j conj(C_l)`` divided by the parent's colour dimension."""
    dims = {}
    for k, leg in enumerate(vertex.legs, start=1):
        c = ir.particle(leg).colour
        if c != 1:
            dims[k] = c
    colour_legs = sorted(dims)
    n = len(vertex.couplings)
    import numpy as np

    from alpseesaw.model.numeric import evaluate_colour

    acc = np.zeros((n, n), dtype=complex)
    for idx in itertools.product(*(range(dims[k]) for k in colour_legs)):
        ind = dict(zip(colour_legs, idx, strict=True))
        vals = [evaluate_colour(c.colour, ind, dims) if c.colour else 1.0 for c in vertex.couplings]
        acc += np.outer(vals, np.conj(vals))
    acc /= dims.get(parent + 1, 1)
    out = []
    for row in acc:
        fr = []
        for z in row:
            if abs(z.imag) > 1e-9:
                msg = f"complex colour factor in {vertex.key}"
                raise ModelError(msg)
            f = Fraction(z.real).limit_denominator(1000)
            if abs(float(f) - z.real) > 1e-9:
                msg = f"colour factor {z.real} of {vertex.key} is not a simple fraction"
                raise ModelError(msg)
            fr.append(f)
        out.append(fr)
    return out


def _mass_symbol(ir: ModelIR, particle: str) -> sp.Expr:
    name = ir.particle(particle).mass
    if name == "ZERO":
        return sp.Integer(0)
    return sp.Symbol(name, real=True)


def _anti(ir: ModelIR, name: str) -> str:
    p = ir.particle(name)
    return p.antiname if name == p.name else p.name


def partial_width(ir: ModelIR, vertex: Vertex, parent_leg: int) -> PartialWidth:
    """The width of the decay of leg ``parent_leg`` (0-based) of ``vertex`` into the other two."""
    if len(vertex.legs) != 3:
        msg = f"two-body widths need a 3-point vertex, got {vertex.key}"
        raise ModelError(msg)
    legs = vertex.legs
    parent = legs[parent_leg]
    prod_legs = [i for i in range(3) if i != parent_leg]
    products = tuple(_anti(ir, legs[i]) for i in prod_legs)
    spins = tuple(ir.particle(x).spin for x in legs)
    massless = tuple(ir.particle(x).mass == "ZERO" for x in legs)
    if massless[parent_leg]:
        msg = f"a massless particle ({parent}) does not decay"
        raise ModelError(msg)
    structures = tuple(c.lorentz for c in vertex.couplings)
    kern = _kernel(spins, parent_leg, massless, structures)
    colour = _colour_matrix(ir, vertex, parent_leg)
    values = [c.value for c in vertex.couplings]
    m2 = sp.Integer(0)
    for j, vj in enumerate(values):
        for m, vm in enumerate(values):
            if kern[j][m] == 0 or colour[j][m] == 0:
                continue
            m2 += (
                sp.Rational(colour[j][m].numerator, colour[j][m].denominator)
                * vj
                * sp.conjugate(vm)
                * kern[j][m]
            )
    spin_states = {1: 1, 2: 2, 3: 3}[spins[parent_leg]]
    symmetry = sp.Rational(1, 2) if products[0] == products[1] else sp.Integer(1)
    mom = sp.sqrt(kallen(_M0**2, _M1**2, _M2**2)) / (2 * _M0)
    width = symmetry * m2 * mom / (8 * sp.pi * _M0**2 * spin_states)
    subs = {
        _M0: _mass_symbol(ir, parent),
        _M1: _mass_symbol(ir, products[0]),
        _M2: _mass_symbol(ir, products[1]),
    }
    return PartialWidth(parent, (products[0], products[1]), legs, width.xreplace(subs))


def two_body_widths(ir: ModelIR, parent: str) -> tuple[PartialWidth, ...]:
    """Every tree-level two-body channel of ``parent`` that a 3-point vertex of the IR allows.

    Channels are returned whether or not they are kinematically open (see :func:`is_open`);
    ``parent -> parent + X`` (the vertex that renormalises the parent) is not a channel.
    """
    out: list[PartialWidth] = []
    seen: set[tuple[str, ...]] = set()
    for v in ir.vertices:
        if len(v.legs) != 3 or v.legs.count(parent) != 1:
            continue
        i = v.legs.index(parent)
        products = [_anti(ir, leg) for j, leg in enumerate(v.legs) if j != i]
        if parent in products or _anti(ir, parent) in products:
            continue
        pw = partial_width(ir, v, i)
        key = tuple(sorted(pw.products))
        if key in seen:
            msg = f"two vertices give the channel {parent} -> {' '.join(key)}"
            raise ModelError(msg)
        seen.add(key)
        out.append(pw)
    return tuple(out)


def decay_table(
    ir: ModelIR, parents: Iterable[str] = NEW_STATES
) -> dict[str, tuple[PartialWidth, ...]]:
    """``{parent: channels}`` for the given particles (default: the new states)."""
    return {p: two_body_widths(ir, p) for p in parents}


def _number(e: sp.Expr) -> complex:
    """``complex(e)`` of a SymPy number, without ``evalf`` for integers, rationals and floats
    (the same double: Python's int division rounds correctly, as ``evalf`` at 53 bits does)."""
    if e.is_Integer:
        return complex(int(e.p))
    if e.is_Rational:
        return complex(int(e.p) / int(e.q))
    if e.is_Float:
        return complex(float(e))
    return complex(e)


def _value(expr: sp.Expr, values: Mapping[str, complex], *, bound: bool = False) -> complex:
    """Numerical value of ``expr`` at the parameter values (a direct walk of the tree: fast;
    each distinct node, by identity, once: the widths share their subtrees).

    With ``bound=True``: the same walk with every term taken in absolute value, an upper bound of
    the magnitudes that a sum adds up (the scale of its rounding errors).
    """

    def mag(z: complex) -> complex:
        return complex(abs(z)) if bound else z

    def node(e: sp.Expr) -> complex:
        if e.is_Symbol:
            return mag(complex(values[e.name]))
        if e.is_Number or e.is_NumberSymbol or e is sp.I:
            return mag(_number(e))
        if e.is_Add:
            return sum((walk(a) for a in e.args), 0j)
        if e.is_Mul:
            out = 1 + 0j
            for a in e.args:
                out *= walk(a)
            return out
        if e.is_Pow:
            base, exp = e.args
            b = walk(base)
            return mag(b ** int(exp) if exp.is_Integer else b ** _number(exp))
        if isinstance(e, sp.conjugate):
            z = walk(e.args[0])
            return z if bound else z.conjugate()
        return mag(complex(e.xreplace({s: values[s.name] for s in e.free_symbols})))

    walk = once_per_node(node)
    return walk(expr)


def is_open(ir: ModelIR, pw: PartialWidth, values: Mapping[str, complex]) -> bool:
    """Whether ``mass(parent) > sum of product masses`` at the parameter values."""

    def m(name: str) -> float:
        return float(abs(_value(_mass_symbol(ir, name), values)))

    return m(pw.parent) > m(pw.products[0]) + m(pw.products[1])


def evaluate_width(ir: ModelIR, pw: PartialWidth, values: Mapping[str, complex]) -> float:
    """The partial width (GeV) at the parameter values; 0 for a closed channel."""
    if not is_open(ir, pw, values):
        return 0.0
    z = _value(pw.width, values)
    # |M|^2 is real by construction: an imaginary part is rounding of the sum's terms
    if abs(z.imag) > 1e-9 * _value(pw.width, values, bound=True).real:
        msg = f"complex width {z} for {pw.parent} -> {' '.join(pw.products)}"
        raise ModelError(msg)
    return z.real


__all__ = [
    "NEW_STATES",
    "PartialWidth",
    "decay_table",
    "evaluate_width",
    "is_open",
    "kallen",
    "partial_width",
    "sym_lorentz",
    "two_body_kernel",
    "two_body_widths",
]
