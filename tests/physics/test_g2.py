"""The three ALP diagrams of eq (3.15) against independent formulas and limits."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import spence

from alpseesaw.physics import g2
from alpseesaw.physics.constants import ALPHA_0

MMU = 0.10566


def _li2(x: float) -> float:
    return float(spence(1.0 - x))


@pytest.mark.parametrize("z", [1e-6, 1e-3, 0.05, 0.2])
def test_f_ps_matches_closed_form(z: float) -> None:
    # Source: closed form of f_PS, Stoeckinger J.Phys.G34 (2007) R45 (hep-ph/0609168) eq (70), as in
    # GM2Calc: 2z/y [Li2(1 - (1-y)/2z) - Li2(1 - (1+y)/2z)], y = sqrt(1-4z). Tolerance 1e-9.
    y = math.sqrt(1 - 4 * z)
    closed = 2 * z / y * (_li2(1 - 0.5 * (1 - y) / z) - _li2(1 - 0.5 * (1 + y) / z))
    assert g2.f_ps(z) == pytest.approx(closed, rel=1e-9)


def test_f_ps_small_z_asymptotics() -> None:
    # Source: f_PS(z) -> z (ln^2 z + pi^2/3) for z -> 0 (GM2Calc's small-z branch). z = 1e-12, 1e-9.
    z = 1e-12
    assert g2.f_ps(z) == pytest.approx(z * (math.log(z) ** 2 + math.pi**2 / 3), rel=1e-9)


def test_one_loop_limits() -> None:
    # Sources: heavy ALP, int x^3/(1-x+r x^2) = ln(1/r) - 11/6 + O(r ln r) (expansion of the
    # integral); light ALP, r * integral -> 1/2 so Delta a -> -g^2/16 pi^2 (Bauer et al. h1(0) = 1);
    # tolerance 1e-4 for the O(ln r / r) = 1.4e-5 correction at r = 1e6.
    r = 1e-12
    assert g2.loop_a(r) == pytest.approx(math.log(1 / r) - 11 / 6, abs=1e-9)
    assert 1e6 * g2.loop_a(1e6) == pytest.approx(0.5, rel=1e-4)


def test_barr_zee_log_coefficient_matches_heavy_fermion() -> None:
    # Independent normalisation check of (b): a heavy fermion F with Yukawa g_F (unit charge) induces
    # K = alpha g_F / (4 pi M_F) (its a -> gamma gamma width), and its two-loop Barr-Zee term
    # alpha/(8 pi^3) (mmu/M_F) g_F g_mu f_PS(M_F^2/ma^2) (GM2Calc's 2HDM formula, arXiv:1607.06292).
    # Its dependence on ln M_F^2 must equal that of (b) on ln Lambda^2. Tolerance 1e-3.
    ma, fa, cmm, g_f = 1e4, 1e5, -3.0, 1.0
    g_mu = 2 * MMU * cmm / fa

    def heavy(mf: float) -> float:
        return ALPHA_0 / (8 * math.pi**3) * (MMU / mf) * g_f * g_mu * g2.f_ps(mf**2 / ma**2) * mf

    def local(
        lam: float,
    ) -> float:  # (b) per unit g_F/M_F: C_gg^Y = g_F fa / M_F -> use K/(g_F/M_F)
        return g2.diagrams(MMU, ma, fa, cmm, fa, ALPHA_0, cutoff=lam).b

    m1, m2 = 1e7, 1e9
    d_heavy = heavy(m2) - heavy(m1)
    d_local = local(m2) - local(m1)
    # K_local = C alpha/(4 pi fa) with C = fa: K = alpha/(4 pi) = alpha g_F/(4 pi M_F) per g_F/M_F
    # the two conventions differ by the overall sign of the a F Ftilde coupling; compare magnitudes
    assert abs(d_local) == pytest.approx(abs(d_heavy), rel=1e-3)


def test_signs_and_printed_factors() -> None:
    # The text of Section 3.3: (a) < 0, (c) > 0, (b) > 0 for Cmm < 0 < Cgg. Printed (3.15) uses
    # g_mu = mmu Cmm/fa: (a) 4x, (b) 2x smaller than ours; printed (c) comes out negative.
    fa, ma = 1e4, 1e5
    ours = g2.diagrams(MMU, ma, fa, -1e4, 100.0, ALPHA_0)
    assert ours.a < 0 < ours.c
    assert ours.b > 0
    printed = g2.paper_diagrams(
        MMU, ma, fa, -1e4, 100.0, ALPHA_0, cutoff_sq=(4 * math.pi * fa) ** 2
    )
    assert ours.a / printed.a == pytest.approx(4.0, rel=1e-9)
    assert ours.b / printed.b == pytest.approx(2.0, rel=1e-9)
    assert printed.c < 0
    # printed log argument 4 pi fa^2: negative log at ma = 100 TeV, fa = 10 TeV -> (b) flips sign
    assert g2.paper_diagrams(MMU, ma, fa, -1e4, 100.0, ALPHA_0).b < 0


def test_benchmark_value() -> None:
    # Hand evaluation for ma >> mmu: (b) = -(alpha/2pi^3) mmu^2 (Cmm/fa)(Cgg/fa) * ln(Lambda^2/ma^2)/2
    # (the -1/2 and the +1/4 of int (1-x) ln 1/(1-x) cancel), Lambda = 4 pi fa. Tolerance 1e-6.
    fa, ma, cmm, cgg = 1e5, 1.5e5, -1e3, 2e4
    res = g2.diagrams(MMU, ma, fa, cmm, cgg, ALPHA_0)
    hand = (
        -(ALPHA_0 / (2 * math.pi**3))
        * MMU**2
        * (cmm / fa)
        * (cgg / fa)
        * 0.5
        * math.log((4 * math.pi * fa) ** 2 / ma**2)
    )
    assert res.b == pytest.approx(hand, rel=1e-6)
    assert res.delta_a_mu == pytest.approx(res.a + res.b + res.c)


@pytest.mark.parametrize("printed", [False, True], ids=["ours", "printed"])
def test_the_fig3_stripe_edges_give_the_band_edges(printed: bool) -> None:
    # The g-2 stripe of Fig. 3 is the C/fa range where Delta a_mu = (a) + (b) + (c) lies in
    # 249 +- 48 x 10^-11 (eq 3.14). Recomputing the three diagrams at each edge (C_gg = edge x fa)
    # must land on the band's edges; at Cmm/fa = -1, Ma = 300 GeV, (a) and (c) are 50% and 2% of
    # the total, so each of them counts. Tolerance 1e-9 (the diagrams are linear in C_gg).
    from alpseesaw.physics import fig3
    from alpseesaw.physics.constants import DELTA_A_MU, DELTA_A_MU_ERR

    fa, cmm_over_fa, ma = 1e4, -1.0, np.array([300.0, 3000.0])
    lo, hi = fig3._g2_stripe(ma, fa, cmm_over_fa, printed=printed)
    for m, c_lo, c_hi in zip(ma, lo, hi, strict=True):
        assert 0 < c_lo < c_hi
        for c, want in ((c_lo, DELTA_A_MU - DELTA_A_MU_ERR), (c_hi, DELTA_A_MU + DELTA_A_MU_ERR)):
            if printed:
                cut2 = (4 * math.pi * fa) ** 2
                got = g2.paper_diagrams(MMU, m, fa, cmm_over_fa * fa, c * fa, ALPHA_0, cut2)
            else:
                got = g2.diagrams(MMU, m, fa, cmm_over_fa * fa, c * fa, ALPHA_0)
            assert got.delta_a_mu == pytest.approx(want, rel=1e-9, abs=0)


def test_one_loop_integrals_at_equal_masses() -> None:
    # Ma = mmu (r = 1), where neither limit above applies, in closed form (by hand: polynomial
    # division and int_0^1 dx/(x^2 - x + 1) = 2 pi/(3 sqrt3), int_0^1 ln(x^2 - x + 1) dx =
    # pi/sqrt3 - 2, int_0^1 x^2 ln(x^2 - x + 1) dx = -1/18):
    # (a) int x^3/(x^2 - x + 1) = 3/2 - 2 pi/(3 sqrt3);
    # (b) I_b = (L - 1/2)/2 + (1 - pi/(2 sqrt3)) - 3 (-1/18 + 2/9) = L/2 + 1/4 - pi/(2 sqrt3),
    #     the last term being the -3 r x^2 ln(...) part (-1/2). Tolerance 1e-9.
    s3 = math.sqrt(3.0)
    assert g2.loop_a(1.0) == pytest.approx(1.5 - 2 * math.pi / (3 * s3), rel=1e-9)
    for ln_cut in (0.0, 3.0):
        want = ln_cut / 2 + 0.25 - math.pi / (2 * s3)
        assert g2.loop_b(1.0, ln_cut) == pytest.approx(want, rel=1e-9, abs=1e-12)
