"""External wavefunctions and 2 -> 2 kinematics, batched over any number of phase-space points.

Conventions are those of :mod:`alpseesaw.model.numeric` (and so of the IR): metric (+,-,-,-),
Dirac representation, ``gamma5 = i gamma^0 gamma^1 gamma^2 gamma^3``, ``eps^{0123} = +1``.

Spin bases. Helicity eigenstates are not needed, only complete bases, because every amplitude is
squared and summed over spins:

* ``u(p, s) = (sqrt(E+m) chi_s, sigma.p chi_s / sqrt(E+m))`` and
  ``v(p, s) = (sigma.p eta_s / sqrt(E+m), sqrt(E+m) eta_s)`` with ``chi_s, eta_s`` the unit
  2-spinors, so that ``sum_s u ubar = pslash + m`` and ``sum_s v vbar = pslash - m``;
* vectors: two real transverse polarisations (perpendicular to the 3-momentum) and, for a
  massive vector, the longitudinal ``(|k|, E khat)/M``; ``sum eps eps* = -g + k k / M^2``.

Arrays: the leading axis is the batch; a wavefunction has shape ``(B, n_spin, 4)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from alpseesaw.model.numeric import GAMMA, METRIC

#: gamma^0, for the Dirac adjoint psibar = psi^dagger gamma^0.
GAMMA0 = GAMMA[0]
#: sigma^i, the Pauli matrices.
PAULI = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]], dtype=complex)


def slash(p: np.ndarray) -> np.ndarray:
    """``p_mu gamma^mu`` for momenta ``(B, 4)`` (upper components): shape ``(B, 4, 4)``."""
    p_low = p * np.diag(METRIC).real
    return np.einsum("bm,mij->bij", p_low.astype(complex), GAMMA)


def _sigma_dot(p3: np.ndarray) -> np.ndarray:
    """``sigma . p`` for 3-momenta ``(B, 3)``: shape ``(B, 2, 2)``."""
    return np.einsum("bi,ijk->bjk", p3.astype(complex), PAULI)


def u_spinors(p: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Particle spinors ``u(p, s)``, shape ``(B, 2, 4)`` (s = spin state)."""
    e = p[:, 0]
    root = np.sqrt(e + m)[:, None, None]
    sp = _sigma_dot(p[:, 1:])  # (B,2,2); column s of sigma.p chi_s with chi_s the unit vectors
    upper = np.broadcast_to(np.eye(2, dtype=complex), sp.shape) * root  # (B, 2comp, 2s)
    lower = sp / root
    out = np.concatenate([upper, lower], axis=1)  # (B, 4, 2s)
    return np.ascontiguousarray(np.swapaxes(out, 1, 2))


def v_spinors(p: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Antiparticle spinors ``v(p, s)``, shape ``(B, 2, 4)``."""
    e = p[:, 0]
    root = np.sqrt(e + m)[:, None, None]
    sp = _sigma_dot(p[:, 1:])
    upper = sp / root
    lower = np.broadcast_to(np.eye(2, dtype=complex), sp.shape) * root
    out = np.concatenate([upper, lower], axis=1)
    return np.ascontiguousarray(np.swapaxes(out, 1, 2))


def bar(spinors: np.ndarray) -> np.ndarray:
    """Dirac adjoints ``psi^dagger gamma^0`` of ``(B, n, 4)`` spinors (row spinors, same shape)."""
    return np.einsum("bsi,ij->bsj", spinors.conj(), GAMMA0)


def polarisations(k: np.ndarray, m: np.ndarray, massless: bool) -> np.ndarray:
    """Real polarisation vectors (upper components) of vectors with momenta ``k``: ``(B, n, 4)``.

    n = 2 (massless: transverse only) or 3 (massive). The transverse pair is built from the
    direction of ``k`` (any direction, including along the z axis).
    """
    b = k.shape[0]
    k3 = k[:, 1:]
    kk = np.linalg.norm(k3, axis=1)
    khat = np.where(
        kk[:, None] > 0, k3 / np.where(kk > 0, kk, 1.0)[:, None], np.array([0.0, 0.0, 1.0])
    )
    # e1 in the plane of khat and z, e2 = khat x e1 (for khat = +-z: e1 = x)
    ref = np.where(
        np.abs(khat[:, 2:3]) < 0.999999, np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0])
    )
    e1 = ref - np.sum(ref * khat, axis=1, keepdims=True) * khat
    e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
    e2 = np.cross(khat, e1)
    n = 2 if massless else 3
    out = np.zeros((b, n, 4))
    out[:, 0, 1:] = e1
    out[:, 1, 1:] = e2
    if not massless:
        out[:, 2, 0] = kk / m
        out[:, 2, 1:] = khat * (k[:, 0] / m)[:, None]
    return out


@dataclass(frozen=True)
class TwoToTwo:
    """Centre-of-mass kinematics of ``1(p1) 2(p2) -> 3(k1) 4(k2)``, batched.

    Incoming along +-z, outgoing in the x-z plane at polar angle theta of k1. All arrays ``(B,)``
    or ``(B, 4)``; ``p``/``k`` are the CM 3-momenta of the initial/final pairs.
    """

    s: np.ndarray
    p1: np.ndarray
    p2: np.ndarray
    k1: np.ndarray
    k2: np.ndarray
    p: np.ndarray
    k: np.ndarray

    @classmethod
    def build(
        cls,
        s: np.ndarray,
        m1: np.ndarray,
        m2: np.ndarray,
        m3: np.ndarray,
        m4: np.ndarray,
        cos_theta: np.ndarray,
    ) -> TwoToTwo:
        """Kinematics for equal-shape arrays (``m*`` the masses; final momentum 0 below threshold)."""
        rs = np.sqrt(s)
        p = np.sqrt(np.clip(kallen(s, m1**2, m2**2), 0.0, None)) / (2 * rs)
        k = np.sqrt(np.clip(kallen(s, m3**2, m4**2), 0.0, None)) / (2 * rs)
        e1 = (s + m1**2 - m2**2) / (2 * rs)
        e3 = (s + m3**2 - m4**2) / (2 * rs)
        sin_theta = np.sqrt(np.clip(1.0 - cos_theta**2, 0.0, None))
        zero = np.zeros_like(s)
        p1 = np.stack([e1, zero, zero, p], axis=1)
        p2 = np.stack([rs - e1, zero, zero, -p], axis=1)
        k1 = np.stack([e3, k * sin_theta, zero, k * cos_theta], axis=1)
        k2 = np.stack([rs - e3, -k * sin_theta, zero, -k * cos_theta], axis=1)
        return cls(s, p1, p2, k1, k2, p, k)


def kallen(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Kallen function lambda(a, b, c) = a^2 + b^2 + c^2 - 2ab - 2ac - 2bc."""
    return a * a + b * b + c * c - 2 * a * b - 2 * a * c - 2 * b * c


def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Minkowski product of ``(B, 4)`` arrays."""
    return a[:, 0] * b[:, 0] - np.sum(a[:, 1:] * b[:, 1:], axis=1)
