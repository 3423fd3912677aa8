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


STRUCTURES = [
    ([("P", -1, 1), ("P", -2, 2), ("eps", -1, -2, 3, 4)], True),
    ([("g", 1, 2), ("P", 3, 1), ("P", 4, 2)], True),
    ([("P", 1, 2), ("P", 2, 3), ("P", 3, 1), ("g", 4, 5)], True),
    ([("g", 1, 3), ("g", 2, 4), ("P", -1, 1), ("P", -1, 2)], True),
    ([("P", -1, 3), ("P", -1, 4), ("g", 1, 2)], True),
    pytest.param(
        [("P", -1, 1), ("P", -1, 2), ("P", -2, 1), ("P", -2, 3)],
        True,
        marks=pytest.mark.xfail(
            strict=True,
            reason="(p1.p2)(p1.p3): two dummies on one leg tie in the masked sort, and the "
            "renaming pass can end on either labelling (measured; no vertex of this model has two "
            "momentum contractions on one leg, so its structures are unaffected)",
        ),
    ),  # (p1.p2)(p1.p3)
    ([("P", -1, 1), ("P", -1, 2), ("P", -2, 3), ("P", -2, 4)], True),  # (p1.p2)(p3.p4)
    ([("eps", -1, -2, -3, 4), ("P", -1, 1), ("P", -2, 2), ("P", -3, 3)], True),
    ([("f", 1, 2, -1), ("f", -1, 3, 4)], False),
    ([("T", 1, 2, 3), ("d", 4, 5)], False),
]


@pytest.mark.parametrize(("prims", "lorentz"), STRUCTURES)
def test_the_canonical_form_does_not_depend_on_order_or_dummy_names(prims, lorentz) -> None:
    # one product written in every order, with its dummies renamed: one canonical form
    import itertools

    want = canonical(prims, lorentz=lorentz)
    assert want is not None
    dummies = sorted({i for p in prims for i in p[1:] if isinstance(i, int) and i < 0})
    for order in itertools.permutations(prims):
        for names in itertools.permutations(range(-len(dummies) - 3, -3)):
            rename = dict(zip(dummies, names, strict=True))
            written = [
                (p[0], *(rename.get(i, i) if isinstance(i, int) else i for i in p[1:]))
                for p in order
            ]
            assert canonical(written, lorentz=lorentz) == want, written


@pytest.mark.parametrize(
    ("prims", "expected"),
    [
        ([("g", -1, -1)], (4, ())),  # g^mu_mu = 4 in four dimensions
        ([("g", -1, -2), ("g", -2, -1)], (4, ())),  # g^mu_nu g^nu_mu
        ([("g", -1, -1), ("g", 1, 2)], (4, (("g", 1, 2),))),
        ([("g", -1, -2), ("g", -2, -1), ("g", -3, -3)], (16, ())),
    ],
)
def test_the_trace_of_the_metric_is_four(prims, expected) -> None:
    """A metric contracted with itself (a kinetic term's trace; none in this model's vertices,
    so only this test sees the dimension) is d = 4, once per closed loop of indices."""
    assert canonical(prims, lorentz=True) == expected
