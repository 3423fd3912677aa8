"""Relic density of Dirac dark matter: the paper's freeze-out approximation and a Boltzmann solver.

Dirac normalisation. Let Y = (n_chi + n_chibar)/s (both counted, as Omega counts both). With
n_chi = n_chibar the Boltzmann equation for Y is that of one self-conjugate species with
g = 4 internal states and an effective cross section

    <sigma v>_eff = <sigma(chi chi~) v> / 2,

which is what micrOMEGAs calls vSigma (the average over chi chi, chi chi~, chi~ chi~ pairs). The
paper's thermal value 2.6e-26 cm^3/s is therefore compared with <sigma v>_eff.

Equations (x = Mchi/T):

    dY/dx = -sqrt(pi/45) M_Pl g_*^{1/2}(T) Mchi <sigma v>_eff(x) / x^2 (Y^2 - Y_eq^2),
    Y_eq = 45 g / (4 pi^4 h_eff(T)) x^2 K_2(x),
    g_*^{1/2} = h_eff / sqrt(g_eff) (1 + (1/3) dln h_eff / dln T),
    Omega h^2 = 2.7439e8 (Mchi/GeV) Y_0,

with g_eff, h_eff from Drees, Hajkarim, Schmitz (arXiv:1503.03513; the table micrOMEGAs 6.0 uses)
and the thermal average of Gondolo and Gelmini (Nucl. Phys. B 360 (1991) 145):

    <sigma v>(x) = int_{4m^2}^inf sigma(s) (s - 4m^2) sqrt(s) K_1(sqrt(s)/T) ds / (8 m^4 T K_2(x)^2).

Solver: L-stable BDF2 on a uniform grid in ln x, each implicit step solved exactly (the equation is
quadratic in Y), up to x = 2000, then the analytic tail 1/Y_0 = 1/Y(2000) + int lambda/x^2 dx.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.special import kve, roots_genlaguerre, roots_laguerre, roots_legendre

from alpseesaw.errors import ParameterError
from alpseesaw.physics import annihilation as ann
from alpseesaw.physics.constants import (
    GEV2_TO_CM3_S,
    M_PLANCK,
    OMEGA_PLANCK,
    OMEGA_Y_FACTOR,
    SIGMAV_THERMAL_CM3_S,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

Method = Literal["freeze-out", "boltzmann"]

#: x at which Y/Y_eq = 1 + XF_DELTA defines freeze-out (micrOMEGAs' darkOmega uses 2.5 = 1 + 1.5).
XF_DELTA: float = 1.5


# --- degrees of freedom ----------------------------------------------------------------------


@dataclass(frozen=True)
class DofTable:
    """g_eff(T), h_eff(T) and g_*^{1/2}(T) sampled finely in ln T (T in GeV) for fast interpolation."""

    ln_t: np.ndarray
    heff: np.ndarray
    geff: np.ndarray
    sqrt_gstar: np.ndarray

    def _interp(self, t: np.ndarray | float, y: np.ndarray) -> np.ndarray:
        return np.interp(np.log(np.asarray(t, dtype=float)), self.ln_t, y)

    def h_eff(self, t: np.ndarray | float) -> np.ndarray:
        """Entropy degrees of freedom at temperature t (GeV); constant beyond the table."""
        return self._interp(t, self.heff)

    def g_eff(self, t: np.ndarray | float) -> np.ndarray:
        """Energy-density degrees of freedom at temperature t (GeV)."""
        return self._interp(t, self.geff)

    def g_star_sqrt(self, t: np.ndarray | float) -> np.ndarray:
        """g_*^{1/2} = h_eff/sqrt(g_eff) (1 + dln h_eff/dln T / 3) at temperature t (GeV)."""
        return self._interp(t, self.sqrt_gstar)


@lru_cache(maxsize=1)
def dof_table() -> DofTable:
    """Load ``alpseesaw/data/dof_dhs2015.csv`` (Drees-Hajkarim-Schmitz 2015) once per process."""
    text = resources.files("alpseesaw.data").joinpath("dof_dhs2015.csv").read_text()
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")][1:]
    data = np.array([[float(v) for v in ln.split(",")] for ln in rows])
    ln_t = np.log(data[:, 0])
    sh, sg = CubicSpline(ln_t, data[:, 1]), CubicSpline(ln_t, data[:, 2])
    fine = np.linspace(ln_t[0], ln_t[-1], 4000)
    heff, geff = sh(fine), sg(fine)
    dlnh = sh(fine, 1) / heff
    return DofTable(fine, heff, geff, heff / np.sqrt(geff) * (1.0 + dlnh / 3.0))


def y_eq(x: np.ndarray, m: float, g: float, table: DofTable | None = None) -> np.ndarray:
    """Maxwell-Boltzmann equilibrium yield n_eq/s for g internal states at x = m/T."""
    table = table or dof_table()
    x = np.asarray(x, dtype=float)
    return 45.0 * g / (4.0 * math.pi**4) / table.h_eff(m / x) * x**2 * kve(2, x) * np.exp(-x)


# --- thermal average -------------------------------------------------------------------------

_N_LAG = 40
_LAG_HALF = roots_genlaguerre(_N_LAG, 0.5)
_LAG = roots_laguerre(32)
_LEG = roots_legendre(48)
_LEG_A = roots_legendre(24)


def _core(t: np.ndarray, x: np.ndarray) -> np.ndarray:
    """GG integrand without sigma v and without sqrt(t) e^{-t}: sqrt(t+4x) z^3 K1e(z)/(8 x^4 K2e(x)^2)."""
    z = 2.0 * x + t
    return np.sqrt(t + 4.0 * x) * z**3 * kve(1, z) / (8.0 * x**4 * kve(2, x) ** 2)


def thermal_average(
    sigma_v: Callable[[np.ndarray], np.ndarray],
    m: float,
    x: np.ndarray | float,
    resonances: Sequence[tuple[float, float]] = (),
) -> np.ndarray:
    """Gondolo-Gelmini <sigma v_Mol>(x) in the units of ``sigma_v`` (vectorised in x).

    ``sigma_v(s)`` is sigma * v_rel with v_rel = 2 beta the CM relative velocity (so sigma (s-4m^2)
    = sigma_v s beta / 2). In z = sqrt(s)/T = 2x + t the integral is
    int w(s) beta z^4 K1(z) dz / (8 x^4 K2(x)^2), evaluated with generalised Gauss-Laguerre
    (weight sqrt(t) e^-t). A resonance (mass, width) above threshold and within 60 T of it gets its
    own arctan-mapped Gauss-Legendre window.
    """
    x = np.atleast_1d(np.asarray(x, dtype=float))
    out = np.empty_like(x)
    res = [(mr, wr) for mr, wr in resonances if mr > 2 * m and wr > 0]
    plain = np.ones(x.shape, dtype=bool)
    windows: list[tuple[np.ndarray, float, float]] = []
    for mr, wr in res:
        t_r = x * (mr / m - 2.0)
        near = t_r < 60.0
        plain &= ~near
        windows.append((near, mr, wr))
    if plain.any():
        xs = x[plain][:, None]
        t = _LAG_HALF[0][None, :]
        s = (m / xs) ** 2 * (2 * xs + t) ** 2
        out[plain] = np.sum(_LAG_HALF[1] * sigma_v(s) * _core(t, xs), axis=1)
    done = plain.copy()
    for near, mr, wr in windows:
        sel = near & ~done
        if not sel.any():
            continue
        out[sel] = _thermal_average_window(sigma_v, m, x[sel], mr, wr)
        done |= sel
    return out


def _thermal_average_window(
    sigma_v: Callable[[np.ndarray], np.ndarray], m: float, x: np.ndarray, mr: float, wr: float
) -> np.ndarray:
    """Three segments: [0, tL] (Legendre in sqrt t), [tL, tR] (arctan map of the Breit-Wigner),
    [tR, inf) (Laguerre)."""
    xs = x[:, None]
    sr = mr**2
    half = min(50.0 * wr, 0.5 * (mr - 2 * m))  # half-width of the window in sqrt(s)
    t_of = lambda rs: xs / m * rs - 2 * xs
    tl = np.maximum(t_of(mr - half), 0.0)
    tr = t_of(mr + 50.0 * wr)
    total = np.zeros(x.shape)
    # segment A: y = sqrt(t) in [0, sqrt(tl)]
    ya = 0.5 * np.sqrt(tl) * (_LEG_A[0][None, :] + 1.0)
    ta = ya**2
    sa = (m / xs) ** 2 * (2 * xs + ta) ** 2
    fa_ = 2 * ya**2 * np.exp(-ta) * sigma_v(sa) * _core(ta, xs)
    total += np.sum(0.5 * np.sqrt(tl) * _LEG_A[1][None, :] * fa_, axis=1)
    # segment B: s = M^2 + M G tan(theta)
    s_l = (m / xs) ** 2 * (2 * xs + tl) ** 2
    s_r = (m / xs) ** 2 * (2 * xs + tr) ** 2
    th_l, th_r = np.arctan((s_l - sr) / (mr * wr)), np.arctan((s_r - sr) / (mr * wr))
    th = th_l + 0.5 * (th_r - th_l) * (_LEG[0][None, :] + 1.0)
    sb = sr + mr * wr * np.tan(th)
    tb = xs / m * np.sqrt(sb) - 2 * xs
    dt_dth = xs / m / (2 * np.sqrt(sb)) * mr * wr / np.cos(th) ** 2
    fb = np.sqrt(np.clip(tb, 0, None)) * np.exp(-tb) * sigma_v(sb) * _core(tb, xs) * dt_dth
    total += np.sum(0.5 * (th_r - th_l) * _LEG[1][None, :] * fb, axis=1)
    # segment C: t = tr + u, weight e^-u
    tc = tr + _LAG[0][None, :]
    sc = (m / xs) ** 2 * (2 * xs + tc) ** 2
    fc = np.sqrt(tc) * np.exp(-tr) * sigma_v(sc) * _core(tc, xs)
    total += np.sum(_LAG[1][None, :] * fc, axis=1)
    return total


# --- the Boltzmann solver --------------------------------------------------------------------


@dataclass(frozen=True)
class BoltzmannSolution:
    """Result of :func:`solve_boltzmann`: today's yield (all particles), Omega h^2, x_f and the grid."""

    y0: float
    omega_h2: float
    xf: float
    x: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)


X_START, X_END, N_STEPS = 1.0, 2000.0, 1600
#: <sigma v>(x) is evaluated on every SV_STRIDE-th grid point and interpolated in ln x.
SV_STRIDE = 8


def solve_boltzmann(
    m: float,
    sigmav_eff: Callable[[np.ndarray], np.ndarray] | float,
    g: float = 4.0,
    n_steps: int = N_STEPS,
) -> BoltzmannSolution:
    """Integrate the freeze-out equation for a particle of mass m (GeV) with g internal states.

    ``sigmav_eff`` is <sigma v>_eff in GeV^-2, a constant or a function of an x array. Returns the
    yield and Omega h^2 of the whole population (for Dirac dark matter pass g = 4 and
    <sigma v>(chi chi~)/2, see the module docstring).
    """
    if not m > 0:
        raise ParameterError("Mchi", m, "a positive mass in GeV")
    table = dof_table()
    u = np.linspace(math.log(X_START), math.log(X_END), n_steps + 1)
    h = u[1] - u[0]
    x = np.exp(u)
    if callable(sigmav_eff):
        coarse = np.asarray(sigmav_eff(x[::SV_STRIDE]), dtype=float)
        if np.all(coarse > 0):
            sv = np.exp(np.interp(u, u[::SV_STRIDE], np.log(coarse)))
        else:
            sv = np.interp(u, u[::SV_STRIDE], coarse)
    else:
        sv = np.full(x.shape, float(sigmav_eff))
    lam = math.sqrt(math.pi / 45.0) * M_PLANCK * m * table.g_star_sqrt(m / x) * sv  # dimensionless
    a_coef = lam / x  # dY/du = -a (Y^2 - Yeq^2)
    yeq = y_eq(x, m, g, table)
    y = np.empty_like(x)
    y[0] = yeq[0]
    # first step: backward Euler; then BDF2. Each step: a' Y^2 + Y - (c + a' Yeq^2) = 0.
    for n in range(n_steps):
        if n == 0:
            c, ap = y[0], h * a_coef[1]
        else:
            c, ap = (4.0 * y[n] - y[n - 1]) / 3.0, (2.0 / 3.0) * h * a_coef[n + 1]
        rhs = c + ap * yeq[n + 1] ** 2
        y[n + 1] = 2.0 * rhs / (1.0 + math.sqrt(1.0 + 4.0 * ap * rhs))
    # analytic tail from X_END to T_today: 1/Y0 = 1/Y_end + int lambda / x^2 dx (Y_eq negligible)
    tail = _tail_integral(m, sv[-2:], x[-2:], table)
    y0 = 1.0 / (1.0 / y[-1] + tail)
    with np.errstate(divide="ignore", over="ignore"):
        ratio = np.where(yeq > 0, y / np.where(yeq > 0, yeq, 1.0), np.inf)
    idx = int(np.argmax(ratio >= 1.0 + XF_DELTA))
    if ratio[idx] < 1.0 + XF_DELTA:
        xf = math.nan
    elif idx == 0:
        xf = float(x[0])
    else:
        r0, r1 = math.log(ratio[idx - 1]), math.log(ratio[idx])
        w = (math.log(1.0 + XF_DELTA) - r0) / (r1 - r0)
        xf = float(math.exp(u[idx - 1] + w * h))
    return BoltzmannSolution(float(y0), float(OMEGA_Y_FACTOR * m * y0), xf, x, y)


def _tail_integral(m: float, sv_last: np.ndarray, x_last: np.ndarray, table: DofTable) -> float:
    """int_{x_end}^{inf} sqrt(pi/45) M_Pl m g*^{1/2} <sv>(x) / x^2 dx with <sv> = a + b/x fitted at
    the last two grid points (exact for s- plus p-wave); g*^{1/2} frozen below the table."""
    (s1, s2), (x1, x2) = sv_last, x_last
    b = (s1 - s2) / (1.0 / x1 - 1.0 / x2)
    a = s2 - b / x2
    ln_x = np.linspace(math.log(x2), math.log(m / math.exp(table.ln_t[0])), 400)
    pref = math.sqrt(math.pi / 45.0) * M_PLANCK * m
    total = 0.0
    if ln_x[-1] > ln_x[0]:
        xs = np.exp(ln_x)
        f = pref * table.g_star_sqrt(m / xs) * (a + b / xs) / xs  # integrand in d ln x
        total = float(np.sum(0.5 * (f[1:] + f[:-1]) * np.diff(ln_x)))
        x_lo = xs[-1]
    else:
        x_lo = x2
    gs_low = float(table.g_star_sqrt(m / max(x_lo, x2)))
    return total + pref * gs_low * (a / x_lo + b / (2 * x_lo**2))


# --- the paper's approximation ---------------------------------------------------------------


def freeze_out_x(m: float, sigmav_eff: float, g: float = 4.0) -> float:
    """Kolb-Turner freeze-out point for an s-wave <sigma v>_eff (GeV^-2), by fixed-point iteration
    of x_f = ln(0.038 g M_Pl m <sv> / sqrt(g_* x_f))."""
    if sigmav_eff <= 0:
        return math.nan
    table = dof_table()
    xf = 20.0
    for _ in range(50):
        arg = 0.038 * g * M_PLANCK * m * sigmav_eff / math.sqrt(float(table.g_eff(m / xf)) * xf)
        if arg <= 1.0:
            return math.nan
        new = math.log(arg)
        if abs(new - xf) < 1e-8:
            break
        xf = new
    return xf


def freeze_out_estimate(sigmav_eff_cm3_s: float) -> float:
    """The paper's approximation: Omega h^2 = 0.12 x (2.6e-26 cm^3/s) / <sigma v>_eff."""
    if sigmav_eff_cm3_s <= 0:
        return math.inf
    return OMEGA_PLANCK * SIGMAV_THERMAL_CM3_S / sigmav_eff_cm3_s


# --- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelicResult:
    """Relic density of chi + chi~ and the v -> 0 cross sections sigma(chi chi~) v per channel."""

    omega_h2: float
    xf: float
    sigmav_cm3_s: dict[str, float]
    method: str
    warnings: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        """The CLI's JSON document (``null`` for non-finite numbers)."""

        def clean(v: float) -> float | None:
            return v if math.isfinite(v) else None

        return {
            "omega_h2": clean(self.omega_h2),
            "xf": clean(self.xf),
            "sigmav_cm3_s": {k: clean(v) for k, v in self.sigmav_cm3_s.items()},
            "method": self.method,
            "warnings": list(self.warnings),
        }


def sigmav_eff_function(
    inp: ann.DarkSectorInputs, photon_coupling: ann.PhotonCoupling = "tree"
) -> Callable[[np.ndarray], np.ndarray]:
    """x -> <sigma v>_eff(x) = <sigma(chi chi~) v>(x)/2 in GeV^-2 (Gondolo-Gelmini, with the a width)."""
    width = ann.alp_width(inp, photon_coupling)

    def f(x: np.ndarray) -> np.ndarray:
        return 0.5 * thermal_average(
            lambda s: ann.sigma_v_total(inp, s, photon_coupling),
            inp.mchi,
            x,
            resonances=((inp.ma, width),),
        )

    return f


def relic_density(
    inp: ann.DarkSectorInputs,
    method: Method = "boltzmann",
    photon_coupling: ann.PhotonCoupling = "tree",
) -> RelicResult:
    """Omega h^2 of chi + chi~ from the s-channel ALP channels, with warnings for what is left out."""
    sv0 = ann.sigma_v_zero(inp, photon_coupling)
    for ch in ("gamma gamma", "mu+ mu-"):
        sv0.setdefault(ch, 0.0)
    sv_eff0 = 0.5 * sum(sv0.values())
    warnings = _warnings(inp, photon_coupling, method)
    if method == "freeze-out":
        xf = freeze_out_x(inp.mchi, sv_eff0 / GEV2_TO_CM3_S)
        omega = freeze_out_estimate(sv_eff0)
    elif method == "boltzmann":
        sol = solve_boltzmann(inp.mchi, sigmav_eff_function(inp, photon_coupling))
        omega, xf = sol.omega_h2, sol.xf
    else:
        raise ParameterError("method", method, "'freeze-out' or 'boltzmann'")
    return RelicResult(omega, xf, sv0, method, tuple(warnings))


def _warnings(
    inp: ann.DarkSectorInputs, photon_coupling: ann.PhotonCoupling, method: str
) -> list[str]:
    out: list[str] = []
    for note in ann.other_channels(inp):
        if not note.included and note.boltzmann_factor > 1e-3:
            out.append(
                f"{note.final_state}: {note.kind}, Boltzmann factor {note.boltzmann_factor:.2g} "
                f"at x_f = 25; {note.note}"
            )
        elif note.kind == "resonance" and method == "freeze-out":
            out.append(f"{note.final_state}: {note.note}")
    if photon_coupling == "tree" and inp.cgg_anomaly_shift:
        eff = inp.cgg_yukawa
        if abs(eff - inp.cgg) > 0.1 * abs(inp.cgg) or inp.cgg == 0:
            ratio = (eff / inp.cgg) ** 2 if inp.cgg else math.inf
            out.append(
                f"fermion loops of the (2.10) couplings change C_gamma_gamma from {inp.cgg:.4g} (tree) to "
                f"{eff:.4g} at sqrt(s) >> m_f (sigma v(gamma gamma) x {ratio:.3g}); "
                "rerun with photon_coupling='effective' (--photon-coupling effective)"
            )
    if inp.g_chi**2 / (4 * math.pi) > 1.0:
        out.append(
            f"g_chi = Mchi/fa = {inp.g_chi:.3g}: g_chi^2/4pi > 1, the DM coupling is non-perturbative"
        )
    return out
