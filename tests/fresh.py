"""A Python script run in a fresh interpreter on this checkout's alpseesaw (import-time tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import alpseesaw


def fresh_python(
    script: str, *args: str, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -c script args...`` with the environment of the test (its cache directory
    included) and ``PYTHONPATH`` at the alpseesaw being tested; text output captured."""
    env = dict(os.environ, PYTHONPATH=str(Path(alpseesaw.__file__).parents[1]))
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        check=check,
        timeout=timeout,
    )
