"""The batched Takagi factorisation against independent ones (scipy SVD / eigh) and exact cases."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg as sl

from alpseesaw.physics.neutrino.takagi import takagi, takagi_robust

EPS = np.finfo(float).eps


def _random_symmetric(
    rng: np.random.Generator, n: int, scales: np.ndarray | None = None
) -> np.ndarray:
    a = rng.normal(size=(n, 3, 3)) + 1j * rng.normal(size=(n, 3, 3))
    m = a + np.swapaxes(a, -1, -2)
    if scales is not None:  # M -> S M S with S = diag(scales): a hierarchical spectrum
        m = scales[:, :, None] * m * scales[:, None, :]
    return m


def _check_factorisation(m: np.ndarray, masses: np.ndarray, u: np.ndarray, tol: float) -> None:
    """U unitary, U^T M U = diag(masses), masses = singular values (scipy), all within tol * |M|."""
    scale = np.abs(m).max(axis=(-2, -1))
    eye = np.eye(3)
    unit = np.abs(np.einsum("nji,njk->nik", u.conj(), u) - eye).max(axis=(-2, -1))
    assert unit.max() < 1e-13
    d = np.einsum("nji,njk,nkl->nil", u, m, u)
    off = np.abs(d - masses[:, :, None] * eye).max(axis=(-2, -1))
    assert np.all(off <= tol * scale)
    sv = np.array([sl.svdvals(x) for x in m])[:, ::-1]  # independent: LAPACK SVD, ascending
    assert np.all(np.abs(sv - masses).max(axis=-1) <= tol * scale)


@pytest.mark.parametrize("func", [takagi, takagi_robust])
def test_random_complex_symmetric_against_scipy_svd(func) -> None:
    # source: Takagi values are the singular values of M; U^T M U diagonal and U unitary by
    # definition. Tolerance: the fast path's columns err by ~eps m_max^2 / gap(m^2) with relative
    # gaps >= 1e-3 (else it falls back), i.e. <~ 2e-13 |M| (measured 9e-14 on these draws), so
    # 1e-11 |M| holds with margin.
    rng = np.random.default_rng(11)
    m = _random_symmetric(rng, 2000)
    r = func(m)
    _check_factorisation(m, r.masses, r.U, 1e-11)


def test_columns_are_eigenvectors_of_m_dagger_m() -> None:
    # source: M^dagger M = U diag(m^2) U^dagger; scipy.linalg.eigh of M^dagger M gives the same
    # columns up to a phase (non-degenerate spectra). Tolerance 1e-10: scipy's own eigenvector
    # error eps |M|^2 / gap dominates (gaps of a few 1e-3 |M|^2 occur among 300 draws).
    rng = np.random.default_rng(12)
    m = _random_symmetric(rng, 300)
    r = takagi(m)
    for mi, ui in zip(m, r.U, strict=True):
        _, v = sl.eigh(mi.conj().T @ mi)
        overlap = np.abs(np.einsum("ik,ik->k", v.conj(), ui))
        assert np.allclose(overlap, 1.0, atol=1e-10)


def test_hierarchical_spectra() -> None:
    # mass ratios down to 1e-6: the 2x2 block of the fast path keeps the small masses at their own
    # scale (degenerate pairs fall back to the 6x6 embedding). Tolerance as in the random test.
    rng = np.random.default_rng(13)
    scales = np.power(10.0, rng.uniform(-3.0, 0.0, size=(500, 3)))
    m = _random_symmetric(rng, 500, scales)
    r = takagi(m)
    _check_factorisation(m, r.masses, r.U, 1e-11)


@pytest.mark.parametrize(
    "m",
    [
        np.eye(3),
        np.diag([1.0, 1.0, 2.0]),
        np.diag([0.0, 0.0, 1.0]),
        np.zeros((3, 3)),
        np.diag([1j, 1.0, -1.0]),
        np.array([[0, 1, 0], [1, 0, 0], [0, 0, 3.0]]),  # a degenerate pair mixed by a real rotation
    ],
)
def test_degenerate_and_rank_deficient(m: np.ndarray) -> None:
    # exact cases: the singular values are known; U^T M U must be diagonal and U unitary.
    r = takagi(m[None])
    _check_factorisation(m[None].astype(complex), r.masses, r.U, 1e-14)


def test_rank_two_gives_an_exact_zero() -> None:
    # M = A X A^T with A 3x2 has rank 2: the smallest Takagi value is 0 up to rounding of det M,
    # i.e. ~eps relative to the largest (here asserted below 1e-13; sqrt(eps) ~ 1e-8 is what a
    # plain eigenvalue solver of M^dagger M would give).
    rng = np.random.default_rng(14)
    a = rng.normal(size=(200, 3, 2)) + 1j * rng.normal(size=(200, 3, 2))
    x = rng.normal(size=(200, 2, 2)) + 1j * rng.normal(size=(200, 2, 2))
    x = x + np.swapaxes(x, -1, -2)
    m = a @ x @ np.swapaxes(a, -1, -2)
    r = takagi(m)
    assert np.all(r.masses[:, 0] < 1e-13 * r.masses[:, 2])


def test_batch_shape_and_bad_shape() -> None:
    rng = np.random.default_rng(15)
    m = _random_symmetric(rng, 12).reshape(3, 4, 3, 3)
    r = takagi(m)
    assert r.masses.shape == (3, 4, 3)
    assert r.U.shape == (3, 4, 3, 3)
    with pytest.raises(ValueError, match="shape"):
        takagi(np.zeros((2, 2)))
