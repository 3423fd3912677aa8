"""Widths between scalars and neutral leptons (N -> n h, n a, n phi; h, a, phi -> n n) and
phi -> h h, against closed forms written from the paper's Lagrangian.

Nothing here reads an IR vertex. The couplings are those of (2.2), (2.3), (2.14) and (2.1) in the
flavour basis, rotated with a Takagi factorisation computed here at 50 digits (mpmath) from the
card's texture inputs (tests/model/test_lepton_widths_closed_form.py builds eq. (2.17)):

* ``Y Lbar Htilde N_R`` with ``Htilde^0 = (v + h')/sqrt2`` gives ``m_D (1 + h'/v) nubar_L N_R``;
* ``Y' Phi Sbar_L N_R`` with ``Phi = (fa + phi') e^{i a/fa}/sqrt2`` gives
  ``M_N (1 + phi'/fa)(1 + i a/fa + ...) Sbar_L N_R``;
* ``h' = cth h - sth phi``, ``phi' = sth h + cth phi`` (2.3).

In the basis psi_R = (nu_L^c, N_R, S_L^c) of (2.18): ``-L = 1/2 psibar^c_R (M + X Y_X) psi_R + h.c.``
with ``Y_h' = [[0, m_D, 0], [m_D^T, 0, 0], 0] / v`` and ``B = [[0, 0, 0], [0, 0, M_N^T], [0, M_N, 0]]``,
``Y_phi' = B / fa``, ``Y_a = i B / fa``. With psi_R = V n_R (V^T M V = diag(m) >= 0) the Majorana
states n couple through ``G = V^T Y V``: ``-L = 1/2 X nbar_i (G_ij P_R + G_ij^* P_L) n_j``, Feynman
rule ``-i (G_ij P_R + G*_ij P_L)`` for every pair (Denner et al., Nucl. Phys. B387 (1992) 467).
Spin sums (k = |p| of the final state in the parent frame):

    F_i(M) -> F_j(m) S:  Gamma = k/(8 pi M^2) * 1/2 [2 p1.p2 2|G|^2 + 4 m M Re(G^2)],
                         p1.p2 = (M^2 + m^2 - mS^2)/2
    S(M) -> F_i(m1) F_j(m2): Gamma = k/(8 pi M^2) [2 p1.p2 2|G|^2 - 4 m1 m2 Re(G^2)] (x 1/2 if i = j),
                         p1.p2 = (M^2 - m1^2 - m2^2)/2

phi -> h h from (2.1) with |H|^2 = (v + h')^2/2, |Phi|^2 = (fa + phi')^2/2 (no a: non-linear (2.2)):
cubic terms ``lamH v h'^3 + lamPhi fa phi'^3 + lamHPhi/2 (v h' phi'^2 + fa h'^2 phi')``; rotated,
the coefficient kappa of ``phi h^2`` gives Gamma = kappa^2 beta_h / (8 pi M_phi). The quartics
follow from the mass matrix [[2 lamH v^2, lamHPhi v fa], [., 2 lamPhi fa^2]] = R^T diag(mh^2,
mphi^2) R of (2.3) (docs/model.md: (2.6) as printed lacks a 1/2 and flips the sign of theta).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from tests.model.test_lepton_widths_closed_form import _mass_matrix
from tests.model.test_widths_closed_form import scheme

from alpseesaw.model import widths as W

NEUTRAL = ["nu1", "nu2", "nu3", "N1", "N2", "N3", "N4"]
MASSES = ["Mnu1", "Mnu2", "Mnu3", "Mnh1", "Mnh2", "Mnh3", "Mnh4"]


def _real(values: dict) -> dict:
    return {k: complex(x).real for k, x in values.items()}


def _takagi(m: np.ndarray) -> tuple[list, mpmath.matrix]:
    """(masses ascending, V with V^T M V = diag(masses)) at the working precision: left singular
    vectors, conjugated and rephased by the square root of the phase of u^T M u."""
    mm = mpmath.matrix([[mpmath.mpc(x.real, x.imag) for x in row] for row in m])
    u, s, _ = mpmath.svd_c(mm)
    n = mm.rows
    order = sorted(range(n), key=lambda k: s[k])
    v = mpmath.matrix(n, n)
    for c, k in enumerate(order):
        col = [mpmath.conj(u[r, k]) for r in range(n)]
        d = sum(col[r] * mm[r, q] * col[q] for r in range(n) for q in range(n))
        ph = mpmath.exp(-0.5j * mpmath.arg(d))
        for r in range(n):
            v[r, c] = col[r] * ph
    return [s[k] for k in order], v


class Couplings:
    """G_X = V^T Y_X V for X = h, phi, a (50 digits), and the Takagi masses."""

    def __init__(self, v: dict) -> None:
        s = scheme(v)
        sth, cth = v["sth"], s["cth"]
        with mpmath.workdps(50):
            m = _mass_matrix(v)
            self.masses, vmix = _takagi(m)
            resid = vmix.T * mpmath.matrix(m.tolist()) * vmix - mpmath.diag(self.masses)
            assert mpmath.mnorm(resid, 1) < mpmath.mpf(10) ** -30 * self.masses[-1]
            yh = np.zeros((7, 7), dtype=complex)
            yh[:3, 3:5] = m[:3, 3:5]
            yh[3:5, :3] = m[3:5, :3]
            b = np.zeros((7, 7), dtype=complex)
            b[3:5, 5:] = m[3:5, 5:]
            b[5:, 3:5] = m[5:, 3:5]
            yh, b = yh / s["vev"], b / v["fa"]
            flavour = {"h": cth * yh + sth * b, "phi": -sth * yh + cth * b, "a": 1j * b}
            self.g = {}
            for x, y in flavour.items():
                g = vmix.T * mpmath.matrix(y.tolist()) * vmix
                self.g[x] = np.array([[complex(g[i, j]) for j in range(7)] for i in range(7)])
        self.masses = [float(x) for x in self.masses]


def widths_of(ir, values, parent: str) -> dict[tuple[str, ...], float]:
    """Every two-body width of ``parent`` in the model (0 for a closed channel), by products."""
    return {
        tuple(sorted(pw.products)): W.evaluate_width(ir, pw, values)
        if W.is_open(ir, pw, values)
        else 0.0
        for pw in W.two_body_widths(ir, parent)
    }


def _k(m0: float, m1: float, m2: float) -> float:
    return math.sqrt(max(0.0, (m0**2 - (m1 + m2) ** 2) * (m0**2 - (m1 - m2) ** 2))) / (2 * m0)


def fermion_to_fermion_scalar(g: complex, big: float, m: float, ms: float) -> float:
    p12 = (big**2 + m**2 - ms**2) / 2
    msq = 0.5 * (2 * p12 * 2 * abs(g) ** 2 + 4 * m * big * (g * g).real)
    return _k(big, m, ms) * msq / (8 * math.pi * big**2)


def scalar_to_fermions(g: complex, big: float, m1: float, m2: float, identical: bool) -> float:
    p12 = (big**2 - m1**2 - m2**2) / 2
    msq = 2 * p12 * 2 * abs(g) ** 2 - 4 * m1 * m2 * (g * g).real
    return _k(big, m1, m2) * msq / (8 * math.pi * big**2) * (0.5 if identical else 1.0)


def _card(ir, **changes):
    from alpseesaw.model.checks import _random_externals

    return _random_externals(ir.parameter_set, seed=7) | changes


@pytest.fixture(scope="module")
def light(ir):
    """a and phi lighter than N1 (N -> n a, n phi, n h open; phi -> h h open), sin(theta) != 0."""
    values = ir.evaluate(_card(ir, Ma=1000.0, Mphi=2000.0))
    return values, Couplings(_real(values))


@pytest.fixture(scope="module")
def heavy(ir):
    """The all-couplings card as drawn: Ma = 8.0 TeV, Mphi = 13.4 TeV, N at 4.2 and 9.0 TeV."""
    values = ir.evaluate(_card(ir))
    return values, Couplings(_real(values))


def test_the_takagi_masses_are_the_models_spectrum(light) -> None:
    # a check of this file's own factorisation (not of the model)
    values, c = light
    v = _real(values)
    assert c.masses[3:] == pytest.approx([v[n] for n in MASSES[3:]], rel=1e-9)
    assert c.masses[1:3] == pytest.approx([v[n] for n in MASSES[1:3]], rel=1e-6)


@pytest.mark.parametrize("scalar", ["h", "a", "phi"])
@pytest.mark.parametrize("i", [3, 4, 5, 6])
def test_heavy_neutrino_to_neutral_lepton_and_scalar(ir, light, scalar, i) -> None:
    values, c = light
    v = _real(values)
    mass = {"h": "MH", "a": "Ma", "phi": "Mphi"}[scalar]
    big, checked = c.masses[i], 0
    model = widths_of(ir, values, NEUTRAL[i])
    for j in range(i):
        if c.masses[j] + v[mass] >= big:
            continue
        want = fermion_to_fermion_scalar(c.g[scalar][i, j], big, c.masses[j], v[mass])
        got = model[tuple(sorted((NEUTRAL[j], scalar)))]
        # light final states: the model's double-precision V against 50 digits; N_j final
        # states: pseudo-Dirac pairs (split 1e-9 relative) make single columns of V soft
        assert got == pytest.approx(want, rel=1e-6, abs=1e-9 * width_scale(c, i, scalar, v)), (
            NEUTRAL[j]
        )
        checked += want > 0
    assert checked >= 3  # at least the three light neutrinos


def width_scale(c: Couplings, i: int, scalar: str, v: dict) -> float:
    """The largest partial width of N_i into this scalar (for an absolute floor)."""
    mass = {"h": "MH", "a": "Ma", "phi": "Mphi"}[scalar]
    return max(
        fermion_to_fermion_scalar(c.g[scalar][i, j], c.masses[i], c.masses[j], v[mass])
        for j in range(i)
        if c.masses[j] + v[mass] < c.masses[i]
    )


@pytest.mark.parametrize(("scalar", "point"), [("h", "light"), ("a", "heavy"), ("phi", "heavy")])
def test_scalars_to_neutral_lepton_pairs(ir, request, scalar, point) -> None:
    values, c = request.getfixturevalue(point)
    v = _real(values)
    big = v[{"h": "MH", "a": "Ma", "phi": "Mphi"}[scalar]]
    wants = {}
    for i in range(7):
        for j in range(i, 7):
            if c.masses[i] + c.masses[j] < big:
                wants[i, j] = scalar_to_fermions(
                    c.g[scalar][i, j], big, c.masses[i], c.masses[j], i == j
                )
    top = max(wants.values())
    assert top > 0
    model = widths_of(ir, values, scalar)
    for (i, j), want in wants.items():
        got = model[tuple(sorted((NEUTRAL[i], NEUTRAL[j])))]
        # light pairs couple like m_nu/v: far below the largest channel, an absolute floor
        assert got == pytest.approx(want, rel=1e-6, abs=1e-9 * top), (NEUTRAL[i], NEUTRAL[j])
    light_pairs = [w for (i, j), w in wants.items() if j < 3]
    assert light_pairs  # the light-light channels are in the comparison


def test_phi_to_higgs_pair(ir, light) -> None:
    values, _ = light
    v = _real(values)
    s = scheme(v)
    vev, fa, mh, mphi = s["vev"], v["fa"], v["MH"], v["Mphi"]
    sn, cs = v["sth"], s["cth"]
    # the quartics from the mass matrix of (h', phi') = R^T diag(mh^2, mphi^2) R, R of (2.3)
    lam_h = (cs**2 * mh**2 + sn**2 * mphi**2) / (2 * vev**2)
    lam_phi = (sn**2 * mh**2 + cs**2 * mphi**2) / (2 * fa**2)
    lam_hphi = -sn * cs * (mphi**2 - mh**2) / (vev * fa)
    # coefficient of phi h^2 in the cubic terms, h' = c h - s phi, phi' = s h + c phi
    kappa = (
        lam_h * vev * (-3 * cs**2 * sn)
        + lam_phi * fa * (3 * sn**2 * cs)
        + lam_hphi / 2 * (vev * (2 * sn * cs**2 - sn**3) + fa * (cs**3 - 2 * cs * sn**2))
    )
    beta = math.sqrt(1 - 4 * mh**2 / mphi**2)
    want = kappa**2 * beta / (8 * math.pi * mphi)
    assert sn != 0
    assert want > 0
    assert widths_of(ir, values, "phi")[("h", "h")] == pytest.approx(want, rel=1e-9)
