"""The couplings in the forms CalcHEP and LanHEP take, derived once with the IR.

Both tools have real parameters only, so every coupling is written as ``re + i im`` with real
parameters (:mod:`alpseesaw.model.complexparts`: products of the complex mixing ``VN`` get real
and imaginary parts ``CPr<n>``/``CPi<n>`` of their own); CalcHEP's running strong coupling ``GG``
stays outside them, and each tool has its colour and chirality conventions. All of it is SymPy
arithmetic on the IR alone, independent of the card: it is done here, as part of the IR build,
and shipped in the IR snapshot (:func:`alpseesaw.model.snapshot.calchep_forms`,
:func:`alpseesaw.model.snapshot.lanhep_forms`), so that the generators only name and print.

* **CalcHEP** (:func:`calchep_forms`): per vertex the power of ``gs`` (CalcHEP's ``GG`` in the
  vertex Factor), and per Lorentz structure the value divided by the implicit colour factor and
  by ``gs`` to that power, chiral pairs ``c_L P_L + c_R P_R`` as ``(c_L+c_R)/2 + (c_R-c_L)/2 G5``
  (``("chain5", "unit"|"g5"[, mu])``), the sign of CalcHEP's ``eps``, split into real and
  imaginary parts.
* **LanHEP** (:func:`lanhep_forms`): per vertex the symmetry factor and the Lagrangian
  monomials (couplings merged over permutations of identical boson legs), each with its
  coefficient ``value x factor / (S gs^n)`` as LanHEP parameters ``GC<n>`` (a parameter is
  reused for the negated value, so that ``CheckHerm`` matches a coupling with its conjugate) or
  as a number or ``rational x parameter`` written inline; and ``g`` of ``SetEM(A, g)``.

The conventions are those of the generators' module docs (``alpseesaw.generators.calchep``,
``alpseesaw.generators.lanhep``) and ``docs/lanhep.md``.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from alpseesaw.errors import GenerationError
from alpseesaw.model.complexparts import ComplexProducts, terms
from alpseesaw.model.feynman import canonical, sort_with_sign
from alpseesaw.model.ir import Coupling, ModelIR, Structure, Vertex
from alpseesaw.model.toolnames import tool_names

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: ``(name, expression)`` of a real parameter a coupling declares
Definition = tuple[str, sp.Expr]


# -- CalcHEP --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalcHEPTerm:
    """One Lorentz structure of a CalcHEP vertex and its coefficient ``re + i im``.

    ``products``: the parts of products of complex parameters this coefficient is the first to
    use (``CPr<n>``, ``CPi<n>``), declared before it."""

    lorentz: Structure
    re: sp.Expr
    im: sp.Expr
    products: tuple[Definition, ...]


@dataclass(frozen=True)
class CalcHEPVertex:
    """A line of ``lgrng1.mdl``: the IR vertex ``legs`` with ``GG**strong`` in its Factor."""

    legs: tuple[str, ...]
    strong: int
    terms: tuple[CalcHEPTerm, ...]


def is_four_gluon(v: Vertex) -> bool:
    """The QCD quartic vertex: CalcHEP takes it in its auxiliary-field form, not from the IR."""
    return v.legs == ("g", "g", "g", "g")


def colour_factor(v: Vertex, c: Coupling, ir: ModelIR) -> sp.Expr:
    """The number by which the IR coupling is divided so that CalcHEP's implicit colour matches."""
    reps = [ir.particle(leg).colour for leg in v.legs]
    kinds = tuple(p[0] for p in c.colour)
    n8 = reps.count(8)
    n3 = reps.count(3)
    if not c.colour:
        if n8 or n3:
            msg = f"vertex {v.key}: coloured legs without a colour structure"
            raise GenerationError(msg)
        return sp.Integer(1)
    if kinds == ("d",) and (n3 == 2 or n8 == 2) and len(reps) - n3 - n8 == len(reps) - 2:
        legs = c.colour[0][1:]
        if n3 == 2 and legs != (1, 2):
            msg = f"vertex {v.key}: unexpected colour order {c.colour}"
            raise GenerationError(msg)
        return sp.Integer(1)
    if kinds == ("T",) and n3 == 2 and n8 == 1 and c.colour[0][2:] == (1, 2):
        return sp.Integer(1)  # lambda/2 with the antiquark index first, as in the IR
    if kinds == ("f",) and n8 == 3 and n3 == 0:
        # CalcHEP substitutes "i f(a1,a2,a3)" in its own normalisation, which is -i f^{abc} in the
        # IR's ([T^a, T^b] = i f T^c): what its SM (U u G | GG | G(m3) beside
        # G G G | GG | m1.m2*(p1-p2).m3+...) and LanHEP's qcd.mdl require. Also a g g g (cf. the
        # MSSM's G G G H3).
        s, _ = sort_with_sign(tuple(i for i in c.colour[0][1:]))
        return -s * sp.I
    msg = f"vertex {v.key}: colour structure {c.colour} has no CalcHEP equivalent"
    raise GenerationError(msg)


def chiral_pairs(v: Vertex) -> list[Coupling]:
    """Couplings with ``c_L P_L + c_R P_R`` rewritten as ``(c_L+c_R)/2 + (c_R-c_L)/2 G5``, the
    projector replaced by ``("chain5", "unit"[, mu])`` or ``("chain5", "g5"[, mu])``."""
    out: list[Coupling] = []
    pending: dict[tuple, dict[str, sp.Expr]] = {}
    for c in v.couplings:
        chain = next((p for p in c.lorentz if p[0] == "chain"), None)
        if chain is None:
            out.append(c)
            continue
        rest = tuple(p for p in c.lorentz if p[0] != "chain")
        key = (c.colour, rest, chain[2:])
        pending.setdefault(key, {})[chain[1]] = c.value
    for (colour, rest, gamma), vals in pending.items():
        cl, cr = vals.get("L", sp.Integer(0)), vals.get("R", sp.Integer(0))
        half = sp.Rational(1, 2)
        terms_l = [half * t for t in sp.Add.make_args(cl)]
        terms_r = [half * t for t in sp.Add.make_args(cr)]
        for value, kind in (
            (sp.Add(*terms_l, *terms_r), "unit"),
            (sp.Add(*terms_r, *(-t for t in terms_l)), "g5"),
        ):
            if value != 0:
                out.append(Coupling(colour, (*rest, ("chain5", kind, *gamma)), value))
    return out


def strong_power(values: Iterable[sp.Expr], gs: sp.Symbol, where: str) -> int:
    """The common power of the strong coupling in the terms ``values`` of vertex ``where``
    (CalcHEP's ``GG`` is running: it may appear in the Factor of a vertex, not in a func1.mdl
    constant)."""
    powers = {int(t.as_powers_dict().get(gs, 0)) for t in values}
    if len(powers) != 1:
        msg = f"vertex {where}: terms with different powers of the strong coupling {sorted(powers)}"
        raise GenerationError(msg)
    return powers.pop()


class _Recorder:
    """The ``declare`` of :class:`ComplexProducts` that notes the parts it declares."""

    def __init__(self, inline_trivial: bool) -> None:
        self.inline_trivial = inline_trivial
        self.new: list[Definition] = []

    def __call__(self, expr: sp.Expr, name: str) -> sp.Expr:
        if self.inline_trivial and (
            expr == 0 or isinstance(expr, sp.Symbol) or isinstance(-expr, sp.Symbol)
        ):
            return expr  # LanHEP: no parameter for 0 or +-a parameter
        self.new.append((name, expr))
        return sp.Symbol(name, real=True)

    def take(self) -> tuple[Definition, ...]:
        out, self.new = tuple(self.new), []
        return out


def calchep_forms(ir: ModelIR) -> tuple[CalcHEPVertex, ...]:
    """The CalcHEP form of every vertex but the QCD quartic one, in the IR's order."""
    recorder = _Recorder(inline_trivial=False)
    products = ComplexProducts(dict(tool_names(ir).parts), recorder)
    gs = ir.parameter_set.symbol("gs")
    out = []
    for v in ir.vertices:
        if is_four_gluon(v):
            continue
        n_gs = strong_power((t for c in v.couplings for t in sp.Add.make_args(c.value)), gs, v.key)
        out_terms = []
        for c in chiral_pairs(v):
            # CalcHEP's eps has eps^{0123} = -1 relative to its G5, the IR's +1 (measured,
            # docs/lanhep.md)
            eps_sign = (-1) ** sum(1 for p in c.lorentz if p[0] == "eps")
            value = eps_sign * c.value / (colour_factor(v, c, ir) * gs**n_gs)
            re, im = products.split(value)
            out_terms.append(CalcHEPTerm(c.lorentz, re, im, recorder.take()))
        out.append(CalcHEPVertex(v.legs, n_gs, tuple(out_terms)))
    return tuple(out)


# -- LanHEP ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """The real or imaginary part of a LanHEP coefficient: ``expr`` written inline (a parameter,
    a number times one), or the parameter ``name`` (``GC<n>``), ``-name`` if ``negated``."""

    expr: sp.Expr | None = None
    name: str = ""
    negated: bool = False


@dataclass(frozen=True)
class LanHEPMonomial:
    """``coefficient x GG**strong x operator(colour, lorentz)`` of an ``lterm``; the coefficient
    is ``number`` (written inline) or ``re + i im``."""

    colour: Structure
    lorentz: Structure
    strong: int
    number: sp.Expr | None
    re: Piece | None
    im: Piece | None


@dataclass(frozen=True)
class LanHEPVertex:
    """The ``lterm`` of the IR vertex ``legs``; ``symmetry``: the product of the factorials of the
    multiplicities of its identical legs."""

    legs: tuple[str, ...]
    symmetry: int
    monomials: tuple[LanHEPMonomial, ...]


@dataclass(frozen=True)
class LanHEPForms:
    """Every ``lterm``, the parameters their coefficients declare (in order: ``GC<n>``,
    ``CPr<n>``, ``CPi<n>``), and ``g`` of ``SetEM(A, g)``."""

    vertices: tuple[LanHEPVertex, ...]
    definitions: tuple[Definition, ...]
    em_coupling: sp.Expr


def _relabel(structure: tuple[tuple, ...], perm: Mapping[int, int]) -> list[tuple]:
    """Apply a permutation of legs (positive labels) to a structure; dummies stay."""
    out = []
    for p in structure:
        if p[0] == "P":
            out.append(("P", perm.get(p[1], p[1]), perm.get(p[2], p[2])))
        elif p[0] == "chain":
            out.append((p[0], p[1], *(perm.get(x, x) for x in p[2:])))
        else:
            out.append((p[0], *(perm.get(x, x) for x in p[1:])))
    return out


def merged_couplings(v: Vertex) -> list[Coupling]:
    """The couplings of ``v`` merged into distinct Lagrangian monomials.

    Couplings whose structures differ only by a permutation of identical boson legs are the same
    monomial of fields (``eps(p1,e1,p2,e2)`` and ``eps(p2,e2,p1,e1)`` in ``A A a``; the six
    colour-Lorentz structures of ``g g g g``), so ``(1/S) sum_c value_c O_c`` is written with one
    monomial per class, its value the signed sum over the class. Fermion legs are never permuted
    (an identical Majorana pair is LanHEP's to double).
    """
    groups = defaultdict(list)
    for k, leg in enumerate(v.legs, 1):
        if k > v.n_fermions:
            groups[leg].append(k)
    choices = [
        [dict(zip(ks, p, strict=True)) for p in itertools.permutations(ks)]
        for ks in groups.values()
        if len(ks) > 1
    ]
    perms = [
        dict(kv for d in combo for kv in d.items()) for combo in itertools.product(*choices)
    ] or [{}]
    merged: dict[tuple, list] = {}
    for c in v.couplings:
        best: tuple[str, tuple, int] | None = None
        for perm in perms:
            lc = canonical(_relabel(c.lorentz, perm), lorentz=True)
            cc = canonical(_relabel(c.colour, perm), lorentz=False)
            if lc is None or cc is None:
                msg = f"vertex {v.key}: a permuted structure of {c} vanishes"
                raise GenerationError(msg)
            key = (cc[1], lc[1])
            if best is None or repr(key) < best[0]:
                best = (repr(key), key, lc[0] * cc[0])
        assert best is not None
        _, key, sign = best
        entry = merged.setdefault(key, [sp.Integer(0)])
        entry[0] = sp.Add(entry[0], *(sign * t for t in terms(c.value)))
    out = [Coupling(key[0], key[1], val) for key, (val,) in merged.items()]
    return [c for c in out if c.value != 0]


def symmetry_factor(v: Vertex) -> int:
    """Product of the factorials of the multiplicities of identical legs."""
    return math.prod(math.factorial(m) for m in Counter(v.legs).values())


def operator_factor(c: Coupling) -> sp.Expr:
    """The factor by which LanHEP's operator multiplies the IR value: ``i`` per momentum
    (``p = i*deriv``), ``-1`` per ``eps`` (the IR's ``eps^{0123} = +1`` is ``-epsv``) and ``i``
    per ``f = i*f_SU3`` (:func:`alpseesaw.generators.lanhep.operator` writes the operator)."""
    n_i = sum(1 for p in c.lorentz if p[0] == "P") + sum(1 for p in c.colour if p[0] == "f")
    n_eps = sum(1 for p in c.lorentz if p[0] == "eps")
    factor: sp.Expr = sp.Integer(1)
    for _ in range(n_i):
        factor *= sp.I
    for _ in range(n_eps):
        factor *= -1
    return factor


class _Coefficients:
    """LanHEP's real parameters ``GC<n>`` for the real and imaginary parts of the coefficients."""

    def __init__(self, complex_names: Mapping[str, tuple[str, str]]) -> None:
        self.recorder = _Recorder(inline_trivial=True)
        self.products = ComplexProducts(complex_names, self.recorder)
        self.definitions: list[Definition] = []
        self._by_expr: dict[sp.Expr, str] = {}
        self._count = 0

    def piece(self, expr: sp.Expr) -> Piece:
        """A parameter (or its negative) whose value is the real ``expr``; reusing a parameter
        for ``-expr`` lets ``CheckHerm`` match a coupling with its conjugate."""
        if isinstance(expr, sp.Symbol):
            return Piece(expr)
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_Rational and isinstance(rest, sp.Symbol):  # e.g. 2*ee/3: readable inline,
            return Piece(expr)  # and SetEM sees the charge
        neg = -expr
        if neg in self._by_expr:
            return Piece(name=self._by_expr[neg], negated=True)
        if isinstance(neg, sp.Symbol):
            return Piece(expr)
        if expr not in self._by_expr:
            self._count += 1
            name = f"GC{self._count}"
            self._by_expr[expr] = name
            self.definitions.append((name, expr))
        return Piece(name=self._by_expr[expr])

    def monomial(self, c: Coupling, strong: int, value: sp.Expr) -> LanHEPMonomial | None:
        """The monomial of ``value x operator(c)``, ``None`` if ``value`` is 0."""
        if value == 0:
            return None
        if not value.free_symbols:
            return LanHEPMonomial(c.colour, c.lorentz, strong, value, None, None)
        re, im = self.products.split(value)
        self.definitions += self.recorder.take()
        re_piece = self.piece(re) if re != 0 else None
        im_piece = self.piece(im) if im != 0 else None
        if re_piece is None and im_piece is None:
            return None
        return LanHEPMonomial(c.colour, c.lorentz, strong, None, re_piece, im_piece)


def em_coupling(ir: ModelIR) -> sp.Expr:
    """``g`` in ``SetEM(A, g)``, from the IR's photon-electron vertex.

    LanHEP's SetEM takes ``L = -g Q psibar gamma^mu psi A_mu`` (its SM has ``+EE`` for the
    electron); the IR's vertex is ``V = c gamma^mu`` with ``c = e Q`` (``D = d - i e Q A``), so
    ``g = -c/Q``: ``-ee``.
    """
    electron = next(p for p in ir.particles if p.pdg == 11)
    v = ir.vertex(electron.antiname, electron.name, "A")
    values = {c.lorentz: c.value for c in v.couplings}
    c_left, c_right = values[(("chain", "L", 3),)], values[(("chain", "R", 3),)]
    if sp.simplify(c_left - c_right) != 0:
        msg = f"the photon coupling of {electron.name} is not vector-like: {c_left} vs {c_right}"
        raise GenerationError(msg)
    return sp.simplify(
        -c_left / sp.Rational(electron.charge.numerator, electron.charge.denominator)
    )


def lanhep_forms(ir: ModelIR) -> LanHEPForms:
    """The LanHEP form of every vertex, in the IR's order (vertices without a monomial too)."""
    coeffs = _Coefficients(dict(tool_names(ir).parts))
    gs = ir.parameter_set.symbol("gs")
    out = []
    for v in ir.vertices:
        s = symmetry_factor(v)
        monomials = []
        for c in merged_couplings(v):
            # CalcHEP runs GG: it stays outside GC<n> (IR values are expanded)
            n_gs = strong_power(terms(c.value), gs, v.key)
            scale = operator_factor(c) / (s * gs**n_gs)
            m = coeffs.monomial(c, n_gs, sp.Add(*(t * scale for t in terms(c.value))))
            if m is not None:
                monomials.append(m)
        out.append(LanHEPVertex(v.legs, s, tuple(monomials)))
    return LanHEPForms(tuple(out), tuple(coeffs.definitions), em_coupling(ir))
