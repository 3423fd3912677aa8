"""Observables of (3.7)-(3.9) on hand-built PMNS matrices; textures (3.5)/(3.6); Table 2 data."""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.errors import ParameterError
from alpseesaw.physics.neutrino import (
    light_mass_matrix,
    load_oscillation_data,
    observables_from_matrix,
    texture_observables,
)
from alpseesaw.physics.neutrino.textures import dirac_shape, flat_direction, null_vector


def pdg_pmns(
    s12sq: float, s13sq: float, s23sq: float, delta: float, a21: float, a31: float
) -> np.ndarray:
    """PDG parametrisation (Review of Particle Physics, 'Neutrino mixing'): R23 U13(delta) R12 times
    diag(1, e^{i a21/2}, e^{i a31/2}); U_e3 = s13 e^{-i delta}. Angles in radians."""
    s12, s13, s23 = np.sqrt([s12sq, s13sq, s23sq])
    c12, c13, c23 = np.sqrt([1 - s12sq, 1 - s13sq, 1 - s23sq])
    e = np.exp(1j * delta)
    u = np.array(
        [
            [c12 * c13, s12 * c13, s13 / e],
            [-s12 * c23 - c12 * s23 * s13 * e, c12 * c23 - s12 * s23 * s13 * e, s23 * c13],
            [s12 * s23 - c12 * c23 * s13 * e, -c12 * s23 - s12 * c23 * s13 * e, c23 * c13],
        ]
    )
    return u @ np.diag([1.0, np.exp(0.5j * a21), np.exp(0.5j * a31)])


CASES = [
    # (s12^2, s13^2, s23^2, delta [deg], a21, a31, masses m1, m2, m3 [eV], ordering)
    (0.308, 0.02215, 0.470, 212.0, 0.3, 1.9, 0.0, 0.0086545, 0.050130, "NO"),
    (0.30, 0.022, 0.56, 3.0, 2.0, -1.0, 0.001, 0.0087, 0.0502, "NO"),
    (0.31, 0.021, 0.45, 359.0, 0.0, 0.0, 0.0, 0.0086, 0.0501, "NO"),
    (0.29, 0.023, 0.52, 91.0, 1.0, 4.0, 0.0, 0.0086, 0.0501, "NO"),
    (0.308, 0.02231, 0.550, 274.0, 0.7, 0.2, 0.04898, 0.04974, 0.0, "IO"),
    (0.33, 0.020, 0.60, 150.0, 5.0, 1.0, 0.0501, 0.0509, 0.002, "IO"),
]


@pytest.mark.parametrize("case", CASES)
def test_hand_built_pmns(case) -> None:
    # source: U^T M U = diag(m) (eq 3.7) => M = U* diag(m) U^dagger; angles from (3.8), delta in the
    # PDG convention, J = s12 c12 s23 c23 s13 c13^2 sin(delta) (PDG), m_eff and m_ee by definition.
    # A random charged-lepton rephasing P M P must not change anything (rephasing invariance).
    # Tolerance: 1e-9 relative / 1e-7 deg, rounding of a well-conditioned 3x3 problem.
    s12, s13, s23, dl, a21, a31, m1, m2, m3, ordering = case
    u = pdg_pmns(s12, s13, s23, np.radians(dl), a21, a31)
    m = np.conj(u) @ np.diag([m1, m2, m3]) @ u.conj().T
    p = np.diag(np.exp(1j * np.array([0.4, -1.3, 2.2])))
    for mat in (m, p @ m @ p):
        o = observables_from_matrix(mat[None], ordering)
        assert o.sin2_theta12[0] == pytest.approx(s12, rel=1e-9)
        assert o.sin2_theta13[0] == pytest.approx(s13, rel=1e-9)
        assert o.sin2_theta23[0] == pytest.approx(s23, rel=1e-9)
        assert o.delta_cp_deg[0] == pytest.approx(dl, abs=1e-7)
        assert (o.m1[0], o.m2[0], o.m3[0]) == pytest.approx((m1, m2, m3), rel=1e-9, abs=1e-15)
        assert o.dm2_sol[0] == pytest.approx(m2**2 - m1**2, rel=1e-9)
        atm = m3**2 - m1**2 if ordering == "NO" else m2**2 - m3**2
        assert o.dm2_atm[0] == pytest.approx(atm, rel=1e-9)
        jcp = np.sqrt(s12 * (1 - s12) * s23 * (1 - s23) * s13) * (1 - s13) * np.sin(np.radians(dl))
        assert o.jarlskog[0] == pytest.approx(jcp, rel=1e-8, abs=1e-14)
        ue = u[0]
        assert o.m_ee[0] == pytest.approx(abs(np.sum(ue**2 * np.array([m1, m2, m3]))), rel=1e-9)
        assert o.m_eff[0] == pytest.approx(
            np.sqrt(np.sum(abs(ue) ** 2 * np.array([m1, m2, m3]) ** 2)), rel=1e-9
        )
        assert o.sum_m[0] == pytest.approx(m1 + m2 + m3, rel=1e-9)


def test_delta_is_conjugated_with_the_matrix() -> None:
    # M -> M* is U -> U*: delta -> 360 - delta, angles unchanged (sign convention check).
    u = pdg_pmns(0.3, 0.022, 0.5, np.radians(60.0), 0.0, 0.0)
    m = np.conj(u) @ np.diag([0.0, 0.0086, 0.05]) @ u.conj().T
    o = observables_from_matrix(np.stack([m, m.conj()]), "NO")
    assert o.delta_cp_deg == pytest.approx([60.0, 300.0], abs=1e-8)


@pytest.mark.parametrize("texture", ["A", "B"])
def test_texture_matrices_equal_mD_X_mDT(texture: str) -> None:
    # source: eqs (3.1)-(3.4) => M_light = kappa m_D X m_D^T with X = [[1, a], [a, b e^{i phi}]]
    # (independent matrix product vs the expanded entries of (3.5)/(3.6)); exact to rounding.
    rng = np.random.default_rng(3)
    for _ in range(20):
        k, y1, y2, y3, a, b = np.power(10.0, rng.uniform(-2, 2, 6))
        phi = rng.uniform(0, 2 * np.pi)
        md = dirac_shape(texture, y1, y2, y3)
        x = np.array([[1.0, a], [a, b * np.exp(1j * phi)]])
        ref = k * md @ x @ md.T
        got = light_mass_matrix(texture, k, y1, y2, y3, a, b, phi)
        assert np.allclose(got, ref, rtol=1e-13, atol=1e-13 * np.abs(ref).max())
        u = null_vector(texture, y1, y2, y3)
        assert np.abs(got @ u).max() < 1e-12 * np.abs(ref).max()


@pytest.mark.parametrize("texture", ["A", "B"])
def test_flat_direction_leaves_matrix_unchanged(texture: str) -> None:
    # source: scaling the second column of m_D by s and (alpha, beta) by (1/s, 1/s^2) (textures.py)
    rng = np.random.default_rng(4)
    x = np.r_[np.log10([0.01, 0.7, 1.3, 2.1, 0.4, 3.0]), 1.1]
    for t in rng.uniform(-2, 2, 5):
        y = x + t * flat_direction(texture)
        p0 = np.r_[np.power(10.0, x[:6]), x[6]]
        p1 = np.r_[np.power(10.0, y[:6]), y[6]]
        m0 = light_mass_matrix(texture, *p0)
        m1 = light_mass_matrix(texture, *p1)
        assert np.allclose(m0, m1, rtol=1e-12, atol=1e-15)


def test_texture_observables_matches_matrix_path_and_shapes() -> None:
    rng = np.random.default_rng(5)
    p = np.column_stack(
        [np.power(10.0, rng.uniform(-3, -1, 50))]
        + [np.power(10.0, rng.uniform(-1, 1, 50)) for _ in range(5)]
        + [rng.uniform(0, 2 * np.pi, 50)]
    )
    fast = texture_observables("B", p.reshape(5, 10, 7), "NO")
    assert fast.m_ee.shape == (5, 10)
    ref = observables_from_matrix(light_mass_matrix("B", *p.T), "NO")
    for name, v in ref.as_dict().items():
        assert np.allclose(getattr(fast, name).ravel(), v, rtol=1e-9, atol=1e-14), name
    # m_ee = |M_ee| = kappa (eq 3.5/3.6 have M_ee = kappa); one mass vanishes (rank 2)
    assert np.allclose(fast.m_ee.ravel(), p[:, 0], rtol=1e-9)


def test_bad_names_raise_parameter_error() -> None:
    with pytest.raises(ParameterError, match="texture"):
        texture_observables("C", np.ones(7))
    with pytest.raises(ParameterError, match="ordering"):
        texture_observables("A", np.ones(7), "XO")
    with pytest.raises(ParameterError, match="params"):
        texture_observables("A", np.ones(6))


def test_table2_data_and_wrapped_delta_window() -> None:
    # source: Table 2 of the paper; 3 sigma range = best -/+ errors; NO delta window 124 -> 364.
    no, io = load_oscillation_data("NO"), load_oscillation_data("IO")
    assert (no["delta_cp_deg"].low, no["delta_cp_deg"].high) == (124.0, 364.0)
    assert (io["delta_cp_deg"].low, io["delta_cp_deg"].high) == (201.0, 335.0)
    assert no["sin2_theta23"].low == pytest.approx(0.435)
    assert io["dm2_atm"].high == pytest.approx(2.547e-3)
    assert "NuFIT" in no.source
    # delta = 2 deg lies on the NO arc (364 = 4 deg), 100 deg does not
    u = pdg_pmns(0.308, 0.02215, 0.47, 0.0, 0.0, 0.0)
    mats = []
    for d in (2.0, 100.0, 212.0):
        u = pdg_pmns(0.308, 0.02215, 0.47, np.radians(d), 0.0, 0.0)
        mats.append(np.conj(u) @ np.diag([0.0, np.sqrt(7.49e-5), np.sqrt(2.513e-3)]) @ u.conj().T)
    o = observables_from_matrix(np.stack(mats), "NO")
    assert no.consistent(o).tolist() == [True, False, True]
    assert no.delta_in_window(o.delta_cp_deg) == pytest.approx([362.0, 100.0 + 360.0, 212.0])
