"""``model check`` runs the checks once per model source; any edit of model/ runs them again."""

from __future__ import annotations

import shutil

from alpseesaw.model import checks, verdict
from alpseesaw.model.checks import CheckReport, CheckResult

REPORT = CheckReport(
    (
        CheckResult("hermiticity", True, summary="60 terms"),
        CheckResult("vacuum", False, failures=("d V/d h != 0",), expected=("stated",)),
    )
)


def test_the_verdict_is_recorded_and_reread_for_the_same_source(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path))
    runs: list[str] = []
    monkeypatch.setattr(checks, "run_checks", lambda g: runs.append(g) or REPORT)
    assert verdict.checked("broken") == (REPORT, False)
    assert verdict.checked("broken") == (REPORT, True)  # the same report, failures included
    assert runs == ["broken"]
    assert verdict.checked("unbroken") == (REPORT, False)  # per gauge
    assert verdict.checked("broken", use_cache=False) == (REPORT, False)
    assert runs == ["broken", "unbroken", "broken"]


def test_an_edit_anywhere_in_model_runs_the_checks_again(monkeypatch, tmp_path) -> None:
    """A planted defect (here: one changed byte in lagrangian.py or checks.py) changes the key,
    so the checks run on the edited source instead of the recorded verdict being reused."""
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "model"
    shutil.copytree(verdict.MODEL_DIR, copy)
    monkeypatch.setattr(verdict, "MODEL_DIR", copy)
    runs: list[str] = []
    monkeypatch.setattr(checks, "run_checks", lambda g: runs.append(g) or REPORT)
    verdict.checked("broken")
    for name in ("lagrangian.py", "checks.py"):
        path = copy / name
        path.write_text(path.read_text() + "\n# edited\n")
        assert verdict.recorded("broken") is None
        assert verdict.checked("broken") == (REPORT, False)
    assert runs == ["broken"] * 3


def test_a_damaged_entry_runs_the_checks(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(checks, "run_checks", lambda _g: REPORT)
    verdict.checked("broken")
    verdict._entry("broken").write_text("{not json")
    assert verdict.checked("broken") == (REPORT, False)
