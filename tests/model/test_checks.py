"""The model's checks pass on the model, and catch deliberately broken terms."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from alpseesaw.model.algebra import FExpr
from alpseesaw.model.checks import (
    check_hermiticity,
    check_hypercharge_and_pq,
    check_su2,
    check_su3,
    run_checks,
)
from alpseesaw.model.inputs import parameter_set
from alpseesaw.model.lagrangian import LagrangianTerm, bil, hc, lagrangian


@pytest.fixture(scope="module")
def report():
    return run_checks()


def test_all_checks_pass(report) -> None:
    assert report.ok, report.failures()
    names = {r.name for r in report.results}
    assert len(names) == 8


def test_pq_breaking_terms_are_reported_not_hidden(report) -> None:
    pq = next(r for r in report.results if r.name.startswith("U(1)_Y"))
    text = "\n".join(pq.expected)
    for name in ("majorana_muR", "majorana_muS", "alp_potential"):
        assert name in text
    assert "2*X_N" in text  # mu_R carries PQ charge 2 X_N


def test_broken_phase_alp_fermion_operator_reported(report) -> None:
    su2 = next(r for r in report.results if r.name.startswith("SU(2)"))
    alp_fermion = [e for e in su2.expected if "alp_fermion" in e]
    assert len(alp_fermion) == 1
    assert "Cdd/(2*fa) - Cuu/(2*fa)" in alp_fermion[0]  # the variation shown as a formula


def test_a_pq_violating_term_is_caught() -> None:
    # Phi Lbar Htilde N_R has PQ charge 1 (Phi) - X_N + X_N = 1
    bad = -(FExpr.field("Phi") * bil("nuL1", "NR1", "R") * FExpr.field("H0*")).scale(sp.Symbol("k"))
    result = check_hypercharge_and_pq([LagrangianTerm("bad", "test", bad + hc(bad))])
    assert not result.passed
    assert "PQ charges" in result.failures[0]


def test_a_hypercharge_violating_term_is_caught() -> None:
    bad = bil("eL1", "eR1", "R") * FExpr.field("H0*")  # Y = 1/2 + 1/2 - 1... wrong Higgs conjugate
    result = check_hypercharge_and_pq([LagrangianTerm("bad", "test", bad + hc(bad))])
    assert not result.passed
    assert "hypercharge" in result.failures[0]


def test_a_non_hermitian_term_is_caught() -> None:
    params = parameter_set()
    y = params.symbol("ye")
    half = -(bil("eL1", "eR1", "R") * FExpr.field("H0")).scale(y)  # no + h.c.
    result = check_hermiticity([LagrangianTerm("no_hc", "test", half)])
    assert not result.passed
    # and a complex coupling without its conjugate is caught too
    c = sp.Symbol("c")  # complex
    kin = bil("eR1", "eR1", "R", gamma="mu") * FExpr.field("B", "mu")
    result = check_hermiticity([LagrangianTerm("complex", "test", kin.scale(c))])
    assert not result.passed


def test_broken_phase_alp_electroweak_is_conjugated_with_w_plus_and_w_minus_exchanged() -> None:
    """The broken-phase a W W~ term is written in W+ and W-, the conjugates of each other: its
    hermiticity check conjugates W+ <-> W-. The model's own term (W+_{mu nu} W-~^{mu nu}) is
    symmetric under the exchange, so a term that is Hermitian only with it: a (c W+.W+ + c* W-.W-),
    c complex; without its h.c. half it is not."""
    c = sp.Symbol("c")  # complex

    def aww(w: str) -> FExpr:
        return (FExpr.field("a") * FExpr.field(w, "mu") * FExpr.field(w, "mu")).contracted()

    herm = aww("W+").scale(c) + aww("W-").scale(sp.conjugate(c))
    broken = LagrangianTerm("alp_electroweak", "(2.12)", herm, phase="broken")
    assert check_hermiticity([broken]).passed
    half = LagrangianTerm("alp_electroweak", "(2.12)", aww("W+").scale(c), phase="broken")
    failed = check_hermiticity([half])
    assert not failed.passed
    assert any("W+ W+ a" in f for f in failed.failures)


def test_an_su2_violating_term_is_caught() -> None:
    # only the lower component of the doublet: not SU(2) invariant
    bad = -(bil("eL1", "eR1", "R") * FExpr.field("H0")).scale(sp.Symbol("y", real=True))
    result = check_su2([LagrangianTerm("bad", "test", bad + hc(bad))])
    assert not result.passed


def test_the_gauge_checks_see_a_coupling_off_by_one_part_in_a_million() -> None:
    """SU(2) and hermiticity test their identities with the couplings at a random point: a
    doublet partner with 1 + 1e-6 its coupling, or a phase of 1e-6 on a real gauge coupling, is
    caught; the exact terms (a complex Yukawa with its h.c.) pass."""
    y = sp.Symbol("y")  # complex

    def yukawa(partner=1):
        lbar_h = bil("nuL1", "eR1", "R") * FExpr.field("Hp")
        lbar_h += (bil("eL1", "eR1", "R") * FExpr.field("H0")).scale(partner)
        return -lbar_h.scale(y)

    exact, off = yukawa(), yukawa(1 + sp.Rational(1, 10**6))
    assert check_su2([LagrangianTerm("exact", "test", exact + hc(exact))]).passed
    assert check_hermiticity([LagrangianTerm("exact", "test", exact + hc(exact))]).passed
    assert not check_su2([LagrangianTerm("off", "test", off + hc(off))]).passed
    gp = parameter_set().symbol("gp")
    kin = (bil("eR1", "eR1", "R", gamma="mu") * FExpr.field("B", "mu")).contracted()
    assert check_hermiticity([LagrangianTerm("real", "test", kin.scale(gp))]).passed
    phase = kin.scale(gp * (1 + sp.I / 10**6))
    assert not check_hermiticity([LagrangianTerm("phase", "test", phase)]).passed


def test_an_uncontracted_colour_index_is_caught() -> None:
    bad = bil("uL1", "uR1", "R", bar_colour="c1", field_colour="c2") * FExpr.field("H0*")
    result = check_su3([LagrangianTerm("bad", "test", bad.contracted())])
    assert not result.passed


def test_lagrangian_cites_the_paper() -> None:
    terms = lagrangian(parameter_set())
    equations = " ".join(t.equation for t in terms)
    for eq in ("(2.1)", "(2.7)", "(2.10)", "(2.12)", "(2.14)", "(2.15)", "(2.21)"):
        assert eq in equations


@pytest.mark.parametrize("seed", range(5))
def test_eq_2_6_to_2_5_round_trip(seed: int) -> None:
    # quartics from (2.6) (with the factor 1/2 that (2.1) needs, see docs/model.md) put into the
    # eigenvalue formula (2.5) give back m_h and m_phi; tan(2 theta) from (2.4) up to the sign
    # convention of theta in (2.3)
    import random

    rng = random.Random(seed)
    mh, mphi = 125.0, rng.uniform(200, 5e4)
    sth = rng.uniform(-0.5, 0.5)
    fa = rng.uniform(1e3, 1e5)
    v = parameter_set().evaluate()["v"]
    values = parameter_set().evaluate({"MH": mh, "Mphi": mphi, "sth": sth, "fa": fa})
    lh, lp, lhp = values["lamH"], values["lamPhi"], values["lamHPhi"]
    root = math.sqrt((lp * fa**2 - lh * v**2) ** 2 + lhp**2 * v**2 * fa**2)
    m2_minus = lh * v**2 + lp * fa**2 - root
    m2_plus = lh * v**2 + lp * fa**2 + root
    assert math.sqrt(m2_minus) == pytest.approx(min(mh, mphi), rel=1e-10)
    assert math.sqrt(m2_plus) == pytest.approx(max(mh, mphi), rel=1e-10)
    cth = math.sqrt(1 - sth**2)
    tan2 = lhp * v * fa / (lp * fa**2 - lh * v**2)
    assert -tan2 == pytest.approx(2 * sth * cth / (cth**2 - sth**2), rel=1e-10)


@pytest.mark.slow
def test_unbroken_mode_checks_pass() -> None:
    assert run_checks("unbroken").ok


def test_the_spectrum_check_sees_a_mass_term_off_by_one_part_in_ten_million() -> None:
    """The numerical spectrum check (a float walk of every mass and kinetic coefficient at a
    random card) passes on the model's mass-basis Lagrangian and fails when that Lagrangian is
    scaled by 1 + 1e-7 (its tolerance is 1e-9 relative)."""
    from alpseesaw.model.build import build_model, mass_basis_lagrangian
    from alpseesaw.model.checks import check_spectrum

    params = parameter_set()
    ir = build_model()
    mass = mass_basis_lagrangian(params, lagrangian(params, "broken"))
    assert check_spectrum(ir, mass).passed
    broken = check_spectrum(ir, mass.scale(1 + sp.Rational(1, 10**7)))
    assert not broken.passed
    assert any("!=" in f for f in broken.failures)


def test_the_spectrum_check_sees_a_kinetic_term_off_by_one_part_in_ten_million() -> None:
    """Kinetic coefficients are compared with 1 to rtol (1e-9) absolutely, not relative to the
    mass scale of their legs: (1 + 1e-7) (d h)^2 / 2 for the 125 GeV scalar must fail (relative
    to MH^2 it would pass: 1e-7 < 1e-9 x 1.6e4)."""
    from alpseesaw.model.algebra import FExpr, d
    from alpseesaw.model.build import build_model, mass_basis_lagrangian
    from alpseesaw.model.checks import check_spectrum

    params = parameter_set()
    ir = build_model()
    mass = mass_basis_lagrangian(params, lagrangian(params, "broken"))
    h = FExpr.field("h")
    extra = (d(h, "mu") * d(h, "mu")).scale(sp.Rational(1, 2 * 10**7))
    broken = check_spectrum(ir, mass + extra)
    assert not broken.passed
    assert any("h" in f for f in broken.failures)


# -- the numerical mass-basis checks ----------------------------------------------------------


def _card(seed: int = 1):
    from alpseesaw.model.build import build_model
    from alpseesaw.model.checks import _card_values, numeric_mass_lagrangian

    params = parameter_set()
    values = _card_values(params, seed)
    return build_model(), values, numeric_mass_lagrangian(params, lagrangian(params), values)


def test_the_numeric_mass_basis_is_the_symbolic_one_at_the_card() -> None:
    """numeric_mass_lagrangian (coefficients numbers before the substitutions) gives every one-
    and two-point function of mass_basis_lagrangian (SymPy, evaluated afterwards) to 1e-12."""
    from alpseesaw.model.build import leg_rules, mass_basis_lagrangian
    from alpseesaw.model.checks import _card_values, _evaluator, numeric_mass_lagrangian
    from alpseesaw.model.feynman import extract

    params = parameter_set()
    terms = lagrangian(params)
    values = _card_values(params, 2)
    num = _evaluator(values)
    functions = []
    for expr in (
        numeric_mass_lagrangian(params, terms, values),
        mass_basis_lagrangian(params, terms, max_fields=2),
    ):
        raw = extract(expr, leg_rules(), min_legs=1, max_legs=2)
        functions.append(
            {
                (legs, s): (sum(num(c) for c in cs), sum(num(c, bound=True).real for c in cs))
                for legs, rv in raw.items()
                for s, cs in rv.structures.items()
            }
        )
    numeric, symbolic = functions
    assert len(symbolic) > 100
    for key in numeric.keys() | symbolic.keys():
        (a, bound_a), (b, bound_b) = numeric.get(key, (0, 0)), symbolic.get(key, (0, 0))
        assert abs(a - b) <= 1e-12 * max(bound_a, bound_b), key


def _scaled(ir, key: str, factor):
    """The IR with the first coupling of vertex ``key`` multiplied by ``factor``."""
    from dataclasses import replace

    def scale(v):
        c = v.couplings[0]
        return replace(v, couplings=(replace(c, value=c.value * factor), *v.couplings[1:]))

    assert any(v.key == key for v in ir.vertices)
    return replace(ir, vertices=tuple(scale(v) if v.key == key else v for v in ir.vertices))


@pytest.mark.parametrize(
    ("key", "factor"),
    [
        ("h h h", 1 + sp.I / 10**6),  # self-conjugate: a phase is not Hermitian
        ("e+ e- A", 1 + sp.I / 10**6),  # a fermion line
        ("u~ u g", 1 + sp.I / 10**6),  # with a colour generator
        ("h h a a", 1 + sp.I / 10**6),  # four legs, momenta
        ("nu1 e- W+", 1 + sp.Rational(1, 10**6)),  # no longer the conjugate of e+ nu1 W-
        ("nu2 N1 Z", 1 + sp.Rational(1, 10**6)),  # a Majorana pair (its other orientation)
    ],
)
def test_a_non_hermitian_mass_basis_vertex_is_caught(key: str, factor) -> None:
    from alpseesaw.model.checks import check_mass_basis_hermiticity

    ir, values, two_point = _card()
    assert check_mass_basis_hermiticity(ir, two_point, values=values).passed
    result = check_mass_basis_hermiticity(_scaled(ir, key, factor), two_point, values=values)
    assert not result.passed
    assert any(
        f.startswith(key + ":") or "not the conjugate of " + key in f for f in result.failures
    )


def test_a_mass_basis_vertex_without_its_conjugate_is_caught() -> None:
    from dataclasses import replace

    from alpseesaw.model.checks import check_mass_basis_hermiticity

    ir, values, two_point = _card()
    gone = replace(ir, vertices=tuple(v for v in ir.vertices if v.key != "e+ nu1 W-"))
    result = check_mass_basis_hermiticity(gone, two_point, values=values)
    assert not result.passed
    assert "nu1 e- W+: not the conjugate of e+ nu1 W-" in result.failures


def test_a_non_hermitian_mass_term_is_caught() -> None:
    from alpseesaw.model.algebra import Bilinear
    from alpseesaw.model.checks import check_mass_basis_hermiticity

    ir, values, two_point = _card()
    half = FExpr.bilinear(Bilinear("e-", "e-", "L"), -1e-3)  # bar(e) P_L e without P_R
    result = check_mass_basis_hermiticity(ir, two_point + half, values=values)
    assert not result.passed
    assert result.failures[0].startswith("e+ e- ")


def test_the_vacuum_check_sees_a_tadpole_and_a_mass_off_by_one_part_in_ten_million() -> None:
    from alpseesaw.model.build import leg_rules
    from alpseesaw.model.checks import check_vacuum

    params = parameter_set()
    _ir, values, two_point = _card()
    assert check_vacuum(params, two_point, leg_rules(), values=values).passed
    v = values["v"]
    tadpole = check_vacuum(
        params, two_point + FExpr.field("h").scale(1e-6 * v**3), leg_rules(), values=values
    )
    assert [f.split(":")[0] for f in tadpole.failures] == ["h"]
    masses = check_vacuum(params, two_point.scale(1 + 1e-7), leg_rules(), values=values)
    assert [f.split(":")[0] for f in masses.failures] == ["h h", "phi phi", "a a"]
