"""The 7x7 neutral-lepton sector: Takagi factorisation, eq (2.20), the massless state."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

from alpseesaw.model import neutrinos
from alpseesaw.model.card import load_values
from alpseesaw.model.inputs import DEFAULT_NEUTRINO_POINT


def _default_inputs(**changes: float) -> neutrinos.TextureInputs:
    d = dict(DEFAULT_NEUTRINO_POINT) | changes
    d["texture"] = int(d["texture"])
    return neutrinos.TextureInputs(**d)


@pytest.mark.parametrize("seed", range(5))
def test_takagi_against_scipy_svd(seed: int) -> None:
    # independent reference: the singular values of M (scipy SVD) are the Takagi values
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(7, 7)) + 1j * rng.normal(size=(7, 7))
    M = A + A.T
    t = neutrinos.takagi(M)
    assert np.allclose(t.masses, np.sort(scipy.linalg.svdvals(M)), rtol=1e-12)
    assert np.allclose(t.V.conj().T @ t.V, np.eye(7), atol=1e-13)
    assert np.allclose(t.V.T @ M @ t.V, np.diag(t.masses), atol=1e-12 * np.abs(M).max())


def test_model_point_factorises_exactly() -> None:
    p = _default_inputs()
    M = neutrinos.mass_matrix(*neutrinos.texture_matrices(p))
    t = neutrinos.takagi(M)
    D = t.V.T @ M @ t.V
    assert np.allclose(D, np.diag(t.masses), rtol=0, atol=1e-13 * t.masses.max())
    # heavy states come in pseudo-Dirac pairs split by ~ mu_S (inverse seesaw)
    m = t.masses
    assert m[4] - m[3] == pytest.approx(p.muS11, rel=0.05)
    assert m[3] == pytest.approx(p.MN11, rel=1e-3)
    assert m[5] == pytest.approx(p.gammaN * p.MN11, rel=1e-3)


def test_lightest_neutrino_is_massless() -> None:
    # rank(M_light) = 2: the lightest mass vanishes; at 40 digits it is ~1e-30 of m_2
    t = neutrinos.takagi(neutrinos.mass_matrix(*neutrinos.texture_matrices(_default_inputs())))
    assert float(t.masses_mp[0]) < 1e-25 * t.masses[1]


@pytest.mark.parametrize("scale", [1.0, 0.1, 0.01])
def test_light_masses_against_eq_2_20(scale: float) -> None:
    # eq (2.20) holds to leading order in mD/MN: the relative error must scale like (mD/MN)^2
    p = _default_inputs(
        mD11=DEFAULT_NEUTRINO_POINT["mD11"] * scale,
        muS11=DEFAULT_NEUTRINO_POINT["muS11"] / scale**2,
    )
    mD, MN, muS, muR = neutrinos.texture_matrices(p)
    exact = neutrinos.takagi(neutrinos.mass_matrix(mD, MN, muS, muR)).masses[:3]
    approx = np.sort(scipy.linalg.svdvals(neutrinos.seesaw_light_matrix(mD, MN, muS)))
    eps = (np.linalg.norm(mD) / np.linalg.norm(MN)) ** 2
    rel = np.abs(exact[1:] - approx[1:]) / approx[1:]
    assert rel.max() < 5 * eps
    assert approx[1] == pytest.approx(exact[1], rel=5 * eps)


def test_default_card_light_masses_match_table_2() -> None:
    # Table 2 (NO): dm21 = 7.49e-5 eV^2, dm31 = 2.513e-3 eV^2; the default point was fitted to
    # the central values with eq (2.20), so the exact spectrum agrees to O((mD/MN)^2) ~ 1e-3
    v = load_values()
    m = np.array([v["Mnu1"], v["Mnu2"], v["Mnu3"]]) * 1e9  # eV
    assert m[1] ** 2 - m[0] ** 2 == pytest.approx(7.49e-5, rel=1e-2)
    assert m[2] ** 2 - m[0] ** 2 == pytest.approx(2.513e-3, rel=1e-2)
    kappa = v["mD11"] ** 2 * v["muS11"] / v["MN11"] ** 2
    assert kappa * 1e9 == pytest.approx(1.5846e-3, rel=1e-4)


def test_takagi_rejects_non_symmetric() -> None:
    with pytest.raises(ValueError, match="symmetric"):
        neutrinos.takagi(np.array([[0, 1], [2, 0]], dtype=complex))


def _eq_3_5(
    k: float, y1: float, y2: float, y3: float, a: float, b: float, phi: float
) -> np.ndarray:
    """M_light of texture A, eq (3.5) of the paper, entry by entry."""
    be = b * np.exp(1j * phi)
    return k * np.array(
        [
            [1, y1 + a * y2, a * y3],
            [y1 + a * y2, y1**2 + 2 * a * y1 * y2 + be * y2**2, a * y1 * y3 + be * y2 * y3],
            [a * y3, a * y1 * y3 + be * y2 * y3, be * y3**2],
        ]
    )


def _eq_3_6(
    k: float, y1: float, y2: float, y3: float, a: float, b: float, phi: float
) -> np.ndarray:
    """M_light of texture B, eq (3.6) of the paper, entry by entry."""
    be = b * np.exp(1j * phi)
    return k * np.array(
        [
            [1, a * y1, y2 + a * y3],
            [a * y1, be * y1**2, a * y1 * y2 + be * y1 * y3],
            [y2 + a * y3, a * y1 * y2 + be * y1 * y3, y2**2 + 2 * a * y2 * y3 + be * y3**2],
        ]
    )


@pytest.mark.parametrize(("texture", "formula"), [(1, _eq_3_5), (2, _eq_3_6)])
@pytest.mark.parametrize("gamma", [2.0, 3.3])
def test_texture_matrices_give_the_light_matrix_of_eqs_3_5_and_3_6(texture, formula, gamma) -> None:
    # source: eqs (3.1)-(3.6): with M_N = M_N11 diag(1, gamma) and mu_S = mu_S11 [[1, alpha gamma],
    # [alpha gamma, beta gamma^2 e^{i phi}]] the gamma's cancel in M_N^-1 mu_S M_N^-T, and the
    # seesaw formula (2.20) gives kappa times the matrices printed in (3.5)/(3.6), kappa = mD11^2
    # muS11 / MN11^2 (up to the overall sign of (2.20), a phase). Exact up to rounding (1e-13).
    # gamma = 3.3, not only the default 2 (where gamma^2 = 2 gamma).
    p = _default_inputs(texture=texture, gammaN=gamma)
    mD, MN, muS, _ = neutrinos.texture_matrices(p)
    light = -neutrinos.seesaw_light_matrix(mD, MN, muS)
    ref = formula(p.kappa, p.y1, p.y2, p.y3, p.alphaN, p.betaN, p.phiN)
    assert np.allclose(light, ref, rtol=0, atol=1e-13 * np.abs(ref).max())


def _bits(x: complex) -> tuple[float, float]:
    """A value's real and imaginary doubles as their hex strings (signs of zeros included)."""
    z = complex(x)
    return (z.real.hex(), z.imag.hex())


def _random_block_inputs(rng: np.random.Generator) -> dict[str, float]:
    d: dict[str, float] = dict(DEFAULT_NEUTRINO_POINT)
    d |= {
        "texture": float(rng.choice([1.0, 2.0])),
        "mD11": 10 ** rng.uniform(-3, 2),
        "MN11": 10 ** rng.uniform(1, 5),
        "muS11": 10 ** rng.uniform(-9, -3),
        "gammaN": 10 ** rng.uniform(-1, 1),
        "phiN": float(rng.choice([0.0, np.pi, rng.uniform(0, 2 * np.pi)])),
    }
    for k in ("y1", "y2", "y3", "alphaN", "betaN"):
        d[k] = float(rng.choice([0.0, rng.uniform(0, 12)]))
    for k in ("muR11", "muR12", "muR22"):
        d[k] = float(rng.choice([0.0, rng.uniform(-1, 1) * 1e-6]))
    return d


@pytest.mark.parametrize("seed", range(3))
def test_the_plain_block_is_the_numpy_block_bit_for_bit(seed: int) -> None:
    """The card's neutrino block without numpy (a generation imports none) gives the values of
    the numpy arrays and :func:`takagi` it follows, to the last bit and the sign of every zero
    (zero entries, phiN = 0 and pi, betaN = 0, muR on and off, both textures). Planted: the sign
    convention's ``< 0`` as ``> 0`` in ``_signed_columns`` -> fails."""
    rng = np.random.default_rng(seed)
    for n in range(12):
        values = dict(DEFAULT_NEUTRINO_POINT) if seed == n == 0 else _random_block_inputs(rng)
        values |= {k: values.get(k, 0.0) for k in ("muR11", "muR12", "muR22")}
        plain, reference = neutrinos.block_function(values), neutrinos._block_function_numpy(values)
        assert list(plain) == list(reference)
        for name, value in reference.items():
            assert type(plain[name]) is type(value), name
            assert _bits(plain[name]) == _bits(value), (name, plain[name], value)


def test_the_plain_block_hands_unusual_numbers_to_numpy() -> None:
    """Where numpy's errstate(all="raise") would refuse a product (an underflow), the plain block
    is not the judge: numpy's own evaluation raises its error."""
    values = dict(DEFAULT_NEUTRINO_POINT, muR11=0.0, muR12=0.0, muR22=0.0, muS11=1e-300)
    values["alphaN"] = 1e-10
    with pytest.raises(FloatingPointError, match="underflow"):
        neutrinos.block_function(values)
