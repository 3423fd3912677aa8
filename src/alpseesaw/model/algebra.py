"""Field-operator algebra: Lagrangian terms as polynomials in component fields.

A :class:`Term` is ``coeff x (bosons) x (at most one fermion bilinear) x (Lorentz tensors) x
(colour tensors)``; an :class:`FExpr` is a sum of terms. Index *labels* tie slots together:

* a ``str`` label (``"mu"``) is free -- written by the author of a Lagrangian term;
* an ``int`` label is a dummy, already contracted; :meth:`FExpr.contract` turns every free label
  that appears twice in a term into a fresh dummy.

Lorentz slots are the vector index of a vector field, derivative indices, the index of a gamma
matrix in a bilinear and the indices of ``("g", a, b)`` (metric) and ``("eps", a, b, c, d)``
(Levi-Civita) tensors. Colour slots are the adjoint index of a gluon, the fundamental indices of a
quark bilinear and the indices of ``("d3", i, j)`` (delta), ``("d8", a, b)``, ``("T", a, i, j)``
(SU(3) generator, row i = bar side) and ``("f", a, b, c)``.

A bilinear ``psibar_X Gamma psi_Y`` has ``Gamma = gamma^mu P`` or ``Gamma = P`` with a chiral
projector ``P`` in {``"L"``, ``"R"``}. Either side may be charge-conjugated (``X^c``). All fermion
content of a term lives in one bilinear: the model has no four-fermion operators.

Coefficients are SymPy expressions, or Python numbers in a numerical copy of an expression (every
coefficient evaluated at one parameter point: ``model check`` works on such copies). The operations
below use only ``*``, ``+`` and ``.conjugate()`` on coefficients, so they accept either kind and
never turn a Python number into a SymPy one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import sympy as sp

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

Label = str | int

_dummies = itertools.count(1)


def fresh() -> int:
    """A new dummy label (unique within the process)."""
    return next(_dummies)


@dataclass(frozen=True, slots=True)
class Boson:
    """A scalar or vector field occurrence (``field`` names the particle it annihilates)."""

    field: str
    lorentz: Label | None = None
    colour: Label | None = None
    derivs: tuple[Label, ...] = ()


@dataclass(frozen=True, slots=True)
class Bilinear:
    """``bar(X) Gamma Y`` with ``Gamma = [gamma^gamma] P_proj``; derivatives act on one side."""

    bar: str
    field: str
    proj: str  # "L" or "R"
    gamma: Label | None = None
    bar_cc: bool = False
    field_cc: bool = False
    bar_colour: Label | None = None
    field_colour: Label | None = None
    bar_derivs: tuple[Label, ...] = ()
    field_derivs: tuple[Label, ...] = ()


Tensor = tuple  # ("g", a, b) | ("eps", a, b, c, d) | ("d3", i, j) | ("T", a, i, j) | ...


@dataclass(frozen=True, slots=True)
class Term:
    coeff: sp.Expr
    bosons: tuple[Boson, ...] = ()
    bilinear: Bilinear | None = None
    lorentz: tuple[Tensor, ...] = ()
    colour: tuple[Tensor, ...] = ()

    @property
    def n_fields(self) -> int:
        return len(self.bosons) + (2 if self.bilinear is not None else 0)

    def fields(self) -> list[str]:
        """Names of every field in the term (bilinear sides included)."""
        names = [b.field for b in self.bosons]
        if self.bilinear is not None:
            names += [self.bilinear.bar, self.bilinear.field]
        return names


def _lorentz_slots(t: Term) -> list[Label]:
    out: list[Label] = []
    for b in t.bosons:
        if b.lorentz is not None:
            out.append(b.lorentz)
        out.extend(b.derivs)
    if t.bilinear is not None:
        bl = t.bilinear
        if bl.gamma is not None:
            out.append(bl.gamma)
        out.extend(bl.bar_derivs)
        out.extend(bl.field_derivs)
    for tensor in t.lorentz:
        out.extend(tensor[1:])
    return out


def _colour_slots(t: Term) -> list[Label]:
    out: list[Label] = [b.colour for b in t.bosons if b.colour is not None]
    if t.bilinear is not None:
        out += [c for c in (t.bilinear.bar_colour, t.bilinear.field_colour) if c is not None]
    for tensor in t.colour:
        out.extend(tensor[1:])
    return out


def relabel(t: Term, lmap: Mapping[Any, Label], cmap: Mapping[Any, Label] | None = None) -> Term:
    """Rename Lorentz labels by ``lmap`` and colour labels by ``cmap`` (others unchanged)."""
    cmap = cmap or {}

    def L(x: Any) -> Any:
        return lmap.get(x, x) if x is not None else None

    def C(x: Label | None) -> Label | None:
        return cmap.get(x, x) if x is not None else None

    bosons = tuple(
        Boson(b.field, L(b.lorentz), C(b.colour), tuple(L(d) for d in b.derivs)) for b in t.bosons
    )
    bl = t.bilinear
    if bl is not None:
        bl = replace(
            bl,
            gamma=L(bl.gamma),
            bar_colour=C(bl.bar_colour),
            field_colour=C(bl.field_colour),
            bar_derivs=tuple(L(d) for d in bl.bar_derivs),
            field_derivs=tuple(L(d) for d in bl.field_derivs),
        )
    lorentz = tuple((x[0], *(L(i) for i in x[1:])) for x in t.lorentz)
    colour = tuple((x[0], *(C(i) for i in x[1:])) for x in t.colour)
    return Term(t.coeff, bosons, bl, lorentz, colour)


def _contract_term(t: Term) -> Term:
    lmap: dict[Label, Label] = {}
    cmap: dict[Label, Label] = {}
    for slots, mapping, kind in (
        (_lorentz_slots(t), lmap, "Lorentz"),
        (_colour_slots(t), cmap, "colour"),
    ):
        counts: dict[str, int] = {}
        for s in slots:
            if isinstance(s, str):
                counts[s] = counts.get(s, 0) + 1
        for name, n in counts.items():
            if n == 2:
                mapping[name] = fresh()
            elif n > 2:
                msg = f"{kind} index {name!r} appears {n} times in one term"
                raise ValueError(msg)
    return relabel(t, lmap, cmap) if (lmap or cmap) else t


def _free_labels(t: Term) -> frozenset[str]:
    return frozenset(s for s in _lorentz_slots(t) + _colour_slots(t) if isinstance(s, str))


class FExpr:
    """A sum of :class:`Term` s (immutable)."""

    __slots__ = ("terms",)

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self.terms: tuple[Term, ...] = tuple(t for t in terms if t.coeff != 0)

    # -- construction ----------------------------------------------------------------------------
    @staticmethod
    def const(c: sp.Expr | float) -> FExpr:
        return FExpr([Term(sp.sympify(c))])

    @staticmethod
    def field(name: str, lorentz: Label | None = None, colour: Label | None = None) -> FExpr:
        return FExpr([Term(sp.Integer(1), (Boson(name, lorentz, colour),))])

    @staticmethod
    def bilinear(bl: Bilinear, coeff: sp.Expr | float = 1) -> FExpr:
        return FExpr([Term(sp.sympify(coeff), (), bl)])

    @staticmethod
    def tensor(lorentz: Sequence[Tensor] = (), colour: Sequence[Tensor] = ()) -> FExpr:
        return FExpr([Term(sp.Integer(1), (), None, tuple(lorentz), tuple(colour))])

    # -- arithmetic ------------------------------------------------------------------------------
    def __add__(self, other: FExpr) -> FExpr:
        return FExpr(self.terms + other.terms)

    def __sub__(self, other: FExpr) -> FExpr:
        return self + (-other)

    def __neg__(self) -> FExpr:
        return self.scale(-1)

    def scale(self, c: sp.Expr | complex) -> FExpr:
        if not isinstance(c, (int, float, complex)):  # Python numbers stay numbers
            c = sp.sympify(c)
        return FExpr(
            Term(c * t.coeff, t.bosons, t.bilinear, t.lorentz, t.colour) for t in self.terms
        )

    def __rmul__(self, c: sp.Expr | float) -> FExpr:
        return self.scale(c)

    def __mul__(self, other: FExpr | sp.Expr | float) -> FExpr:
        if not isinstance(other, FExpr):
            return self.scale(other)
        out = []
        for a in self.terms:
            for b in other.terms:
                if a.bilinear is not None and b.bilinear is not None:
                    msg = (
                        "product of two fermion bilinears (four-fermion operator) is not supported"
                    )
                    raise ValueError(msg)
                out.append(
                    _contract_term(
                        Term(
                            a.coeff * b.coeff,
                            a.bosons + b.bosons,
                            a.bilinear or b.bilinear,
                            a.lorentz + b.lorentz,
                            a.colour + b.colour,
                        )
                    )
                )
        return FExpr(out)

    def __len__(self) -> int:
        return len(self.terms)

    def __repr__(self) -> str:
        return f"FExpr({len(self.terms)} terms)"

    # -- operations ------------------------------------------------------------------------------
    def free_labels(self) -> frozenset[str]:
        """Free (string) labels; the same in every term of a well-formed expression."""
        return (
            frozenset().union(*(_free_labels(t) for t in self.terms)) if self.terms else frozenset()
        )

    def contracted(self) -> FExpr:
        """Contract labels repeated inside single terms (e.g. ``gamma^mu partial_mu``)."""
        return FExpr(_contract_term(t) for t in self.terms)

    def truncate(self, max_fields: int) -> FExpr:
        """Drop terms with more than ``max_fields`` fields."""
        return FExpr(t for t in self.terms if t.n_fields <= max_fields)

    def select(self, keep: Callable[[Term], bool]) -> FExpr:
        return FExpr(t for t in self.terms if keep(t))

    def map_coeffs(self, f: Callable[[sp.Expr], sp.Expr]) -> FExpr:
        return FExpr(
            Term(f(t.coeff), t.bosons, t.bilinear, t.lorentz, t.colour) for t in self.terms
        )


def d(expr: FExpr, mu: Label) -> FExpr:
    """The derivative ``partial_mu`` of a bosonic expression (Leibniz rule; constants vanish)."""
    out = []
    for t in expr.terms:
        if t.bilinear is not None:
            msg = (
                "the derivative of a fermion bilinear is not needed by the model and not supported"
            )
            raise ValueError(msg)
        for i, b in enumerate(t.bosons):
            nb = Boson(b.field, b.lorentz, b.colour, (*b.derivs, mu))
            out.append(
                Term(t.coeff, (*t.bosons[:i], nb, *t.bosons[i + 1 :]), None, t.lorentz, t.colour)
            )
    return FExpr(out)


_FLIP = {"L": "R", "R": "L"}


def dagger(expr: FExpr, conj: Callable[[str], str]) -> FExpr:
    """Hermitian conjugate. ``conj`` maps a boson field name to its conjugate field's name.

    ``(bar X gamma^mu P Y)^dagger = bar Y gamma^mu P X`` and ``(bar X P Y)^dagger = bar Y P' X``
    with the flipped projector; SU(3) generators are Hermitian, ``T(a,i,j) -> T(a,j,i)``.
    """
    out = []
    for t in expr.terms:
        bosons = tuple(Boson(conj(b.field), b.lorentz, b.colour, b.derivs) for b in t.bosons)
        bl = t.bilinear
        if bl is not None:
            bl = Bilinear(
                bar=bl.field,
                field=bl.bar,
                proj=bl.proj if bl.gamma is not None else _FLIP[bl.proj],
                gamma=bl.gamma,
                bar_cc=bl.field_cc,
                field_cc=bl.bar_cc,
                bar_colour=bl.field_colour,
                field_colour=bl.bar_colour,
                bar_derivs=bl.field_derivs,
                field_derivs=bl.bar_derivs,
            )
        colour = tuple(
            ("T", x[1], x[3], x[2]) if x[0] == "T" else ("d3", x[2], x[1]) if x[0] == "d3" else x
            for x in t.colour
        )
        out.append(Term(t.coeff.conjugate(), bosons, bl, t.lorentz, colour))
    return FExpr(out)


# -- substitution (field redefinitions) -------------------------------------------------------------

#: Placeholder labels used in substitution rules for vector and coloured fields.
LORENTZ_SLOT = "_L"
COLOUR_SLOT = "_C"


def substitute(expr: FExpr, rules: Mapping[str, FExpr], max_fields: int | None = None) -> FExpr:
    """Replace boson fields by expressions (e.g. ``W1 -> (W+ + W-)/sqrt2``, ``H0 -> (v+h)/sqrt2``).

    A rule for a vector (coloured) field carries the free label ``"_L"`` (``"_C"``), replaced by the
    occurrence's own label; derivatives of the occurrence act on the rule. Terms with more than
    ``max_fields`` fields are dropped as they are produced.
    """
    out: list[Term] = []
    for t in expr.terms:
        factors: list[list[Term]] = []
        for b in t.bosons:
            rule = rules.get(b.field)
            if rule is None:
                factors.append([Term(1, (b,))])
                continue
            lmap = {LORENTZ_SLOT: b.lorentz} if b.lorentz is not None else {}
            cmap = {COLOUR_SLOT: b.colour} if b.colour is not None else {}
            # fresh dummies inside the rule (so that two uses never share a contracted label),
            # then the occurrence's own labels in the placeholder slots
            piece = FExpr(relabel(_refresh(r), lmap, cmap) for r in rule.terms)
            for mu in b.derivs:
                piece = d(piece, mu)
            factors.append(list(piece.terms))
        base = Term(t.coeff, (), t.bilinear, t.lorentz, t.colour)
        partial = [base]
        for options in factors:
            nxt = []
            for p in partial:
                for o in options:
                    n = len(p.bosons) + len(o.bosons) + (2 if p.bilinear is not None else 0)
                    if max_fields is not None and n > max_fields:
                        continue
                    nxt.append(
                        Term(
                            p.coeff * o.coeff,
                            p.bosons + o.bosons,
                            p.bilinear,
                            p.lorentz + o.lorentz,
                            p.colour + o.colour,
                        )
                    )
            partial = nxt
        out.extend(partial)
    return FExpr(out)


def _refresh(t: Term) -> Term:
    """Give the dummy (int) labels of a term new values."""
    lmap = {s: fresh() for s in _lorentz_slots(t) if isinstance(s, int)}
    cmap = {s: fresh() for s in _colour_slots(t) if isinstance(s, int)}
    return relabel(t, lmap, cmap) if (lmap or cmap) else t


@dataclass(frozen=True, slots=True)
class Component:
    """One mass-basis piece of a chiral field: ``X = coeff * P_proj * field``."""

    coeff: sp.Expr
    field: str
    proj: str


def substitute_fermions(
    expr: FExpr, rules: Mapping[str, Sequence[Component]], majorana: frozenset[str] = frozenset()
) -> FExpr:
    """Rewrite bilinears of chiral fields in terms of (Dirac or Majorana) mass-basis fields.

    For ``X = sum_k c_k P_x n_k``: ``X -> c P_x n``, ``bar X -> c* bar n P_x'``, ``X^c -> c* P_x' n^c``
    and ``bar(X^c) -> c bar(n^c) P_x`` (``x'`` the flipped chirality). A charge-conjugated
    mass-basis field must be Majorana (``n^c = n``). Chirality products that vanish are dropped.
    """
    out: list[Term] = []
    for t in expr.terms:
        bl = t.bilinear
        if bl is None:
            out.append(t)
            continue
        left = _side(bl.bar, bl.bar_cc, rules, bar=True, majorana=majorana)
        right = _side(bl.field, bl.field_cc, rules, bar=False, majorana=majorana)
        for cl, fl, pl in left:
            for cr, fr, pr in right:
                proj = _sandwich(pl, bl.gamma is not None, bl.proj, pr)
                if proj is None:
                    continue
                nbl = replace(bl, bar=fl, field=fr, proj=proj, bar_cc=False, field_cc=False)
                out.append(Term(t.coeff * cl * cr, t.bosons, nbl, t.lorentz, t.colour))
    return FExpr(out)


def _side(
    name: str,
    cc: bool,
    rules: Mapping[str, Sequence[Component]],
    *,
    bar: bool,
    majorana: frozenset[str],
) -> list[tuple[sp.Expr, str, str | None]]:
    """(coefficient, mass field, projector on the Gamma side or None) for one side of a bilinear."""
    comps = rules.get(name)
    if comps is None:
        if cc:
            msg = f"charge-conjugated field {name!r} has no mass-basis rule"
            raise ValueError(msg)
        return [(1, name, None)]
    out: list[tuple[Any, str, str | None]] = []
    for c in comps:
        if cc and c.field not in majorana:
            msg = f"{name}^c needs a Majorana mass eigenstate, {c.field!r} is not"
            raise ValueError(msg)
        if bar and not cc:  # bar X = c* bar n P_x'
            out.append((c.coeff.conjugate(), c.field, _FLIP[c.proj]))
        elif bar and cc:  # bar(X^c) = c bar(n) P_x  # noqa: SIM114 - one case per identity
            out.append((c.coeff, c.field, c.proj))
        elif not cc:  # X = c P_x n
            out.append((c.coeff, c.field, c.proj))
        else:  # X^c = c* P_x' n
            out.append((c.coeff.conjugate(), c.field, _FLIP[c.proj]))
    return out


def _sandwich(left: str | None, has_gamma: bool, proj: str, right: str | None) -> str | None:
    """``P_left [gamma^mu] P_proj P_right`` as ``[gamma^mu] P_result``, or None if it vanishes."""
    if right is not None and right != proj:
        return None
    if left is not None:
        effective = _FLIP[left] if has_gamma else left  # P_l gamma = gamma P_l'
        if effective != proj:
            return None
    return proj
