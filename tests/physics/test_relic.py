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


def _reference_omega(m: float, sv_cm3_s: float, g: float) -> float:
    """Independent integration of the same equation: scipy Radau, rtol 1e-10, from x = 1 to 2000,
    then the same analytic tail."""
    table = relic.dof_table()
    lam = math.sqrt(math.pi / 45) * M_PLANCK * m * sv_cm3_s / GEV2_TO_CM3_S

    def rhs(x: float, y: np.ndarray) -> list[float]:
        return [
            -lam
            * float(table.g_star_sqrt(m / x))
            / x**2
            * (y[0] ** 2 - float(relic.y_eq(x, m, g)) ** 2)
        ]

    def jac(x: float, y: np.ndarray) -> list[list[float]]:
        return [[-2 * lam * float(table.g_star_sqrt(m / x)) / x**2 * y[0]]]

    sol = solve_ivp(
        rhs,
        (1.0, 2000.0),
        [float(relic.y_eq(1.0, m, g))],
        method="Radau",
        rtol=1e-10,
        atol=1e-30,
        jac=jac,
    )
    sv = sv_cm3_s / GEV2_TO_CM3_S
    tail = relic._tail_integral(m, np.array([sv, sv]), np.array([1999.0, 2000.0]), table)
    return OMEGA_Y_FACTOR * m / (1 / sol.y[0, -1] + tail)


@pytest.mark.parametrize(
    ("m", "sv", "g"), [(100.0, 2.2e-26, 2.0), (1e5, 4.4e-26 / 2, 4.0), (10.0, 1e-25, 2.0)]
)
def test_constant_sigmav_toy_matches_stiff_reference(m: float, sv: float, g: float) -> None:
    # Source: the toy model with constant <sigma v>, integrated independently by scipy's Radau at
    # rtol 1e-10. Tolerance 1% (the requirement; the solver is at ~0.1%).
    ours = relic.solve_boltzmann(m, sv / GEV2_TO_CM3_S, g=g).omega_h2
    assert ours == pytest.approx(_reference_omega(m, sv, g), rel=0.01)


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
