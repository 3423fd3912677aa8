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

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alpseesaw import __version__
from alpseesaw.errors import GenerationError
from alpseesaw.generators.base import TITLE, render
from alpseesaw.generators.printers.lanhep import lanhep_code
from alpseesaw.model import snapshot
from alpseesaw.model.card import as_point
from alpseesaw.model.toolnames import check_parameter_name, tool_names, width_name

if TYPE_CHECKING:
    from collections.abc import Mapping

    from alpseesaw.model.card import PointLike
    from alpseesaw.model.forms import LanHEPMonomial, LanHEPVertex, Piece
    from alpseesaw.model.ir import Coupling, ModelIR, Vertex

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


def _piece(piece: Piece | None, names: Mapping[str, str]) -> str:
    if piece is None:
        return ""
    if piece.expr is not None:
        return lanhep_code(piece.expr, names, allow_i=True)
    return ("-" if piece.negated else "") + piece.name


def coefficient(m: LanHEPMonomial, names: Mapping[str, str]) -> str:
    """LanHEP code of a monomial's coefficient: a number, ``GCa``, ``i*GCb``, ``(GCa + i*GCb)``
    (or with ``-`` signs); the parameters are those of :func:`alpseesaw.model.forms.lanhep_forms`."""
    if m.number is not None:
        return lanhep_code(m.number, allow_i=True)
    re_code, im_code = _piece(m.re, names), _piece(m.im, names)
    if im_code:
        im_code = f"-i*{im_code[1:]}" if im_code.startswith("-") else f"i*{im_code}"
    if re_code and im_code:
        sign = " - " if im_code.startswith("-") else " + "
        return f"({re_code}{sign}{im_code.lstrip('-')})"
    return re_code or im_code or "0"


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


def operator(v: Vertex, c: Coupling | LanHEPMonomial, ir: ModelIR, names: Mapping[str, str]) -> str:
    """LanHEP product of fields and tensors for one coupling (colour and Lorentz structure) of
    ``v``; the IR value is multiplied by :func:`alpseesaw.model.forms.operator_factor`: ``i`` per
    momentum (``p = i*deriv``), ``i`` per ``f = i*f_SU3``, ``-1`` per ``eps`` (the IR's
    ``eps^{0123} = +1`` is ``-epsv``: LanHEP copies ``epsv`` into CalcHEP's ``eps``, whose sign
    next to CalcHEP's ``G5`` is MadGraph's, ``eps^{0123} = -1``; measured with CalcHEP on
    ``mu mu -> a gamma``, see ``docs/lanhep.md``).
    """
    parts = [ir.particle(x) for x in v.legs]
    fermionic = v.n_fermions == 2
    if v.n_fermions not in (0, 2):
        msg = f"vertex {v.key}: {v.n_fermions} fermion legs"
        raise GenerationError(msg)
    vec = _Labels("mu", "rho")
    col = _Labels("ca", "cb")
    derivs: dict[int, list[int]] = defaultdict(list)
    tensors: list[tuple[str, tuple[int, ...]]] = []
    chain: tuple | None = None
    for p in c.lorentz:
        if p[0] == "g":
            vec.union(p[1], p[2])
        elif p[0] == "P":
            derivs[p[2]].append(p[1])
        elif p[0] == "eps":
            tensors.append(("epsv", p[1:]))  # CalcHEP's eps has eps^{0123} = -1 next to its G5
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
    return "*".join(pieces)


def _lterm(v: Vertex, form: LanHEPVertex, ir: ModelIR, names: Mapping[str, str]) -> LTerm:
    monomials = []
    for m in form.monomials:
        op = operator(v, m, ir, names)
        code = coefficient(m, names)
        if code != "0":
            monomials.append(Monomial(code, m.strong, op))
    return LTerm(v.key, form.symmetry, tuple(monomials))


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
    forms = snapshot.lanhep_forms(ir)

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

    lterms = [_lterm(v, f, ir, cnames) for v, f in zip(ir.vertices, forms.vertices, strict=True)]
    lterms = [t for t in lterms if t.monomials]
    params += [
        LanHEPParameter(
            n,
            lanhep_code(e, pnames),
            "Lagrangian coefficient" if n.startswith("GC") else "product of mixing elements",
        )
        for n, e in forms.definitions
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
        lanhep_code(forms.em_coupling, pnames),
        ghosts,
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
