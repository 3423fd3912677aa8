"""Tree-level two-body widths derived from the IR (alpseesaw.model.widths) against textbook formulas.

Each class of Lorentz structure the model has is checked once against a closed form written out
here (not derived by the code under test): S -> V V (epsilon), S -> f f (pseudoscalar, derivative,
scalar with colour), S -> S S (derivative), V -> f f (massive, chiral), F -> F V, F -> F S
(Majorana parents). Couplings g_L, g_R, a, b are read off the IR vertex; the formulas are
independent of how the code contracts them. Tolerance 1e-10 relative (rounding only).
"""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.model import widths as W

RTOL = 1e-10


def _anti(ir, name):
    p = ir.particle(name)
    return p.antiname if name == p.name else p.name


def _channel(ir, parent, *products):
    """The channel through the one 3-point vertex with legs {parent, anti(products)}."""
    want = sorted([parent, *(_anti(ir, x) for x in products)])
    for v in ir.vertices:
        if len(v.legs) == 3 and sorted(v.legs) == want:
            pw = W.partial_width(ir, v, v.legs.index(parent))
            assert sorted(pw.products) == sorted(products)
            return pw
    raise KeyError((parent, products))


def _k(m0, m1, m2):
    return np.sqrt((m0**2 - (m1 + m2) ** 2) * (m0**2 - (m1 - m2) ** 2)) / (2 * m0)


def _coeffs(ir, values, legs):
    """{lorentz structure: numeric coefficient} of an IR vertex."""
    v = ir.vertex(*legs)
    return {
        c.lorentz: complex(c.value.xreplace({s: values[s.name] for s in c.value.free_symbols}))
        for c in v.couplings
    }


def test_a_to_photons_and_muons(ir, values) -> None:
    ma = values["Ma"]
    # S -> V V (epsilon): Gamma = g^2 m^3/(64 pi), g = Cgg alpha(0)/(pi fa), alpha(0) = 1/aEW0M1
    g = values["Cgg"] / values["aEW0M1"] / (np.pi * values["fa"])
    assert W.evaluate_width(ir, _channel(ir, "a", "A", "A"), values) == pytest.approx(
        g**2 * ma**3 / (64 * np.pi), rel=RTOL
    )
    # S -> f f (derivative a-mu-mu = pseudoscalar y = 2 m Cmm/fa on shell): (Cmm/fa)^2 m^2 M beta/(2 pi)
    mm = values["Mmu"]
    want = (
        (values["Cmm"] / values["fa"]) ** 2
        * mm**2
        * ma
        * np.sqrt(1 - 4 * mm**2 / ma**2)
        / (2 * np.pi)
    )
    assert W.evaluate_width(ir, _channel(ir, "a", "mu-", "mu+"), values) == pytest.approx(
        want, rel=RTOL
    )


def test_a_to_dark_matter_pseudoscalar(ir, card) -> None:
    # S -> f f (pseudoscalar -i y a chibar g5 chi, y = Mchi/fa): Gamma = y^2 M beta/(8 pi)
    values = ir.evaluate(card | {"Mchi": 100.0})
    ma, m = values["Ma"], 100.0
    want = (m / values["fa"]) ** 2 * ma * np.sqrt(1 - 4 * m**2 / ma**2) / (8 * np.pi)
    assert W.evaluate_width(ir, _channel(ir, "a", "chi", "chi~"), values) == pytest.approx(
        want, rel=RTOL
    )


def test_phi_to_alps(ir, values) -> None:
    # S -> S S (derivative (cth/fa) phi (d a)^2): (cth/fa)^2 (M^2 - 2m^2)^2 sqrt(1 - 4m^2/M^2)/(32 pi M)
    m0, ma = values["Mphi"], values["Ma"]
    want = (
        (values["cth"] / values["fa"]) ** 2
        * (m0**2 - 2 * ma**2) ** 2
        * np.sqrt(1 - 4 * ma**2 / m0**2)
        / (32 * np.pi * m0)
    )
    assert W.evaluate_width(ir, _channel(ir, "phi", "a", "a"), values) == pytest.approx(
        want, rel=RTOL
    )


def test_scalar_to_quarks_counts_colour(ir, values) -> None:
    # S -> f f (scalar -y h bbar b, y = cth Mb/v), colour: Gamma = Nc y^2 M beta^3/(8 pi)
    y = values["cth"] * values["Mb"] / values["v"]
    mh, mb = values["MH"], values["Mb"]
    want = 3 * y**2 * mh * (1 - 4 * mb**2 / mh**2) ** 1.5 / (8 * np.pi)
    assert W.evaluate_width(ir, _channel(ir, "h", "b", "b~"), values) == pytest.approx(
        want, rel=RTOL
    )


def test_massive_vector_to_quarks(ir, values) -> None:
    # V -> f fbar, gamma^mu (gL PL + gR PR), equal masses m, colour Nc:
    # Gamma = Nc beta/(48 pi M) [(|gL|^2 + |gR|^2)(2M^2 - 2m^2) + 12 m^2 Re(gL gR*)]
    c = _coeffs(ir, values, ("b~", "b", "Z"))
    gl, gr = c[(("chain", "L", 3),)], c[(("chain", "R", 3),)]
    mz, mb = values["MZ"], values["Mb"]
    beta = np.sqrt(1 - 4 * mb**2 / mz**2)
    want = (
        3
        * beta
        / (48 * np.pi * mz)
        * (
            (abs(gl) ** 2 + abs(gr) ** 2) * (2 * mz**2 - 2 * mb**2)
            + 12 * mb**2 * (gl * np.conj(gr)).real
        )
    )
    assert W.evaluate_width(ir, _channel(ir, "Z", "b", "b~"), values) == pytest.approx(
        want, rel=RTOL
    )


def test_vector_to_lepton_and_light_heavy_neutrino(ir, values) -> None:
    # W+ -> e+ N1 (N1 ~ 31 GeV at the card): gL = (g/sqrt2) V_e4; with m_e: averaged |M|^2 =
    # (|gL|^2/3)[2 p1.p2 + 4(m1^2 + p1.p2)(m2^2 + p1.p2)/M^2], Gamma = k |M|^2/(8 pi M^2)
    gl = _coeffs(ir, values, ("N1", "e-", "W+"))[(("chain", "L", 3),)]
    mw, me, mn = values["MW"], values["Me"], values["Mnh1"]
    p12 = (mw**2 - me**2 - mn**2) / 2
    m2 = abs(gl) ** 2 / 3 * (2 * p12 + 4 * (me**2 + p12) * (mn**2 + p12) / mw**2)
    want = _k(mw, me, mn) * m2 / (8 * np.pi * mw**2)
    assert W.evaluate_width(ir, _channel(ir, "W+", "e+", "N1"), values) == pytest.approx(
        want, rel=RTOL
    )


def test_heavy_neutrino_to_lepton_w_and_neutrino_z(ir) -> None:
    # F -> F V at the default card (N1 ~ 1 TeV): f1(M) -> f2(m) V(MV), gamma^mu (gL PL + gR PR),
    # spin-averaged: |M|^2 = (1/2){(|gL|^2 + |gR|^2)[2 p1.p2 + 4 (k.p1)(k.p2)/MV^2] - 12 m M Re(gL gR*)},
    # k = p1 - p2, k.p1 = M^2 - p1.p2, k.p2 = p1.p2 - m^2, p1.p2 = (M^2 + m^2 - MV^2)/2
    values = ir.evaluate()
    mn = values["Mnh1"]

    def f_to_fv(gl, gr, m, mv):
        p12 = (mn**2 + m**2 - mv**2) / 2
        kp1, kp2 = mn**2 - p12, p12 - m**2
        m2 = (
            (abs(gl) ** 2 + abs(gr) ** 2) * (2 * p12 + 4 * kp1 * kp2 / mv**2)
            - 12 * m * mn * (gl * np.conj(gr)).real
        ) / 2
        return _k(mn, m, mv) * m2 / (8 * np.pi * mn**2)

    c = _coeffs(ir, values, ("e+", "N1", "W-"))
    want = f_to_fv(c[(("chain", "L", 3),)], 0.0, values["Me"], values["MW"])
    assert W.evaluate_width(ir, _channel(ir, "N1", "e-", "W+"), values) == pytest.approx(
        want, rel=RTOL
    )
    # Majorana: the charge-conjugate channel has the same width
    assert W.evaluate_width(ir, _channel(ir, "N1", "e+", "W-"), values) == pytest.approx(
        want, rel=RTOL
    )
    c = _coeffs(ir, values, ("nu2", "N1", "Z"))
    want = f_to_fv(c[(("chain", "L", 3),)], c[(("chain", "R", 3),)], values["Mnu2"], values["MZ"])
    assert W.evaluate_width(ir, _channel(ir, "N1", "nu2", "Z"), values) == pytest.approx(
        want, rel=RTOL
    )


def test_heavy_neutrino_to_neutrino_higgs(ir) -> None:
    # F -> F S: ubar_2 (a PL + b PR) u_1: |M|^2 = (1/2)[2 p1.p2 (|a|^2 + |b|^2) + 4 m M Re(a b*)],
    # p1.p2 = (M^2 + m^2 - mS^2)/2
    values = ir.evaluate()
    c = _coeffs(ir, values, ("nu2", "N1", "h"))
    a, b = c[(("chain", "L"),)], c[(("chain", "R"),)]
    mn, m, ms = values["Mnh1"], values["Mnu2"], values["MH"]
    p12 = (mn**2 + m**2 - ms**2) / 2
    m2 = (2 * p12 * (abs(a) ** 2 + abs(b) ** 2) + 4 * m * mn * (a * np.conj(b)).real) / 2
    want = _k(mn, m, ms) * m2 / (8 * np.pi * mn**2)
    assert W.evaluate_width(ir, _channel(ir, "N1", "nu2", "h"), values) == pytest.approx(
        want, rel=RTOL
    )


def test_channels(ir, values) -> None:
    # chi is the stable dark-matter particle: no two-body channel; closed channels evaluate to 0
    assert W.two_body_widths(ir, "chi") == ()
    closed = _channel(ir, "a", "t", "t~")  # Ma = 300 < 2 Mt
    assert not W.is_open(ir, closed, values)
    assert W.evaluate_width(ir, closed, values) == 0.0
    assert ("A", "A") in {pw.products for pw in W.two_body_widths(ir, "a")}
