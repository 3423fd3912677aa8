"""Batched Takagi factorisation of complex symmetric 3x3 matrices, vectorised with numpy.

For a complex symmetric ``M`` the Takagi factorisation is ``U^T M U = diag(m1, m2, m3)`` with ``U``
unitary and ``m_k >= 0`` (eq 3.7 of the paper). The columns of ``U`` are eigenvectors of the
Hermitian matrix ``H = M^dagger M = U diag(m^2) U^dagger``; each column is then rephased so that
``u_k^T M u_k`` is real and non-negative.

The fast path works on the six independent entries as separate arrays (structure of arrays):

1. the largest eigenvalue of ``H`` in closed form (trigonometric solution of the cubic) and its
   eigenvector as the largest cross product of two rows of ``H - lambda 1``;
2. an orthonormal basis ``W`` (3x2) of its complement, the 2x2 block ``B = W^T M W`` (complex
   symmetric, because ``M u_3 = m_3 conj(u_3)`` is orthogonal to ``W``) and its Takagi
   factorisation in closed form. ``B`` has its own scale, so a hierarchical spectrum costs no
   precision beyond ``eps m_3 / m_2``;
3. the smallest mass as ``|det M| / (m_2 m_3)`` (an exactly vanishing mass comes out at the
   ~1e-16 relative level, not at ``sqrt(eps)``); phases from ``u_k^T M u_k``.

Matrices with (nearly) degenerate masses (relative gaps of ``m^2`` below ``DEGENERACY_GAP``), where
eigenvectors are ill-defined for this construction, are redone with ``numpy.linalg.eigh`` of the
real 6x6 embedding ``[[Re M, Im M], [Im M, -Re M]]`` (eigenvalues ``+-m_k``; an eigenvector
``(x, y)`` of ``+m_k`` gives the Takagi vector ``x - i y``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Relative gap of squared masses below which a matrix takes the robust (slower) path.
DEGENERACY_GAP = 1e-3

C = NDArray[np.complex128]
R = NDArray[np.float64]


@dataclass(frozen=True)
class TakagiResult:
    """``U^T M U = diag(masses)``: ``masses`` ascending, shape ``(..., 3)``; ``U`` ``(..., 3, 3)``.

    Units of ``masses`` are those of ``M``. Column ``k`` of ``U`` belongs to ``masses[..., k]``.
    """

    masses: R
    U: C


def _abs2(z: C) -> R:
    return z.real * z.real + z.imag * z.imag


def hermitian_eigvals(h00: R, h11: R, h22: R, h01: C, h02: C, h12: C) -> tuple[R, R, R]:
    """Ascending eigenvalues of the Hermitian 3x3 matrices with the given entries (closed form)."""
    q = (h00 + h11 + h22) / 3.0
    d0, d1, d2 = h00 - q, h11 - q, h22 - q
    a01, a02, a12 = _abs2(h01), _abs2(h02), _abs2(h12)
    p = np.sqrt((d0 * d0 + d1 * d1 + d2 * d2 + 2.0 * (a01 + a02 + a12)) / 6.0)
    det = d0 * d1 * d2 + 2.0 * (h01 * h12 * np.conj(h02)).real - d0 * a12 - d1 * a02 - d2 * a01
    psafe = np.where(p > 0.0, p, 1.0)
    r = np.clip(det / (2.0 * psafe**3), -1.0, 1.0)
    ang = np.arccos(r) / 3.0  # in [0, pi/3]
    l2 = q + 2.0 * p * np.cos(ang)
    l0 = q + 2.0 * p * np.cos(ang + 2.0 * np.pi / 3.0)
    l1 = 3.0 * q - l0 - l2
    return l0, l1, l2


def _cross(a: tuple[C, ...], b: tuple[C, ...]) -> tuple[C, C, C]:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _norm2(v: tuple[C, ...]) -> R:
    return _abs2(v[0]) + _abs2(v[1]) + _abs2(v[2])


def _rows(h00: R, h11: R, h22: R, h01: C, h02: C, h12: C, lam: R) -> tuple[tuple[C, C, C], ...]:
    cplx = np.complex128
    return (
        ((h00 - lam).astype(cplx), h01, h02),
        (np.conj(h01), (h11 - lam).astype(cplx), h12),
        (np.conj(h02), np.conj(h12), (h22 - lam).astype(cplx)),
    )


def _best_cross(rows: tuple[tuple[C, C, C], ...]) -> tuple[C, C, C]:
    """The largest of the three pairwise cross products of ``rows`` (robust, 3x the work)."""
    c01, c02, c12 = _cross(rows[0], rows[1]), _cross(rows[0], rows[2]), _cross(rows[1], rows[2])
    n01, n02, n12 = _norm2(c01), _norm2(c02), _norm2(c12)
    use02 = n02 > n01
    use12 = n12 > np.where(use02, n02, n01)
    return tuple(np.where(use12, c12[i], np.where(use02, c02[i], c01[i])) for i in range(3))  # type: ignore[return-value]


def _null_vector(h00: R, h11: R, h22: R, h01: C, h02: C, h12: C, lam: R) -> tuple[C, C, C]:
    """Unit null vector ``v`` of the rank-2 Hermitian matrices ``H - lam 1``.

    The cross products of two rows are the columns of the adjugate ``P v v^dagger`` (``P`` the
    product of the two non-zero eigenvalues), so the largest of the three is ``v`` scaled by
    ``|P| max_k |v_k|`` and carries full precision. (Using one fixed pair and repairing the rows
    where it is small was measured to be slower in numpy.)
    """
    c = _best_cross(_rows(h00, h11, h22, h01, h02, h12, lam))
    n = _norm2(c)
    inv = 1.0 / np.sqrt(np.where(n > 0.0, n, 1.0))
    return c[0] * inv, c[1] * inv, c[2] * inv


def _rephase(a: tuple[C, ...], u: tuple[C, C, C]) -> tuple[C, C, C]:
    """Multiply ``u`` by the phase that makes ``u^T M u`` real and non-negative."""
    a00, a01, a02, a11, a12, a22 = a
    t = (
        a00 * u[0] * u[0]
        + a11 * u[1] * u[1]
        + a22 * u[2] * u[2]
        + 2.0 * (a01 * u[0] * u[1] + a02 * u[0] * u[2] + a12 * u[1] * u[2])
    )
    at = np.abs(t)
    w = np.conj(t) * (1.0 / np.where(at > 0.0, at, 1.0))
    w = np.where(at > 0.0, w, 1.0)
    # a square root of the unit number w without complex sqrt (which is slow in numpy):
    # (1 + w)/|1 + w| for Re w >= 0, i (1 - w)/|1 - w| otherwise; either squares to w
    pos = w.real >= 0.0
    g = np.where(pos, 1.0 + w, 1j * (1.0 - w))
    f = g * (1.0 / np.abs(g))
    return u[0] * f, u[1] * f, u[2] * f


def _bilinear(u: tuple[C, C, C], v: tuple[C, C, C]) -> C:
    return u[0] * v[0] + u[1] * v[1] + u[2] * v[2]


def _matvec(a: tuple[C, ...], u: tuple[C, C, C]) -> tuple[C, C, C]:
    a00, a01, a02, a11, a12, a22 = a
    return (
        a00 * u[0] + a01 * u[1] + a02 * u[2],
        a01 * u[0] + a11 * u[1] + a12 * u[2],
        a02 * u[0] + a12 * u[1] + a22 * u[2],
    )


def _complement(v: tuple[C, C, C]) -> tuple[tuple[C, C, C], tuple[C, C, C]]:
    """Two unit vectors ``w1, w2`` with ``(v, w1, w2)`` orthonormal (``v`` a unit vector).

    ``w1 = conj(v x e_k) / |v x e_k|`` with ``e_k`` the axis where ``|v_k|`` is smallest (so the
    norm is >= sqrt(2/3)); ``w2 = conj(v x w1)``.
    """
    z = np.zeros_like(v[0])
    n0, n1, n2 = _abs2(v[0]), _abs2(v[1]), _abs2(v[2])
    k0 = (n0 <= n1) & (n0 <= n2)
    k1 = ~k0 & (n1 <= n2)
    # v x e_0 = (0, v2, -v1); v x e_1 = (-v2, 0, v0); v x e_2 = (v1, -v0, 0)
    c = (
        np.where(k0, z, np.where(k1, -v[2], v[1])),
        np.where(k0, v[2], np.where(k1, z, -v[0])),
        np.where(k0, -v[1], np.where(k1, v[0], z)),
    )
    n = _norm2(c)
    inv = 1.0 / np.sqrt(np.where(n > 0.0, n, 1.0))  # n = 0 only for v = 0 (degenerate H, redone)
    w1 = tuple(np.asarray(np.conj(c[k]) * inv, dtype=np.complex128) for k in range(3))
    w2 = tuple(np.conj(x) for x in _cross(v, w1))
    return w1, w2  # type: ignore[return-value]


def takagi_entries(
    a00: C, a01: C, a02: C, a11: C, a12: C, a22: C
) -> tuple[
    tuple[R, R, R], tuple[tuple[C, C, C], tuple[C, C, C], tuple[C, C, C]], NDArray[np.bool_]
]:
    """Fast path on the six entries of 1-d batches of complex symmetric matrices.

    The column of the largest mass comes from ``H = M^dagger M``; the other two from the analytic
    Takagi factorisation of the 2x2 block ``B = W^T M W`` on its orthogonal complement (``W`` 3x2).
    ``B`` carries its own scale, so hierarchical spectra keep full relative precision (errors
    ~eps m3/m2 rather than eps (m3/m2)^2). The smallest mass is ``|det M| / (m2 m3)``.

    Returns ``((m_a, m_b, m_c), (u_a, u_b, u_c), bad)``: ascending masses, the three columns of
    ``U`` (each a tuple of its three components) and a mask of matrices with (nearly) degenerate
    masses, where the columns are unreliable (``takagi`` redoes them).
    """
    a = (a00, a01, a02, a11, a12, a22)
    c00, c01, c02, c11, c12, c22 = (np.conj(x) for x in a)
    h00 = (a00 * c00 + a01 * c01 + a02 * c02).real
    h11 = (a01 * c01 + a11 * c11 + a12 * c12).real
    h22 = (a02 * c02 + a12 * c12 + a22 * c22).real
    h01 = c00 * a01 + c01 * a11 + c02 * a12
    h02 = c00 * a02 + c01 * a12 + c02 * a22
    h12 = c01 * a02 + c11 * a12 + c12 * a22
    l2 = hermitian_eigvals(h00, h11, h22, h01, h02, h12)[2]
    v2 = _null_vector(h00, h11, h22, h01, h02, h12, l2)
    w1, w2 = _complement(v2)
    mw1, mw2 = _matvec(a, w1), _matvec(a, w2)
    p, q, r = _bilinear(w1, mw1), _bilinear(w1, mw2), _bilinear(w2, mw2)
    # 2x2 block: B^dagger B = [[g11, g12], [conj g12, g22]]
    g11 = _abs2(p) + _abs2(q)
    g22 = _abs2(q) + _abs2(r)
    g12 = np.conj(p) * q + np.conj(q) * r
    dg = g11 - g22
    lb = 0.5 * (g11 + g22 + np.sqrt(dg * dg + 4.0 * _abs2(g12)))  # larger eigenvalue = m_b^2
    # eigenvector of lb: (g12, lb - g11) or (lb - g22, conj g12), the longer one
    e1 = (g12, (lb - g11).astype(np.complex128))
    e2 = ((lb - g22).astype(np.complex128), np.conj(g12))
    use2 = (_abs2(e2[0]) + _abs2(e2[1])) > (_abs2(e1[0]) + _abs2(e1[1]))
    cb = (np.where(use2, e2[0], e1[0]), np.where(use2, e2[1], e1[1]))
    nb = np.sqrt(_abs2(cb[0]) + _abs2(cb[1]))
    inv = 1.0 / np.where(nb > 0.0, nb, 1.0)
    cb = (np.where(nb > 0.0, cb[0] * inv, 1.0), np.where(nb > 0.0, cb[1] * inv, 0.0))
    ca = (-np.conj(cb[1]), np.conj(cb[0]))
    ub = tuple(w1[i] * cb[0] + w2[i] * cb[1] for i in range(3))
    ua = tuple(w1[i] * ca[0] + w2[i] * ca[1] for i in range(3))
    detm = (
        a00 * (a11 * a22 - a12 * a12)
        - a01 * (a01 * a22 - a12 * a02)
        + a02 * (a01 * a12 - a11 * a02)
    )
    mc = np.sqrt(np.maximum(l2, 0.0))
    mb = np.sqrt(np.maximum(lb, 0.0))
    mbc = mb * mc
    ma = np.where(mbc > 0.0, np.abs(detm) / np.where(mbc > 0.0, mbc, 1.0), 0.0)
    ma = np.minimum(ma, mb)
    top = np.where(l2 > 0.0, l2, 1.0)
    lbs = np.where(lb > 0.0, lb, 1.0)
    bad = (l2 - lb < DEGENERACY_GAP * top) | (lb - ma * ma < DEGENERACY_GAP * lbs) | ~(l2 > 0.0)
    cols = (_rephase(a, ua), _rephase(a, ub), _rephase(a, v2))  # type: ignore[arg-type]
    return (ma, mb, mc), cols, bad


def takagi_robust(M: ArrayLike) -> TakagiResult:
    """Takagi factorisation through ``numpy.linalg.eigh`` of the real 6x6 embedding (any spectrum).

    Slower than ``takagi`` (~2 us per matrix) but safe for degenerate masses; used as its fallback
    and as an independent cross-check in the tests.
    """
    M = np.asarray(M, dtype=np.complex128)
    A, B = M.real, M.imag
    big = np.concatenate(
        [np.concatenate([A, B], axis=-1), np.concatenate([B, -A], axis=-1)], axis=-2
    )
    w, V = np.linalg.eigh(big)  # ascending; the three largest are +m_k >= 0
    m = np.maximum(w[..., 3:], 0.0)
    U = V[..., :3, 3:] - 1j * V[..., 3:, 3:]
    # vanishing masses: +0 and -0 eigenvectors may give parallel columns; re-orthonormalise the
    # null columns (any complex combination of null vectors is a null vector; they are orthogonal
    # to the massive columns automatically)
    scale = np.maximum(m[..., 2:3], np.finfo(float).tiny)
    zero = m <= 1e-13 * scale
    if np.any(zero):
        U = U.copy()
        for k in range(3):
            for j in range(k):
                proj = np.sum(np.conj(U[..., :, j]) * U[..., :, k], axis=-1, keepdims=True)
                U[..., :, k] = np.where(
                    zero[..., k : k + 1], U[..., :, k] - proj * U[..., :, j], U[..., :, k]
                )
            nk = np.linalg.norm(U[..., :, k], axis=-1, keepdims=True)
            U[..., :, k] = np.where(
                zero[..., k : k + 1], U[..., :, k] / np.where(nk > 0, nk, 1.0), U[..., :, k]
            )
    # the +m and -m' eigenvectors of nearly vanishing masses contaminate each other at the level
    # eps |M| / (m + m'), which shows up as a loss of complex orthogonality; a complex QR (largest
    # mass first, which is the best determined column) removes it
    q, r = np.linalg.qr(U[..., ::-1])
    d = np.diagonal(r, axis1=-2, axis2=-1)
    ad = np.abs(d)
    q = q * np.where(ad > 0, d / np.where(ad > 0, ad, 1.0), 1.0)[..., None, :]
    U = q[..., ::-1]
    t = np.einsum("...ik,...ij,...jk->...k", U, M, U)
    at = np.abs(t)
    f = np.sqrt(np.where(at > 0, np.conj(t) / np.where(at > 0, at, 1.0), 1.0))
    return TakagiResult(masses=m, U=U * f[..., None, :])


def takagi(M: ArrayLike) -> TakagiResult:
    """Takagi factorisation ``U^T M U = diag(m)`` of complex symmetric matrices of shape ``(..., 3, 3)``.

    ``masses`` are ascending and non-negative (units of ``M``). ``M`` is assumed symmetric (only the
    upper triangle is read).

    >>> r = takagi(np.diag([3.0, -1.0, 2.0j]))
    >>> np.round(r.masses, 12).tolist()
    [1.0, 2.0, 3.0]
    """
    M = np.asarray(M, dtype=np.complex128)
    if M.shape[-2:] != (3, 3):
        msg = f"takagi: expected matrices of shape (..., 3, 3), got {M.shape}"
        raise ValueError(msg)
    batch = M.shape[:-2]
    flat = M.reshape(-1, 3, 3)
    ent = tuple(
        np.ascontiguousarray(flat[:, i, j])
        for i, j in ((0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2))
    )
    (ma, mb, mc), cols, bad = takagi_entries(*ent)
    masses = np.stack([ma, mb, mc], axis=-1)
    U = np.stack([np.stack(col, axis=-1) for col in cols], axis=-1)
    if np.any(bad):
        fix = takagi_robust(flat[bad])
        masses[bad] = fix.masses
        U[bad] = fix.U
    return TakagiResult(masses=masses.reshape(*batch, 3), U=U.reshape(*batch, 3, 3))
