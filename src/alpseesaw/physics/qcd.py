"""The running strong coupling alpha_s(Q), as micrOMEGAs 6.0 runs it.

Four-loop (five-loop coefficient b4 included) solution of the renormalisation-group equation in
terms of Lambda_QCD (PDG 2022 QCD review, eq. 9.5), with flavour thresholds at the MSbar masses
m_c(m_c) = 1.2 GeV, m_b(m_b) = 4.23 GeV and the top MSbar mass that belongs to a top pole mass of
173.07 GeV; Lambda is matched so that alpha_s is continuous at each threshold. These are the
defaults of micrOMEGAs' ``alphaQCD`` (CalcHEP_src/c_source/SLHAplus/alpha_s.c) when the model does
not call ``initQCD``, as alpseesaw's generated model does not: its ``darkOmega`` uses
``alpha_s(2 Mchi / 3)`` in every annihilation cross section (docs/micromegas.md). The built-in
relic calculation uses the same coupling at the same scale, so that the a -> g g channel is
compared like for like.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

MZ = 91.1876


def _alpha3_at(q: float, lam: float, nf: int) -> float:
    """:func:`_alpha3` at one scale."""
    return float(_alpha3(np.asarray(q, dtype=float), lam, nf))


def _alpha3(q: np.ndarray, lam: float, nf: int) -> np.ndarray:
    """alpha_s(Q) for Lambda^(nf) (the expansion of alpha_s.c, a = alpha/pi coefficients)."""
    b0 = (11 - (2.0 / 3.0) * nf) / 4
    b1 = (102 - (38.0 / 3.0) * nf) / 16
    b2 = (2857.0 / 2.0 - 5033.0 / 18.0 * nf + 325.0 / 54.0 * nf * nf) / 64
    b3 = 114.23 - 27.1339 * nf + 1.58238 * nf * nf + 0.0058567 * nf**3
    b4 = 524.56 - 181.8 * nf + 17.16 * nf * nf - 0.22586 * nf**3 - 0.0017993 * nf**4
    t = 2 * np.log(q / lam)
    lt = np.log(t)
    b0t = b0 * t
    d1, d2, d3 = b1 / (b0 * b0t), b2 / (b0 * b0t**2), b3 / (b0 * b0t**3)
    five = (18 * b0 * b1 * b1 * b2 * (2 * lt * lt - lt - 1)
            + b1**4 * (6 * lt**4 - 26 * lt**3 - 9 * lt * lt + 24 * lt + 7)
            - b0 * b0 * b3 * b1 * (12 * lt + 1) + 2 * b0 * b0 * (5 * b2 * b2 + b0 * b4)) / (6 * (b0 * b0t) ** 4)  # fmt: skip
    return (math.pi / b0t) * (1 - d1 * lt + d1 * d1 * (lt * lt - lt - 1) + d2
                              - d1**3 * (lt**3 - 2.5 * lt * lt - 2 * lt + 0.5) - 3 * d1 * d2 * lt + 0.5 * d3 + five)  # fmt: skip


def _find_lambda(nf: int, alpha: float, m: float) -> float:
    """Lambda^(nf) with alpha_s(m) = alpha (regula falsi, as alpha_s.c)."""
    l2 = m * math.exp(-2 * math.pi / alpha / (11 - 2 * nf / 3.0))
    while _alpha3_at(m, l2, nf) - alpha < 0:
        l2 *= 1.2
    a2 = _alpha3_at(m, l2, nf) - alpha
    l1 = l2 * 0.8
    while _alpha3_at(m, l1, nf) - alpha > 0:
        l1 *= 0.8
    a1 = _alpha3_at(m, l1, nf) - alpha
    while True:
        lam = (l1 * a2 - l2 * a1) / (a2 - a1)
        a = _alpha3_at(m, lam, nf) - alpha
        if abs(a) <= 1e-5 * alpha:
            return lam
        if a < 0:
            a1, l1 = a, lam
        else:
            a2, l2 = a, lam


def _top_pole_mass(mm: float, alpha: float) -> float:
    """The top's pole mass from its MSbar mass ``mm`` and alpha_s(mm) (nf = 6): alpha_s.c's
    three-loop relation with nf - 1 = 5 light flavours, and zeta2 times its light-quark mass term
    (6.23/175). Only the top's threshold is set from a pole mass here (m_c, m_b are MSbar)."""
    zeta2 = 1.6439
    light = 5
    c1 = 4.0 / 3.0
    c2 = 13.4434 - 1.0414 * light + zeta2 * (6.23 / 175)
    c3 = 190.595 - light * (26.655 - light * 0.6527)
    a = alpha / math.pi
    return mm * (1 + a * (c1 + a * (c2 + a * c3)))


@dataclass(frozen=True)
class RunningAlphaS:
    """Thresholds and Lambda^(nf) for nf = 3..6, from alpha_s(MZ)."""

    masses: tuple[float, float, float]  # m_c(m_c), m_b(m_b), m_t(m_t)
    lambdas: tuple[float, float, float, float]  # nf = 3, 4, 5, 6

    def __call__(self, q: float | np.ndarray) -> np.ndarray:
        qq: np.ndarray = np.maximum(np.asarray(q, dtype=float), 1.0)
        mc, mb, mt = self.masses
        out = np.empty(qq.shape)
        for nf, lo, hi in ((3, 0.0, mc), (4, mc, mb), (5, mb, mt), (6, mt, np.inf)):
            sel: np.ndarray = (qq >= lo) & (qq < hi)
            if sel.any():
                out[sel] = _alpha3(qq[sel], self.lambdas[nf - 3], nf)
        small = qq < self.lambdas[0]
        out[small] = 1.0
        return out


@cache
def running(
    alpha_mz: float = 0.1184, mc: float = 1.2, mb: float = 4.23, mt_pole: float = 173.07
) -> RunningAlphaS:
    """micrOMEGAs' ``initQCD(alpha_mz, mc, mb, mt_pole)`` (its defaults)."""
    lam5 = _find_lambda(5, alpha_mz, MZ)
    mq = mt_pole
    while True:
        alpha = _alpha3_at(mq, lam5, 5)
        new = mq * mt_pole / _top_pole_mass(mq, alpha)
        if abs(new - mq) <= 1e-5 * mq:
            mq = new
            break
        mq = new
    lam6 = _find_lambda(6, _alpha3_at(mq, lam5, 5), mq)
    lam4 = _find_lambda(4, _alpha3_at(mb, lam5, 5), mb)
    lam3 = _find_lambda(3, _alpha3_at(mc, lam4, 4), mc)
    return RunningAlphaS((mc, mb, mq), (lam3, lam4, lam5, lam6))


def alpha_s(q: float | np.ndarray, alpha_mz: float = 0.1184) -> np.ndarray:
    """alpha_s at scale(s) q in GeV (micrOMEGAs' running; see the module docstring)."""
    return running(alpha_mz)(q)
