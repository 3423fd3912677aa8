"""CalcHEP's implicit colour: which IR colour structures it accepts as they are, and which not.

CalcHEP writes no colour factor in its vertex table: a quark pair carries delta_{ij} with the
antiquark first, a gluon pair delta^{ab} wherever the two gluons stand, q q~ g carries lambda^a/2
and g g g f^{abc} in its own sign. These are checked on hand-made vertices (orders the model's
own vertices do not happen to use), not only on the model.
"""

from __future__ import annotations

import pytest
import sympy as sp

from alpseesaw.errors import GenerationError
from alpseesaw.model.forms import colour_factor as _colour_factor
from alpseesaw.model.ir import Coupling, Vertex

X = sp.Symbol("x")


def _factor(ir, legs, colour):
    c = Coupling(colour, (), X)
    return _colour_factor(Vertex(legs, (c,), 0), c, ir)


@pytest.mark.parametrize(
    ("legs", "colour"),
    [
        (("u~", "u", "h"), (("d", 1, 2),)),  # the antiquark first, as the model writes it
        (("g", "g", "a"), (("d", 1, 2),)),
        (("a", "g", "g"), (("d", 2, 3),)),  # delta^{ab} is symmetric: any two legs
        (("g", "a", "g"), (("d", 1, 3),)),
        (("u~", "u", "g"), (("T", 3, 1, 2),)),
        (("A", "A", "a"), ()),
    ],
)
def test_structures_calchep_takes_as_they_are(ir, legs, colour) -> None:
    assert _factor(ir, legs, colour) == 1


@pytest.mark.parametrize(
    ("legs", "colour"),
    [
        (("h", "u~", "u"), (("d", 2, 3),)),  # a quark pair elsewhere than legs 1, 2
        (("u~", "h", "u"), (("d", 1, 3),)),
        (("u~", "u", "h"), ()),  # coloured legs without a structure
        (("u~", "u", "g"), (("T", 3, 2, 1),)),  # the generator's index order reversed
    ],
)
def test_structures_calchep_cannot_take(ir, legs, colour) -> None:
    with pytest.raises(GenerationError, match="colour"):
        _factor(ir, legs, colour)
