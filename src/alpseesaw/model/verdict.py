"""``model check`` once per model source: the verdict of :func:`~alpseesaw.model.checks.run_checks`
remembered under the source that produced it.

The checks (gauge and PQ invariance, hermiticity, vacuum, spectrum, charges) are a pure function
of the model's source: they take about 1.5 CPU seconds (the mass-basis checks on numbers at a
random card, the vertices from the IR snapshot); the CLI runs them every time. :func:`checked`
runs them for real when no verdict is recorded for the current source, and records the report in the cache (``<cache>/checks/<key>.json``); the key is
SHA-256 of alpseesaw's and SymPy's versions, the gauge and the bytes of *every* ``*.py`` file of
``alpseesaw/model/`` (the checks' own code included). Editing any of them (a planted defect in
the Lagrangian, say) changes the key, so the checks run again on the edited source and report
what they find. Nothing is shipped: a fresh cache always runs the checks.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alpseesaw import __version__
from alpseesaw.files import atomic_write
from alpseesaw.paths import cache_root

if TYPE_CHECKING:
    from alpseesaw.model.checks import CheckReport

MODEL_DIR = Path(__file__).resolve().parent


def verdict_key(alp_gauge: str) -> str:
    """The source a verdict belongs to: every model module, the versions and the gauge."""
    h = hashlib.sha256(f"checks {__version__} {version('sympy')} {alp_gauge}".encode())
    for path in sorted(MODEL_DIR.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _entry(alp_gauge: str) -> Path:
    return cache_root() / "checks" / f"{verdict_key(alp_gauge)}.json"


def _to_json(report: CheckReport) -> dict[str, Any]:
    return {"results": [r.__dict__ for r in report.results]}


def _from_json(data: dict[str, Any]) -> CheckReport:
    from alpseesaw.model.checks import CheckReport, CheckResult

    return CheckReport(
        tuple(
            CheckResult(
                r["name"], r["passed"], tuple(r["failures"]), tuple(r["expected"]), r["summary"]
            )
            for r in data["results"]
        )
    )


def recorded(alp_gauge: str = "broken") -> CheckReport | None:
    """The recorded verdict for the current source, or ``None``."""
    try:
        return _from_json(json.loads(_entry(alp_gauge).read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none, or a damaged entry: run the checks


def checked(alp_gauge: str = "broken", *, use_cache: bool = True) -> tuple[CheckReport, bool]:
    """``(report, from_cache)``: the recorded verdict for the current source, else
    :func:`~alpseesaw.model.checks.run_checks` (and its report recorded)."""
    if use_cache and (report := recorded(alp_gauge)) is not None:
        return report, True
    from alpseesaw.model.checks import run_checks

    report = run_checks(alp_gauge)
    if use_cache:
        entry = _entry(alp_gauge)
        entry.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(entry, json.dumps(_to_json(report), sort_keys=True))
    return report, False
