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

import cmath
import math
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mpmath

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import numpy as np

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


def texture_shape(p: TextureInputs) -> list[list[float]]:
    """``m_D / mD11`` (3x2) of texture A, eq (3.3), or B, eq (3.4)."""
    if p.texture == 1:  # texture A, eq (3.3)
        return [[1.0, 0.0], [p.y1, p.y2], [0.0, p.y3]]
    if p.texture == 2:  # texture B, eq (3.4)
        return [[1.0, 0.0], [0.0, p.y1], [p.y2, p.y3]]
    msg = f"texture must be 1 (A) or 2 (B), got {p.texture!r}"
    raise ValueError(msg)


def texture_matrices(p: TextureInputs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(m_D (3x2), M_N (2x2), mu_S (2x2), mu_R (2x2))`` in GeV from the texture parameters."""
    import numpy as np

    shape = texture_shape(p)
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
    import numpy as np

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
    import numpy as np

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
    import numpy as np

    M = np.asarray(M, dtype=complex)
    n = M.shape[0]
    if M.shape != (n, n) or not np.allclose(M, M.T, rtol=0, atol=1e-300 + 1e-14 * np.abs(M).max()):
        msg = "takagi: the matrix must be square and symmetric"
        raise ValueError(msg)
    re = [[float(z.real) for z in row] for row in M]
    im = [[float(z.imag) for z in row] for row in M]
    masses_mp, columns = _takagi_columns(re, im, dps)
    V = np.empty((n, n), dtype=complex)
    for col, vec in enumerate(columns):
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


def _takagi_columns(
    re: list[list[float]], im: list[list[float]], dps: int
) -> tuple[list[Any], list[list[complex]]]:
    """The mpmath part of :func:`takagi` (no numpy): the masses (mpf, ascending) and the Takagi
    vectors (columns of ``V``, before the sign convention) of the symmetric matrix ``re + i im``."""
    n = len(re)
    with mpmath.workdps(dps):
        A = [[mpmath.mpf(x) for x in row] for row in re]
        B = [[mpmath.mpf(x) for x in row] for row in im]
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
        columns = [[complex(Q[i, k]) - 1j * complex(Q[i + n, k]) for i in range(n)] for k in order]
    return masses_mp, columns


def _signed_columns(columns: list[list[complex]]) -> list[list[complex]]:
    """:func:`takagi`'s sign convention without numpy: each column negated (``V[:, col] *= -1``,
    the same complex product by ``-1 + 0j``) when its largest-modulus entry has a negative real
    part. The largest modulus is Python's ``abs`` (C ``hypot``), which can differ from numpy's
    complex ``abs`` in the last bit: when the two largest moduli of a column are that close, the
    column is signed by numpy's own expression, so the choice is always numpy's."""
    out = []
    for vec in columns:
        mags = [abs(z) for z in vec]
        big = mags.index(max(mags))
        if sum(1 for m in mags if m >= mags[big] * (1 - 1e-12)) > 1:  # a near tie: numpy decides
            import numpy as np

            big = int(np.argmax(np.abs(np.array(vec, dtype=complex))))
        neg = complex(-1.0, 0.0)
        out.append([neg * z for z in vec] if vec[big].real < 0 else list(vec))
    return out


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
    """Evaluate the neutrino sector: mass matrices, 7 masses, the 7x7 mixing matrix.

    Plain Python (no numpy): the same floating-point operations as :func:`texture_matrices`,
    :func:`mass_matrix` and :func:`takagi` (``tests/model/test_neutrino_sector.py`` compares them
    bit for bit), so a generation imports no numpy for its card."""
    fields: dict[str, Any] = {k: float(values[k].real) for k in BLOCK_INPUTS}
    p = TextureInputs(**fields | {"texture": int(values["texture"].real)})
    shape = texture_shape(p)
    usual = [True]  # no product that numpy's errstate(all="raise") could refuse

    def mul(a: float, b: float) -> float:
        r = a * b
        if not math.isfinite(r) or (r == 0.0 and a != 0.0 and b != 0.0) or 0 < abs(r) < _TINY:
            usual[0] = False
        return r

    g = p.gammaN
    mD = [[_times_real(p.mD11, complex(x), mul).real for x in row] for row in shape]
    MN = [  # eq (3.1)
        [_times_real(p.MN11, complex(d), mul).real for d in row] for row in ((1.0, 0.0), (0.0, g))
    ]
    phase = cmath.exp(1j * p.phiN)
    if any(0 < abs(x) < _TINY for x in (phase.real, phase.imag)):
        usual[0] = False
    bg2 = p.betaN * g**2
    w = _times_real(bg2, phase, mul)  # numpy's float64 times complex128
    aN = p.alphaN * g
    muS = [  # numpy's muS11 * array(..., dtype=complex): each entry times muS11 + 0j
        [_times_real(p.muS11, complex(1.0), mul), _times_real(p.muS11, complex(aN), mul)],
        [_times_real(p.muS11, complex(aN), mul), _times_real(p.muS11, w, mul)],
    ]
    muR = [[p.muR11, p.muR12], [p.muR12, p.muR22]]
    if not usual[0]:
        return _block_function_checked(values)
    out: dict[str, float | complex] = {}
    for a in range(3):
        for i in range(2):
            out[f"mDn{a + 1}{i + 1}"] = mD[a][i]
    for i in range(2):
        for j in range(2):
            out[f"MNn{i + 1}{j + 1}"] = MN[i][j]
    for i, j in ((0, 0), (0, 1), (1, 1)):
        out[f"muSn{i + 1}{j + 1}"] = muS[i][j]
    for i, j in ((0, 0), (0, 1), (1, 1)):
        out[f"muRn{i + 1}{j + 1}"] = float(muR[i][j])
    re = [[0.0] * 7 for _ in range(7)]
    im = [[0.0] * 7 for _ in range(7)]

    def put(r0: int, c0: int, block: Sequence[Sequence[complex]]) -> None:
        for i, row in enumerate(block):
            for j, z in enumerate(row):
                re[r0 + i][c0 + j] = float(z.real)
                im[r0 + i][c0 + j] = float(z.imag)

    put(0, 3, mD)
    put(3, 0, [list(col) for col in zip(*mD, strict=True)])
    put(3, 3, muR)
    put(3, 5, [list(col) for col in zip(*MN, strict=True)])
    put(5, 3, MN)
    put(5, 5, muS)
    biggest = max(abs(x) for row in (*re, *im) for x in row)
    if not math.isfinite(biggest) or biggest < 1e-290:  # takagi's tolerance 1e-14 max|M| is normal
        return _block_function_checked(values)
    masses_mp, columns = _takagi_columns(re, im, TAKAGI_DPS)
    for name, m in zip((*LIGHT, *HEAVY), masses_mp, strict=True):
        out[name] = float(m)
    columns = _signed_columns(columns)
    for a in range(7):
        for k in range(7):
            out[f"VN{a + 1}{k + 1}"] = columns[k][a]
    return out


#: The smallest positive normal double: a smaller nonzero result is an underflow.
_TINY = sys.float_info.min


def _times_real(a: float, z: complex, mul: Any) -> complex:
    """``(a + 0j) * z`` by the textbook formula, as numpy multiplies complex numbers (and
    Python 3.11 a float by a complex): the zero products keep the signs of zeros numpy gives;
    ``mul`` is the checked product of the real parts."""
    return complex(mul(a, z.real) - 0.0 * z.imag, mul(a, z.imag) + 0.0 * z.real)


def _block_function_checked(values: Mapping[str, float | complex]) -> dict[str, float | complex]:
    """:func:`_block_function_numpy` as the model's numpy evaluation runs it (errors raised:
    ``FloatingPointError`` makes the card's evaluation numpy's, which words the error)."""
    import numpy as np

    with np.errstate(all="raise"):
        return _block_function_numpy(values)


def _block_function_numpy(values: Mapping[str, float | complex]) -> dict[str, float | complex]:
    """:func:`block_function` with numpy arrays and :func:`takagi` (the reference it follows bit
    for bit; taken for a matrix with a non-finite entry, whose errors are numpy's)."""
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
