"""Shared fixtures: the model is built once per test session (about 3 s)."""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.model import build_model
from alpseesaw.model.checks import _random_externals


@pytest.fixture(scope="session")
def ir():
    return build_model()


@pytest.fixture(scope="session")
def card(ir):
    """A random valid card with every coupling switched on (sin theta != 0, C's != 0)."""
    return _random_externals(ir.parameter_set, seed=7)


@pytest.fixture(scope="session")
def values(ir, card):
    return ir.evaluate(card)


@pytest.fixture
def kinematics():
    rng = np.random.default_rng(42)
    momenta = {k: rng.normal(size=4) * 100 for k in range(1, 5)}
    pols = {k: rng.normal(size=4) + 1j * rng.normal(size=4) for k in range(1, 5)}
    return momenta, pols
