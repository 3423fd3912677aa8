"""CalcHEP model files from the IR: ``vars1.mdl func1.mdl prtcls1.mdl lgrng1.mdl extlib1.mdl``.

Conventions (CalcHEP manual, help/s_mdl_4.txt): a vertex is ``dS/dA1..dA4 = Factor x Lorentz part x
colour``, momenta incoming, ``d_mu -> -i p_mu`` -- the IR's own convention, so couplings carry over
unchanged except for the measured conventions below; fermion vertices list the antifermion (bar
leg) first. Colour is implicit: delta for 3-3bar and 8-8, ``lambda/2`` for 3-3bar-8, and for
8-8-8 the manual's "i f", which is ``-i f^{abc}`` in the IR's normalisation.

Every coupling becomes a real parameter of ``func1.mdl`` (``GCnnn``, real and imaginary parts
separately, since CalcHEP parameters are real; the Lorentz part combines them with ``i``), because
a Lorentz part may not contain a division. Chiral couplings ``c_L P_L + c_R P_R`` are written in
CalcHEP's usual form ``(c_L+c_R)/2 + (c_R-c_L)/2 G5``. Complex parameters of the IR (the 7x7 neutrino mixing
``VN``) are split as ``VN = VNr + i VNi``.

Parameters: the card's externals and the numeric outputs of the neutrino block go to
``vars1.mdl`` (the latter at their values for the card: changing neutrino inputs needs a
regeneration); internal parameters go to ``func1.mdl`` in dependency order. The IR's strong
coupling ``gs`` is CalcHEP's predefined running ``GG``. Widths of unstable particles are
automatic (``!wd...``).

Conventions measured on the real tool rather than read from the manual (docs/lanhep.md): CalcHEP's
``eps`` has ``eps^{0123} = -1`` relative to its ``G5`` (the IR's is +1, so every ``eps`` coupling
changes sign), and its implicit 8-8-8 colour factor is ``-i f^{abc}`` in the IR's normalisation.
Massive W and Z carry no gauge ``G`` aux: the model is in unitary gauge, without Goldstones. The
QCD quartic vertex is written in CalcHEP's auxiliary-field form (``G.t``), and the gluon's ghost
vertex is added (CalcHEP needs it for external gluons; the unitary-gauge IR has no ghosts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from alpseesaw.errors import GenerationError
from alpseesaw.generators.base import TITLE, render
from alpseesaw.generators.printers.calchep import calchep_code
from alpseesaw.model import snapshot
from alpseesaw.model.card import as_point
from alpseesaw.model.toolnames import PREDEFINED, ToolNames, tool_names, width_name

if TYPE_CHECKING:
    from collections.abc import Mapping

    import sympy as sp

    from alpseesaw.model.card import PointLike
    from alpseesaw.model.fields import Particle
    from alpseesaw.model.forms import CalcHEPTerm, CalcHEPVertex
    from alpseesaw.model.ir import ModelIR

#: The CalcHEP model files micrOMEGAs reads from ``work/models/`` (model number 1).
MODEL_FILES: tuple[str, ...] = (
    "vars1.mdl",
    "func1.mdl",
    "prtcls1.mdl",
    "lgrng1.mdl",
    "extlib1.mdl",
)
#: Files LanHEP (``lhep -ca``) does not write; an empty library table is emitted if absent.
OPTIONAL_MODEL_FILES: frozenset[str] = frozenset({"extlib1.mdl"})


# -- Lorentz structures ---------------------------------------------------------------------------


def lorentz_code(structure: tuple[tuple, ...]) -> str:
    """CalcHEP Lorentz part of one structure; dummies contracted with a momentum become ``p<k>``.

    Fermion chains appear as ``("chain5", "unit"|"g5"[, mu])`` (see :func:`alpseesaw.model.forms.chiral_pairs`):
    ``1``, ``G5``, ``G(mu)``, ``G(mu)*G5``.
    """
    mom: dict[int, int] = {}
    others: list[tuple] = []
    dots: list[str] = []
    ps = [p for p in structure if p[0] == "P"]
    by_dummy: dict[int, list[int]] = {}
    for p in ps:
        if p[1] < 0:
            by_dummy.setdefault(p[1], []).append(p[2])
        else:
            dots.append(f"m{p[1]}.p{p[2]}")
    for d, legs in by_dummy.items():
        if len(legs) == 2:
            dots.append(f"p{legs[0]}.p{legs[1]}")
        else:
            mom[d] = legs[0]

    def idx(x: int) -> str:
        if x > 0:
            return f"m{x}"
        if x in mom:
            return f"p{mom[x]}"
        msg = f"dummy index {x} is contracted with neither a momentum nor a leg in {structure}"
        raise GenerationError(msg)

    for p in structure:
        if p[0] == "P":
            continue
        if p[0] == "g":
            dots.append(f"{idx(p[1])}.{idx(p[2])}")
        elif p[0] == "eps":
            others.append(("eps", ",".join(idx(i) for i in p[1:])))
        elif p[0] == "chain5":
            gamma = [f"G({idx(p[2])})"] if len(p) == 3 else []
            g5 = ["G5"] if p[1] == "g5" else []
            others.append(("chain", "*".join(gamma + g5) or "1"))
        else:
            msg = f"unknown Lorentz primitive {p!r}"
            raise GenerationError(msg)
    parts = (
        [f"eps({a})" for k, a in others if k == "eps"]
        + dots
        + [a for k, a in others if k == "chain" and a != "1"]
    )
    return "*".join(parts) if parts else "1"


_QCD_QUARTIC = ("G    |G    |G.t  |     |GG/Sqrt2|m1.M3*m2.m3-m1.m3*m2.M3",)

#: The Faddeev-Popov ghost vertex of the gluon, as in CalcHEP's SM next to the identical
#: G G G and U u G lines the generator writes. CalcHEP does not derive ghosts: without this line,
#: external gluons are summed with -g_{mu nu} and the unphysical polarisations leak in (u u~ -> g g
#: came out as the textbook result + (4/3) t u / s^2 on the real CalcHEP). The IR is in unitary
#: gauge and has no ghosts; only the massless, non-abelian gluon needs them (the photon's decouple).
_GLUON_GHOST = ("G.C  |G.c  |G    |     |-GG     |p1.m3",)


# -- the generator --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    legs: tuple[str, str, str, str]
    factor: str
    lorentz: str


class _Couplings:
    """Collects coupling constants as func1 parameters (``GC<n>``; products of complex
    parameters as ``CPr<n>``/``CPi<n>``, see :mod:`alpseesaw.model.complexparts`). The Lorentz
    part only ever sees ``(GCr + i*GCi)``."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names
        self.defs: list[tuple[str, str]] = []
        self._seen: dict[str, str] = {}
        self._by_expr: dict[sp.Expr, str] = {}
        self._count: dict[str, int] = {}

    def term(self, t: CalcHEPTerm) -> str:
        """CalcHEP code of a coefficient, ``GCr``, ``i*GCi`` or ``(GCr+i*GCi)``."""
        for name, expr in t.products:
            self._declare(expr, name[:3], fresh=name)
        coeff = []
        if t.re != 0:
            coeff.append(self._declare(t.re, "GC"))
        if t.im != 0:
            coeff.append("i*" + self._declare(t.im, "GC"))
        if not coeff:
            return ""
        return coeff[0] if len(coeff) == 1 else "(" + "+".join(coeff) + ")"

    def _declare(self, part: sp.Expr, prefix: str, fresh: str | None = None) -> str:
        if fresh is None and part in self._by_expr:
            return self._by_expr[part]
        code = calchep_code(part, self.names)
        if fresh is None and code in self._seen:
            return self._seen[code]
        if fresh is None:
            self._count[prefix] = self._count.get(prefix, 0) + 1
            fresh = f"{prefix}{self._count[prefix]}"
        self.defs.append((fresh, code))
        self._seen.setdefault(code, fresh)
        self._by_expr.setdefault(part, fresh)
        return fresh


def _vertex_lines(v: CalcHEPVertex, names: ToolNames, gc: _Couplings) -> list[_Line]:
    legs = tuple(names.calchep[x] for x in v.legs)
    padded = (*legs, *("",) * (4 - len(legs)))
    n_gs = v.strong
    factor = "1" if n_gs == 0 else ("GG" if n_gs == 1 else f"GG^{n_gs}")
    terms = []
    for t in v.terms:
        code = lorentz_code(t.lorentz)
        coupling = gc.term(t)
        if coupling:
            terms.append(f"{coupling}*{code}" if code != "1" else coupling)
    if not terms:
        return []
    return [_Line(padded, factor, "+".join(terms))]  # type: ignore[arg-type]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A CalcHEP table: header and rows with aligned columns.

    CalcHEP reads each row only up to the column of the header's last ``|`` (``readtable0``), so
    the header ends with ``|`` beyond the longest row.
    """
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)
    ]
    out = ["|".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "|"]
    out += ["|".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return out


def generate(ir: ModelIR, point: PointLike = None, title: str = TITLE) -> dict[str, str]:
    """The five CalcHEP model files at the point (defaults for what it leaves out)."""
    return dict(model(ir, point, title).files)


def model(ir: ModelIR, point: PointLike = None, title: str = TITLE) -> CalcHEPModel:
    """The CalcHEP model of the IR at a card: the files and their names, known from the IR."""
    names = tool_names(ir)
    values = as_point(ir, point).values
    pmap = dict(names.parameters)
    gc = _Couplings(pmap)

    # vars1.mdl: externals and numeric outputs (complex ones as real/imaginary parts)
    var_rows: list[list[str]] = []
    parfile: dict[str, tuple[str, ...]] = {}
    for q in ir.parameters:
        if q.kind == "internal":
            continue
        cname = pmap[q.name]
        val = values[q.name]
        parfile[q.name] = names.parts.get(q.name, (cname,))
        if q.is_complex:
            r, i = names.parts[q.name]
            var_rows.append([r, _num(complex(val).real), f"Re {q.name}: {q.description[:60]}"])
            var_rows.append([i, _num(complex(val).imag), f"Im {q.name}"])
        else:
            var_rows.append(
                [cname, _num(float(complex(val).real)), f"{q.description[:70]} [{q.unit}]"]
            )

    # func1.mdl: internals in dependency order, then the couplings
    func_rows: list[list[str]] = []
    for q in ir.parameters:
        if q.kind != "internal" or pmap[q.name] in PREDEFINED:
            continue
        func_rows.append([pmap[q.name], calchep_code(q.expr, pmap) + f" % {q.description[:60]}"])

    # prtcls1.mdl
    prt_rows = [_particle_row(p, names) for p in ir.particles]

    # lgrng1.mdl
    lines: list[_Line] = []
    for v in snapshot.calchep_forms(ir):  # the QCD quartic vertex is written below
        lines += _vertex_lines(v, names, gc)
    for code, value in gc.defs:
        func_rows.append([code, value])
    lg_rows = [[*ln.legs, ln.factor, ln.lorentz] for ln in lines]
    if any(v.legs == ("g", "g", "g", "g") for v in ir.vertices):
        lg_rows += [q.split("|") for q in _QCD_QUARTIC]
    if any(v.legs == ("g", "g", "g") for v in ir.vertices):
        lg_rows += [q.split("|") for q in _GLUON_GHOST]

    tables = {
        "vars1.mdl": _table(["Name", "Value", "Comment"], var_rows),
        "func1.mdl": _table(["Name", "Expression"], func_rows),
        "prtcls1.mdl": _table(PARTICLE_COLUMNS, prt_rows),
        "lgrng1.mdl": _table(["A1", "A2", "A3", "A4", "Factor", "Lorentz part"], lg_rows),
        "extlib1.mdl": [],
    }
    files = {
        name: render(f"calchep/{name}.j2", title=title, table=table)
        for name, table in tables.items()
    }
    return CalcHEPModel(
        files,
        frozenset(names.calchep.values()),
        frozenset(row[0] for row in var_rows),
        frozenset(row[0] for row in func_rows),
        parfile,
    )


#: The columns of ``prtcls1.mdl``.
PARTICLE_COLUMNS = [
    "Full  name", "A", "A+", "PDG", "2*spin", "mass", "width", "color", "aux", "LaTex(A)",
    "LaTeX(A+)",
]  # fmt: skip


def _num(x: float) -> str:
    return repr(float(x))


def _particle_row(p: Particle, names: ToolNames) -> list[str]:
    n, an = names.calchep[p.name], names.calchep[p.antiname]
    full = p.description
    mass = "0" if p.mass == "ZERO" else p.mass
    width = "0" if p.width == "ZERO" else "!" + width_name(n)
    # massless vectors have a gauge aux; massive W, Z: unitary gauge, no Goldstones
    aux = "G" if p.spin == 3 and p.mass == "ZERO" else ""
    tex = p.texname or p.name
    if p.self_conjugate:
        anti_tex = tex
    elif p.spin == 3:  # a charged boson: W^+ -> W^-
        anti_tex = tex.replace("^+", "^-")
    else:
        anti_tex = f"\\bar{{{tex}}}"
    return [
        full,
        n,
        an,
        str(p.pdg),
        str(p.spin - 1),
        mass,
        width,
        str(p.colour),
        aux,
        tex,
        anti_tex,
    ]


# --------------------------------------------------------------------------- the CalcHEP model


@dataclass(frozen=True)
class CalcHEPModel:
    """CalcHEP model files and the names a project needs from them.

    Attributes:
        files: ``vars1.mdl func1.mdl prtcls1.mdl lgrng1.mdl`` (and ``extlib1.mdl``).
        particles: CalcHEP particle and antiparticle names.
        independent: the variables of ``vars1.mdl``; derived: those of ``func1.mdl``.
        parfile: name a point may set -> its PARFILE variables (the real and imaginary parts of
            a complex parameter, else the variable itself); written to the project's manifest.
    """

    files: Mapping[str, str]
    particles: frozenset[str]
    independent: frozenset[str]
    derived: frozenset[str]
    parfile: Mapping[str, tuple[str, ...]]

    @classmethod
    def read(cls, files: Mapping[str, str]) -> CalcHEPModel:
        """A model of another origin (LanHEP's output, hand-written files): names read from its
        tables; every variable of ``vars1.mdl`` is set by its own name."""
        checked = check_model_files(files)
        independent, derived = model_variables(checked["vars1.mdl"], checked["func1.mdl"])
        return cls(
            checked,
            model_particles(checked["prtcls1.mdl"]),
            independent,
            derived,
            {n: (n,) for n in sorted(independent)},
        )


def _table_rows(text: str) -> list[list[str]]:
    """Rows of a CalcHEP ``.mdl`` table: lines 4.. up to the ``====`` line, split at ``|``."""
    rows = []
    for line in text.splitlines()[3:]:
        if line.startswith("="):
            break
        if line.strip():
            rows.append([cell.strip() for cell in line.split("|")])
    return rows


def model_particles(prtcls_text: str) -> frozenset[str]:
    """Names (particles and antiparticles) declared in a CalcHEP ``prtcls1.mdl``."""
    names: set[str] = set()
    for row in _table_rows(prtcls_text):
        if len(row) >= 3:
            names.update(n for n in row[1:3] if n)
    return frozenset(names)


def model_variables(vars_text: str, func_text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(independent names from ``vars1.mdl``, derived names from ``func1.mdl``)."""
    independent = {row[0] for row in _table_rows(vars_text) if row and row[0]}
    derived = {row[0].lstrip("*").strip() for row in _table_rows(func_text) if row and row[0]}
    return frozenset(independent), frozenset(derived)


def check_model_files(calchep_files: Mapping[str, str]) -> dict[str, str]:
    """The model files, checked: only known names, none missing (extlib1.mdl may be), none empty."""
    unknown = sorted(set(calchep_files) - set(MODEL_FILES))
    if unknown:
        msg = f"unexpected model files {unknown}; expected {list(MODEL_FILES)}"
        raise GenerationError(msg)
    missing = [f for f in MODEL_FILES if f not in calchep_files and f not in OPTIONAL_MODEL_FILES]
    if missing:
        msg = f"missing CalcHEP model files {missing}"
        raise GenerationError(msg)
    files = dict(calchep_files)
    for name, text in files.items():
        if not text.strip():
            msg = f"model file {name} is empty"
            raise GenerationError(msg)
    return files
