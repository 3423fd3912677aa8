"""The IR-driven amplitudes against hand-derived formulas and Dirac-algebra identities.

The hand formulas (:mod:`alpseesaw.physics.annihilation`) were derived from the paper's
Lagrangian on paper; the engine reads only the IR's vertices. Agreement to 1e-10 means the same
couplings, Lorentz structures, colour factors, spin sums and phase space on both sides.
"""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.model import build_model, load_values
from alpseesaw.model.batch import evaluate_batch
from alpseesaw.model.numeric import GAMMA, METRIC
from alpseesaw.physics import annihilation as ann
from alpseesaw.physics import helicity as hel
from alpseesaw.physics.pointset import RelicModel

CARD = {  # every ALP coupling of (2.10)/(2.12) switched on, ALP below and above 2 Mchi
    "Mchi": 700.0, "Ma": 1900.0, "Mphi": 2600.0, "fa": 8000.0, "Cgg": 7.0, "CgZ": -3.0,
    "CZZ": 2.0, "CWW": 4.0, "Cglu": 1.5, "Cmm": -40.0, "Ctt": 2.0, "Cbot": 5.0, "Cee": 3.0,
    "Ctautau": -6.0, "Ccc": 1.0,
}  # fmt: skip


@pytest.fixture(scope="module")
def model() -> RelicModel:
    return RelicModel(build_model())


def _couplings(model: RelicModel, card: dict[str, float]):
    batch = evaluate_batch(model.ir.parameter_set, {k: np.array([v]) for k, v in card.items()})
    return model.couplings(batch)


def _rel(sqrt_s: float, mf: float) -> float:
    """1e-10, plus the rounding of the derivative coupling (2.10) for a fermion of mass mf: it
    reaches 2 m_f from two terms of size sqrt(s) each, so eps sqrt(s)/m_f is expected."""
    return 1e-10 + (50 * np.finfo(float).eps * sqrt_s / mf if mf > 0 else 0.0)


def _hand(card: dict[str, float]) -> ann.DarkSectorInputs:
    return ann.DarkSectorInputs.from_values(load_values(overrides=card))


# -- wavefunctions ------------------------------------------------------------------------------


def _momenta(m: float, n: int = 5) -> np.ndarray:
    rng = np.random.default_rng(3)
    p3 = rng.normal(scale=300.0, size=(n, 3))
    p3[0] = [0.0, 0.0, 120.0]  # along z
    p3[1] = [0.0, 0.0, -50.0]
    e = np.sqrt(m**2 + np.sum(p3**2, axis=1))
    return np.column_stack([e, p3])


@pytest.mark.parametrize("m", [0.0, 1.3, 500.0])
def test_spinor_completeness_and_dirac_equation(m: float) -> None:
    p = _momenta(m)
    mass = np.full(len(p), m)
    u, v = hel.u_spinors(p, mass), hel.v_spinors(p, mass)
    ps = hel.slash(p)
    one = np.eye(4)
    assert np.allclose(
        np.einsum("bsi,bsj->bij", u, hel.bar(u)), ps + m * one, atol=1e-9 * (1 + p[:, :1, None])
    )
    assert np.allclose(
        np.einsum("bsi,bsj->bij", v, hel.bar(v)), ps - m * one, atol=1e-9 * (1 + p[:, :1, None])
    )
    assert np.allclose(np.einsum("bij,bsj->bsi", ps - m * one, u), 0, atol=1e-9 * p[:, :1, None])
    assert np.allclose(np.einsum("bij,bsj->bsi", ps + m * one, v), 0, atol=1e-9 * p[:, :1, None])


def test_slash_is_p_mu_gamma_mu() -> None:
    p = _momenta(2.0)
    expected = p[:, 0, None, None] * GAMMA[0] - np.einsum("ni,ixy->nxy", p[:, 1:], GAMMA[1:])
    assert np.allclose(hel.slash(p), expected)


@pytest.mark.parametrize(("m", "massless"), [(91.19, False), (0.0, True)])
def test_polarisation_sums(m: float, massless: bool) -> None:
    k = _momenta(m)
    eps = hel.polarisations(k, np.full(len(k), m), massless)
    g = METRIC.real
    for b in range(len(k)):
        total = np.einsum("sm,sn->mn", eps[b], eps[b])
        assert np.allclose(eps[b] @ g @ k[b], 0.0, atol=1e-9 * k[b, 0])  # transverse to k
        if not massless:
            assert np.allclose(
                total, -g + np.outer(k[b], k[b]) / m**2, atol=1e-9 * (k[b, 0] / m) ** 2
            )
        else:  # the two physical states: -g minus the parts along k and its null partner
            assert np.allclose(np.trace(total @ g), -2.0)


# -- widths --------------------------------------------------------------------------------------


def test_alp_partial_widths_equal_the_hand_formulas(model: RelicModel) -> None:
    # Hand: photons K^2 M^3/4pi, Z gamma and W W K^2 p^3/pi, Z Z 2 K^2 p^3/pi, gluons 2 K_g^2 M^3/pi
    # (colour factor 8 inside), fermions N_c g_f^2 M beta/8pi with g_f = 2 m_f C_ff/fa, chi chi~.
    c = _couplings(model, CARD)
    ours = {k: float(v[0]) for k, v in model.partial_widths("a", c).items()}
    hand = ann.alp_partial_widths(_hand(CARD))
    names = {"gamma gamma": "A A", "Z gamma": "A Z", "Z Z": "Z Z", "W+ W-": "W+ W-", "g g": "g g",
             "chi chi~": "chi chi~", "mu+ mu-": "mu- mu+", "t t~": "t t~", "b b~": "b b~", "e+ e-": "e- e+",
             "tau+ tau-": "ta- ta+", "c c~": "c c~"}  # fmt: skip
    assert set(names) == set(hand)
    for h, key in names.items():
        mf = c.mass[key.split()[0]][0]
        assert ours[key] == pytest.approx(float(hand[h]), rel=_rel(CARD["Ma"], mf), abs=0), key
    # everything else the ALP decays into here is the neutrino sector, far below
    rest = sum(v for k, v in ours.items() if k not in names.values())
    assert rest < 1e-12 * sum(ours.values())


def test_phi_widths_equal_the_hand_formulas(model: RelicModel) -> None:
    card = {**CARD, "Mphi": 5000.0}  # phi -> a a and phi -> chi chi~ open, sin(theta) = 0
    c = _couplings(model, card)
    ours = {k: float(v[0]) for k, v in model.partial_widths("phi", c).items() if v[0] > 0}
    hand = ann.phi_partial_widths(_hand(card))
    # the hand formulas leave out phi -> nu N through Y' Phi S N (2.14); the IR has them
    neutral = ("nu1", "nu2", "nu3", "N1", "N2", "N3", "N4")
    assert set(ours) - {"a a", "chi chi~"} <= {f"{x} {y}" for x in neutral for y in neutral}
    assert ours["a a"] == pytest.approx(hand["a a"], rel=1e-10, abs=0)
    assert ours["chi chi~"] == pytest.approx(hand["chi chi~"], rel=1e-10, abs=0)


@pytest.mark.parametrize("fa", [8000.0, 3e4], ids=["width 2 GeV", "width 0.15 GeV"])
def test_dark_branching_fractions_are_the_hand_width_ratios(model: RelicModel, fa: float) -> None:
    # BR(a -> chi chi~) and BR(phi -> chi chi~) (what makes a final-state a or phi give dark matter
    # back, calculator.net_fraction) are the hand partial widths over their sum; one ALP total
    # width above 1 GeV, one below. Tolerance 1e-9 (1e-6 for phi: the IR's phi -> nu N are left
    # out of the hand formulas).
    card = {**CARD, "fa": fa, "Mphi": 5000.0}
    c = _couplings(model, card)
    alp = {k: float(v) for k, v in ann.alp_partial_widths(_hand(card)).items()}
    assert model.dark_fraction("a", c)[0] == pytest.approx(
        alp["chi chi~"] / sum(alp.values()), rel=1e-9
    )
    phi = ann.phi_partial_widths(_hand(card))
    assert model.dark_fraction("phi", c)[0] == pytest.approx(
        phi["chi chi~"] / (phi["chi chi~"] + phi["a a"]), rel=1e-6
    )


# -- cross sections ------------------------------------------------------------------------------


@pytest.mark.parametrize("ratio", [1.0001, 1.2, 1.8, 2.5])
def test_s_channel_alp_cross_sections_equal_the_hand_formulas(
    model: RelicModel, ratio: float
) -> None:
    # Hand: sigma v = g_chi^2 sqrt(s) Gamma_{a* -> X}(sqrt s) / |s - Ma^2 + i Ma Gamma_a|^2 (an
    # identity for a pseudoscalar s-channel). ratio^2 = s / 4 Mchi^2; 2.5^2 x 4 x 700^2 passes Ma^2.
    card = {**CARD, "Mphi": 1e5}
    c = _couplings(model, card)
    inp = _hand(card)
    s = np.array([4 * inp.mchi**2 * ratio**2])
    hand = ann.sigma_v_channels(inp, s)
    names = {"gamma gamma": "A A", "Z gamma": "A Z", "Z Z": "Z Z", "W+ W-": "W+ W-", "g g": "g g",
             "mu+ mu-": "mu- mu+", "t t~": "t t~", "b b~": "b b~", "e+ e-": "e- e+", "tau+ tau-": "ta- ta+",
             "c c~": "c c~"}  # fmt: skip
    by_key = {ch.key: ch for ch in model.channels}
    for h, key in names.items():
        ours = by_key[key].sigma_v(s, c)[0]
        # the derivative coupling (2.10) reaches 2 m_f from two terms of size sqrt(s) each: rounding
        # of relative size eps sqrt(s) / m_f is expected on top of 1e-10
        mf = c.mass[by_key[key].final[0].name][0]
        assert ours == pytest.approx(float(hand[h][0]), rel=_rel(np.sqrt(s[0]), mf), abs=0), key


def test_widths_in_propagators_are_the_computed_total_widths(model: RelicModel) -> None:
    c = _couplings(model, CARD)
    assert c.width["a"][0] == pytest.approx(ann.alp_width(_hand(CARD)), rel=1e-10, abs=0)
    card_width = _couplings(model, {**CARD, "Wa": 12.5})
    assert card_width.width["a"][0] == 12.5  # a positive card width is used as given


def test_the_calchep_width_window_is_prepden() -> None:
    # CalcHEP's prepDen (CalcHEP_src/c_source/num/sqme_aux.c of micrOMEGAs 6.0, BWrange = 2.7):
    # with q = s - M^2, w = M Gamma, the width term w^2 is kept while q^2 <= 2.7^2 w^2, is
    # (2.7^2 + 1) w^2 - q^2 up to q^2 = (2.7^2 + 1) w^2 and 0 beyond; without the window it is
    # the Breit-Wigner's w^2 at every s
    from alpseesaw.physics.amplitudes import s_channel_denominator

    mass, width = np.array([100.0]), np.array([1.0])
    w = 100.0  # M Gamma, GeV^2
    for sign in (1.0, -1.0):
        for q_over_w, im_over_w in ((0.0, 1.0), (2.0, 1.0), (2.7, 1.0),
                                    (2.8, np.sqrt(8.29 - 7.84)), (2.85, np.sqrt(8.29 - 8.1225)),
                                    (2.9, 0.0), (10.0, 0.0)):  # fmt: skip
            s = np.array([100.0**2 + sign * q_over_w * w])
            d = s_channel_denominator(s, mass, width, calchep=True)
            assert d.real == pytest.approx(sign * q_over_w * w, rel=1e-12, abs=1e-9)
            assert d.imag == pytest.approx(im_over_w * w, rel=1e-9, abs=1e-9)
            breit_wigner = s_channel_denominator(s, mass, width)
            assert breit_wigner.imag == pytest.approx(w, rel=1e-12, abs=0)


def test_levi_civita_contraction_has_eps_upper_0123_plus_one() -> None:
    """``eps^{mu nu rho sigma} a_mu b_nu c_rho d_sigma`` with ``eps^{0123} = +1`` is the determinant
    of the lower components, ``-det`` of the upper ones (det diag(1, -1, -1, -1) = -1): on the
    basis vectors ``eps^{0123} e0_0 e1_1 e2_2 e3_3 = -1``. A sign flip of every eps is invisible in
    |M|^2 of a channel with one ALP diagram, so only this sees it."""
    from alpseesaw.physics.lorentz import levi

    e = np.eye(4)
    assert levi(e[0], e[1], e[2], e[3]) == -1.0
    assert levi(e[1], e[0], e[2], e[3]) == 1.0
    rng = np.random.default_rng(7)
    vecs = rng.normal(size=(4, 5, 4))  # four batches of five vectors
    got = levi(*vecs)
    want = [-np.linalg.det(np.stack([v[i] for v in vecs])) for i in range(5)]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_compiled_structures_contract_with_the_minkowski_metric() -> None:
    """The batched evaluation of IR structures against Minkowski products written by hand: an
    open vector index comes out with its index up (``g^{mu nu} e_mu = e^nu``), a dummy between two
    tensors is summed with the metric (``g(1,-1) g(-1,2) = e1 . e2``). This model has no vector
    in an internal line and no such dummy in its chi chi~ amplitudes, so only this sees them."""
    from alpseesaw.physics.lorentz import compile_structure, evaluate, mdot

    rng = np.random.default_rng(3)
    e1, e2 = rng.normal(size=(2, 5, 4))
    open_plan = compile_structure((("g", 1, 3),), frozenset({1, 3}), 3)
    np.testing.assert_allclose(evaluate(open_plan, {}, {1: e1}), e1, rtol=1e-14)
    dummy_plan = compile_structure((("g", 1, -1), ("g", -1, 2)), frozenset({1, 2}), None)
    hand = e1[:, 0] * e2[:, 0] - np.sum(e1[:, 1:] * e2[:, 1:], axis=1)
    np.testing.assert_allclose(evaluate(dummy_plan, {}, {1: e1, 2: e2}), hand, rtol=1e-12)
    np.testing.assert_allclose(mdot(e1, e2), hand, rtol=1e-14)
