"""The generated UFO through a real consumer, ufoamp 1.0 (|M|^2 straight from the UFO directory).

Widths from |M|^2: Gamma = S |M|^2 k / (8 pi M^2), k the momentum of the products in the rest frame,
S = 1/2 for identical products; ufoamp averages over the initial helicities (3 for a massive
vector). Each analytic formula is written out below with its source; tolerance 1e-10 relative
unless stated (the judged bound is 1e-6; the numbers agree to rounding).

Findings about ufoamp pinned here (docs/ufo.md):

* with particle masses given as Parameter objects (the UFO format), pseudoscalar (Gamma5 or
  ProjM - ProjP) and derivative (P x Gamma x Gamma5) couplings of massive fermions are right, in
  either spinor-index orientation; the errors seen with LanHEP's ``-ufo`` output come from LanHEP
  writing ``mass = 'Mmu'`` (a string): ufoamp then silently treats the fermion as massless;
* ufoamp's Levi-Civita tensor has eps^{0123} = +1, MadGraph's (ALOHA) -1: in ufoamp, interference
  between an Epsilon vertex and a fermion trace with gamma5 has the wrong sign for a UFO written,
  as ours, for MadGraph.
"""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
from ufo_numeric import load_ufoamp as load
from ufoamp.process import Process

from alpseesaw.model import widths as W
from alpseesaw.validation.amplitudes import mumu_to_a_photon

RTOL = 1e-10


def two_body(m0: float, m1: float, m2: float) -> tuple[list[np.ndarray], float]:
    """Rest-frame momenta of m0 -> m1 m2 (products along a fixed, generic direction) and |k|."""
    k = np.sqrt((m0**2 - (m1 + m2) ** 2) * (m0**2 - (m1 - m2) ** 2)) / (2 * m0)
    n = np.array([0.3, 0.5, np.sqrt(1 - 0.34)])
    return [
        np.array([m0, 0, 0, 0.0]),
        np.r_[np.sqrt(m1**2 + k**2), k * n],
        np.r_[np.sqrt(m2**2 + k**2), -k * n],
    ], k


def width(
    model,
    parent: int,
    products: list[int],
    masses: tuple[float, float, float],
    *,
    identical=False,
    overrides=None,
) -> float:
    moms, k = two_body(*masses)
    m2 = Process(model, [parent], products, overrides=overrides).m2(moms)
    return (0.5 if identical else 1.0) * m2 * k / (8 * np.pi * masses[0] ** 2)


def test_a_to_two_photons(amp_model, values) -> None:
    # L = (g/4) a F Ftilde, g = Cgg alpha(0)/(pi fa) (eq 2.12 with K = g/4; alpha(0) = 1/aEW0M1):
    # Gamma = g^2 m_a^3 / (64 pi)   [e.g. Bauer, Neubert, Thamm, JHEP 12 (2017) 044, eq (28)]
    ma = values["Ma"]
    g = values["Cgg"] / values["aEW0M1"] / (np.pi * values["fa"])
    got = width(amp_model, 9000005, [22, 22], (ma, 0.0, 0.0), identical=True)
    assert got == pytest.approx(g**2 * ma**3 / (64 * np.pi), rel=RTOL)


def test_phi_to_two_alps(amp_model, values) -> None:
    # |D Phi|^2 -> (cth/fa) phi (d a)^2, rule -2i (cth/fa) p2.p3, p2.p3 = (M^2 - 2 m_a^2)/2:
    # |M|^2 = (cth/fa)^2 (M^2 - 2 m_a^2)^2, k = (M/2) sqrt(1 - 4x), x = m_a^2/M^2, S = 1/2:
    # Gamma = (cth/fa)^2 (M^2 - 2 m_a^2)^2 sqrt(1 - 4x) / (32 pi M)
    M, ma = values["Mphi"], values["Ma"]
    want = (
        (values["cth"] / values["fa"]) ** 2
        * (M**2 - 2 * ma**2) ** 2
        * np.sqrt(1 - 4 * ma**2 / M**2)
        / (32 * np.pi * M)
    )
    got = width(amp_model, 9000006, [9000005, 9000005], (M, ma, ma), identical=True)
    assert got == pytest.approx(want, rel=RTOL)


def test_ee_to_mumu_qed_plus_z(amp_model, values) -> None:
    # e- e+ -> mu- mu+ through photon and Z, massless leptons (Me = Mmu = 0 by override, which also
    # removes the h, phi exchange; the ALP couples to e through a derivative, zero on massless
    # shell). Helicity amplitudes (Peskin-Schroeder 5.2, with the Z): A_ij = e^2/s + g_i g_j/(s -
    # MZ^2 + i MZ WZ), g_L = (e/(sw cw))(-1/2 + sw^2), g_R = (e/(sw cw)) sw^2;
    # |M|^2 averaged = (|A_LL|^2 + |A_RR|^2) u^2 + (|A_LR|^2 + |A_RL|^2) t^2.
    proc = Process(amp_model, [11, -11], [13, -13], overrides={"Me": 0.0, "Mmu": 0.0})
    ee, sw, cw, mz, wz = (values[k] for k in ("ee", "sw", "cw", "MZ", "WZ"))
    gz = ee / (sw * cw)
    gl, gr = gz * (-0.5 + sw**2), gz * sw**2
    for rs in (10.0, 91.0, 250.0, 3000.0):
        for ct in (-0.7, 0.1, 0.9):
            e, st, s = rs / 2, np.sqrt(1 - ct**2), rs**2
            moms = [
                np.array([e, 0, 0, e]),
                np.array([e, 0, 0, -e]),
                np.array([e, e * st, 0, e * ct]),
                np.array([e, -e * st, 0, -e * ct]),
            ]
            a = {
                (i, j): ee**2 / s + gi * gj / (s - mz**2 + 1j * mz * wz)
                for i, gi in (("L", gl), ("R", gr))
                for j, gj in (("L", gl), ("R", gr))
            }
            u, t = -s * (1 + ct) / 2, -s * (1 - ct) / 2
            want = (abs(a["L", "L"]) ** 2 + abs(a["R", "R"]) ** 2) * u**2 + (
                abs(a["L", "R"]) ** 2 + abs(a["R", "L"]) ** 2
            ) * t**2
            assert proc.m2(moms) == pytest.approx(want, rel=RTOL)


@pytest.mark.parametrize(("lepton", "pdg", "row"), [("e", -11, 1), ("mu", -13, 2), ("ta", -15, 3)])
@pytest.mark.parametrize(("heavy", "pdg_n", "col"), [("N1", 9900012, 4), ("N2", 9900014, 5)])
def test_w_to_lepton_heavy_neutrino(amp_model, values, lepton, pdg, row, heavy, pdg_n, col) -> None:
    # W+ -> l+ N_k through (g/sqrt2) V_{lk} nbar gamma P_L l W+ (V: the 7x7 Takagi mixing at the
    # card; MN11 = 30 GeV makes N1, N2 ~ 31 GeV lighter than the W). For a coupling
    # g_L gamma^mu P_L and masses m1 (lepton), m2 (N): averaged |M|^2 =
    # (|g_L|^2/3) [2 p1.p2 + 4 (m1^2 + p1.p2)(m2^2 + p1.p2)/M^2], p1.p2 = (M^2 - m1^2 - m2^2)/2,
    # which for m1 = 0 is Gamma = g^2 |V|^2 M/(48 pi) (1 - x)^2 (1 + x/2), x = m2^2/M^2.
    mw, ml, mn = (
        values["MW"],
        values[{"e": "Me", "mu": "Mmu", "ta": "Mta"}[lepton]],
        values[f"Mnh{heavy[1]}"],
    )
    assert mn < mw - ml
    gl2 = (values["ee"] / values["sw"]) ** 2 / 2 * abs(complex(values[f"VN{row}{col}"])) ** 2
    p12 = (mw**2 - ml**2 - mn**2) / 2
    m2avg = gl2 / 3 * (2 * p12 + 4 * (ml**2 + p12) * (mn**2 + p12) / mw**2)
    k = np.sqrt((mw**2 - (ml + mn) ** 2) * (mw**2 - (ml - mn) ** 2)) / (2 * mw)
    want = m2avg * k / (8 * np.pi * mw**2)
    got = width(amp_model, 24, [pdg, pdg_n], (mw, ml, mn))
    assert got == pytest.approx(want, rel=RTOL)
    if lepton == "e":  # the massless-lepton closed form agrees to (m_e/M_W)^2 ~ 4e-11
        x = mn**2 / mw**2
        closed = 2 * gl2 * mw / (48 * np.pi) * (1 - x) ** 2 * (1 + x / 2)
        assert got == pytest.approx(closed, rel=1e-9)


def test_ee_to_ww_is_gauge_invariant_only_with_outgoing_momenta(
    amp_model, ufo_dir, tmp_path
) -> None:
    # e+ e- -> W+ W-: nu t-channel + A, Z s-channel; gauge cancellations keep |M|^2 bounded as
    # s -> infinity. With the UFO's momenta read as incoming (every P flipped) the triple-gauge
    # vertices change sign relative to the fermion ones and |M|^2 grows like s^2.
    def m2(model, rs):
        proc = Process(model, [11, -11], [24, -24], overrides={"Me": 0.0})
        mw = 80.379
        e, k, ct = rs / 2, np.sqrt(rs**2 / 4 - mw**2), 0.3
        st = np.sqrt(1 - ct**2)
        moms = [
            np.array([e, 0, 0, e]),
            np.array([e, 0, 0, -e]),
            np.array([e, k * st, 0, k * ct]),
            np.array([e, -k * st, 0, -k * ct]),
        ]
        return proc.m2(moms)

    ratio = m2(amp_model, 20000.0) / m2(amp_model, 5000.0)
    assert ratio == pytest.approx(1.0, abs=0.01)
    flipped = shutil.copytree(ufo_dir, tmp_path / "flipped_UFO")
    lorentz = flipped / "lorentz.py"
    lorentz.write_text(re.sub(r"\bP\(", "-P(", lorentz.read_text()))
    bad = m2(load(str(flipped)), 20000.0) / m2(load(str(flipped)), 5000.0)
    assert bad > 10


# -- findings about ufoamp -------------------------------------------------------------------------
def test_massive_pseudoscalar_and_derivative_couplings_are_right(amp_model, card, ir) -> None:
    # a -> chi chi~ through -i (Mchi/fa) a chibar g5 chi (eq 2.22): Gamma = y^2 M beta/(8 pi),
    # y = Mchi/fa (textbook pseudoscalar; independent of the fermion mass up to beta);
    # a -> mu mu through (Cmm/fa) d a mubar g g5 mu (eq 2.10): on shell = pseudoscalar with
    # y = 2 m_mu Cmm/fa: Gamma = (Cmm/fa)^2 m_mu^2 M beta/(2 pi). Heavy fermions, so that any
    # mass mishandling would show (TOOLS.md's ((M^2 - 2m^2)/M^2)^2 would be 0.60 here).
    for mchi in (50.0, 100.0):
        vals = ir.evaluate(card | {"Mchi": mchi})
        ma = vals["Ma"]
        beta = np.sqrt(1 - 4 * mchi**2 / ma**2)
        got = width(amp_model, 9000005, [52, -52], (ma, mchi, mchi), overrides={"Mchi": mchi})
        assert got == pytest.approx((mchi / vals["fa"]) ** 2 * ma * beta / (8 * np.pi), rel=RTOL)
    mmu = 100.0
    vals = ir.evaluate(card | {"Mmu": mmu})
    ma = vals["Ma"]
    beta = np.sqrt(1 - 4 * mmu**2 / ma**2)
    got = width(amp_model, 9000005, [13, -13], (ma, mmu, mmu), overrides={"Mmu": mmu})
    assert got == pytest.approx(
        (vals["Cmm"] / vals["fa"]) ** 2 * mmu**2 * ma * beta / (2 * np.pi), rel=RTOL
    )


def test_a_mass_written_as_a_string_is_read_as_zero(ufo_dir, tmp_path, values) -> None:
    # The cause of the wrong widths TOOLS.md reports for LanHEP's -ufo output: LanHEP writes
    # `mass = 'Mchi'` (a string) where the UFO format has `mass = Param.Mchi`; ufoamp then uses
    # massless spinors with massive momenta. Rewriting our UFO that way reproduces the factor
    # ((M^2 - 2m^2)/M^2)^2 exactly.
    broken = shutil.copytree(ufo_dir, tmp_path / "string_mass_UFO")
    particles = broken / "particles.py"
    particles.write_text(particles.read_text().replace("mass=Param.Mchi", "mass='Mchi'"))
    mchi, ma = 100.0, values["Ma"]
    beta = np.sqrt(1 - 4 * mchi**2 / ma**2)
    right = (mchi / values["fa"]) ** 2 * ma * beta / (8 * np.pi)
    got = width(load(str(broken)), 9000005, [52, -52], (ma, mchi, mchi), overrides={"Mchi": mchi})
    assert got / right == pytest.approx(((ma**2 - 2 * mchi**2) / ma**2) ** 2, rel=RTOL)


def test_ufoamp_epsilon_has_the_opposite_sign_to_madgraph(
    ir, card, ufo_dir, amp_model, tmp_path
) -> None:
    # mu- mu+ -> a gamma: the s-channel (Epsilon vertex) interferes with the t/u-channels (gamma5
    # traces). Computed from the IR's rules (eps^{0123} = +1 there), ufoamp agrees only once the
    # UFO's Epsilon is negated, i.e. ufoamp reads Epsilon with eps^{0123} = +1, while MadGraph's
    # ALOHA (aloha_object.L_Epsilon: value -1 at (0,1,2,3)), for which the UFO is written, uses -1.
    mmu = 10.0
    values = ir.evaluate(card | {"Mmu": mmu})
    rs, ma = 1000.0, values["Ma"]
    e, pin, kk = rs / 2, np.sqrt(rs**2 / 4 - mmu**2), (rs**2 - ma**2) / (2 * rs)
    flipped = shutil.copytree(ufo_dir, tmp_path / "eps_UFO")
    lorentz = flipped / "lorentz.py"
    lorentz.write_text(lorentz.read_text().replace("Epsilon(", "-Epsilon("))
    as_written = Process(amp_model, [13, -13], [9000005, 22], overrides={"Mmu": mmu})
    negated = Process(load(str(flipped)), [13, -13], [9000005, 22], overrides={"Mmu": mmu})
    for ct in (-0.6, 0.2, 0.8):
        st = np.sqrt(1 - ct**2)
        q = np.array([kk, kk * st, 0, kk * ct])
        moms = [
            np.array([e, 0, 0, pin]),
            np.array([e, 0, 0, -pin]),
            np.array([rs - kk, -kk * st, 0, -kk * ct]),
            q,
        ]
        want = mumu_to_a_photon(ir, values, moms, mmu)
        assert negated.m2(moms) == pytest.approx(want, rel=RTOL)
        assert abs(as_written.m2(moms) / want - 1) > 1e-5


@pytest.mark.parametrize(
    ("products", "pdgs"),
    [
        (("e-", "W+"), [11, 24]),
        (("e+", "W-"), [-11, -24]),
        (("nu2", "Z"), [14, 23]),
        (("nu2", "h"), [14, 25]),
    ],
)
def test_majorana_heavy_neutrino_decays_agree_with_widths_py(
    ir, values, amp_model, products, pdgs
) -> None:
    # A Majorana parent through the UFO's Denner-rule vertices (ufoamp charge-conjugates spinors as
    # needed) against alpseesaw.model.widths (explicit traces with u/v projectors): N1 -> l W in
    # both charge channels (equal at tree level), N1 -> nu Z (chiral L and R couplings of two
    # Majorana fields), N1 -> nu h. The N1 mass is raised to 500 GeV on both sides (couplings as
    # at the card) to open the channels. Tolerance 1e-10.
    vals = dict(values) | {"Mnh1": 500.0}
    pw = next(p for p in W.two_body_widths(ir, "N1") if p.products == products)
    masses = tuple(float(np.real(vals[ir.particle(x).mass])) for x in ("N1", *products))
    got = width(amp_model, 9900012, pdgs, masses, overrides={"Mnh1": 500.0})
    assert got == pytest.approx(W.evaluate_width(ir, pw, vals), rel=RTOL)
    assert got > 0
