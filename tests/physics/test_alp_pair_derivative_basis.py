"""chi chi~ -> a a from the IR against the same process in the derivative basis of the ALP.

The IR keeps the paper's non-linear Phi = (fa + phi') e^{i a/fa}/sqrt2 in the Yukawa (2.21), so
chi couples to a through i (Mchi/fa) a chibar gamma5 chi, the contact a a chibar chi and
higher powers of a/fa. The chiral rotation chi_L -> e^{i a/2fa} chi_L, chi_R -> e^{-i a/2fa} chi_R
(chi is a gauge singlet: no anomaly) removes a from the mass term to all orders and leaves

    L = (d_mu a / 2 fa) chibar gamma^mu gamma5 chi - (Mchi/fa) phi chibar chi + (phi/fa) (d a)^2

at sin(theta) = 0 (the last two from the radial mode, (2.2)): no contact term, derivative
vertices. On shell both bases give the same amplitude. Here the derivative-basis amplitude is
built with this file's own Dirac matrices (Dirac representation),

    M = vbar(p2) [ sum_{t,u} kslash2 g5 (qslash + m) kslash1 g5 / (4 fa^2 (q^2 - m^2))
                   - 2 m (k1.k2) / (fa^2 (s - Mphi^2 + i Mphi Gamma_phi)) ] u(p1),  q = p1 - k1,

and |M|^2 = (1/4) Tr[G (p1slash + m) Gbar (p2slash - m)] is compared with the IR channel's |M|^2
at several angles and energies: the t- and u-channel momenta, the propagators, the contact term
and the phi line all enter.
"""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.model import build_model
from alpseesaw.model.batch import evaluate_batch
from alpseesaw.physics import helicity as hel
from alpseesaw.physics.pointset import RelicModel

I2, Z2 = np.eye(2), np.zeros((2, 2))
SIGMA = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
G0 = np.block([[I2, Z2], [Z2, -I2]]).astype(complex)
GI = [np.block([[Z2, s], [-s, Z2]]).astype(complex) for s in SIGMA]
G5 = np.block([[Z2, I2], [I2, Z2]]).astype(complex)
ETA = np.diag([1.0, -1.0, -1.0, -1.0])

CARD = {"Mchi": 700.0, "Ma": 300.0, "Mphi": 2600.0, "Wphi": 40.0, "fa": 8000.0, "sth": 0.0}


def _slash(p: np.ndarray) -> np.ndarray:
    return p[0] * G0 - p[1] * GI[0] - p[2] * GI[1] - p[3] * GI[2]


def _dot(p: np.ndarray, q: np.ndarray) -> float:
    return float(p @ ETA @ q)


def hand_msq(s: float, cos: float, m: float, ma: float, mphi: float, wphi: float, fa: float):
    rs = np.sqrt(s)
    p, k = np.sqrt(s / 4 - m**2), np.sqrt(s / 4 - ma**2)
    sin = np.sqrt(1 - cos**2)
    p1, p2 = np.array([rs / 2, 0, 0, p]), np.array([rs / 2, 0, 0, -p])
    k1 = np.array([rs / 2, k * sin, 0, k * cos])
    k2 = p1 + p2 - k1
    one = np.eye(4)
    gam = np.zeros((4, 4), dtype=complex)
    for first, second in ((k1, k2), (k2, k1)):
        q = p1 - first
        gam += (
            _slash(second)
            @ G5
            @ (_slash(q) + m * one)
            @ _slash(first)
            @ G5
            / (4 * fa**2 * (_dot(q, q) - m**2))
        )
    gam -= 2 * m * _dot(k1, k2) / (fa**2 * (s - mphi**2 + 1j * mphi * wphi)) * one
    gbar = G0 @ gam.conj().T @ G0
    tr = np.trace(gam @ (_slash(p1) + m * one) @ gbar @ (_slash(p2) - m * one))
    return 0.25 * tr.real


@pytest.fixture(scope="module")
def channel_and_couplings():
    model = RelicModel(build_model())
    batch = evaluate_batch(model.ir.parameter_set, {k: np.array([v]) for k, v in CARD.items()})
    c = model.couplings(batch)
    (ch,) = [ch for ch in model.channels if ch.key == "a a"]
    return ch, c


@pytest.mark.parametrize("ratio", [1.05, 1.6, 3.0])
def test_alp_pair_msq_equals_the_derivative_basis(channel_and_couplings, ratio) -> None:
    ch, c = channel_and_couplings
    m, ma = float(c.mass["chi"][0]), float(c.mass["a"][0])
    assert (m, ma) == (CARD["Mchi"], CARD["Ma"])
    assert float(c.width["phi"][0]) == CARD["Wphi"]
    s = 4 * m**2 * ratio**2
    cos = np.array([-0.93, -0.4, 0.0, 0.25, 0.8, 0.99])
    n = cos.size
    kin = hel.TwoToTwo.build(
        np.full(n, s), np.full(n, m), np.full(n, m), np.full(n, ma), np.full(n, ma), cos
    )
    got = ch.msq(kin, c.take(np.zeros(n, dtype=int), ch.particle_names, ch.vertex_keys))
    want = [hand_msq(s, x, m, ma, CARD["Mphi"], CARD["Wphi"], CARD["fa"]) for x in cos]
    assert np.all(np.asarray(want) > 0)
    assert got == pytest.approx(want, rel=1e-9)
    # not isotropic: the t/u poles move |M|^2 with the angle
    assert max(want) > 1.05 * min(want)
