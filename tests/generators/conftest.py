"""Fixtures shared by the generator tests: the model (built once) and a card that switches every
coupling on (sin theta, the C's, mu_R ...), so that no vertex vanishes numerically."""

from __future__ import annotations

import pytest

from alpseesaw.model import build_model
from alpseesaw.model.checks import _random_externals


@pytest.fixture(scope="session")
def ir():
    return build_model()


@pytest.fixture(scope="session")
def card(ir):
    return _random_externals(ir.parameter_set, seed=11)
