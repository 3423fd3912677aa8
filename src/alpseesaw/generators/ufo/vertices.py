"""``vertices.py``: IR vertices as UFO vertices (leg order, colour, Lorentz, couplings)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy as sp
from sympy.core.basic import _args_sortkey

from alpseesaw.errors import GenerationError
from alpseesaw.generators.printers.ufo import ufo_code
from alpseesaw.generators.ufo.couplings import coupling_orders
from alpseesaw.generators.ufo.lorentz import combine, lorentz_term
from alpseesaw.generators.ufo.particles import anti_name, python_name, ufo_name
from alpseesaw.generators.ufo.records import UFOCoupling, UFOLorentz, UFOVertex

if TYPE_CHECKING:
    from collections.abc import Mapping

    from alpseesaw.model.ir import ModelIR, Vertex


def leg_order(ir: ModelIR, vertex: Vertex) -> tuple[tuple[str, ...], dict[int, int]]:
    """UFO particles (UFO names) of an IR vertex and the map IR leg -> UFO leg (1-based).

    Particles are the antiparticles of the IR's incoming legs; a fermion pair is listed as
    ``[anti(field leg), anti(bar leg)]``.
    """
    legs = list(vertex.legs)
    n = len(legs)
    perm = {k: k for k in range(1, n + 1)}
    if vertex.n_fermions == 2:
        perm[1], perm[2] = 2, 1
    ufo = [""] * n
    for k, leg in enumerate(legs, start=1):
        ufo[perm[k] - 1] = ufo_name(ir, anti_name(ir, leg))
    return tuple(ufo), perm


def colour_string(structure: tuple[tuple, ...], perm: Mapping[int, int]) -> str:
    """UFO colour structure (``Identity``, ``T``, ``f``) of an IR colour structure."""

    def idx(i: int) -> int:
        return perm[i] if i > 0 else i

    out = []
    for p in structure:
        name = {"d": "Identity", "T": "T", "f": "f"}.get(p[0])
        if name is None:
            msg = f"no UFO form of the colour primitive {p!r}"
            raise GenerationError(msg)
        out.append(f"{name}({','.join(str(idx(i)) for i in p[1:])})")
    return "*".join(out) if out else "1"


@dataclass(frozen=True)
class VertexTerm:
    """One (colour, Lorentz) pair of a UFO vertex with its coupling value (SymPy, with the ``i``)."""

    colour: str
    spins: tuple[int, ...]
    lorentz: str
    value: sp.Expr


def i_times(q: sp.Rational, rest: sp.Expr) -> sp.Expr:
    """``I * q * rest`` as SymPy forms it, put together directly when ``rest`` is a product of
    symbols, powers of symbols, sums and functions (or one of them): the number first, then
    ``I`` and the factors in SymPy's argument order. Anything else (``I`` or a power of a number
    in ``rest``, ``q = 0``) goes to SymPy; ``tests/ufo/test_ufo_vertices.py`` compares both on
    every coupling."""
    factors = list(rest.args) if type(rest) is sp.Mul else [rest]
    if q == 0 or any(
        f.is_Number or f is sp.I or (type(f) is sp.Pow and not f.base.is_Symbol) for f in factors
    ):
        return sp.I * q * rest
    args = sorted([sp.I, *factors], key=_args_sortkey)
    return sp.Mul._from_args(args if q == 1 else [q, *args])


def vertex_terms(ir: ModelIR, vertex: Vertex) -> tuple[tuple[str, ...], tuple[VertexTerm, ...]]:
    """UFO particles and terms of an IR vertex.

    Couplings whose values differ only by a rational factor share one coupling and a combined
    Lorentz structure (``ProjM - ProjP`` for a pseudoscalar, ``VVV`` for the gauge vertex).
    """
    particles, perm = leg_order(ir, vertex)
    inv = {v: k for k, v in perm.items()}
    spins = tuple(ir.particle(vertex.legs[inv[k] - 1]).spin for k in range(1, len(particles) + 1))
    groups: dict[tuple[str, sp.Expr], list[tuple[Fraction, str]]] = {}
    first: dict[tuple[str, sp.Expr], Fraction] = {}
    order: list[tuple[str, sp.Expr]] = []
    for c in vertex.couplings:
        col = colour_string(c.colour, perm)
        sign, lor = lorentz_term(c.lorentz, perm)
        coeff, rest = c.value.as_coeff_Mul()
        if not coeff.is_Rational:
            coeff, rest = sp.Integer(1), c.value
        key = (col, rest)
        if key not in groups:
            groups[key] = []
            first[key] = Fraction(int(coeff.p), int(coeff.q))
            order.append(key)
        ratio = Fraction(int(coeff.p), int(coeff.q)) / first[key]
        groups[key].append((ratio * sign, lor))
    terms = []
    for key in order:
        col, rest = key
        r0, structure = combine(groups[key])
        c0 = first[key] * r0
        value = i_times(sp.Rational(c0.numerator, c0.denominator), rest)
        terms.append(VertexTerm(col, spins, structure, value))
    return particles, tuple(terms)


#: Lorentz structure name prefix by spin (S1, FFV3, ...).
SPIN_LETTER = {1: "S", 2: "F", 3: "V"}


@dataclass(frozen=True)
class VertexTables:
    """The UFO vertices of the IR with the Lorentz structures and couplings they use."""

    vertices: tuple[UFOVertex, ...]
    lorentz: tuple[UFOLorentz, ...]
    couplings: tuple[UFOCoupling, ...]
    coupling_values: tuple[sp.Expr, ...]


def ufo_vertices(ir: ModelIR) -> VertexTables:
    """Every IR vertex as a UFO vertex; Lorentz structures and couplings shared between them."""
    lorentz: dict[tuple[tuple[int, ...], str], str] = {}
    lorentz_count: dict[str, int] = {}
    couplings: dict[tuple[str, tuple], str] = {}
    coupling_values: list[sp.Expr] = []
    ufo_couplings: list[UFOCoupling] = []
    vertices: list[UFOVertex] = []
    for n, v in enumerate(ir.vertices, start=1):
        particles, terms = vertex_terms(ir, v)
        colours: list[str] = []
        lors: list[str] = []
        cpl: list[tuple[int, int, str]] = []
        for t in terms:
            key = (t.spins, t.lorentz)
            if key not in lorentz:
                prefix = "".join(SPIN_LETTER[s] for s in t.spins)
                lorentz_count[prefix] = lorentz_count.get(prefix, 0) + 1
                lorentz[key] = f"{prefix}{lorentz_count[prefix]}"
            lname = lorentz[key]
            if t.colour not in colours:
                colours.append(t.colour)
            if lname not in lors:
                lors.append(lname)
            orders = coupling_orders(ir, v, t.value)
            code = ufo_code(t.value)
            ckey = (code, orders)
            if ckey not in couplings:
                couplings[ckey] = f"GC_{len(couplings) + 1}"
                ufo_couplings.append(UFOCoupling(couplings[ckey], code, orders))
                coupling_values.append(t.value)
            slot = (colours.index(t.colour), lors.index(lname))
            if any((c, l) == slot for c, l, _ in cpl):
                msg = f"vertex {v.key}: two couplings for one colour/Lorentz pair"
                raise GenerationError(msg)
            cpl.append((*slot, couplings[ckey]))
        vertices.append(
            UFOVertex(
                f"V_{n}",
                tuple(python_name(p) for p in particles),
                tuple(colours),
                tuple(lors),
                tuple(cpl),
                v.legs,
            )
        )
    ufo_lorentz = [
        UFOLorentz(name, spins, structure) for (spins, structure), name in lorentz.items()
    ]
    return VertexTables(
        tuple(vertices), tuple(ufo_lorentz), tuple(ufo_couplings), tuple(coupling_values)
    )
