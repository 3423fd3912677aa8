"""On-shell photons of the ALP operators (2.12) couple with alpha(0); Z and W keep alpha(MZ).

Scheme (docs/model.md): in ``(alpha/4pi)(a/fa)[Cgg F Ftilde + 2 CgZ/(sw cw) F Ztilde + ...]`` every
photon leg carries e(0) = sqrt(4 pi alpha(0)) and every Z or W leg e(MZ): a F Ftilde has alpha(0),
a F Ztilde sqrt(alpha(0) alpha(MZ)), a Z Ztilde and a W Wtilde alpha(MZ). The expected numbers are
written out here from the card (alpha(0) = 1/aEW0M1, alpha(MZ) = 1/aEWM1, cw = MW/MZ), never from
the IR's internal parameters. Vertex convention of tests/model/test_vertices.py: V = dL/d(fields),
d_mu -> -i p_mu, so ``K a X_{mu nu} Ytilde^{mu nu} = 2 K eps^{mu nu rho sigma} d_mu X_nu d_rho Y_sigma``
gives ``V = -2 K eps(p_X, e_X, p_Y, e_Y)`` for X != Y and twice that for two identical photons.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner

from alpseesaw.cli import main
from alpseesaw.errors import ParameterError
from alpseesaw.model import widths as W
from alpseesaw.model.card import parse_card
from alpseesaw.model.inputs import parameter_set
from alpseesaw.model.numeric import EPS_UPPER, METRIC, coupling_value, vertex_value

RTOL = 1e-12

#: PDG 2024: alpha(0)^-1 = 137.035999084(21) (Thomson limit); alpha(MZ)^-1 of the card: 127.9.
ALPHA0_INV_PDG = 137.035999084


def eps4(a, b, c, d) -> complex:
    """eps^{mu nu rho sigma} a_mu b_nu c_rho d_sigma (eps^{0123} = +1, lowered vectors)."""
    lo = [METRIC @ np.asarray(x, dtype=complex) for x in (a, b, c, d)]
    return np.einsum("abcd,a,b,c,d->", EPS_UPPER, *lo)


def _hand(card: dict[str, float]) -> dict[str, float]:
    a0, a = 1.0 / card["aEW0M1"], 1.0 / card["aEWM1"]
    cw = card["MW"] / card["MZ"]
    sw = math.sqrt(1.0 - cw**2)
    fa = card["fa"]
    return {
        "a0": a0,
        "K_AA": card["Cgg"] * a0 / (4 * math.pi * fa),
        "K_AZ": 2 * card["CgZ"] * math.sqrt(a0 * a) / (4 * math.pi * sw * cw * fa),
        "K_ZZ": card["CZZ"] * a / (4 * math.pi * sw**2 * cw**2 * fa),
        "K_WW": 2 * card["CWW"] * a / (4 * math.pi * sw**2 * fa),
    }


def test_alpha0_is_a_card_input_with_its_own_block_and_range() -> None:
    params = parameter_set()
    p = params.external("aEW0M1")
    assert (p.block, p.index, p.default) == ("QEDINPUTS", 1, ALPHA0_INV_PDG)
    assert parse_card("BLOCK QEDINPUTS\n 1 137.0  # 1/alpha(0)\n", params) == {"aEW0M1": 137.0}
    with pytest.raises(ParameterError, match="aEW0M1") as info:
        params.validate_externals({"aEW0M1": 1 / ALPHA0_INV_PDG})  # alpha itself instead of 1/alpha
    assert "1 < aEW0M1" in str(info.value)
    result = CliRunner().invoke(main, ["model", "spectrum", "--json", "--set", "aEW0M1=0.0073"])
    assert result.exit_code == 2
    assert "aEW0M1" in result.output
    assert "0.0073" in result.output
    # the unbroken mode's photon coupling comes from the invariant operators: no separate alpha(0)
    assert "aEW0M1" not in {q.name for q in parameter_set("unbroken").externals}


def test_default_card_photon_vertex_is_alpha0(ir, kinematics) -> None:
    # default card: Cgg = 2662.7, fa = 10 TeV, alpha(0) = 1/137.035999084 (not 1/127.9)
    p, e = kinematics
    values = ir.evaluate({})
    K = 2662.7 / ALPHA0_INV_PDG / (4 * math.pi * 1.0e4)
    got = vertex_value(ir.vertex("A", "A", "a"), values, p, e)
    assert got == pytest.approx(-4 * K * eps4(p[1], e[1], p[2], e[2]), rel=RTOL, abs=0)


def test_alp_gauge_vertices_at_a_random_card(ir, card, values, kinematics) -> None:
    p, e = kinematics
    h = _hand(card)
    assert h["a0"] != pytest.approx(1 / card["aEWM1"], rel=1e-3)  # the card tells the two apart
    assert vertex_value(ir.vertex("A", "A", "a"), values, p, e) == pytest.approx(
        -4 * h["K_AA"] * eps4(p[1], e[1], p[2], e[2]), rel=RTOL, abs=0
    )
    legs = ir.vertex("A", "Z", "a").legs
    assert legs[:2] == ("A", "Z")
    assert vertex_value(ir.vertex(*legs), values, p, e) == pytest.approx(
        -2 * h["K_AZ"] * eps4(p[1], e[1], p[2], e[2]), rel=RTOL, abs=0
    )
    assert vertex_value(ir.vertex("Z", "Z", "a"), values, p, e) == pytest.approx(
        -4 * h["K_ZZ"] * eps4(p[1], e[1], p[2], e[2]), rel=RTOL, abs=0
    )
    assert vertex_value(ir.vertex("W+", "W-", "a"), values, p, e) == pytest.approx(
        -2 * h["K_WW"] * eps4(p[1], e[1], p[2], e[2]), rel=RTOL, abs=0
    )


def _channel(ir, parent, *legs):
    v = ir.vertex(*legs)
    return W.partial_width(ir, v, v.legs.index(parent))


def test_alp_photon_widths(ir, card, values) -> None:
    # Gamma(a -> gamma gamma) = alpha(0)^2 Cgg^2 Ma^3 / (64 pi^3 fa^2): with g = 4K = Cgg alpha(0)/(pi fa),
    # sum_pol |4K eps(k1, e1, k2, e2)|^2 = 32 K^2 (k1.k2)^2 = 8 K^2 Ma^4, times 1/2 (identical
    # photons) |k|/(8 pi Ma^2), |k| = Ma/2.  a -> Z gamma: sum |2K eps|^2 = 2 K^2 (Ma^2 - MZ^2)^2,
    # Gamma = K^2 k^3 / pi with k = (Ma^2 - MZ^2)/(2 Ma).
    ma, fa, mz = card["Ma"], card["fa"], card["MZ"]
    a0 = 1.0 / card["aEW0M1"]
    want = a0**2 * card["Cgg"] ** 2 * ma**3 / (64 * math.pi**3 * fa**2)
    assert W.evaluate_width(ir, _channel(ir, "a", "A", "A", "a"), values) == pytest.approx(
        want, rel=1e-10, abs=0
    )
    k = (ma**2 - mz**2) / (2 * ma)
    want_z = _hand(card)["K_AZ"] ** 2 * k**3 / math.pi
    assert W.evaluate_width(ir, _channel(ir, "a", "A", "Z", "a"), values) == pytest.approx(
        want_z, rel=1e-10, abs=0
    )


def test_alpha0_reaches_only_the_photon_legs_of_the_alp_operators(ir, card) -> None:
    # every SM gauge and Yukawa coupling keeps alpha(MZ): moving alpha(0) changes a-A-A and a-A-Z only
    before = ir.evaluate(card)
    after = ir.evaluate(card | {"aEW0M1": card["aEW0M1"] * 1.07})
    changed = set()
    for v in ir.vertices:
        for c in v.couplings:
            x, y = coupling_value(c.value, before), coupling_value(c.value, after)
            if not np.isclose(x, y, rtol=1e-14, atol=0):
                changed.add(v.legs)
    assert changed == {("A", "A", "a"), ("A", "Z", "a")}
