"""The Boltzmann solver, the thermal average and the freeze-out approximation."""

from __future__ import annotations

import itertools
import math
from functools import partial

import numpy as np
import pytest
from scipy.integrate import quad, solve_ivp

from alpseesaw.physics import annihilation as ann
from alpseesaw.physics import relic
from alpseesaw.physics.constants import GEV2_TO_CM3_S, M_PLANCK, OMEGA_Y_FACTOR


def _dhs_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ln T, h_eff, g_eff of the Drees-Hajkarim-Schmitz table, read here (not through relic)."""
    from importlib import resources

    text = resources.files("alpseesaw.data").joinpath("dof_dhs2015.csv").read_text()
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")][1:]
    t, h, g = np.array([[float(v) for v in ln.split(",")] for ln in rows]).T
    return np.log(t), h, g


def _reference_omega(m: float, sv_cm3_s: float, g: float, p_wave: float = 0.0) -> float:
    """Independent solution of the same equation for <sigma v> = sv (1 + p_wave / x): its own
    g_* (the table linearly interpolated in ln T, dln h/dln T by a centred difference), Y_eq
    from scipy's unscaled K_2, scipy Radau (rtol 1e-8) from x = 1 to 2000, then the late-time
    1/Y_0 = 1/Y(2000) + int_2000^inf lambda(x)/x^2 dx by trapezoids in ln x, g_* frozen below the
    table."""
    from scipy.special import kn

    ln_t, h_tab, g_tab = _dhs_table()

    def heff(t: float) -> float:
        return float(np.interp(math.log(t), ln_t, h_tab))

    def gstar_sqrt(t: float) -> float:
        d = 1e-3
        dlnh = (math.log(heff(t * math.exp(d))) - math.log(heff(t * math.exp(-d)))) / (2 * d)
        return heff(t) / math.sqrt(float(np.interp(math.log(t), ln_t, g_tab))) * (1 + dlnh / 3)

    def yeq(x: float) -> float:
        return 45 * g / (4 * math.pi**4) / heff(m / x) * x**2 * float(kn(2, x))

    pref = math.sqrt(math.pi / 45) * M_PLANCK * m * sv_cm3_s / GEV2_TO_CM3_S

    def lam(x: float) -> float:
        return pref * gstar_sqrt(m / x) * (1 + p_wave / x)

    def rhs(x: float, y: np.ndarray) -> list[float]:
        return [-lam(x) / x**2 * (y[0] ** 2 - yeq(x) ** 2)]

    def jac(x: float, y: np.ndarray) -> list[list[float]]:
        return [[-2 * lam(x) / x**2 * y[0]]]

    sol = solve_ivp(rhs, (1.0, 2000.0), [yeq(1.0)], method="Radau", rtol=1e-8, atol=1e-30, jac=jac)
    x_cold = max(m / math.exp(ln_t[0]), 2000.0)
    u = np.linspace(math.log(2000.0), math.log(x_cold), 4001)  # trapezoids in ln x
    f = np.array([lam(x) / x for x in np.exp(u)])
    tail = float(np.sum(0.5 * (f[1:] + f[:-1]) * np.diff(u)))
    tail += pref * gstar_sqrt(math.exp(ln_t[0])) * (1 / x_cold + p_wave / (2 * x_cold**2))
    return OMEGA_Y_FACTOR * m / (1 / sol.y[0, -1] + tail)


@pytest.mark.parametrize(
    ("m", "sv", "g"), [(100.0, 2.2e-26, 2.0), (1e5, 4.4e-26 / 2, 4.0), (10.0, 1e-25, 2.0)]
)
def test_constant_sigmav_toy_matches_stiff_reference(m: float, sv: float, g: float) -> None:
    # Source: the toy model with constant <sigma v>, integrated independently (_reference_omega:
    # its own g_*, Y_eq and late-time integral). Tolerance 3e-3 (the issue asks for 1%; measured
    # 5-7e-4: the two g_* interpolations).
    ours = relic.solve_boltzmann(m, sv / GEV2_TO_CM3_S, g=g).omega_h2
    assert ours == pytest.approx(_reference_omega(m, sv, g), rel=3e-3)


@pytest.mark.parametrize("m", [0.01, 30.0, 3000.0])
def test_p_wave_toy_matches_stiff_reference(m: float) -> None:
    # <sigma v> = a (1 + 60/x): the p-wave part is 3x the s-wave one at freeze-out and a fifth of
    # the late-time depletion (the a + b/x tail of the solver). At m = 10 MeV the whole tail
    # after x = 2000 is below the table (T < 20 keV), where it is one closed form. Same
    # independent reference, tolerance 3e-3 (measured 7-8e-4).
    sv = 1e-26

    def sv_eff(x: np.ndarray) -> np.ndarray:
        return sv / GEV2_TO_CM3_S * (1 + 60.0 / np.asarray(x))

    ours = relic.solve_boltzmann(m, sv_eff, g=4.0).omega_h2
    assert ours == pytest.approx(_reference_omega(m, sv, 4.0, p_wave=60.0), rel=3e-3)


def test_toy_matches_steigman_dasgupta_beacom() -> None:
    # Source: Steigman, Dasgupta, Beacom, PRD 86 (2012) 023506 (arXiv:1204.3622): a self-conjugate
    # WIMP of 100 GeV needs <sigma v> = 2.2e-26 cm^3/s for Omega h^2 = 0.11. Tolerance 3%: they use
    # an older g_*(T) table.
    assert relic.solve_boltzmann(100.0, 2.2e-26 / GEV2_TO_CM3_S, g=2.0).omega_h2 == pytest.approx(
        0.11, rel=0.03
    )


@pytest.mark.parametrize("x", [1.0, 20.0, 300.0])
def test_thermal_average_constant_matches_quadrature(x: float) -> None:
    # Source: the Gondolo-Gelmini integral evaluated with adaptive quadrature (scipy quad, 1e-12).
    # For sigma v_rel = const the average is below the constant (Moller velocity): 0.932 at x = 20.
    ours = float(relic.thermal_average(np.ones_like, 100.0, x)[0])

    def f(t: float) -> float:
        return math.sqrt(t) * float(relic._core(np.array([t]), np.array([x]))[0]) * math.exp(-t)

    ref = quad(f, 0, np.inf, limit=500, epsabs=0, epsrel=1e-12)[0]
    assert ours == pytest.approx(ref, rel=1e-6)
    assert ours == pytest.approx(1.0, abs=2.0 / x)  # non-relativistic limit


def test_thermal_average_through_a_narrow_resonance() -> None:
    # Source: adaptive quadrature split around the Breit-Wigner peak. Tolerance 1e-3.
    inp = ann.DarkSectorInputs(
        mchi=1000.0,
        ma=2050.0,
        mphi=5000.0,
        fa=1e4,
        cgg=10.0,
        fermions=(ann.Fermion("mu+ mu-", 0.10566, -100.0, 1, -1.0),),
    )
    width = ann.alp_width(inp)
    m, x = inp.mchi, 20.0
    ours = float(
        relic.thermal_average(partial(ann.sigma_v_total, inp), m, x, ((inp.ma, width),))[0]
    )
    t_r, g_t = x * (inp.ma / m - 2), width * x / m

    def f(t: float) -> float:
        s = np.array([(m / x) ** 2 * (2 * x + t) ** 2])
        return (
            math.sqrt(t)
            * float(relic._core(np.array([t]), np.array([x]))[0])
            * math.exp(-t)
            * float(ann.sigma_v_total(inp, s)[0])
        )

    edges = [0.0, t_r - 100 * g_t, t_r - g_t, t_r, t_r + g_t, t_r + 100 * g_t, t_r + 1.0]
    ref = sum(quad(f, a, b, limit=500, epsrel=1e-10)[0] for a, b in itertools.pairwise(edges))
    ref += quad(f, edges[-1], np.inf, limit=500)[0]
    assert ours == pytest.approx(ref, rel=1e-3)


def test_degrees_of_freedom_table() -> None:
    # Source: Drees-Hajkarim-Schmitz table: 106.83 above 10 TeV; h_eff today 3.94 (their value).
    table = relic.dof_table()
    assert float(table.h_eff(2e4)) == pytest.approx(106.83, abs=0.01)
    assert float(table.h_eff(1e-6)) == pytest.approx(3.9387, abs=1e-3)
    assert float(table.g_star_sqrt(1e4)) == pytest.approx(math.sqrt(106.83), rel=1e-3)


def test_g_star_at_every_table_temperature_with_its_derivative_term() -> None:
    # Source: the Drees-Hajkarim-Schmitz table read here directly; g_*^{1/2} = h_eff/sqrt(g_eff)
    # (1 + (1/3) dln h_eff/dln T) with the derivative a centred difference between the table's
    # neighbours. At the QCD transition (T ~ 0.17 GeV) and at e+e- annihilation (T ~ 0.2 MeV) the
    # derivative term is up to 58% of g_*^{1/2}, so a wrong factor in it is seen. Tolerance 1e-2:
    # the centred difference against the spline's derivative, measured 6.2e-3 at the worst point.
    from importlib import resources

    text = resources.files("alpseesaw.data").joinpath("dof_dhs2015.csv").read_text()
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")][1:]
    t, h, g = np.array([[float(v) for v in ln.split(",")] for ln in rows]).T
    dlnh = np.log(h[2:] / h[:-2]) / np.log(t[2:] / t[:-2])
    ref = h[1:-1] / np.sqrt(g[1:-1]) * (1 + dlnh / 3)
    table = relic.dof_table()
    assert dlnh.max() > 1.5  # the QCD transition is in the table
    assert table.g_star_sqrt(t[1:-1]) == pytest.approx(ref, rel=1e-2)
    assert table.h_eff(t[1:-1]) == pytest.approx(h[1:-1], rel=1e-3)
    assert table.g_eff(t[1:-1]) == pytest.approx(g[1:-1], rel=1e-3)


def test_freeze_out_estimate_and_dirac_normalisation() -> None:
    # The paper's approximation: <sigma v>_eff = 2.6e-26 cm^3/s gives Omega h^2 = 0.12 exactly.
    assert relic.freeze_out_estimate(2.6e-26) == pytest.approx(0.12)
    # Dirac: the model's Boltzmann result equals the generic solver with g = 4 and sigma(chi chi~) v / 2.
    inp = ann.DarkSectorInputs(
        mchi=5e4,
        ma=5.5e4,
        mphi=5.5e4,
        fa=1e4,
        cgg=300.0,
        fermions=(ann.Fermion("mu+ mu-", 0.10566, -1e4, 1, -1.0),),
    )
    res = relic.relic_density(inp, "boltzmann")
    sv = ann.sigma_v_total(inp, 4 * inp.mchi**2)
    rough = relic.solve_boltzmann(inp.mchi, 0.5 * float(sv), g=4.0).omega_h2
    # the thermal average lowers <sigma v> by ~(1 - 3/2x_f) at freeze-out: within 10% of the v -> 0 toy
    assert res.omega_h2 == pytest.approx(rough, rel=0.1)
    assert res.omega_h2 > rough
    assert 15 < res.xf < 40
    fo = relic.relic_density(inp, "freeze-out")
    assert fo.omega_h2 == pytest.approx(0.12 * 2.6e-26 / (0.5 * sum(fo.sigmav_cm3_s.values())))
    assert set(fo.to_json()) == {"omega_h2", "xf", "sigmav_cm3_s", "method", "warnings"}


def test_warnings_name_missing_channels_and_loops() -> None:
    inp = ann.DarkSectorInputs(
        mchi=1000.0,
        ma=1100.0,
        mphi=1100.0,
        fa=1e4,
        cgg=10.0,
        fermions=(ann.Fermion("mu+ mu-", 0.10566, -100.0, 1, -1.0),),
    )
    text = " ".join(relic.relic_density(inp, "freeze-out").warnings)
    assert "a a" in text
    assert "forbidden" in text
    assert "C_gamma_gamma" in text
