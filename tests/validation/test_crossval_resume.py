"""A campaign killed with SIGKILL and rerun: no finished point lost, none computed twice.

Real processes: ``python -m alpseesaw crossval`` with the stand-in project (conftest.py), killed
with ``kill -9`` once at least two points are in the journal, then rerun with the same directory.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import pytest

from alpseesaw.validation.store import JOURNAL_FILE

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

REGION = ["Mchi=200:1000", "Ma/Mchi=3:4", "Mphi/Mchi=3", "fa=2000", "Cgg=100:1000", "Cmm=-100"]


def _complete_lines(path: Path) -> list[bytes]:
    if not path.exists():
        return []
    data = path.read_bytes()
    return data[: data.rfind(b"\n") + 1].splitlines(keepends=True) if b"\n" in data else []


def kill_and_resume(
    standin: Path, tmp_path: Path, read_log: Callable[[Path], list[Any]], workers: str, n: int
) -> None:
    out, log = tmp_path / "camp", tmp_path / "standin.log"
    env = {**os.environ, "STANDIN_LOG": str(log), "STANDIN_SLEEP": "0.15"}
    argv = [
        sys.executable,
        "-m",
        "alpseesaw",
        "crossval",
        "--project",
        str(standin),
        "--points",
        str(n),
        "--no-benchmarks",
        *(f"--region={r}" for r in REGION),
        "--workers",
        workers,
        "--out",
        str(out),
    ]
    journal = out / JOURNAL_FILE
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(_complete_lines(journal)) < 2:
        if proc.poll() is not None:
            pytest.fail(f"campaign ended before the kill: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("no point finished within 120 s")
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL
    before = _complete_lines(journal)
    assert 2 <= len(before) < n, "the kill must come mid-way"
    done_before = {(r["inputs"]["Mchi"], r["inputs"]["Ma"]) for r in map(json.loads, before)}
    n_log_before = len(read_log(log))

    rerun = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 1, rerun.stderr[-2000:]  # 1: the stand-in fails the 5 % check
    assert f"{n} points ({len(before)} already done, {n - len(before)} computed)" in rerun.stdout

    after = _complete_lines(journal)
    assert after[: len(before)] == before  # finished points kept byte for byte
    keys = [json.loads(line)["key"] for line in after]
    assert len(keys) == len(set(keys)) == n  # every point exactly once
    started_after = {(e[1], e[2]) for e in read_log(log)[n_log_before:] if e[0] == "start"}
    assert not started_after & done_before  # no finished point computed again
    summary = json.loads((out / "summary.json").read_text())
    assert summary["verdicts"]["points"] == n


def test_sigkill_then_resume_in_process(
    standin: Path, tmp_path: Path, standin_log: Callable[..., Any]
) -> None:
    kill_and_resume(standin, tmp_path, standin_log, workers="0", n=6)


@pytest.mark.slow
def test_sigkill_then_resume_with_dask(
    standin: Path, tmp_path: Path, standin_log: Callable[..., Any]
) -> None:
    kill_and_resume(standin, tmp_path, standin_log, workers="2", n=10)
