"""Widths with neutrinos (W -> l nu, Z -> nu nu, N -> l W, nu Z, nu h) against closed forms.

Nothing here reads an IR vertex: the 7x7 mixing matrix is the Takagi factorisation of the
neutral-lepton mass matrix (paper eq. (2.17): basis (nu_L, N^c, S), blocks m_D, M_N, mu_S, mu_R),
computed here with numpy's SVD from the card's texture inputs (eqs (3.1)-(3.4)); the couplings are
the SM charged and neutral currents in that basis, g = e/sw (model/inputs.py scheme):

    L = g/sqrt2 W^-_mu  lbar_a gamma^mu P_L V_ai n_i + h.c.,
    L = g/(2 cw) Z_mu  C_ij nbar_i gamma^mu P_L n_j,   C = V_L^dagger V_L (V_L: the active rows).

For Majorana n_i (standard results, e.g. Atre, Han, Pascoli, Zhang, JHEP 05 (2009) 030):

    W -> l_a nu_i  (m_nu = 0)   g^2 |V_ai|^2 MW (1 - x_l)^2 (1 + x_l/2) / (48 pi),  x_l = m_l^2/MW^2
    Z -> nu_i nu_j (m_nu = 0)   g^2 |C_ij|^2 MZ / (96 pi cw^2) (i = j; twice that for i != j)
    N_i -> l_a^- W^+ (= l^+ W^-) g^2 |V_ai|^2 M^3 (1 - x)^2 (1 + 2 x) / (64 pi MW^2),  x = MW^2/M^2
    N_i -> nu_j Z               g^2 |C_ij|^2 M^3 (1 - x)^2 (1 + 2 x) / (64 pi cw^2 MZ^2),  x = MZ^2/M^2

(the N formulas neglect m_l and m_nu: corrections m_l^2/M^2 < 1e-6 here).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from tests.model.test_widths_closed_form import scheme, width

LEPTONS = [("e-", "Me"), ("mu-", "Mmu"), ("ta-", "Mta")]
LIGHT = ["nu1", "nu2", "nu3"]
HEAVY = ["N1", "N2", "N3", "N4"]


def _mass_matrix(v: dict) -> np.ndarray:
    """Eq. (2.17) in the basis (nu_e, nu_mu, nu_tau, N1^c, N2^c, S1, S2), from eqs (3.1)-(3.4)."""
    g, y1, y2, y3 = v["gammaN"], v["y1"], v["y2"], v["y3"]
    shape = [[1, 0], [y1, y2], [0, y3]] if round(v["texture"]) == 1 else [[1, 0], [0, y1], [y2, y3]]
    md = v["mD11"] * np.array(shape, dtype=complex)
    mn = v["MN11"] * np.diag([1.0, g]).astype(complex)
    mus = v["muS11"] * np.array(
        [[1, v["alphaN"] * g], [v["alphaN"] * g, v["betaN"] * g**2 * np.exp(1j * v["phiN"])]]
    )
    mur = np.array([[v["muR11"], v["muR12"]], [v["muR12"], v["muR22"]]], dtype=complex)
    z32 = np.zeros((3, 2))
    return np.block([[np.zeros((3, 3)), md, z32], [md.T, mur, mn], [z32.T, mn.T, mus]])


def _mixing(v: dict) -> tuple[np.ndarray, np.ndarray]:
    """(masses ascending, V with M = V* diag(m) V^dagger) from mpmath's SVD at 50 digits (the light
    singular values, ~1e-12 GeV beside entries ~1e4 GeV, are below double precision): for a
    complex symmetric M with distinct singular values the Takagi vectors are the left singular
    vectors rephased by the square root of the phase of u^T M u (|V| and C do not see that phase)."""
    import mpmath

    m = _mass_matrix(v)
    with mpmath.workdps(50):
        mm = mpmath.matrix([[mpmath.mpc(x.real, x.imag) for x in row] for row in m])
        u, s, _ = mpmath.svd_c(mm)
        n = mm.rows
        order = sorted(range(n), key=lambda k: s[k])
        cols = []
        for k in order:
            col = [u[r, k] for r in range(n)]
            d = sum(col[r] * mm[r, c] * col[c] for r in range(n) for c in range(n))
            ph = mpmath.exp(-0.5j * mpmath.arg(d))
            cols.append([complex(mpmath.conj(x) * ph) for x in col])
        masses = np.array([float(s[k]) for k in order])
    return masses, np.array(cols).T


@pytest.fixture(scope="module")
def point(ir):
    """The all-couplings card with a and phi heavy (as in test_widths_closed_form), complex values."""
    from alpseesaw.model.checks import _random_externals

    card = _random_externals(ir.parameter_set, seed=7) | {"Ma": 900.0, "Mphi": 1300.0}
    return ir.evaluate(card)


def _real(values: dict) -> dict:
    return {k: complex(x).real for k, x in values.items()}


@pytest.fixture(scope="module")
def mixing(point) -> tuple[np.ndarray, np.ndarray]:
    return _mixing(_real(point))


def test_the_mixing_here_is_the_models_spectrum(point, mixing) -> None:
    # a check of this file's own Takagi (not of the model): same 7 masses as the model's states
    masses, _ = mixing
    model = [
        complex(point[n]).real for n in ("Mnu1", "Mnu2", "Mnu3", "Mnh1", "Mnh2", "Mnh3", "Mnh4")
    ]
    assert masses[3:] == pytest.approx(model[3:], rel=1e-9)
    assert masses[1:3] == pytest.approx(model[1:3], rel=1e-6)


def _g(v: dict) -> tuple[float, float, float]:
    s = scheme(v)
    return s["e"] / s["sw"], s["cw"], s["sw"]


@pytest.mark.parametrize(("lepton", "mass"), LEPTONS)
def test_w_to_lepton_and_light_neutrino(ir, point, mixing, lepton, mass) -> None:
    v = _real(point)
    g, _, _ = _g(v)
    _, vmix = mixing
    a = [x for x, _ in LEPTONS].index(lepton)
    mw, xl = v["MW"], v[mass] ** 2 / v["MW"] ** 2
    for i, nu in enumerate(LIGHT):
        want = g**2 * abs(vmix[a, i]) ** 2 * mw * (1 - xl) ** 2 * (1 + xl / 2) / (48 * math.pi)
        anti = ir.particle(lepton).antiname
        assert width(ir, point, "W+", nu, anti) == pytest.approx(want, rel=1e-6), nu


def test_z_to_light_neutrinos(ir, point, mixing) -> None:
    v = _real(point)
    g, cw, _ = _g(v)
    _, vmix = mixing
    c = vmix[:3].conj().T @ vmix[:3]
    unit = g**2 * v["MZ"] / (96 * math.pi * cw**2)
    for i, a in enumerate(LIGHT):
        for j, b in enumerate(LIGHT):
            if j < i:
                continue
            want = unit * abs(c[i, j]) ** 2 * (1 if i == j else 2)
            assert width(ir, point, "Z", a, b) == pytest.approx(want, rel=1e-6, abs=1e-12 * unit), (
                a,
                b,
            )


@pytest.mark.parametrize("heavy", HEAVY)
def test_heavy_neutrino_to_w_and_z(ir, point, mixing, heavy) -> None:
    v = _real(point)
    g, cw, _ = _g(v)
    masses, vmix = mixing
    i = 3 + HEAVY.index(heavy)
    m, mw, mz = masses[i], v["MW"], v["MZ"]
    xw, xz = mw**2 / m**2, mz**2 / m**2
    for a, (lepton, _mass) in enumerate(LEPTONS):
        want = (
            g**2
            * abs(vmix[a, i]) ** 2
            * m**3
            * (1 - xw) ** 2
            * (1 + 2 * xw)
            / (64 * math.pi * mw**2)
        )
        anti = ir.particle(lepton).antiname
        assert width(ir, point, heavy, lepton, "W+") == pytest.approx(want, rel=1e-5, abs=0), lepton
        assert width(ir, point, heavy, anti, "W-") == pytest.approx(want, rel=1e-5, abs=0), anti
    c = vmix[:3].conj().T @ vmix[:3]
    for j, nu in enumerate(LIGHT):
        want = (
            g**2
            * abs(c[i, j]) ** 2
            * m**3
            * (1 - xz) ** 2
            * (1 + 2 * xz)
            / (64 * math.pi * cw**2 * mz**2)
        )
        # |c[i, j]| ~ 1e-17 here (unitarity cancels the heavy-light Z coupling): the width is
        # zero to the coupling's rounding, so it is compared to 1e-12 of the |c| = 1 width
        scale = g**2 * m**3 * (1 - xz) ** 2 * (1 + 2 * xz) / (64 * math.pi * cw**2 * mz**2)
        assert width(ir, point, heavy, nu, "Z") == pytest.approx(want, rel=1e-5, abs=1e-12 * scale)
