"""The freeze-out equation solved for many points at once (one vectorised BDF2 sweep).

Same equations and conventions as :mod:`alpseesaw.physics.relic` (its docstring derives them):
``dY/dx = -sqrt(pi/45) M_Pl g_*^{1/2} m <sigma v>_eff / x^2 (Y^2 - Y_eq^2)`` with
``Y = (n_chi + n_chibar)/s``, g = 4 internal states and ``<sigma v>_eff = <sigma(chi chi~) v>/2``
for Dirac dark matter; ``Omega h^2 = 2.7439e8 (m/GeV) Y_0``.

``<sigma v>_eff`` is given on a fixed grid of x (:data:`X_GRID`, shared by all points): up to
x = 2000 it is interpolated (cubic spline in ``(ln x, ln <sigma v>)``) onto the solver's grid,
whose L-stable BDF2 steps are solved exactly (the equation is quadratic in Y). After x = 2000,
where ``Y >> Y_eq``, ``1/Y_0 = 1/Y(2000) + int lambda / x^2 dx`` up to T = 1 MeV (micrOMEGAs'
Tend; nothing changes after it), with the *computed* ``<sigma v>`` on the tail grid
:data:`X_TAIL` (a power law between its points): a resonance at or just above threshold keeps
``<sigma v>`` growing until x ~ 1/eps_pole or 1/width, far beyond 2000 (an extrapolation of the
last two points made Omega 22% too large at Ma = 2 Mchi exactly).
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
#: Temperature where the depletion integral stops (GeV), as micrOMEGAs' darkOmega (Tend).
T_STOP = 1e-3
#: x values of the solver's <sigma v> (log-spaced; interpolated in between).
X_ODE = np.geomspace(X_START, X_END, 72)
#: x values of the late-time integral, 15 per decade up to x = m / T_STOP for m = 100 TeV.
X_TAIL = np.geomspace(X_END, 1e8, 72)[1:]
#: Every x at which <sigma v> is needed: ``X_ODE`` then ``X_TAIL``.
X_GRID = np.concatenate([X_ODE, X_TAIL])


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
    ug = np.log(X_ODE)
    basis = np.eye(ug.size)
    return CubicSpline(ug, basis, axis=0)(u)


def interpolate_sigmav(sv_grid: np.ndarray) -> np.ndarray:
    """``(N, len(X_ODE))`` -> ``(N, N_STEPS + 1)``: a cubic spline of ``ln <sigma v>`` in ln x
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
    sv_eff_grid = np.asarray(sv_eff_grid, dtype=float)
    sv = interpolate_sigmav(sv_eff_grid[:, : X_ODE.size])
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
    tail = (
        math.sqrt(math.pi / 45.0) * M_PLANCK * m * late_integrals(m, sv_eff_grid, np.full(n, X_END))
    )
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


def late_integrals(m: np.ndarray, sv_grid: np.ndarray, x_lo: np.ndarray) -> np.ndarray:
    """``int_{x_lo}^{m/T_STOP} g_*^{1/2}(m/x) <sigma v>(x) / x^2 dx`` per point (and channel).

    ``sv_grid``: ``(N, len(X_GRID))`` or ``(N, len(X_GRID), K)``; ``<sigma v>`` is a power law
    between grid points (linear where an end is zero), ``g_*^{1/2}`` taken at each segment's
    geometric midpoint, held at the last grid value beyond it. ``x_lo`` ``(N,)``: lower limits.
    """
    v = np.asarray(sv_grid, dtype=float)
    squeeze = v.ndim == 2
    if squeeze:
        v = v[:, :, None]
    m = np.asarray(m, dtype=float)
    x = X_GRID
    x1, x2 = x[:-1], x[1:]
    stop = m / T_STOP
    gs = dof_table().g_star_sqrt(m[:, None] / np.sqrt(x1 * x2)[None, :])  # (N, X-1)
    lo = np.clip(np.where(np.isfinite(x_lo), x_lo, x[0]), x[0], None)
    a = np.clip(lo[:, None], x1[None, :], x2[None, :])[:, :, None]  # each segment's part in range
    b = np.clip(stop[:, None], x1[None, :], x2[None, :])[:, :, None]
    b = np.maximum(a, b)
    v1, v2 = v[:, :-1, :], v[:, 1:, :]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        k = np.log(v2 / v1) / np.log(x2 / x1)[None, :, None]
        power = np.isfinite(k) & (v1 > 0) & (v2 > 0)
        e = np.where(power, k, 0.0) - 1.0
        near = np.abs(e) < 1e-8
        u, w = b / x1[None, :, None], a / x1[None, :, None]
        part = np.where(near, np.log(u / w), (u**e - w**e) / np.where(near, 1.0, e))
        seg = np.where(power, v1 / x1[None, :, None] * part, 0.0)
        # a segment with a zero end: <sigma v> linear in x there
        slope = (v2 - v1) / (x2 - x1)[None, :, None]
        c0 = v1 - slope * x1[None, :, None]
        lin = c0 * (1.0 / a - 1.0 / b) + slope * np.log(b / a)
    total = np.sum(gs[:, :, None] * np.where(power, seg, lin), axis=1)
    beyond = np.maximum(stop - x[-1], 0.0) > 0  # held at the last value up to x = m / T_STOP
    last = dof_table().g_star_sqrt(m / x[-1])[:, None] * v[:, -1, :]
    span = np.where(beyond, 1.0 / x[-1] - 1.0 / np.maximum(stop, x[-1]), 0.0)
    total = total + last * np.maximum(span, 0.0)[:, None]
    return total[:, 0] if squeeze else total
