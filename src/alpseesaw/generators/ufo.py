"""UFO model directory from the IR (UFO 2.0 conventions, arXiv:2304.09883), for MadGraph5_aMC@NLO,
Sherpa, Herwig, WHIZARD and MadDM.

:func:`generate` is pure: ``(ModelIR, card values) -> {relative path: text}``, byte-deterministic.
The directory holds ``__init__.py object_library.py function_library.py particles.py
parameters.py couplings.py lorentz.py vertices.py coupling_orders.py propagators.py decays.py
write_param_card.py param_card.dat restrict_default.dat``; the modules import each other with
explicit relative imports (valid under absolute-import semantics, as MadGraph imports the model
as a package).

Conventions (see ``docs/ufo.md``; every one is pinned by ``tests/ufo``):

* **Vertex = Feynman rule, particles outgoing.** A UFO vertex ``[X_1 ... X_n]`` with couplings
  ``G`` and Lorentz structures ``L`` is ``sum G x colour x L`` = the Feynman rule (``i`` times the
  Lagrangian coefficient) for ``X_1 ... X_n`` *leaving* the vertex, ``P(mu,k)`` being the momentum
  flowing *out* through leg ``k``. This is how FeynRules writes UFOs and MadGraph, ufoamp read them:
  the FeynRules SM lists ``[e+, ve, W-]`` with ``Gamma(3,2,-1)*ProjM(-1,1)`` and coupling
  ``CKM``-unconjugated for ``[d~, c, W-]`` (the term ``cbar V_cd d W+``), and its ``[A, W-, W+]``
  vertex, coupling ``+i e``, is gauge invariant together with ``[e+, e-, A]``, coupling ``-i e``,
  only with outgoing momenta. Equivalently: the rule for the *antiparticles* ``anti(X_k)``
  incoming, with incoming momenta ``-P(mu,k)``. The IR vertex (incoming legs ``L_k``, incoming
  momenta) therefore becomes the UFO vertex ``[anti(L_k)]`` with ``P -> -P`` and the factor ``i``.
* **Fermion flow.** Fermion pairs come first; the UFO lists ``[anti(field leg), anti(bar leg)]``,
  the spinor structure has the row index on leg 2 and the column index on leg 1
  (``Gamma(3,2,-1)*ProjM(-1,1)`` = ``ubar_2 gamma^mu P_L ..._1``). Majorana vertices are the IR's
  Denner rules (both Wick orientations, the familiar factor 2 for identical fields), the form
  MadGraph's Majorana treatment expects.
* **Epsilon.** UFO ``Epsilon`` is MadGraph's (ALOHA's) Levi-Civita tensor, ``eps^{0123} = -1``
  (``Tr[g5 g^a g^b g^c g^d] = 4 i Epsilon(a,b,c,d)`` with ``g5 = i g^0 g^1 g^2 g^3``); the IR uses
  ``eps^{0123} = +1``, so every IR ``eps`` is written as ``-Epsilon``.
* **Names.** Particle names are the IR's except the ALP, ``a`` -> ``ax`` (as in the CalcHEP output):
  UFO consumers identify particle names case-insensitively (ufo-model-loader rejects ``A`` next to
  ``a``). External parameters keep the model's names and SLHA blocks. The outputs of the neutrino
  Takagi block, which no consumer can compute, are written as external parameters at their values
  for the card (masses in ``MASS``; ``NUYUK``, ``NUYUKP``, ``NUMUR``; complex ``VN``/``muSn`` as real
  and imaginary parts in ``NUMIX``/``IMNUMIX`` and ``NUMUS``/``IMNUMUS`` recombined by internal
  complex parameters); changing neutrino inputs needs a regeneration. Card inputs that only feed the
  neutrino block (``NUINPUTS``) are listed in the param_card header, not as parameters.
* **Widths.** Widths of the new unstable states are parameters; a zero on the card is replaced by
  the tree-level two-body total width at the card (:mod:`alpseesaw.model.widths`), so MadDM does not
  take a heavy neutrino or the ALP for dark matter. ``decays.py`` holds the partial widths of the
  channels open at the card.
* **Coupling orders.** ``QCD`` = power of ``gs``. ``QED``: ``n_legs - 2 - QCD`` for vertices of SM
  particles only (MadGraph's SM convention), otherwise the power of the electroweak coupling
  (``ee, ee0, g, gp``: 1, ``aEW, aEW0``: 2, ``v``: -1, Yukawas: 1, quartics: 2; the smallest over the terms of a
  coupling). ``NP`` = 1 for vertices with a new particle (a, phi, chi, N1-N4). Hierarchies
  QCD 1, QED 2, NP 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import sympy as sp

from alpseesaw import __version__
from alpseesaw.errors import GenerationError
from alpseesaw.generators.base import render
from alpseesaw.generators.printers.ufo import ufo_code
from alpseesaw.model import widths as widthlib
from alpseesaw.model.card import as_point
from alpseesaw.model.toolnames import is_new, tool_names

if TYPE_CHECKING:
    from collections.abc import Mapping

    from alpseesaw.model.card import PointLike
    from alpseesaw.model.fields import Particle
    from alpseesaw.model.ir import ModelIR, Vertex

#: The files of the UFO directory, in the order they are listed in the docs.
UFO_FILES: tuple[str, ...] = (
    "__init__.py", "object_library.py", "function_library.py", "particles.py", "parameters.py",
    "couplings.py", "lorentz.py", "vertices.py", "coupling_orders.py", "propagators.py",
    "decays.py", "write_param_card.py", "param_card.dat", "restrict_default.dat",
)  # fmt: skip


#: Coupling orders: name -> (expansion order, hierarchy).
COUPLING_ORDERS: dict[str, tuple[int, int]] = {"QCD": (99, 1), "QED": (99, 2), "NP": (99, 2)}

#: SLHA blocks of the numeric (neutrino-block) outputs ``<stem><i><j>`` by stem (others:
#: ``NU<STEM>``); complex ones put the imaginary part in ``IM<block>``.
NUMERIC_BLOCKS: dict[str, str] = {"VN": "NUMIX"}
_NUMERIC_RE = re.compile(r"^(?P<stem>[A-Za-z]+?)(?P<i>\d)(?P<j>\d)$")

_SPIN_LETTER = {1: "S", 2: "F", 3: "V"}


# -- records -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UFOParticle:
    name: str
    antiname: str
    pyname: str
    antipyname: str
    pdg: int
    spin: int
    colour: int
    mass: str
    width: str
    texname: str
    antitexname: str
    charge: str
    line: str
    self_conjugate: bool
    lepton_number: int


@dataclass(frozen=True)
class UFOParameter:
    name: str
    nature: str  # "external" | "internal"
    type: str  # "real" | "complex"
    value: str  # a number (external) or a UFO expression (internal)
    texname: str
    lhablock: str | None = None
    lhacode: tuple[int, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class UFOCoupling:
    name: str
    value: str
    orders: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class UFOLorentz:
    name: str
    spins: tuple[int, ...]
    structure: str


@dataclass(frozen=True)
class UFOVertex:
    name: str
    particles: tuple[str, ...]  # python names
    colour: tuple[str, ...]
    lorentz: tuple[str, ...]
    couplings: tuple[tuple[int, int, str], ...]  # (colour index, lorentz index, coupling name)
    ir_legs: tuple[str, ...]  # the IR vertex it comes from


@dataclass(frozen=True)
class UFODecay:
    particle: str  # python name
    channels: tuple[tuple[tuple[str, ...], str], ...]  # (product python names, width expression)


@dataclass(frozen=True)
class UFOModel:
    """Everything the templates need, already formatted (templates do no maths)."""

    name: str
    particles: tuple[UFOParticle, ...]
    parameters: tuple[UFOParameter, ...]
    couplings: tuple[UFOCoupling, ...]
    lorentz: tuple[UFOLorentz, ...]
    vertices: tuple[UFOVertex, ...]
    decays: tuple[UFODecay, ...]
    param_card: str
    restrict_card: str
    header: dict[str, str] = field(default_factory=dict)


# -- names ---------------------------------------------------------------------------------------
def ufo_name(ir: ModelIR, ir_name: str) -> str:
    """UFO particle name of an IR particle or antiparticle name (:mod:`alpseesaw.model.toolnames`)."""
    return tool_names(ir).ufo[ir_name]


def python_name(name: str) -> str:
    """FeynRules' Python identifier of a particle name (``e+`` -> ``e__plus__``)."""
    out = name.replace("+", "__plus__").replace("-", "__minus__").replace("~", "__tilde__")
    if not out.isidentifier():
        msg = f"particle name {name!r} has no Python identifier ({out!r})"
        raise GenerationError(msg)
    return out


def _anti(ir: ModelIR, name: str) -> str:
    p = ir.particle(name)
    return p.antiname if name == p.name else p.name


# -- Lorentz and colour structures ---------------------------------------------------------------
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
        ufo[perm[k] - 1] = ufo_name(ir, _anti(ir, leg))
    return tuple(ufo), perm


def lorentz_term(structure: tuple[tuple, ...], perm: Mapping[int, int]) -> tuple[int, str]:
    """``(sign, UFO product)`` of one IR Lorentz structure (see the module conventions)."""

    def idx(i: int) -> int:
        return perm[i] if i > 0 else i

    lorentz_dummies = [
        i
        for p in structure
        for i in (p[2:] if p[0] == "chain" else p[1:2] if p[0] == "P" else p[1:])
        if isinstance(i, int) and i < 0
    ]
    spinor_dummy = min([0, *lorentz_dummies]) - 1
    sign = 1
    factors: list[str] = []
    for p in structure:
        kind = p[0]
        if kind == "g":
            factors.append(f"Metric({idx(p[1])},{idx(p[2])})")
        elif kind == "P":
            sign = -sign  # P is the outgoing momentum in the UFO, the incoming one in the IR
            factors.append(f"P({idx(p[1])},{idx(p[2])})")
        elif kind == "eps":
            sign = -sign  # eps^{0123} = +1 in the IR, -1 for UFO Epsilon
            factors.append(f"Epsilon({','.join(str(idx(i)) for i in p[1:])})")
        elif kind == "chain":
            proj = {"L": "ProjM", "R": "ProjP"}[p[1]]
            row, col = perm[1], perm[2]
            if len(p) == 2:
                factors.append(f"{proj}({row},{col})")
            else:
                factors.append(
                    f"Gamma({idx(p[2])},{row},{spinor_dummy})*{proj}({spinor_dummy},{col})"
                )
        else:
            msg = f"no UFO form of the Lorentz primitive {p!r}"
            raise GenerationError(msg)
    return sign, "*".join(factors) if factors else "1"


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


def _rational_times(r: Fraction, product: str) -> str:
    sign = "-" if r < 0 else ""
    a = abs(r)
    head = product if a.numerator == 1 else f"{a.numerator}*{product}"
    return f"{sign}{head}" if a.denominator == 1 else f"{sign}{head}/{a.denominator}"


def combine(terms: list[tuple[Fraction, str]]) -> tuple[Fraction, str]:
    """``(r0, structure)`` with ``sum r_i s_i = r0 * structure``, first term normalised to 1."""
    merged: dict[str, Fraction] = {}
    for r, s in terms:
        merged[s] = merged.get(s, Fraction(0)) + r
    items = sorted((s, r) for s, r in merged.items() if r != 0)
    if not items:
        msg = "a Lorentz combination cancels to zero"
        raise GenerationError(msg)
    r0 = items[0][1]
    parts = []
    for k, (s, r) in enumerate(items):
        t = _rational_times(r / r0, s)
        parts.append(t if k == 0 else (f"- {t[1:]}" if t.startswith("-") else f"+ {t}"))
    return r0, " ".join(parts)


@dataclass(frozen=True)
class VertexTerm:
    """One (colour, Lorentz) pair of a UFO vertex with its coupling value (SymPy, with the ``i``)."""

    colour: str
    spins: tuple[int, ...]
    lorentz: str
    value: sp.Expr


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
        value = sp.I * sp.Rational(c0.numerator, c0.denominator) * rest
        terms.append(VertexTerm(col, spins, structure, value))
    return particles, tuple(terms)


# -- coupling orders -----------------------------------------------------------------------------
def _degree(expr: sp.Expr, table: Mapping[str, int]) -> int:
    """Smallest total weight over the terms of ``expr`` (unexpanded walk)."""
    if expr.is_Symbol:
        return table.get(expr.name, 0)
    if expr.is_Number or expr.is_NumberSymbol or expr == sp.I:
        return 0
    if expr.is_Add:
        return min(_degree(a, table) for a in expr.args)
    if expr.is_Mul:
        return sum(_degree(a, table) for a in expr.args)
    if expr.is_Pow:
        base, exp = expr.args
        d = _degree(base, table)
        if d == 0:
            return 0
        if not exp.is_Integer:
            msg = f"non-integer power of a coupling in {expr}"
            raise GenerationError(msg)
        return d * int(exp)
    if isinstance(expr, sp.Function):
        return sum(_degree(a, table) for a in expr.args)
    msg = f"cannot count coupling orders in {expr!r}"
    raise GenerationError(msg)


def coupling_orders(ir: ModelIR, vertex: Vertex, value: sp.Expr) -> tuple[tuple[str, int], ...]:
    """``(("NP", n), ("QCD", n), ("QED", n))`` with zero orders left out (see the module doc)."""
    qcd = _degree(value, {"gs": 1})
    new = any(is_new(ir.particle(leg)) for leg in vertex.legs)
    if new:
        qed = max(0, _degree(value, {q.name: q.qed for q in ir.parameters if q.qed}))
    else:
        qed = len(vertex.legs) - 2 - qcd
    orders = {"NP": int(new), "QCD": qcd, "QED": qed}
    return tuple((k, v) for k, v in sorted(orders.items()) if v)


# -- parameters ----------------------------------------------------------------------------------
def _fmt(x: float) -> str:
    return repr(float(x))


def _card_value(x: float) -> str:
    return f"{float(x):.16e}"


def _numeric_slot(ir: ModelIR, name: str) -> tuple[str, tuple[int, ...]]:
    for p in ir.particles:
        if p.mass == name:
            return "MASS", (p.pdg,)
    m = _NUMERIC_RE.match(name)
    if m is None:
        msg = f"no SLHA block for the numeric parameter {name!r} (expected <stem><i><j>)"
        raise GenerationError(msg)
    stem = m.group("stem")
    return NUMERIC_BLOCKS.get(stem, "NU" + stem.upper()), (int(m.group("i")), int(m.group("j")))


def _used_names(ir: ModelIR, exprs: list[sp.Expr]) -> set[str]:
    """Parameters the expressions need, closed under the internal parameters' dependencies."""
    by_name = {p.name: p for p in ir.parameters}
    todo = {s.name for e in exprs for s in e.free_symbols}
    for p in ir.particles:
        todo |= {x for x in (p.mass, p.width) if x != "ZERO"}
    used: set[str] = set()
    while todo:
        name = todo.pop()
        if name in used:
            continue
        if name not in by_name:
            msg = f"expression uses {name!r}, which is not a parameter of the model"
            raise GenerationError(msg)
        used.add(name)
        q = by_name[name]
        if q.kind == "internal" and q.expr is not None:
            todo |= {s.name for s in q.expr.free_symbols}
    return used


# -- the whole model -----------------------------------------------------------------------------
def build(ir: ModelIR, point: PointLike = None) -> UFOModel:
    """The UFO model at the point (defaults for what it leaves out)."""
    values = as_point(ir, point).values

    # vertices, Lorentz structures, couplings
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
                prefix = "".join(_SPIN_LETTER[s] for s in t.spins)
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

    # decays of the new states: channels open at the card
    table = widthlib.decay_table(ir)
    totals: dict[str, float] = {}
    decays: list[UFODecay] = []
    branchings: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    decay_exprs: list[sp.Expr] = []
    for parent, channels in table.items():
        open_channels = [c for c in channels if widthlib.is_open(ir, c, values)]
        if not open_channels:
            continue
        chans = []
        partials: list[tuple[tuple[str, ...], float]] = []
        for c in open_channels:
            w = widthlib.evaluate_width(ir, c, values)
            partials.append((c.products, w))
            chans.append(
                (tuple(python_name(ufo_name(ir, x)) for x in c.products), ufo_code(c.width))
            )
            decay_exprs.append(c.width)
        decays.append(UFODecay(python_name(ufo_name(ir, parent)), tuple(chans)))
        totals[parent] = sum(w for _, w in partials)
        branchings[parent] = partials

    # widths of the new states: the card's value, or the computed total width if that is zero
    width_values: dict[str, float] = {}
    width_notes: dict[str, str] = {}
    for parent in table:
        wname = ir.particle(parent).width
        if wname == "ZERO":
            continue
        card = float(np.real(values[wname]))
        if card != 0.0:
            width_notes[wname] = "from the card"
        elif totals.get(parent, 0.0) > 0.0:
            width_values[wname] = totals[parent]
            width_notes[wname] = "tree-level two-body width computed by alpseesaw"
        else:
            width_notes[wname] = (
                "WARNING: no open two-body channel at this card, width left 0; set it (e.g. MadGraph's "
                "compute_widths) before event generation, and name the dark matter to MadDM"
            )

    used = _used_names(ir, coupling_values + decay_exprs)
    params, card_entries, omitted = _parameters(ir, values, used, width_values, width_notes)

    ufo_particles = tuple(_particle(ir, p) for p in ir.particles)
    card_text = _param_card(ir, card_entries, omitted, branchings, totals)
    restrict = _param_card(ir, card_entries, omitted, branchings, totals, restriction=True)
    header = {"version": __version__, "model": ir.name, "hash": ir.hash}
    return UFOModel(
        ir.name,
        ufo_particles,
        tuple(params),
        tuple(ufo_couplings),
        tuple(ufo_lorentz),
        tuple(vertices),
        tuple(decays),
        card_text,
        restrict,
        header,
    )


def _particle(ir: ModelIR, p: Particle) -> UFOParticle:
    name, anti = ufo_name(ir, p.name), ufo_name(ir, p.antiname)
    tex = p.texname or name
    if p.self_conjugate:
        anti_tex = tex
    elif tex.endswith(("^-", "^+")):
        anti_tex = tex[:-1] + ("+" if tex.endswith("-") else "-")
    else:
        anti_tex = "\\bar{" + tex + "}"
    charge = Fraction(p.charge)
    charge_s = (
        str(charge.numerator)
        if charge.denominator == 1
        else f"{charge.numerator}/{charge.denominator}"
    )
    return UFOParticle(
        name=name, antiname=anti, pyname=python_name(name), antipyname=python_name(anti), pdg=p.pdg,
        spin=p.spin, colour=p.colour, mass=p.mass, width=p.width, texname=tex, antitexname=anti_tex,
        charge=charge_s, line=p.line, self_conjugate=p.self_conjugate,
        lepton_number=1 if p.spin == 2 and p.colour == 1 and not p.self_conjugate and not p.dark else 0,
    )  # fmt: skip


def _parameters(ir, values, used, width_values, width_notes):
    """UFO parameters (externals first), param-card entries and the omitted card inputs."""
    externals: list[UFOParameter] = []
    internals: list[UFOParameter] = [UFOParameter("ZERO", "internal", "real", "0", "0")]
    card: list[tuple[str, tuple[int, ...], float, str]] = []
    omitted: list[tuple[str, float, str]] = []
    for p in ir.parameters:
        if p.name not in used:
            if p.kind == "external":
                omitted.append((p.name, float(values[p.name]), f"{p.slha[0]} {p.slha[1]}"))
            continue
        tex = p.texname or p.name
        if p.kind == "external":
            block, index = p.slha
            val = float(width_values.get(p.name, values[p.name]))
            note = width_notes.get(p.name, p.description)
            externals.append(
                UFOParameter(p.name, "external", "real", _fmt(val), tex, block, (index,), note)
            )
            card.append(
                (block, (index,), val, f"{p.name} ({note})" if p.name in width_notes else p.name)
            )
        elif p.kind == "numeric":
            block, code = _numeric_slot(ir, p.name)
            z = complex(values[p.name])
            if p.is_complex:
                re_name, im_name = f"re{p.name}", f"im{p.name}"
                externals.append(
                    UFOParameter(
                        re_name,
                        "external",
                        "real",
                        _fmt(z.real),
                        f"\\mathrm{{Re}}\\,{p.name}",
                        block,
                        code,
                        f"Re {p.name}: {p.description}",
                    )
                )
                externals.append(
                    UFOParameter(
                        im_name,
                        "external",
                        "real",
                        _fmt(z.imag),
                        f"\\mathrm{{Im}}\\,{p.name}",
                        "IM" + block,
                        code,
                        f"Im {p.name}: {p.description}",
                    )
                )
                card.append((block, code, z.real, re_name))
                card.append(("IM" + block, code, z.imag, im_name))
                internals.append(
                    UFOParameter(
                        p.name, "internal", "complex", f"{re_name} + complex(0,1)*{im_name}", p.name
                    )
                )
            else:
                externals.append(
                    UFOParameter(
                        p.name, "external", "real", _fmt(z.real), tex, block, code, p.description
                    )
                )
                card.append((block, code, z.real, p.name))
        else:
            code = ufo_code(p.expr)
            internals.append(
                UFOParameter(p.name, "internal", "complex" if p.is_complex else "real", code, tex)
            )
    slots: dict[tuple[str, tuple[int, ...]], str] = {}
    for q in externals:
        key = (q.lhablock.upper(), q.lhacode)
        if key in slots:
            msg = f"parameters {slots[key]!r} and {q.name!r} share the SLHA entry {key}"
            raise GenerationError(msg)
        slots[key] = q.name
    names = [q.name for q in externals + internals]
    seen: dict[str, str] = {}
    for nm in names:
        low = nm.lower()
        if low in seen:
            msg = f"UFO parameters {seen[low]!r} and {nm!r} differ only by case"
            raise GenerationError(msg)
        seen[low] = nm
    return externals + internals, card, omitted


def restriction_values(
    entries: list[tuple[str, tuple[int, ...], float, str]],
) -> list[tuple[str, tuple[int, ...], float, str]]:
    """The card's entries as MadGraph's default restriction needs them.

    MadGraph's ``RestrictModel`` removes parameters that are 0 (with the vertices they switch off;
    wanted), fixes parameters that are exactly 1, and merges two parameters of one block whose
    values are equal or opposite (``detect_identical_parameters``), after which they can no longer
    be set independently (e.g. ``Ma = Mphi = 1100`` at the default card). So: an exact +-1 is
    written +-9.999999e-1 (MadGraph's own marker, restored to 1 after restriction) and a value
    coinciding in magnitude with an earlier one of its block is moved by one unit in the last
    place (relative 2e-16) until it is unique. DECAY entries are never merged and stay as they are.
    """
    out = []
    seen: dict[str, set[float]] = {}
    for block, code, val, comment in entries:
        v = float(val)
        if block != "DECAY" and v != 0.0:
            if abs(v) == 1.0:
                v = 9.999999e-1 if v > 0 else -9.999999e-1
            taken = seen.setdefault(block, set())
            while abs(v) in taken:
                v = float(np.nextafter(v, np.inf))
            taken.add(abs(v))
        out.append((block, code, v, comment))
    return out


def _param_card(ir, entries, omitted, branchings, totals, *, restriction: bool = False) -> str:
    """The SLHA param_card, or (``restriction``) MadGraph's default restriction card, as text."""
    if restriction:
        entries = restriction_values(entries)
    blocks: dict[str, list[tuple[tuple[int, ...], float, str]]] = {}
    decays: list[tuple[int, float, str]] = []
    for block, code, val, comment in entries:
        if block == "DECAY":
            decays.append((code[0], val, comment))
        else:
            blocks.setdefault(block, []).append((code, val, comment))
    context_blocks = []
    for block in sorted(blocks):
        rows = [
            (" ".join(f"{c:>3d}" for c in code), _card_value(val), comment)
            for code, val, comment in sorted(blocks[block])
        ]
        context_blocks.append({"name": block, "rows": rows})
    context_decays = []
    for pdg, val, comment in sorted(decays):
        part = next((p for p in ir.particles if p.pdg == pdg), None)
        brs = []
        if part is not None and part.name in branchings and totals.get(part.name, 0) > 0:
            for products, w in branchings[part.name]:
                if w <= 0:
                    continue
                ids = []
                for x in products:
                    q = ir.particle(x)
                    ids.append(q.pdg if x == q.name else -q.pdg)
                brs.append(
                    (
                        _card_value(w / totals[part.name]),
                        ids,
                        f"BR({ufo_name(ir, part.name)} -> {' '.join(ufo_name(ir, x) for x in products)})",
                    )
                )
        context_decays.append(
            {"pdg": pdg, "value": _card_value(val), "comment": comment, "brs": brs}
        )
    return render(
        "ufo/param_card.dat.j2",
        model=ir.name, version=__version__, model_hash=ir.hash, blocks=context_blocks, decays=context_decays,
        omitted=[(name, _card_value(val), where) for name, val, where in omitted], restriction=restriction,
    )  # fmt: skip


# -- files ---------------------------------------------------------------------------------------
def _lit(x: str) -> str:
    """A Python string literal."""
    return repr(str(x))


def _indent(head: str) -> str:
    return " " * len(head)


def _views(model: UFOModel) -> dict[str, object]:
    """Template context: every field already formatted as Python source."""
    particles = [
        {
            "pyname": p.pyname, "antipyname": p.antipyname, "indent": _indent(f"{p.pyname} = Particle("),
            "pdg": p.pdg, "name": _lit(p.name), "antiname": _lit(p.antiname), "spin": p.spin, "colour": p.colour,
            "mass": p.mass, "width": p.width, "texname": _lit(p.texname), "antitexname": _lit(p.antitexname),
            "line": _lit(p.line), "charge": p.charge, "self_conjugate": p.self_conjugate,
            "lepton_number": p.lepton_number,
        }
        for p in model.particles
    ]  # fmt: skip
    parameters = [
        {
            "name": q.name, "name_lit": _lit(q.name), "indent": _indent(f"{q.name} = Parameter("),
            "nature": _lit(q.nature), "type": _lit(q.type),
            "value": q.value if q.nature == "external" else _lit(q.value), "texname": _lit(q.texname),
            "lhablock": _lit(q.lhablock) if q.lhablock else "", "lhacode": "[" + ", ".join(str(c) for c in q.lhacode) + "]",
            "comment": q.comment.replace("\n", " "),
        }
        for q in model.parameters
    ]  # fmt: skip
    couplings = [
        {
            "name": c.name, "name_lit": _lit(c.name), "indent": _indent(f"{c.name} = Coupling("), "value": _lit(c.value),
            "orders": "{" + ", ".join(f"{_lit(k)}: {v}" for k, v in c.orders) + "}",
        }
        for c in model.couplings
    ]  # fmt: skip
    lorentz = [
        {
            "name": lo.name, "name_lit": _lit(lo.name), "indent": _indent(f"{lo.name} = Lorentz("),
            "spins": "[" + ", ".join(str(s) for s in lo.spins) + "]", "structure": _lit(lo.structure),
        }
        for lo in model.lorentz
    ]  # fmt: skip
    vertices = [
        {
            "name": v.name, "name_lit": _lit(v.name), "indent": _indent(f"{v.name} = Vertex("), "ir": " ".join(v.ir_legs),
            "particles": ", ".join(f"P.{x}" for x in v.particles), "colour": ", ".join(_lit(c) for c in v.colour),
            "lorentz": ", ".join(f"L.{x}" for x in v.lorentz),
            "couplings": ", ".join(f"({c}, {lo}): C.{g}" for c, lo, g in v.couplings),
        }
        for v in model.vertices
    ]  # fmt: skip
    decays = [
        {
            "particle": d.particle, "indent": _indent(f"Decay_{d.particle} = Decay("),
            "channels": [(", ".join(f"P.{x}" for x in prods), _lit(w)) for prods, w in d.channels],
        }
        for d in model.decays
    ]  # fmt: skip
    return {
        "model": model, "version": __version__, "particles": particles, "parameters": parameters,
        "couplings": couplings, "lorentz": lorentz, "vertices": vertices, "decays": decays,
        "orders": [(k, e, h) for k, (e, h) in COUPLING_ORDERS.items()], "restrict_card": model.restrict_card,
    }  # fmt: skip


def render_files(model: UFOModel) -> dict[str, str]:
    """The UFO directory as ``{relative path: text}``."""
    ctx = _views(model)
    return {
        name: render(f"ufo/{name}.j2", **ctx) for name in UFO_FILES if name != "param_card.dat"
    } | {"param_card.dat": model.param_card}


def generate(ir: ModelIR, point: PointLike = None) -> dict[str, str]:
    """The UFO model directory at the point: ``{relative path: text}`` (pure, deterministic).

    The caller adds the manifest (:func:`alpseesaw.generators.base.manifest`) and writes the tree.
    """
    return render_files(build(ir, point))


__all__ = [
    "COUPLING_ORDERS",
    "UFO_FILES",
    "UFOModel",
    "build",
    "coupling_orders",
    "generate",
    "leg_order",
    "lorentz_term",
    "python_name",
    "ufo_name",
    "vertex_terms",
]
