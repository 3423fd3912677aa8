"""Squared amplitudes computed directly from the IR's Feynman rules (explicit Dirac matrices).

Independent of every output format: references for checks of CalcHEP (on the real tool) and of
UFO consumers, in processes where conventions matter (e.g. an ``eps`` vertex interfering with
``gamma5`` couplings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from alpseesaw.model.numeric import GAMMA, METRIC, coupling_value, evaluate_lorentz

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from alpseesaw.model.ir import ModelIR


def mumu_to_a_photon(
    ir: ModelIR, values: Mapping[str, complex], moms: Sequence[np.ndarray], mmu: float
) -> float:
    """Spin-averaged |M|^2 of mu- mu+ -> a gamma from the IR's Feynman rules (independent of UFO).

    Diagrams: s-channel photon and Z (unitary gauge, fixed width) into the a-gamma-gamma and
    a-Z-gamma vertices; t and u-channel muon exchange with the derivative a-mu-mu vertex.
    M = vbar(p2) Gamma u(p1); photon polarisations summed with -g.
    """
    p1, p2, k, q = moms

    def rule(legs, mom, pol):
        v = ir.vertex(*legs)
        return sum(
            1j * coupling_value(c.value, values) * evaluate_lorentz(c.lorentz, mom, pol)
            for c in v.couplings
        )

    def slash(p):
        return np.einsum("mab,m->ab", GAMMA, METRIC @ p)

    one = np.eye(4)
    total = 0.0
    for s in range(4):
        es = one[s]
        big_p = p1 + p2
        s2 = big_p @ METRIC @ big_p
        mz, wz = values["MZ"], values["WZ"]
        g_s = sum(
            rule(("mu+", "mu-", "A"), {}, {3: one[nu]})
            * rule(("A", "A", "a"), {1: big_p, 2: -q, 3: -k}, {1: one[nu], 2: es})
            * (-1j)
            * METRIC[nu, nu]
            / s2
            for nu in range(4)
        )
        for nu in range(4):  # Z: -i (g_{nu rho} - P_nu P_rho / MZ^2) / (s - MZ^2 + i MZ WZ)
            for rho in range(4):
                num = METRIC[nu, rho] - big_p[nu] * big_p[rho] / mz**2  # upper indices
                if num == 0:
                    continue
                g_s = g_s + rule(("mu+", "mu-", "Z"), {}, {3: one[nu]}) * rule(
                    ("A", "Z", "a"), {1: -q, 2: big_p, 3: -k}, {1: es, 2: one[rho]}
                ) * (-1j) * num / (s2 - mz**2 + 1j * mz * wz)
        pt, pu = p1 - q, p1 - k
        s_t = 1j * (slash(pt) + mmu * one) / (pt @ METRIC @ pt - mmu**2)
        s_u = 1j * (slash(pu) + mmu * one) / (pu @ METRIC @ pu - mmu**2)
        v_a = rule(("mu+", "mu-", "a"), {3: -k}, {})
        v_gamma = rule(("mu+", "mu-", "A"), {}, {3: es})
        gam = g_s + v_a @ s_t @ v_gamma + v_gamma @ s_u @ v_a
        gbar = GAMMA[0] @ gam.conj().T @ GAMMA[0]
        total += (
            -METRIC[s, s]
            * np.trace((slash(p2) - mmu * one) @ gam @ (slash(p1) + mmu * one) @ gbar).real
        )
    return total / 4
