"""Golden files: the CalcHEP model files and the micrOMEGAs project of the default card.

Any change of the emitted text shows up here as a diff. After an intended change, regenerate with
``ALPSEESAW_UPDATE_GOLDEN=1 pytest tests/generators/test_golden.py`` and review the diff in git.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from alpseesaw.generators import generate_files

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
TARGET_FILES = {
    "calchep": ("vars1.mdl", "func1.mdl", "prtcls1.mdl", "lgrng1.mdl", "extlib1.mdl"),
    "micromegas": ("main.c", "Makefile", "README.md", "data.par"),
}


@pytest.mark.parametrize("target", sorted(TARGET_FILES))
def test_default_card_matches_golden(target: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ALPSEESAW_CACHE_DIR", str(tmp_path))
    files, _ = generate_files(target, use_cache=False)
    for name in TARGET_FILES[target]:
        golden = GOLDEN / target / name
        if os.environ.get("ALPSEESAW_UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(files[name])
        want = golden.read_text()
        if files[name] != want:
            diff = "".join(
                difflib.unified_diff(
                    want.splitlines(True),
                    files[name].splitlines(True),
                    str(golden),
                    "generated",
                    n=1,
                )
            )
            pytest.fail(f"{target}/{name} differs from the golden file:\n{diff[:3000]}")
