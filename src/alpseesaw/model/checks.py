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
* :func:`check_hermiticity` -- the vertex functions of ``L - L^dagger`` vanish (gauge basis and
  mass basis).
* :func:`check_vacuum` -- tadpoles vanish at (v, fa) with the minimum conditions, and the scalar
  mass matrix is diagonal in (h, phi) with eigenvalues m_h^2, m_phi^2 (eqs 2.3-2.6).
* :func:`check_spectrum` -- every mass term of the mass basis is diagonal and equals the mass
  parameter of its particle (W, Z, photon, gluon, fermions, the 7 Majorana neutrinos, scalars), and
  kinetic terms are canonical.
* :func:`check_charge_conservation` -- electric charge, colour triality and the dark Z2 at every
  vertex of the IR.

Terms that the paper itself says break a symmetry (mu_R, mu_S and V(a) break PQ; the broken-phase
operators (2.10)-(2.12) are not SU(2) invariant term by term) are reported as *expected*
deviations, with the violation that was found, rather than hidden.
"""

from __future__ import annotations

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
    from collections.abc import Callable, Iterable, Sequence

    from alpseesaw.model.ir import ModelIR
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
    tau = TAU_HALF[a - 1]

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
                        reps.append((-sp.I * sp.conjugate(g), cj + "*") if conj else (sp.I * g, cj))
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
                            Term(t.coeff * sp.I * tau[i][j], t.bosons, nbl, t.lorentz, t.colour)
                        )
                    if side == "bar" and tau[j][i] != 0:  # bar psi_i -> -i bar psi_j tau_ji
                        nbl = Bilinear(**{**_asdict(bl), "bar": cj})
                        out.append(
                            Term(-t.coeff * sp.I * tau[j][i], t.bosons, nbl, t.lorentz, t.colour)
                        )
    return FExpr(out)


def _asdict(bl: Bilinear) -> dict:
    return {f: getattr(bl, f) for f in bl.__slots__}


def check_su2(terms: Sequence[LagrangianTerm]) -> CheckResult:
    failures: list[str] = []
    expected: list[str] = []
    rules = _gauge_rules()
    for lt in terms:
        bad = []
        for a in (1, 2, 3):
            var = su2_variation(lt.expr, a)
            bad += [f"T{a}: {x}" for x in _nonzero(extract(var, rules, min_legs=1, max_legs=6))]
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


def check_hermiticity(terms: Sequence[LagrangianTerm]) -> CheckResult:
    """``L - L^dagger`` has vanishing vertex functions, term by term (gauge basis) and in total
    (mass basis, where the Majorana conditions of the neutrinos enter)."""
    failures = []
    rules = _gauge_rules()
    for lt in terms:
        if lt.phase == "broken" and lt.name == "alp_electroweak":
            expr, conj = lt.expr, _mass_conj
        else:
            expr, conj = lt.expr, conj_gauge
        diff = expr - dagger(expr, conj)
        bad = _nonzero(extract(diff, rules, min_legs=2, max_legs=6))
        failures += [f"{lt.name} {lt.equation}: {b}" for b in bad[:3]]
    return CheckResult("hermiticity", not failures, tuple(failures))


def _mass_conj(name: str) -> str:
    return {"W+": "W-", "W-": "W+"}.get(name, conj_gauge(name))


def check_mass_basis_hermiticity(ir: ModelIR, expr: FExpr) -> CheckResult:
    """The mass-basis Lagrangian is Hermitian (vertex functions of L - L^dagger vanish)."""
    from alpseesaw.model.build import leg_rules

    conj = {}
    for p in ir.particles:
        conj[p.name], conj[p.antiname] = p.antiname, p.name
    rules = leg_rules(ir.particles)
    diff = expr - dagger(expr, lambda n: conj.get(n, n))
    bad = _nonzero(extract(diff, rules, min_legs=2, max_legs=4))
    return CheckResult("hermiticity (mass basis)", not bad, tuple(bad[:10]))


# -- vacuum and spectrum ------------------------------------------------------------------------


def _internal_definitions(params: ParameterSet, names: Iterable[str]) -> dict[sp.Symbol, sp.Expr]:
    defs = {p.name: p for p in params.internals}
    return {params.symbol(n): defs[n].expr for n in names}


def check_vacuum(params: ParameterSet, mass_expr: FExpr, rules: LegRules) -> CheckResult:
    """Tadpoles vanish and the (h, phi) mass matrix is diag(m_h^2, m_phi^2), symbolically."""
    s = params.symbol
    subs = _internal_definitions(params, ["muH2", "muPhi2", "lamH", "lamPhi", "lamHPhi", "cth"])
    raw = extract(mass_expr, rules, min_legs=1, max_legs=2)
    failures = []

    def value(legs: tuple[str, ...]) -> sp.Expr:
        rv = raw.get(legs)
        if rv is None:
            return sp.Integer(0)
        return sp.Add(*rv.structures.get(((), ()), []))

    def simplify(e: sp.Expr) -> sp.Expr:
        for _ in range(3):
            e = e.xreplace(subs)
        return sp.simplify(e)

    for legs, target in (
        (("h",), 0),
        (("phi",), 0),
        (("h", "h"), -(s("MH") ** 2)),
        (("phi", "phi"), -(s("Mphi") ** 2)),
        (("h", "phi"), 0),
        (("a", "a"), -(s("Ma") ** 2)),
    ):
        got = simplify(value(legs).xreplace(_internal_definitions(params, ["Lam4"])))
        if sp.simplify(got - target) != 0:
            failures.append(f"{' '.join(legs)}: {got} != {target}")
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


def check_spectrum(ir: ModelIR, mass_expr: FExpr, seed: int = 1, rtol: float = 1e-9) -> CheckResult:
    """Numerically, at a random card: mass terms diagonal and equal to the mass parameters;
    kinetic terms canonical (incl. the unitarity of the 7x7 mixing and the Majorana doubling)."""
    from alpseesaw.model.build import leg_rules
    from alpseesaw.model.widths import _value

    params = ir.parameter_set
    values = params.evaluate(_random_externals(params, seed))
    rules = leg_rules(ir.particles)
    raw = extract(mass_expr, rules, min_legs=2, max_legs=2)

    def num(coeffs: list[sp.Expr]) -> complex:
        return sum((_value(c, values) for c in coeffs), 0j)  # a float walk, no SymPy Floats

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


def run_checks(
    alp_gauge: str = "broken", progress: Callable[[str, int, int], None] | None = None
) -> CheckReport:
    """Run every check on the model (about a few seconds). ``progress(step, done, total)`` hears
    each step as it starts (building the model, then every check) and ``("done", total,
    total)`` at the end (the CLI's display)."""
    from alpseesaw.model.build import build_model, leg_rules, model_mass_lagrangian
    from alpseesaw.model.inputs import parameter_set
    from alpseesaw.model.lagrangian import lagrangian

    report = progress or (lambda _step, _done, _total: None)
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("hypercharge and PQ charges", lambda: check_hypercharge_and_pq(terms)),
        ("SU(2)", lambda: check_su2(terms)),
        ("SU(3)", lambda: check_su3(terms)),
        ("hermiticity", lambda: check_hermiticity(terms)),
        ("mass-basis hermiticity", lambda: check_mass_basis_hermiticity(ir, mass)),
        ("vacuum", lambda: check_vacuum(params, mass, leg_rules(ir.particles))),
        ("spectrum", lambda: check_spectrum(ir, mass)),
        ("charge conservation", lambda: check_charge_conservation(ir)),
    ]
    total = len(checks) + 1
    report("building the model", 0, total)
    params = parameter_set(alp_gauge)
    terms = lagrangian(params, alp_gauge)
    ir = build_model(alp_gauge)
    mass = model_mass_lagrangian(alp_gauge)  # the one the IR was built from
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
    "run_checks",
]
