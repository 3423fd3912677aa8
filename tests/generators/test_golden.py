"""Golden files: every file every target emits at the default card.

The CalcHEP model files and the micrOMEGAs project are kept as text (a change shows up as a diff);
the LanHEP and UFO files and every ``manifest.json`` as SHA-256 sums (``<target>.sha256``), so
that no emitted byte changes unnoticed. After an intended change, regenerate with
``ALPSEESAW_UPDATE_GOLDEN=1 pytest tests/generators/test_golden.py`` and review the diff in git.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from pathlib import Path

import pytest

from alpseesaw.emit import generate_files

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


def _sums(files: dict[str, str], names: list[str]) -> str:
    return "".join(f"{hashlib.sha256(files[n].encode()).hexdigest()}  {n}\n" for n in sorted(names))


@pytest.mark.parametrize("target", ["calchep", "lanhep", "micromegas", "ufo"])
def test_every_emitted_file_matches_its_golden_sum(target: str) -> None:
    files, _ = generate_files(target, use_cache=False)
    hashed = [n for n in files if n not in TARGET_FILES.get(target, ())]
    golden = GOLDEN / f"{target}.sha256"
    if os.environ.get("ALPSEESAW_UPDATE_GOLDEN"):
        golden.write_text(_sums(files, hashed))
    want = golden.read_text()
    got = _sums(files, hashed)
    changed = sorted(set(got.splitlines()) ^ set(want.splitlines()))
    assert got == want, f"{target}: emitted files differ from {golden.name}: {changed[:6]}"
