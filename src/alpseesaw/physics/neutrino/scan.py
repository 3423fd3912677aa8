"""Scan of the region of (4.1) consistent with all 3 sigma ranges of Table 2, per texture and ordering.

Why not random sampling: the viable set is a thin shell in the 7-dimensional box (five observables
pinned to +-5..15 %): 2e7 uniform draws in (4.1) found no viable point (rate < 1.5e-7). The scan
works in ``x = (log10 kappa, log10 y1, log10 y2, log10 y3, log10 alpha, log10 beta, phi)``: the box (4.1)
spans three to six decades in every parameter but ``phi``, and the physics is scale-like in them
(``M_light`` is a polynomial in the parameters; the flat direction of ``textures.flat_direction`` is
a straight line in ``x``), so logarithmic coordinates are the natural uniform measure.

Three stages, all vectorised over many points at once and driven by one seeded generator:

1. **Fits from random starts** (batched Levenberg-Marquardt): start points uniform in ``x``, each
   aimed at its own random target inside the 3 sigma box (a quarter of the target components put
   near an edge of its range) for the six pulls ``(O - centre) / half_width``. Different targets
   spread the solutions over the whole box of observables, different starts over the
   degenerate directions; converged fits that land inside all ranges are the seeds. Once
   ``cold_seeds`` exist, further starts are kicked copies of seeds (warm starts).
2. **Random walk inside the viable set** (Metropolis with a flat target on the viable set in ``x``,
   mixture of adaptive isotropic Gaussian steps, exact moves along the flat direction and
   differential-evolution steps between chains): fills the region around the seeds. The density
   of points is not a posterior and carries no meaning; only the support does.
3. **Extremes**: for each of ``delta_CP`` (on the data arc), ``sum m``, ``m_eff`` and ``m_ee``, both
   signs, an annealed walk tilted towards larger (smaller) values, inside the viable set, started
   from the current extreme points, then SLSQP from its best walkers (maximise the quantity subject
   to ``|pull| <= 1``). It pushes every range to the boundary of the region.

Every reported point is re-evaluated with the exact Takagi path and kept only if viable.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from alpseesaw.errors import ParameterError
from alpseesaw.physics.neutrino.data import OscillationData, load_oscillation_data
from alpseesaw.physics.neutrino.observables import (
    OBSERVABLE_NAMES,
    Observables,
    check_ordering,
    texture_observables,
)
from alpseesaw.physics.neutrino.textures import (
    PAPER_BOUNDS,
    PARAM_NAMES,
    check_texture,
    flat_direction,
)

R = NDArray[np.float64]
Progress = Callable[[str, int, int], None]

#: Quantities whose ranges the scan reports (and pushes to their extremes in stage 3).
RANGE_NAMES: tuple[str, ...] = ("delta_cp_deg", "sum_m", "m_eff", "m_ee")

TWO_PI = 2.0 * np.pi


@dataclass(frozen=True)
class ScanSettings:
    """Tuning of the three stages (defaults collect 1e4 points in a few seconds)."""

    n_starts: int = 2048  #: fits per round of stage 1
    lm_iterations: int = 100  #: Levenberg-Marquardt iterations per fit
    max_rounds: int = 12  #: rounds of stage 1 before giving up on finding seeds
    cold_seeds: int = 400  #: seeds from starts uniform in the box before warm starts are used
    warm_kick: float = 0.3  #: width (in log10 units and radians) of the kick of a warm start
    seed_fraction: float = 0.2  #: stage 1 stops once it has this fraction of the requested points
    edge_probability: float = 0.25  #: chance that a target component sits near a range edge
    n_chains: int = 1024  #: walkers of stage 2
    thin: int = 3  #: walk steps between recorded states
    extreme_chains: int = 64  #: walkers per quantity and sign in stage 3
    extreme_steps: int = 400  #: steps of each stage-3 walk
    polish_starts: int = 8  #: constrained optimisations per quantity and sign in stage 3
    bounds: tuple[tuple[float, float], ...] = tuple(PAPER_BOUNDS[n] for n in PARAM_NAMES)


@dataclass(frozen=True)
class ScanResult:
    """Viable points of one texture and ordering, with their observables.

    ``params`` has columns ``PARAM_NAMES`` (``kappa`` in eV, ``phi`` in radians); ``stage`` tells
    which stage found each point (1 fit, 2 walk, 3 extremes); ``convergence`` lists the ranges of
    ``RANGE_NAMES`` over the first ``n`` points found, for growing ``n`` (masses in meV).
    """

    texture: str
    ordering: str
    seed: int
    params: R
    observables: Observables
    stage: NDArray[np.int8]
    convergence: tuple[dict[str, float], ...]
    n_evaluations: int
    seconds: float
    data: OscillationData = field(repr=False)

    @property
    def n_viable(self) -> int:
        return int(self.params.shape[0])

    def delta_arc(self) -> R:
        """``delta_CP`` on the data arc (degrees; may exceed 360 on the wrapped NO arc)."""
        return self.data.delta_in_window(self.observables.delta_cp_deg)

    def ranges(self) -> dict[str, tuple[float, float]]:
        """``[min, max]`` of ``delta_CP`` (degrees, on the data arc) and of the masses (meV)."""
        return _ranges(self.data, self.observables, np.ones(self.n_viable, dtype=bool))

    def summary(self) -> dict[str, object]:
        """The ``summary.json`` document of ``alpseesaw neutrino scan``."""
        rng = self.ranges()
        o = self.observables
        m = np.stack([o.m1, o.m2, o.m3], axis=-1)
        kappa = self.params[:, 0]
        out: dict[str, object] = {
            "texture": self.texture,
            "ordering": self.ordering,
            "n_viable": self.n_viable,
            "delta_cp_deg": list(rng["delta_cp_deg"]),
            "sum_m_meV": list(rng["sum_m"]),
            "m_eff_meV": list(rng["m_eff"]),
            "m_ee_meV": list(rng["m_ee"]),
        }
        if self.n_viable:
            out["max_lightest_over_heaviest_mass"] = float(np.max(m.min(-1) / m.max(-1)))
            out["max_rel_dev_m_ee_kappa"] = float(np.max(np.abs(o.m_ee / kappa - 1.0)))
        out["delta_cp_arc"] = [self.data["delta_cp_deg"].low, self.data["delta_cp_deg"].high]
        out["seed"] = self.seed
        out["n_evaluations"] = self.n_evaluations
        out["seconds"] = round(self.seconds, 3)
        out["data_source"] = self.data.source
        return out

    def table(self) -> dict[str, R]:
        """Columns for the points file: parameters, observables (eV, eV^2, degrees) and stage."""
        cols: dict[str, R] = {n: self.params[:, i] for i, n in enumerate(PARAM_NAMES)}
        cols.update(self.observables.as_dict())
        cols["stage"] = self.stage.astype(np.float64)
        return cols


def _ranges(
    data: OscillationData, o: Observables, mask: NDArray[np.bool_]
) -> dict[str, tuple[float, float]]:
    if not np.any(mask):
        nan = (float("nan"), float("nan"))
        return dict.fromkeys(RANGE_NAMES, nan)
    vals = _range_values(data, o)
    return {k: (float(v[mask].min()), float(v[mask].max())) for k, v in vals.items()}


def _range_values(data: OscillationData, o: Observables) -> dict[str, R]:
    """The quantities of ``RANGE_NAMES``: ``delta_CP`` in degrees on the data arc, masses in meV."""
    return {
        "delta_cp_deg": data.delta_in_window(o.delta_cp_deg),
        "sum_m": 1e3 * np.asarray(o.sum_m),
        "m_eff": 1e3 * np.asarray(o.m_eff),
        "m_ee": 1e3 * np.asarray(o.m_ee),
    }


class _Problem:
    """Pulls and viability in the scan coordinates ``x``; counts evaluations."""

    def __init__(
        self, texture: str, ordering: str, bounds: tuple[tuple[float, float], ...]
    ) -> None:
        self.texture = texture
        self.ordering = ordering
        self.data = load_oscillation_data(ordering)
        self.lo = np.array([np.log10(b[0]) for b in bounds[:6]] + [bounds[6][0]])
        self.hi = np.array([np.log10(b[1]) for b in bounds[:6]] + [bounds[6][1]])
        self.flat = flat_direction(texture)
        self.evaluations = 0

    @staticmethod
    def params(x: R) -> R:
        p = np.power(10.0, x)
        p[:, 6] = x[:, 6]
        return p

    def project(self, x: R) -> R:
        """Clip the logarithmic coordinates to the box; wrap ``phi`` into ``[0, 2 pi)``."""
        y = np.clip(x, self.lo, self.hi)
        y[:, 6] = np.mod(x[:, 6], TWO_PI)
        return y

    def rescale_kappa(self, x: R) -> R:
        """Set ``kappa`` so that ``dm2_atm`` is at its best fit (exact: M_light is linear in kappa)."""
        o = self.observables(x)
        target = self.data["dm2_atm"].best
        with np.errstate(divide="ignore", invalid="ignore"):
            shift = 0.5 * np.log10(target / o.dm2_atm)
        y = x.copy()
        y[:, 0] += np.where(np.isfinite(shift), shift, 0.0)
        return self.project(y)

    def slide_into_box(self, x: R) -> R:
        """Move points along the exact flat direction (observables unchanged) into the box if possible.

        For each point the admissible shifts ``t`` with ``lo <= x + t f <= hi`` form an interval;
        the shift of smallest modulus in it is applied. Points for which it is empty stay put.
        """
        f = self.flat[:6]
        lo_t = np.full(x.shape[0], -np.inf)
        hi_t = np.full(x.shape[0], np.inf)
        for i in np.flatnonzero(f):
            a = (self.lo[i] - x[:, i]) / f[i]
            b = (self.hi[i] - x[:, i]) / f[i]
            lo_t = np.maximum(lo_t, np.minimum(a, b))
            hi_t = np.minimum(hi_t, np.maximum(a, b))
        t = np.clip(0.0, lo_t, hi_t)
        t = np.where(lo_t <= hi_t, t, 0.0)
        return x + t[:, None] * self.flat

    def inside(self, x: R) -> NDArray[np.bool_]:
        return np.all((x[:, :6] >= self.lo[:6]) & (x[:, :6] <= self.hi[:6]), axis=1)

    def observables(self, x: R, exact: bool = False) -> Observables:
        self.evaluations += x.shape[0]
        return texture_observables(self.texture, self.params(x), self.ordering, exact=exact)

    def pulls(self, x: R) -> R:
        """Fit residuals: the pulls of ``OscillationData.pulls``, except that the two mass-squared
        differences enter through their logarithm (``|pull| <= 1`` still means inside the range).

        In the log the residuals stay O(10) over the whole box instead of O(1e17), which LM needs.
        """
        return self.pulls_of(self.observables(x))

    def pulls_of(self, o: Observables) -> R:
        """``pulls`` from already computed observables."""
        p = self.data.pulls(o)
        for col, name in ((3, "dm2_sol"), (4, "dm2_atm")):
            m = self.data[name]
            lo, hi = np.log(m.low), np.log(m.high)
            with np.errstate(divide="ignore", invalid="ignore"):
                v = np.log(np.maximum(getattr(o, name), 1e-300))
            p[:, col] = (v - 0.5 * (lo + hi)) / (0.5 * (hi - lo))
        return np.nan_to_num(p, nan=1e3, posinf=1e3, neginf=-1e3)

    def viable(self, x: R, exact: bool = False) -> tuple[NDArray[np.bool_], Observables]:
        o = self.observables(x, exact)
        return self.data.consistent(o) & self.inside(x), o


def _levenberg_marquardt(prob: _Problem, x0: R, targets: R, iterations: int) -> R:
    """Batched LM fits of ``pulls(x) = targets`` (one independent fit per row of ``x0``)."""
    n, d = x0.shape
    x = x0.copy()
    r = prob.pulls(x) - targets
    cost = np.sum(r * r, axis=1)
    lam = np.full(n, 1e-2)
    active = np.arange(n)
    h = 1e-6
    for _ in range(iterations):
        if active.size == 0:
            break
        xa, ra, ta = x[active], r[active], targets[active]
        na = active.size
        # forward differences, stepping backwards at an upper edge of the box
        steps = np.full_like(xa, h)  # (na, d)
        xs = np.repeat(xa[None], d, axis=0)
        idx = np.arange(d)
        xs[idx, :, idx] += steps.T
        rs = prob.pulls(xs.reshape(-1, d)).reshape(d, na, -1) - ta[None]
        jac = np.transpose((rs - ra[None]) / steps.T[:, :, None], (1, 2, 0))  # (na, m, d)
        a = np.einsum("nmi,nmj->nij", jac, jac)
        g = np.einsum("nmi,nm->ni", jac, ra)
        diag = np.einsum("nii->ni", a) + 1e-12
        a[:, idx, idx] += lam[active, None] * diag
        step = np.linalg.solve(a, -g[..., None])[..., 0]
        xn = prob.project(xa + step)
        rn = prob.pulls(xn) - ta
        cn = np.sum(rn * rn, axis=1)
        better = cn < cost[active]
        upd = active[better]
        x[upd], r[upd], cost[upd] = xn[better], rn[better], cn[better]
        lam[active] = np.clip(np.where(better, lam[active] / 3.0, lam[active] * 4.0), 1e-9, 1e9)
        done = (cost[active] < 1e-12) | (lam[active] >= 1e9)
        active = active[~done]
    return x


def _random_targets(rng: np.random.Generator, n: int, edge_probability: float) -> R:
    t = rng.uniform(-0.95, 0.95, size=(n, 6))
    edge = rng.random((n, 6)) < edge_probability
    t[edge] = rng.choice([-0.98, 0.98], size=int(edge.sum()))
    return t


def _seeds(
    prob: _Problem, rng: np.random.Generator, want: int, s: ScanSettings, progress: Progress
) -> R:
    """Stage 1: fits from random starts until ``want`` viable points are found.

    Cold rounds start uniformly in the box. Once ``cold_seeds`` seeds exist, the remaining rounds
    start from found seeds kicked by a Gaussian of width ``warm_kick`` in ``x`` (warm starts: a far
    higher success rate where the viable set is small, e.g. inverted ordering); every fit still has
    its own random target, so the seeds keep spreading over the box of observables.
    """
    found: list[R] = []
    total = 0
    for k in range(s.max_rounds):
        if total >= min(s.cold_seeds, want) and k > 0:
            pool = np.concatenate(found)
            x0 = pool[rng.integers(pool.shape[0], size=s.n_starts)]
            x0 = prob.project(x0 + s.warm_kick * rng.normal(size=x0.shape))
        else:
            x0 = rng.uniform(prob.lo, prob.hi, size=(s.n_starts, 7))
        t = _random_targets(rng, s.n_starts, s.edge_probability)
        x0 = prob.rescale_kappa(x0)
        x = prob.slide_into_box(_levenberg_marquardt(prob, x0, t, s.lm_iterations))
        ok, _ = prob.viable(x)
        found.append(x[ok])
        total += int(ok.sum())
        progress("fits", min(total, want), want)
        if total >= want:
            break
    return np.concatenate(found) if found else np.empty((0, 7))


def _proposals(rng: np.random.Generator, x: R, sigma: R, flat: R) -> tuple[R, NDArray[np.bool_]]:
    """One proposal per walker of stage 2, and which of them are Gaussian steps.

    Each walker makes exactly one kind of move: with probability 0.6 an isotropic Gaussian step of
    its own width ``sigma``, 0.2 a jump along the exact flat direction ``flat`` (observables
    unchanged), 0.2 a differential-evolution step ``gamma (x_a - x_b)`` between two walkers.
    """
    nc = x.shape[0]
    kind = np.asarray(rng.random(nc), dtype=float)
    local: NDArray[np.bool_] = kind < 0.6
    along: NDArray[np.bool_] = (kind >= 0.6) & (kind < 0.8)
    de: NDArray[np.bool_] = kind >= 0.8
    prop = x + sigma[:, None] * rng.normal(size=x.shape) * local[:, None]
    prop += (rng.uniform(-2.0, 2.0, size=nc) * along)[:, None] * flat
    a, b = rng.permutation(nc), rng.permutation(nc)
    gamma = np.asarray(rng.uniform(0.1, 1.0, size=nc), dtype=float)
    prop += (gamma * de)[:, None] * (x[a] - x[b])
    prop[:, 6] = np.mod(prop[:, 6], TWO_PI)
    return prop, local


def _walk(
    prob: _Problem,
    rng: np.random.Generator,
    start: R,
    want: int,
    s: ScanSettings,
    progress: Progress,
) -> R:
    """Stage 2: random walk inside the viable set; returns the recorded states (moved chains only)."""
    nc = min(s.n_chains, max(want // 4, 8))
    x = start[rng.choice(start.shape[0], size=nc, replace=start.shape[0] < nc)].copy()
    sigma = np.full(nc, 0.02)
    last = x.copy()
    out: list[R] = []
    n = 0
    stall = 0
    while n < want and stall < 50:
        for _ in range(s.thin):
            prop, local = _proposals(rng, x, sigma, prob.flat)
            ok, _ = prob.viable(prop)
            x[ok] = prop[ok]
            sigma = np.where(local, sigma * np.exp(0.3 * (ok - 0.3)), sigma)
            sigma = np.clip(sigma, 1e-5, 1.0)
        moved = np.any(x != last, axis=1)
        if np.any(moved):
            out.append(x[moved].copy())
            n += int(moved.sum())
            stall = 0
        else:
            stall += 1
        last = x.copy()
        progress("walk", min(n, want), want)
    return np.concatenate(out)[:want] if out else np.empty((0, 7))


def _quantity(prob: _Problem, o: Observables, name: str) -> R:
    """The quantity ``name`` of ``RANGE_NAMES`` at every point, in the units of the ranges."""
    return _range_values(prob.data, o)[name]


def _extremes(
    prob: _Problem, rng: np.random.Generator, pts: R, s: ScanSettings, progress: Progress
) -> R:
    """Stage 3: push each end of each range in ``RANGE_NAMES`` to the boundary of the region.

    First an annealed walk tilted towards the end (inside the viable set), then a constrained
    optimisation (SLSQP, six two-sided pull constraints) from the ``polish_starts`` best walkers:
    the ends of the ranges sit where several constraints are active at once, which a walk only
    approaches slowly and an optimiser reaches exactly.
    """
    ok, _ = prob.viable(pts)
    pts = pts[ok]
    if pts.shape[0] == 0:
        return pts
    best: list[R] = []
    jobs = [(name, sign) for name in RANGE_NAMES for sign in (1.0, -1.0)]
    for j, (name, sign) in enumerate(jobs):
        q = sign * _quantity(prob, prob.observables(pts), name)
        width = max(float(np.ptp(q)), 1e-9)
        order = np.argsort(-q)[: s.extreme_chains]
        x = pts[order].copy()
        qx = q[order]
        sigma = np.full(x.shape[0], 0.01)
        for step in range(s.extreme_steps):
            temp = width * 0.05 * (1e-4 / 0.05) ** (step / max(s.extreme_steps - 1, 1))
            prop = x + sigma[:, None] * rng.normal(size=x.shape)
            prop[:, 6] = np.mod(prop[:, 6], TWO_PI)
            vi, op = prob.viable(prop)
            qp = sign * _quantity(prob, op, name)
            with np.errstate(over="ignore"):
                acc = vi & (rng.random(x.shape[0]) < np.exp(np.minimum((qp - qx) / temp, 0.0)))
            x[acc], qx[acc] = prop[acc], qp[acc]
            sigma = np.clip(sigma * np.exp(0.3 * (acc - 0.3)), 1e-7, 0.5)
        best.append(x)
        top = x[np.argsort(-qx)[: s.polish_starts]]
        best.append(np.array([_polish(prob, xi, name, sign) for xi in top]))
        progress("extremes", j + 1, len(jobs))
    return np.concatenate(best)


def _polish(prob: _Problem, x0: R, name: str, sign: float) -> R:
    """Maximise ``sign * quantity`` from the viable point ``x0`` subject to all pulls in [-1, 1]."""
    from scipy.optimize import minimize

    h = 1e-7
    eye = np.eye(7) * h
    cache: dict[bytes, tuple[R, R]] = {}

    def values(x: R) -> tuple[R, R]:
        """(q, constraints) at x and at the 7 forward-difference points."""
        key = x.tobytes()
        if key not in cache:
            pts = np.vstack([x, x + eye])
            o = prob.observables(pts)
            qv = sign * _quantity(prob, o, name)
            pl = prob.pulls_of(o)
            cons = np.concatenate([1.0 - 1e-6 - pl, 1.0 - 1e-6 + pl], axis=1)
            cache.clear()
            cache[key] = (qv, cons)
        return cache[key]

    res = minimize(
        lambda x: -values(x)[0][0],
        x0,
        jac=lambda x: -(values(x)[0][1:] - values(x)[0][0]) / h,
        method="SLSQP",
        bounds=[(lo, hi) for lo, hi in zip(prob.lo[:6], prob.hi[:6], strict=True)]
        + [(-TWO_PI, 2 * TWO_PI)],
        constraints=[
            {
                "type": "ineq",
                "fun": lambda x: values(x)[1][0],
                "jac": lambda x: ((values(x)[1][1:] - values(x)[1][0]) / h).T,
            }
        ],
        options={"maxiter": 100, "ftol": 1e-12},
    )
    # SLSQP may stop a hair outside a constraint: take the furthest viable point on the segment
    t = np.array([1.0, 0.999, 0.99, 0.9, 0.5, 0.0])
    x = x0 + t[:, None] * (res.x - x0)
    x[:, 6] = np.mod(x[:, 6], TWO_PI)
    ok, _ = prob.viable(x)
    return x[int(np.argmax(ok))]


def _convergence(
    data: OscillationData, o: Observables, stage: NDArray[np.int8]
) -> tuple[dict[str, float], ...]:
    n = stage.size
    rows = []
    sizes = sorted({*(int(v) for v in np.geomspace(10, max(n, 10), 20)), int(np.sum(stage < 3)), n})
    for k in sizes:
        if k < 1 or k > n:
            continue
        mask = np.zeros(n, dtype=bool)
        mask[:k] = True
        rg = _ranges(data, o, mask)
        row: dict[str, float] = {"n_points": float(k), "stage": float(stage[k - 1])}
        for name in RANGE_NAMES:
            row[f"{name}_min"], row[f"{name}_max"] = rg[name]
        rows.append(row)
    return tuple(rows)


def _no_progress(stage: str, done: int, total: int) -> None:  # noqa: ARG001
    return None


def scan(
    texture: str,
    ordering: str = "NO",
    n_points: int = 10_000,
    seed: int = 0,
    settings: ScanSettings | None = None,
    progress: Progress | None = None,
) -> ScanResult:
    """Find ``n_points`` viable points of ``texture`` (``"A"``/``"B"``) for ``ordering`` (``"NO"``/``"IO"``).

    Deterministic for a given ``seed``. ``progress(stage, done, total)`` is called as the stages
    advance (stages ``"fits"``, ``"walk"``, ``"extremes"``). Returns all viable points found (the
    requested number from stages 1-2 plus the stage-3 extremes), possibly none if the texture
    cannot fit the data in this ordering.
    """
    check_texture(texture)
    check_ordering(ordering)
    if int(n_points) < 1:
        raise ParameterError(
            "points", n_points, "an integer >= 1", "number of viable points to collect"
        )
    s = settings or ScanSettings()
    report = progress or _no_progress
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    prob = _Problem(texture, ordering, s.bounds)

    want_seeds = max(min(n_points, 200), int(s.seed_fraction * n_points))
    seeds = _seeds(prob, rng, want_seeds, s, report)
    parts, stages = [seeds], [np.full(seeds.shape[0], 1, dtype=np.int8)]
    if seeds.shape[0] and seeds.shape[0] < n_points:
        walk = _walk(prob, rng, seeds, n_points - seeds.shape[0], s, report)
        parts.append(walk)
        stages.append(np.full(walk.shape[0], 2, dtype=np.int8))
    x = np.concatenate(parts)
    stage = np.concatenate(stages)
    if x.shape[0]:
        ext = _extremes(prob, rng, x, s, report)
        x = np.concatenate([x, ext])
        stage = np.concatenate([stage, np.full(ext.shape[0], 3, dtype=np.int8)])
    # final exact re-evaluation; keep viable, drop exact duplicates (first occurrence kept)
    ok, _ = prob.viable(x, exact=True)
    x, stage = x[ok], stage[ok]
    _, first = np.unique(x, axis=0, return_index=True)
    keep = np.sort(first)
    x, stage = x[keep], stage[keep]
    obs = prob.observables(x, exact=True)
    return ScanResult(
        texture=texture,
        ordering=ordering,
        seed=seed,
        params=prob.params(x),
        observables=obs,
        stage=stage,
        convergence=_convergence(prob.data, obs, stage),
        n_evaluations=prob.evaluations,
        seconds=time.perf_counter() - t0,
        data=prob.data,
    )


__all__ = ["OBSERVABLE_NAMES", "RANGE_NAMES", "ScanResult", "ScanSettings", "scan"]
