"""The shipped IR snapshot is the IR (and decay table) built from the source, never used stale.

``build_model`` reads ``model/ir_snapshot.json`` when its key (model sources, alpseesaw and SymPy
versions, gauge) matches; these tests build the IR from the Lagrangian and compare. A stale
snapshot fails here with the command that regenerates it.
"""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from alpseesaw.model import forms, snapshot, widths
from alpseesaw.model.build import assemble_model, build_model
from alpseesaw.model.ir import model_hash

REGENERATE = "python -m alpseesaw.model.snapshot"


@pytest.fixture(scope="module", params=snapshot.GAUGES)
def built(request):
    return request.param, assemble_model(request.param)


def test_snapshot_equals_the_ir_built_from_the_source(built) -> None:
    gauge, ir = built
    loaded = snapshot.load(gauge)
    assert loaded is not None, f"ir_snapshot.json is stale for {gauge!r}: run {REGENERATE}"
    stored = snapshot.stored(gauge)
    assert json.loads(json.dumps(snapshot.encode(ir))) == stored, f"run {REGENERATE}"
    assert loaded == ir  # particles, parameters (with values), vertices, Lagrangian, hash
    for a, b in zip(loaded.vertices, ir.vertices, strict=True):
        for ca, cb in zip(a.couplings, b.couplings, strict=True):
            # the same SymPy tree: same arguments in the same order, same hash
            assert ca.value.args == cb.value.args
            assert hash(ca.value) == hash(cb.value)
    assert model_hash(loaded) == ir.hash == loaded.hash
    # the CalcHEP and LanHEP forms of the couplings, decoded, are those computed from the source
    assert snapshot.calchep_forms(loaded) == forms.calchep_forms(ir)
    assert snapshot.lanhep_forms(loaded) == forms.lanhep_forms(ir)
    table, want = snapshot.decay_table(loaded), widths.decay_table(ir)
    assert table == want  # every partial width of the new states
    for parent, channels in want.items():
        for a, b in zip(table[parent], channels, strict=True):
            assert a.width.args == b.width.args


def test_decay_table_is_computed_for_any_other_ir(monkeypatch) -> None:
    ir = build_model("broken")
    monkeypatch.setattr(widths, "decay_table", lambda _ir: "computed")
    assert snapshot.decay_table(ir) != "computed"
    assert snapshot.decay_table(dataclasses.replace(ir, hash="another IR")) == "computed"


def test_build_model_uses_the_snapshot_only_when_asked_and_fresh(monkeypatch) -> None:
    build_model.cache_clear()
    try:
        calls: list[str] = []
        monkeypatch.setattr(
            "alpseesaw.model.build.assemble_model", lambda g="broken": calls.append(g) or "built"
        )
        assert build_model("broken") != "built"  # fresh snapshot: read
        assert calls == []
        build_model.cache_clear()
        monkeypatch.setenv("ALPSEESAW_IR_SOURCE", "1")
        assert build_model("broken") == "built"
        assert calls == ["broken"]
    finally:
        build_model.cache_clear()


def test_any_edit_of_the_model_source_makes_the_snapshot_stale(tmp_path, monkeypatch) -> None:
    """A planted defect (one changed byte in lagrangian.py) changes the key, so the IR is built
    from the (defective) source and the tests that check it see the defect."""
    copy = tmp_path / "model"
    shutil.copytree(snapshot.MODEL_DIR, copy)
    monkeypatch.setattr(snapshot, "MODEL_DIR", copy)
    snapshot.source_key.cache_clear()
    try:
        fresh = snapshot.source_key("broken")
        lag = copy / "lagrangian.py"
        lag.write_text(lag.read_text().replace("phase: str = ", "phase: str =  ", 1))
        snapshot.source_key.cache_clear()
        assert snapshot.source_key("broken") != fresh
        assert snapshot.load("broken") is None
        names = {p.name for p in snapshot.source_files()}
        assert {"lagrangian.py", "breaking.py", "feynman.py", "inputs.py", "build.py"} <= names
        assert {"forms.py", "complexparts.py", "toolnames.py"} <= names  # the tool forms
        assert "checks.py" not in names  # checks do not shape the IR
    finally:
        monkeypatch.undo()
        snapshot.source_key.cache_clear()
    assert snapshot.load("broken") is not None


def test_tool_forms_are_computed_for_any_other_ir(monkeypatch) -> None:
    ir = build_model("broken")
    monkeypatch.setattr(forms, "calchep_forms", lambda _ir: "computed")
    monkeypatch.setattr(forms, "lanhep_forms", lambda _ir: "computed")
    assert snapshot.calchep_forms(ir) != "computed"
    assert snapshot.lanhep_forms(ir) != "computed"
    same_hash = dataclasses.replace(ir, vertices=ir.vertices[:-1])  # other vertices, stale hash
    assert snapshot.calchep_forms(same_hash) == "computed"
    assert snapshot.lanhep_forms(dataclasses.replace(ir, hash="another IR")) == "computed"


def test_a_card_is_evaluated_by_the_shipped_source_when_the_key_matches(monkeypatch) -> None:
    """The evaluator source of the parameters (printed from their SymPy expressions by
    ``ParameterSet.evaluator_source``) ships in the snapshot, and the comparison above checks it
    against the source: a fresh parameter set evaluates a card without printing anything; with
    another key it prints (planted: ``_source`` ignoring the shipped text -> fails; a wrong
    coefficient in the shipped evaluator of ir_snapshot.json fails the comparison above)."""
    from alpseesaw.model import inputs, parameters

    printed = inputs.parameter_set("broken").evaluator_source()
    assert snapshot.evaluator("broken") == printed
    want = inputs.parameter_set("broken").evaluate({"Mchi": 1234.0})

    def no_printing(_self):
        raise AssertionError("printed")

    monkeypatch.setattr(parameters.ParameterSet, "evaluator_source", no_printing)
    fresh = inputs.parameter_set.__wrapped__("broken")
    assert fresh.evaluate({"Mchi": 1234.0}) == want
    monkeypatch.setattr(snapshot, "source_key", lambda *_a, **_k: "another source")
    assert snapshot.evaluator("broken") is None
    with pytest.raises(AssertionError, match="printed"):
        inputs.parameter_set.__wrapped__("broken").evaluate({"Mchi": 1234.0})
