"""The numerical representation both sides of every numerical comparison share (model/numeric.py:
vertex evaluation, the UFO and CalcHEP readers of the tests) checked against its defining algebra,
so that a wrong matrix cannot cancel between the code under test and the reader."""

from __future__ import annotations

import itertools

import numpy as np

from alpseesaw.model.numeric import EPS_UPPER, F_ADJ, GAMMA, GAMMA5, METRIC, PROJ, T_FUND

ATOL = 1e-13


def test_clifford_algebra_and_gamma5() -> None:
    one = np.eye(4)
    for mu, nu in itertools.product(range(4), repeat=2):
        anti = GAMMA[mu] @ GAMMA[nu] + GAMMA[nu] @ GAMMA[mu]
        assert np.allclose(anti, 2 * METRIC[mu, nu] * one, atol=ATOL), (mu, nu)
        assert np.allclose(GAMMA5 @ GAMMA[mu] + GAMMA[mu] @ GAMMA5, 0, atol=ATOL)
    assert np.allclose(GAMMA5 @ GAMMA5, one, atol=ATOL)
    assert np.allclose(GAMMA5, GAMMA5.conj().T, atol=ATOL)
    assert np.allclose(GAMMA[0], GAMMA[0].conj().T, atol=ATOL)  # gamma^0 hermitian
    assert np.allclose(GAMMA[1], -GAMMA[1].conj().T, atol=ATOL)  # gamma^k anti-hermitian
    assert np.allclose(PROJ["L"] + PROJ["R"], one, atol=ATOL)
    assert np.allclose(PROJ["L"] @ PROJ["R"], 0, atol=ATOL)
    # Tr[g5 g^a g^b g^c g^d] = -4 i eps^{abcd} with eps^{0123} = +1 (the model's convention)
    assert np.trace(GAMMA5 @ GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]) == -4j


def test_levi_civita_and_metric() -> None:
    assert EPS_UPPER[0, 1, 2, 3] == 1
    for perm in itertools.permutations(range(4)):
        sign = np.linalg.det(np.eye(4)[list(perm)])
        assert EPS_UPPER[perm] == round(sign)
    assert np.count_nonzero(EPS_UPPER) == 24
    assert np.allclose(np.diag(METRIC), [1, -1, -1, -1])


def test_su3_generators() -> None:
    assert T_FUND.shape == (8, 3, 3)
    for a, b in itertools.product(range(8), repeat=2):
        assert np.isclose(np.trace(T_FUND[a] @ T_FUND[b]), 0.5 * (a == b), atol=ATOL)
        comm = T_FUND[a] @ T_FUND[b] - T_FUND[b] @ T_FUND[a]
        assert np.allclose(comm, 1j * np.einsum("c,cij->ij", F_ADJ[a, b], T_FUND), atol=ATOL)
    assert np.isclose(F_ADJ[0, 1, 2], 1.0)  # f^{123} = 1
    casimir = np.einsum("aij,ajk->ik", T_FUND, T_FUND)
    assert np.allclose(casimir, 4 / 3 * np.eye(3), atol=ATOL)  # C_F = 4/3
