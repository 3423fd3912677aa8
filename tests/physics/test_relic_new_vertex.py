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
