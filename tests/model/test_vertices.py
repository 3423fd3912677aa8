"""Vertices of the IR against hand formulas derived from the Lagrangian of the paper.

Convention (alpseesaw.model.ir): vertex = delta L / delta fields with d_mu -> -i p_mu, all momenta
incoming; the Feynman rule is i times it. Each hand formula is written out below from the quoted
Lagrangian term; tolerance 1e-12 relative (pure floating-point).
"""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.model import neutrinos
from alpseesaw.model.numeric import EPS_UPPER, GAMMA, GAMMA5, METRIC, PROJ, vertex_value

RTOL = 1e-12


def eps4(a, b, c, d) -> complex:
    """eps^{mu nu rho sigma} a_mu b_nu c_rho d_sigma (lowered vectors)."""
    lo = [METRIC @ np.asarray(x, dtype=complex) for x in (a, b, c, d)]
    return np.einsum("abcd,a,b,c,d->", EPS_UPPER, *lo)


def dot(a, b) -> complex:
    return np.asarray(a) @ METRIC @ np.asarray(b)


def slash(p) -> np.ndarray:
    return np.einsum("mab,m->ab", GAMMA, METRIC @ np.asarray(p, dtype=complex))


def test_hWW(ir, values, kinematics) -> None:
    # |D H|^2 -> (g^2 v/2) h' W+ W-, h' = cth h - sth phi:  V = g MW cth g^{mu nu}
    p, e = kinematics
    got = vertex_value(ir.vertex("W+", "W-", "h"), values, p, e)
    g = values["ee"] / values["sw"]
    assert got == pytest.approx(g * values["MW"] * values["cth"] * dot(e[1], e[2]), rel=RTOL)


def test_phiWW_carries_minus_sin_theta(ir, values, kinematics) -> None:
    p, e = kinematics
    got = vertex_value(ir.vertex("W+", "W-", "phi"), values, p, e)
    g = values["ee"] / values["sw"]
    assert got == pytest.approx(-g * values["MW"] * values["sth"] * dot(e[1], e[2]), rel=RTOL)


@pytest.mark.parametrize(("f", "mass"), [("mu-", "Mmu"), ("t", "Mt"), ("b", "Mb"), ("ta-", "Mta")])
def test_hff(ir, values, kinematics, f, mass) -> None:
    # -y_f/sqrt2 h' fbar f with y_f = sqrt2 m_f/v:  V = -(m_f/v) cth (1)
    p, e = kinematics
    anti = ir.particle(f).antiname
    v = ir.vertex(anti, f, "h")
    colours = {1: 0, 2: 0} if ir.particle(f).colour == 3 else None
    dims = {1: 3, 2: 3} if colours else None
    got = vertex_value(v, values, p, e, colours, dims)
    assert np.allclose(
        got, -values[mass] / values["v"] * values["cth"] * np.eye(4), rtol=RTOL, atol=0
    )


def test_a_chi_chi(ir, values, kinematics) -> None:
    # (2.22): -i (m_chi/fa) a chibar gamma5 chi  ->  V = -i (m_chi/fa) gamma5
    p, e = kinematics
    got = vertex_value(ir.vertex("chi~", "chi", "a"), values, p, e)
    assert np.allclose(got, -1j * values["Mchi"] / values["fa"] * GAMMA5, rtol=RTOL, atol=0)


def test_h_chi_chi_and_phi_chi_chi(ir, values, kinematics) -> None:
    # (2.22): -(m_chi/fa) (sth h + cth phi) chibar chi
    p, e = kinematics
    for s, trig in (("h", "sth"), ("phi", "cth")):
        got = vertex_value(ir.vertex("chi~", "chi", s), values, p, e)
        assert np.allclose(
            got, -values["Mchi"] / values["fa"] * values[trig] * np.eye(4), rtol=RTOL, atol=0
        )


def test_a_gamma_gamma(ir, values, kinematics) -> None:
    # (2.12): K a F Ftilde, K = Cgg alpha(0)/(4 pi fa) (on-shell photons: alpha(0) = 1/aEW0M1);
    # F Ftilde = 2 eps^{mu nu rho sigma} d_mu A_nu d_rho A_sigma.
    # Two photon assignments, d -> -i p:  V = -4 K eps(p1, e1, p2, e2)
    p, e = kinematics
    K = values["Cgg"] / values["aEW0M1"] / (4 * np.pi * values["fa"])
    got = vertex_value(ir.vertex("A", "A", "a"), values, p, e)
    assert got == pytest.approx(-4 * K * eps4(p[1], e[1], p[2], e[2]), rel=RTOL)


def test_a_mu_mu_derivative_coupling(ir, values, kinematics) -> None:
    # (2.10): (Cmm/fa) d_mu a mubar gamma^mu gamma5 mu  ->  V = -i (Cmm/fa) pslash_a gamma5
    p, e = kinematics
    got = vertex_value(ir.vertex("mu+", "mu-", "a"), values, p, e)
    want = -1j * values["Cmm"] / values["fa"] * slash(p[3]) @ GAMMA5
    assert np.allclose(got, want, rtol=RTOL, atol=0)


def test_phi_a_a_from_the_kinetic_term(ir, values, kinematics) -> None:
    # |d Phi|^2 -> (phi'/fa) (d a)^2 with phi' = sth h + cth phi:  V = -2 (cth/fa) p2.p3
    p, e = kinematics
    got = vertex_value(ir.vertex("phi", "a", "a"), values, p, e)
    assert got == pytest.approx(-2 * values["cth"] / values["fa"] * dot(p[2], p[3]), rel=RTOL)


@pytest.mark.parametrize(("lepton", "row"), [("e", 0), ("mu", 1), ("ta", 2)])
def test_W_lepton_heavy_neutrino(ir, values, card, kinematics, lepton, row) -> None:
    # (g/sqrt2) ebar gamma^mu nu_L W-  with nu_L = V* P_L n:  V = (g/sqrt2) V*_{l k} gamma^mu P_L.
    # V is recomputed here from the card by an independent call of the Takagi routine.
    p, e = kinematics
    inputs = {k: card[k] for k in neutrinos.BLOCK_INPUTS if k not in ("v", "fa")}
    inputs["texture"] = int(inputs["texture"])
    t = neutrinos.takagi(
        neutrinos.mass_matrix(*neutrinos.texture_matrices(neutrinos.TextureInputs(**inputs)))
    )
    g = values["ee"] / values["sw"]
    for k, name in enumerate(("nu1", "nu2", "nu3", "N1", "N2", "N3", "N4")):
        got = vertex_value(ir.vertex(f"{lepton}+", name, "W-"), values, p, e)
        want = g / np.sqrt(2) * np.conj(t.V[row, k]) * slash(e[3]) @ PROJ["L"]
        assert np.allclose(got, want, rtol=1e-10, atol=1e-14)


def test_photon_coupling_is_the_charge(ir, values, kinematics) -> None:
    # D_mu = d_mu - i e Q A_mu  ->  V = e Q gamma^mu
    p, e = kinematics
    for f in ("e-", "u", "d", "chi"):
        part = ir.particle(f)
        legs = (part.antiname, f, "A")
        if part.charge == 0:
            with pytest.raises(KeyError):
                ir.vertex(*legs)
            continue
        colours, dims = ({1: 0, 2: 0}, {1: 3, 2: 3}) if part.colour == 3 else (None, None)
        got = vertex_value(ir.vertex(*legs), values, p, e, colours, dims)
        assert np.allclose(got, values["ee"] * float(part.charge) * slash(e[3]), rtol=RTOL, atol=0)


def test_neutrinos_do_not_couple_to_photons(ir) -> None:
    assert not [
        v for v in ir.vertices if "A" in v.legs and any(x.startswith(("nu", "N")) for x in v.legs)
    ]


def test_Zff_couples_to_T3_minus_Q_sw2(ir, values, kinematics) -> None:
    # (g/cw) gamma^mu (T3 P_L - Q sw^2)
    p, e = kinematics
    g, cw, sw2 = values["ee"] / values["sw"], values["cw"], values["sw"] ** 2
    for f, t3, q in (("e-", -0.5, -1), ("u", 0.5, 2 / 3), ("d", -0.5, -1 / 3)):
        colours, dims = ({1: 0, 2: 0}, {1: 3, 2: 3}) if ir.particle(f).colour == 3 else (None, None)
        got = vertex_value(ir.vertex(ir.particle(f).antiname, f, "Z"), values, p, e, colours, dims)
        want = g / cw * slash(e[3]) @ (t3 * PROJ["L"] - q * sw2 * np.eye(4))
        assert np.allclose(got, want, rtol=1e-12, atol=1e-15)


def test_triple_gauge_ward_identity(ir, values) -> None:
    # gauge invariance: the gamma W+ W- vertex contracted with the photon momentum vanishes for
    # on-shell, transverse W's (equal masses)
    rng = np.random.default_rng(3)
    mw = values["MW"]

    def onshell(m):
        k = rng.normal(size=3) * 50
        return np.r_[np.sqrt(m**2 + k @ k), k]

    k2, k3 = onshell(mw), onshell(mw)
    k1 = -(k2 + k3)

    def transverse(k):
        v = rng.normal(size=4)
        return v - dot(v, k) / dot(k, k) * k

    got = vertex_value(
        ir.vertex("A", "W+", "W-"),
        values,
        {1: k1, 2: k2, 3: k3},
        {1: k1, 2: transverse(k2), 3: transverse(k3)},
    )
    ref = vertex_value(
        ir.vertex("A", "W+", "W-"),
        values,
        {1: k1, 2: k2, 3: k3},
        {1: transverse(k1), 2: transverse(k2), 3: transverse(k3)},
    )
    assert abs(got) < 1e-10 * abs(ref)


def test_gluon_self_coupling_and_quark_gluon(ir, values, kinematics) -> None:
    # ggg: V = i gs f^{abc} [g^{mu nu}(k2-k1)^rho + g^{nu rho}(k3-k2)^mu + g^{rho mu}(k1-k3)^nu]
    # (Feynman rule i V = g_s f^{abc}[g^{mu nu}(k1-k2)^rho + ...], Peskin-Schroeder 16.10)
    from alpseesaw.model.numeric import F_ADJ, T_FUND

    p, e = kinematics
    a, b, c = 0, 1, 2
    got = vertex_value(
        ir.vertex("g", "g", "g"), values, p, e, {1: a, 2: b, 3: c}, {1: 8, 2: 8, 3: 8}
    )
    lor = (
        dot(e[1], e[2]) * dot(p[2] - p[1], e[3])
        + dot(e[2], e[3]) * dot(p[3] - p[2], e[1])
        + dot(e[3], e[1]) * dot(p[1] - p[3], e[2])
    )
    assert got == pytest.approx(1j * values["gs"] * F_ADJ[a, b, c] * lor, rel=RTOL)
    # u~ u g: V = gs T^a_{ij} gamma^mu  (i: colour of the bar leg)
    got = vertex_value(
        ir.vertex("u~", "u", "g"), values, p, e, {1: 0, 2: 1, 3: 0}, {1: 3, 2: 3, 3: 8}
    )
    assert np.allclose(got, values["gs"] * T_FUND[0][0, 1] * slash(e[3]), rtol=RTOL, atol=0)


def test_alp_quartic_from_the_instanton_potential(ir, values, kinematics) -> None:
    # (2.7)-(2.9): V(a) = Lam4 (1 - cos(2 pi a/fa)) = Lam4 [x^2/2 - x^4/24 + ...], x = 2 pi a/fa,
    # with m_a^2 = 4 pi^2 Lam4/fa^2. -V holds + Lam4 (2 pi/fa)^4 a^4/24, so V(aaaa) = 4! times
    # that = (2 pi/fa)^4 Lam4 = 4 pi^2 Ma^2/fa^2 (the cosine's next term, not a free coupling).
    p, e = kinematics
    got = vertex_value(ir.vertex("a", "a", "a", "a"), values, p, e)
    assert got == pytest.approx(4 * np.pi**2 * values["Ma"] ** 2 / values["fa"] ** 2, rel=RTOL)


@pytest.mark.parametrize(
    "legs", [("A", "A", "a"), ("A", "Z", "a"), ("Z", "Z", "a"), ("W+", "W-", "a")]
)
def test_unbroken_operators_are_the_broken_ones_of_eq_2_13(kinematics, legs) -> None:
    # Two independent writings of the ALP-gauge couplings: the unbroken mode's CWW W Wtilde +
    # CBB B Btilde (2.10), rotated by the IR to A, Z, W+-, and the broken mode's (2.12) with
    # independent couplings. They must agree at Cgg = CWW + CBB, CgZ = cw^2 CWW - sw^2 CBB,
    # CZZ = cw^4 CWW + sw^4 CBB (eq 2.13), with alpha(0) = alpha(MZ) (the broken mode's photons
    # couple with alpha(0)). Tolerance 1e-12.
    from alpseesaw.model import build_model

    cww, cbb = 3.0, -1.7
    unbroken = build_model("unbroken")
    vu = unbroken.evaluate({"CWW": cww, "CBB": cbb, "Cglu": 0.0})
    c2, s2 = vu["cw"] ** 2, vu["sw"] ** 2
    broken = build_model("broken")
    couplings = {"Cgg": cww + cbb, "CgZ": c2 * cww - s2 * cbb, "CZZ": c2**2 * cww + s2**2 * cbb}
    vb = broken.evaluate({**couplings, "CWW": cww, "Cglu": 0.0, "aEW0M1": vu["aEWM1"]})
    p, e = kinematics
    got = vertex_value(unbroken.vertex(*legs), vu, p, e)
    assert got == pytest.approx(vertex_value(broken.vertex(*legs), vb, p, e), rel=RTOL, abs=0)
    # and the unbroken mode's internal Cgg, CgZ, CZZ (what the relic and width formulas read)
    # are those couplings
    assert [vu[k] for k in couplings] == pytest.approx(list(couplings.values()), rel=RTOL)
