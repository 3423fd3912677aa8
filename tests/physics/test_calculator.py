"""The complete built-in relic calculation: its pieces against independent evaluations."""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.model import build_model, load_values
from alpseesaw.model.batch import evaluate_batch
from alpseesaw.physics import annihilation as ann
from alpseesaw.physics import relic as hand_relic
from alpseesaw.physics import thermal
from alpseesaw.physics.calculator import RelicCalculator
from alpseesaw.physics.constants import GEV2_TO_CM3_S
from alpseesaw.physics.qcd import alpha_s, running
from alpseesaw.physics.relic import dof_table


@pytest.fixture(scope="module")
def calc() -> RelicCalculator:
    return RelicCalculator(build_model())


ALP_ONLY = {"Mchi": 800.0, "Ma": 2400.0, "Mphi": 90000.0, "MN11": 60000.0, "fa": 5000.0, "Cgg": 20.0,
            "Cmm": -300.0}  # fmt: skip


def _couplings(calc, card):
    return calc.model.couplings(
        evaluate_batch(calc.ir.parameter_set, {k: np.array([v]) for k, v in card.items()})
    )


def test_thermal_average_equals_the_hand_formulas(calc) -> None:
    # Only the s-channel ALP matters here (phi and the heavy neutrinos far above 2 Mchi): the
    # thermal average of the engine's cross sections equals the old path, hand formulas averaged by
    # relic.thermal_average (its own quadrature), to 1e-5.
    c = _couplings(calc, ALP_ONLY)
    inp = ann.DarkSectorInputs.from_values(load_values(overrides=ALP_ONLY))
    x = np.array([5.0, 20.0, 30.0, 200.0])
    nodes = calc.nodes(c)
    ours = (thermal.weights(nodes, x)[0] @ calc.sigma_v(c, nodes.eps)[0]).sum(axis=1)
    theirs = hand_relic.thermal_average(lambda s: ann.sigma_v_total(inp, s), inp.mchi, x,
                                        resonances=((inp.ma, ann.alp_width(inp)),))  # fmt: skip
    assert ours == pytest.approx(theirs, rel=1e-5, abs=0)


def test_fast_path_equals_explicit_wavefunctions(calc) -> None:
    # every isotropic channel, from the factorised symbolic kernels and from spinors, at points
    # with all couplings on and h-phi mixing (all three mediators interfere)
    card = {**ALP_ONLY, "Mphi": 1700.0, "MN11": 300.0, "sth": 0.3, "CgZ": 2.0, "CZZ": -3.0, "CWW": 1.0,
            "Cglu": 2.0, "Ctt": 1.5, "Cbot": -2.0}  # fmt: skip
    c = _couplings(calc, card)
    eps = np.array([[0.0, 0.01, 0.3, 1.5, 6.0]])
    s = 4 * card["Mchi"] ** 2 * (1 + eps)
    checked = 0
    for group, idx in zip(calc._groups, calc._group_index, strict=True):
        fast = group.sigma_v(s, c)[0]
        for j, k in enumerate(idx):
            ch = calc.model.channels[k]
            slow = ch.sigma_v(s[0], c.take(np.zeros(s.shape[1], dtype=int)))
            scale = max(slow.max(), 1e-300)
            assert np.abs(fast[:, j] - slow).max() <= 1e-8 * scale, ch.key
            checked += slow.max() > 0
    assert checked >= 40


def test_shares_are_the_post_freeze_out_integrals(calc) -> None:
    # independent: <sigma v>_k on 800 x values from x_f, trapezoid of g*^{1/2} <sigma v>_k / x^2
    card = {
        "Mchi": 60.27,
        "Ma": 158.9,
        "Mphi": 60.5,
        "fa": 1796.0,
        "Cgg": -27.26,
        "Cmm": 0.0,
        "MN11": 83.56,
    }
    res = calc({k: np.array([v]) for k, v in card.items()})
    c = _couplings(calc, card)
    nodes = calc.nodes(c)
    sv = calc.sigma_v(c, nodes.eps) * calc.net_fraction(c)[:, None, :]
    xs = np.geomspace(res.xf[0], 2000, 800)
    svk = np.einsum("nxs,nsk->nxk", thermal.weights(nodes, xs), sv)[0]
    f = (dof_table().g_star_sqrt(card["Mchi"] / xs) / xs**2)[:, None] * svk
    integ = np.trapezoid(f, xs, axis=0)
    assert res.shares[0] == pytest.approx(integ / integ.sum(), abs=2e-3)
    assert res.shares[0].sum() == pytest.approx(1.0, abs=1e-12)
    # this point's shares as micrOMEGAs 6.0 reports them (printChannels, fast=0; 2026-12-03)
    k = {name: i for i, name in enumerate(res.channels)}
    assert res.shares[0, k["phi phi"]] == pytest.approx(0.2549, abs=0.003)
    assert res.shares[0, k["nu2 N1"]] == pytest.approx(0.2204, abs=0.003)


def test_channels_whose_products_decay_into_dark_matter_count_less(calc) -> None:
    # Mphi > 2 Mchi: phi -> chi chi~ undoes chi chi~ -> phi a with its branching fraction
    card = {"Mchi": 500.0, "Ma": 300.0, "Mphi": 1200.0, "fa": 3000.0}
    c = _couplings(calc, card)
    frac = calc.net_fraction(c)[0]
    widths = calc.model.partial_widths("phi", c)
    br_dark = widths["chi chi~"][0] / sum(w[0] for w in widths.values())
    assert 0.05 < br_dark < 1
    assert frac[calc.channels.index("phi a")] == pytest.approx(1 - br_dark, rel=1e-12, abs=0)
    assert frac[calc.channels.index("a a")] == 1.0  # a (300 GeV) cannot decay into chi chi~
    assert frac[calc.channels.index("phi phi")] == pytest.approx(
        (1 - br_dark) ** 2, rel=1e-12, abs=0
    )


def test_sigma_v_at_rest_is_reported_per_pair_in_cm3_s(calc) -> None:
    res = calc({k: np.array([v]) for k, v in ALP_ONLY.items()}, method="freeze-out")
    inp = ann.DarkSectorInputs.from_values(load_values(overrides=ALP_ONLY))
    hand = ann.sigma_v_zero(inp)
    k = res.channels.index("A A")
    assert res.sigmav0_cm3_s[0, k] == pytest.approx(hand["gamma gamma"], rel=1e-9, abs=0)
    # the paper's estimate: 0.12 x 2.6e-26 / (sigma v / 2)
    total = res.sigmav0_cm3_s[0].sum()
    assert res.omega_freeze_out[0] == pytest.approx(0.12 * 2.6e-26 / (total / 2), rel=1e-12, abs=0)
    assert GEV2_TO_CM3_S > 0


def test_alpha_s_runs_as_micromegas() -> None:
    assert alpha_s(91.1876)[()] == pytest.approx(0.1184, rel=1e-4, abs=0)
    # micrOMEGAs 6.0: sigma(g g) in darkOmega / vcs22 (fixed alpha_s = 0.1204) = 0.6885 at
    # Mchi = 500 GeV (Q = 2 Mchi/3): alpha_s(333.3) = 0.1204 sqrt(0.6885) = 0.09990 +- 0.00001
    assert alpha_s(1000.0 / 3.0)[()] == pytest.approx(0.09990, abs=2e-5)
    # continuous at the flavour thresholds to the matching tolerance of Lambda (1e-5, as alpha_s.c)
    q = np.array(running().masses)
    assert alpha_s(q * (1 - 1e-9)) == pytest.approx(alpha_s(q * (1 + 1e-9)), rel=2e-5, abs=0)


def test_warnings_say_when_the_freeze_out_estimate_fails(calc) -> None:
    # the paper's shape at Mchi = 1 TeV, Cgg = 10: phi a and phi phi are forbidden (Ma = Mphi =
    # 1.1 Mchi) yet dominate
    res = calc({"Mchi": [1000.0], "Ma": [1100.0], "Mphi": [1100.0], "Cgg": [10.0]})
    text = " ".join(res.warnings[0])
    assert "phi a: forbidden channel" in text
    assert "freeze-out estimate" in text
    assert res.omega_freeze_out[0] > 10 * res.omega_h2[0]


@pytest.mark.parametrize("ratio", [1.1, 1.13, 1.2, 1.5])
def test_forbidden_channels_are_reported_within_thermal_reach(calc, ratio) -> None:
    # Reported: forbidden channels whose threshold lies within (s - 4 m^2)/4 m^2 < 0.3 of 2 m, i.e.
    # M_a = M_phi < sqrt(1.3) m = 1.140 m for phi a and phi phi (their Boltzmann factor
    # exp(-x_f eps) > 5e-4 at x_f = 25); beyond, the channel is not named.
    res = calc(
        {"Mchi": [1000.0], "Ma": [1000.0 * ratio], "Mphi": [1000.0 * ratio], "Cgg": [10.0]},
        method="freeze-out",
    )
    text = " ".join(res.warnings[0])
    eps = ratio**2 - 1  # (2 M)^2 / (4 m^2) - 1
    for name in ("phi a", "phi phi"):
        assert (f"{name}: forbidden channel, threshold {eps:.3g}" in text) == (eps < 0.3), name


def test_angular_nodes_resolve_the_t_and_u_channels() -> None:
    # the default number of cos(theta) nodes against 24 at points where t/u-channel chi exchange
    # dominates (a a open, phi a and phi phi forbidden, N N): the quadrature is not the limit
    from alpseesaw.model import build_model
    from alpseesaw.physics.calculator import N_COS, RelicCalculator

    ir = build_model()
    ext = {
        "Mchi": np.array([1000.0, 3000.0, 20000.0]),
        "Ma": np.array([500.0, 3300.0, 22000.0]),
        "Mphi": np.array([3000.0, 3300.0, 21000.0]),
        "fa": np.array([3000.0, 5000.0, 2e4]),
        "Cgg": np.array([1.0, 10.0, 100.0]),
        "Cmm": np.array([0.0, -10.0, 0.0]),
        "MN11": np.array([5000.0, 5000.0, 8000.0]),
    }
    coarse = RelicCalculator(ir)(ext)
    fine = RelicCalculator(ir, n_cos=24)(ext)
    assert N_COS <= 8
    assert coarse.omega_h2 == pytest.approx(fine.omega_h2, rel=1e-3, abs=0)
    assert np.max(np.abs(coarse.shares - fine.shares)) < 1e-3


def test_padding_nodes_are_skipped_without_changing_live_ones(calc) -> None:
    # Points with different numbers of nodes (a pole, thresholds, a plain point) in one batch: the
    # live-node evaluation (chunks sorted by node count, padding skipped) equals the evaluation of
    # every node point by point, and the padding is zero. Guards the scatter back into point order.
    cards = [
        {**ALP_ONLY, "Ma": 1610.0},  # near the a pole: many window nodes
        {"Mchi": 3000.0, "Ma": 2000.0, "Mphi": 2500.0, "MN11": 800.0},  # many open channels
        ALP_ONLY,
        {"Mchi": 120.0, "Ma": 400.0, "Mphi": 250.0, "MN11": 2000.0, "fa": 2000.0},
    ] * 4  # 16 points: more than one chunk
    names = sorted({k for c in cards for k in c})
    defaults = {p.name: p.default for p in calc.ir.parameter_set.externals}
    batch = calc.parameters({k: [c.get(k, defaults[k]) for c in cards] for k in names})
    c = calc.model.couplings(batch)
    nodes = calc.nodes(c)
    count = nodes.count
    assert len(set(count.tolist())) == 4
    assert (count < nodes.eps.shape[1]).any()
    live = calc.sigma_v(c, nodes.eps, count)
    for i in (0, 1, 2, 3, 13):
        alone = calc.sigma_v(c.take(np.array([i])), nodes.eps[i : i + 1, : count[i]])[0]
        np.testing.assert_allclose(live[i, : count[i]], alone, rtol=1e-12, atol=0, err_msg=str(i))
        assert not live[i, count[i] :].any()
    assert np.array_equal(calc.from_batch(batch).omega_h2, calc(
        {k: [c.get(k, defaults[k]) for c in cards] for k in names}).omega_h2)  # fmt: skip


def test_freeze_out_shares_of_several_points_are_each_points_own(calc) -> None:
    # with method="freeze-out" a channel's share is its sigma v at rest over the point's total,
    # point by point (three points: each row its own normalisation)
    card = {k: np.array([v, v, v]) for k, v in ALP_ONLY.items()}
    card["Cgg"] = np.array([20.0, 60.0, 5.0])
    res = calc(card, method="freeze-out")
    sv = res.sigmav0_cm3_s
    assert res.shares == pytest.approx(sv / sv.sum(axis=1, keepdims=True), rel=1e-12)
    assert res.shares.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0], rel=1e-12)
    assert len({round(float(s), 6) for s in res.shares[:, res.channels.index("A A")]}) == 3


def test_the_freeze_out_point_is_kolb_turner_with_the_dirac_rate(calc) -> None:
    # method="freeze-out": x_f solves Kolb & Turner's x_f = ln(0.038 g M_Pl m <sigma v>_eff /
    # sqrt(g_* x_f)) with g = 4 (chi and chi~, two spins each) and <sigma v>_eff = sigma(chi
    # chi~) v / 2 at v -> 0 (Dirac), iterated here from the reported sigma v; a rate without
    # the 1/2 would put x_f ln 2 = 0.69 higher (27.2 and 28.4 here; the Boltzmann solution's
    # Y = 2.5 Y_eq point is 28.7 and 29.9).
    import math

    from alpseesaw.physics.constants import M_PLANCK

    m = 10000.0  # the default card (Omega h^2 = 0.12), and its Cgg nearly doubled
    res = calc({"Mchi": np.array([m, m]), "Cgg": np.array([2662.7, 5000.0])}, method="freeze-out")
    table = dof_table()
    for i in range(2):
        sv_eff = res.sigmav0_cm3_s[i].sum() / 2 / GEV2_TO_CM3_S  # GeV^-2
        xf = 20.0
        for _ in range(100):
            xf = math.log(0.038 * 4 * M_PLANCK * m * sv_eff / math.sqrt(table.g_eff(m / xf) * xf))
        assert 25 < xf < 30
        assert res.xf[i] == pytest.approx(xf, rel=1e-7, abs=0)
    assert res.xf[1] > res.xf[0]  # a larger rate keeps chi in equilibrium longer


def test_the_velocity_warning_compares_sigma_v_at_rest_and_at_eps_one_25th(calc) -> None:
    # method="freeze-out" warns when sigma v at (s - 4 m^2)/4 m^2 = 1/25 (v_rel^2 ~ 0.15, the
    # thermal v at x ~ 25) differs by more than 10 % from v -> 0; the factor it prints is the
    # ratio of the hand cross sections (ALP s-channel only, Ma = 1500 GeV below 2 Mchi: the
    # tail of the pole makes sigma v fall with s)
    import re

    card = {**ALP_ONLY, "Ma": 1500.0}
    res = calc({k: np.array([v]) for k, v in card.items()}, method="freeze-out")
    inp = ann.DarkSectorInputs.from_values(load_values(overrides=card))
    s0 = 4 * card["Mchi"] ** 2
    hand = float(ann.sigma_v_total(inp, s0 * (1 + 1 / 25)) / ann.sigma_v_total(inp, s0))
    assert abs(hand - 1) > 0.1
    (found,) = (re.search(r"sigma v changes by a factor (\S+) between v = 0 and", w)
                for w in res.warnings[0] if "changes by a factor" in w)  # fmt: skip
    assert found is not None
    assert float(found.group(1)) == pytest.approx(hand, rel=2e-3, abs=0)


def test_a_broad_alp_is_reported_from_gamma_over_m_of_0_3(calc) -> None:
    # the fixed-width Breit-Wigner is flagged once Gamma_a/Ma > 0.3; the hand width (every
    # two-body channel of annihilation.alp_partial_widths: t t~ dominates at Ctt = 20-30) says
    # where: 0.23 is not flagged, 0.38 and 0.51 are, each with its value
    card = {k: np.array([v, v, v]) for k, v in ALP_ONLY.items()}
    card["Ctt"] = np.array([20.0, 26.0, 30.0])
    res = calc(card, method="freeze-out")
    for i, ctt in enumerate((20.0, 26.0, 30.0)):
        inp = ann.DarkSectorInputs.from_values(load_values(overrides={**ALP_ONLY, "Ctt": ctt}))
        ratio = ann.alp_width(inp) / inp.ma
        assert res.widths["a"][i] / inp.ma == pytest.approx(ratio, rel=1e-6, abs=0)
        flagged = [w for w in res.warnings[i] if w.startswith("a: broad resonance")]
        assert len(flagged) == (ratio > 0.3), (ctt, ratio)
        if flagged:
            assert f"Gamma/M = {ratio:.2g}:" in flagged[0]
    assert [round(float(w), 2) for w in res.widths["a"] / ALP_ONLY["Ma"]] == [0.23, 0.38, 0.51]


@pytest.mark.parametrize(
    ("e0", "flagged"), [(-0.1, False), (-0.02, True), (0.1, True), (0.25, True), (0.4, False)]
)
def test_an_alp_pole_within_thermal_reach_is_reported(calc, e0: float, flagged: bool) -> None:
    # the pole at (Ma^2 - 4 m^2)/4 m^2 = e0 is "within thermal reach" for -0.05 < e0 < 0.3:
    # above threshold the thermal tail reaches it (exp(-x_f e0) > 5e-4 at x_f = 25), just below
    # it its Breit-Wigner tail makes sigma v change by a large factor between v = 0 and the
    # thermal eps ~ 1/25 (x 0.12 at e0 = -0.02, hand formulas); the warning gives Ma - 2 m
    mchi = ALP_ONLY["Mchi"]
    ma = 2 * mchi * (1 + e0) ** 0.5
    card = {**ALP_ONLY, "Ma": ma}
    res = calc({k: np.array([v]) for k, v in card.items()}, method="freeze-out")
    hits = [w for w in res.warnings[0] if w.startswith("a resonance:")]
    assert len(hits) == flagged
    if flagged:
        assert f"M_a - 2 m = {ma - 2 * mchi:.4g} GeV is within thermal reach" in hits[0]
    if e0 == -0.02:
        inp = ann.DarkSectorInputs.from_values(load_values(overrides=card))
        s0 = 4 * mchi**2
        assert ann.sigma_v_total(inp, s0 * 1.04) / ann.sigma_v_total(inp, s0) < 0.2


@pytest.mark.parametrize(
    ("beps", "log_term"), [(1e-5, np.log(1e8)), (1e-2, np.log(1e5)), (0.5, 10.0)]
)
def test_the_micromegas_convention_cuts_sqrt_s_where_darkomega_does(beps, log_term) -> None:
    # micrOMEGAs 6.0 sources/omega.c (aRate): MassCutOut = MassCut + Mcdm ln(1000)/X with
    # MassCut = Mcdm (2 - ln(Beps)/X), at least Mcdm (2 + 10/X): sqrt(s) < 2 M + T ln(1000/Beps),
    # in (s - 4 M^2)/4 M^2 = (1 + ln(1000/Beps)/(2 x))^2 - 1
    calc = RelicCalculator(build_model(), conventions="micromegas", beps=beps)
    x = np.array([1.0, 20.0, 25.0, 400.0])
    mass_cut_out_over_m = 2.0 + log_term / x  # sqrt(s)/M at the cut
    want = (mass_cut_out_over_m / 2.0) ** 2 - 1.0
    assert calc._eps_cut(x) == pytest.approx(want, rel=1e-12, abs=0)


def test_gluon_pairs_use_alpha_s_at_two_thirds_of_the_dm_mass_by_default() -> None:
    # darkOmega evaluates alpha_s at Q = 2 Mchi/3: micrOMEGAs 6.0's sigma(g g) at Mchi = 500 GeV
    # is 0.6885 of vcs22's at fixed alpha_s = 0.1204, i.e. alpha_s(333.3 GeV) = 0.09990 (see
    # test_alpha_s_runs_as_micromegas). The default calculator's sigma v(g g) at rest is the
    # one at the card's alpha_s(MZ) = 0.1184 times (0.09990 / 0.1184)^2 (sigma ~ alpha_s^2)
    ir = build_model()
    card = {"Mchi": [500.0], "Ma": [1300.0], "Mphi": [1400.0], "Cglu": [5.0]}
    default = RelicCalculator(ir)(card, method="freeze-out")
    fixed = RelicCalculator(ir, qcd_scale=None)(card, method="freeze-out")
    k = default.channels.index("g g")
    assert load_values()["aS"] == 0.1184
    ratio = default.sigmav0_cm3_s[0, k] / fixed.sigmav0_cm3_s[0, k]
    assert ratio == pytest.approx((0.09990 / 0.1184) ** 2, rel=4e-4, abs=0)
