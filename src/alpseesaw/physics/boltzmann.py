"""The freeze-out equation solved for many points at once (one vectorised BDF2 sweep).

Same equations and conventions as :mod:`alpseesaw.physics.relic` (its docstring derives them):
``dY/dx = -sqrt(pi/45) M_Pl g_*^{1/2} m <sigma v>_eff / x^2 (Y^2 - Y_eq^2)`` with
``Y = (n_chi + n_chibar)/s``, g = 4 internal states and ``<sigma v>_eff = <sigma(chi chi~) v>/2``
for Dirac dark matter; ``Omega h^2 = 2.7439e8 (m/GeV) Y_0``.

``<sigma v>_eff`` is given on a fixed grid of x (:data:`X_GRID`, shared by all points) and
interpolated linearly in ``(ln x, ln <sigma v>)`` onto the solver's grid; the L-stable BDF2 steps
are solved exactly (the equation is quadratic in Y); after x = 2000 the analytic tail
``1/Y_0 = 1/Y(2000) + int lambda / x^2 dx`` with ``<sigma v> = a + b/x`` fitted at the end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.special import kve

from alpseesaw.physics.constants import M_PLANCK, OMEGA_Y_FACTOR
from alpseesaw.physics.relic import XF_DELTA, DofTable, dof_table

X_START, X_END, N_STEPS = 1.0, 2000.0, 4000
#: x values at which <sigma v> is computed (log-spaced; interpolated in between).
X_GRID = np.geomspace(X_START, X_END, 72)


@dataclass(frozen=True)
class BoltzmannBatch:
    """Per-point results: today's yield (all particles), Omega h^2, x_f (Y = (1 + 1.5) Y_eq)."""

    y0: np.ndarray
    omega_h2: np.ndarray
    xf: np.ndarray


@cache
def _grid() -> tuple[np.ndarray, np.ndarray, float]:
    u = np.linspace(math.log(X_START), math.log(X_END), N_STEPS + 1)
    return u, np.exp(u), float(u[1] - u[0])


@cache
def _interp_matrix() -> np.ndarray:
    """Cubic-spline interpolation (not-a-knot) in ln x from X_GRID onto the solver grid, as a
    matrix ``(N_STEPS + 1, len(X_GRID))`` (a spline is linear in the values it interpolates)."""
    u, _, _ = _grid()
    ug = np.log(X_GRID)
    basis = np.eye(ug.size)
    return CubicSpline(ug, basis, axis=0)(u)


def interpolate_sigmav(sv_grid: np.ndarray) -> np.ndarray:
    """``(N, len(X_GRID))`` -> ``(N, N_STEPS + 1)``: a cubic spline of ``ln <sigma v>`` in ln x
    where positive everywhere, of ``<sigma v>`` itself (clipped at 0) otherwise."""
    sv_grid = np.asarray(sv_grid, dtype=float)
    mat = _interp_matrix()
    positive = np.all(sv_grid > 0, axis=1)
    out = np.empty((sv_grid.shape[0], mat.shape[0]))
    if positive.any():
        out[positive] = np.exp(np.log(sv_grid[positive]) @ mat.T)
    if (~positive).any():
        out[~positive] = np.clip(np.clip(sv_grid[~positive], 0.0, None) @ mat.T, 0.0, None)
    return out


def solve(m: np.ndarray, sv_eff_grid: np.ndarray, g: float = 4.0) -> BoltzmannBatch:
    """Solve for N points: masses ``m`` (N,) in GeV, ``<sigma v>_eff`` on X_GRID ``(N, X)`` in GeV^-2."""
    m = np.asarray(m, dtype=float)
    table = dof_table()
    u, x, h = _grid()
    sv = interpolate_sigmav(sv_eff_grid)
    t = m[:, None] / x[None, :]
    lam = math.sqrt(math.pi / 45.0) * M_PLANCK * m[:, None] * table.g_star_sqrt(t) * sv
    a_coef = lam / x[None, :]
    yeq = _y_eq_batch(x, m, g, table)
    n = m.size
    y = np.empty((n, x.size))
    y[:, 0] = yeq[:, 0]
    for k in range(N_STEPS):
        if k == 0:
            c, ap = y[:, 0], h * a_coef[:, 1]
        else:
            c, ap = (4.0 * y[:, k] - y[:, k - 1]) / 3.0, (2.0 / 3.0) * h * a_coef[:, k + 1]
        rhs = c + ap * yeq[:, k + 1] ** 2
        y[:, k + 1] = 2.0 * rhs / (1.0 + np.sqrt(1.0 + 4.0 * ap * rhs))
    tail = _tail(m, sv[:, -2:], x[-2:], table)
    y0 = 1.0 / (1.0 / y[:, -1] + tail)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(yeq > 0, y / np.where(yeq > 0, yeq, 1.0), np.inf)
    target = 1.0 + XF_DELTA
    above = ratio >= target
    idx = np.argmax(above, axis=1)
    found = above[np.arange(n), idx]
    xf = np.full(n, math.nan)
    for i in np.nonzero(found)[0]:
        j = idx[i]
        if j == 0:
            xf[i] = x[0]
        else:
            r0, r1 = math.log(ratio[i, j - 1]), math.log(ratio[i, j])
            w = (math.log(target) - r0) / (r1 - r0)
            xf[i] = math.exp(u[j - 1] + w * h)
    return BoltzmannBatch(y0, OMEGA_Y_FACTOR * m * y0, xf)


def _y_eq_batch(x: np.ndarray, m: np.ndarray, g: float, table: DofTable) -> np.ndarray:
    """Maxwell-Boltzmann n_eq/s at x for each mass: ``(N, len(x))`` (as ``relic.y_eq``)."""
    t = m[:, None] / x[None, :]
    return 45.0 * g / (4.0 * math.pi**4) / table.h_eff(t) * x**2 * kve(2, x) * np.exp(-x)


def _tail(m: np.ndarray, sv_last: np.ndarray, x_last: np.ndarray, table: DofTable) -> np.ndarray:
    """int_{x_end}^{inf} sqrt(pi/45) M_Pl m g*^{1/2} <sv>(x)/x^2 dx, <sv> = a + b/x fitted at the
    last two grid points; g*^{1/2} from the table down to its lowest temperature, then frozen."""
    s1, s2 = sv_last[:, 0], sv_last[:, 1]
    x1, x2 = x_last
    b = (s1 - s2) / (1.0 / x1 - 1.0 / x2)
    a = s2 - b / x2
    pref = math.sqrt(math.pi / 45.0) * M_PLANCK * m
    ln_lo = math.log(x2)
    ln_hi = np.maximum(np.log(m / math.exp(table.ln_t[0])), ln_lo)  # x where T reaches the table's end
    tau = np.linspace(0.0, 1.0, 400)
    ln_x = ln_lo + tau[None, :] * (ln_hi - ln_lo)[:, None]
    xs = np.exp(ln_x)
    f = pref[:, None] * table.g_star_sqrt(m[:, None] / xs) * (a[:, None] + b[:, None] / xs) / xs
    body = np.sum(0.5 * (f[:, 1:] + f[:, :-1]) * np.diff(ln_x, axis=1), axis=1)
    x_lo = xs[:, -1]
    gs_low = table.g_star_sqrt(m / x_lo)
    return body + pref * gs_low * (a / x_lo + b / (2 * x_lo**2))
