"""The session never reaches the user's home or cache (tests/conftest.py)."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest

from alpseesaw.paths import cache_root

#: The user's home as the system knows it (not ``$HOME``, which the session replaces).
REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)


def test_cache_and_home_are_inside_the_session_directory(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    session = tmp_path_factory.getbasetemp()
    assert cache_root().is_relative_to(session)
    assert Path.home().is_relative_to(session)
    assert not cache_root().is_relative_to(REAL_HOME)


def test_subprocesses_inherit_the_isolation(tmp_path_factory: pytest.TempPathFactory) -> None:
    code = "from alpseesaw.paths import cache_root; print(cache_root())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    ).stdout.strip()
    assert Path(out).is_relative_to(tmp_path_factory.getbasetemp())


def test_approx_has_no_absolute_tolerance_unless_given() -> None:
    """conftest: ``pytest.approx`` compares relatively (1e-6) unless an ``abs`` is given, so a
    cross section of 1e-26 is not 'approximately' 2e-26 (pytest's default abs = 1e-12 says it is)."""
    sigma_v = 1e-26
    assert sigma_v != pytest.approx(2e-26)
    assert sigma_v * (1 + 1e-7) == pytest.approx(1e-26)
    assert sigma_v == pytest.approx(2e-26, abs=1e-25)  # a tolerance given is kept
    ratio = 1.001
    assert ratio == pytest.approx(1.0, rel=1e-2)
