"""Every vertex of the generated UFO against the IR, and the UFO conventions against FeynRules' SM.

The UFO side is evaluated from the generated files alone (``ufo_numeric``: the UFO's own
parameter and coupling expressions, its Lorentz and colour strings). Conventions compared:

* UFO vertex = Feynman rule for its particles *outgoing*, ``P(mu,k)`` the momentum leaving through
  leg k, ``Epsilon`` with ``eps^{0123} = -1``; the IR vertex is ``delta L / delta fields`` with
  incoming legs and momenta, ``eps^{0123} = +1``. Hence UFO(particles = anti(IR legs), P = -p) =
  i x IR(p), with the fermion pair's legs swapped (UFO leg 2 = IR bar leg = row of the spinor
  matrix).
* The pins of the convention choice: FeynRules' SM UFO writes ``[e+, e-, A]`` as
  ``-i ee Gamma(3,2,1)``, ``[A, W-, W+]`` as ``+i ee VVV1`` and ``[e+, ve, W-]`` with ``ProjM`` next
  to leg 1; our vertices must equal those structures numerically.

Tolerance: 1e-12 of the magnitude the terms of each vertex add up to (pure floating point; the
neutrino vertices are sums of many products of mixing elements that cancel to ~1e-18).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
import ufo_numeric as U

from alpseesaw.generators import ufo as G
from alpseesaw.model.checks import _random_externals
from alpseesaw.model.numeric import METRIC, PROJ, evaluate_colour, evaluate_lorentz

TOL = 1e-12


def _bound(expr: sp.Expr, vals) -> float:
    """Sum of the magnitudes of the terms of ``expr`` (the scale of its rounding)."""
    if expr.is_Add:
        return sum(_bound(a, vals) for a in expr.args)
    if expr.is_Mul:
        return float(np.prod([_bound(a, vals) for a in expr.args]))
    if expr.is_Pow:
        return _bound(expr.args[0], vals) ** float(expr.args[1])
    if expr.is_Symbol:
        return abs(vals[expr.name])
    if isinstance(expr, sp.Function):
        return _bound(expr.args[0], vals)
    return abs(complex(expr))


def _ufo_overrides(module, values) -> dict[str, float]:
    """Values of all the UFO's external parameters at an IR parameter point."""
    out = {}
    for p in module.all_parameters:
        if p.nature != "external":
            continue
        if p.name in values:
            out[p.name] = float(np.real(values[p.name]))
        elif p.name.startswith("re") and p.name[2:] in values:
            out[p.name] = complex(values[p.name[2:]]).real
        elif p.name.startswith("im") and p.name[2:] in values:
            out[p.name] = complex(values[p.name[2:]]).imag
        else:
            raise KeyError(p.name)
    return out


@pytest.fixture(scope="module")
def generic_point(ir, ufo_module):
    """A random card with every coupling switched on, as IR values and as UFO couplings."""
    values = ir.evaluate(_random_externals(ir.parameter_set, seed=11))
    params = U.parameters(ufo_module, _ufo_overrides(ufo_module, values))
    return values, U.couplings(ufo_module, params)


def _ir_value(vertex, values, momenta, pols, colours, dims):
    total, bound = 0j, 0.0
    for c in vertex.couplings:
        col = evaluate_colour(c.colour, colours, dims) if c.colour else 1.0
        lor = (
            evaluate_lorentz(c.lorentz, momenta, pols)
            if c.lorentz
            else (np.eye(4) if vertex.n_fermions else 1.0)
        )
        coeff = complex(c.value.xreplace({s: values[s.name] for s in c.value.free_symbols}))
        total = total + 1j * coeff * col * lor
        bound += _bound(c.value, values) * abs(col) * float(np.max(np.abs(lor)))
    return total, bound


def test_one_ufo_vertex_per_ir_vertex(ir, ufo_module) -> None:
    assert len(ufo_module.all_vertices) == len(ir.vertices)
    keys = [tuple(sorted(p.name for p in v.particles)) for v in ufo_module.all_vertices]
    assert len(set(keys)) == len(keys)


def test_every_vertex_equals_i_times_the_ir_vertex(ir, ufo_module, generic_point) -> None:
    # vertex-by-vertex: random momenta, polarisations (complex) and colour indices
    values, couplings = generic_point
    rng = np.random.default_rng(2024)
    assert len(ir.vertices) == 340
    failures = []
    for v, uv in zip(ir.vertices, ufo_module.all_vertices, strict=True):
        particles, perm = G.leg_order(ir, v)
        assert tuple(p.name for p in uv.particles) == particles
        n = len(v.legs)
        p = {k: rng.normal(size=4) * 60 for k in range(1, n + 1)}
        e = {k: rng.normal(size=4) + 1j * rng.normal(size=4) for k in p}
        dims = {
            k: ir.particle(leg).colour
            for k, leg in enumerate(v.legs, 1)
            if ir.particle(leg).colour != 1
        }
        cols = {k: int(rng.integers(d)) for k, d in dims.items()}
        want, bound = _ir_value(v, values, p, e, cols, dims)
        got = U.vertex_value(
            uv, couplings, {perm[k]: -p[k] for k in p}, {perm[k]: e[k] for k in e},
            {perm[k]: c for k, c in cols.items()}, {perm[k]: d for k, d in dims.items()},
        )  # fmt: skip
        err = float(np.max(np.abs(np.asarray(got) - np.asarray(want))))
        if err > TOL * bound or (bound == 0 and err != 0):
            failures.append((v.key, err, bound))
    assert not failures, failures[:5]


def test_the_comparison_has_teeth(ir, ufo_module, generic_point, monkeypatch) -> None:
    # the same comparison with incoming momenta in the UFO (P not flipped) fails for vertices with
    # an odd number of momenta, and with eps^{0123} = +1 for the ALP-photon vertex
    values, couplings = generic_point
    rng = np.random.default_rng(5)

    def mismatch(legs, flip_p: bool) -> float:
        v = ir.vertex(*legs)
        uv = ufo_module.all_vertices[ir.vertices.index(v)]
        _, perm = G.leg_order(ir, v)
        p = {k: rng.normal(size=4) * 60 for k in range(1, 4)}
        e = {k: rng.normal(size=4) + 1j * rng.normal(size=4) for k in p}
        want, bound = _ir_value(v, values, p, e, {}, {})
        sign = -1 if flip_p else 1
        got = U.vertex_value(
            uv, couplings, {perm[k]: sign * p[k] for k in p}, {perm[k]: e[k] for k in e}
        )
        return float(np.max(np.abs(np.asarray(got) - want))) / bound

    for legs in (("mu+", "mu-", "a"), ("A", "W+", "W-"), ("A", "A", "a")):
        assert mismatch(legs, flip_p=True) < TOL
    for legs in (("mu+", "mu-", "a"), ("A", "W+", "W-")):
        assert mismatch(legs, flip_p=False) > 0.1
    monkeypatch.setattr(U, "EPSILON_UFO", -U.EPSILON_UFO)
    assert mismatch(("A", "A", "a"), flip_p=True) > 0.1


# -- the convention pins: FeynRules' SM UFO ---------------------------------------------------------
def _vertex(ir, module, *legs):
    return module.all_vertices[ir.vertices.index(ir.vertex(*legs))]


def test_photon_fermion_vertex_is_feynrules_gc3(ir, ufo_module) -> None:
    # FeynRules SM: [e+, e-, A], FFV1 = Gamma(3,2,1), GC_3 = -(ee*complex(0,1))
    par = U.parameters(ufo_module)
    cpl = U.couplings(ufo_module, par)
    uv = _vertex(ir, ufo_module, "e+", "e-", "A")
    assert [p.name for p in uv.particles] == ["e+", "e-", "A"]
    rng = np.random.default_rng(1)
    pol = rng.normal(size=4)
    got = U.vertex_value(uv, cpl, {k: rng.normal(size=4) for k in (1, 2, 3)}, {3: pol})
    want = -1j * par["ee"] * U.lorentz("Gamma(3,2,1)", {1: 2, 2: 2, 3: 3}, {}, {3: pol})
    assert np.allclose(got, want, rtol=1e-13, atol=0)


def test_photon_w_w_vertex_is_feynrules_vvv1(ir, ufo_module) -> None:
    # FeynRules SM: [A, W-, W+], GC = ee*complex(0,1), VVV1 (outgoing momenta): gauge invariance
    # together with the -i ee photon-fermion vertex fixes this sign (checked in test_ufo_ufoamp)
    vvv1 = "P(3,1)*Metric(1,2) - P(3,2)*Metric(1,2) - P(2,1)*Metric(1,3) + P(2,3)*Metric(1,3) + P(1,2)*Metric(2,3) - P(1,3)*Metric(2,3)"
    par = U.parameters(ufo_module)
    cpl = U.couplings(ufo_module, par)
    uv = _vertex(ir, ufo_module, "A", "W+", "W-")
    assert [p.name for p in uv.particles] == ["A", "W-", "W+"]
    rng = np.random.default_rng(2)
    p = {k: rng.normal(size=4) for k in (1, 2, 3)}
    e = {k: rng.normal(size=4) + 1j * rng.normal(size=4) for k in (1, 2, 3)}
    got = U.vertex_value(uv, cpl, p, e)
    want = 1j * par["ee"] * U.lorentz(vvv1, {1: 3, 2: 3, 3: 3}, p, e)
    assert got == pytest.approx(want, rel=1e-13)


def test_charged_current_is_left_handed_on_leg_one(ir, ufo_module, values) -> None:
    # FeynRules SM: [ve~, e-, W+], FFV2 = Gamma(3,2,-1)*ProjM(-1,1): the projector sits next to the
    # column spinor (leg 1), the row is the outgoing e- (leg 2). Ours: [nu_k, e-, W+] with the
    # coupling i (g/sqrt2) V*_{e k} of the IR term ebar gamma P_L nu_L W-, nu_L = V* P_L n.
    par = U.parameters(ufo_module)
    cpl = U.couplings(ufo_module, par)
    g = par["ee"] / par["sw"]
    for k, name in enumerate(("nu1", "nu2", "N1", "N3")):
        uv = _vertex(ir, ufo_module, "e+", name, "W-")
        assert [p.name for p in uv.particles] == [name, "e-", "W+"]
        pol = np.array([0.3, 1.1, -0.4, 0.8])
        got = U.vertex_value(uv, cpl, {}, {3: pol})
        row = {"nu1": 1, "nu2": 2, "N1": 4, "N3": 6}[name]
        slash = U.lorentz("Gamma(3,2,1)", {1: 2, 2: 2, 3: 3}, {}, {3: pol})
        want = 1j * g / np.sqrt(2) * np.conj(complex(values[f"VN1{row}"])) * slash @ PROJ["L"]
        assert np.allclose(got, want, rtol=1e-12, atol=1e-15), (k, name)


def test_alp_photon_vertex_uses_aloha_epsilon(ir, ufo_module, values) -> None:
    # (2.12): K a F Ftilde, K = Cgg alpha(0)/(4 pi fa), alpha(0) = 1/aEW0M1. IR rule (eps^{0123}=+1, incoming momenta):
    # i x (-4K) eps(p1, e1, p2, e2). In the UFO the same number comes out with the UFO tensor
    # (eps^{0123} = -1) and outgoing momenta.
    par = U.parameters(ufo_module)
    cpl = U.couplings(ufo_module, par)
    uv = _vertex(ir, ufo_module, "A", "A", "a")
    rng = np.random.default_rng(3)
    p = {k: rng.normal(size=4) * 100 for k in (1, 2)}
    e = {k: rng.normal(size=4) + 1j * rng.normal(size=4) for k in (1, 2)}
    got = U.vertex_value(uv, cpl, {1: -p[1], 2: -p[2], 3: p[1] + p[2]}, e)
    K = values["Cgg"] / values["aEW0M1"] / (4 * np.pi * values["fa"])
    lo = [METRIC @ x for x in (p[1], e[1], p[2], e[2])]
    eps_plus = -U.EPSILON_UFO  # eps^{0123} = +1
    want = 1j * (-4 * K) * np.einsum("abcd,a,b,c,d->", eps_plus, *lo)
    assert got == pytest.approx(want, rel=1e-12)
    assert U.EPSILON_UFO[0, 1, 2, 3] == -1


def test_coupling_orders_follow_madgraph_sm_counting(ir, ufo_module) -> None:
    # FeynRules/MadGraph SM: ffA, ffZ, ffW, VVV, VVS, ffS, SSS: QED 1; VVVV, VVSS, SSSS: QED 2;
    # qqg, ggg: QCD 1; gggg: QCD 2. New physics: NP 1 (+ the power of e or gs of the coupling).
    def orders(*legs):
        uv = _vertex(ir, ufo_module, *legs)
        return {frozenset(c.order.items()) for c in uv.couplings.values()}

    assert orders("e+", "e-", "A") == {frozenset({("QED", 1)})}
    assert orders("A", "W+", "W-") == {frozenset({("QED", 1)})}
    assert orders("A", "A", "W+", "W-") == {frozenset({("QED", 2)})}
    assert orders("h", "h", "h", "h") == {frozenset({("QED", 2)})}
    assert orders("u~", "u", "g") == {frozenset({("QCD", 1)})}
    assert orders("g", "g", "g", "g") == {frozenset({("QCD", 2)})}
    assert orders("A", "A", "a") == {frozenset({("NP", 1), ("QED", 2)})}
    assert orders("g", "g", "a") == {frozenset({("NP", 1), ("QCD", 2)})}
    assert orders("mu+", "mu-", "a") == {frozenset({("NP", 1)})}
    assert orders("e+", "N1", "W-") == {frozenset({("NP", 1), ("QED", 1)})}
    assert orders("e+", "nu1", "W-") == {frozenset({("QED", 1)})}
    hierarchy = {o.name: o.hierarchy for o in ufo_module.all_orders}
    assert hierarchy == {"QCD": 1, "QED": 2, "NP": 2}


@pytest.mark.parametrize("gauge", ["broken", "unbroken"])
def test_direct_i_times_builds_sympys_trees(gauge: str) -> None:
    """vertices.i_times(q, rest) is SymPy's I * q * rest, tree for tree (same arguments in the
    same order), for every coupling's rest and coefficients of every kind."""
    from alpseesaw.generators.ufo.vertices import i_times
    from alpseesaw.model import build_model

    rests = [c.value.as_coeff_Mul()[1] for v in build_model(gauge).vertices for c in v.couplings]
    rests += [c.value for v in build_model(gauge).vertices for c in v.couplings]
    assert len(rests) > 1000
    for q in (sp.Integer(1), sp.Integer(-1), sp.Integer(2), sp.Rational(1, 2), sp.Rational(-3, 4)):
        for rest in rests:
            got, want = i_times(q, rest), sp.I * q * rest
            assert got == want, f"I * {q} * {rest}"
            assert got.args == want.args


@pytest.mark.parametrize(
    ("right", "left"),
    [(2, 3), (3, 2), (sp.Rational(-1, 2), 5), (1, -4), (sp.Rational(3, 7), sp.Rational(-5, 3))],
)
def test_couplings_sharing_a_factor_combine_into_one_structure_of_the_same_value(
    ir, right, left
) -> None:
    """vertex_terms puts couplings whose values differ by a rational factor into one coupling times
    a combined Lorentz structure; the product must be i times the IR vertex whatever the factors.
    The model's vertices only combine factors of equal size (ProjM + ProjP, the VVV sum), so a
    synthetic [e+, e-, A]: R coupling ``right * ee`` listed first, L ``left * ee``; UFO = i x IR
    with R -> Gamma(3,2,-1)*ProjP(-1,1), L -> ...ProjM (the FeynRules pin above)."""
    from dataclasses import replace

    from alpseesaw.generators.ufo.vertices import vertex_terms

    base = ir.vertex("e+", "e-", "A")
    by_chirality = {c.lorentz[0][1]: c for c in base.couplings}
    ee = sp.Symbol("ee", real=True)
    assert {k: c.value for k, c in by_chirality.items()} == {"L": -ee, "R": -ee}  # the real one
    synthetic = replace(
        base,
        couplings=(
            replace(by_chirality["R"], value=sp.sympify(right) * ee),
            replace(by_chirality["L"], value=sp.sympify(left) * ee),
        ),
    )
    particles, terms = vertex_terms(ir, synthetic)
    assert particles == ("e+", "e-", "A")
    assert len(terms) == 1  # one coupling, one combined structure
    names = {n: sp.Function(n) for n in ("Gamma", "ProjM", "ProjP")}
    got = sp.expand(terms[0].value * sp.sympify(terms[0].lorentz, locals=names))
    gamma, pm, pp = names["Gamma"](3, 2, -1), names["ProjM"](-1, 1), names["ProjP"](-1, 1)
    want = sp.I * ee * (sp.sympify(right) * gamma * pp + sp.sympify(left) * gamma * pm)
    assert sp.expand(got - want) == 0, (terms[0].value, terms[0].lorentz)
