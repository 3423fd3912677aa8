"""Batched parameter evaluation equals the one-point evaluation, and rejects bad points by name."""

from __future__ import annotations

import numpy as np
import pytest

from alpseesaw.errors import ParameterError
from alpseesaw.model import batch as batch_mod
from alpseesaw.model.inputs import parameter_set


def test_batch_equals_point_by_point_evaluation() -> None:
    ps = parameter_set()
    rng = np.random.default_rng(7)
    n = 6
    ext = {
        "Mchi": rng.uniform(100, 5000, n), "Ma": rng.uniform(100, 5000, n), "fa": rng.uniform(2e3, 1e5, n),
        "sth": rng.uniform(-0.1, 0.1, n), "MN11": np.array([3e3, 3e3, 7e3, 7e3, 3e3, 9e3]),
        "texture": np.array([1, 2, 1, 2, 1, 1.0]), "Cgg": 3.0,
    }  # fmt: skip
    got = batch_mod.evaluate_batch(ps, ext)
    for i in range(n):
        one = ps.evaluate({k: float(np.broadcast_to(v, (n,))[i]) for k, v in ext.items()})
        assert set(one) <= set(got)
        for name, value in one.items():
            assert complex(got[name][i]) == complex(value), name


def test_numeric_block_runs_once_per_distinct_input(monkeypatch) -> None:
    ps = parameter_set()
    calls = []
    real = batch_mod._cached_block

    def counting(block, row):
        calls.append(row)
        return real(block, row)

    monkeypatch.setattr(batch_mod, "_cached_block", counting)
    batch_mod.evaluate_batch(
        ps, {"Mchi": np.linspace(100, 900, 9), "MN11": np.repeat([4e3, 6e3, 8e3], 3)}
    )
    assert len(calls) == 3


def test_out_of_range_value_names_parameter_and_point() -> None:
    with pytest.raises(ParameterError, match=r"Mchi.*-5.*point 2"):
        batch_mod.evaluate_batch(parameter_set(), {"Mchi": np.array([100.0, 200.0, -5.0])})


def test_unknown_name_is_an_error() -> None:
    with pytest.raises(ParameterError, match="Mchii"):
        batch_mod.evaluate_batch(parameter_set(), {"Mchii": np.array([1.0])})


@pytest.mark.parametrize(("name", "value"), [("MW", 1e-300), ("Ma", 1e300)])
def test_a_point_whose_internals_overflow_is_named(name, value) -> None:
    # in range on the card, but an internal parameter is not finite (division by zero, overflow):
    # the error names the external parameter, its value and the point, as a single card would
    ps = parameter_set()
    good = {"MW": 80.379, "Ma": 1000.0}[name]
    with pytest.raises(ParameterError) as err:
        batch_mod.evaluate_batch(ps, {name: [good, value]})
    assert err.value.name == name
    assert err.value.value == value
    assert "point 1" in err.value.reason
