"""Gondolo-Gelmini thermal averages on quadrature nodes built from each point's structure.

The thermal average of ``sigma v_rel`` for a pair of mass m at temperature T = m/x (Gondolo and
Gelmini, Nucl. Phys. B 360 (1991) 145), in ``eps = (s - 4 m^2) / 4 m^2`` (= p^2/m^2 in the CM):

    <sigma v>(x) = int_0^inf sigma v_rel(eps) G(eps, x) d eps,
    G(eps, x) = 2 x sqrt(eps) (1 + eps) K_1(2 x sqrt(1 + eps)) / K_2(x)^2

(``G`` integrates to 1 + O(1/x); a constant ``sigma v_rel`` averages to itself as x -> inf).

One set of nodes serves every x, so each channel's cross section is computed once per point.
The eps axis is cut at the point's *breakpoints* and every piece gets its own Gauss-Legendre
rule in the variable that makes the integrand smooth there:

* ``ln eps`` between breakpoints (decades at most, 8 nodes each): the kernel's scale 1/x and
  s-/p-wave behaviour eps^{1/2}, eps^{3/2} are smooth in it for every x in [1, 1e8];
* ``sqrt(eps - eps_th)`` just above a threshold of a final state heavier than 2m (a forbidden
  channel opens with beta_f^{2L+1});
* ``arctan((s - M^2) / M Gamma)`` over a window of +-30 widths around an s-channel pole, where the
  Breit-Wigner becomes flat (the windows of several poles are merged when they overlap).

Points are padded to a common number of nodes with zero weights.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import kve

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Lowest eps: the kernel at x = 1e8 (T = 1 MeV for m = 100 TeV) peaks at eps ~ 1e-8 and has
#: 1e-3 of its weight below 1e-10.
EPS_MIN = 1e-10
#: Final-state thresholds closer than this (relative) share one breakpoint.
THRESHOLD_MERGE = 1e-4
EPS_MAX = 150.0
N_DECADE = 8
N_THRESHOLD = 8
N_WINDOW = 24
#: Nodes per decade of |eps - eps_pole| in a pole's shoulders (the Breit-Wigner tail is smooth there).
N_SHOULDER = 8
WINDOW_WIDTHS = 30.0

_GL = {n: np.polynomial.legendre.leggauss(n) for n in (N_DECADE, N_THRESHOLD, N_WINDOW, N_SHOULDER)}


@dataclass(frozen=True)
class Nodes:
    """Per-point quadrature nodes in eps with weights for ``int f(eps) d eps``: ``(N, S)``.

    Row i holds its ``count[i]`` nodes first, then padding (eps = 1, weight 0)."""

    eps: np.ndarray
    weight: np.ndarray

    @property
    def count(self) -> np.ndarray:
        """``(N,)``: the number of real (non-padding) nodes of each point."""
        live = self.weight > 0
        last = live.shape[1] - np.argmax(live[:, ::-1], axis=1)
        return np.where(live.any(axis=1), last, 0)


def _pieces(
    thresholds: Sequence[float], poles: Sequence[tuple[float, float]]
) -> list[tuple[str, float, float, float, float]]:
    """Pieces ``(kind, a, b, eps_pole, g)`` covering ``[EPS_MIN, EPS_MAX]`` for one point.

    ``thresholds``: eps of final-state thresholds (those in range are breakpoints); ``poles``:
    ``(eps_pole, g)`` per s-channel pole with ``g = M Gamma / 4 m^2`` its eps-width. A pole above
    threshold (eps_pole > 0) has a core of +-30 widths (arctan map), always honoured, and owns
    the region ``[eps_pole/2, 2 eps_pole]`` around it, whose other pieces are shoulders in
    ``ln |eps - eps_nearest pole|``, so that its tails are resolved too (poles whose regions
    overlap share them: each piece belongs to the nearest pole).
    Everything else is cut into decades of ``ln eps``; a piece starting at a threshold begins with
    a ``sqrt(eps - eps_th)`` map.
    """
    regions = []  # (lo, core_lo, core_hi, hi, e0, g)
    for e0, g in poles:
        if not (g > 0 and e0 > EPS_MIN and math.isfinite(e0)) or e0 / 2 >= EPS_MAX:
            continue
        lo, hi = e0 / 2, min(2 * e0, EPS_MAX)
        regions.append(
            (lo, max(e0 - WINDOW_WIDTHS * g, lo), min(e0 + WINDOW_WIDTHS * g, hi), hi, e0, g)
        )
    cuts = set(_merge(sorted(t for t in thresholds if EPS_MIN < t < EPS_MAX)))
    edges = {EPS_MIN, EPS_MAX, *cuts}
    for r in regions:
        edges.update(x for x in r[:4] if EPS_MIN < x < EPS_MAX)
    edges_sorted = sorted(edges)
    pieces: list[tuple[str, float, float, float, float]] = []
    for a, b in itertools.pairwise(edges_sorted):
        mid = math.sqrt(a * b)
        cores = [r for r in regions if r[1] <= mid <= r[2]]
        if cores:  # every pole's core is honoured; overlapping cores: the narrowest pole's map
            core = min(cores, key=lambda r: r[5])
            pieces.append(("window", a, b, core[4], core[5]))
            continue
        owners = [r for r in regions if r[0] <= mid <= r[3]]
        if owners:  # a shoulder: distance to the nearest pole whose region this is
            near = min(owners, key=lambda r: abs(mid - r[4]))
            e0 = near[4]
            _split_log(pieces, "left" if mid < e0 else "right", abs(a - e0), abs(b - e0), e0)
            continue
        start = a
        if a in cuts:  # just above a threshold: sqrt map over one scale of it
            top = min(b, 2.0 * a)
            pieces.append(("sqrt", a, top, a, 0.0))
            start = top
        _split_log(pieces, "log", start, b, 0.0)
    return pieces


def _merge(values: list[float], rel: float = THRESHOLD_MERGE) -> list[float]:
    """Thresholds closer than ``rel`` (relative) count once: nearly degenerate final states (the
    pseudo-Dirac neutrino pairs, split by ~1e-9) need no breakpoint each."""
    out: list[float] = []
    for v in values:
        if not out or v > out[-1] * (1 + rel):
            out.append(v)
    return out


def _split_log(pieces: list, kind: str, a: float, b: float, e0: float) -> None:
    """Decades of ``ln t`` between t = a and t = b (either order); t = eps or |eps - e0|."""
    lo, hi = min(a, b), max(a, b)
    start = lo
    while start < hi * (1 - 1e-12):
        top = min(hi, start * 10.0)
        pieces.append((kind, start, top, e0, 0.0))
        start = top


def _rule(kind: str, a: float, b: float, e0: float, g: float) -> tuple[np.ndarray, np.ndarray]:
    if kind in ("log", "left", "right"):
        x, w = _GL[N_DECADE if kind == "log" else N_SHOULDER]
        la, lb = math.log(a), math.log(b)
        t = np.exp(0.5 * (lb - la) * x + 0.5 * (lb + la))
        jac = 0.5 * (lb - la) * w * t
        if kind == "log":
            return t, jac
        return (e0 - t, jac) if kind == "left" else (e0 + t, jac)
    if kind == "sqrt":
        x, w = _GL[N_THRESHOLD]
        ub = math.sqrt(b - e0)
        u = 0.5 * ub * (x + 1.0)
        return e0 + u * u, 0.5 * ub * w * 2 * u
    if kind == "window":
        x, w = _GL[N_WINDOW]
        ta, tb = math.atan((a - e0) / g), math.atan((b - e0) / g)
        th = 0.5 * (tb - ta) * x + 0.5 * (tb + ta)
        eps = e0 + g * np.tan(th)
        return eps, 0.5 * (tb - ta) * w * g / np.cos(th) ** 2
    msg = f"unknown piece {kind}"
    raise ValueError(msg)


def build_nodes(thresholds: np.ndarray, poles: np.ndarray) -> Nodes:
    """Nodes for N points. ``thresholds`` (N, T) in eps; ``poles`` (N, P, 2): (eps_pole, g)."""
    per_point = []
    for th, po in zip(thresholds, poles, strict=True):
        parts = [
            _rule(*piece) for piece in _pieces(list(th), [(float(p[0]), float(p[1])) for p in po])
        ]
        per_point.append(
            (np.concatenate([e for e, _ in parts]), np.concatenate([w for _, w in parts]))
        )
    size = max(len(e) for e, _ in per_point)
    eps = np.full((len(per_point), size), 1.0)
    weight = np.zeros((len(per_point), size))
    for i, (e, w) in enumerate(per_point):
        eps[i, : len(e)] = e
        weight[i, : len(w)] = w
    return Nodes(eps, weight)


def kernel(eps: np.ndarray, x: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
    """``G(eps, x)`` for nodes ``(N, S)`` and temperatures ``x (X,)``: shape ``(N, X, S)``.

    ``where`` (N, S), optional: nodes at which G is wanted (elsewhere 0; e.g. padding). The Bessel
    functions are evaluated only where G does not underflow, which at large x is a small part of
    the eps range.
    """
    eps = np.asarray(eps, dtype=float)
    x = np.asarray(x, dtype=float)
    r = np.sqrt(1.0 + eps)
    rm1 = eps / (1.0 + r)  # r - 1 without cancellation at small eps
    # exp(-2 x (r - 1)) underflows beyond 745; scipy's kve(1, z) is nan beyond z ~ 1e9
    alive = 2.0 * x[None, :, None] * rm1[:, None, :] < 745.0
    if where is not None:
        alive &= where[:, None, :]
    n_i, x_i, s_i = np.nonzero(alive)
    xa, ea, ra = x[x_i], eps[n_i, s_i], r[n_i, s_i]
    # K1(z)/K2(x)^2 with the exponentials combined: exp(-z + 2x) = exp(-2x (r - 1))
    k2 = kve(2, x) ** 2
    out = np.zeros(alive.shape)
    out[n_i, x_i, s_i] = (
        2.0 * xa * np.sqrt(ea) * (1.0 + ea) * kve(1, 2.0 * xa * ra) / k2[x_i]
        * np.exp(-2.0 * xa * rm1[n_i, s_i])
    )  # fmt: skip
    return out


def weights(nodes: Nodes, x: np.ndarray) -> np.ndarray:
    """``W[n, x, s]`` with ``<sigma v>_n(x) = sum_s W[n, x, s] sigma v_n(s)``."""
    return kernel(nodes.eps, x, nodes.weight > 0) * nodes.weight[:, None, :]
