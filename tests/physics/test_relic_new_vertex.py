"""A vertex added to the Lagrangian reaches the relic calculation with no other code change.

The test adds a Z portal for the dark matter, ``L += g_Z chibar gamma^mu chi Z_mu`` (written in the
gauge basis, ``Z = cw W3 - sw B``), builds the IR with it and checks, without touching any
physics code: the channel finder gives chi chi~ -> mu- mu+ an s-channel Z diagram and new final
states (Z h); the built-in cross section grows by exactly the Z-exchange formula derived by hand.

Hand formula (massless final fermions, at threshold): the initial vector current of a Dirac pair at
rest has ``sum J^i J^j* = 8 m^2 delta^ij`` (J^0 = 0); the final current with chiral couplings
g_L, g_R gives ``sum_i L^ii = 8 m^2 (g_L^2 + g_R^2)``; so ``<|M|^2> = 16 m^4 g_Z^2 (g_L^2 + g_R^2)/|D|^2``
and ``sigma v_rel = g_Z^2 (g_L^2 + g_R^2) m^2 / (2 pi |D|^2)``, ``D = 4 m^2 - M_Z^2 + i M_Z Gamma_Z``.
The muon's Z couplings are the Standard Model's, by hand: ``g_L = e/(sw cw) (-1/2 + sw^2)``,
``g_R = e/(sw cw) sw^2``. The pseudoscalar ALP exchange does not interfere at threshold (spin
singlet against spin triplet), so the two add.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from alpseesaw.model.algebra import Bilinear, FExpr
from alpseesaw.model.build import assemble_model, build_model
from alpseesaw.model.channels import annihilation_channels
from alpseesaw.model.lagrangian import LagrangianTerm
from alpseesaw.physics.calculator import RelicCalculator

G_OVER_E = 0.3  # the portal coupling in units of e


def z_portal(params):
    gz = params.symbol("ee") * G_OVER_E
    cw, sw = params.symbol("cw"), params.symbol("sw")
    current = FExpr.bilinear(Bilinear("chiL", "chiL", "L", gamma="mu")) + FExpr.bilinear(
        Bilinear("chiR", "chiR", "R", gamma="mu")
    )
    z = FExpr.field("W3", "mu").scale(cw) + FExpr.field("B", "mu").scale(-sw)
    return [LagrangianTerm("z_portal", "test", (current * z).scale(gz), phase="unbroken")]


@pytest.fixture(scope="module")
def extended():
    return assemble_model(extra_terms=z_portal)


def test_the_new_vertex_gives_new_diagrams_and_channels(extended) -> None:
    old = {c.key: [d.label for d in c.diagrams] for c in annihilation_channels(build_model())}
    new = {c.key: [d.label for d in c.diagrams] for c in annihilation_channels(extended)}
    assert "s(Z)" in new["mu- mu+"]
    assert "s(Z)" not in old["mu- mu+"]
    assert "Z h" in new  # Z* -> Z h through the SM Z Z h vertex
    assert "Z h" not in old


def test_sigma_v_grows_by_the_hand_derived_z_exchange(extended) -> None:
    card = {"Mchi": 500.0, "Ma": 5000.0, "Mphi": 5000.0, "Cmm": -30.0}
    ext = {k: np.array([v]) for k, v in card.items()}
    calc_old, calc_new = RelicCalculator(build_model()), RelicCalculator(extended)
    k = calc_new.channels.index("mu- mu+")
    sv_old = calc_old(ext, method="freeze-out").sigmav0_cm3_s[0, calc_old.channels.index("mu- mu+")]
    sv_new = calc_new(ext, method="freeze-out").sigmav0_cm3_s[0, k]
    vals = extended.evaluate(card)
    e, sw, cw = (float(abs(complex(vals[n]))) for n in ("ee", "sw", "cw"))
    mz, wz, m = float(vals["MZ"]), float(vals["WZ"]), card["Mchi"]
    gl, gr = e / (sw * cw) * (-0.5 + sw**2), e / (sw * cw) * sw**2
    d2 = (4 * m**2 - mz**2) ** 2 + (mz * wz) ** 2
    hand = (G_OVER_E * e) ** 2 * (gl**2 + gr**2) * m**2 / (2 * math.pi * d2)
    from alpseesaw.physics.constants import GEV2_TO_CM3_S

    # relative 1e-6: the muon mass (m_mu^2/m^2 ~ 4e-8) and rounding
    assert sv_new - sv_old == pytest.approx(hand * GEV2_TO_CM3_S, rel=1e-6, abs=0)


def test_t_and_u_channel_dark_matter_exchange_into_z_pairs(extended) -> None:
    # chi chi~ -> Z Z through the new vertex alone (CZZ = 0, sin(theta) = 0: no s-channel): the
    # t/u-channel fermion line with vector final states, against a trace built here with this
    # file's own Dirac matrices and polarisation vectors (transverse pair and the longitudinal
    # (|k|, E n)/M_Z), |M|^2 = sum_pol (1/4) Tr[G (p1 + m) Gbar (p2 - m)],
    # G = g^2 [eps2* (q_t + m) eps1* / (t - m^2) + eps1* (q_u + m) eps2* / (u - m^2)], q_t = p1 - k1.
    from alpseesaw.model.batch import evaluate_batch
    from alpseesaw.physics import helicity as hel
    from alpseesaw.physics.pointset import RelicModel

    card = {"Mchi": 500.0, "Ma": 5000.0, "Mphi": 5000.0, "CZZ": 0.0, "sth": 0.0}
    model = RelicModel(extended)
    batch = evaluate_batch(model.ir.parameter_set, {k: np.array([v]) for k, v in card.items()})
    c = model.couplings(batch)
    (ch,) = [ch for ch in model.channels if ch.key == "Z Z"]
    vals = extended.evaluate(card)
    g = G_OVER_E * float(abs(complex(vals["ee"])))
    m, mz = card["Mchi"], float(c.mass["Z"][0])

    i2, z2 = np.eye(2), np.zeros((2, 2))
    sig = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.diag([1.0, -1.0])]
    g0 = np.block([[i2, z2], [z2, -i2]]).astype(complex)
    gi = [np.block([[z2, s], [-s, z2]]).astype(complex) for s in sig]
    one = np.eye(4)

    def sl(p):
        return p[0] * g0 - p[1] * gi[0] - p[2] * gi[1] - p[3] * gi[2]

    def dot(p, q):
        return p[0] * q[0] - p[1] * q[1] - p[2] * q[2] - p[3] * q[3]

    def pols(k):
        n = k[1:] / np.linalg.norm(k[1:])
        a = np.cross(n, [0.0, 1.0, 0.0] if abs(n[1]) < 0.9 else [1.0, 0.0, 0.0])
        a /= np.linalg.norm(a)
        b = np.cross(n, a)
        kk = np.linalg.norm(k[1:])
        return [np.array([0.0, *a]), np.array([0.0, *b]), np.array([kk, *(k[0] * n)]) / mz]

    def hand(s, cos):
        rs, sin = np.sqrt(s), np.sqrt(1 - cos**2)
        p, k = np.sqrt(s / 4 - m**2), np.sqrt(s / 4 - mz**2)
        p1, p2 = np.array([rs / 2, 0, 0, p]), np.array([rs / 2, 0, 0, -p])
        k1 = np.array([rs / 2, k * sin, 0, k * cos])
        k2 = p1 + p2 - k1
        qt, qu = p1 - k1, p1 - k2
        total = 0.0
        for e1 in pols(k1):
            for e2 in pols(k2):
                gam = g**2 * (
                    sl(e2) @ (sl(qt) + m * one) @ sl(e1) / (dot(qt, qt) - m**2)
                    + sl(e1) @ (sl(qu) + m * one) @ sl(e2) / (dot(qu, qu) - m**2)
                )
                gbar = g0 @ gam.conj().T @ g0
                total += np.trace(gam @ (sl(p1) + m * one) @ gbar @ (sl(p2) - m * one)).real
        return 0.25 * total

    for ratio in (1.02, 1.5, 4.0):
        s = 4 * m**2 * ratio**2
        cos = np.array([-0.9, -0.3, 0.1, 0.6, 0.97])
        n = cos.size
        kin = hel.TwoToTwo.build(
            np.full(n, s), np.full(n, m), np.full(n, m), np.full(n, mz), np.full(n, mz), cos
        )
        got = ch.msq(kin, c.take(np.zeros(n, dtype=int), ch.particle_names, ch.vertex_keys))
        want = [hand(s, x) for x in cos]
        assert got == pytest.approx(want, rel=1e-9), ratio


def test_the_z_mediator_width_is_the_standard_model_one(extended) -> None:
    # With the portal the Z is an s-channel mediator, so its partial widths come from the IR
    # vertex with the parent's polarisations summed (a vector parent): Z -> mu- mu+ against
    # Gamma = MZ beta/(24 pi) (e/(sw cw))^2 [(gL^2 + gR^2)(1 - x) + 6 gL gR x], x = m^2/MZ^2,
    # gL = -1/2 + sw^2, gR = sw^2 (chiral couplings, massive final leptons; by hand).
    from alpseesaw.model.batch import evaluate_batch
    from alpseesaw.physics.pointset import RelicModel

    model = RelicModel(extended)
    assert "Z" in model.mediators
    card = {"Mchi": 500.0, "Ma": 5000.0, "Mphi": 5000.0}
    batch = evaluate_batch(model.ir.parameter_set, {k: np.array([v]) for k, v in card.items()})
    c = model.couplings(batch)
    vals = extended.evaluate(card)
    e, sw, cw = (float(abs(complex(vals[n]))) for n in ("ee", "sw", "cw"))
    mz, mmu = float(vals["MZ"]), float(vals["Mmu"])
    x = mmu**2 / mz**2
    gl, gr = -0.5 + sw**2, sw**2
    hand = (
        mz * math.sqrt(1 - 4 * x) / (24 * math.pi) * (e / (sw * cw)) ** 2
        * ((gl**2 + gr**2) * (1 - x) + 6 * gl * gr * x)
    )  # fmt: skip
    got = model.partial_widths("Z", c)["mu- mu+"][0]
    assert got == pytest.approx(hand, rel=1e-9)
