"""Colour and Lorentz structures: what vanishes by antisymmetry, and the sign of a reordering.

Facts of the algebra, not of the model: eps^{mu nu rho sigma} and f^{abc} vanish with a repeated
index (also one produced by contracting a metric or a delta), eps contracted with one momentum
twice vanishes, and an odd permutation of their indices flips the sign.
"""

from __future__ import annotations

import pytest

from alpseesaw.model.feynman import canonical


@pytest.mark.parametrize(
    ("prims", "lorentz"),
    [
        ([("eps", 1, 1, 2, 3)], True),
        ([("eps", 1, 2, 3, 1)], True),
        ([("eps", 1, 2, 2, 2)], True),
        ([("f", 1, 1, 2)], False),
        ([("f", 2, 1, 2)], False),
        (
            [("g", -1, 1), ("eps", -1, 1, 2, 3)],
            True,
        ),  # g^{mu1}_{nu} eps^{nu mu1 ..} = eps^{mu1 mu1 ..}
        ([("d", -1, 3), ("f", 1, -1, 3)], False),  # delta contraction gives f^{a1 a3 a3}
        ([("f", -1, 1, 2), ("f", -1, 3, 3)], False),
        ([("eps", -1, -2, 3, 4), ("P", -1, 1), ("P", -2, 1)], True),  # eps(p1, p1, ., .)
    ],
)
def test_antisymmetric_structures_with_a_repeated_index_vanish(prims, lorentz) -> None:
    assert canonical(prims, lorentz=lorentz) is None


@pytest.mark.parametrize(
    ("prims", "lorentz", "sign"),
    [
        ([("eps", 1, 2, 3, 4)], True, 1),
        ([("eps", 2, 1, 3, 4)], True, -1),
        ([("eps", 2, 3, 4, 1)], True, -1),  # a cyclic shift of four is odd
        ([("eps", 3, 4, 1, 2)], True, 1),
        ([("f", 2, 1, 3)], False, -1),
        ([("f", 2, 3, 1)], False, 1),  # cyclic of three is even
    ],
)
def test_permutations_of_antisymmetric_indices_carry_their_sign(prims, lorentz, sign) -> None:
    base = [(prims[0][0], *sorted(prims[0][1:]))]
    assert canonical(prims, lorentz=lorentz) == (sign, canonical(base, lorentz=lorentz)[1])
    assert canonical(base, lorentz=lorentz)[0] == 1


def test_eps_with_two_different_momenta_survives() -> None:
    got = canonical([("eps", -1, -2, 3, 4), ("P", -1, 1), ("P", -2, 2)], lorentz=True)
    assert got is not None
    swapped = canonical([("eps", -2, -1, 3, 4), ("P", -1, 1), ("P", -2, 2)], lorentz=True)
    assert swapped == (-got[0], got[1])
