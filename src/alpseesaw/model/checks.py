"""Consistency checks of the model, each a function returning a :class:`CheckResult`.

* :func:`check_hypercharge_and_pq` -- U(1)_Y and U(1)_PQ charges of every term (PQ charges
  symbolic: X_N, X_chi); the ALP enters only through ``partial_mu a`` except where the paper says
  otherwise (``a F Ftilde``: anomalous, a total derivative under a shift; ``V(a)``: explicit).
* :func:`check_su2` -- invariance under global SU(2)_L: the variation of every unbroken-phase term
  is computed component by component and its vertex functions must vanish. Local invariance of the
  kinetic terms follows from building them with covariant derivatives from the multiplets'
  representations.
* :func:`check_su3` -- every colour index contracted with an invariant tensor (delta, T, f)
  between the right representations.
* :func:`check_hermiticity` -- the vertex functions of ``L - L^dagger`` vanish (gauge basis);
  :func:`check_mass_basis_hermiticity`: in the mass basis, numerically: every vertex of the IR is
  the Hermitian conjugate of the vertex with conjugated legs, and the two-point functions of
  ``L - L^dagger`` vanish.
* :func:`check_vacuum` -- tadpoles vanish at (v, fa) with the minimum conditions, and the scalar
  mass matrix is diagonal in (h, phi) with eigenvalues m_h^2, m_phi^2 (eqs 2.3-2.6).
* :func:`check_spectrum` -- every mass term of the mass basis is diagonal and equals the mass
  parameter of its particle (W, Z, photon, gluon, fermions, the 7 Majorana neutrinos, scalars), and
  kinetic terms are canonical.
* :func:`check_charge_conservation` -- electric charge, colour triality and the dark Z2 at every
  vertex of the IR.

The mass-basis checks work at a random card (:func:`_random_externals`: every default moved,
every zero coupling switched on) on numbers, not on SymPy expressions: the Lagrangian's terms
with up to two fields are taken to the mass basis with every coefficient already a number
(:func:`numeric_mass_lagrangian`), and the vertices with three and four legs are the IR's own
(:func:`~alpseesaw.model.build.build_model`), evaluated with :mod:`alpseesaw.model.numeric`.
An identity between polynomials that holds at a random point holds identically (but for a set
of measure zero); a defect that breaks it shows at the point.

Terms that the paper itself says break a symmetry (mu_R, mu_S and V(a) break PQ; the broken-phase
operators (2.10)-(2.12) are not SU(2) invariant term by term) are reported as *expected*
deviations, with the violation that was found, rather than hidden.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import sympy as sp

from alpseesaw.errors import ModelCheckError
from alpseesaw.model.algebra import Bilinear, Boson, FExpr, Term, dagger
from alpseesaw.model.feynman import LegRules, extract
from alpseesaw.model.fields import X_N, X_chi, component_index, conj_gauge, multiplets
from alpseesaw.model.lagrangian import TAU_HALF, LagrangianTerm, levi_civita3
from alpseesaw.model.parameters import shared_random_draw

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from alpseesaw.model.ir import ModelIR, Vertex
    from alpseesaw.model.parameters import ParameterSet


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one check. ``expected`` lists deviations the paper states (not failures)."""

    name: str
    passed: bool
    failures: tuple[str, ...] = ()
    expected: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class CheckReport:
    results: tuple[CheckResult, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(r.passed for r in self.results)

    def failures(self) -> list[str]:
        return [f"{r.name}: {f}" for r in self.results for f in r.failures]

    def raise_on_failure(self) -> None:
        if not self.ok:
            raise ModelCheckError(self.failures())


# -- helpers ------------------------------------------------------------------------------------


def _gauge_rules() -> LegRules:
    """Leg conventions in the gauge basis (chiral components as Dirac-like fields)."""
    return LegRules(anti=lambda x: f"~{x}", majorana=frozenset(), order=lambda x: (x,))


def _nonzero(raw: dict, zero=lambda e: sp.expand(e) == 0) -> list[str]:
    out = []
    for legs, rv in raw.items():
        for (colour, lorentz), coeffs in rv.structures.items():
            value = sp.Add(*coeffs)
            if not zero(value):
                out.append(f"{' '.join(legs)} {lorentz or ''}{colour or ''}: {sp.expand(value)}")
    return out


def _nonzero_at(raw: dict, num: Callable[..., complex], rtol: float = 1e-12) -> list[str]:
    """:func:`_nonzero` for numbers: functions larger than ``rtol`` of what their terms add up
    to (the coefficients are evaluated by ``num``, a :func:`_evaluator`)."""
    out = []
    for legs, rv in raw.items():
        for (colour, lorentz), coeffs in rv.structures.items():
            value = sum((num(c) for c in coeffs), 0j)
            if abs(value) > rtol * sum(num(c, bound=True).real for c in coeffs):
                out.append(f"{' '.join(legs)} {lorentz or ''}{colour or ''}: {value:.6g}")
    return out


def _random_point(seed: int = 1) -> Callable[[Any], complex]:
    """A random value for every coupling symbol (real for a real symbol, positive for a positive
    one, complex otherwise), the same for a name whatever the order it is asked in: the point at
    which the gauge-basis checks test their identities."""
    drawn: dict[str, complex] = {}

    def draw(symbol: Any) -> complex:
        z = drawn.get(symbol.name)
        if z is None:
            rng = random.Random(f"{seed} {symbol.name}")
            size = rng.uniform(0.5, 2.0)
            if symbol.is_positive:
                z = complex(size)
            elif symbol.is_real:
                z = complex(rng.choice((-1, 1)) * size)
            else:
                z = size * complex(math.cos(phase := rng.uniform(0, 2 * math.pi)), math.sin(phase))
            drawn[symbol.name] = z
        return z

    return draw


# -- U(1)_Y and U(1)_PQ -------------------------------------------------------------------------


def _charges(t: Term) -> tuple[Fraction, sp.Expr, int]:
    """(hypercharge, PQ charge, number of undifferentiated ALP fields) of a gauge-basis term."""
    idx = component_index()
    Y, Q, bare_a = Fraction(0), sp.Integer(0), 0

    def q(name: str) -> tuple[Fraction, sp.Expr]:
        base = name.rstrip("*")
        m, _ = idx[base]
        sign = -1 if name.endswith("*") else 1
        return sign * m.Y, sign * m.pq

    for b in t.bosons:
        if b.field == "a":
            bare_a += not b.derivs
            continue
        if b.field.rstrip("*") not in idx:  # a mass-basis field of a broken-phase operator
            continue
        y, p = q(b.field)
        Y += y
        Q += p
    bl = t.bilinear
    if bl is not None:
        yb, pb = q(bl.bar)
        yf, pf = q(bl.field)
        Y += yb if bl.bar_cc else -yb
        Q += pb if bl.bar_cc else -pb
        Y += -yf if bl.field_cc else yf
        Q += -pf if bl.field_cc else pf
    return Y, sp.expand(Q), bare_a


def check_hypercharge_and_pq(terms: Sequence[LagrangianTerm]) -> CheckResult:
    failures: list[str] = []
    expected: list[str] = []
    for lt in terms:
        pq_found: set[sp.Expr] = set()
        bare = 0
        for t in lt.expr.terms:
            Y, Q, n_a = _charges(t)
            if Y != 0 and lt.phase == "unbroken":
                failures.append(
                    f"{lt.name} {lt.equation}: a term has hypercharge {Y}: {t.fields()}"
                )
                break
            if Q != 0:
                pq_found.add(Q)
            bare += n_a
        pq_text = ", ".join(sorted(str(q) for q in pq_found))
        if lt.pq == "invariant":
            if pq_found:
                failures.append(
                    f"{lt.name} {lt.equation}: PQ charges {pq_text} (the term should be invariant)"
                )
            if bare:
                failures.append(f"{lt.name} {lt.equation}: the ALP appears without derivative")
        elif lt.pq == "soft":
            if not pq_found:
                failures.append(f"{lt.name}: expected a soft PQ breaking, found none")
            else:
                expected.append(
                    f"{lt.name} {lt.equation}: breaks U(1)_PQ softly (charges {pq_text}); {lt.note}"
                )
        elif lt.pq == "shift":
            if bare or pq_found:
                failures.append(f"{lt.name}: expected shift symmetric (only d_mu a)")
        elif lt.pq == "anomalous":
            if pq_found:
                failures.append(f"{lt.name}: PQ charges {pq_text}")
            expected.append(
                f"{lt.name} {lt.equation}: a F Ftilde changes by a total derivative under a -> a + c (anomalous U(1)_PQ)"
            )
        elif lt.pq == "explicit":
            if not bare:
                failures.append(
                    f"{lt.name}: expected explicit breaking, found a shift-symmetric term"
                )
            expected.append(
                f"{lt.name} {lt.equation}: breaks the shift symmetry explicitly; {lt.note}"
            )
    return CheckResult(
        "U(1)_Y and U(1)_PQ charges",
        not failures,
        tuple(failures),
        tuple(expected),
        f"PQ charges kept symbolic: {X_N}, {X_chi}",
    )


# -- SU(2)_L ------------------------------------------------------------------------------------


def su2_variation(expr: FExpr, a: int) -> FExpr:
    """Variation of ``expr`` under the global SU(2)_L generator ``a`` (1, 2 or 3)."""
    idx = component_index()
    numeric = bool(expr.terms) and isinstance(expr.terms[0].coeff, (int, float, complex))
    I: Any = 1j if numeric else sp.I
    tau: Any = TAU_HALF[a - 1]
    if numeric:  # numbers stay numbers
        tau = tuple(tuple(complex(x) for x in row) for row in tau)

    def doublet(name: str) -> tuple[tuple[str, ...], int] | None:
        m, i = idx.get(name, (None, 0))
        if m is None or m.su2 != 2:
            return None
        return m.components, i

    out: list[Term] = []
    for t in expr.terms:
        for pos, b in enumerate(t.bosons):
            base = b.field.rstrip("*")
            conj = b.field.endswith("*")
            reps: list[tuple[sp.Expr, str]] = []
            dub = doublet(base)
            if dub is not None:
                comps, i = dub
                for j, cj in enumerate(comps):
                    g = tau[i][j]
                    if g != 0:
                        reps.append((-I * g.conjugate(), cj + "*") if conj else (I * g, cj))
            elif base in ("W1", "W2", "W3"):
                c = int(base[1])
                for bb in (1, 2, 3):
                    e = levi_civita3(a, bb, c)
                    if e:
                        reps.append((-e, f"W{bb}"))
            for coeff, name in reps:
                nb = Boson(name, b.lorentz, b.colour, b.derivs)
                out.append(
                    Term(
                        t.coeff * coeff,
                        (*t.bosons[:pos], nb, *t.bosons[pos + 1 :]),
                        t.bilinear,
                        t.lorentz,
                        t.colour,
                    )
                )
        bl = t.bilinear
        if bl is not None:
            for side in ("bar", "field"):
                name = getattr(bl, side)
                dub = doublet(name)
                if dub is None:
                    continue
                if getattr(bl, f"{side}_cc"):
                    msg = "charge-conjugated doublets are not expected"
                    raise ValueError(msg)
                comps, i = dub
                for j, cj in enumerate(comps):
                    if side == "field" and tau[i][j] != 0:  # psi_i -> i tau_ij psi_j
                        nbl = Bilinear(**{**_asdict(bl), "field": cj})
                        out.append(
                            Term(t.coeff * I * tau[i][j], t.bosons, nbl, t.lorentz, t.colour)
                        )
                    if side == "bar" and tau[j][i] != 0:  # bar psi_i -> -i bar psi_j tau_ji
                        nbl = Bilinear(**{**_asdict(bl), "bar": cj})
                        out.append(
                            Term(-t.coeff * I * tau[j][i], t.bosons, nbl, t.lorentz, t.colour)
                        )
    return FExpr(out)


def _asdict(bl: Bilinear) -> dict:
    return {f: getattr(bl, f) for f in bl.__slots__}


def check_su2(terms: Sequence[LagrangianTerm], seed: int = 1) -> CheckResult:
    """The variations vanish for every unbroken-phase term, with the couplings at a random point
    (:func:`_random_point`); the broken-phase terms, whose variations are reported, symbolically
    (the report shows a variation as a formula)."""
    failures: list[str] = []
    expected: list[str] = []
    rules = _gauge_rules()
    num = _evaluator(draw=_random_point(seed))
    for lt in terms:
        bad = []
        expr = lt.expr if lt.phase == "broken" else lt.expr.map_coeffs(num)
        for a in (1, 2, 3):
            raw = extract(su2_variation(expr, a), rules, min_legs=1, max_legs=6)
            nonzero = _nonzero(raw) if lt.phase == "broken" else _nonzero_at(raw, num)
            bad += [f"T{a}: {x}" for x in nonzero]
        if lt.phase == "broken":
            if bad:
                expected.append(
                    f"{lt.name} {lt.equation}: not SU(2)_L invariant ({len(bad)} non-vanishing variations, e.g. {bad[0][:120]}); {lt.note}"
                )
            elif lt.note:
                expected.append(
                    f"{lt.name} {lt.equation}: written below the EW scale in mass-basis fields; {lt.note}"
                )
        elif bad:
            failures += [f"{lt.name} {lt.equation}: {b}" for b in bad[:5]]
    return CheckResult("SU(2)_L invariance", not failures, tuple(failures), tuple(expected))


# -- SU(3)c -------------------------------------------------------------------------------------


def _colour_slots(t: Term) -> list[tuple[object, str]]:
    slots: list[tuple[object, str]] = [(b.colour, "8") for b in t.bosons if b.colour is not None]
    bl = t.bilinear
    if bl is not None:
        if bl.bar_colour is not None:
            slots.append((bl.bar_colour, "3b"))
        if bl.field_colour is not None:
            slots.append((bl.field_colour, "3"))
    reps = {"d3": ("3", "3b"), "T": ("8", "3", "3b"), "f": ("8", "8", "8"), "d8": ("8", "8")}
    for tensor in t.colour:
        slots += list(zip(tensor[1:], reps[tensor[0]], strict=True))
    return slots


def check_su3(terms: Sequence[LagrangianTerm]) -> CheckResult:
    failures = []
    pair_ok = {frozenset({"3", "3b"}), frozenset({"8"})}
    coloured = {c for m in multiplets() if m.su3 == 3 for c in m.components}
    for lt in terms:
        for t in lt.expr.terms:
            slots = _colour_slots(t)
            labels: dict[object, list[str]] = {}
            for label, rep in slots:
                labels.setdefault(label, []).append(rep)
            bad = [
                lab
                for lab, reps in labels.items()
                if len(reps) != 2 or frozenset(reps) not in pair_ok
            ]
            bl = t.bilinear
            uncoloured_quark = bl is not None and (
                (bl.bar in coloured and bl.bar_colour is None)
                or (bl.field in coloured and bl.field_colour is None)
            )
            if bad or uncoloured_quark:
                failures.append(
                    f"{lt.name}: colour indices not contracted invariantly in {t.fields()}"
                )
                break
    return CheckResult("SU(3)_c invariance", not failures, tuple(failures))


# -- hermiticity --------------------------------------------------------------------------------


def check_hermiticity(terms: Sequence[LagrangianTerm], seed: int = 1) -> CheckResult:
    """``L - L^dagger`` has vanishing vertex functions, term by term (gauge basis), with the
    couplings at a random point (:func:`_random_point`; a complex coupling, conjugated, takes
    the conjugate value)."""
    failures = []
    rules = _gauge_rules()
    num = _evaluator(draw=_random_point(seed))
    for lt in terms:
        conj = _mass_conj if lt.phase == "broken" and lt.name == "alp_electroweak" else conj_gauge
        expr = lt.expr.map_coeffs(num)
        diff = expr - dagger(expr, conj)
        bad = _nonzero_at(extract(diff, rules, min_legs=2, max_legs=6), num)
        failures += [f"{lt.name} {lt.equation}: {b}" for b in bad[:3]]
    return CheckResult("hermiticity", not failures, tuple(failures))


def _mass_conj(name: str) -> str:
    return {"W+": "W-", "W-": "W+"}.get(name, conj_gauge(name))


def check_mass_basis_hermiticity(
    ir: ModelIR,
    two_point: FExpr,
    seed: int = 1,
    rtol: float = 1e-13,
    values: Mapping[str, complex] | None = None,
) -> CheckResult:
    """The mass-basis Lagrangian is Hermitian, numerically at the random card of ``seed``.

    Vertices (three and four legs, the IR's): for ``L = L^dagger`` the vertex with conjugated
    legs is the conjugate of the vertex, ``V'(p, eps, c) = V(-p, eps*, c)*`` (bosons), with
    ``gamma^0 (.)^dagger gamma^0`` on the spinor line and its two legs exchanged (fermions; a
    Majorana pair stored in the other orientation is turned by ``C Gamma^T C^-1``), at random
    momenta and complex polarisations and colour vectors. Two-point functions: those of
    ``L - L^dagger`` vanish, from ``two_point`` (the mass-basis terms with at most two fields,
    symbolic or :func:`numeric_mass_lagrangian` at the same card).

    ``rtol`` is relative to the magnitude the terms of a function add up to (its rounding scale:
    double rounding is 1e-16 of it; the model's functions agree to better than 1e-15 of it), so
    that couplings that cancel strongly (``h h h`` to 1/2000 of its terms at the card, the light
    neutrinos' to 1e-40) are compared at the precision they are computed with."""
    from alpseesaw.model.build import leg_rules

    values = _card_values(ir.parameter_set, seed) if values is None else values
    conj = {}
    for p in ir.particles:
        conj[p.name], conj[p.antiname] = p.antiname, p.name
    rules = leg_rules(ir.particles)
    num = _evaluator(values)
    failures = _vertex_hermiticity(ir, num, rules, seed, rtol)
    diff = two_point - dagger(two_point, lambda n: conj.get(n, n))
    for legs, rv in extract(diff, rules, min_legs=2, max_legs=2).items():
        for (colour, lorentz), coeffs in rv.structures.items():
            got = sum((num(c) for c in coeffs), 0j)
            if abs(got) > rtol * sum(num(c, bound=True).real for c in coeffs):
                failures.append(f"{' '.join(legs)} {lorentz or ''}{colour or ''}: {got:.6g}")
    return CheckResult(
        "hermiticity (mass basis)",
        not failures,
        tuple(failures[:10]),
        summary=f"random card (seed {seed}), relative tolerance {rtol}",
    )


def _vertex_hermiticity(
    ir: ModelIR, num: Callable[..., complex], rules: LegRules, seed: int, rtol: float
) -> list[str]:
    import numpy as np

    from alpseesaw.model.numeric import GAMMA, evaluate_colour, evaluate_lorentz

    g0 = GAMMA[0]
    cc = 1j * GAMMA[2] @ GAMMA[0]  # C gamma^mu^T C^-1 = -gamma^mu (Dirac representation)
    cc_inv = np.linalg.inv(cc)
    rng = np.random.default_rng(seed)
    stored = {v.legs: v for v in ir.vertices}

    def value(v: Vertex, mom: dict, pol: dict, col: dict, dims: dict) -> tuple[Any, float]:
        """The vertex function and the magnitude its terms add up to (its rounding scale:
        couplings of the light neutrinos are sums that cancel to 1e-40 of their terms)."""
        total: Any = 0j
        bound = 0.0
        for c in v.couplings:
            structure = (evaluate_colour(c.colour, col, dims) if c.colour else 1.0) * (
                evaluate_lorentz(c.lorentz, mom, pol)
            )
            total = total + num(c.value) * structure
            bound += num(c.value, bound=True).real * float(np.max(np.abs(structure)))
        return total, bound

    failures = []
    for v in ir.vertices:
        n, nf = len(v.legs), 2 if v.n_fermions else 0
        # the conjugate vertex in the orientation of L^dagger: leg k of v is leg pi[k] of w
        bosons = sorted(
            ((rules.anti(x), k) for k, x in enumerate(v.legs[nf:], start=nf + 1)),
            key=lambda b: rules.order(b[0]),
        )
        pi = {k: pos for pos, (_, k) in enumerate(bosons, start=nf + 1)}
        head: tuple[str, ...] = ()
        if nf:
            head = (rules.anti(v.legs[1]), rules.anti(v.legs[0]))
            pi |= {1: 2, 2: 1}
        w = (*head, *(b for b, _ in bosons))
        dims = {}
        for k, x in enumerate(w, start=1):
            if ir.particle(x).colour != 1:
                dims[k] = ir.particle(x).colour
        mom = {k: rng.normal(size=4) for k in range(1, n + 1)}
        pol = {k: rng.normal(size=4) + 1j * rng.normal(size=4) for k in range(1, n + 1)}
        col = {k: rng.normal(size=dim) + 1j * rng.normal(size=dim) for k, dim in dims.items()}
        t, bound = value(
            v,
            {k: -mom[pi[k]] for k in pi},
            {k: pol[pi[k]].conjugate() for k in pi},
            {k: col[pi[k]].conjugate() for k in pi if pi[k] in col},
            {k: dims[pi[k]] for k in pi if pi[k] in dims},
        )
        expected = g0 @ np.conjugate(t).T @ g0 if nf else np.conjugate(t)
        flipped = (w[1], w[0], *w[2:])
        if w in stored:
            got, bound_w = value(stored[w], mom, pol, col, dims)
        elif nf and w[0] in rules.majorana and w[1] in rules.majorana and flipped in stored:
            swap = {1: 2, 2: 1}
            s_mom = {k: mom[swap.get(k, k)] for k in mom}
            s_val, bound_w = value(stored[flipped], s_mom, pol, col, dims)
            got = cc @ s_val.T @ cc_inv
        else:
            got, bound_w = 0j, 0.0
        if float(np.max(np.abs(got - expected))) > rtol * (bound + bound_w):
            failures.append(f"{v.key}: not the conjugate of {' '.join(w)}")
    return failures


# -- vacuum and spectrum ------------------------------------------------------------------------


def _evaluator(
    values: Mapping[str, complex] | None = None, draw: Callable[[Any], complex] | None = None
) -> Callable[..., complex]:
    """``num(c, bound=False)``: the value of a coefficient at ``values`` (a SymPy expression
    walked as floats, a number as it is; a symbol not in ``values`` is ``draw(symbol)``);
    ``bound=True``: the magnitude its terms add up to (its rounding scale). Each distinct
    subtree is evaluated once (couplings share most factors)."""
    memo: dict[tuple[Any, bool], complex] = {}
    values = values or {}

    def num(e: Any, bound: bool = False) -> complex:
        if isinstance(e, (int, float, complex)):
            return complex(abs(e)) if bound else complex(e)
        key = (e, bound)
        z = memo.get(key)
        if z is None:
            z = memo[key] = walk(e, bound)
        return z

    def walk(e: Any, bound: bool) -> complex:
        if e.is_Symbol:
            z = complex(values[e.name]) if draw is None or e.name in values else draw(e)
        elif e.is_Integer:
            z = complex(int(e))
        elif e.is_Rational:
            z = complex(int(e.p) / int(e.q))
        elif e is sp.I:
            z = 1j
        elif e.is_Add:
            return sum((num(a, bound) for a in e.args), 0j)
        elif e.is_Mul:
            z = 1 + 0j
            for a in e.args:
                z *= num(a, bound)
            return z
        elif e.is_Pow:
            base, exp = e.args
            b = num(base, bound)
            z = b ** int(exp) if exp.is_Integer else b ** complex(num(exp))
        elif isinstance(e, sp.conjugate):
            z = num(e.args[0], bound)
            return z if bound else z.conjugate()
        else:  # pi, functions: SymPy's own evaluation
            z = complex(e.xreplace({s: num(s) for s in e.free_symbols}))
        return complex(abs(z)) if bound else z

    return num


def _text(z: complex) -> str:
    return f"{z.real:.10g}" if z.imag == 0 else f"{z:.10g}"


def numeric_mass_lagrangian(
    params: ParameterSet,
    terms: Sequence[LagrangianTerm],
    values: Mapping[str, complex],
    max_fields: int = 2,
) -> FExpr:
    """The terms of :func:`~alpseesaw.model.build.mass_basis_lagrangian` with at most
    ``max_fields`` fields, every coefficient a Python number at ``values``: the same
    substitutions (:func:`~alpseesaw.model.breaking.to_mass_basis`) applied to the numbers of
    the unbroken-phase terms and of the mass-basis rules, with no SymPy arithmetic."""
    from alpseesaw.model.algebra import Component, substitute, substitute_fermions
    from alpseesaw.model.breaking import mass_basis

    mb = mass_basis(params)
    at = dict(values)
    at.update({s.name: _evaluator(values)(e) for s, e in mb.couplings.items()})  # g = ee/sw
    num = _evaluator(at)

    bosons = {name: rule.map_coeffs(num) for name, rule in mb.bosons.items()}
    fermions = {
        name: tuple(Component(num(c.coeff), c.field, c.proj) for c in comps)
        for name, comps in mb.fermions.items()
    }
    out: list[Term] = []
    for t in terms:
        expr = substitute(t.expr.map_coeffs(num), bosons, max_fields=max_fields)
        out += substitute_fermions(expr, fermions, mb.majorana).terms
    return FExpr(out)


def check_vacuum(
    params: ParameterSet,
    mass_expr: FExpr,
    rules: LegRules,
    seed: int = 1,
    rtol: float = 1e-13,
    values: Mapping[str, complex] | None = None,
) -> CheckResult:
    """Tadpoles vanish and the (h, phi) mass matrix is diag(m_h^2, m_phi^2), at the random card
    of ``seed`` (the internal parameters muH2, muPhi2, lamH, lamPhi, lamHPhi, cth, Lam4 at their
    definitions: the minimum conditions and eqs 2.4-2.6). ``mass_expr``: the mass-basis terms
    with one and two fields, symbolic or numeric at that card.

    ``rtol`` is relative to the magnitude the terms of a coefficient add up to (double rounding
    is 1e-16 of it; tadpoles come out at 5e-17 of it): ``h h`` is m_h^2 = 1.6e4 GeV^2 out of
    terms of ~2e9 GeV^2, so m_h^2 is compared to 1e-8 of itself."""
    values = _card_values(params, seed) if values is None else values
    num = _evaluator(values)
    raw = extract(mass_expr, rules, min_legs=1, max_legs=2)
    failures = []

    def m2(name: str) -> complex:
        return complex(values[name]) ** 2

    for legs, target in (
        (("h",), 0j),
        (("phi",), 0j),
        (("h", "h"), -m2("MH")),
        (("phi", "phi"), -m2("Mphi")),
        (("h", "phi"), 0j),
        (("a", "a"), -m2("Ma")),
    ):
        rv = raw.get(legs)
        coeffs = [] if rv is None else rv.structures.get(((), ()), [])
        got = sum((num(c) for c in coeffs), 0j)
        scale = abs(target) + sum(num(c, bound=True).real for c in coeffs)
        if abs(got - target) > rtol * scale or (not coeffs and target != 0):
            failures.append(f"{' '.join(legs)}: {_text(got)} != {_text(target)}")
    return CheckResult(
        "vacuum: tadpoles and scalar masses (2.3)-(2.6)",
        not failures,
        tuple(failures),
        summary="d V/d h = d V/d phi = 0 at (v, fa); M^2 = diag(m_h^2, m_phi^2)",
    )


def _random_externals(params: ParameterSet, seed: int) -> dict[str, float]:
    """A random but valid card: every default moved, every zero coupling switched on."""
    rng = random.Random(seed)
    out = {}
    for p in params.externals:
        if (x := shared_random_draw(p, rng, sth=0.3)) is not None:
            out[p.name] = x
        elif p.default == 0:
            out[p.name] = rng.uniform(-5, 5) if p.lower is None else rng.uniform(0.1, 5)
        else:
            out[p.name] = p.default * rng.uniform(0.7, 1.3)
    return out


def _card_values(params: ParameterSet, seed: int) -> dict[str, Any]:
    """Every parameter at the random card of ``seed``."""
    return params.evaluate(_random_externals(params, seed))


def check_spectrum(
    ir: ModelIR,
    mass_expr: FExpr,
    seed: int = 1,
    rtol: float = 1e-9,
    values: Mapping[str, complex] | None = None,
) -> CheckResult:
    """Numerically, at a random card: mass terms diagonal and equal to the mass parameters;
    kinetic terms canonical (incl. the unitarity of the 7x7 mixing and the Majorana doubling).
    ``mass_expr``: the mass-basis Lagrangian (its two-field terms count), symbolic or numeric at
    the card of ``seed`` (:func:`numeric_mass_lagrangian`)."""
    from alpseesaw.model.build import leg_rules

    values = _card_values(ir.parameter_set, seed) if values is None else values
    rules = leg_rules(ir.particles)
    raw = extract(mass_expr, rules, min_legs=2, max_legs=2)

    value = _evaluator(values)

    def num(coeffs: list[Any]) -> complex:
        return sum((value(c) for c in coeffs), 0j)  # a float walk, no SymPy Floats

    expected: dict[tuple[Any, ...], complex] = {}
    scale: dict[tuple[str, ...], float] = {}
    legs: tuple[str, ...]
    key: tuple[Any, ...]
    for p in ir.particles:
        m = 0.0 if p.mass == "ZERO" else float(abs(values[p.mass]))
        if p.spin == 3:
            legs = (p.name, p.antiname)
            expected[(legs, (), (("g", 1, 2),))] = m**2
            scale[legs] = max(m**2, 1.0)
        elif p.spin == 1:
            expected[((p.name, p.name), (), ())] = -(m**2)
            expected[((p.name, p.name), (), (("P", -1, 2), ("P", -1, 2)))] = 1.0
            scale[(p.name, p.name)] = max(m**2, 1.0)
        else:
            legs = (p.antiname, p.name)
            for proj in ("L", "R"):
                expected[(legs, (), (("chain", proj),))] = -m
                expected[(legs, (), (("P", -1, 2), ("chain", proj, -1)))] = 1.0
            scale[legs] = max(m, 1e-25)  # a massless state comes out at ~1e-40 GeV (40 digits)
    failures = []
    found = set()
    for legs, rv in raw.items():
        for (_colour, lorentz), coeffs in rv.structures.items():
            got = num(coeffs)
            key = (legs, (), lorentz)  # colour is a delta for quarks and gluons
            target = expected.get(key)
            if any(q[0] == "P" for q in lorentz):  # kinetic coefficients are dimensionless, ~1
                tol = rtol
            else:  # mass terms: compared with the larger diagonal mass scale of their legs
                tol = rtol * max(*(_scale(scale, ir, x) for x in legs), abs(got))
            if target is None:
                # vector-boson kinetic structures are not compared; everything else must vanish
                if any(ir.particle(x).spin == 3 for x in legs) and any(
                    q[0] == "P" for q in lorentz
                ):
                    continue
                if abs(got) > tol:
                    failures.append(f"{' '.join(legs)} {lorentz}: unexpected {got:.6g}")
                continue
            found.add(key)
            if abs(got - target) > max(tol, rtol * abs(target)):
                failures.append(f"{' '.join(legs)} {lorentz}: {got:.10g} != {target:.10g}")
    for key, target in expected.items():
        if key not in found and abs(target) > 0:
            failures.append(f"{' '.join(key[0])} {key[2]}: missing (expected {target:.6g})")
    return CheckResult(
        "spectrum: mass and kinetic terms",
        not failures,
        tuple(failures[:20]),
        summary=f"random card (seed {seed}), relative tolerance {rtol}",
    )


def _scale(scale: dict, ir: ModelIR, name: str) -> float:
    p = ir.particle(name)
    return scale.get(
        (p.name, p.antiname), scale.get((p.antiname, p.name), scale.get((p.name, p.name), 1.0))
    )


def check_charge_conservation(ir: ModelIR) -> CheckResult:
    failures = []
    for v in ir.vertices:
        q = Fraction(0)
        triality = 0
        dark = 0
        for leg in v.legs:
            p = ir.particle(leg)
            anti = leg == p.antiname and not p.self_conjugate
            q += -p.charge if anti else p.charge
            if p.colour == 3:
                triality += -1 if anti else 1
            dark += p.dark
        if q != 0 or triality % 3 or dark % 2:
            failures.append(f"{v.key}: charge {q}, triality {triality % 3}, dark legs {dark}")
    return CheckResult(
        "charge, colour and dark parity at every vertex",
        not failures,
        tuple(failures),
        summary=f"{len(ir.vertices)} vertices",
    )


# -- all ----------------------------------------------------------------------------------------


#: The random card of the numerical checks (:func:`_random_externals`).
SEED = 1


def run_checks(
    alp_gauge: str = "broken", progress: Callable[[str, int, int], None] | None = None
) -> CheckReport:
    """Run every check on the model (about 1.5 CPU seconds). ``progress(step, done, total)`` hears
    each step as it starts (building the model, then every check) and ``("done", total,
    total)`` at the end (the CLI's display)."""
    from alpseesaw.model.build import build_model, leg_rules
    from alpseesaw.model.inputs import parameter_set
    from alpseesaw.model.lagrangian import lagrangian

    report = progress or (lambda _step, _done, _total: None)
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("hypercharge and PQ charges", lambda: check_hypercharge_and_pq(terms)),
        ("SU(2)", lambda: check_su2(terms, SEED)),
        ("SU(3)", lambda: check_su3(terms)),
        ("hermiticity", lambda: check_hermiticity(terms, SEED)),
        (
            "mass-basis hermiticity",
            lambda: check_mass_basis_hermiticity(ir, two_point, SEED, values=values),
        ),
        ("vacuum", lambda: check_vacuum(params, two_point, rules, SEED, values=values)),
        ("spectrum", lambda: check_spectrum(ir, two_point, SEED, values=values)),
        ("charge conservation", lambda: check_charge_conservation(ir)),
    ]
    total = len(checks) + 1
    report("building the model", 0, total)
    params = parameter_set(alp_gauge)
    terms = lagrangian(params, alp_gauge)
    ir = build_model(alp_gauge)  # the vertices the generators write
    rules = leg_rules(ir.particles)
    values = _card_values(params, SEED)
    two_point = numeric_mass_lagrangian(params, terms, values)  # mass and kinetic terms, tadpoles
    results = []
    for done, (name, check) in enumerate(checks, start=1):
        report(f"check: {name}", done, total)
        results.append(check())
    report("done", total, total)
    return CheckReport(tuple(results))


__all__ = [
    "CheckReport",
    "CheckResult",
    "check_charge_conservation",
    "check_hermiticity",
    "check_hypercharge_and_pq",
    "check_mass_basis_hermiticity",
    "check_spectrum",
    "check_su2",
    "check_su3",
    "check_vacuum",
    "numeric_mass_lagrangian",
    "run_checks",
]
