"""A viable texture point as a full set of model inputs (m_D, M_N, mu_S of eqs 3.1-3.4).

The model card (``alpseesaw.model``) takes the 1-1 entries ``mD11``, ``MN11``, ``muS11`` (GeV) and
``y1, y2, y3, alphaN, betaN, phiN, gammaN``; its light mass matrix is
``-mD M_N^-1 mu_S M_N^-T mD^T = -kappa * (3.5)/(3.6)`` with ``kappa = mD11**2 muS11 / MN11**2``.
Only ``kappa`` and the shape parameters are fixed by the oscillation fit; the heavy scale ``MN11``,
``gammaN`` and the split of ``kappa`` between ``mD11`` and ``muS11`` are free choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from alpseesaw.errors import ParameterError
from alpseesaw.physics.neutrino.textures import PARAM_NAMES, check_texture, dirac_shape

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

#: eV -> GeV
EV = 1e-9

#: Card code of each texture (the model's ``texture`` parameter).
TEXTURE_CODE = {"A": 1.0, "B": 2.0}


@dataclass(frozen=True)
class CardPoint:
    """External card values of one point and the size of the neglected seesaw corrections.

    ``values`` uses the model's external names (GeV, radians). ``expansion`` is the larger of
    ``max |(m_D M_N^-1)_ij|`` and ``max |(M_N^-1 mu_S)_ij|``: the light masses of the full 7x7
    matrix differ from ``kappa * (3.5)/(3.6)`` by relative corrections of order ``expansion**2``.
    """

    values: dict[str, float]
    expansion: float


def _positive(name: str, value: float) -> float:
    if not (np.isfinite(value) and value > 0.0):
        raise ParameterError(name, value, f"{name} > 0 (GeV)", "a mass scale must be positive")
    return float(value)


def card_values(
    texture: str,
    params: ArrayLike,
    MN11: float = 1000.0,
    gammaN: float = 2.0,
    mD11: float | None = None,
) -> CardPoint:
    """Model inputs reproducing the light mass matrix of ``params`` (``PARAM_NAMES``, kappa in eV).

    ``MN11`` (GeV) and ``gammaN`` set the heavy scale (eq 3.1). ``mD11`` (GeV) defaults to
    ``(kappa MN11**3)**(1/4)``, the geometric middle of the inverse-seesaw hierarchy
    ``muS11 / mD11 = mD11 / MN11`` (the paper's ``||mu_S|| << ||m_D|| << ||M_N||``);
    ``muS11 = kappa MN11**2 / mD11**2`` then reproduces ``kappa`` exactly.
    """
    check_texture(texture)
    p = np.asarray(params, dtype=float)
    if p.shape != (7,):
        raise ParameterError("params", p.shape, f"7 values {PARAM_NAMES}", "one texture point")
    kappa, y1, y2, y3, alpha, beta, phi = p
    MN11 = _positive("MN11", MN11)
    gammaN = _positive("gammaN", gammaN)
    k = _positive("kappa", kappa * EV)
    shape_d = dirac_shape(texture, y1, y2, y3)
    inv_n = np.diag([1.0 / MN11, 1.0 / (gammaN * MN11)])
    shape_s = np.array(
        [[1.0, alpha * gammaN], [alpha * gammaN, beta * gammaN**2 * np.exp(1j * phi)]]
    )
    d_ratio = np.abs(shape_d @ inv_n).max()  # times mD11
    s_ratio = np.abs(inv_n @ shape_s).max()  # times muS11 = k MN11^2 / mD11^2
    if mD11 is None:
        mD11 = float((k * MN11**3) ** 0.25)
    mD11 = _positive("mD11", mD11)
    muS11 = k * MN11**2 / mD11**2
    values = {
        "texture": TEXTURE_CODE[texture],
        "mD11": mD11,
        "MN11": MN11,
        "muS11": muS11,
        "y1": float(y1),
        "y2": float(y2),
        "y3": float(y3),
        "alphaN": float(alpha),
        "betaN": float(beta),
        "phiN": float(np.mod(phi, 2.0 * np.pi)),
        "gammaN": gammaN,
    }
    return CardPoint(values=values, expansion=float(max(d_ratio * mD11, s_ratio * muS11)))


def kappa_of_card(values: dict[str, float]) -> float:
    """``kappa = mD11**2 muS11 / MN11**2`` in eV (the model's convention)."""
    return values["mD11"] ** 2 * values["muS11"] / values["MN11"] ** 2 / EV
