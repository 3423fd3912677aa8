"""The neutral-lepton sector: textures (3.1)-(3.4), the 7x7 mass matrix (2.18), Takagi factorisation.

Basis (eq 2.18): ``psi_R = (nu_L^c (3), N_R (2), S_L^c (2))`` and ``-L = 1/2 psi_R^c-bar M psi_R + h.c.``
with::

    M = [[0,     mD,   0   ],
         [mD^T,  muR,  MN^T],
         [0,     MN,   muS ]]

The Takagi factorisation ``V^T M V = diag(m_1..m_7)`` (``V`` unitary, ``m_k >= 0``) defines the
Majorana mass eigenstates ``n_k``: ``psi_R = V P_R n``, i.e. ``nu_L = V* P_L n`` for the first three
rows, ``N_R = V P_R n`` for rows 4-5 and ``S_L = V* P_L n`` for rows 6-7.

The light masses (~1e-12 GeV) sit 15 orders of magnitude below the heavy ones, beyond double
precision, so the factorisation runs in mpmath at 40 significant digits: the 14x14 real symmetric
matrix ``[[Re M, Im M], [Im M, -Re M]]`` has eigenvalues +-m_k, and an eigenvector ``(x, y)`` of
``+m_k`` gives the Takagi vector ``x - i y``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mpmath
import numpy as np

if TYPE_CHECKING:
    from collections.abc import Mapping

#: mpmath working precision (decimal digits) of the Takagi factorisation.
TAKAGI_DPS = 40


@dataclass(frozen=True)
class TextureInputs:
    """Inputs of the parametrisation (3.1)-(3.4); masses in GeV, ``phiN`` in radians.

    ``mD11``, ``MN11``, ``muS11`` are the 1-1 entries factored out of ``m_D``, ``M_N`` and ``mu_S``;
    the light mass matrix is then ``-kappa`` times (3.5)/(3.6) with
    ``kappa = mD11**2 * muS11 / MN11**2``.
    """

    texture: int
    mD11: float
    MN11: float
    muS11: float
    y1: float
    y2: float
    y3: float
    alphaN: float
    betaN: float
    phiN: float
    gammaN: float
    muR11: float = 0.0
    muR12: float = 0.0
    muR22: float = 0.0

    @property
    def kappa(self) -> float:
        """Overall light-neutrino mass scale (GeV); equals m_ee."""
        return self.mD11**2 * self.muS11 / self.MN11**2


def texture_matrices(p: TextureInputs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(m_D (3x2), M_N (2x2), mu_S (2x2), mu_R (2x2))`` in GeV from the texture parameters."""
    if p.texture == 1:  # texture A, eq (3.3)
        shape = [[1.0, 0.0], [p.y1, p.y2], [0.0, p.y3]]
    elif p.texture == 2:  # texture B, eq (3.4)
        shape = [[1.0, 0.0], [0.0, p.y1], [p.y2, p.y3]]
    else:
        msg = f"texture must be 1 (A) or 2 (B), got {p.texture!r}"
        raise ValueError(msg)
    mD = p.mD11 * np.array(shape, dtype=complex)
    MN = p.MN11 * np.diag([1.0, p.gammaN]).astype(complex)  # eq (3.1)
    g = p.gammaN
    muS = p.muS11 * np.array(  # eq (3.2)
        [[1.0, p.alphaN * g], [p.alphaN * g, p.betaN * g**2 * np.exp(1j * p.phiN)]], dtype=complex
    )
    muR = np.array([[p.muR11, p.muR12], [p.muR12, p.muR22]], dtype=complex)
    return mD, MN, muS, muR


def mass_matrix(mD: np.ndarray, MN: np.ndarray, muS: np.ndarray, muR: np.ndarray) -> np.ndarray:
    """The symmetric 7x7 matrix of eq (2.18)."""
    M = np.zeros((7, 7), dtype=complex)
    M[0:3, 3:5] = mD
    M[3:5, 0:3] = mD.T
    M[3:5, 3:5] = muR
    M[3:5, 5:7] = MN.T
    M[5:7, 3:5] = MN
    M[5:7, 5:7] = muS
    return M


def seesaw_light_matrix(mD: np.ndarray, MN: np.ndarray, muS: np.ndarray) -> np.ndarray:
    """Eq (2.20): ``M_light ~ -mD MN^-1 muS (MN^T)^-1 mD^T`` (leading order in mu/M, mD/M)."""
    inv = np.linalg.inv(MN)
    return -mD @ inv @ muS @ inv.T @ mD.T


@dataclass(frozen=True)
class Takagi:
    """``V^T M V = diag(masses)``; masses ascending, non-negative; ``V`` unitary (numpy arrays).

    ``masses_mp`` keeps the masses at full mpmath precision (as strings) for checks of tiny values.
    """

    masses: np.ndarray
    V: np.ndarray
    masses_mp: tuple[str, ...]


def takagi(M: np.ndarray, dps: int = TAKAGI_DPS) -> Takagi:
    """Takagi factorisation of a complex symmetric matrix at ``dps`` decimal digits.

    Column signs are fixed so that the largest-modulus entry of each column has a positive real
    part (makes the output deterministic). Raises ``ValueError`` if ``M`` is not symmetric.
    """
    M = np.asarray(M, dtype=complex)
    n = M.shape[0]
    if M.shape != (n, n) or not np.allclose(M, M.T, rtol=0, atol=1e-300 + 1e-14 * np.abs(M).max()):
        msg = "takagi: the matrix must be square and symmetric"
        raise ValueError(msg)
    with mpmath.workdps(dps):
        A = [[mpmath.mpf(float(z.real)) for z in row] for row in M]
        B = [[mpmath.mpf(float(z.imag)) for z in row] for row in M]
        H = mpmath.matrix(2 * n, 2 * n)
        for i in range(n):
            for j in range(n):
                H[i, j] = A[i][j]
                H[i, j + n] = B[i][j]
                H[i + n, j] = B[i][j]
                H[i + n, j + n] = -A[i][j]
        E, Q = mpmath.eigsy(H)
        order = sorted(range(2 * n), key=lambda k: E[k], reverse=True)[:n]
        order.sort(key=lambda k: abs(E[k]))  # ascending masses
        masses_mp = [abs(E[k]) for k in order]
        V = np.empty((n, n), dtype=complex)
        for col, k in enumerate(order):
            vec = [complex(Q[i, k]) - 1j * complex(Q[i + n, k]) for i in range(n)]
            V[:, col] = vec
    # a Takagi vector is fixed up to a sign (a phase would rotate V^T M V off the real axis):
    # make the real part of the largest-modulus entry of each column positive.
    for col in range(n):
        big = np.argmax(np.abs(V[:, col]))
        if V[big, col].real < 0:
            V[:, col] *= -1
    return Takagi(
        masses=np.array([float(m) for m in masses_mp]),
        V=V,
        masses_mp=tuple(mpmath.nstr(m, 25) for m in masses_mp),
    )


# -- the numeric block of the model's ParameterSet ------------------------------------------------

#: Inputs of the neutrino numeric block (external parameters of the card).
BLOCK_INPUTS = (
    "texture", "mD11", "MN11", "muS11", "y1", "y2", "y3", "alphaN", "betaN", "phiN", "gammaN",
    "muR11", "muR12", "muR22",
)  # fmt: skip

LIGHT = ("Mnu1", "Mnu2", "Mnu3")
HEAVY = ("Mnh1", "Mnh2", "Mnh3", "Mnh4")


def matrix_names() -> tuple[str, ...]:
    """Entries of m_D (3x2), M_N (2x2), mu_S and mu_R (symmetric) output by the block (GeV).

    The Yukawas Y = sqrt2 m_D/v and Y' = sqrt2 M_N/fa are internal parameters built from them, so
    that changing v or fa at run time keeps the neutrino masses fixed.
    """
    md = [f"mDn{a}{i}" for a in range(1, 4) for i in range(1, 3)]
    mn = [f"MNn{i}{j}" for i in range(1, 3) for j in range(1, 3)]
    mus = ["muSn11", "muSn12", "muSn22"]
    mur = ["muRn11", "muRn12", "muRn22"]
    return (*md, *mn, *mus, *mur)


def mixing_names() -> tuple[str, ...]:
    return tuple(f"VN{a}{k}" for a in range(1, 8) for k in range(1, 8))


def block_outputs() -> tuple[str, ...]:
    return (*matrix_names(), *LIGHT, *HEAVY, *mixing_names())


def complex_outputs() -> frozenset[str]:
    return frozenset({"muSn11", "muSn12", "muSn22", *mixing_names()})


def block_function(values: Mapping[str, float | complex]) -> dict[str, float | complex]:
    """Evaluate the neutrino sector: mass matrices, 7 masses, the 7x7 mixing matrix."""
    fields: dict[str, Any] = {k: float(values[k].real) for k in BLOCK_INPUTS}
    p = TextureInputs(**fields | {"texture": int(values["texture"].real)})
    mD, MN, muS, muR = texture_matrices(p)
    out: dict[str, float | complex] = {}
    for a in range(3):
        for i in range(2):
            out[f"mDn{a + 1}{i + 1}"] = float(mD[a, i].real)
    for i in range(2):
        for j in range(2):
            out[f"MNn{i + 1}{j + 1}"] = float(MN[i, j].real)
    for name, mat, cplx in (("muSn", muS, True), ("muRn", muR, False)):
        for i, j in ((0, 0), (0, 1), (1, 1)):
            out[f"{name}{i + 1}{j + 1}"] = complex(mat[i, j]) if cplx else float(mat[i, j].real)
    t = takagi(mass_matrix(mD, MN, muS, muR))
    for name, m in zip((*LIGHT, *HEAVY), t.masses, strict=True):
        out[name] = float(m)
    for a in range(7):
        for k in range(7):
            out[f"VN{a + 1}{k + 1}"] = complex(t.V[a, k])
    return out
