"""The frozen intermediate representation (IR): the only thing generators read.

Vertex convention (see :mod:`alpseesaw.model.feynman`): a :class:`Vertex` lists its legs
(particle names, all incoming; for fermions the *bar leg* first and the *field leg* second) and
a sum of :class:`Coupling` s, each ``value x colour structure x Lorentz structure``. The sum is the
functional derivative of the Lagrangian with ``partial_mu -> -i p_mu`` (CalcHEP's convention);
the Feynman rule is ``i`` times it. Structures use positive integers for legs and negative ones
for contracted dummies:

* Lorentz: ``("g", a, b)``, ``("P", mu, k)`` (incoming momentum of leg k), ``("eps", a, b, c, d)``
  (``eps^{0123} = -eps_{0123} = +1``), ``("chain", "L"|"R")`` = ``P_{L/R}`` and
  ``("chain", "L"|"R", mu)`` = ``gamma^mu P_{L/R}``, with spinor indices (bar leg, field leg);
* colour: ``("d", i, j)`` (delta; for quarks i is the bar leg), ``("T", a, i, j)`` (row i = bar
  leg), ``("f", a, b, c)``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import sympy as sp

if TYPE_CHECKING:
    from collections.abc import Callable
    from fractions import Fraction

    from alpseesaw.model.fields import Particle
    from alpseesaw.model.parameters import ParameterSet, Value

Structure = tuple[tuple, ...]
T = TypeVar("T")


def once_per_node(node: Callable[[sp.Expr], T]) -> Callable[[sp.Expr], T]:
    """``node`` remembered by the identity of its argument, for one walk over expressions that
    share subtrees (the couplings and widths are DAGs: the snapshot decodes each distinct node
    once): each distinct node is computed once. The walk's expressions must stay alive while it
    runs (identities are those of live objects)."""
    memo: dict[int, T] = {}

    def walk(e: sp.Expr) -> T:
        key = id(e)
        if key not in memo:
            memo[key] = node(e)
        return memo[key]

    return walk


@dataclass(frozen=True)
class IRParameter:
    """A parameter as generators see it.

    ``kind``: ``"external"`` (card), ``"internal"`` (``expr`` of parameters above it) or
    ``"numeric"`` (an output of the numeric block ``block``, e.g. the neutrino Takagi
    factorisation; generators write its value at the card). ``value`` is the value at the
    default card. ``slha`` is ``(block, index)`` for externals. ``qed``: the power of the
    electroweak coupling e the parameter counts as in coupling orders (e 1, alpha 2, v -1, ...).
    """

    name: str
    kind: str
    value: Value
    unit: str
    description: str
    expr: sp.Expr | None = None
    slha: tuple[str, int] | None = None
    allowed: str = ""
    is_complex: bool = False
    block: str | None = None
    texname: str = ""
    qed: int = 0


@dataclass(frozen=True)
class Coupling:
    """``value x colour x lorentz``; ``value`` is expanded (a sum of products of parameters)."""

    colour: Structure
    lorentz: Structure
    value: sp.Expr


@dataclass(frozen=True)
class Vertex:
    legs: tuple[str, ...]
    couplings: tuple[Coupling, ...]
    n_fermions: int

    @property
    def key(self) -> str:
        return " ".join(self.legs)


@dataclass(frozen=True)
class TermInfo:
    """What the Lagrangian holds (for ``model show`` and documentation)."""

    name: str
    equation: str
    phase: str
    pq: str
    note: str
    n_terms: int


@dataclass(frozen=True)
class ModelIR:
    """The model, frozen: particles, parameters (in dependency order), vertices.

    ``parameter_set`` evaluates every parameter at a card (``ir.evaluate(externals)``).
    """

    name: str
    options: tuple[tuple[str, str], ...]
    particles: tuple[Particle, ...]
    parameters: tuple[IRParameter, ...]
    vertices: tuple[Vertex, ...]
    lagrangian: tuple[TermInfo, ...]
    parameter_set: ParameterSet = field(compare=False, repr=False)
    hash: str = ""

    # -- lookups -----------------------------------------------------------------------------
    def particle(self, name: str) -> Particle:
        for p in self.particles:
            if name in (p.name, p.antiname):
                return p
        msg = f"no particle named {name!r}"
        raise KeyError(msg)

    def parameter(self, name: str) -> IRParameter:
        for p in self.parameters:
            if p.name == name:
                return p
        msg = f"no parameter named {name!r}"
        raise KeyError(msg)

    def vertex(self, *legs: str) -> Vertex:
        """The vertex with exactly these legs (in canonical order)."""
        for v in self.vertices:
            if v.legs == tuple(legs):
                return v
        msg = f"no vertex {' '.join(legs)}"
        raise KeyError(msg)

    def vertices_with(self, *names: str) -> tuple[Vertex, ...]:
        """Vertices whose legs contain all of ``names`` (with multiplicity)."""
        out = []
        for v in self.vertices:
            legs = list(v.legs)
            try:
                for n in names:
                    legs.remove(n)
            except ValueError:
                continue
            out.append(v)
        return tuple(out)

    def evaluate(self, externals: dict[str, float] | None = None) -> dict[str, Value]:
        """Every parameter at the given external values (defaults for the rest)."""
        return self.parameter_set.evaluate(externals)

    @property
    def externals(self) -> tuple[IRParameter, ...]:
        return tuple(p for p in self.parameters if p.kind == "external")


def _text(expr: sp.Expr) -> str:
    """Deterministic text of an expression (SymPy's canonical argument order)."""
    return _PRINTER.doprint(expr)


_PRINTER = sp.StrPrinter({"order": "none"})


def serialise(ir: ModelIR) -> dict[str, Any]:
    """A JSON-able, canonical description of the IR (used for the hash and ``model show``)."""

    def frac(x: Fraction) -> str:
        return str(x)

    return {
        "name": ir.name,
        "options": dict(ir.options),
        "particles": [
            {
                "name": p.name, "antiname": p.antiname, "spin": p.spin, "colour": p.colour,
                "charge": frac(p.charge), "mass": p.mass, "width": p.width, "pdg": p.pdg,
                "majorana": p.majorana, "dark": p.dark,
            }
            for p in ir.particles
        ],
        "parameters": [
            {
                "name": p.name, "kind": p.kind, "unit": p.unit,
                "expr": _text(p.expr) if p.expr is not None else None,
                "slha": list(p.slha) if p.slha else None, "complex": p.is_complex,
                "default": repr(p.value) if p.kind == "external" else None,
            }
            for p in ir.parameters
        ],
        "vertices": [
            {"legs": list(v.legs), "couplings": [[repr(c.colour), repr(c.lorentz), _text(c.value)] for c in v.couplings]}
            for v in ir.vertices
        ],
    }  # fmt: skip


def model_hash(ir: ModelIR) -> str:
    """SHA-256 of the canonical serialisation (independent of the card values but the defaults)."""
    text = json.dumps(serialise(ir), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
