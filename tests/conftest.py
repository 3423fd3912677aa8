"""Isolation of the whole test session from the user's home and cache.

Every test runs with ``HOME``, ``XDG_CACHE_HOME``, ``XDG_CONFIG_HOME``, ``MPLCONFIGDIR`` and
``ALPSEESAW_CACHE_DIR`` pointing into one temporary directory of the session, so nothing a test
does (or a subprocess it starts: they inherit the environment) writes into ``~/.cache`` or the
user's configuration. One directory per session, not per test: the micrOMEGAs builds of the
real-tool tests are shared between tests (a test of the cache itself sets its own directory).
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(root))
        mp.setenv("XDG_CACHE_HOME", str(root / ".cache"))
        mp.setenv("XDG_CONFIG_HOME", str(root / ".config"))
        mp.setenv("MPLCONFIGDIR", str(root / ".config" / "matplotlib"))
        mp.setenv("ALPSEESAW_CACHE_DIR", str(root / ".cache" / "alpseesaw"))
        yield root
