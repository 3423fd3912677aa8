"""The light-neutrino mass matrices of textures A and B, eqs (3.5) and (3.6) of the paper.

Both textures are ``M_light = kappa * m_D X m_D^T`` with ``X = [[1, alpha], [alpha, beta e^{i phi}]]``
(eqs 3.1-3.2 after the heavy scale gamma dropped out) and the Dirac matrices (3.3)/(3.4)::

    m_D^(A) = [[1, 0], [y1, y2], [0, y3]]        m_D^(B) = [[1, 0], [0, y1], [y2, y3]]

The seven real parameters are ``(kappa, y1, y2, y3, alpha, beta, phi)``: ``kappa`` in eV (it is the
overall mass scale and equals ``m_ee``), the others dimensionless, ``phi`` in radians.

Two exact properties are used elsewhere:

* ``m_D^T`` has a real null vector, so one light mass vanishes exactly (``null_vector``).
* Scaling the second column of ``m_D`` by ``s`` and ``alpha -> alpha/s``, ``beta -> beta/s**2``
  leaves ``M_light`` unchanged (``flat_direction``): only six of the seven parameters are physical.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from alpseesaw.errors import ParameterError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

Texture = Literal["A", "B"]

#: Parameter names in the order used by every array of parameters (last axis of length 7).
PARAM_NAMES: tuple[str, ...] = ("kappa", "y1", "y2", "y3", "alpha", "beta", "phi")

#: The scan ranges of eq (4.1): kappa in eV, phi in radians, the others dimensionless.
PAPER_BOUNDS: dict[str, tuple[float, float]] = {
    "kappa": (1e-3, 1.0),
    "y1": (1e-3, 1e3),
    "y2": (1e-3, 1e3),
    "y3": (1e-3, 1e3),
    "alpha": (1e-3, 1e3),
    "beta": (1e-3, 1e3),
    "phi": (0.0, 2.0 * np.pi),
}

TEXTURES: tuple[str, ...] = ("A", "B")


def check_texture(texture: str) -> Texture:
    """Return ``texture`` if it is ``"A"`` or ``"B"``; raise ``ParameterError`` otherwise."""
    if texture not in TEXTURES:
        raise ParameterError(
            "texture", texture, "'A' or 'B'", "eqs (3.3)-(3.4) define two textures"
        )
    return texture  # type: ignore[return-value]


def entries(
    texture: str,
    kappa: ArrayLike,
    y1: ArrayLike,
    y2: ArrayLike,
    y3: ArrayLike,
    alpha: ArrayLike,
    beta: ArrayLike,
    phi: ArrayLike,
) -> tuple[NDArray[np.complex128], ...]:
    """The six independent entries ``(M11, M12, M13, M22, M23, M33)`` of (3.5)/(3.6), in eV.

    Arguments broadcast against each other; each returned array has the broadcast shape.
    """
    check_texture(texture)
    k, y1, y2, y3, a = (np.asarray(v, dtype=float) for v in (kappa, y1, y2, y3, alpha))
    b = np.asarray(beta, dtype=float) * np.exp(1j * np.asarray(phi, dtype=float))
    if texture == "A":  # eq (3.5)
        m = (
            np.ones_like(k),
            y1 + a * y2,
            a * y3,
            y1 * y1 + 2.0 * a * y1 * y2 + b * y2 * y2,
            a * y1 * y3 + b * y2 * y3,
            b * y3 * y3,
        )
    else:  # eq (3.6)
        m = (
            np.ones_like(k),
            a * y1,
            y2 + a * y3,
            b * y1 * y1,
            a * y1 * y2 + b * y1 * y3,
            y2 * y2 + 2.0 * a * y2 * y3 + b * y3 * y3,
        )
    shape = np.broadcast_shapes(*(np.shape(v) for v in (k, y1, y2, y3, a, b)))
    out = []
    for v in m:
        kv = k * v
        if kv.shape != shape:
            kv = np.broadcast_to(kv, shape)
        out.append(np.asarray(kv, dtype=np.complex128) if kv.dtype != np.complex128 else kv)
    return tuple(out)


def light_mass_matrix(texture: str, *params: ArrayLike) -> NDArray[np.complex128]:
    """``M_light`` of eq (3.5) (texture A) or (3.6) (texture B) in eV, shape ``(..., 3, 3)``.

    ``params`` are ``kappa, y1, y2, y3, alpha, beta, phi`` as for :func:`entries`.

    >>> light_mass_matrix("A", 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0).real.tolist()
    [[1.0, 0.0, 1.0], [0.0, 0.0, 0.0], [1.0, 0.0, 1.0]]
    """
    m11, m12, m13, m22, m23, m33 = entries(texture, *params)
    rows = ((m11, m12, m13), (m12, m22, m23), (m13, m23, m33))
    return np.stack([np.stack(r, axis=-1) for r in rows], axis=-2)


def light_mass_matrix_from_params(texture: str, params: ArrayLike) -> NDArray[np.complex128]:
    """``light_mass_matrix`` for an array of parameters whose last axis follows ``PARAM_NAMES``."""
    p = np.asarray(params, dtype=float)
    return light_mass_matrix(texture, *np.moveaxis(p, -1, 0))


def dirac_shape(texture: str, y1: float, y2: float, y3: float) -> NDArray[np.float64]:
    """The 3x2 matrix ``m_D / mD11`` of eq (3.3) (A) or (3.4) (B)."""
    check_texture(texture)
    if texture == "A":
        return np.array([[1.0, 0.0], [y1, y2], [0.0, y3]])
    return np.array([[1.0, 0.0], [0.0, y1], [y2, y3]])


def null_vector(texture: str, y1: ArrayLike, y2: ArrayLike, y3: ArrayLike) -> NDArray[np.float64]:
    """The real unit vector ``u`` with ``m_D^T u = 0`` (so ``M_light u = 0``), shape ``(..., 3)``.

    It is the flavour content of the massless neutrino (up to a phase): ``(-y1, 1, -y2/y3)`` for
    texture A, ``(-y2, -y3/y1, 1)`` for texture B.
    """
    check_texture(texture)
    y1, y2, y3 = (np.asarray(v, dtype=float) for v in (y1, y2, y3))
    if texture == "A":
        u = np.stack(np.broadcast_arrays(-y1, np.ones_like(y1), -y2 / y3), axis=-1)
    else:
        u = np.stack(np.broadcast_arrays(-y2, -y3 / y1, np.ones_like(y1)), axis=-1)
    return u / np.linalg.norm(u, axis=-1, keepdims=True)


def flat_direction(texture: str) -> NDArray[np.float64]:
    """The exact symmetry direction in ``log10`` parameter space (``PARAM_NAMES`` order).

    Moving ``log10`` parameters by ``t * flat_direction(texture)`` multiplies the second column of
    ``m_D`` by ``10**t`` and ``alpha, beta`` by ``10**-t, 10**-2t``: ``M_light`` is unchanged.
    """
    check_texture(texture)
    if texture == "A":  # second column of m_D^(A) holds y2, y3
        return np.array([0.0, 0.0, 1.0, 1.0, -1.0, -2.0, 0.0])
    return np.array([0.0, 1.0, 0.0, 1.0, -1.0, -2.0, 0.0])  # second column of m_D^(B): y1, y3
