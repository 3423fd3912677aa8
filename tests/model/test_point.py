"""The card edge: one validation into a frozen Point that everything downstream trusts."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from click.testing import CliRunner

from alpseesaw.errors import ParameterError
from alpseesaw.model.card import Point, as_point, load_point
from alpseesaw.model.parameters import ParameterSet


def test_point_is_the_full_validated_card() -> None:
    point = load_point(None, ["Mchi=3000", "Ma=3300"])
    assert point.externals["Mchi"] == 3000.0
    assert point.externals["fa"] == 1.0e4  # a default
    assert point.values["Mchi"] == 3000.0
    assert "v" in point.values  # internals are evaluated once, here
    assert point.alp_gauge == "broken"
    with pytest.raises(TypeError):
        point.externals["Mchi"] = 1.0  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.alp_gauge = "unbroken"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(point)) == point  # forked workers and Dask receive it


@pytest.mark.parametrize(
    ("overrides", "name"),
    [(["Mchi=-1"], "Mchi"), (["Nope=1"], "Nope"), (["fa=100"], "fa")],  # fa > v is a constraint
)
def test_bad_points_fail_at_the_edge(overrides: list[str], name: str) -> None:
    with pytest.raises(ParameterError) as info:
        load_point(None, overrides)
    assert info.value.name == name


def test_a_point_is_trusted_and_a_mapping_validated(ir) -> None:
    point = load_point(None, ["Mchi=700"])
    assert as_point(ir, point) is point
    assert as_point(ir, {"Mchi": 700.0}) == point
    with pytest.raises(ParameterError):
        as_point(ir, {"Mchi": -700.0})


def test_generate_model_validates_the_card_once(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alpseesaw.cli import generate_model

    calls: list[dict[str, float]] = []
    original = ParameterSet.evaluate

    def counting(self: ParameterSet, externals=None):  # type: ignore[no-untyped-def]
        calls.append(dict(externals or {}))
        return original(self, externals)

    monkeypatch.setattr(ParameterSet, "evaluate", counting)
    out = tmp_path / "p"
    args = ["--target", "micromegas", "--out", str(out), "--set", "Mchi=3000", "--no-cache"]
    r = CliRunner().invoke(generate_model, args)
    assert r.exit_code == 0, r.output
    # the card edge, and nowhere downstream (the other call builds the IR at the defaults)
    assert len([c for c in calls if c.get("Mchi") == 3000.0]) == 1
    assert isinstance(load_point(None, ["Mchi=3000"]), Point)


def test_a_point_knows_the_gauge_of_its_parameter_set() -> None:
    # make_point without alp_gauge reads the gauge off the parameter set it was given
    from alpseesaw.model.card import make_point
    from alpseesaw.model.inputs import parameter_set

    for gauge in ("broken", "unbroken"):
        assert make_point(parameter_set(gauge)).alp_gauge == gauge
        assert make_point(parameter_set(gauge), alp_gauge=gauge).alp_gauge == gauge
