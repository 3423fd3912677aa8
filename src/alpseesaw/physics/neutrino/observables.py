"""Oscillation and mass observables of a light-neutrino mass matrix: eqs (3.7)-(3.9), Table 2, (4.2).

Conventions (those of the paper):

* ``U^T M_light U = diag(m1, m2, m3)`` (eq 3.7) defines the PMNS matrix ``U``.
* Mass labels: normal ordering (NO) ``m1 < m2 < m3``; inverted ordering (IO) ``m3 < m1 < m2``.
  ``dm2_sol = m2^2 - m1^2`` for both; ``dm2_atm = m3^2 - m1^2`` (NO) or ``m2^2 - m3^2`` (IO),
  as in the caption of Table 2. The ordering is an explicit choice: the same spectrum is read
  with NO or IO labels and the data then decide.
* Angles from eq (3.8); ``delta_CP`` in the PDG parametrisation (``U_e3 = s13 e^{-i delta}``),
  from the rephasing invariants ``J = Im(U_mu3 U_e3* U_e2 U_mu2*) = K c13^2 sin(delta)`` (eq 3.9)
  and ``|U_tau1|^2 = s12^2 s23^2 + c12^2 c23^2 s13^2 - 2 K cos(delta)`` with
  ``K = s12 c12 s23 c23 s13``; returned in degrees in ``[0, 360)``.
* ``m_eff = sqrt(sum |U_ei|^2 m_i^2)`` (beta decay), ``m_ee = |sum U_ei^2 m_i|`` (0nu2beta).

Masses in eV, mass-squared differences in eV^2.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from alpseesaw.errors import ParameterError
from alpseesaw.physics.neutrino.takagi import _abs2, takagi, takagi_entries
from alpseesaw.physics.neutrino.textures import check_texture, entries

if TYPE_CHECKING:
    from collections.abc import Callable

Ordering = Literal["NO", "IO"]
ORDERINGS: tuple[str, ...] = ("NO", "IO")

R = NDArray[np.float64]
C = NDArray[np.complex128]

#: Names of the observables, in the column order of every table this package writes.
OBSERVABLE_NAMES: tuple[str, ...] = (
    "sin2_theta12",
    "sin2_theta13",
    "sin2_theta23",
    "dm2_sol",
    "dm2_atm",
    "delta_cp_deg",
    "m1",
    "m2",
    "m3",
    "sum_m",
    "m_eff",
    "m_ee",
    "jarlskog",
)


def check_ordering(ordering: str) -> Ordering:
    """Return ``ordering`` if it is ``"NO"`` or ``"IO"``; raise ``ParameterError`` otherwise."""
    if ordering not in ORDERINGS:
        raise ParameterError("ordering", ordering, "'NO' or 'IO'", "normal or inverted ordering")
    return ordering  # type: ignore[return-value]


@dataclass(frozen=True)
class Observables:
    """Observables of a batch of mass matrices (arrays of the batch shape).

    Angles as ``sin^2``; ``dm2_*`` in eV^2; ``delta_cp_deg`` in degrees in ``[0, 360)``;
    ``m1, m2, m3, sum_m, m_eff, m_ee`` in eV (labels follow ``ordering``); ``jarlskog`` is eq (3.9).
    """

    ordering: str
    sin2_theta12: R
    sin2_theta13: R
    sin2_theta23: R
    dm2_sol: R
    dm2_atm: R
    delta_cp_deg: R
    m1: R
    m2: R
    m3: R
    sum_m: R
    m_eff: R
    m_ee: R
    jarlskog: R

    def as_dict(self) -> dict[str, R]:
        """The arrays by name (``OBSERVABLE_NAMES`` order), without ``ordering``."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "ordering"}


Column = tuple[C, C, C]


def _from_columns(
    masses: tuple[R, R, R], cols: tuple[Column, Column, Column], ordering: str
) -> dict[str, R]:
    """Observables from ascending masses and the matching Takagi columns (components per flavour)."""
    with np.errstate(divide="ignore", invalid="ignore"):  # |U_e3| = 1 gives nan angles, by design
        return _from_columns_unchecked(masses, cols, ordering)


def _from_columns_unchecked(
    masses: tuple[R, R, R], cols: tuple[Column, Column, Column], ordering: str
) -> dict[str, R]:
    ma, mb, mc = masses
    if ordering == "NO":
        (m1, m2, m3), (u1, u2, u3) = (ma, mb, mc), cols
    else:
        (m1, m2, m3), (u1, u2, u3) = (mb, mc, ma), (cols[1], cols[2], cols[0])
    dm2_sol = m2 * m2 - m1 * m1
    dm2_atm = mc * mc - ma * ma  # NO: m3^2 - m1^2; IO: m2^2 - m3^2
    ae1, ae2, ae3 = _abs2(u1[0]), _abs2(u2[0]), _abs2(u3[0])
    s13 = ae3
    c13 = 1.0 - s13
    s12 = ae2 / c13
    s23 = _abs2(u3[1]) / c13
    jcp = (u3[1] * np.conj(u3[0]) * u2[0] * np.conj(u2[1])).imag
    kcos = 0.5 * (s12 * s23 + (1.0 - s12) * (1.0 - s23) * s13 - _abs2(u1[2]))
    delta = np.mod(np.degrees(np.arctan2(jcp / c13, kcos)), 360.0)
    mee = np.abs(u1[0] * u1[0] * m1 + u2[0] * u2[0] * m2 + u3[0] * u3[0] * m3)
    meff = np.sqrt(ae1 * m1 * m1 + ae2 * m2 * m2 + ae3 * m3 * m3)
    return {
        "sin2_theta12": s12,
        "sin2_theta13": s13,
        "sin2_theta23": s23,
        "dm2_sol": dm2_sol,
        "dm2_atm": dm2_atm,
        "delta_cp_deg": delta,
        "m1": m1,
        "m2": m2,
        "m3": m3,
        "sum_m": m1 + m2 + m3,
        "m_eff": meff,
        "m_ee": mee,
        "jarlskog": jcp,
    }


def observables_from_matrix(M: ArrayLike, ordering: str = "NO") -> Observables:
    """Observables of complex symmetric mass matrices ``M`` (eV, shape ``(..., 3, 3)``)."""
    check_ordering(ordering)
    r = takagi(M)
    m = tuple(r.masses[..., k] for k in range(3))
    cols = tuple(tuple(r.U[..., a, k] for a in range(3)) for k in range(3))
    return Observables(ordering=ordering, **_from_columns(m, cols, ordering))  # type: ignore[arg-type]


def _chunk_observables(texture: str, p: R, ordering: str, exact: bool) -> dict[str, R]:
    """Observables of a contiguous ``(n, 7)`` block of parameters.

    With ``exact=False`` matrices with (nearly) degenerate masses keep the fast-path result (U
    accurate only to ~eps * m_max^2 / gap(m^2)); used inside fits far from the data.
    """
    ent = entries(texture, *(p[:, i] for i in range(7)))
    masses, cols, bad = takagi_entries(*ent)
    out = _from_columns(masses, cols, ordering)
    if exact and np.any(bad):  # degenerate spectra: redo those rows on the robust path
        sub = observables_from_matrix(_matrix(ent, bad), ordering).as_dict()
        for k, v in sub.items():
            out[k][bad] = v
    return out


def _matrix(ent: tuple[C, ...], mask: NDArray[np.bool_]) -> C:
    m11, m12, m13, m22, m23, m33 = (e[mask] for e in ent)
    return np.stack(
        [np.stack(r, axis=-1) for r in ((m11, m12, m13), (m12, m22, m23), (m13, m23, m33))], axis=-2
    )


#: Rows per block of the threaded texture evaluation (fits the working set in cache).
CHUNK = 16384


def _parallel(fn: Callable[[R], dict[str, R]], p: R, workers: int | None) -> dict[str, R]:
    n = p.shape[0]
    starts = list(range(0, n, CHUNK))
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers == 1 or len(starts) == 1:
        parts = [fn(p[s : s + CHUNK]) for s in starts]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:  # numpy releases the GIL in ufuncs
            parts = list(pool.map(lambda s: fn(p[s : s + CHUNK]), starts))
    if not parts:
        return {k: np.empty(0) for k in OBSERVABLE_NAMES}
    return {k: np.concatenate([d[k] for d in parts]) for k in parts[0]}


def texture_observables(
    texture: str,
    params: ArrayLike,
    ordering: str = "NO",
    workers: int | None = None,
    exact: bool = True,
) -> Observables:
    """Observables of texture ``texture`` at parameter points ``params`` (last axis ``PARAM_NAMES``).

    ``kappa`` in eV, ``phi`` in radians. Vectorised over the leading axes, split into blocks of
    ``CHUNK`` rows evaluated on ``workers`` threads (default: the number of CPUs). ``exact=False``
    skips the slow robust path for matrices whose squared masses are closer than ``DEGENERACY_GAP``
    times the largest (see ``takagi``; ~0.1 % of the box (4.1)): only for exploratory evaluations.
    """
    check_texture(texture)
    check_ordering(ordering)
    p = np.asarray(params, dtype=float)
    if p.shape[-1] != 7:
        raise ParameterError(
            "params",
            p.shape,
            "an array whose last axis has length 7",
            "(kappa, y1, y2, y3, alpha, beta, phi)",
        )
    batch = p.shape[:-1]
    flat = np.ascontiguousarray(p.reshape(-1, 7))
    out = _parallel(lambda q: _chunk_observables(texture, q, ordering, exact), flat, workers)
    return Observables(ordering=ordering, **{k: v.reshape(batch) for k, v in out.items()})
