"""LanHEP model source from the IR: ``model.lhp``, for ``lhep -ca`` (CalcHEP files) or ``lhep -ufo``.

:func:`generate` is pure: ``(ModelIR, card values) -> {"model.lhp": text}``, byte-deterministic.
Run it with :func:`alpseesaw.runners.run_lanhep` (``main_file="model.lhp"``).

What the source holds (conventions in ``docs/lanhep.md``):

* **Parameters**, in the IR's dependency order: the card's externals at their values, the internal
  parameters as LanHEP expressions (:mod:`.printers.lanhep`), the outputs of the neutrino block as
  numbers at the card (complex ones split, ``VN11 = VNr11 + i VNi11``, the names of the CalcHEP
  generator), the strong coupling as ``GG`` (the name CalcHEP runs), and the Lagrangian's
  coefficients as real parameters ``GC<n>`` built, like the CalcHEP generator's, from real and
  imaginary parts ``CPr<n>``/``CPi<n>`` of products of mixing-matrix elements, so that LanHEP and
  CalcHEP only ever see ``(GCa + i*GCb)`` and CalcHEP's symbolic squared amplitudes stay small.
* **Particles** with the CalcHEP generator's names (:mod:`alpseesaw.model.toolnames`), Majorana
  neutrinos as ``spinor nu1/nu1``, the dark fermion ``~chi/~Chi``, automatic widths ``wd<name>``
  as in the CalcHEP generator; unitary gauge (only the massless photon and gluon are ``gauge``).
* **Interaction**: one ``lterm`` per IR vertex, the Lagrangian term whose functional derivative is
  that vertex. The vertex ``V = sum value x colour x lorentz`` over legs ``L_1..L_n`` becomes
  ``L = (1/S) sum value x colour x lorentz(fields)``, ``S`` the product of the factorials of the
  multiplicities of identical legs (two identical Majorana legs count, giving the IR's factor 2
  back); ``("P", mu, k)`` becomes ``i*deriv^mu`` on the field of leg k (LanHEP's ``deriv`` is
  ``-i`` times the incoming momentum); ``("g", a, b)`` a shared index; ``("eps", ...)`` ``-epsv``
  (CalcHEP's ``eps`` has ``eps^{0123} = -1`` next to its ``G5``, the IR's ``+1``);
  ``("chain", "L"|"R"[, mu])`` ``[gamma^mu*](1-+gamma5)/2`` between ``anti(bar leg)`` and the field
  leg; colour ``T`` is LanHEP's ``lambda`` and ``f`` is ``i*f_SU3`` (LanHEP's gluon field strength
  is ``deriv G - deriv G + i*g*f_SU3*G*G`` with the quark current ``g*lambda``). LanHEP
  differentiates the Lagrangian itself, so its output checks the symmetry factors, the Majorana
  doubling, the derivative signs and the hermiticity (``CheckHerm``) independently.

The QCD quartic vertex is written from the IR like every other vertex; LanHEP turns it into
CalcHEP's auxiliary-field form (``G G G.t``) on its own. LanHEP rounds numbers to six digits when
it writes ``vars1.mdl`` (``%g``), so the neutrino-block outputs lose precision on the way.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from alpseesaw import __version__
from alpseesaw.errors import GenerationError
from alpseesaw.generators.base import TITLE, render
from alpseesaw.generators.complexparts import ComplexProducts
from alpseesaw.generators.complexparts import terms as _terms
from alpseesaw.generators.printers.lanhep import lanhep_code
from alpseesaw.model.card import as_point
from alpseesaw.model.feynman import canonical
from alpseesaw.model.ir import Coupling, ModelIR, Vertex
from alpseesaw.model.toolnames import check_parameter_name, tool_names, width_name

if TYPE_CHECKING:
    from collections.abc import Mapping

    from alpseesaw.model.card import PointLike

#: The file LanHEP is run on.
MAIN_FILE = "model.lhp"
#: Names LanHEP predefines (lhep.rc, calchep.rc) or uses as keywords: never a model name.
RESERVED = frozenset({
    "i", "Sqrt2", "deriv", "moment", "gamma", "gamma5", "g5", "epsv", "lambda", "f_SU3", "d_SU3",
    "eps", "epspm", "tau", "tau1", "tau2", "tau3", "taup", "taum", "taupm", "taump", "Tau", "Tau1",
    "Tau2", "Tau3", "Taup", "Taum", "Taupm", "Taump", "anti", "cc", "vev", "sqrt", "pow", "sin",
    "cos", "tan", "asin", "acos", "atan", "atan2", "exp", "log", "fabs", "creal", "cimag", "cabs",
    "eps_c3", "eps_c3b", "k_c6", "k_c6b", "l_c6", "pi",
})  # fmt: skip

_BARE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_FLIP_SIGN = {"L": "-", "R": "+"}


@dataclass(frozen=True)
class LanHEPParameter:
    """``parameter name = value : 'comment'.`` (``value`` is a number or a LanHEP expression)."""

    name: str
    value: str
    comment: str


@dataclass(frozen=True)
class LanHEPParticle:
    """A particle statement: ``kind name/anti:(options)``."""

    kind: str
    name: str
    anti: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Monomial:
    """``coefficient * GG**strong * operator``: ``coefficient`` is LanHEP code of a complex
    number (``GC3``, ``-i*GC4``, ``(GC5 + i*GC6)``, ``2*ee/3``, ``1/4``), ``operator`` the product
    of fields and tensors, ``strong`` the power of CalcHEP's running ``GG``."""

    coefficient: str
    strong: int
    operator: str

    def code(self) -> str:
        sign, coeff = (
            ("-", self.coefficient[1:])
            if self.coefficient.startswith("-")
            else ("", self.coefficient)
        )
        parts = [] if coeff == "1" else [coeff]
        if self.strong:
            parts.append("GG" if self.strong == 1 else f"GG**{self.strong}")
        return sign + "*".join([*parts, self.operator])


@dataclass(frozen=True)
class LTerm:
    """The ``lterm`` of one IR vertex (``vertex``: its key): the sum of ``monomials``; ``symmetry``
    is the product of the factorials of the multiplicities of its identical legs."""

    vertex: str
    symmetry: int
    monomials: tuple[Monomial, ...]

    def lines(self) -> list[str]:
        """The monomials as lines of a sum (``a``, ``+ b``, ``- c``)."""
        codes = [m.code() for m in self.monomials]
        return [codes[0], *(f"- {c[1:]}" if c.startswith("-") else f"+ {c}" for c in codes[1:])]


@dataclass(frozen=True)
class LanHEPSource:
    """Everything ``model.lhp`` says, before layout."""

    title: str
    parameters: tuple[LanHEPParameter, ...]
    particles: tuple[LanHEPParticle, ...]
    lterms: tuple[LTerm, ...]
    #: ``option name=value.`` statements (column widths of LanHEP's CalcHEP tables)
    options: tuple[tuple[str, int], ...] = ()
    #: ``lha name=BLOCK(index).`` of the externals (SLHA blocks of LanHEP's UFO param_card)
    lha: tuple[tuple[str, str, int], ...] = ()
    #: ``g`` of ``SetEM(A, g)``: LanHEP reads a charge Q from ``L = -g Q psibar gamma psi A``
    em_coupling: str = ""
    #: gauge-fixing sector the unitary-gauge IR does not hold: the gluon's ghost term
    ghost_terms: tuple[str, ...] = ()


# -- names ------------------------------------------------------------------------------------------


def quote(name: str) -> str:
    """A LanHEP identifier: bare if alphanumeric, else in single quotes (``'W+'``, ``'~chi'``)."""
    return name if _BARE_NAME.match(name) else f"'{name}'"


def _comment(text: str, limit: int = 70) -> str:
    """A LanHEP string literal body: no quotes or '%' (LanHEP's comment sign), at most ``limit``."""
    return text.replace("'", '"').replace("%", " percent")[:limit].rstrip()


def _check_names(particles: Mapping[str, str], params: list[str]) -> None:
    """One LanHEP namespace holds particles and parameters; CalcHEP ignores case for parameters."""
    taken: dict[str, str] = {}
    for n in sorted(set(particles.values())):
        taken[n] = f"particle {n!r}"
    lowered: dict[str, str] = {}
    for n in params:
        if n != "GG":  # predefined in CalcHEP as the running coupling; LanHEP must declare it
            check_parameter_name(n)
        if n in RESERVED:
            msg = f"parameter name {n!r} is reserved in LanHEP"
            raise GenerationError(msg)
        if n in taken:
            msg = f"parameter {n!r} clashes with {taken[n]} in LanHEP's single namespace"
            raise GenerationError(msg)
        taken[n] = f"parameter {n!r}"
        other = lowered.setdefault(n.lower(), n)
        if other != n:
            msg = f"parameters {other!r} and {n!r} differ only by case; CalcHEP cannot tell them apart"
            raise GenerationError(msg)


# -- coefficients ------------------------------------------------------------------------------------


class _Coefficients:
    """Real parameters for the complex coefficients of the Lagrangian.

    A coefficient is a sum of ``a_t x z_t``: ``a_t`` a product of real parameters, numbers and
    ``i``, ``z_t`` a product of complex parameters (the mixing ``VN``) or their conjugates. Each
    distinct product gets real and imaginary parts ``CPr<n>``/``CPi<n>`` (built factor by
    factor); the coefficient's real and imaginary parts are then linear in them and become
    ``GC<n>``. A coefficient that is a number is written inline (LanHEP keeps fractions exact).
    """

    def __init__(
        self, names: Mapping[str, str], complex_names: Mapping[str, tuple[str, str]]
    ) -> None:
        self.names = names
        self.defs: list[tuple[str, sp.Expr]] = []
        self._by_expr: dict[sp.Expr, str] = {}
        self._count = Counter[str]()
        self.products = ComplexProducts(complex_names, self._declare)

    def code(self, value: sp.Expr) -> str:
        """LanHEP code of ``value``: a number, ``GCa``, ``i*GCb``, ``(GCa + i*GCb)`` (or with
        ``-`` signs); ``value`` is a sum of products (the IR's couplings are expanded)."""
        if value == 0:
            return "0"
        if not value.free_symbols:
            return lanhep_code(value, allow_i=True)
        re_part, im_part = self.products.split(value)
        re_code = self._real(re_part) if re_part != 0 else ""
        im_code = self._real(im_part) if im_part != 0 else ""
        if im_code:
            im_code = f"-i*{im_code[1:]}" if im_code.startswith("-") else f"i*{im_code}"
        if re_code and im_code:
            sign = " - " if im_code.startswith("-") else " + "
            return f"({re_code}{sign}{im_code.lstrip('-')})"
        return re_code or im_code or "0"

    def _declare(self, expr: sp.Expr, name: str) -> sp.Expr:
        if expr == 0 or isinstance(expr, sp.Symbol) or isinstance(-expr, sp.Symbol):
            return expr  # no parameter for 0 or +-a parameter
        self.defs.append((name, expr))
        return sp.Symbol(name, real=True)

    def _real(self, expr: sp.Expr) -> str:
        """A parameter (or its negative, ``-GCn``) whose value is the real ``expr``; reusing a
        parameter for ``-expr`` lets ``CheckHerm`` match a coupling with its conjugate."""
        if isinstance(expr, sp.Symbol):
            return self.names.get(expr.name, expr.name)
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_Rational and isinstance(rest, sp.Symbol):  # e.g. 2*ee/3: readable inline,
            return lanhep_code(expr, self.names, allow_i=True)  # and SetEM sees the charge
        if -expr in self._by_expr:
            return "-" + self._by_expr[-expr]
        if isinstance(-expr, sp.Symbol):
            return "-" + self.names.get((-expr).name, (-expr).name)
        if expr not in self._by_expr:
            self._count["GC"] += 1
            name = f"GC{self._count['GC']}"
            self._by_expr[expr] = name
            self.defs.append((name, expr))
        return self._by_expr[expr]


# -- operators --------------------------------------------------------------------------------------


class _Labels:
    """Union-find over index labels; classes get LanHEP index names."""

    def __init__(self, leg_prefix: str, dummy_prefix: str) -> None:
        self.parent: dict[int, int] = {}
        self.leg_prefix = leg_prefix
        self.dummy_prefix = dummy_prefix
        self._dummy_names: dict[int, str] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        # a leg label (positive, smallest first) represents its class
        keep, drop = sorted((ra, rb), key=lambda x: (x < 0, abs(x)))
        self.parent[drop] = keep

    def name(self, x: int) -> str:
        r = self.find(x)
        if r > 0:
            return f"{self.leg_prefix}{r}"
        if r not in self._dummy_names:
            self._dummy_names[r] = f"{self.dummy_prefix}{len(self._dummy_names) + 1}"
        return self._dummy_names[r]


def operator(v: Vertex, c: Coupling, ir: ModelIR, names: Mapping[str, str]) -> tuple[str, sp.Expr]:
    """LanHEP product of fields and tensors for one coupling of ``v``, and the factor by which the
    IR value is multiplied: ``i`` per momentum (``p = i*deriv``), ``i`` per ``f = i*f_SU3``, ``-1``
    per ``eps`` (the IR's ``eps^{0123} = +1`` is ``-epsv``: LanHEP copies ``epsv`` into CalcHEP's
    ``eps``, whose sign next to CalcHEP's ``G5`` is MadGraph's, ``eps^{0123} = -1``; measured with
    CalcHEP on ``mu mu -> a gamma``, see ``docs/lanhep.md``).
    """
    parts = [ir.particle(x) for x in v.legs]
    fermionic = v.n_fermions == 2
    if v.n_fermions not in (0, 2):
        msg = f"vertex {v.key}: {v.n_fermions} fermion legs"
        raise GenerationError(msg)
    vec = _Labels("mu", "rho")
    col = _Labels("ca", "cb")
    factor: sp.Expr = sp.Integer(1)
    derivs: dict[int, list[int]] = defaultdict(list)
    tensors: list[tuple[str, tuple[int, ...]]] = []
    chain: tuple | None = None
    for p in c.lorentz:
        if p[0] == "g":
            vec.union(p[1], p[2])
        elif p[0] == "P":
            derivs[p[2]].append(p[1])
            factor *= sp.I
        elif p[0] == "eps":
            tensors.append(("epsv", p[1:]))
            factor *= -1  # CalcHEP's eps (LanHEP's epsv) has eps^{0123} = -1 next to its G5
        elif p[0] == "chain":
            chain = p
        else:
            msg = f"vertex {v.key}: unknown Lorentz primitive {p!r}"
            raise GenerationError(msg)
    if (chain is not None) != fermionic:
        msg = f"vertex {v.key}: a fermion chain needs exactly the two fermion legs, got {c.lorentz}"
        raise GenerationError(msg)
    quark_pair = fermionic and parts[0].colour == parts[1].colour == 3
    use_lambda = False
    colour_tensors: list[tuple[str, tuple[int, ...]]] = []
    for p in c.colour:
        if p[0] == "d" and quark_pair and set(p[1:]) == {1, 2}:
            continue  # anti(q)*...*q: LanHEP contracts the colour of the pair itself
        if p[0] == "d":
            col.union(p[1], p[2])
        elif p[0] == "T" and quark_pair and p[2:] == (1, 2) and parts[p[1] - 1].colour == 8:
            use_lambda = True  # lambda^(c3 of anti(q), c3b of q, c8 of the gluon), implicit
        elif p[0] == "f":
            colour_tensors.append(("f_SU3", p[1:]))
            factor *= sp.I
        else:
            msg = f"vertex {v.key}: colour structure {c.colour} has no LanHEP form here"
            raise GenerationError(msg)
    explicit_colour = not quark_pair

    def field(k: int) -> str:
        part = parts[k - 1]
        leg = v.legs[k - 1]
        if fermionic and k == 1:
            if part.self_conjugate or part.antiname == leg:  # the bar leg is anti(particle)
                text = f"anti({quote(names[part.name])})"
            else:
                msg = f"vertex {v.key}: bar leg {leg} is not an antiparticle"
                raise GenerationError(msg)
        elif fermionic and k == 2:
            if not (part.self_conjugate or part.name == leg):
                msg = f"vertex {v.key}: field leg {leg} is an antiparticle (charge-conjugate field)"
                raise GenerationError(msg)
            text = quote(names[leg])
        else:
            idx = []
            if part.spin == 3:
                idx.append(vec.name(k))
            if part.colour == 8 and explicit_colour:
                idx.append(col.name(k))
            elif part.colour == 3:
                msg = f"vertex {v.key}: a coloured triplet outside the fermion pair"
                raise GenerationError(msg)
            text = quote(names[leg]) + "".join(f"^{x}" for x in idx)
        prefix = "".join(f"deriv^{vec.name(mu)}*" for mu in derivs.get(k, ()))
        return prefix + text

    pieces = [f"{t}" + "".join(f"^{vec.name(i)}" for i in idx) for t, idx in tensors]
    pieces += [f"{t}" + "".join(f"^{col.name(i)}" for i in idx) for t, idx in colour_tensors]
    first_boson = 1
    if fermionic:
        assert chain is not None
        gamma = [f"gamma^{vec.name(chain[2])}"] if len(chain) == 3 else []
        proj = f"(1{_FLIP_SIGN[chain[1]]}gamma5)/2"
        pieces += [field(1), *(["lambda"] if use_lambda else []), *gamma, proj, field(2)]
        first_boson = 3
    pieces += [field(k) for k in range(first_boson, len(v.legs) + 1)]
    return "*".join(pieces), factor


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
        entry[0] = sp.Add(entry[0], *(sign * t for t in _terms(c.value)))
    out = [Coupling(key[0], key[1], val) for key, (val,) in merged.items()]
    return [c for c in out if c.value != 0]


def symmetry_factor(v: Vertex) -> int:
    """Product of the factorials of the multiplicities of identical legs."""
    return math.prod(math.factorial(m) for m in Counter(v.legs).values())


def _strong_power(value: sp.Expr, gs: sp.Symbol, where: str) -> int:
    powers = {int(t.as_powers_dict().get(gs, 0)) for t in _terms(value)}  # IR values: expanded
    if len(powers) != 1:
        msg = f"vertex {where}: terms with different powers of the strong coupling {sorted(powers)}"
        raise GenerationError(msg)
    return powers.pop()


def _lterm(v: Vertex, ir: ModelIR, names: Mapping[str, str], coeffs: _Coefficients) -> LTerm:
    s = symmetry_factor(v)
    gs = ir.parameter_set.symbol("gs")
    monomials = []
    for c in merged_couplings(v):
        n_gs = _strong_power(c.value, gs, v.key)  # CalcHEP runs GG: it stays outside GC<n>
        op, factor = operator(v, c, ir, names)
        scale = factor / (s * gs**n_gs)
        code = coeffs.code(sp.Add(*(t * scale for t in _terms(c.value))))
        if code != "0":
            monomials.append(Monomial(code, n_gs, op))
    return LTerm(v.key, s, tuple(monomials))


# -- particles --------------------------------------------------------------------------------------


def _particle(p, cnames: Mapping[str, str]) -> LanHEPParticle:
    kind = {1: "scalar", 2: "spinor", 3: "vector"}[p.spin]
    n, an = cnames[p.name], cnames[p.antiname]
    opts = [f"'{_comment(p.description, 15)}'", f"pdg {p.pdg}"]
    if p.colour != 1:
        opts.append(f"color c{p.colour}")
    if p.mass != "ZERO":
        opts.append(f"mass {p.mass}")
        if p.width != "ZERO":
            opts.append(f"width {width_name(n)} = auto")
    elif p.spin == 3:
        opts.append("gauge")  # massless photon and gluon: CalcHEP's aux 'G'
    return LanHEPParticle(kind, quote(n), quote(an), tuple(opts))


# -- the generator ----------------------------------------------------------------------------------


def source(ir: ModelIR, point: PointLike = None, title: str = TITLE) -> LanHEPSource:
    """The content of ``model.lhp`` at the point (defaults for what it leaves out)."""
    names = tool_names(ir)
    cnames = names.calchep
    values = as_point(ir, point).values
    pnames = dict(names.parameters)
    complex_names = dict(names.parts)
    coeffs = _Coefficients(pnames, complex_names)

    params: list[LanHEPParameter] = []
    lha = tuple(
        (pnames[q.name], q.slha[0], q.slha[1])
        for q in ir.parameters
        if q.kind == "external" and q.slha
    )
    for q in ir.parameters:
        name = pnames[q.name]
        described = f"{q.description} [{q.unit}]" if q.unit else q.description
        if q.slha:
            described = f"{described} (SLHA {q.slha[0]} {q.slha[1]})"
        if q.kind == "internal" and name != "GG":
            params.append(
                LanHEPParameter(name, lanhep_code(q.expr, pnames), _comment(q.description))
            )
        elif q.is_complex:
            val = complex(values[q.name])
            r, i = complex_names[q.name]
            params.append(
                LanHEPParameter(r, repr(val.real), _comment(f"Re {q.name}: {q.description}"))
            )
            params.append(LanHEPParameter(i, repr(val.imag), _comment(f"Im {q.name}")))
        else:  # externals, numeric outputs, and GG (CalcHEP runs it; the value at the card)
            val = complex(values[q.name])
            what = (
                "strong coupling g_s at the card (CalcHEP's running GG)"
                if name == "GG"
                else described
            )
            params.append(LanHEPParameter(name, repr(val.real), _comment(what)))

    lterms = [_lterm(v, ir, cnames, coeffs) for v in ir.vertices]
    lterms = [t for t in lterms if t.monomials]
    params += [
        LanHEPParameter(
            n,
            lanhep_code(e, pnames),
            "Lagrangian coefficient" if n.startswith("GC") else "product of mixing elements",
        )
        for n, e in coeffs.defs
    ]

    particles = tuple(_particle(p, cnames) for p in ir.particles)
    widths = [
        width_name(cnames[p.name]) for p in ir.particles if p.mass != "ZERO" and p.width != "ZERO"
    ]
    _check_names(cnames, [q.name for q in params] + widths)
    # func1.mdl's expression column must hold the longest expression (LanHEP refuses otherwise)
    width = max(len(q.value) for q in params) + 16
    options = (("chepPDWidth", width),)
    # CalcHEP derives no ghosts: the gluon's Faddeev-Popov term, as in LanHEP's mdl/qcd.mdl, whose
    # conventions ours match (f = i f_SU3, D = deriv - i GG lambda G); docs/micromegas.md
    ghosts = (
        ("i*GG*f_SU3*ccghost(G)*G*deriv*ghost(G)",)
        if any(v.legs == ("g", "g", "g") for v in ir.vertices)
        else ()
    )
    return LanHEPSource(
        title,
        tuple(params),
        particles,
        tuple(lterms),
        options,
        lha,
        em_coupling(ir, pnames),
        ghosts,
    )


def em_coupling(ir: ModelIR, names: Mapping[str, str]) -> str:
    """LanHEP code of ``g`` in ``SetEM(A, g)``, from the IR's photon-electron vertex.

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
    return lanhep_code(
        sp.simplify(-c_left / sp.Rational(electron.charge.numerator, electron.charge.denominator)),
        names,
    )


def generate(ir: ModelIR, point: PointLike = None, title: str = TITLE) -> dict[str, str]:
    """``{"model.lhp": text}``: the LanHEP source of the model at the point."""
    src = source(ir, point, title)
    text = render(
        "lanhep/model.lhp.j2",
        src=src,
        version=__version__,
        model_hash=ir.hash,
        n_vertices=len(ir.vertices),
    )
    return {MAIN_FILE: text}
