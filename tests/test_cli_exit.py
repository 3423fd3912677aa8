"""A cold ``generate-model`` run as a process ends without tearing its heap down (``os._exit``
after flushing): everything it says and writes must be there all the same."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from alpseesaw.cli import generate as generate_cli


def _run(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ALPSEESAW_CACHE_DIR=str(tmp_path / "cache"), ALPSEESAW_PROGRESS="never")
    argv = [sys.executable, "-m", "alpseesaw", "generate", "--target", "lanhep", *args]
    return subprocess.run(argv, env=env, capture_output=True, text=True, check=False, timeout=300)


def test_a_cold_generation_ends_with_its_output_files_and_cache_written(tmp_path) -> None:
    out = tmp_path / "o"
    cold = _run(tmp_path, "--out", str(out))
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout == f"{out}\n"  # a pipe: block-buffered, flushed before the exit
    assert cold.stderr.startswith(f"wrote 2 files for lanhep to {out}")
    assert (out / "model.lhp").read_text().startswith("%")
    assert (out / "manifest.json").is_file()
    # the cache entries and the request record were written before the process ended
    warm = _run(tmp_path, "--out", str(tmp_path / "o2"))
    assert warm.returncode == 0
    assert "(cached)" in warm.stderr
    assert (tmp_path / "o2" / "model.lhp").read_text() == (out / "model.lhp").read_text()
    refused = _run(tmp_path, "--out", str(out))  # not empty, no --force: the normal exit 2
    assert refused.returncode == 2
    assert "not empty" in refused.stderr


def test_end_process_exits_normally_unless_a_cold_generation_ran(monkeypatch) -> None:
    monkeypatch.setattr(generate_cli, "_QUICK_EXIT", False)
    with pytest.raises(SystemExit) as exc:
        generate_cli.end_process(lambda: sys.exit(3))
    assert exc.value.code == 3
    with pytest.raises(SystemExit) as exc:
        generate_cli.end_process(lambda: None)
    assert exc.value.code == 0
