"""The complete built-in relic calculation: every channel of the IR, thermally averaged, solved.

:class:`RelicCalculator` (build once per model, call on many points):

1. every parameter at the points (:func:`alpseesaw.model.batch.evaluate_batch`);
2. masses, couplings and mediator widths (:class:`~alpseesaw.physics.pointset.RelicModel`);
3. per point, quadrature nodes in ``eps = (s - 4 m^2)/4 m^2`` cut at every final-state threshold
   and around every s-channel pole (:mod:`~alpseesaw.physics.thermal`);
4. ``sigma v_rel`` of every channel at every node (:mod:`~alpseesaw.physics.amplitudes`), so
   forbidden channels (final states heavier than 2 m, Griest-Seckel) and resonances come from the
   same ``sigma(s)`` as everything else;
5. Gondolo-Gelmini ``<sigma v>_k(x)`` per channel on a grid of x, then the freeze-out equation
   (:mod:`~alpseesaw.physics.boltzmann`) with ``<sigma v>_eff = sum_k <sigma v>_k / 2`` (Dirac);
6. each channel's share of ``1/Omega``: its part of ``int_{x_f}^inf lambda(x) <sigma v>_eff / x^2``
   (the depletion after freeze-out that sets ``1/Y_0``).

The paper's freeze-out approximation (``Omega h^2 = 0.12 x 2.6e-26 cm^3/s / <sigma v>_eff`` with
``sigma v`` at v -> 0) is computed alongside as the cheap estimate, with warnings that say when it
cannot be trusted: a resonance or a threshold within thermal reach, a velocity-dependent
``sigma v``, or a disagreement with the Boltzmann solution beyond 10 %.

Units: GeV; cross sections in cm^3/s in the results (``GEV2_TO_CM3_S``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from alpseesaw.model.batch import evaluate_batch
from alpseesaw.physics import boltzmann, thermal
from alpseesaw.physics.constants import (
    GEV2_TO_CM3_S,
    OMEGA_PLANCK,
    OMEGA_Y_FACTOR,
    SIGMAV_THERMAL_CM3_S,
)
from alpseesaw.physics.fastpath import isotropic_groups
from alpseesaw.physics.pointset import RelicModel
from alpseesaw.physics.qcd import alpha_s
from alpseesaw.physics.relic import freeze_out_x

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from alpseesaw.model.batch import Batch
    from alpseesaw.model.ir import ModelIR
    from alpseesaw.physics.amplitudes import Couplings

#: The calculator's choices of conventions (see :class:`RelicCalculator`).
CONVENTIONS = ("physical", "width-window", "micromegas")
#: micrOMEGAs 6.0's Omega h^2 = 2.742e8 (m/GeV) Y_0 (omega.c), for conventions="micromegas".
MICROMEGAS_OMEGA_FACTOR = 2.742e8
#: The largest dark-matter mass (GeV) the built-in calculation takes: s^2 ~ (600 m^2)^2 and the
#: products of couplings stay far from the double-precision overflow (1.8e308) below it.
MAX_DM_MASS = 1e15
#: The smallest (GeV): freeze-out (x_f ~ 20) must happen above T = 1 MeV, where the Boltzmann
#: integration ends (micrOMEGAs' Tend).
MIN_DM_MASS = 0.01
#: A channel below this share of 1/Omega is not reported in warnings.
SHARE_REPORT = 0.01
#: Freeze-out estimate and Boltzmann solution differing by more than this are reported.
FREEZE_OUT_TOLERANCE = 0.10


@dataclass(frozen=True)
class RelicPoints:
    """Results at N points; channel arrays are ``(N, K)`` in the order of ``channels``.

    ``sigmav0_cm3_s``: sigma(chi chi~ -> k) v_rel at v -> 0 (one pair, cm^3/s);
    ``shares``: each channel's share of 1/Omega (sums to 1); ``sigmav_xf_cm3_s``: the thermal
    average of sigma(chi chi~) v at x_f (all channels); ``omega_freeze_out``: the paper's
    approximation; ``widths``: the s-channel mediators' total widths (GeV).
    """

    channels: tuple[str, ...]
    omega_h2: np.ndarray
    xf: np.ndarray
    sigmav0_cm3_s: np.ndarray
    shares: np.ndarray
    sigmav_xf_cm3_s: np.ndarray
    omega_freeze_out: np.ndarray
    widths: dict[str, np.ndarray]
    warnings: tuple[tuple[str, ...], ...]

    def __len__(self) -> int:
        return int(self.omega_h2.size)

    def point(self, i: int, *, cut: float = 0.0) -> dict[str, Any]:
        """One point as a JSON-able dict: channels whose share of 1/Omega exceeds ``cut``, or whose
        sigma v at rest exceeds ``cut`` times the largest one."""

        def clean(v: float) -> float | None:
            v = float(v)
            return v if math.isfinite(v) else None

        sv = self.sigmav0_cm3_s[i]
        top = float(sv.max()) if sv.size else 0.0
        keep = [k for k in range(len(self.channels))
                if self.shares[i, k] > cut or (sv[k] > 0 and sv[k] >= cut * top)]  # fmt: skip
        return {
            "omega_h2": clean(self.omega_h2[i]),
            "xf": clean(self.xf[i]),
            "omega_h2_freeze_out": clean(self.omega_freeze_out[i]),
            "sigmav_cm3_s": {self.channels[k]: clean(self.sigmav0_cm3_s[i, k]) for k in keep},
            "shares": {
                self.channels[k]: clean(self.shares[i, k]) for k in keep if self.shares[i, k] > cut
            },
            "sigmav_xf_cm3_s": clean(self.sigmav_xf_cm3_s[i]),
            "widths_gev": {m: clean(w[i]) for m, w in self.widths.items()},
            "warnings": list(self.warnings[i]),
        }


@cache
def _model(ir: ModelIR, dm: str) -> RelicModel:
    return RelicModel(ir, dm)


#: Isotropic channels are evaluated on chunks of this many points, sorted by their number of
#: nodes, so that padding costs little and the batched matrix products stay large.
CHUNK_POINTS = 10

#: Gauss-Legendre nodes in cos(theta) for channels with t- or u-channel diagrams: 4 nodes give
#: Omega h^2 within 1.2e-4 and shares within 7e-5 of 16 nodes over 150 random box points
#: (8 nodes: 5e-8), at half the cost of 8.
N_COS = 4


class RelicCalculator:
    """The relic density of ``dm`` + anti(``dm``) for many points; see the module docstring."""

    def __init__(
        self,
        ir: ModelIR,
        dm: str = "chi",
        n_cos: int = N_COS,
        qcd_scale: float | None = 2.0 / 3.0,
        conventions: str = "physical",
        beps: float = 1e-5,
    ) -> None:
        if conventions not in CONVENTIONS:
            from alpseesaw.errors import ParameterError

            raise ParameterError(
                "conventions", conventions, " or ".join(repr(c) for c in CONVENTIONS)
            )
        self.ir = ir
        self.qcd_scale = qcd_scale
        #: "physical" (the default), or micrOMEGAs' conventions for like-for-like comparisons:
        #: "width-window" (CalcHEP's s-channel width window only) or "micromegas" (the window,
        #: sqrt(s) < 2M + T ln(1000/Beps) in <sigma v>(T), Omega = 2.742e8 m Y_0).
        self.conventions = conventions
        self.beps = beps
        self.model = _model(ir, dm)
        self.n_cos = n_cos
        self.channels = tuple(ch.key for ch in self.model.channels)
        self._groups, self._rest, self._group_index = isotropic_groups(ir, self.model.channels)

    # -- the pipeline -------------------------------------------------------------------------------
    def __call__(
        self,
        externals: Mapping[str, Sequence[float] | np.ndarray | float],
        method: str = "boltzmann",
    ) -> RelicPoints:
        """Results at the points given by card values (arrays of one length, or scalars).

        With ``qcd_scale`` set, the strong coupling of every vertex is ``alpha_s(Q)`` at
        ``Q = qcd_scale x m_DM`` (default 2/3: ``Q = 2 Mchi / 3``, darkOmega's scale), run from
        the card's alpha_s(MZ) (:mod:`~alpseesaw.physics.qcd`); ``None`` keeps alpha_s(MZ).
        """
        return self.from_batch(self.parameters(externals), method)

    def parameters(self, externals: Mapping[str, Sequence[float] | np.ndarray | float]) -> Batch:
        """Every parameter at the points (the spectrum step: the neutrino mass matrix is factorised
        once per distinct set of its inputs, and remembered)."""
        return evaluate_batch(self.ir.parameter_set, externals)

    def from_batch(self, batch: Batch, method: str = "boltzmann") -> RelicPoints:
        """Results at the points of a parameter batch (:meth:`parameters`).

        Raises :class:`~alpseesaw.errors.ParameterError` for a dark-matter mass outside
        [:data:`MIN_DM_MASS`, :data:`MAX_DM_MASS`], naming the point."""
        mass = np.asarray(batch[self.model.dm.mass], dtype=float)
        outside = (mass < MIN_DM_MASS) | (mass > MAX_DM_MASS)
        if outside.any():
            from alpseesaw.errors import ParameterError

            bad = int(np.argmax(outside))
            raise ParameterError(
                self.model.dm.mass,
                float(mass[bad]),
                f"{MIN_DM_MASS:g} <= {self.model.dm.mass} <= {MAX_DM_MASS:g} GeV in the built-in "
                "relic calculation",
                f"point {bad}: freeze-out above T = 1 MeV, where the integration ends, and "
                "s = 4 m^2 (1 + eps) with its powers finite doubles",
            )
        if self.qcd_scale is not None and "aS" in batch:
            mass = batch[self.model.dm.mass]
            scaled: dict[str, np.ndarray] = {
                e.name: batch[e.name] for e in self.ir.parameter_set.externals
            }
            scaled["aS"] = np.array(
                [alpha_s(self.qcd_scale * m, a)[()] for m, a in zip(mass, batch["aS"], strict=True)]
            )
            batch = evaluate_batch(self.ir.parameter_set, scaled)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # checked below
            return _mark_not_finite(self.from_couplings(self.model.couplings(batch), method))

    def from_couplings(self, c: Couplings, method: str = "boltzmann") -> RelicPoints:
        if self.conventions in ("width-window", "micromegas"):
            c = replace(c, calchep_window=True)
        if method not in ("boltzmann", "freeze-out"):
            from alpseesaw.errors import ParameterError

            raise ParameterError("method", method, "'boltzmann' or 'freeze-out'")
        m = c.mass[self.model.dm.name]
        n = m.size
        sv0 = self.sigma_v(c, np.zeros((n, 1)))[:, 0, :]  # (N, K) GeV^-2
        omega_fo = _freeze_out(sv0.sum(axis=1))
        widths = {p: c.width[p] for p in self.model.mediators}
        if method == "freeze-out":
            sv_slow = self.sigma_v(c, np.full((n, 1), 1.0 / 25.0))[:, 0, :]
            warn = self._warnings(c, sv0, sv_slow, None, None, omega_fo, None)
            nan = np.full(n, math.nan)
            share = _safe_div(sv0, sv0.sum(axis=1, keepdims=True))
            xf = np.array(
                [freeze_out_x(mi, 0.5 * t) for mi, t in zip(m, sv0.sum(axis=1), strict=True)]
            )
            return RelicPoints(
                self.channels, omega_fo, xf, sv0 * GEV2_TO_CM3_S, share, nan, omega_fo, widths, warn
            )
        nodes = self.nodes(c)
        sv = self.sigma_v(c, nodes.eps, nodes.count) * self.net_fraction(c)[:, None, :]
        w = thermal.weights(nodes, boltzmann.X_GRID)  # (N, X, S)
        if self.conventions == "micromegas":  # darkOmega's vSigma: sqrt(s) < 2M + T ln(1000/Beps)
            w = w * (nodes.eps[:, None, :] <= self._eps_cut(boltzmann.X_GRID)[None, :, None])
        svx = np.einsum("nxs,nsk->nxk", w, sv)  # <sigma v>_k(x), GeV^-2
        total = svx.sum(axis=2)
        sol = boltzmann.solve(m, 0.5 * total)
        if self.conventions == "micromegas":
            sol = replace(sol, omega_h2=sol.omega_h2 * MICROMEGAS_OMEGA_FACTOR / OMEGA_Y_FACTOR)
        shares = self._shares(m, svx, sol.xf)
        sv_xf = np.array([np.interp(math.log(xf), np.log(boltzmann.X_GRID), total[i]) if math.isfinite(xf) else math.nan
                          for i, xf in enumerate(sol.xf)])  # fmt: skip
        svx_25 = np.array(
            [np.interp(math.log(25.0), np.log(boltzmann.X_GRID), total[i]) for i in range(n)]
        )
        warn = self._warnings(c, sv0, None, svx_25, shares, omega_fo, sol.omega_h2)
        return RelicPoints(self.channels, sol.omega_h2, sol.xf, sv0 * GEV2_TO_CM3_S, shares,
                           sv_xf * GEV2_TO_CM3_S, omega_fo, widths, warn)  # fmt: skip

    # -- pieces ---------------------------------------------------------------------------------------
    def _eps_cut(self, x: np.ndarray) -> np.ndarray:
        """darkOmega's upper limit of sqrt(s) in <sigma v>(x), ``2M + max(ln(1000/Beps), 10) M/x``,
        in eps = (s - 4 M^2)/4 M^2."""
        return (1.0 + 0.5 * max(math.log(1000.0 / self.beps), 10.0) / x) ** 2 - 1.0

    def net_fraction(self, c: Couplings) -> np.ndarray:
        """``(N, K)``: the fraction of each channel's annihilations that removes dark matter.

        A final-state particle that decays back into a dark pair (phi or a heavier than 2 Mchi)
        undoes the annihilation with its branching fraction BR_dark: the channel counts with
        ``prod_X (1 - BR_dark(X))``, as in micrOMEGAs' darkOmega (docs/micromegas.md).
        """
        n = len(c.mass[self.model.dm.name])
        frac = {p: 1.0 - self.model.dark_fraction(p, c) for p in self.model.mediators}
        out = np.ones((n, len(self.model.channels)))
        for k, ch in enumerate(self.model.channels):
            for part in ch.final:
                if part.name in frac:
                    out[:, k] *= frac[part.name]
        return out

    def _eps_structure(self, c: Couplings) -> tuple[np.ndarray, np.ndarray]:
        m = c.mass[self.model.dm.name]
        four_m2 = 4.0 * m**2
        th = np.stack(
            [(ch.threshold(c) ** 2 - four_m2) / four_m2 for ch in self.model.channels], axis=1
        )
        poles = np.stack(
            [np.stack([(c.mass[p] ** 2 - four_m2) / four_m2, c.mass[p] * c.width[p] / four_m2], axis=1)
             for p in self.model.mediators], axis=1)  # fmt: skip
        return th, poles

    def nodes(self, c: Couplings) -> thermal.Nodes:
        th, poles = self._eps_structure(c)
        return thermal.build_nodes(th, poles)

    def sigma_v(self, c: Couplings, eps: np.ndarray, count: np.ndarray | None = None) -> np.ndarray:
        """sigma v_rel (GeV^-2) of every channel at ``eps`` ``(N, S)``: ``(N, S, K)``.

        ``count`` (N,), optional: only the first ``count[i]`` nodes of point i are wanted (the
        rest is padding, :attr:`thermal.Nodes.count`) and are 0 in the result.
        Isotropic channels through the factorised kernels (:mod:`~alpseesaw.physics.fastpath`),
        the others with explicit wavefunctions, at the nodes where they are open.
        """
        n, s_n = eps.shape
        count = np.full(n, s_n) if count is None else np.asarray(count)
        m = c.mass[self.model.dm.name]
        s = 4.0 * m[:, None] ** 2 * (1.0 + eps)
        out = np.zeros((n, s_n, len(self.model.channels)))
        order = np.argsort(-count, kind="stable")
        for start in range(0, n, CHUNK_POINTS):
            idx = order[start : start + CHUNK_POINTS]
            width = int(count[idx].max())
            if width == 0:
                break
            sub = c.take(idx)
            block = np.zeros((idx.size, width, out.shape[2]))
            for group, gidx in zip(self._groups, self._group_index, strict=True):
                block[:, :, gidx] = group.sigma_v(s[idx, :width], sub)
            block *= (np.arange(width)[None, :] < count[idx, None])[:, :, None]
            out[idx, :width] = block
        flat = s.reshape(-1)
        point = np.repeat(np.arange(n), s_n)
        live = (np.arange(s_n)[None, :] < count[:, None]).reshape(-1)
        for k in self._rest:
            ch = self.model.channels[k]
            open_ = live & (flat > ch.threshold(c)[point] ** 2)
            if not open_.any():
                continue
            sel = np.nonzero(open_)[0]
            sub = c.take(point[sel], ch.particle_names, ch.vertex_keys)
            vals = np.zeros(flat.size)
            vals[sel] = ch.sigma_v(flat[sel], sub, self.n_cos)
            out[:, :, k] = vals.reshape(n, s_n)
        return out

    def _shares(self, m: np.ndarray, svx: np.ndarray, xf: np.ndarray) -> np.ndarray:
        """Shares of ``int_{x_f} g_*^{1/2} <sigma v>_k / x^2 dx`` (the depletion after freeze-out,
        down to T = 1 MeV: micrOMEGAs' omegaCh), see :func:`boltzmann.late_integrals`."""
        contrib = boltzmann.late_integrals(m, svx, xf)  # (N, K)
        total = contrib.sum(axis=1, keepdims=True)
        return np.where(total > 0, contrib / np.where(total > 0, total, 1.0), 0.0)

    def _warnings(
        self, c: Couplings, sv0, sv_slow, svx_25, shares, omega_fo, omega
    ) -> tuple[tuple[str, ...], ...]:
        m = c.mass[self.model.dm.name]
        out = []
        th, poles = self._eps_structure(c)
        for i in range(m.size):
            w: list[str] = []
            for p_i, p in enumerate(self.model.mediators):
                e0, g = poles[i, p_i]
                gam = c.width[p][i]
                mass = c.mass[p][i]
                if mass > 0 and gam / mass > 0.3:
                    w.append(f"{p}: broad resonance, Gamma/M = {gam / mass:.2g}: the Breit-Wigner with a fixed width "
                             "is an approximation")  # fmt: skip
                if -0.05 < e0 < 0.3 and g > 0:
                    w.append(f"{p} resonance: M_{p} - 2 m = {mass - 2 * m[i]:.4g} GeV is within thermal reach; "
                             "the freeze-out estimate (sigma v at v -> 0) misses it")  # fmt: skip
            for k, name in enumerate(self.channels):
                if 0 < th[i, k] < 0.3 and (shares is None or shares[i, k] > SHARE_REPORT):
                    share = "" if shares is None else f" ({100 * shares[i, k]:.3g}% of 1/Omega)"
                    w.append(f"{name}: forbidden channel, threshold {th[i, k]:.3g} above 2 m in (s-4m^2)/4m^2{share}; "
                             "absent from the freeze-out estimate")  # fmt: skip
            tot0 = sv0[i].sum()
            if sv_slow is not None and tot0 > 0:
                r = sv_slow[i].sum() / tot0
                if abs(r - 1) > FREEZE_OUT_TOLERANCE:
                    w.append(f"sigma v changes by a factor {r:.3g} between v = 0 and (s-4m^2)/4m^2 = 1/25: "
                             "the s-wave freeze-out estimate does not apply")  # fmt: skip
            if svx_25 is not None and tot0 > 0:
                r = svx_25[i] / tot0
                if abs(r - 1) > FREEZE_OUT_TOLERANCE:
                    w.append(f"<sigma v>(x = 25) / sigma v(v -> 0) = {r:.3g}: the s-wave freeze-out estimate does "
                             "not apply")  # fmt: skip
            if omega is not None and math.isfinite(omega[i]) and omega[i] > 0:
                r = omega_fo[i] / omega[i]
                if abs(r - 1) > FREEZE_OUT_TOLERANCE:
                    w.append(f"freeze-out estimate Omega h^2 = {omega_fo[i]:.4g} is {r:.3g} times the Boltzmann "
                             f"solution {omega[i]:.4g}")  # fmt: skip
            out.append(tuple(w))
        return tuple(out)


def _mark_not_finite(res: RelicPoints) -> RelicPoints:
    """Points where a cross section is not a finite double (masses or couplings so extreme that
    their powers overflow) get Omega h^2 = nan and a warning naming the channels, not a number."""
    sv = res.sigmav0_cm3_s
    bad = ~np.isfinite(sv).all(axis=1) | ~np.isfinite(res.shares).all(axis=1)
    if not bad.any():
        return res
    omega = res.omega_h2.copy()
    omega[bad] = math.nan
    warnings = list(res.warnings)
    for i in np.nonzero(bad)[0]:
        names = [res.channels[k] for k in range(sv.shape[1])
                 if not (math.isfinite(sv[i, k]) and math.isfinite(res.shares[i, k]))]  # fmt: skip
        warnings[i] = (
            (
                f"not computable: sigma v of {', '.join(names[:4])}{' ...' if len(names) > 4 else ''}"
                " is not a finite double (masses or couplings beyond double precision)"
            ),
            *warnings[i],
        )
    return replace(res, omega_h2=omega, warnings=tuple(warnings))


def _freeze_out(sv0_total_gev2: np.ndarray) -> np.ndarray:
    """The paper's approximation with <sigma v>_eff = sigma(chi chi~) v / 2 (Dirac)."""
    eff = 0.5 * sv0_total_gev2 * GEV2_TO_CM3_S
    with np.errstate(divide="ignore"):
        return np.where(
            eff > 0, OMEGA_PLANCK * SIGMAV_THERMAL_CM3_S / np.where(eff > 0, eff, 1.0), np.inf
        )


def _safe_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1.0), 0.0)
