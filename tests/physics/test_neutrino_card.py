"""A viable texture point as model card values; checked against the model's full 7x7 neutrino mass matrix."""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.errors import ParameterError
from alpseesaw.physics.neutrino import card_values, kappa_of_card, texture_observables

#: A viable texture-A point (NO, delta = 330 deg; see test_neutrino_scan.py), kappa in eV.
POINT_A = np.array([0.00357476, 1.75454, 0.121647, 0.174887, 3.48313, 250.971, 0.825949])
#: A viable texture-B point (IO).
POINT_B = np.array([0.0300798, 0.0819538, 0.216415, 0.0839448, 9.47778, 102.18, 3.15993])


@pytest.mark.parametrize(("mn11", "md11"), [(1000.0, None), (5000.0, 1.0), (200.0, 0.05)])
def test_card_reproduces_kappa(mn11: float, md11: float | None) -> None:
    # source: model contract, kappa = mD11**2 muS11 / MN11**2 (GeV); exact up to rounding.
    cp = card_values("A", POINT_A, MN11=mn11, gammaN=3.0, mD11=md11)
    assert kappa_of_card(cp.values) == pytest.approx(POINT_A[0], rel=1e-14)
    assert cp.values["texture"] == 1.0
    assert cp.values["MN11"] == mn11
    if md11 is None:  # default: the middle of the hierarchy, muS11/mD11 = mD11/MN11
        assert cp.values["muS11"] / cp.values["mD11"] == pytest.approx(
            cp.values["mD11"] / mn11, rel=1e-12
        )
    assert cp.expansion < 1e-2


def test_bad_heavy_scale_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError, match="MN11"):
        card_values("A", POINT_A, MN11=-1.0)
    with pytest.raises(ParameterError, match="texture"):
        card_values("C", POINT_A)


@pytest.mark.parametrize(
    ("texture", "point", "ordering"), [("A", POINT_A, "NO"), ("B", POINT_B, "IO")]
)
def test_full_model_light_masses_match_the_texture(
    texture: str, point: np.ndarray, ordering: str
) -> None:
    # source: the model's neutrino block diagonalises the full 7x7 matrix (2.18) (mpmath Takagi,
    # alpseesaw.model.neutrinos); its three light masses must equal those of kappa * (3.5)/(3.6)
    # up to the inverse-seesaw corrections, relative O(expansion^2) (measured 0.7 expansion^2 ~ 1e-7
    # here; asserted within 10 expansion^2), plus the
    # vanishing one (< 1e-12 of the heaviest).
    from alpseesaw.model import load_values

    cp = card_values(texture, point)
    vals = load_values(overrides=cp.values)
    full = np.array([vals["Mnu1"], vals["Mnu2"], vals["Mnu3"]], dtype=float)  # GeV, ascending
    o = texture_observables(texture, point[None], ordering)
    ours = np.sort([o.m1[0], o.m2[0], o.m3[0]]) * 1e-9
    assert full[0] < 1e-12 * full[2]
    tol = max(10 * cp.expansion**2, 1e-10)
    assert full[1:] == pytest.approx(ours[1:], rel=tol)


@pytest.mark.parametrize(("gamma", "heaviest_ratio"), [(2.0, 1.0), (0.5, 2.0)])
def test_expansion_parameter_is_the_largest_mD_over_MN(gamma: float, heaviest_ratio: float) -> None:
    # Texture A with y1 = y2 = y3 = 1, alpha = 0, beta = 1: m_D = mD11 [[1, 0], [1, 1], [0, 1]],
    # M_N = MN11 diag(1, gamma). By hand, the largest |(m_D M_N^-1)_ij| is mD11/MN11 for gamma
    # >= 1 and mD11/(gamma MN11) below; mu_S/M_N (1e-7 of it here) is far smaller.
    cp = card_values("A", [0.01, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0], MN11=1000.0, gammaN=gamma)
    want = heaviest_ratio * cp.values["mD11"] / cp.values["MN11"]
    assert cp.expansion == pytest.approx(want, rel=1e-12)
